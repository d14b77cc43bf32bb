"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

`make test` and .ci/run install Chromium (apt) and axe-core (npm) first; never `playwright install`.
"""

import io
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + page with DB access

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    assert Path(CHROMIUM).exists(), (
        "Chromium saknas: kör `make test` (installerar den) eller apt-get install chromium"
    )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def log_in(roles):
    """log_in(page, live_server, username, group): a new user in group, logged in on page."""
    return _log_in


def _log_in(page, live_server, username: str, group: str):
    """Create a user in group and log in through the login form; returns the page."""
    user = User.objects.create_user(username, password="ett-langt-losenord-123")
    user.groups.add(Group.objects.get(name=group))
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("ett-langt-losenord-123")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.fixture
def member_login(live_server, page, roles):
    """A director, logged in."""
    return _log_in(page, live_server, "direktor", "Medlemmar")


@pytest.fixture
def axe():
    return axe_violations


def axe_violations(page) -> list[dict]:
    """WCAG 2 A/AA violations that axe-core finds on the page, in a readable form."""
    assert AXE.exists(), "axe-core saknas: kör `npm ci` (make test gör det)"
    # Evaluated through DevTools, not added as an inline <script>: the page's CSP (script-src
    # 'self') rightly refuses inline scripts, and the test must not weaken the policy.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        "async () => await axe.run(document,"
        " {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture(scope="session", autouse=True)
def _no_stray_database_sessions(django_db_setup, django_db_blocker):
    """End the idle sessions that the live server's request threads leave on PostgreSQL, so that
    the test database can be dropped at the end of the run ("being accessed by other users")."""
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def editor_login(live_server, page, roles):
    """A planning lead, logged in."""
    return _log_in(page, live_server, "planeringsledare", "Planeringsledare")
