"""A director's path through the registry, in a real browser, with axe-core on each page."""

import datetime as dt
import re

import pytest

from decisions.models import Action
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Network, Organisation, Person

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def test_member_searches_opens_decision_and_follows_it_to_the_meeting(
    live_server, demo, member_login, axe
):
    page = member_login

    page.goto(f"{live_server.url}/sok/")
    page.get_by_role("searchbox").first.fill("socialtjänstlag")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/sok/\?q=socialtj"))
    assert page.locator("mark").count() >= 1
    assert axe(page) == []

    page.goto(f"{live_server.url}/beslut/")
    assert axe(page) == []
    page.get_by_role("link", name=re.compile("Hälsa- och sjukvårdsavtalet")).first.click()
    page.wait_for_url(re.compile(r".*/beslut/socialchefsnatverket-2024-11-08-4/"))
    assert page.get_by_text("Socialchefsnätverket 2024-11-08 §4").first.is_visible()
    present = page.locator("#narvarande")
    for name in ["Ebba Gierow", "Monica Bondesson", "Jessica Svanström"]:
        assert present.get_by_text(name).count() >= 1
    assert axe(page) == []

    page.get_by_role("link", name=re.compile(r"punkt 4")).first.click()
    page.wait_for_url(re.compile(r".*/moten/\d+/#punkt-2024-11-08-4"))
    assert page.get_by_role("heading", name=re.compile("Hälsa- och sjukvårdsavtalet")).is_visible()
    assert axe(page) == []


def test_keyboard_user_reaches_the_content_with_the_skip_link(live_server, demo, member_login):
    page = member_login

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"


@pytest.fixture
def many_meetings(db):
    """25 published meetings, each attended by one director, each with an action for her."""
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    ale = Organisation.objects.create(
        name="Ale kommun", short_name="Ale", kind=Organisation.Kind.MUNICIPALITY
    )
    anna = Person.objects.create(full_name="Anna Andersson")
    for n in range(25):
        date = dt.date(2023, 1, 5) + dt.timedelta(weeks=2 * n)
        meeting = Meeting.objects.create(
            network=network, start_date=date, status=Meeting.Status.PUBLISHED
        )
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        item = AgendaItem.objects.create(day=day, number=1, title=f"Läget i kommunerna {n}")
        Attendance.objects.create(day=day, person=anna, organisation=ale)
        Action.objects.create(item=item, text=f"Återkom om läget {n}", responsible_person=anna)
    return anna, ale


def test_member_pages_through_long_lists_without_accessibility_problems(
    live_server, many_meetings, member_login, axe
):
    anna, ale = many_meetings
    page = member_login

    page.goto(f"{live_server.url}/moten/")
    assert page.get_by_text("Visar 1–20 av 25 möten.").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name=re.compile("Nästa")).click()
    page.wait_for_url(re.compile(r".*/moten/\?page=2"))
    assert page.get_by_text("Visar 21–25 av 25 möten.").is_visible()

    page.goto(f"{live_server.url}{anna.get_absolute_url()}")
    assert page.get_by_text("Mötesdagar 1–20 av 25, senaste först").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Alla 25 åtgärder i åtgärdsregistret").click()
    page.wait_for_url(re.compile(rf".*/atgarder/\?person={anna.pk}"))
    assert axe(page) == []

    page.goto(f"{live_server.url}{ale.get_absolute_url()}")
    assert axe(page) == []


def test_member_sees_members_not_seen_for_a_year_apart_without_accessibility_problems(
    live_server, demo, member_login, axe
):
    goteborg = Organisation.objects.get(short_name="Göteborg")
    page = member_login

    page.goto(f"{live_server.url}{goteborg.get_absolute_url()}")

    assert page.get_by_role("heading", name="Inte sedda på ett år").is_visible()
    unseen = page.get_by_role("region", name="Inte sedda på ett år")
    assert unseen.get_by_role("link", name="Tina Isaksson").is_visible()
    assert axe(page) == []


def test_member_finds_who_represents_the_network_in_the_steering_group(
    live_server, demo, member_login, axe
):
    page = member_login

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Uppdrag", exact=True).click()
    page.wait_for_url(re.compile(r".*/uppdrag/$"))

    steering_group = page.get_by_role("region", name=re.compile("Styrgrupp", re.IGNORECASE))
    assert steering_group.get_by_role("link", name="Ebba Gierow").is_visible()
    assert axe(page) == []
    steering_group.get_by_role("link", name="Socialchefsnätverket 2024-11-08 §4").click()
    page.wait_for_url(re.compile(r".*/beslut/socialchefsnatverket-2024-11-08-4/"))
