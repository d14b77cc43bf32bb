"""How minutes read on a page and in a document: dates, attendance groups, an item's text.

Plain functions shared by the meeting page (minutes/views.py) and the exports
(minutes/exporting/documents.py).
"""

import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Attendance
from .richtext import markdown_source, render_markdown, render_source


def dates_label(dates) -> str:
    """ "7 och 8 november 2024", "30 november och 1 december 2024", "14 februari 2019"."""
    if not dates:
        return ""
    parts = []
    for index, day in enumerate(dates):
        following = dates[index + 1] if index + 1 < len(dates) else None
        if following is None:
            parts.append(date_format(day, "j F Y"))
        elif following.year == day.year and following.month == day.month:
            parts.append(date_format(day, "j"))
        elif following.year == day.year:
            parts.append(date_format(day, "j F"))
        else:
            parts.append(date_format(day, "j F Y"))
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " " + str(_("och")) + " " + parts[-1]


def attendance_groups(attendances):
    """(present by group in the minutes' order, absentees): "Förhinder" is listed on its own."""
    groups = {value: [] for value in Attendance.Group.values}
    absent = []
    for attendance in attendances:
        if attendance.presence == Attendance.Presence.ABSENT:
            absent.append(attendance)
        else:
            groups.setdefault(attendance.group, []).append(attendance)
    labels = dict(Attendance.Group.choices)
    present = [(labels.get(key, key), people) for key, people in groups.items() if people]
    return present, absent


def municipalities_represented(municipalities, present) -> tuple[list, list]:
    """(represented, not represented): the municipalities, in their order, split by whether
    somebody in present (attendances, absentees already left out) came for them."""
    represented_ids = {attendance.organisation_id for attendance in present}
    represented = [m for m in municipalities if m.pk in represented_ids]
    return represented, [m for m in municipalities if m.pk not in represented_ids]


@dataclass
class Block:
    """A piece of an item's text: sanitised HTML (minutes.richtext), or a decision set apart."""

    kind: str  # "text", "decision"
    html: str = ""
    decision: object = None


KIND_PREFIX = re.compile(
    r"^\s*(beslut|ställningstagande|inriktningsbeslut)\b[^.:]{0,80}:\s*$", re.IGNORECASE
)


def body_blocks(body: str, decisions=()) -> list[Block]:
    """An item's text as rendered HTML, the one rendering of minutes.richtext. A paragraph
    that holds a decision's wording ("Beslut: Ebba Gierow utses ...") is replaced by the
    decision set apart, where the minutes had it; the rest follow at the end."""
    source = markdown_source(body)
    pieces: list[str | object] = []  # Markdown chunks and the decisions placed among them
    placed = set()
    for chunk in re.split(r"\n[ \t]*\n", source):
        if not chunk.strip():
            continue
        decision = None
        if not _is_list(chunk):
            text = _squash(chunk)
            decision = next(
                (
                    d
                    for d in decisions
                    if d.pk not in placed and _squash(markdown_source(d.text)) in text
                ),
                None,
            )
        if decision is None:
            pieces.append(chunk)
            continue
        placed.add(decision.pk)
        before, _found, after = text.partition(_squash(markdown_source(decision.text)))
        if before.strip() and not KIND_PREFIX.match(before):
            pieces.append(before.strip())
        pieces.append(decision)
        if after.strip():
            pieces.append(after.strip())
    pieces.extend(d for d in decisions if d.pk not in placed)
    blocks: list[Block] = []
    text_run: list[str] = []
    for piece in [*pieces, None]:
        if isinstance(piece, str):
            text_run.append(piece)
            continue
        if text_run:
            blocks.append(Block("text", html=render_source("\n\n".join(text_run))))
            text_run = []
        if piece is not None:
            blocks.append(Block("decision", render_markdown(piece.text), piece))
    return blocks


def _is_list(chunk: str) -> bool:
    return bool(re.match(r"^\s*(?:-|\d{1,2}\.)\s", chunk))


def _squash(text: str) -> str:
    return " ".join(text.split())
