"""Who was there: the list a planning lead ticks, and saving it.

A new day's list is the network's members in office on the date (network.Membership), all
ticked, each with what the previous meeting recorded for them as a hint and those who joined
since marked; not the previous meeting's list, which may be two years old (issue 10)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils.translation import gettext

from minutes.models import AgendaItem, Attendance, MeetingDay
from minutes.parsing.attendance import note_presence
from network.matching import PersonIndex, organisation_find
from network.models import Membership, Organisation, Person, membership_unseen


@dataclass
class Row:
    person: Person
    organisation: Organisation | None
    organisation_as_written: str
    group: str
    present: bool
    note: str
    is_member: bool
    # Members only: the last earlier day of the network they attended or sent apologies to, and
    # whether that is so long ago that they have most likely left (network.membership_unseen).
    last_seen: dt.date | None = None
    unseen: bool = False
    # What the network's previous meeting recorded for the person ("Förhinder", "punkt 4-8"),
    # "" when they were not in its list; and whether their membership began after it.
    last_time: str = ""
    new_since_last: bool = False

    @property
    def group_label(self) -> str:
        return Attendance.Group(self.group).label

    @property
    def label(self) -> str:
        where = self.organisation_as_written or (self.organisation or "")
        return f"{self.person.full_name}, {where}" if where else self.person.full_name


def in_office(day: MeetingDay):
    """The network's memberships on the day, staff too: start on or before it, no end or an end
    on or after."""
    return (
        Membership.objects.filter(network_id=day.meeting.network_id, start_date__lte=day.date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day.date))
        .select_related("person", "organisation")
        .order_by("organisation__short_name", "person__full_name", "-start_date")
    )


def members_in_office(day: MeetingDay):
    """The network's members on the day (its staff left out)."""
    return in_office(day).exclude(role=Membership.Role.STAFF)


@dataclass
class LastMeeting:
    """The network's meeting before this one: its last day, and who it recorded (absent too)."""

    date: dt.date | None
    attendances: dict[int, Attendance]

    def said(self, person_id: int) -> str:
        """The note written ("Förhinder", "via länk"), else the presence ("Närvarande"); "inte
        med" when the meeting's list does not name them ("" when it has no list)."""
        attendance = self.attendances.get(person_id)
        if attendance is None:
            return gettext("inte med") if self.attendances else ""
        return attendance.note or Attendance.Presence(attendance.presence).label


def attendance_rows(day: MeetingDay) -> tuple[list[Row], str]:
    """The rows to tick and where their ticks come from: this day's saved attendance
    ("saved"), else an earlier day of the meeting ("earlier_day"), else the network's
    memberships in office on the day ("members": every member ticked, but those not seen for a
    year; staff in the Göteborgsregionen group), "" when there is none of these. Each row carries
    what the previous meeting recorded for the person and whether they are new since then."""
    recorded = list(day.attendances.select_related("person", "organisation"))
    source = "saved"
    if not recorded:
        source, recorded = _earlier_day_attendance(day)
    by_person = {a.person_id: a for a in recorded}
    memberships = list(in_office(day))
    last = _last_meeting(day)
    last_seen, latest = _last_seen(
        day, {m.person_id for m in memberships if m.role != Membership.Role.STAFF}
    )
    if not recorded and memberships:
        source = "members"
    rows: list[Row] = []
    seen: set[int] = set()
    for membership in memberships:
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        staff = membership.role == Membership.Role.STAFF
        attendance = by_person.get(membership.person_id)
        person_last_seen = last_seen.get(membership.person_id)
        unseen = (
            not staff
            and attendance is None
            and membership_unseen(
                start_date=membership.start_date, last_seen=person_last_seen, latest=latest
            )
        )
        if source == "members":  # substitutes come when a member cannot: left to tick
            present = not unseen and membership.role != Membership.Role.SUBSTITUTE
        else:
            present = attendance is not None and attendance.presence != Attendance.Presence.ABSENT
        rows.append(
            Row(
                person=membership.person,
                organisation=membership.organisation,
                organisation_as_written="",
                group=Attendance.Group.REGIONAL if staff else Attendance.Group.NETWORK,
                present=present,
                note=attendance.note if attendance and source == "saved" else "",
                is_member=not staff,
                last_seen=None if staff else person_last_seen,
                unseen=unseen,
                last_time=last.said(membership.person_id),
                new_since_last=last.date is not None and membership.start_date > last.date,
            )
        )
    # Then everyone else: this day's or the earlier day's list as recorded; else, unticked,
    # Göteborgsregionen's people at the previous meeting (everyone but guests there when the
    # network has no memberships recorded at all).
    if recorded:
        others = recorded
    else:
        others = [
            a
            for a in last.attendances.values()
            if a.group == Attendance.Group.REGIONAL or not memberships
        ]
    for attendance in others:
        if attendance.person_id in seen:
            continue
        if source != "saved" and attendance.group == Attendance.Group.GUEST:
            continue  # guests come once; GR staff and members come back
        seen.add(attendance.person_id)
        rows.append(
            Row(
                person=attendance.person,
                organisation=attendance.organisation,
                organisation_as_written=attendance.organisation_as_written,
                group=attendance.group,
                present=bool(recorded) and attendance.presence != Attendance.Presence.ABSENT,
                note=attendance.note if source == "saved" else "",
                is_member=False,
                last_time=last.said(attendance.person_id),
            )
        )
    return rows, source


