import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from decisions.models import Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from minutes.presentation import body_blocks, dates_label
from network.models import Network, Organisation, Person

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def make_meetings(n, *, status=Meeting.Status.PUBLISHED):
    network, _ = Network.objects.get_or_create(name="Socialchefsnätverket", slug="scn")
    for i in range(n):
        meeting = Meeting.objects.create(
            network=network,
            start_date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * i),
            status=status,
        )
        day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
        item = AgendaItem.objects.create(day=day, number=1, title=f"Punkt {i}")
        Decision.objects.create(item=item, text=f"Beslut {i}")


def test_home_anonymous_is_sent_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/"


def test_home_lists_demo_meetings_newest_first_with_decisions(member_client, demo):
    response = member_client.get("/")

    assert response.status_code == 200
    meetings = list(response.context["meetings"])
    assert [m.start_date.isoformat() for m in meetings] == [
        "2024-11-07",
        "2023-12-14",
        "2021-12-10",
        "2020-12-15",
        "2019-02-14",
    ]
    html = response.content.decode()
    assert html.count('class="kind kind-') == 7
    assert "Socialchefsnätverket, 7 och 8 november 2024" in html
    assert reverse("decisions:decision", args=["socialchefsnatverket-2024-11-08-4"]) in html


@pytest.mark.parametrize("n", [1, 7])
def test_home_query_count_is_bounded(member_client, db, django_assert_max_num_queries, n):
    make_meetings(n)

    # session, user, permissions x2, the latest meetings, days, items, decisions, the count of
    # all meetings, the member's private feed address (autodiscovery links); measured: 10,
    # whether there is one meeting or more than the page shows.
    with django_assert_max_num_queries(10):
        response = member_client.get("/")

    assert len(response.context["meetings"]) == min(n, 5)


def test_home_shows_the_latest_five_with_the_total_and_a_link(member_client, db):
    make_meetings(7)

    response = member_client.get("/")

    html = response.content.decode()
    assert [m.start_date for m in response.context["meetings"]] == [
        dt.date(2020, 1, 1) + dt.timedelta(days=30 * i) for i in (6, 5, 4, 3, 2)
    ]
    assert response.context["meeting_count"] == 7
    assert "<p>De 5 senaste av 7 möten, det senaste först.</p>" in html
    assert '<p><a href="/moten/">Alla möten (7)</a></p>' in html


def test_home_shows_all_of_few_meetings_without_a_link(member_client, db):
    make_meetings(3)

    response = member_client.get("/")

    html = response.content.decode()
    assert len(response.context["meetings"]) == 3
    assert "<p>3 möten, det senaste först.</p>" in html
    assert "Alla möten (" not in html


def test_home_without_meetings_says_so(member_client, db):
    response = member_client.get("/")

    html = response.content.decode()
    assert "<p>Inga möten ännu.</p>" in html
    assert "det senaste först" not in html


def test_home_hides_drafts_from_members(member_client, db):
    make_meetings(2, status=Meeting.Status.DRAFT)

    response = member_client.get("/")

    assert list(response.context["latest"]["meetings"]) == []


