"""What changed in a meeting after it was first published: simple-history's records, diffed.

Many-to-many fields (who took the minutes, who presented an item, the items a partly present
person was there for, the decisions a decision follows up) are tracked with simple-history's
m2m_fields: every record keeps a snapshot of the links, and adding or removing a link makes a
record of its own. Those snapshots are loaded here in one query per field and diffed in Python
(diff_against would query twice per field and record).
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Person

from .diff import word_diff

HIDDEN_FIELDS = {"version", "updated_at", "created_at", "slug", "source_sha256", "position"}
KINDS = {"+": _("Tillagd"), "~": _("Ändrad"), "-": _("Borttagen")}
# A form saves the object and then its links: the link records that follow a record by the same
# person within this time are shown as one change with it ("§2 → §3", not "§2 → —", "— → §3").
SAME_SAVE = dt.timedelta(seconds=2)


@dataclass
class Change:
    when: dt.datetime
    who: str
    what: str
    label: str
    kind: str
    reason: str = ""
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    texts: set[str] = field(default_factory=set)  # the fields that are texts written by hand

    @property
    def kind_label(self):
        return KINDS[self.kind]

    @property
    def rows(self):
        """(field, before, after) for the page: texts whole, their changed words marked."""
        for name, old, new in self.fields:
            yield (name, *word_diff(old, new)) if name in self.texts else (name, old, new)


@dataclass
class Links:
    """One tracked many-to-many field: each record's linked ids, and how to name them."""

    name: str
    verbose_name: str
    by_record: dict[int, frozenset[int]]
    labels: dict[int, tuple[tuple, str]] = field(default_factory=dict)  # pk: (sort key, text)
    gone: dict[int, dt.datetime] = field(default_factory=dict)  # pk: when it was deleted
    missing: str = ""

    def at(self, record, as_of: dt.datetime) -> set[int]:
        """The links in a record, less those to objects deleted by as_of (their deletion is a
        change of its own, and the links went with it)."""
        return {
            pk
            for pk in self.by_record.get(record.history_id, ())
            if pk not in self.gone or self.gone[pk] > as_of
        }

    def linked(self) -> set[int]:
        """Every id any record links to."""
        return {pk for pks in self.by_record.values() for pk in pks}

    def display(self, pks: set[int]) -> str:
        if not pks:
            return "—"
        named = sorted(self.labels.get(pk, ((), f"{self.missing} (id {pk})")) for pk in pks)
        return ", ".join(text for _key, text in named)


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
            _links_load(model, qs),
        )
        for model, qs, label in sources
    ]
    _links_name(loaded)
    names = _person_names(loaded)
    changes: list[Change] = []
    for model, records, label, links in loaded:
        compared = _compared_fields(model)
        for _pk, group in groupby(records, key=lambda r: r.id):
            for base, run in _saves(list(group), compared, since):
                change = _change(model, base, run, label(run[-1], names), links)
                if change is not None:
                    changes.append(change)
    changes.sort(key=lambda c: c.when, reverse=True)
    return since, changes


def _saves(records, compared: list[str], since: dt.datetime):
    """(record before, [records of one save]) for each save on or after since."""
    runs: list[list] = []
    for record in records:
        if runs and _same_save(runs[-1][-1], record, compared, since):
            runs[-1].append(record)
        else:
            runs.append([record])
    for n, run in enumerate(runs):
        if run[0].history_date >= since:
            yield (runs[n - 1][-1] if n else None), run


def _same_save(last, record, compared: list[str], since: dt.datetime) -> bool:
    """A record belongs to the save before it when it only changed links, by the same person,
    moments later; never across the first publication, nor into its record."""
    return (
        record.history_type == "~"
        and record.history_user_id == last.history_user_id
        and record.history_date - last.history_date <= SAME_SAVE
        and not last.history_date <= since <= record.history_date
        and all(getattr(record, name) == getattr(last, name) for name in compared)
    )


def _compared_fields(model) -> list[str]:
    """The fields a record copies from its object (a link record repeats them unchanged)."""
    return [f.attname for f in model.history.model.tracked_fields]


