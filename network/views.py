from collections import defaultdict

from django.db.models import Count, Max, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from decisions.models import Action
from decisions.views import paginate
from minutes.access import reader_required
from minutes.caching import kept_page, key_for
from minutes.charts import stacked_bars
from minutes.models import Attendance, Meeting

from .models import Appointment, Organisation, Person, membership_unseen, profile_lookups

ATTENDED = "attended"
ABSENT = "absent"
MISSING = "missing"

# A profile page shows at most this many rows of a long list (attendance days a page, actions,
# former members, appointments); the rest is a page or a link away, and the totals stay exact.
LIST_LENGTH = 20


@reader_required
@kept_page("person")
def person_detail(request, pk):
    person = get_object_or_404(
        Person.objects.visible_to(request.user).for_profile(request.user), pk=pk
    )
    visible = Meeting.objects.visible_to(request.user)
    record = Attendance.objects.filter(person=person).at_meetings(visible)
    attendance_years = attendance_per_year(record)
    page, page_range = paginate(
        request,
        record.for_record(),
        count=sum(row["attended"] + row["absent"] for row in attendance_years),
        per_page=LIST_LENGTH,
    )
    actions = Action.objects.visible_to(request.user).filter(responsible_person=person)
    return TemplateResponse(
        request,
        "network/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.all(),
            "appointments": visible_appointments(person.appointments.all(), visible),
            "attendance_years": attendance_years,
            "page": page,
            "page_range": page_range,
            "attendances": page.object_list,
            **first_actions(actions, person=person.pk),
        },
    )


@reader_required
@kept_page("appointments")
def appointment_list(request):
    """/uppdrag/: who represents the network where and since when; current ones unless
    ?visa=alla. Appointments made by a decision in draft minutes are for editors only."""
    visible = Meeting.objects.visible_to(request.user)
    appointments = Appointment.objects.filter(
        Q(decision__isnull=True) | Q(decision__item__day__meeting__in=visible),
        person__in=Person.objects.visible_to(request.user),
    )
    current = appointments.filter(Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()))
    show_all = request.GET.get("visa") == "alla"
    shown = (appointments if show_all else current).select_related("person", "network", "decision")
    page, page_range = paginate(request, shown.order_by("body", "-start_date", "pk"))
    return TemplateResponse(
        request,
        "network/appointment_list.html",
        {
            "appointments": page.object_list,
            "page": page,
            "page_range": page_range,
            "show_all": show_all,
            "all_count": appointments.count() if not show_all else page.paginator.count,
        },
    )


@reader_required
def organisation_detail(request, pk):
    """/organisationer/<id>/. For readers everything below the follow button is rendered once
    and kept ({% kept %}, minutes/caching.py); its queries run only when it is rendered."""
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent"), pk=pk
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "profile": SimpleLazyObject(lambda: organisation_profile(request.user, organisation)),
            "kept_key": key_for(request, "organisation", pk),
        },
    )


def organisation_profile(user, organisation) -> dict:
    """The organisation page's lists, chart and table, as the template reads them."""
    prefetch_related_objects([organisation], *profile_lookups(user))
    visible = Meeting.objects.visible_to(user)
    memberships = list(organisation.memberships.all())
    today = timezone.localdate()
    current, unseen = split_unseen(
        [m for m in memberships if m.end_date is None or m.end_date >= today], organisation, visible
    )
    former = sorted(
        (m for m in memberships if m.end_date is not None and m.end_date < today),
        key=lambda m: (m.end_date, m.start_date),
        reverse=True,
    )
    table = representation_rows(representation_per_year(organisation, memberships, visible))
    appointments = appointments_while_member(memberships, visible)  # newest first
    actions = Action.objects.visible_to(user).filter(responsible_organisation=organisation)
    return {
        "organisation": organisation,
        "current": current,
        "unseen": unseen,
        "former": former[:LIST_LENGTH],
        "former_total": len(former),
        "chart": representation_chart(organisation, table) if table else None,
        "representation": table,
        "appointments": appointments[:LIST_LENGTH],
        "appointment_total": len(appointments),
        **first_actions(actions, organisation=organisation.pk),
    }