def test_home_public_setting_shows_published_only(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    make_meetings(1)
    network = Network.objects.get()
    Meeting.objects.create(network=network, start_date=dt.date(2030, 1, 1))

    response = client.get("/")

    assert [m.start_date for m in response.context["meetings"]] == [dt.date(2020, 1, 1)]


def test_meeting_page_shows_the_whole_minutes(member_client, demo):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'Ebba Gierow</a>, Ale <span class="note">(punkt 4-8)</span>' in html
    assert "Samverkansråd och VFU avtal socionomer" in html
    assert "Cecilia Axelsson" in html


def test_decision_page_has_citable_reference(member_client, demo):
    response = member_client.get("/beslut/socialchefsnatverket-2024-11-08-4/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Socialchefsnätverket 2024-11-08 §4" in html
    assert "Ebba Gierow utses av socialchefs nätverket som representant" in html


def test_decision_page_unknown_reference_is_404(member_client, db):
    assert member_client.get("/beslut/finns-inte/").status_code == 404


def make_meeting(
    *,
    date=dt.date(2024, 3, 14),
    status=Meeting.Status.PUBLISHED,
    network_slug="scn",
    attendees=1,
    items=1,
    body="Text.",
):
    """One meeting day with attendees from one municipality and numbered items."""
    network, _ = Network.objects.get_or_create(
        slug=network_slug, defaults={"name": f"Nätverk {network_slug}"}
    )
    ale, _ = Organisation.objects.get_or_create(
        short_name="Ale", defaults={"name": "Ale kommun", "kind": Organisation.Kind.MUNICIPALITY}
    )
    meeting = Meeting.objects.create(network=network, start_date=date, status=status)
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    for number in range(1, items + 1):
        AgendaItem.objects.create(day=day, number=number, title=f"Punkt {number}", body=body)
    for position in range(attendees):
        person = Person.objects.create(full_name=f"Person {date:%Y%m%d} {position}")
        Attendance.objects.create(
            day=day,
            person=person,
            organisation=ale,
            organisation_as_written="Ale",
            position=position,
        )
    return meeting


# --- Home ---


def test_home_member_sees_intro_shortcuts_and_search(member_client, db):
    response = member_client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<form class="search-box" method="get" action="/sok/" role="search">' in html
    assert '<label for="sok-q">Sök i anteckningar och beslut</label>' in html
    assert '<input type="search" id="sok-q" name="q" autocomplete="off">' in html
    assert '<a href="/beslut/">Beslut</a>' in html
    assert '<a href="/moten/">Möten</a>' in html
    assert '<a href="/atgarder/">Åtgärder</a>' in html


def test_home_editor_sees_drafts_marked(editor_client, db):
    make_meetings(1, status=Meeting.Status.DRAFT)

    response = editor_client.get("/")

    assert len(response.context["meetings"]) == 1
    assert '<span class="badge badge-draft">Utkast</span>' in response.content.decode()


# --- /moten/ ---


def test_meeting_list_anonymous_is_sent_to_login(client, db):
    response = client.get("/moten/?year=2024")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/moten/%3Fyear%3D2024"


def test_meeting_list_groups_by_year_newest_first(member_client, db):
    make_meeting(date=dt.date(2023, 5, 1), items=2)
    make_meeting(date=dt.date(2024, 3, 14), items=3)
    make_meeting(date=dt.date(2024, 9, 1))

    response = member_client.get("/moten/")

    html = response.content.decode()
    assert [m.start_date for m in response.context["meetings"]] == [
        dt.date(2024, 9, 1),
        dt.date(2024, 3, 14),
        dt.date(2023, 5, 1),
    ]
    assert html.index('<h2 id="ar-2024">2024</h2>') < html.index('<h2 id="ar-2023">2023</h2>')
    assert "1 dag, 3 punkter" in html
    assert "1 dag, 2 punkter" in html


def test_meeting_list_filters_by_year(member_client, db):
    make_meeting(date=dt.date(2023, 5, 1))
    make_meeting(date=dt.date(2024, 3, 14))

    response = member_client.get("/moten/?year=2023")

    assert [m.start_date for m in response.context["meetings"]] == [dt.date(2023, 5, 1)]
    assert '<option value="2023" selected>2023</option>' in response.content.decode()


def test_meeting_list_filters_by_network(member_client, db):
    make_meeting(date=dt.date(2024, 3, 14), network_slug="ifo")
    make_meeting(date=dt.date(2024, 4, 14), network_slug="scn")

    response = member_client.get("/moten/?network=ifo")

    assert [m.network.slug for m in response.context["meetings"]] == ["ifo"]


def test_meeting_list_unknown_year_is_reported_and_ignored(member_client, db):
    make_meeting(date=dt.date(2024, 3, 14))

    response = member_client.get("/moten/?year=1999")

    assert response.status_code == 200
    assert len(response.context["meetings"]) == 1
    assert 'class="error-summary"' in response.content.decode()


def test_meeting_list_member_sees_published_only(member_client, db):
    make_meeting(date=dt.date(2024, 3, 14))
    make_meeting(date=dt.date(2024, 4, 14), status=Meeting.Status.DRAFT)

    response = member_client.get("/moten/")

    assert [m.start_date for m in response.context["meetings"]] == [dt.date(2024, 3, 14)]


def test_meeting_list_editor_sees_drafts(editor_client, db):
    make_meeting(date=dt.date(2024, 3, 14))
    make_meeting(date=dt.date(2024, 4, 14), status=Meeting.Status.DRAFT)

    response = editor_client.get("/moten/")

    assert [m.start_date for m in response.context["meetings"]] == [
        dt.date(2024, 4, 14),
        dt.date(2024, 3, 14),
    ]


def test_meeting_list_public_setting_shows_published_only(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    make_meeting(date=dt.date(2024, 3, 14))
    make_meeting(date=dt.date(2024, 4, 14), status=Meeting.Status.DRAFT)

    response = client.get("/moten/")

    assert [m.start_date for m in response.context["meetings"]] == [dt.date(2024, 3, 14)]


@pytest.mark.parametrize("n", [1, 25])
def test_meeting_list_query_count_is_bounded(member_client, db, django_assert_max_num_queries, n):
    make_meetings(n)

    # session, user, networks (filter), years (filter), count (pagination), the page's meetings,
    # days, items, decisions, the user's permissions twice (visible_to), and the member's private
    # feed address (autodiscovery links); measured: 12, whether there is one meeting or more
    # than a page.
    with django_assert_max_num_queries(12):
        response = member_client.get("/moten/")

    assert len(response.context["meetings"]) == min(n, 20)


def test_meeting_list_shows_twenty_a_page_newest_first(member_client, db):
    make_meetings(25)

    first = member_client.get("/moten/")
    second = member_client.get("/moten/?page=2")

    dates = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * i) for i in reversed(range(25))]
    assert [m.start_date for m in first.context["meetings"]] == dates[:20]
    assert [m.start_date for m in second.context["meetings"]] == dates[20:]
    assert '<p role="status">Visar 1–20 av 25 möten.</p>' in first.content.decode()
    assert '<p role="status">Visar 21–25 av 25 möten.</p>' in second.content.decode()
    assert [m.item_count for m in second.context["meetings"]] == [1, 1, 1, 1, 1]


def test_meeting_list_groups_the_page_by_year(member_client, db):
    make_meetings(25)

    first = member_client.get("/moten/").content.decode()
    second = member_client.get("/moten/?page=2").content.decode()

    assert first.index('<h2 id="ar-2021">2021</h2>') < first.index('<h2 id="ar-2020">2020</h2>')
    assert '<h2 id="ar-2020">2020</h2>' in second
    assert 'id="ar-2021"' not in second


def test_meeting_list_page_links_keep_the_filter(member_client, db):
    make_meetings(25)
    make_meeting(date=dt.date(2024, 3, 14), network_slug="ifo")

    response = member_client.get("/moten/?network=scn")

    html = response.content.decode()
    assert response.context["page"].paginator.count == 25
    assert '<p role="status">Visar 1–20 av 25 möten som matchar filtret.</p>' in html
    assert '<a href="?network=scn&amp;page=2" rel="next">' in html
    assert '<a href="?network=scn&amp;page=1" aria-label="Sida 1" aria-current="page">' in html


def test_meeting_list_page_past_the_last_shows_the_last(member_client, db):
    make_meetings(25)

    response = member_client.get("/moten/?page=999")

    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["meetings"]) == 5


