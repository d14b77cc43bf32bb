"""Every response carries a strict policy, bodies are refused before they are read, and
logins are throttled (issue 8, findings 1, 5 and 8)."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from config.security import client_ip
from decisions.models import Decision
from minutes.importing.review import MAX_UPLOAD_TOTAL
from minutes.models import Meeting
from minutes.services import meeting_create, meeting_item_add
from network.models import Network, Organisation, Person

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
MB = 1024 * 1024


# Headers on every page ---------------------------------------------------------------------


@pytest.fixture
def site(db, roles):
    """The demo's published minutes and a draft with one item: ids for every page below."""
    call_command("load_demo", stdout=io.StringIO())
    draft = meeting_create(network=Network.objects.get(), dates=[dt.date(2025, 3, 6)])
    item = meeting_item_add(day=draft.days.get(), title="Nära vård")
    meeting = Meeting.objects.published().order_by("-start_date").first()
    return {
        "meeting": meeting.pk,
        "draft": draft.pk,
        "day": draft.days.get().pk,
        "item": item.pk,
        "decision": Decision.objects.exclude(slug="").first().slug,
        "person": Person.objects.first().pk,
        "organisation": Organisation.objects.first().pk,
    }


@pytest.fixture
def as_persona(client, member, editor):
    def log_in(persona: str) -> Client:
        users = {
            "member": member,
            "editor": editor,
            "admin": User.objects.create_superuser("admin", password="pw-admin-123"),
        }
        if persona in users:
            client.force_login(users[persona])
        return client

    return log_in


PAGES = [
    ("anonymous", "/logga-in/", 200),
    ("anonymous", "/admin/login/", 200),
    ("anonymous", "/", 302),
    ("anonymous", "/finns-inte/", 404),
    ("member", "/", 200),
    ("member", "/moten/", 200),
    ("member", "/moten/{meeting}/", 200),
    ("member", "/moten/{meeting}/utskrift/", 200),
    ("member", "/moten/{meeting}/anteckningar.docx", 200),
    ("member", "/beslut/", 200),
    ("member", "/beslut/{decision}/", 200),
    ("member", "/atgarder/", 200),
    ("member", "/personer/{person}/", 200),
    ("member", "/organisationer/{organisation}/", 200),
    ("member", "/uppdrag/", 200),
    ("member", "/sok/?q=v%C3%A5rd", 200),
    ("member", "/redigera/", 403),
    ("editor", "/redigera/", 200),
    ("editor", "/redigera/moten/nytt/", 200),
    ("editor", "/redigera/moten/{draft}/", 200),
    ("editor", "/redigera/moten/{draft}/uppgifter/", 200),
    ("editor", "/redigera/moten/{draft}/dagar/{day}/narvaro/", 200),
    ("editor", "/redigera/moten/{draft}/dagar/{day}/dagordning/", 200),
    ("editor", "/redigera/moten/{draft}/punkter/{item}/", 200),
    ("editor", "/redigera/moten/{meeting}/historik/", 200),
    ("editor", "/redigera/import/", 200),
    ("admin", "/admin/", 200),
    ("admin", "/admin/minutes/meeting/", 200),
    ("admin", "/admin/minutes/meeting/{meeting}/change/", 200),
    ("admin", "/admin/network/person/add/", 200),
    ("admin", "/admin/axes/accessattempt/", 200),
]


@pytest.mark.parametrize(("persona", "path", "status"), PAGES)
def test_every_page_sends_csp_and_permissions_policy(site, as_persona, persona, path, status):
    client = as_persona(persona)

    response = client.get(path.format(**site))

    assert response.status_code == status
    assert response["Content-Security-Policy"] == CSP
    assert response["Permissions-Policy"].startswith("accelerometer=(), autoplay=(), ")
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_post_response_sends_policies_too(editor_client, site):
    response = editor_client.post(
        reverse("editing:details", args=[site["draft"]]), {"details-version": 1}
    )

    assert response["Content-Security-Policy"] == CSP


def test_templates_have_no_inline_script_or_style():
    """What the policy would break: <script> with code, <style>, style="", on...= handlers."""
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        for pattern in ("<style", "style=", " onclick=", " onload=", " onchange=", "javascript:"):
            if pattern in text:
                offenders.append((path.name, pattern))
        for chunk in text.split("<script")[1:]:
            opening, _, rest = chunk.partition(">")
            if "src=" not in opening and "application/json" not in opening:
                offenders.append((path.name, "<script>"))
            elif not rest.lstrip().startswith("</script>"):
                offenders.append((path.name, "<script>code"))
    assert offenders == []


# Request bodies ------------------------------------------------------------------------------


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def huge_post(client, path: str, size: int = 100 * MB):
    """A POST announcing `size` bytes of multipart upload that must not be read."""
    return client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": Unreadable()},
    )