def split_unseen(memberships, organisation, visible_meetings):
    """(current, unseen): open memberships, each with last_seen (the latest day the person was
    at, or sent apologies to, a meeting of the network for the organisation). Memberships read
    from minutes have no end date until an admin sets one; those membership_unseen are set
    apart rather than called current."""
    networks = {m.network_id for m in memberships}
    last_seen = {
        (row["person_id"], row["day__meeting__network_id"]): row["last"]
        for row in Attendance.objects.filter(
            organisation=organisation, day__meeting__network_id__in=networks
        )
        .at_meetings(visible_meetings)
        .values("person_id", "day__meeting__network_id")
        .annotate(last=Max("day__date"))
    }
    latest = dict(
        visible_meetings.filter(network_id__in=networks)
        .values("network_id")
        .annotate(latest=Max("start_date"))
        .values_list("network_id", "latest")
    )
    current, unseen = [], []
    for m in memberships:
        m.last_seen = last_seen.get((m.person_id, m.network_id))
        stale = membership_unseen(
            start_date=m.start_date, last_seen=m.last_seen, latest=latest.get(m.network_id)
        )
        (unseen if stale else current).append(m)
    return current, unseen


def first_actions(actions, **register_filter) -> dict:
    """The first LIST_LENGTH of actions in the action registry's order (overdue, open, then the
    rest, newest first), their exact total, and the registry filtered to all of them."""
    return {
        "actions": list(actions.for_register(timezone.localdate())[:LIST_LENGTH]),
        "action_total": actions.count(),
        "actions_url": f"{reverse('decisions:action_list')}?{urlencode(register_filter)}",
    }


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
    """[{"year": 2024, "attended": 2, "absent": 0}], newest year first, over every attendance
    in one aggregate query ("Del av mötet" counts as attended)."""
    per_year = defaultdict(lambda: {ATTENDED: 0, ABSENT: 0})
    rows = (
        attendances.order_by().values_list("day__date__year", "presence").annotate(days=Count("pk"))
    )
    for year, presence, days in rows:
        per_year[year][ABSENT if presence == Attendance.Presence.ABSENT else ATTENDED] += days
    return [{"year": year, **per_year[year]} for year in sorted(per_year, reverse=True)]


def representation_per_year(organisation, memberships, visible_meetings):
    """[(year, {attended, absent, missing})], oldest year first: for each meeting of the networks
    the organisation belongs to (from its first member's start), whether somebody represented it
    on at least one of its days, it sent apologies only ("Förhinder"), or nobody was there. In a
    network it does not belong to (a guest), the meetings count from the first it came to."""
    status = {}  # meeting id -> ATTENDED or ABSENT
    first_start = {}  # network id -> the first meeting that counts
    for m in memberships:
        if m.network_id not in first_start or m.start_date < first_start[m.network_id]:
            first_start[m.network_id] = m.start_date
    first_visit = {}
    for meeting_id, start, network_id, presence in (
        Attendance.objects.filter(organisation=organisation)
        .at_meetings(visible_meetings)
        .values_list(
            "day__meeting_id", "day__meeting__start_date", "day__meeting__network_id", "presence"
        )
    ):
        if network_id not in first_visit or start < first_visit[network_id]:
            first_visit[network_id] = start
        if presence != Attendance.Presence.ABSENT:
            status[meeting_id] = ATTENDED
        else:
            status.setdefault(meeting_id, ABSENT)
    for network_id, start in first_visit.items():
        first_start.setdefault(network_id, start)
    per_year = defaultdict(lambda: {ATTENDED: 0, ABSENT: 0, MISSING: 0})
    if first_start:
        for meeting_id, start, network_id in visible_meetings.filter(
            network_id__in=first_start
        ).values_list("id", "start_date", "network_id"):
            if start >= first_start[network_id] or meeting_id in status:
                per_year[start.year][status.get(meeting_id, MISSING)] += 1
    return [(year, per_year[year]) for year in sorted(per_year)]


def representation_rows(rows) -> list[dict]:
    """The table under the chart: meetings per year, how many attended and the share in whole
    per cent, with the words the chart's bar says ("3 av 4 möten, 75 %")."""
    table = []
    for year, values in rows:
        meetings = sum(values.values())
        share = round(100 * values[ATTENDED] / meetings) if meetings else 0
        table.append(
            {
                "year": year,
                "meetings": meetings,
                **values,
                "share": share,
                "words": ngettext(
                    "%(attended)s av %(meetings)s möte, %(share)s %%",
                    "%(attended)s av %(meetings)s möten, %(share)s %%",
                    meetings,
                )
                % {"attended": values[ATTENDED], "meetings": meetings, "share": share},
            }
        )
    return table


def representation_chart(organisation, table):
    """The share of the meetings attended, year by year (0-100 %, ticks every 25 %)."""
    return stacked_bars(
        [(str(row["year"]), {ATTENDED: row["share"]}) for row in table],
        series=[(ATTENDED, _("Andel möten där organisationen var företrädd"))],
        title=_("Andel av nätverkets möten där %(name)s var företrädd, per år")
        % {"name": organisation},
        axis_label=_("Andel möten"),
        notes={str(row["year"]): row["words"] for row in table},
        maximum=100,
        step=25,
        unit=" %",
    )
