"""No page breaks under the Content-Security-Policy (issue 8): Chromium loads the main pages,
reader, editor and admin, and reports every violation it blocks."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User

from decisions.models import Decision
from minutes.models import Meeting
from minutes.services import meeting_create, meeting_item_add
from network.models import Network, Organisation, Person

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data

# Runs before the page's own scripts and is not subject to its policy.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.lineNumber}`);
});
"""
POLICY_MESSAGE = re.compile(r"Content Security Policy|Permissions.Policy|Refused to", re.I)


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and policy complaint in the console collected."""
    console = []

    def collect(message):
        if POLICY_MESSAGE.search(message.text):
            console.append(message.text)

    page.on("console", collect)
    page.add_init_script(LISTEN)
    page.console_messages = console
    return page


def visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.wait_for_load_state("load")
    return page.evaluate("window.__violations") + page.console_messages


def test_pages_load_without_csp_violations(live_server, demo, watched):
    page = watched
    User.objects.create_superuser("admin", password="ett-langt-losenord-123")
    draft = meeting_create(network=Network.objects.get(), dates=[dt.date(2025, 3, 6)])
    day = draft.days.get()
    item = meeting_item_add(day=day, title="Nära vård", body="**Beslut** [GR](https://gr.se)")
    meeting = Meeting.objects.published().order_by("-start_date").first()
    decision = Decision.objects.exclude(slug="").first()
    url = live_server.url

    problems = {}
    problems["/logga-in/"] = visit(page, f"{url}/logga-in/")
    problems["/admin/login/"] = visit(page, f"{url}/admin/login/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("ett-langt-losenord-123")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{url}/admin/")

    paths = [
        "/",
        "/moten/",
        f"/moten/{meeting.pk}/",
        f"/moten/{meeting.pk}/utskrift/",
        "/beslut/",
        f"/beslut/{decision.slug}/",
        "/atgarder/",
        f"/personer/{Person.objects.first().pk}/",
        f"/organisationer/{Organisation.objects.first().pk}/",
        "/uppdrag/",
        "/sok/?q=v%C3%A5rd",
        "/redigera/",
        f"/redigera/moten/{draft.pk}/",
        f"/redigera/moten/{draft.pk}/uppgifter/",
        f"/redigera/moten/{draft.pk}/dagar/{day.pk}/narvaro/",
        f"/redigera/moten/{draft.pk}/dagar/{day.pk}/dagordning/",
        f"/redigera/moten/{draft.pk}/punkter/{item.pk}/",
        "/redigera/import/",
        "/admin/",
        "/admin/minutes/meeting/",
        f"/admin/minutes/meeting/{meeting.pk}/change/",
        f"/admin/minutes/agendaitem/{item.pk}/change/",
        "/admin/network/person/",
        "/admin/network/person/add/",
        "/admin/auth/user/add/",
        "/admin/axes/accessattempt/",
        "/tillganglighet/",
        "/tillganglighet/rapportera/?sida=/",
        "/floden/",
        "/admin/accessibility/accessibilityreport/",
    ]
    for path in paths:
        problems[path] = visit(page, url + path)

    assert {path: found for path, found in problems.items() if found} == {}


def test_editor_script_still_works_under_the_policy(live_server, demo, editor_login, watched):
    """The one script of our own (static/js/editing.js) runs: "add a row" buttons show."""
    page = editor_login
    draft = meeting_create(network=Network.objects.get(), dates=[dt.date(2025, 3, 6)])
    item = meeting_item_add(day=draft.days.get(), title="Nära vård")

    found = visit(page, f"{live_server.url}/redigera/moten/{draft.pk}/punkter/{item.pk}/")

    assert found == []
    assert page.locator("[data-add-row]").first.is_visible()
