"""How minutes read on a page and in a document: dates, attendance groups, an item's text.

Plain functions shared by the meeting page (minutes/views.py) and the exports
(minutes/exporting/documents.py).
"""

import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Attendance


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
    """A piece of an item's text: a paragraph, a list, or a decision set apart."""

    kind: str  # "paragraph", "bullets", "numbers", "decision"
    lines: list[str] = field(default_factory=list)
    start: int = 1
    decision: object = None


BULLET = re.compile(r"^\s*[-–•*]\s+(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")
KIND_PREFIX = re.compile(
    r"^\s*(beslut|ställningstagande|inriktningsbeslut)\b[^.:]{0,80}:\s*$", re.IGNORECASE
)


def body_blocks(body: str, decisions=()) -> list[Block]:
    """An item's text as paragraphs and lists, plain text only (the template escapes every
    line). A paragraph that holds a decision's wording ("Beslut: Ebba Gierow utses ...") is
    replaced by the decision set apart, where the minutes had it; the rest follow at the end."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        blocks.extend(_chunk_blocks(chunk))
    placed = set()
    result = []
    for block in blocks:
        if block.kind == "paragraph":
            text = " ".join(block.lines)
            decision = next(
                (d for d in decisions if d.pk not in placed and _squash(d.text) in _squash(text)),
                None,
            )
            if decision is not None:
                placed.add(decision.pk)
                result.extend(_split_around(text, decision))
                continue
        result.append(block)
    result.extend(Block("decision", decision=d) for d in decisions if d.pk not in placed)
    return result


def _squash(text: str) -> str:
    return " ".join(text.split())


def _split_around(text: str, decision) -> list[Block]:
    text = _squash(text)
    wording = _squash(decision.text)
    before, _found, after = text.partition(wording)
    blocks = []
    if before.strip() and not KIND_PREFIX.match(before):
        blocks.append(Block("paragraph", [before.strip()]))
    blocks.append(Block("decision", decision=decision))
    if after.strip():
        blocks.append(Block("paragraph", [after.strip()]))
    return blocks


def _chunk_blocks(chunk: str) -> list[Block]:
    """One blank-line separated chunk: lines starting "- " or "1. " make lists; a line that
    follows a list entry without a marker continues that entry."""
    blocks: list[Block] = []
    for raw in chunk.splitlines():
        line = raw.strip()
        if not line:
            continue
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        current = blocks[-1] if blocks else None
        if bullet:
            if current is None or current.kind != "bullets":
                current = Block("bullets")
                blocks.append(current)
            current.lines.append(bullet.group(1))
        elif numbered:
            if current is None or current.kind != "numbers":
                current = Block("numbers", start=int(numbered.group(1)))
                blocks.append(current)
            current.lines.append(numbered.group(2))
        elif current is not None and current.kind in {"bullets", "numbers"}:
            current.lines[-1] += " " + line
        elif current is not None and current.kind == "paragraph":
            current.lines.append(line)
        else:
            blocks.append(Block("paragraph", [line]))
    return blocks