def _change(model, base, run, label, links: list[Links]) -> Change | None:
    first, last = run[0], run[-1]
    change = Change(
        when=first.history_date,
        who=str(first.history_user or _("okänd")),
        what=str(model._meta.verbose_name).capitalize(),
        label=label,
        kind=first.history_type,
        reason=next((r.history_change_reason for r in run if r.history_change_reason), ""),
    )
    if change.kind == "+":
        # Links set when the object was added ("punkt 2-3" for someone who came in late).
        for tracked in links:
            if pks := tracked.at(last, last.history_date):
                change.fields.append((tracked.verbose_name, "—", tracked.display(pks)))
        change.fields.sort()
    elif change.kind == "~" and base is not None:
        delta = last.diff_against(base, excluded_fields=[tracked.name for tracked in links])
        for item in delta.changes:
            if item.field in HIDDEN_FIELDS:
                continue
            model_field = model._meta.get_field(item.field)
            name = str(model_field.verbose_name)
            change.fields.append(
                (name, _display(model_field, item.old), _display(model_field, item.new))
            )
            if _is_text(model_field) and item.old and item.new:
                change.texts.add(name)
        for tracked in links:
            old = tracked.at(base, last.history_date)
            new = tracked.at(last, last.history_date)
            if old != new:
                change.fields.append(
                    (tracked.verbose_name, tracked.display(old), tracked.display(new))
                )
        if not change.fields and not change.reason:
            return None  # only the version moved
    return change


def _links_load(model, records_qs) -> list[Links]:
    """Each tracked many-to-many field's snapshots for the records of records_qs: one query."""
    history_model = model.history.model
    loaded = []
    for m2m_field in history_model._history_m2m_fields:
        snapshot_model = getattr(history_model, m2m_field.name).model
        target = snapshot_model._meta.get_field(m2m_field.m2m_reverse_field_name()).attname
        by_record: dict[int, set[int]] = {}
        rows = snapshot_model.objects.filter(
            history_id__in=records_qs.values("history_id")
        ).values_list("history_id", target)
        for history_id, pk in rows:
            by_record.setdefault(history_id, set()).add(pk)
        loaded.append(
            Links(
                name=m2m_field.name,
                verbose_name=str(m2m_field.verbose_name),
                by_record={k: frozenset(v) for k, v in by_record.items()},
            )
        )
    return loaded


def _links_name(loaded) -> None:
    """Labels for the linked items (from the records loaded) and decisions (one query); the
    linked people are named with the attendees (_person_names)."""
    items = {}
    item_gone = {}
    for model, records, _label, _links in loaded:
        if model is AgendaItem:
            for record in records:  # oldest first per item: the last label wins
                items[record.id] = ((record.number, record.title), _item_label(record, None))
                if record.history_type == "-":
                    item_gone[record.id] = record.history_date
    decision_links = [
        links for model, _r, _l, all_links in loaded for links in all_links if model is Decision
    ]
    decision_ids = {pk for links in decision_links for pk in links.linked()}
    decisions, decision_gone = {}, {}
    rows = (
        Decision.history.filter(id__in=decision_ids)
        .order_by("history_date", "history_id")
        .values_list("id", "reference", "history_type", "history_date")
    )
    for pk, reference, history_type, history_date in rows:
        decisions[pk] = ((reference,), reference)
        if history_type == "-":
            decision_gone[pk] = history_date
    for model, _records, _label, all_links in loaded:
        for links in all_links:
            if model is Attendance:
                links.labels, links.gone, links.missing = items, item_gone, str(_("punkt"))
            elif model is Decision:
                links.labels, links.gone = decisions, decision_gone
                links.missing = str(_("beslut"))


def _person_names(loaded) -> dict[int, str]:
    """Attendees' and linked people's names in one query; the people links get their labels."""
    person_links = [
        links
        for model, _r, _l, all_links in loaded
        for links in all_links
        if model in (Meeting, AgendaItem)
    ]
    person_ids = {
        r.person_id for model, records, _l, _links in loaded if model is Attendance for r in records
    }
    person_ids |= {pk for links in person_links for pk in links.linked()}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "full_name"))
    labels = {pk: ((name, pk), name) for pk, name in names.items()}
    for links in person_links:
        links.labels, links.missing = labels, str(_("borttagen person"))
    return names


def _is_text(model_field) -> bool:
    return isinstance(model_field, models.CharField | models.TextField) and not model_field.choices


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    return str(choices.get(value, value))


def _item_label(record, names) -> str:
    return f"§{record.number} {record.title}"


def _attendance_label(record, names) -> str:
    return names.get(record.person_id, str(record.person_id))