def test_meeting_list_one_page_has_no_page_links(member_client, db):
    make_meetings(3)

    response = member_client.get("/moten/")

    html = response.content.decode()
    assert '<p role="status">3 möten.</p>' in html
    assert 'class="pagination"' not in html


# --- /moten/<id>/ ---


def test_meeting_page_anonymous_is_sent_to_login(client, db):
    meeting = make_meeting()

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"/logga-in/?next=/moten/{meeting.pk}/"


def test_meeting_page_draft_is_404_for_members(member_client, db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    response = member_client.get(meeting.get_absolute_url())

    assert response.status_code == 404


def test_meeting_page_draft_is_shown_to_editors_with_banner(editor_client, db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    response = editor_client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert '<div class="banner banner-draft" role="note">' in response.content.decode()


def test_meeting_page_public_setting_shows_published(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    meeting = make_meeting()

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert 'class="banner banner-draft"' not in response.content.decode()


def test_meeting_page_public_setting_hides_drafts(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 404


def test_meeting_page_body_html_is_escaped(member_client, db):
    meeting = make_meeting(body="Före <script>alert('x')</script> efter\n\n- <b>punkt</b>")

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<b>punkt</b>" not in html
    assert "Före &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; efter" in html
    assert "<li>&lt;b&gt;punkt&lt;/b&gt;</li>" in html


def test_meeting_page_lists_absentees_apart_and_marks_remote(member_client, db):
    meeting = make_meeting(attendees=0)
    day = meeting.days.get()
    ale = Organisation.objects.get(short_name="Ale")
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Anna Frånvarande"),
        organisation=ale,
        presence=Attendance.Presence.ABSENT,
    )
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Gösta Gäst"),
        organisation_as_written="Socialstyrelsen",
        group=Attendance.Group.GUEST,
        presence=Attendance.Presence.PARTIAL,
        note="deltar via länk punkt 1",
        remote=True,
    )

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    minutes = html[html.index('<section class="day"') :]  # after the summary at the top
    present, absent = minutes.split("<h3>Förhinder</h3>")
    assert "Anna Frånvarande" not in present
    assert "Anna Frånvarande</a>, Ale</li>" in absent
    assert '<p class="group-name">Gäster</p>' in present
    assert (
        'Gösta Gäst</a>, Socialstyrelsen <span class="note">(deltar via länk punkt 1)</span>'
        ' <span class="tag">på distans</span>'
    ) in present


def test_meeting_page_has_item_and_day_anchors_and_tabled_badge(member_client, db):
    meeting = make_meeting(date=dt.date(2024, 3, 14), items=2)
    item = AgendaItem.objects.get(day__meeting=meeting, number=2)
    item.outcome = AgendaItem.Outcome.TABLED
    item.save()

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert item.get_absolute_url() == f"/moten/{meeting.pk}/#punkt-2024-03-14-2"
    assert 'id="punkt-2024-03-14-2"' in html
    assert 'id="dag-2024-03-14"' in html
    assert '<span class="badge badge-tabled">Bordlagd</span>' in html


def test_meeting_page_table_of_contents_only_for_long_meetings(member_client, db):
    short = make_meeting(date=dt.date(2024, 3, 14), items=2)
    long = make_meeting(date=dt.date(2024, 4, 14), items=6)

    short_html = member_client.get(short.get_absolute_url()).content.decode()
    long_html = member_client.get(long.get_absolute_url()).content.decode()

    assert 'class="contents"' not in short_html
    assert 'class="contents"' in long_html
    assert '<a href="#punkt-2024-04-14-6">Punkt 6</a>' in long_html


def test_meeting_page_decision_is_set_apart_in_place(member_client, db):
    meeting = make_meeting(body="Inledning.\n\nBeslut Nära vård: Nätverket beslutar X.\n\nSlut.")
    item = AgendaItem.objects.get(day__meeting=meeting)
    decision = Decision.objects.create(item=item, label="Nära vård", text="Nätverket beslutar X.")

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert "Beslut Nära vård:" not in html
    assert html.index("Inledning.") < html.index('<div class="decision kind-beslut">')
    assert html.index('<div class="decision kind-beslut">') < html.index("Slut.")
    assert (
        '<p class="decision-kind"><strong>Beslut</strong>'
        ' <span class="decision-label">Nära vård</span></p>'
    ) in html
    assert f'<a href="{decision.get_absolute_url()}">{decision.reference}</a>' in html


@pytest.mark.parametrize("n", [1, 3])
def test_meeting_page_query_count_is_bounded(member_client, db, django_assert_max_num_queries, n):
    meeting = make_meeting(attendees=n, items=n)
    for item in AgendaItem.objects.filter(day__meeting=meeting):
        Decision.objects.create(item=item, text=f"Beslut {item.number}")

    # session, user, permissions x2, meeting+network, recorders, days, attendances+person+org,
    # attendance items, items, presenters, attachments, decisions, actions, the municipalities
    # (for the summary's "not represented"), the registry's generation (minutes/caching.py).
    with django_assert_max_num_queries(16):
        response = member_client.get(meeting.get_absolute_url())

    assert response.content.decode().count('<div class="decision kind-beslut">') == n


def test_meeting_page_kept_for_readers_until_the_registry_changes(
    member_client, editor, db, kept_cache, django_assert_max_num_queries
):
    meeting = make_meeting(attendees=3, items=3)
    item = AgendaItem.objects.filter(day__meeting=meeting).first()
    decision = Decision.objects.create(item=item, text="Beslut om nära vård.")
    url = meeting.get_absolute_url()
    assert "Beslut om nära vård." in member_client.get(url).content.decode()

    # session, user, permissions x2, the generation: the minutes come from the cache
    with django_assert_max_num_queries(5):
        page = member_client.get(url).content.decode()
    assert "Beslut om nära vård." in page

    decision.text = "Beslut om nära vård, rättat."
    decision.save()  # e.g. in the admin: the generation moves (kept_cache: at once)

    assert "Beslut om nära vård, rättat." in member_client.get(url).content.decode()
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    assert member_client.get(url).status_code == 404
    editor_client = Client()
    editor_client.force_login(editor)
    assert "Utkast" in editor_client.get(url).content.decode()  # editors: built afresh


def test_meeting_page_demo_sets_apart_the_three_decisions_of_8_november(member_client, demo):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    response = member_client.get(meeting.get_absolute_url())

    html = response.content.decode()
    second_day = html[html.index('id="dag-2024-11-08"') :]
    assert second_day.count('<div class="decision kind-') == 3
    assert html.count('<div class="decision kind-') == 3
    for reference in ("§2", "§4", "§5"):
        assert f">Socialchefsnätverket 2024-11-08 {reference}</a>" in second_day
    assert "<strong>Beslut</strong>" in second_day
    assert "<strong>Ställningstagande</strong>" in second_day
    assert 'Ebba Gierow</a>, Ale <span class="note">(punkt 4-8)</span>' in html
    assert '<h1>Anteckningar <span class="dates">7 och 8 november 2024</span></h1>' in html
    assert "Rubrikerna ”Den 7 november” och ”Den 8 november”" in html


# --- Helpers ---


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([dt.date(2019, 2, 14)], "14 februari 2019"),
        ([dt.date(2024, 11, 7), dt.date(2024, 11, 8)], "7 och 8 november 2024"),
        ([dt.date(2024, 11, 30), dt.date(2024, 12, 1)], "30 november och 1 december 2024"),
        ([dt.date(2024, 12, 31), dt.date(2025, 1, 1)], "31 december 2024 och 1 januari 2025"),
    ],
)
def test_dates_label_reads_as_swedish(dates, expected):
    assert dates_label(dates) == expected


