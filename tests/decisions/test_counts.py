"""/beslut/'s counts (chart and number of hits) kept between requests (minutes/caching.py):
never stale for anyone."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from minutes.services import meeting_publish, meeting_reopen
from network.models import Network, Person
from network.services import person_merge

from .test_views import make_decisions


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


def counted(response):
    """The number of hits the page says and the chart's counts, read from the page as a reader
    gets it (kept or built afresh)."""
    html = response.content.decode()
    count = re.search(r'<h2 id="resultat-rubrik" class="result-count">(\d+) beslut', html)
    chart = re.search(r'<desc id="beslut-per-ar-desc">([^<]*)</desc>', html)
    return int(count[1]), unescape(chart[1]) if chart else ""


def test_the_second_request_reuses_the_counts(member_client, network, kept_cache):
    make_decisions(network, 3)
    with CaptureQueriesContext(connection) as first:
        member_client.get("/beslut/")
    aggregates = [q for q in first.captured_queries if "GROUP BY" in q["sql"]]
    assert len(aggregates) == 1

    with CaptureQueriesContext(connection) as second:
        response = member_client.get("/beslut/")

    # The counts, the years and the rendered filters and list are kept: what is left is the
    # session, the user, the permissions, the generation and what the page says per user.
    assert len(second.captured_queries) == len(first.captured_queries) - 6
    assert not [q for q in second.captured_queries if "decisions_decision" in q["sql"]]
    assert counted(response) == (3, "2020: 3 (Beslut 3).")


def test_a_decision_published_shows_at_once(member_client, network, kept_cache):
    make_decisions(network, 2)
    assert counted(member_client.get("/beslut/"))[0] == 2
    [draft] = make_decisions(network, 1, status=Meeting.Status.DRAFT, start=dt.date(2021, 3, 1))
    meeting = draft.item.day.meeting
    assert counted(member_client.get("/beslut/"))[0] == 2

    meeting_publish(meeting=meeting, version=meeting.version)

    response = member_client.get("/beslut/")
    assert counted(response) == (3, "2020: 2 (Beslut 2); 2021: 1 (Beslut 1).")
    assert response.context["decisions"][0] == draft


def test_a_reopened_meeting_leaves_the_counts_at_once(member_client, network, kept_cache):
    decisions = make_decisions(network, 2)
    meeting = decisions[1].item.day.meeting
    Meeting.objects.filter(pk=meeting.pk).update(published_at=timezone.now())
    assert counted(member_client.get("/beslut/?year=2020"))[0] == 2

    meeting_reopen(meeting=meeting, reason="Fel i protokollet")

    assert counted(member_client.get("/beslut/?year=2020"))[0] == 1


def test_each_filter_has_its_own_counts(member_client, network, kept_cache):
    make_decisions(network, 2)
    Decision.objects.filter(text="Beslut nummer 1.").update(kind=Decision.Kind.STALLNINGSTAGANDE)

    assert counted(member_client.get("/beslut/"))[0] == 2
    assert counted(member_client.get("/beslut/?kind=ställningstagande"))[0] == 1
    assert counted(member_client.get("/beslut/?kind=beslut&page=2"))[0] == 1


def test_a_person_merge_shows_at_once(member_client, network, kept_cache):
    [decision] = make_decisions(network, 1)
    duplicate = Person.objects.create(full_name="Ana Andersson")
    keep = Person.objects.get(full_name="Anna Andersson")
    Attendance.objects.filter(person=keep).update(person=duplicate)
    assert counted(member_client.get(f"/beslut/?person={keep.pk}"))[0] == 0

    person_merge(keep=keep, duplicates=[duplicate])

    response = member_client.get(f"/beslut/?person={keep.pk}")
    assert counted(response)[0] == 1
    assert list(response.context["decisions"]) == [decision]


def test_editors_count_drafts_afresh(editor_client, network, kept_cache):
    make_decisions(network, 1, status=Meeting.Status.DRAFT)
    assert counted(editor_client.get("/beslut/"))[0] == 1
    day = MeetingDay.objects.get()
    item = AgendaItem.objects.create(day=day, number=2, title="Ny punkt")
    Decision.objects.create(item=item, text="Ett beslut till.")

    assert counted(editor_client.get("/beslut/"))[0] == 2


def test_a_filtered_list_kept_with_its_filter_and_errors_shown_again(
    member_client, network, kept_cache
):
    make_decisions(network, 3)
    params = {"network": network.slug, "year": "2020", "q": "beslut"}
    first = member_client.get("/beslut/", params)

    # the session, the user, the permissions, the generation, the feed address, the follow
    # button's "already following?": the filter's values and the list come from the cache
    with CaptureQueriesContext(connection) as second:
        again = member_client.get("/beslut/", params)
    assert len(second.captured_queries) <= 7
    assert not [q for q in second.captured_queries if "network_network" in q["sql"]]
    assert counted(again) == counted(first) == (3, "2020: 3 (Beslut 3).")
    assert "Valda filter" in again.content.decode()

    for _ in range(2):  # an invalid value says so the second time too
        wrong = member_client.get("/beslut/", {"year": "abc"}).content.decode()
        assert "Det finns ett problem med filtret" in wrong
        assert '<details class="filter-more" open>' in wrong
