"""/floden/ (a member's addresses, renewing the token) and the autodiscovery links on the pages."""

import datetime as dt

import pytest
from django.utils import timezone

from feeds.models import FeedToken
from minutes.models import Meeting, MeetingDay
from network.models import Network


@pytest.fixture
def network(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(
        network=network,
        start_date=dt.date(2024, 11, 8),
        status=Meeting.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
    return network


def alternates(response) -> list[str]:
    html = response.content.decode()
    head = html[: html.index("</head>")]
    return [line.strip() for line in head.splitlines() if 'rel="alternate"' in line]


# /floden/ -------------------------------------------------------------------------------------


def test_feeds_page_visitor_is_sent_to_login(client, network):
    response = client.get("/floden/")

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/floden/"


def test_feeds_page_member_without_token_is_offered_one_and_shown_no_address(
    member_client, network
):
    response = member_client.get("/floden/")

    html = response.content.decode()
    assert "Skapa mina adresser" in html
    assert "/floden/beslut/" not in html
    assert response.context["networks"] == []


def test_feeds_page_member_creates_addresses_with_a_post(member_client, member, network):
    response = member_client.post("/floden/ny-adress/", follow=True)

    token = FeedToken.objects.get(user=member).token
    assert response.redirect_chain == [("/floden/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Dina privata adresser är klara att kopiera."
    ]
    assert response.context["all_decisions"] == (f"http://testserver/floden/privat/{token}/beslut/")
    assert response.context["networks"][0]["calendar"] == (
        f"http://testserver/kalender/privat/{token}/scn.ics"
    )
    assert "Byt till nya adresser" in response.content.decode()


def test_feeds_page_renewing_replaces_the_token(member_client, member, network):
    old = FeedToken.renew(member).token

    response = member_client.post("/floden/ny-adress/", follow=True)

    new = FeedToken.objects.get(user=member).token
    assert new != old
    assert [str(m) for m in response.context["messages"]] == [
        "Du har fått nya adresser. De gamla fungerar inte längre."
    ]
    assert member_client.get(f"/floden/privat/{old}/moten/").status_code == 404


def test_feeds_page_renew_needs_a_post(member_client, network):
    assert member_client.get("/floden/ny-adress/").status_code == 405


def test_feeds_page_renew_visitor_is_sent_to_login(client, network):
    response = client.post("/floden/ny-adress/")

    assert response.status_code == 302
    assert FeedToken.objects.count() == 0


def test_feeds_page_when_public_shows_public_addresses_to_a_visitor(client, network, settings):
    settings.REGISTRY_PUBLIC = True

    response = client.get("/floden/")

    assert response.context["all_meetings"] == "http://testserver/floden/moten/"
    assert response.context["networks"][0]["decisions"] == "http://testserver/floden/beslut/scn/"
    assert "Skapa mina adresser" not in response.content.decode()


# Autodiscovery --------------------------------------------------------------------------------


def test_home_announces_the_public_feeds_when_public(client, network, settings):
    settings.REGISTRY_PUBLIC = True

    assert alternates(client.get("/")) == [
        '<link rel="alternate" type="application/atom+xml" title="Beslut i alla nätverk (Atom)"'
        ' href="/floden/beslut/">',
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Justerade möten i alla nätverk (Atom)" href="/floden/moten/">',
    ]


def test_home_announces_the_members_private_feeds_when_not_public(member_client, member, network):
    token = FeedToken.renew(member).token

    assert [line.split('href="')[1] for line in alternates(member_client.get("/"))] == [
        f'/floden/privat/{token}/beslut/">',
        f'/floden/privat/{token}/moten/">',
    ]


def test_home_announces_nothing_to_a_member_without_a_private_address(member_client, network):
    assert alternates(member_client.get("/")) == []


def test_decision_list_announces_the_feed_of_its_network_and_words(client, network, settings):
    settings.REGISTRY_PUBLIC = True

    response = client.get("/beslut/", {"network": "scn", "q": "nära vård"})

    assert alternates(response) == [
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Beslut i Socialchefsnätverket som innehåller ”nära vård” (Atom)"'
        ' href="/floden/beslut/scn/?q=n%C3%A4ra+v%C3%A5rd">'
    ]
    assert (
        '<a href="/floden/beslut/scn/?q=n%C3%A4ra+v%C3%A5rd">'
        "Följ de här besluten i en flödesläsare (Atom)</a>" in response.content.decode()
    )


def test_network_page_announces_its_decisions_meetings_and_calendar(client, network, settings):
    settings.REGISTRY_PUBLIC = True

    response = client.get(network.get_absolute_url())

    assert [line.split('href="')[1] for line in alternates(response)] == [
        '/floden/beslut/scn/">',
        '/floden/moten/scn/">',
        '/kalender/scn.ics">',
    ]
    assert (
        'type="text/calendar" title="Mötesdagar i Socialchefsnätverket (kalender)"'
        in (alternates(response)[2])
    )


def test_every_page_footer_links_the_feeds(client, network, settings):
    settings.REGISTRY_PUBLIC = True

    html = client.get("/beslut/").content.decode()

    assert '<a href="/floden/">Flöden och kalender</a>' in html