def test_body_blocks_makes_paragraphs_and_lists():
    body = "Inledning\nfortsätter.\n\n- ett\nfortsätter\n- två\n\n3. tre\n4. fyra"

    blocks = body_blocks(body)

    assert [(b.kind, b.html) for b in blocks] == [
        (
            "text",
            "<p>Inledning<br>\nfortsätter.</p>\n"
            "<ul>\n<li>ett fortsätter</li>\n<li>två</li>\n</ul>\n"
            '<ol start="3">\n<li>tre</li>\n<li>fyra</li>\n</ol>',
        )
    ]


# The summary at the top of the meeting page ------------------------------------------------


def summary_of(html: str) -> str:
    return html[html.index('<section class="meeting-summary"') : html.index('id="om-motet"')]


def test_meeting_summary_demo_names_the_municipalities_not_represented_each_day(
    member_client, demo
):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    response = member_client.get(meeting.get_absolute_url())

    days = response.context["days"]
    assert [[m.short_name for m in day.not_represented] for day in days] == [
        ["Kungälv", "Öckerö"],
        ["Alingsås", "Kungälv", "Lilla Edet", "Mölndal", "Stenungsund", "Tjörn", "Öckerö"],
    ]
    # The same rule as the decision page: §4 was taken on 8 November.
    decision = Decision.objects.get(reference="Socialchefsnätverket 2024-11-08 §4")
    on_decision_page = member_client.get(decision.get_absolute_url()).context["not_represented"]
    assert [m.short_name for m in on_decision_page] == [
        m.short_name for m in days[1].not_represented
    ]
    summary = summary_of(response.content.decode())
    assert "Inte representerade (2 av 13 kommuner):" in summary
    assert "Inte representerade (7 av 13 kommuner):" in summary


