"""iCalendar: a network's published meeting days, and one meeting as a .ics download, parsed
back with the icalendar library."""

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from feeds.models import FeedToken
from minutes.models import Meeting, MeetingDay
from network.models import Network

PUBLISHED_AT = timezone.make_aware(dt.datetime(2024, 11, 20, 9, 30))


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


def make_meeting(network, dates, *, published=True, **fields):
    meeting = Meeting.objects.create(
        network=network,
        start_date=dates[0],
        status=Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT,
        published_at=PUBLISHED_AT if published else None,
        **fields,
    )
    for date in dates:
        MeetingDay.objects.create(meeting=meeting, date=date)
    return meeting


@pytest.fixture
def two_days(network):
    """A published two-day meeting in Kungälv."""
    return make_meeting(
        network,
        [dt.date(2024, 11, 7), dt.date(2024, 11, 8)],
        location="Kungälvs kommun, Stadshuset",
        theme="Nära vård",
    )


@pytest.fixture
def draft(network):
    return make_meeting(network, [dt.date(2025, 2, 6)], published=False, location="GR")


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return calendar


def events(calendar):
    return [
        (
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            str(event["SUMMARY"]),
            str(event.get("LOCATION", "")),
            str(event.get("URL", "")),
        )
        for event in calendar.walk("VEVENT")
    ]


# One meeting ------------------------------------------------------------------------------------


def test_meeting_ics_has_one_event_per_day_with_the_right_dates(member_client, two_days):
    response = member_client.get(f"/moten/{two_days.pk}/kalender.ics")

    url = f"http://testserver/moten/{two_days.pk}/"
    assert events(parse(response)) == [
        (
            dt.date(2024, 11, 7),
            dt.date(2024, 11, 8),
            "Socialchefsnätverket: Anteckningar – Nära vård (dag 1 av 2)",
            "Kungälvs kommun, Stadshuset",
            f"{url}#dag-2024-11-07",
        ),
        (
            dt.date(2024, 11, 8),
            dt.date(2024, 11, 9),
            "Socialchefsnätverket: Anteckningar – Nära vård (dag 2 av 2)",
            "Kungälvs kommun, Stadshuset",
            f"{url}#dag-2024-11-08",
        ),
    ]
    assert response["Content-Disposition"] == (
        'attachment; filename="socialchefsnatverket-2024-11-07.ics"'
    )


def test_meeting_ics_events_have_stable_uids_and_a_utc_stamp(member_client, two_days):
    calendar = parse(member_client.get(f"/moten/{two_days.pk}/kalender.ics"))

    days = list(two_days.days.order_by("date"))
    found = calendar.walk("VEVENT")
    assert [str(event["UID"]) for event in found] == [
        f"registret-motesdag-{day.pk}@testserver" for day in days
    ]
    assert {event.decoded("DTSTAMP") for event in found} == {PUBLISHED_AT.astimezone(dt.UTC)}


def test_meeting_ics_of_a_draft_for_an_editor_has_no_minutes_link(editor_client, draft):
    calendar = parse(editor_client.get(f"/moten/{draft.pk}/kalender.ics"))

    assert events(calendar) == [
        (dt.date(2025, 2, 6), dt.date(2025, 2, 7), "Socialchefsnätverket: Anteckningar", "GR", "")
    ]


def test_meeting_ics_of_a_draft_is_404_for_a_member(member_client, draft):
    assert member_client.get(f"/moten/{draft.pk}/kalender.ics").status_code == 404


def test_meeting_ics_visitor_is_sent_to_login(client, two_days):
    response = client.get(f"/moten/{two_days.pk}/kalender.ics")

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next=/moten/{two_days.pk}/kalender.ics"


def test_meeting_ics_visitor_reads_it_when_public(client, two_days, settings):
    settings.REGISTRY_PUBLIC = True

    assert len(events(parse(client.get(f"/moten/{two_days.pk}/kalender.ics")))) == 2


def test_meeting_page_links_to_the_ics(member_client, two_days):
    response = member_client.get(f"/moten/{two_days.pk}/")

    assert (
        f'<a href="/moten/{two_days.pk}/kalender.ics" download>Lägg till i kalender</a>'
        in response.content.decode()
    )


# A network's calendar -----------------------------------------------------------------------------


def test_network_calendar_has_every_published_day_newest_meeting_first_and_no_draft(
    client, two_days, draft, settings
):
    settings.REGISTRY_PUBLIC = True
    single = make_meeting(two_days.network, [dt.date(2024, 9, 6)])

    calendar = parse(client.get("/kalender/scn.ics"))

    assert [(start, summary, url) for start, _end, summary, _loc, url in events(calendar)] == [
        (
            dt.date(2024, 11, 7),
            "Socialchefsnätverket: Anteckningar – Nära vård (dag 1 av 2)",
            f"http://testserver/moten/{two_days.pk}/#dag-2024-11-07",
        ),
        (
            dt.date(2024, 11, 8),
            "Socialchefsnätverket: Anteckningar – Nära vård (dag 2 av 2)",
            f"http://testserver/moten/{two_days.pk}/#dag-2024-11-08",
        ),
        (
            dt.date(2024, 9, 6),
            "Socialchefsnätverket: Anteckningar",
            f"http://testserver/moten/{single.pk}/#dag-2024-09-06",
        ),
    ]
    assert calendar["X-WR-CALNAME"] == "Möten i Socialchefsnätverket"


def test_network_calendar_when_not_public_sends_a_visitor_to_login(client, two_days):
    assert client.get("/kalender/scn.ics").status_code == 302


def test_network_calendar_private_address_works_logged_out(client, two_days, member):
    token = FeedToken.renew(member).token

    assert len(events(parse(client.get(f"/kalender/privat/{token}/scn.ics")))) == 2


def test_network_calendar_with_a_renewed_token_is_404(client, two_days, member):
    old = FeedToken.renew(member).token
    FeedToken.renew(member)

    assert client.get(f"/kalender/privat/{old}/scn.ics").status_code == 404


def test_network_calendar_unknown_network_is_404(member_client, two_days):
    assert member_client.get("/kalender/finns-inte.ics").status_code == 404


@pytest.mark.parametrize("n", [1, 20])
def test_network_calendar_query_count_is_bounded(
    client, network, member, django_assert_max_num_queries, n
):
    for i in range(n):
        start = dt.date(2020, 1, 6) + dt.timedelta(weeks=i)
        make_meeting(network, [start, start + dt.timedelta(days=1)])
    token = FeedToken.renew(member).token

    # the token with its user, the network, the meetings with their network, their days
    with django_assert_max_num_queries(4):
        response = client.get(f"/kalender/privat/{token}/scn.ics")

    assert len(events(parse(response))) == 2 * n