def _last_seen(day: MeetingDay, person_ids) -> tuple[dict[int, dt.date], dt.date | None]:
    """({person id: the last earlier day of the network they were at}, the network's last
    meeting day before this one), in two queries."""
    earlier = Attendance.objects.filter(
        day__meeting__network_id=day.meeting.network_id, day__date__lt=day.date
    )
    last_seen = dict(
        earlier.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(last=Max("day__date"))
        .values_list("person_id", "last")
    )
    latest = (
        MeetingDay.objects.filter(meeting__network_id=day.meeting.network_id, date__lt=day.date)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return last_seen, latest


def _last_meeting(day: MeetingDay) -> LastMeeting:
    """The network's previous meeting (however long ago), in two queries."""
    last_day = (
        MeetingDay.objects.filter(
            meeting__network_id=day.meeting.network_id,
            meeting__start_date__lt=day.meeting.start_date,
        )
        .order_by("-meeting__start_date", "-date")
        .values("meeting_id", "date")
        .first()
    )
    if last_day is None:
        return LastMeeting(date=None, attendances={})
    attendances = {}
    for attendance in (
        Attendance.objects.filter(day__meeting_id=last_day["meeting_id"])
        .select_related("person", "organisation")
        .order_by("day__date", "group", "position", "pk")
    ):
        attendances.setdefault(attendance.person_id, attendance)
    return LastMeeting(date=last_day["date"], attendances=attendances)


def _earlier_day_attendance(day: MeetingDay) -> tuple[str, list[Attendance]]:
    """The list of the meeting's previous day, when it has one: the same people stay."""
    earlier_day = (
        MeetingDay.objects.filter(meeting_id=day.meeting_id, date__lt=day.date)
        .order_by("-date")
        .first()
    )
    if earlier_day is not None:
        recorded = list(earlier_day.attendances.select_related("person", "organisation"))
        if recorded:
            return "earlier_day", recorded
    return "", []


def attendance_save(*, day: MeetingDay, rows: list[Row], data: dict, guests: list[dict]) -> int:
    """Write the ticked rows and the added people; only real changes are saved, so the
    history shows what changed. Returns the number of people present."""
    existing = {a.person_id: a for a in day.attendances.prefetch_related("items")}
    items = {item.number: item for item in AgendaItem.objects.filter(day=day)}
    position = 0
    for row in rows:
        pid = row.person.pk
        if not data.get(f"present_{pid}"):
            if pid in existing:
                existing.pop(pid).delete()
            continue
        position += 1
        _attendance_put(
            day=day,
            existing=existing.get(pid),
            person=row.person,
            organisation=row.organisation,
            organisation_as_written=row.organisation_as_written,
            group=row.group,
            note=data.get(f"note_{pid}", ""),
            position=position,
            items=items,
        )
    index = PersonIndex() if guests else None
    for guest in guests:
        match = index.match(guest["name"])
        person = match.person
        if person is None:
            # A person first met in a draft is the draft's until it is published.
            person = Person.objects.create(
                full_name=guest["name"].strip(), draft_meeting_id=day.meeting_id
            )
            index.add(person)
        organisation = organisation_find(guest["organisation"]) if guest["organisation"] else None
        position += 1
        _attendance_put(
            day=day,
            existing=existing.get(person.pk),
            person=person,
            organisation=organisation,
            organisation_as_written=guest["organisation"] if organisation is None else "",
            group=guest["group"],
            note=guest["note"],
            position=position,
            items=items,
        )
    return position


def _attendance_put(
    *, day, existing, person, organisation, organisation_as_written, group, note, position, items
):
    presence = note_presence(note, [(number, item.title) for number, item in items.items()])
    values = {
        "organisation_id": organisation.pk if organisation else None,
        "organisation_as_written": organisation_as_written,
        "group": group,
        "note": note,
        "presence": Attendance.Presence.PARTIAL
        if presence.partial
        else Attendance.Presence.PRESENT,
        "remote": presence.remote,
        "position": position,
    }
    wanted = [items[n] for n in presence.items if n in items]
    if existing is None:
        attendance = Attendance.objects.create(day=day, person=person, **values)
        if wanted:
            attendance.items.set(wanted)
        return attendance
    changed = [name for name, value in values.items() if getattr(existing, name) != value]
    if changed:
        for name in changed:
            setattr(existing, name, values[name])
        existing.save(update_fields=changed)
    if {i.pk for i in existing.items.all()} != {i.pk for i in wanted}:
        existing.items.set(wanted)
    return existing
