"""A director's path through the registry, in a real browser, with axe-core on each page."""

import re

import pytest

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