def test_meeting_summary_lists_decisions_with_links_and_attendance_compactly(member_client, db):
    meeting = make_meeting(attendees=0, items=2)
    day = meeting.days.get()
    item = day.items.get(number=2)
    decision = Decision.objects.create(item=item, text="Medel avsätts.", label="Nära vård")
    ale = Organisation.objects.get(short_name="Ale")
    lerum = Organisation.objects.create(
        name="Lerums kommun", short_name="Lerum", kind=Organisation.Kind.MUNICIPALITY
    )
    Organisation.objects.create(
        name="Partille kommun", short_name="Partille", kind=Organisation.Kind.MUNICIPALITY
    )
    Attendance.objects.create(
        day=day, person=Person.objects.create(full_name="Eva Ek"), organisation=ale
    )
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Per Pil"),
        organisation=lerum,
        presence=Attendance.Presence.PARTIAL,
        note="gick efter punkt 1",
        remote=True,
    )
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Ida Is"),
        organisation_as_written="Socialstyrelsen",
        group=Attendance.Group.GUEST,
    )
    Attendance.objects.create(
        day=day,
        person=Person.objects.create(full_name="Anna Borta"),
        organisation=lerum,
        presence=Attendance.Presence.ABSENT,
    )

    response = member_client.get(meeting.get_absolute_url())

    summary = summary_of(response.content.decode())
    assert (
        '<li><span class="tag kind-beslut">Beslut</span>'
        f' <a href="{decision.get_absolute_url()}">§2 Punkt 2 – Nära vård</a></li>'
    ) in summary
    assert "Närvarande (3)" in summary
    assert (
        '<li>Eva Ek<span class="org">, Ale</span></li>'
        ' <li>Per Pil<span class="org">, Lerum</span>'
        ' <span class="mark">(del av mötet: gick efter punkt 1)</span>'
        ' <span class="mark">(på distans)</span></li>'
        ' <li>Ida Is<span class="org">, Socialstyrelsen</span></li>'
    ) in summary
    assert "<strong>Förhinder:</strong> Anna Borta</p>" in summary
    partille = Organisation.objects.get(short_name="Partille")
    assert (
        "<strong>Inte representerad (1 av 3 kommuner):</strong>"
        f' <a href="{partille.get_absolute_url()}">Partille</a></p>'
    ) in summary


