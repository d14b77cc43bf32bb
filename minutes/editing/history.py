"""What changed in a meeting after it was first published: simple-history's records, diffed."""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext_lazy as _

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Person

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "slug", "source_sha256", "position"}
ORDER = ("id", "history_date", "history_id")
KINDS = {"+": _("Tillagd"), "~": _("Ändrad"), "-": _("Borttagen")}


@dataclass
class Change:
    when: dt.datetime
    who: str
    what: str
    label: str
    kind: str
    reason: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def kind_label(self):
        return KINDS[self.kind]


def first_published(meeting: Meeting) -> dt.datetime | None:
    return (
        Meeting.history.filter(id=meeting.pk, status=Meeting.Status.PUBLISHED)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )


def meeting_changes(meeting: Meeting) -> tuple[dt.datetime | None, list[Change]]:
    """(first publication, every change since, newest first) in a fixed number of queries."""
    since = first_published(meeting)
    if since is None:
        return None, []
    day_ids = set(MeetingDay.history.filter(meeting_id=meeting.pk).values_list("id", flat=True))
    item_ids = set(AgendaItem.history.filter(day_id__in=day_ids).values_list("id", flat=True))
    decision_ids = Decision.history.filter(item_id__in=item_ids).values("id")
    action_ids = Action.history.filter(item_id__in=item_ids).values("id")
    sources = [
        (Meeting, Meeting.history.filter(id=meeting.pk), lambda r, names: str(_("Mötet"))),
        (MeetingDay, MeetingDay.history.filter(id__in=day_ids), lambda r, n: f"{r.date:%Y-%m-%d}"),
        (AgendaItem, AgendaItem.history.filter(id__in=item_ids), _item_label),
        (Attendance, Attendance.history.filter(day_id__in=day_ids), _attendance_label),
        (Decision, Decision.history.filter(id__in=decision_ids), lambda r, n: r.reference),
        (Action, Action.history.filter(id__in=action_ids), lambda r, n: r.text[:80]),
    ]
    loaded = [
        (
            model,
            list(qs.select_related("history_user").order_by("id", "history_date", "history_id")),
            label,
        )
        for model, qs, label in sources
    ]
    person_ids = {
        r.person_id for model, records, _l in loaded if model is Attendance for r in records
    }
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "full_name"))
    changes: list[Change] = []
    for model, records, label in loaded:
        for _pk, group in groupby(records, key=lambda r: r.id):
            previous = None
            for record in group:
                if record.history_date >= since:
                    change = _change(model, record, previous, label(record, names))
                    if change is not None:
                        changes.append(change)
                previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return since, changes


def _change(model, record, previous, label) -> Change | None:
    change = Change(
        when=record.history_date,
        who=str(record.history_user or _("okänd")),
        what=str(model._meta.verbose_name).capitalize(),
        label=label,
        kind=record.history_type,
        reason=record.history_change_reason or "",
    )
    if record.history_type == "~" and previous is not None:
        delta = record.diff_against(previous)
        for item in delta.changes:
            if item.field in HIDDEN_FIELDS:
                continue
            model_field = model._meta.get_field(item.field)
            change.fields.append(
                (
                    str(model_field.verbose_name),
                    _display(model_field, item.old),
                    _display(model_field, item.new),
                )
            )
        if not change.fields and not change.reason:
            return None  # only the version moved
    return change


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    return str(choices.get(value, value))


def _item_label(record, names) -> str:
    return f"§{record.number} {record.title}"


def _attendance_label(record, names) -> str:
    return names.get(record.person_id, str(record.person_id))
