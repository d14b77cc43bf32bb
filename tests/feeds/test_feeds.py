"""Atom feeds of published decisions and meetings: parsed back with feedparser, no drafts,
per network and per search words, public and private (token) addresses, query-count guards."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from decisions.models import Decision
from feeds.models import FeedToken
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network

PUBLISHED_AT = timezone.make_aware(dt.datetime(2024, 11, 20, 9, 30))


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


@pytest.fixture
def other_network(db):
    return Network.objects.create(name="IFO-nätverket", slug="ifo")


def make_meeting(network, date, decisions, *, published=True, published_at=PUBLISHED_AT):
    """A meeting on date with one item per (title, kind, text) in decisions."""
    meeting = Meeting.objects.create(
        network=network,
        start_date=date,
        status=Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT,
        published_at=published_at if published else None,
        location="GR, Första Långgatan 28",
        theme="Nära vård",
    )
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    made = []
    for number, (title, kind, text) in enumerate(decisions, start=1):
        item = AgendaItem.objects.create(day=day, number=number, title=title)
        made.append(Decision.objects.create(item=item, kind=kind, text=text))
    return meeting, made


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def registry(network, other_network):
    """Two published meetings in scn (the later one published last), one in ifo, one draft."""
    older_meeting, older = make_meeting(
        network,
        dt.date(2024, 9, 6),
        [("Nära vård", Decision.Kind.BESLUT, "Nätverket ställer sig bakom färdplanen.")],
        published_at=PUBLISHED_AT - dt.timedelta(days=60),
    )
    newer_meeting, newer = make_meeting(
        network,
        dt.date(2024, 11, 8),
        [
            ("Socialtjänstlagen", Decision.Kind.STALLNINGSTAGANDE, "Yttrande <lämnas> & skickas."),
            ("Budget", Decision.Kind.BESLUT, "Budgeten fastställs."),
        ],
    )
    ifo_meeting, ifo = make_meeting(
        other_network,
        dt.date(2024, 10, 4),
        [("Barnahus", Decision.Kind.INRIKTNINGSBESLUT, "Barnahus utreds vidare.")],
        published_at=PUBLISHED_AT - dt.timedelta(days=30),
    )
    _, draft = make_meeting(
        network,
        dt.date(2024, 12, 6),
        [("Hemligt", Decision.Kind.BESLUT, "Utkastets beslut.")],
        published=False,
    )
    return {
        "older": older,
        "newer": newer,
        "ifo": ifo,
        "draft": draft,
        "meetings": [newer_meeting, ifo_meeting, older_meeting],
    }


@pytest.fixture
def public(settings):
    settings.REGISTRY_PUBLIC = True


@pytest.fixture
def token(member):
    return FeedToken.renew(member).token


# The decisions feed ---------------------------------------------------------------------------


def test_decision_feed_public_has_every_published_decision_newest_publication_first(
    client, public, registry
):
    feed = parse(client.get("/floden/beslut/"))

    assert [entry.title for entry in feed.entries] == [
        "Socialchefsnätverket 2024-11-08 §1 – Ställningstagande: Socialtjänstlagen",
        "Socialchefsnätverket 2024-11-08 §2 – Beslut: Budget",
        "IFO-nätverket 2024-10-04 §1 – Inriktningsbeslut: Barnahus",
        "Socialchefsnätverket 2024-09-06 §1 – Beslut: Nära vård",
    ]
    assert [entry.link for entry in feed.entries] == [
        "http://testserver/beslut/socialchefsnatverket-2024-11-08-1/",
        "http://testserver/beslut/socialchefsnatverket-2024-11-08-2/",
        "http://testserver/beslut/ifo-natverket-2024-10-04-1/",
        "http://testserver/beslut/socialchefsnatverket-2024-09-06-1/",
    ]
    assert feed.feed.title == "Beslut i Registret"
    assert feed.feed.language == "sv"
    assert feed.feed.author == "Göteborgsregionen"


def test_decision_feed_entry_has_wording_kind_and_published_time(client, public, registry):
    entry = parse(client.get("/floden/beslut/")).entries[0]

    assert entry.summary == (
        "<p>Yttrande &lt;lämnas&gt; &amp; skickas.</p><p>Punkt 1: Socialtjänstlagen</p>"
    )
    assert [tag.term for tag in entry.tags] == ["Ställningstagande", "Socialchefsnätverket"]
    assert entry.updated_parsed[:6] == PUBLISHED_AT.astimezone(dt.UTC).timetuple()[:6]
    assert entry.published == entry.updated
    assert entry.id == entry.link


def test_decision_feed_never_has_drafts_even_for_an_editor(editor_client, registry):
    feed = parse(editor_client.get("/floden/beslut/"))

    assert len(feed.entries) == 4
    assert "Hemligt" not in editor_client.get("/floden/beslut/").content.decode()


def test_decision_feed_per_network_has_exactly_its_decisions(client, public, registry):
    feed = parse(client.get("/floden/beslut/ifo/"))

    assert [entry.link for entry in feed.entries] == [
        "http://testserver/beslut/ifo-natverket-2024-10-04-1/"
    ]
    assert feed.feed.title == "Beslut i IFO-nätverket"
    assert feed.feed.link == "http://testserver/beslut/?network=ifo"


def test_decision_feed_unknown_network_is_404(client, public, registry):
    assert client.get("/floden/beslut/finns-inte/").status_code == 404


def test_decision_feed_with_search_words_has_exactly_the_matching_decisions(
    client, public, registry
):
    feed = parse(client.get("/floden/beslut/", {"q": "budgeten"}))

    assert [entry.title for entry in feed.entries] == [
        "Socialchefsnätverket 2024-11-08 §2 – Beslut: Budget"
    ]
    assert feed.feed.title == "Beslut i Registret som innehåller ”budgeten”"


def test_decision_feed_search_words_find_the_items_title_too(client, public, registry):
    """The registry's search: a decision is found by its item's title ("Barnahus")."""
    feed = parse(client.get("/floden/beslut/", {"q": "barnahus"}))

    assert [entry.link for entry in feed.entries] == [
        "http://testserver/beslut/ifo-natverket-2024-10-04-1/"
    ]


def test_decision_feed_search_per_network(client, public, registry):
    feed = parse(client.get("/floden/beslut/scn/", {"q": "barnahus"}))

    assert feed.entries == []


def test_decision_feed_search_never_finds_a_draft(client, public, registry):
    feed = parse(client.get("/floden/beslut/", {"q": "hemligt"}))

    assert feed.entries == []


def test_decision_feed_too_long_search_is_404(client, public, registry):
    assert client.get("/floden/beslut/", {"q": "x" * 201}).status_code == 404


def test_decision_feed_self_link_keeps_the_search(client, public, registry):
    feed = parse(client.get("/floden/beslut/scn/", {"q": "budget"}))

    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://testserver/floden/beslut/scn/?q=budget"
    assert links["alternate"] == "http://testserver/beslut/?network=scn&q=budget"


def test_decision_feed_has_the_decisions_of_the_latest_published_meetings(
    client, public, registry, monkeypatch
):
    monkeypatch.setattr("feeds.views.FEED_MEETINGS", 2)

    feed = parse(client.get("/floden/beslut/"))

    assert [entry.link.split("/")[-2] for entry in feed.entries] == [
        "socialchefsnatverket-2024-11-08-1",
        "socialchefsnatverket-2024-11-08-2",
        "ifo-natverket-2024-10-04-1",
    ]


def test_decision_feed_an_old_meeting_published_last_comes_first(client, public, registry):
    """Minutes from 2019 imported today are news to the subscriber: first in the feed."""
    make_meeting(
        registry["meetings"][0].network,
        dt.date(2019, 5, 3),
        [("Arkiv", Decision.Kind.BESLUT, "Ett gammalt beslut.")],
        published_at=PUBLISHED_AT + dt.timedelta(days=1),
    )

    feed = parse(client.get("/floden/beslut/"))

    assert feed.entries[0].title == "Socialchefsnätverket 2019-05-03 §1 – Beslut: Arkiv"
    assert len(feed.entries) == 5


# Who may read ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/floden/beslut/", "/floden/beslut/scn/", "/floden/moten/", "/floden/moten/scn/"],
)
def test_public_feed_when_not_public_sends_a_visitor_to_login(client, registry, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/?next=")


def test_public_feed_when_not_public_is_read_by_a_member_with_a_session(member_client, registry):
    assert len(parse(member_client.get("/floden/beslut/")).entries) == 4


@pytest.mark.parametrize("path", ["beslut/", "beslut/scn/", "moten/", "moten/scn/"])
def test_private_feed_works_logged_out_with_the_token(client, registry, token, path):
    feed = parse(client.get(f"/floden/privat/{token}/{path}"))

    assert len(feed.entries) == {"beslut/": 4, "beslut/scn/": 3, "moten/": 3, "moten/scn/": 2}[path]


def test_private_feed_with_a_renewed_token_is_404_and_the_new_one_works(
    client, registry, member, token
):
    renewed = FeedToken.renew(member).token

    assert renewed != token
    assert client.get(f"/floden/privat/{token}/beslut/").status_code == 404
    assert client.get(f"/floden/privat/{renewed}/beslut/").status_code == 200


def test_private_feed_with_an_unknown_token_is_404(client, registry):
    assert client.get(f"/floden/privat/{'A' * 43}/beslut/").status_code == 404


def test_private_feed_of_a_deactivated_user_is_404(client, registry, member, token):
    member.is_active = False
    member.save()

    assert client.get(f"/floden/privat/{token}/beslut/").status_code == 404


def test_private_feed_is_not_kept_by_shared_caches(client, registry, token):
    response = client.get(f"/floden/privat/{token}/beslut/")

    assert response["Cache-Control"] == "private, no-cache"


# The meetings feed ----------------------------------------------------------------------------


def test_meeting_feed_has_published_meetings_newest_publication_first(client, public, registry):
    feed = parse(client.get("/floden/moten/"))

    assert [entry.title for entry in feed.entries] == [
        "Socialchefsnätverket 8 november 2024: Anteckningar",
        "IFO-nätverket 4 oktober 2024: Anteckningar",
        "Socialchefsnätverket 6 september 2024: Anteckningar",
    ]
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver/moten/{meeting.pk}/" for meeting in registry["meetings"]
    ]
    assert feed.entries[0].summary == (
        "<p>I fokus: Nära vård</p><p>Plats: GR, Första Långgatan 28</p>"
    )


# Query counts ---------------------------------------------------------------------------------


def make_many(network, n):
    for i in range(n):
        make_meeting(
            network,
            dt.date(2020, 1, 6) + dt.timedelta(weeks=i),
            [(f"Punkt {i}", Decision.Kind.BESLUT, f"Beslut nummer {i}.")],
            published_at=PUBLISHED_AT + dt.timedelta(hours=i),
        )


@pytest.mark.parametrize("n", [1, 20])
def test_decision_feed_query_count_is_bounded(
    client, network, token, django_assert_max_num_queries, n
):
    make_many(network, n)

    # the token (with its user), the network, the decisions with their item, day, meeting and
    # network; the search words add no query (a subquery of the last)
    with django_assert_max_num_queries(3):
        response = client.get(f"/floden/privat/{token}/beslut/scn/", {"q": "beslut"})

    assert len(parse(response).entries) == n


@pytest.mark.parametrize("n", [1, 20])
def test_meeting_feed_query_count_is_bounded(
    client, network, token, django_assert_max_num_queries, n
):
    make_many(network, n)

    # the token, the network, the meetings with their network, their days (prefetched)
    with django_assert_max_num_queries(4):
        response = client.get(f"/floden/privat/{token}/moten/scn/")

    assert len(parse(response).entries) == n


def test_decision_feed_entry_formats_wording_as_the_decision_page(client, public, registry):
    decision = Decision.objects.get(item__title="Socialtjänstlagen")
    decision.text = "Nätverket **tillstyrker**, se [remissen](https://gr.se/remiss)."
    decision.save()

    entry = parse(client.get("/floden/beslut/")).entries[0]

    assert entry.summary == (
        '<p>Nätverket <strong>tillstyrker</strong>, se <a href="https://gr.se/remiss" '
        'rel="noopener noreferrer">remissen</a>.</p><p>Punkt 1: Socialtjänstlagen</p>'
    )