def test_meeting_summary_says_when_every_municipality_was_there(member_client, db):
    meeting = make_meeting(attendees=1)

    summary = summary_of(member_client.get(meeting.get_absolute_url()).content.decode())

    assert "Kommunen var representerad." in summary  # the only one; never "Alla 1 kommuner"
    assert "Inga beslut." in summary


def test_meeting_page_links_print_pdf_and_word_without_draft_mark_when_published(member_client, db):
    meeting = make_meeting()

    html = member_client.get(meeting.get_absolute_url()).content.decode()

    tools = html[
        html.index('<ul class="meeting-tools"') : html.index(
            "</ul>", html.index('<ul class="meeting-tools"')
        )
    ]
    assert f'<a href="/moten/{meeting.pk}/utskrift/">Utskrift</a></li>' in tools
    assert f'<a href="/moten/{meeting.pk}/anteckningar.pdf" download>PDF</a></li>' in tools
    assert f'<a href="/moten/{meeting.pk}/anteckningar.docx" download>Word</a></li>' in tools
    assert "utkast" not in tools
    assert "Redigera" not in tools


def test_draft_meeting_page_links_exports_marked_as_draft_and_edit_for_editors(editor_client, db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    html = editor_client.get(meeting.get_absolute_url()).content.decode()

    tools = html[
        html.index('<ul class="meeting-tools"') : html.index(
            "</ul>", html.index('<ul class="meeting-tools"')
        )
    ]
    draft = ' <span class="draft-mark">(utkast)</span></li>'
    assert f'<a href="/moten/{meeting.pk}/utskrift/">Utskrift</a>{draft}' in tools
    assert f'<a href="/moten/{meeting.pk}/anteckningar.pdf" download>PDF</a>{draft}' in tools
    assert f'<a href="/moten/{meeting.pk}/anteckningar.docx" download>Word</a>{draft}' in tools
    assert (
        f'<li><a class="edit-link" href="/redigera/moten/{meeting.pk}/">Redigera</a></li>' in tools
    )
    # The draft's exports open for the editor.
    for path in ("utskrift/", "anteckningar.pdf", "anteckningar.docx"):
        assert editor_client.get(f"/moten/{meeting.pk}/{path}").status_code == 200


def test_published_meeting_page_has_no_edit_link_even_for_editors(editor_client, db):
    meeting = make_meeting()

    html = editor_client.get(meeting.get_absolute_url()).content.decode()

    assert 'class="edit-link"' not in html
