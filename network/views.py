from collections import Counter, defaultdict

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import Action
from minutes.access import reader_required
from minutes.charts import stacked_bars
from minutes.models import Attendance, Meeting, MeetingDay

from .models import Appointment, Organisation, Person

ATTENDED = "attended"
ABSENT = "absent"
MISSING = "missing"


@reader_required
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.for_profile(), pk=pk)
    visible = Meeting.objects.visible_to(request.user)
    attendances = list(Attendance.objects.filter(person=person).at_meetings(visible).for_record())
    appointments = visible_appointments(person.appointments.all(), visible)
    actions = responsible_actions(visible).filter(responsible_person=person)
    return render(
        request,
        "network/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.all(),
            "appointments": appointments,
            "attendances": attendances,
            "attendance_years": attendance_per_year(attendances),
            "actions": actions,
        },
    )


@reader_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.for_profile(), pk=pk)
    visible = Meeting.objects.visible_to(request.user)
    memberships = list(organisation.memberships.all())
    today = timezone.localdate()
    current = [m for m in memberships if m.end_date is None or m.end_date >= today]
    former = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < today),
        key=lambda m: (m.end_date, m.start_date),
        reverse=True,
    )
    rows = representation_per_year(organisation, memberships, visible)
    # A member has all three series (so the colours stay put); a guest organisation only those
    # it has: "not represented" means nothing for an organisation that is not a member.
    series = [(ATTENDED, _("Företrädd")), (ABSENT, _("Förhinder anmält"))]
    if memberships:
        series.append((MISSING, _("Inte företrädd")))
    elif not any(values[ABSENT] for _year, values in rows):
        series.pop()
    chart = stacked_bars(
        rows,
        series=series,
        title=_("Mötesdagar per år där %(name)s var företrädd") % {"name": organisation},
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "current": current,
            "former": former,
            "chart": chart if rows else None,
            "representation": [
                {"year": year, "days": sum(values.values()), **values} for year, values in rows
            ],
            "appointments": appointments_while_member(memberships, visible),
            "actions": responsible_actions(visible).filter(responsible_organisation=organisation),
        },
    )


def responsible_actions(visible_meetings):
    """Actions from meetings the reader may see, with what a row shows."""
    return Action.objects.filter(item__day__meeting__in=visible_meetings).select_related(
        "item__day__meeting__network", "decision", "responsible_person"
    )


def visible_appointments(appointments, visible_meetings) -> list[Appointment]:
    """Appointments, less those made by a decision in minutes the reader may not see (a draft):
    until the minutes are approved the appointment is not public either."""
    appointments = list(appointments)
    meeting_ids = {a.decision.item.day.meeting_id for a in appointments if a.decision_id}
    if meeting_ids:  # one query, and only when some appointment came from a decision
        meeting_ids = set(visible_meetings.filter(pk__in=meeting_ids).values_list("pk", flat=True))
    return [
        a
        for a in appointments
        if not a.decision_id or a.decision.item.day.meeting_id in meeting_ids
    ]


def appointments_while_member(memberships, visible_meetings) -> list[Appointment]:
    """Appointments held by the organisation's people while they represented it."""
    periods = defaultdict(list)
    for m in memberships:
        periods[m.person_id].append((m.start_date, m.end_date))
    appointments = Appointment.objects.filter(person_id__in=periods).select_related(
        "person", "network", "decision__item__day__meeting"
    )
    held = [
        a
        for a in appointments
        if any(_overlaps(a.start_date, a.end_date, *period) for period in periods[a.person_id])
    ]
    return visible_appointments(held, visible_meetings)


def _overlaps(start_a, end_a, start_b, end_b) -> bool:
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def attendance_per_year(attendances) -> list[dict]:
    """[{"year": 2024, "attended": 2, "absent": 0}], newest year first."""
    attended, absent = Counter(), Counter()
    for a in attendances:
        counter = absent if a.presence == Attendance.Presence.ABSENT else attended
        counter[a.day.date.year] += 1
    years = sorted(set(attended) | set(absent), reverse=True)
    return [{"year": y, "attended": attended[y], "absent": absent[y]} for y in years]


def representation_per_year(organisation, memberships, visible_meetings):
    """[(year, {attended, absent, missing})], oldest year first: for each meeting day of the
    networks the organisation belongs to (from its first member's start), whether somebody
    represented it, it sent apologies only ("Förhinder"), or nobody was there. Days of other
    networks count only where the organisation attended (a guest)."""
    status = {}  # day id -> ATTENDED or ABSENT
    dates = {}
    for day_id, date, presence in (
        Attendance.objects.filter(organisation=organisation)
        .at_meetings(visible_meetings)
        .values_list("day_id", "day__date", "presence")
    ):
        dates[day_id] = date
        if presence != Attendance.Presence.ABSENT:
            status[day_id] = ATTENDED
        else:
            status.setdefault(day_id, ABSENT)
    first_start = {}
    for m in memberships:
        if m.network_id not in first_start or m.start_date < first_start[m.network_id]:
            first_start[m.network_id] = m.start_date
    if first_start:
        network_days = MeetingDay.objects.filter(
            meeting__in=visible_meetings, meeting__network_id__in=first_start
        ).values_list("id", "date", "meeting__network_id")
        for day_id, date, network_id in network_days:
            if date >= first_start[network_id]:
                dates[day_id] = date
    per_year = defaultdict(lambda: {ATTENDED: 0, ABSENT: 0, MISSING: 0})
    for day_id, date in dates.items():
        per_year[date.year][status.get(day_id, MISSING)] += 1
    return [(year, per_year[year]) for year in sorted(per_year)]