@pytest.fixture
def csrf_client(db):
    """A client that goes through CSRF checks as a browser does (and so CSRF reads the body)."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize(
    ("path", "login"),
    [
        ("/redigera/import/", "/logga-in/"),
        ("/redigera/moten/nytt/", "/logga-in/"),
        ("/moten/1/", "/logga-in/"),
        ("/admin/minutes/meeting/add/", "/admin/login/"),
    ],
)
def test_anonymous_huge_post_sent_to_login_without_reading_body(csrf_client, path, login):
    response = huge_post(csrf_client, path)

    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={path}"


@pytest.mark.parametrize("path", ["/logga-in/", "/admin/login/", "/i18n/setlang/"])
def test_anonymous_large_post_to_login_refused_without_reading_body(csrf_client, path):
    response = huge_post(csrf_client, path, size=settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    assert response.status_code == 413
    assert "För stort att ta emot" in response.text


def test_editor_post_above_request_cap_refused_without_reading_body(editor, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = huge_post(client, "/redigera/moten/nytt/", size=settings.REQUEST_BODY_MAX_BYTES + 1)

    assert response.status_code == 413
    assert "Det du skickade är 21,0 MB. Här tas högst 21 MB emot" in response.text


def test_import_post_above_its_own_cap_refused_without_reading_body(editor, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = huge_post(client, reverse("importing:upload"), size=MAX_UPLOAD_TOTAL + MB)

    assert response.status_code == 413
    assert "Här tas högst 50 MB emot" in response.text  # several files of at most 10 MB


def test_editor_post_within_cap_is_read(editor_client, site):
    response = editor_client.post(
        reverse("editing:details", args=[site["draft"]]),
        {"details-version": 1, "location": "Gårda"},
    )

    assert response.status_code in {200, 302}


def test_upload_limits_are_set():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.REQUEST_BODY_MAX_BYTES == 21 * MB


# Login throttling ----------------------------------------------------------------------------

LOCKED = "Inloggningen är spärrad en stund"
LOGIN_PAGES = ["/logga-in/", "/admin/login/"]


@pytest.fixture
def staff(db):
    return User.objects.create_user("cecilia", password="ratt-losenord-123", is_staff=True)


def attempt(client, path, username, password, address="192.0.2.10", **extra):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail_five_times(client, path, username="cecilia", address="192.0.2.10"):
    return [attempt(client, path, username, f"fel-{n}", address).status_code for n in range(5)]


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_login_sixth_attempt_refused_even_with_right_password(client, staff, path):
    statuses = fail_five_times(client, path)

    response = attempt(client, path, "cecilia", "ratt-losenord-123")

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert LOCKED in response.text
    assert "Lösenordet var fel 5 gånger i rad för det här användarnamnet." in response.text
    assert "Försök igen om 15 minuter." in response.text
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_login_lockout_page_in_english(client, staff):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    fail_five_times(client, "/logga-in/")

    response = attempt(client, "/logga-in/", "cecilia", "ratt-losenord-123")

    assert response.status_code == 429
    assert "Login locked for a while" in response.text
    assert "Try again in 15 minutes." in response.text


def test_login_other_user_not_locked(client, staff):
    User.objects.create_user("bengt", password="bengts-losenord-123")
    fail_five_times(client, "/logga-in/")

    response = attempt(client, "/logga-in/", "bengt", "bengts-losenord-123")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="bengt").pk)


def test_login_same_user_other_address_not_locked(client, staff):
    fail_five_times(client, "/logga-in/", address="192.0.2.10")

    response = attempt(client, "/logga-in/", "cecilia", "ratt-losenord-123", "198.51.100.7")

    assert response.status_code == 302


def test_login_forwarded_for_ignored_without_trusted_proxy(client, staff):
    for n in range(5):
        attempt(client, "/logga-in/", "cecilia", "fel", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = attempt(
        client, "/logga-in/", "cecilia", "ratt-losenord-123", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )

    assert response.status_code == 429


def test_admin_lifts_lock_then_login_works(client, staff):
    fail_five_times(client, "/logga-in/")
    lock = AccessAttempt.objects.get()
    admin = Client()
    admin.force_login(User.objects.create_superuser("admin", password="pw-admin-123"))

    listing = admin.get("/admin/axes/accessattempt/")
    lifted = admin.post(f"/admin/axes/accessattempt/{lock.pk}/delete/", {"post": "yes"})
    response = attempt(client, "/logga-in/", "cecilia", "ratt-losenord-123")

    assert "cecilia" in listing.text
    assert lifted.status_code == 302
    assert AccessAttempt.objects.count() == 0
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_login_success_resets_failures(client, staff):
    for n in range(4):
        attempt(client, "/logga-in/", "cecilia", f"fel-{n}")
    attempt(client, "/logga-in/", "cecilia", "ratt-losenord-123")
    client.logout()

    statuses = [attempt(client, "/logga-in/", "cecilia", "fel").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


class FakeRequest:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),  # no proxy trusted: the header is anyone's to write
        (1, None, "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own entry is left alone
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies: not to be trusted
    ],
)
def test_client_ip_trusts_forwarded_for_only_behind_configured_proxies(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(FakeRequest("10.0.0.2", forwarded)) == expected
