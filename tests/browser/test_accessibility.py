"""The accessibility statement and the report form in Chromium under the CSP: axe-core finds
nothing, an error goes to the summary (focused) and the field, a report ends in the thank-you
banner; and the feeds page of a member."""

import re

import pytest

from accessibility.models import AccessibilityReport
from feeds.models import FeedToken

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def test_statement_page_has_no_axe_violations(live_server, page, axe):
    page.goto(f"{live_server.url}/tillganglighet/")

    assert page.get_by_role("heading", level=1).inner_text() == "Tillgänglighet för Registret"
    assert axe(page) == []


def test_visitor_reports_a_problem_through_the_form(live_server, page, axe):
    # Someone who cannot log in reports it from the login page's footer.
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_role("link", name="Rapportera ett tillgänglighetsproblem").click()
    page.wait_for_url(re.compile(r".*/tillganglighet/rapportera/\?sida="))
    assert page.get_by_label("Vilken sida gäller det? (valfritt)").input_value() == "/logga-in/"
    assert axe(page) == []

    page.get_by_label("Din e-postadress (valfritt)").fill("inte en adress")
    page.get_by_role("button", name="Skicka rapporten").click()
    summary = page.locator("#felsammanfattning")
    assert summary.inner_text().splitlines()[1:] == [
        "Beskriv problemet du stötte på.",
        "Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt.",
    ]
    assert page.evaluate("document.activeElement.id") == "felsammanfattning"
    assert axe(page) == []  # with the errors shown

    summary.get_by_role("link", name="Beskriv problemet du stötte på.").click()
    assert page.evaluate("document.activeElement.id") == "id_description"
    page.get_by_label("Beskriv problemet").fill("Filtret går inte att öppna med tangentbordet.")
    page.get_by_label("Din e-postadress (valfritt)").fill("eva.ek@kommun.se")
    page.get_by_role("button", name="Skicka rapporten").click()

    page.wait_for_load_state("load")
    assert page.get_by_role("status").inner_text() == (
        "Tack! Vi har tagit emot din rapport och läser den så snart vi kan. "
        "Vi svarar dig på eva.ek@kommun.se."
    )
    assert axe(page) == []
    report = AccessibilityReport.objects.get()
    assert (report.page_url, report.email) == ("/logga-in/", "eva.ek@kommun.se")


def test_member_makes_private_feed_addresses(live_server, member_login, axe):
    page = member_login

    page.goto(f"{live_server.url}/floden/")
    assert axe(page) == []
    page.get_by_role("button", name="Skapa mina adresser").click()
    page.wait_for_url(f"{live_server.url}/floden/")

    token = FeedToken.objects.get().token
    address = f"{live_server.url}/floden/privat/{token}/beslut/"
    assert page.get_by_role("link", name=address, exact=True).count() == 1
    assert axe(page) == []
