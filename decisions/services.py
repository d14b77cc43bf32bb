"""Following actions up: closing, renewing, and linking a written responsible to a person."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from minutes.models import Attendance
from network.matching import responsible_match
from network.models import Person

from .models import Action

RENEW_MONTHS = 3
LINK_CHUNK = 500


class ActionRefused(Exception):
    """The action cannot be changed as asked; the message says why, in Swedish."""


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day some months later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _open_action(action_id: int) -> Action:
    """The action, locked for the rest of the transaction; refused unless still open."""
    action = Action.objects.select_for_update().get(pk=action_id)
    if action.status != Action.Status.OPEN:
        raise ActionRefused(
            _("Åtgärden är redan stängd (%(status)s); ingenting ändrades.")
            % {"status": action.get_status_display().lower()}
        )
    return action


@transaction.atomic
def action_close(*, action_id: int) -> Action:
    """An open action is done. Kept in its history (django-simple-history)."""
    action = _open_action(action_id)
    action.status = Action.Status.DONE
    action._change_reason = "Klar (uppföljning)"
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def action_renew(*, action_id: int, due_date: dt.date, today: dt.date) -> Action:
    """An open action gets a new due date after today; "när" as written gives way to it (the
    old one stays in the history)."""
    if due_date <= today:
        raise ActionRefused(_("Det nya datumet måste vara efter i dag; ingenting ändrades."))
    action = _open_action(action_id)
    action.due_date = due_date
    action.due_text = ""
    action._change_reason = f"Förnyad till {due_date:%Y-%m-%d}"
    action.save(update_fields=["due_date", "due_text"])
    return action


def meeting_attendees(meeting_ids) -> dict[int, list[Person]]:
    """{meeting id: [people there, absent ones aside]} in one query."""
    attendees: dict[int, list[Person]] = {}
    rows = (
        Attendance.objects.filter(day__meeting_id__in=meeting_ids)
        .exclude(presence=Attendance.Presence.ABSENT)
        .select_related("person", "day")
        .order_by("person__full_name", "person_id")
    )
    for attendance in rows:
        people = attendees.setdefault(attendance.day.meeting_id, [])
        if all(p.pk != attendance.person_id for p in people):
            people.append(attendance.person)
    return attendees


@dataclass
class LinkResult:
    linked: list[Action] = field(default_factory=list)
    unresolved: list[Action] = field(default_factory=list)


@transaction.atomic
def actions_link_responsible(*, actions=None) -> LinkResult:
    """Link each action whose written responsible is linked to nobody to the one person at
    its meeting the name fits (network.matching.responsible_match); the rest are left for a
    planning lead (ActionQuerySet.responsible_unresolved). actions: a queryset to limit to
    (an import's meeting); all actions otherwise."""
    result = LinkResult()
    pending = (Action.objects.all() if actions is None else actions).responsible_unresolved()
    rows = list(pending.select_related("item__day").order_by("pk"))
    for start in range(0, len(rows), LINK_CHUNK):
        chunk = rows[start : start + LINK_CHUNK]
        attendees = meeting_attendees({a.item.day.meeting_id for a in chunk})
        for action in chunk:
            people = attendees.get(action.item.day.meeting_id, [])
            match = responsible_match(action.responsible_as_written, people)
            if match.person is None:
                result.unresolved.append(action)
                continue
            action.responsible_person = match.person
            action._change_reason = "Ansvarig kopplad efter namnet bland mötets deltagare"
            action.save(update_fields=["responsible_person"])
            result.linked.append(action)
    return result


@transaction.atomic
def actions_responsible_resolve(*, chosen: dict[int, Person | None]) -> tuple[int, int]:
    """A planning lead's choices: {action id: the person, or None for "ingen"}. Only actions
    still unresolved change (another planning lead may have been first). Returns (linked,
    marked as nobody)."""
    linked = nobody = 0
    actions = Action.objects.responsible_unresolved().select_for_update().filter(pk__in=chosen)
    for action in actions:
        person = chosen[action.pk]
        action.responsible_person = person
        action.responsible_resolved = True
        action._change_reason = "Ansvarig vald av planeringsledare"
        action.save(update_fields=["responsible_person", "responsible_resolved"])
        if person is None:
            nobody += 1
        else:
            linked += 1
    return linked, nobody
