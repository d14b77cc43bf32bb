"""Writes on people that span apps: merging duplicate records of one person."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext

from decisions.models import Action
from minutes.models import AgendaItem, Attendance, Meeting
from minutes.services import meeting_version_bump

from .models import Appointment, Membership, Person, PersonName, normalise_name

NOTE_MAX_LENGTH = Attendance._meta.get_field("note").max_length


def person_merge(*, keep: Person, duplicates: Iterable[Person]) -> Person:
    """Merge `duplicates` into `keep` ("Monika Bondesson" into "Monica Bondesson") and delete them.

    Everything that points at a duplicate moves to `keep`, in one transaction:
    attendances (when both attended the same day, the kept row stays, gets the duplicate's note
    and items added, and the duplicate's row goes), memberships (exact duplicates, same network,
    organisation and start date, are dropped), appointments, actions they are responsible for,
    meetings they recorded, items they presented, and their other written names. Each
    duplicate's name becomes a written form of the kept person's name, and the kept person's
    empty title and e-mail are filled in from a duplicate; `keep` is seen by every reader when
    any of them was (not only in a draft). Returns `keep`, refreshed.

    Raises ValueError if `keep` is among `duplicates`.
    """
    duplicates = list({person.pk: person for person in duplicates}.values())
    if any(person.pk == keep.pk for person in duplicates):
        raise ValueError(gettext("Personen som behålls kan inte samtidigt vara en dubblett."))
    if not duplicates:
        return keep
    duplicate_ids = [person.pk for person in duplicates]

    with transaction.atomic():
        # The meetings the duplicates took part in read differently now: their next version,
        # so an editor's open form is refused as stale and readers' kept pages are built afresh
        # (minutes/caching.py).
        touched = set(
            Meeting.objects.filter(days__attendances__person_id__in=duplicate_ids).values_list(
                "pk", flat=True
            )
        )
        _move_attendances(keep, duplicate_ids)
        _move_memberships(keep, duplicate_ids)
        Appointment.objects.filter(person_id__in=duplicate_ids).update(person=keep)
        Action.objects.filter(responsible_person_id__in=duplicate_ids).update(
            responsible_person=keep
        )
        # Through each meeting and item, not keep.recorded_meetings: simple-history records
        # link changes only from the side that tracks them, and so they show in its history.
        for meeting in Meeting.objects.filter(recorders__in=duplicate_ids).distinct():
            meeting.recorders.remove(*duplicate_ids)
            meeting.recorders.add(keep)
        for item in AgendaItem.objects.filter(presenters__in=duplicate_ids).distinct():
            item.presenters.remove(*duplicate_ids)
            item.presenters.add(keep)
        _move_names(keep, duplicates)
        _fill_blanks(keep, duplicates)
        # Seen by every reader when any of the records was (draft_meeting: minutes.services).
        if Person.objects.filter(pk__in=duplicate_ids, draft_meeting__isnull=True).exists():
            Person.objects.filter(pk=keep.pk).update(draft_meeting=None)
        # Whatever still points at the duplicates (their m2m rows, skipped memberships) goes too.
        Person.objects.filter(pk__in=duplicate_ids).delete()
        meeting_version_bump(meeting_ids=touched)

    keep.refresh_from_db()
    return keep


def _move_attendances(keep: Person, duplicate_ids: list[int]) -> None:
    kept_by_day = {
        attendance.day_id: attendance
        for attendance in Attendance.objects.select_for_update().filter(person=keep)
    }
    duplicates = (
        Attendance.objects.select_for_update()
        .filter(person_id__in=duplicate_ids)
        .order_by("day", "pk")
    )
    for attendance in duplicates:
        kept = kept_by_day.get(attendance.day_id)
        if kept is None:
            attendance.person = keep
            attendance.save(update_fields=["person"])
            kept_by_day[attendance.day_id] = attendance
            continue
        # Both records attended the same day (minutes_attendance_unique_person): keep one row.
        changed = []
        if attendance.note and normalise_name(attendance.note) != normalise_name(kept.note):
            kept.note = _join_notes(kept.note, attendance.note)
            changed.append("note")
        if kept.organisation_id is None and attendance.organisation_id is not None:
            kept.organisation_id = attendance.organisation_id
            changed.append("organisation")
        if not kept.organisation_as_written and attendance.organisation_as_written:
            kept.organisation_as_written = attendance.organisation_as_written
            changed.append("organisation_as_written")
        if changed:
            kept.save(update_fields=changed)
        kept.items.add(*attendance.items.all())
        attendance.delete()


def _join_notes(first: str, second: str) -> str:
    joined = f"{first}; {second}" if first else second
    if len(joined) > NOTE_MAX_LENGTH:
        joined = joined[: NOTE_MAX_LENGTH - 1] + "…"
    return joined


def _move_memberships(keep: Person, duplicate_ids: list[int]) -> None:
    kept = set(keep.memberships.values_list("network_id", "organisation_id", "start_date"))
    for membership in Membership.objects.filter(person_id__in=duplicate_ids).order_by("pk"):
        key = (membership.network_id, membership.organisation_id, membership.start_date)
        if key in kept:
            continue  # an exact duplicate; deleted with its person
        membership.person = keep
        membership.save(update_fields=["person"])
        kept.add(key)


def _move_names(keep: Person, duplicates: list[Person]) -> None:
    known = {normalise_name(keep.full_name)}
    known |= {normalise_name(name) for name in keep.names.values_list("name", flat=True)}
    for written in PersonName.objects.filter(person__in=duplicates).order_by("pk"):
        if normalise_name(written.name) in known:
            continue  # already known; deleted with its person
        written.person = keep
        written.save(update_fields=["person"])
        known.add(normalise_name(written.name))
    for person in duplicates:
        if normalise_name(person.full_name) not in known:
            PersonName.objects.create(person=keep, name=person.full_name)
            known.add(normalise_name(person.full_name))


def _fill_blanks(keep: Person, duplicates: list[Person]) -> None:
    changed = []
    for field in ("title", "email"):
        if getattr(keep, field):
            continue
        value = next((getattr(p, field) for p in duplicates if getattr(p, field)), "")
        if value:
            setattr(keep, field, value)
            changed.append(field)
    if changed:
        keep.save(update_fields=changed)
