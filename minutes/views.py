import re
from dataclasses import dataclass, field

import django_filters
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from network.models import Network

from .access import reader_required
from .models import Attendance, Meeting

# A meeting with more items than this gets a table of contents at the top.
TOC_MIN_ITEMS = 6


@reader_required
def home(request):
    meetings = with_item_counts(Meeting.objects.visible_to(request.user).for_list())
    return render(request, "minutes/home.html", {"meetings": meetings})


class MeetingFilter(django_filters.FilterSet):
    """/moten/?network=<slug>&year=2024 (GOV.UK "filter" pattern)."""

    network = django_filters.ModelChoiceFilter(
        label=_("Nätverk"),
        queryset=Network.objects.filter(meetings__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("Alla nätverk"),
    )
    year = django_filters.ChoiceFilter(
        label=_("År"), field_name="start_date", lookup_expr="year", empty_label=_("Alla år")
    )

    class Meta:
        model = Meeting
        fields = ["network", "year"]

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]


@reader_required
def meeting_list(request):
    visible = Meeting.objects.visible_to(request.user)
    meeting_filter = MeetingFilter(
        request.GET or None, queryset=visible.for_list(), years=visible.years()
    )
    meetings = with_item_counts(meeting_filter.qs)
    return render(
        request,
        "minutes/meeting_list.html",
        {
            "meetings": meetings,
            "filter": meeting_filter,
            "filtered": any(request.GET.get(name) for name in meeting_filter.filters),
        },
    )


@reader_required
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).for_minutes(), pk=pk)
    days = list(meeting.days.all())
    for day in days:
        day.present_groups, day.absent = attendance_groups(day.attendances.all())
        for item in day.items.all():
            item.blocks = body_blocks(item.body, list(item.decisions.all()))
    item_count = sum(len(day.items.all()) for day in days)
    return render(
        request,
        "minutes/meeting_detail.html",
        {
            "meeting": meeting,
            "days": days,
            "dates": dates_label([day.date for day in days]) or date_format(meeting.start_date),
            "show_contents": item_count >= TOC_MIN_ITEMS,
        },
    )


def with_item_counts(meetings) -> list[Meeting]:
    """The meetings, each with item_count counted from its prefetched days and items."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.item_count = sum(len(day.items.all()) for day in meeting.days.all())
    return meetings


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
