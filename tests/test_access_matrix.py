"""The access matrix (issue 8): every URL of the registry for every persona, with a draft-only
person, organisation, matter and attachment present.

Personas: anonymous, anonymous with REGISTRY_PUBLIC on (the setting is read per request by
minutes.access.reader_required), a member, a planning lead (editor) and an administrator
(superuser). Each URL is asked with GET; the exact status is asserted, and no page shown to
anybody but an editor or administrator carries a name that only the draft has.

A new URL must be added here: test_matrix_covers_every_url fails until it is.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import strip_tags

from alerts.services import unsubscribe_token
from decisions.models import Action, Decision
from minutes.importing.review import pending_import_create
from minutes.models import AgendaItem, Attachment, Matter, Meeting
from minutes.services import meeting_publish, minutes_import, minutes_parse
from network.models import Network, Organisation, Person

# Written only in the draft: no reader other than editors may see any of them.
DRAFT_ONLY = [
    "Ulrika Utkastsson",
    "Utkastsson",
    "Utkastbolaget AB",
    "Utkastärendet",
    "Utkastbilaga",
    "hemliga utkastbeslutet",
]

PUBLISHED_MINUTES = """Anteckningar socialchefsnätverket 2025-02-05

Närvarande:
Petra Publicerad, Ale

1. Nära vård
Beslut: Nätverket ställer sig bakom färdplanen för nära vård.
Petra Publicerad återkommer med underlag till nästa möte.
"""

DRAFT_MINUTES = """Anteckningar socialchefsnätverket 2025-03-05

Närvarande:
Petra Publicerad, Ale
Ulrika Utkastsson, Utkastbolaget AB

1. Samverkansavtal
Beslut: Nätverket ställer sig bakom det hemliga utkastbeslutet.
"""


def import_minutes(network, text, *, publish):
    return minutes_import(
        parsed=minutes_parse(text=text), network=network, source_text=text, publish=publish
    ).meeting


def attach(meeting, title, sample_pdf):
    item = AgendaItem.objects.filter(day__meeting=meeting).order_by("number").first()
    return Attachment.objects.create(
        item=item, title=title, file=ContentFile(sample_pdf, name="bilaga.pdf")
    )


NO_TOKEN = "x" * 43
ALERT_TOKEN = unsubscribe_token(user_id=999_999, alert_id=999_999)
PENDING_MINUTES = (
    "Anteckningar 2025-03-03\n\nNärvarande: Vera Väntande, Ale\n\n1. Öppnande\nText.\n"
)


@pytest.fixture
def registry(db, roles, sample_files):
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")
    Organisation.objects.create(name="Ale kommun", short_name="Ale", kind="municipality")
    published = import_minutes(network, PUBLISHED_MINUTES, publish=False)
    meeting_publish(meeting=published, version=published.version)
    draft = import_minutes(network, DRAFT_MINUTES, publish=False)
    matter = Matter.objects.create(network=network, title="Utkastärendet", draft_meeting=draft)
    AgendaItem.objects.filter(day__meeting=draft).update(matter=matter)
    draft_item = AgendaItem.objects.get(day__meeting=draft)
    draft_action = Action.objects.create(item=draft_item, text="Skicka ut avtalet")
    return {
        "network": network,
        "published": published,
        "published_day": published.days.get(),
        "published_item": AgendaItem.objects.get(day__meeting=published),
        "published_decision": Decision.objects.get(item__day__meeting=published),
        "published_attachment": attach(published, "Färdplan", sample_files[".pdf"]),
        "petra": Person.objects.get(full_name="Petra Publicerad"),
        "ale": Organisation.objects.get(short_name="Ale"),
        "draft": draft,
        "draft_day": draft.days.get(),
        "draft_item": draft_item,
        "draft_decision": Decision.objects.get(item__day__meeting=draft),
        "draft_attachment": attach(draft, "Utkastbilaga", sample_files[".pdf"]),
        "draft_action": draft_action,
        "published_action": Action.objects.create(
            item=AgendaItem.objects.get(day__meeting=published), text="Skicka färdplanen"
        ),
        "ulrika": Person.objects.get(full_name="Ulrika Utkastsson"),
        "company": Organisation.objects.get(name="Utkastbolaget AB"),
        "matter": matter,
        "pending": pending_import_create(
            text=PENDING_MINUTES, filename="vantande.txt", network=network, user=None
        ),
    }


def url_for(name: str, r: dict) -> str:
    """The address of one row of the matrix, with the registry's ids."""
    draft, item, day = r["draft"].pk, r["draft_item"].pk, r["draft_day"].pk
    slug = r["network"].slug
    published = r["published"].pk
    urls = {
        "home": reverse("home"),
        "healthz": "/healthz",
        "login": reverse("login"),
        "logout": reverse("logout"),
        "set_language": reverse("set_language"),
        "admin": reverse("admin:index"),
        "admin person (draft)": reverse("admin:network_person_change", args=[r["ulrika"].pk]),
        "minutes:meeting_list": reverse("minutes:meeting_list"),
        "minutes:meeting (published)": reverse("minutes:meeting", args=[published]),
        "minutes:meeting (draft)": reverse("minutes:meeting", args=[draft]),
        "minutes:attachment (published)": reverse(
            "minutes:attachment", args=[r["published_attachment"].pk]
        ),
        "minutes:attachment (draft)": reverse(
            "minutes:attachment", args=[r["draft_attachment"].pk]
        ),
        "decisions:decision_list": reverse("decisions:decision_list"),
        "decisions:decision_list (draft matter)": reverse("decisions:decision_list")
        + f"?matter={r['matter'].pk}",
        "decisions:decision (published)": r["published_decision"].get_absolute_url(),
        "decisions:decision (draft)": r["draft_decision"].get_absolute_url(),
        "decisions:action_list": reverse("decisions:action_list"),
        "decisions:person_suggestions": reverse("decisions:person_suggestions") + "?q=tkast",
        "network:person (published)": r["petra"].get_absolute_url(),
        "network:person (draft)": r["ulrika"].get_absolute_url(),
        "network:organisation (published)": r["ale"].get_absolute_url(),
        "network:organisation (draft)": r["company"].get_absolute_url(),
        "network:appointment_list": reverse("network:appointment_list") + "?visa=alla",
        # Words the page repeats in its search box, not the secrets themselves.
        "search:search (draft person)": reverse("search:search") + "?q=Ulrika",
        "search:search (draft words)": reverse("search:search") + "?q=utkastbeslutet",
        "exporting:print (published)": reverse("exporting:print", args=[published]),
        "exporting:print (draft)": reverse("exporting:print", args=[draft]),
        "exporting:pdf (published)": reverse("exporting:pdf", args=[published]),
        "exporting:pdf (draft)": reverse("exporting:pdf", args=[draft]),
        "exporting:docx (published)": reverse("exporting:docx", args=[published]),
        "exporting:docx (draft)": reverse("exporting:docx", args=[draft]),
        "editing:dashboard": reverse("editing:dashboard"),
        "editing:meeting_new": reverse("editing:meeting_new"),
        "editing:action_close": reverse("editing:action_close", args=[r["published_action"].pk]),
        "editing:action_renew": reverse("editing:action_renew", args=[r["published_action"].pk]),
        "editing:action_responsible": reverse("editing:action_responsible"),
        "editing:meeting": reverse("editing:meeting", args=[draft]),
        "editing:details": reverse("editing:details", args=[draft]),
        "editing:attendance": reverse("editing:attendance", args=[draft, day]),
        "editing:agenda": reverse("editing:agenda", args=[draft, day]),
        "editing:item_take_up": reverse(
            "editing:item_take_up", args=[draft, day, r["published_item"].pk]
        ),
        "editing:item": reverse("editing:item", args=[draft, item]),
        "editing:action_done": reverse("editing:action_done", args=[draft, r["draft_action"].pk]),
        "editing:publish": reverse("editing:publish", args=[draft]),
        "editing:reopen (draft)": reverse("editing:reopen", args=[draft]),
        "editing:reopen (published)": reverse("editing:reopen", args=[published]),
        "editing:discard": reverse("editing:discard", args=[draft]),
        "editing:history": reverse("editing:history", args=[draft]),
        "importing:upload": reverse("importing:upload"),
        "importing:review": reverse("importing:review", args=[r["pending"].pk]),
        "accessibility:statement": reverse("accessibility:statement"),
        "accessibility:report": reverse("accessibility:report"),
        "feeds:index": reverse("feeds:index"),
        "feeds:renew": reverse("feeds:renew"),
        "feeds:decisions": reverse("feeds:decisions"),
        "feeds:network_decisions": reverse("feeds:network_decisions", args=[slug]),
        "feeds:meetings": reverse("feeds:meetings"),
        "feeds:network_meetings": reverse("feeds:network_meetings", args=[slug]),
        "feeds:calendar": reverse("feeds:calendar", args=[slug]),
        # an unknown token: the private addresses answer nobody (tests/feeds: a member's token)
        "feeds:private_decisions": reverse("feeds:private_decisions", args=[NO_TOKEN]),
        "feeds:private_network_decisions": reverse(
            "feeds:private_network_decisions", args=[NO_TOKEN, slug]
        ),
        "feeds:private_meetings": reverse("feeds:private_meetings", args=[NO_TOKEN]),
        "feeds:private_network_meetings": reverse(
            "feeds:private_network_meetings", args=[NO_TOKEN, slug]
        ),
        "feeds:private_calendar": reverse("feeds:private_calendar", args=[NO_TOKEN, slug]),
        "feeds:meeting_calendar (published)": reverse("feeds:meeting_calendar", args=[published]),
        "feeds:meeting_calendar (draft)": reverse("feeds:meeting_calendar", args=[draft]),
        "api:api-root": "/api/v1/",
        "api:openapi-json": "/api/v1/openapi.json",
        "api:network_list": "/api/v1/networks",
        "api:network_detail": f"/api/v1/networks/{slug}",
        "api:meeting_list": "/api/v1/meetings",
        "api:meeting_detail (published)": f"/api/v1/meetings/{published}",
        "api:meeting_detail (draft)": f"/api/v1/meetings/{draft}",
        "api:decision_list": "/api/v1/decisions",
        "api:decision_detail (published)": f"/api/v1/decisions/{r['published_decision'].slug}",
        "api:decision_detail (draft)": f"/api/v1/decisions/{r['draft_decision'].slug}",
        "api:action_list": "/api/v1/actions",
        "api:person_list": "/api/v1/people",
        "api:person_detail (published)": f"/api/v1/people/{r['petra'].pk}",
        "api:person_detail (draft)": f"/api/v1/people/{r['ulrika'].pk}",
        "importing:discard": reverse("importing:discard", args=[r["pending"].pk]),
        "alerts:index": reverse("alerts:index"),
        "alerts:create": reverse("alerts:create"),
        "alerts:remove": reverse("alerts:remove", args=[1]),
        "alerts:language": reverse("alerts:language"),
        # the e-mail's link: a token that does not verify, and one whose alert is gone
        "alerts:unsubscribe (tampered)": reverse("alerts:unsubscribe", args=["x" + ALERT_TOKEN]),
        "alerts:unsubscribe (ended)": reverse("alerts:unsubscribe", args=[ALERT_TOKEN]),
    }
    return urls[name]


ANON, PUBLIC, MEMBER, EDITOR, ADMIN = "anonymous", "public", "member", "editor", "admin"
PERSONAS = [ANON, PUBLIC, MEMBER, EDITOR, ADMIN]

# Reader pages: login first unless REGISTRY_PUBLIC; drafts are 404 for all but editors.
READ = {ANON: 302, PUBLIC: 200, MEMBER: 200, EDITOR: 200, ADMIN: 200}
READ_DRAFT = {ANON: 302, PUBLIC: 404, MEMBER: 404, EDITOR: 200, ADMIN: 200}
# Editing pages: login first, 403 for members; POST-only views answer a GET with 405.
EDIT = {ANON: 302, PUBLIC: 302, MEMBER: 403, EDITOR: 200, ADMIN: 200}
EDIT_POST_ONLY = {ANON: 302, PUBLIC: 302, MEMBER: 403, EDITOR: 405, ADMIN: 405}
# An editor redirected on (reopening a draft, a review with nothing pending).
EDIT_REDIRECT = {ANON: 302, PUBLIC: 302, MEMBER: 403, EDITOR: 302, ADMIN: 302}
# The admin: staff only; everyone else is sent to its login page.
OPEN = {ANON: 200, PUBLIC: 200, MEMBER: 200, EDITOR: 200, ADMIN: 200}
NOBODY = {ANON: 404, PUBLIC: 404, MEMBER: 404, EDITOR: 404, ADMIN: 404}
READER_POST_ONLY = {ANON: 302, PUBLIC: 302, MEMBER: 405, EDITOR: 405, ADMIN: 405}
# the API: 401 instead of the login page; drafts for nobody, editors included
API = {ANON: 401, PUBLIC: 200, MEMBER: 200, EDITOR: 200, ADMIN: 200}
API_DRAFT = {ANON: 401, PUBLIC: 404, MEMBER: 404, EDITOR: 404, ADMIN: 404}
# Signed-in pages that do not depend on the registry being public (a member's own alerts).
SIGNED_IN = {ANON: 302, PUBLIC: 302, MEMBER: 200, EDITOR: 200, ADMIN: 200}
ADMIN_ONLY = {ANON: 302, PUBLIC: 302, MEMBER: 302, EDITOR: 302, ADMIN: 200}
EVERYONE = dict.fromkeys(PERSONAS, 200)

MATRIX = {
    "home": READ,
    "healthz": EVERYONE,
    "login": EVERYONE,
    "logout": dict.fromkeys(PERSONAS, 405),  # POST only (Django's LogoutView)
    "set_language": dict.fromkeys(PERSONAS, 302),  # a GET changes nothing, back to the page
    "admin": ADMIN_ONLY,
    "admin person (draft)": ADMIN_ONLY,
    "minutes:meeting_list": READ,
    "minutes:meeting (published)": READ,
    "minutes:meeting (draft)": READ_DRAFT,
    "minutes:attachment (published)": READ,
    "minutes:attachment (draft)": READ_DRAFT,
    "decisions:decision_list": READ,
    "decisions:decision_list (draft matter)": READ,  # the filter's error, not the matter
    "decisions:decision (published)": READ,
    "decisions:decision (draft)": READ_DRAFT,
    "decisions:action_list": READ,
    "decisions:person_suggestions": READ,  # JSON; "tkast" finds Ulrika Utkastsson for editors
    "network:person (published)": READ,
    "network:person (draft)": READ_DRAFT,
    "network:organisation (published)": READ,
    "network:organisation (draft)": READ_DRAFT,
    "network:appointment_list": READ,
    "search:search (draft person)": READ,
    "search:search (draft words)": READ,
    "exporting:print (published)": READ,
    "exporting:print (draft)": READ_DRAFT,
    "exporting:pdf (published)": READ,
    "exporting:pdf (draft)": READ_DRAFT,
    "exporting:docx (published)": READ,
    "exporting:docx (draft)": READ_DRAFT,
    "editing:dashboard": EDIT,
    "editing:meeting_new": EDIT,
    "editing:action_close": EDIT_POST_ONLY,
    "editing:action_renew": EDIT_POST_ONLY,
    "editing:action_responsible": EDIT,
    "editing:meeting": EDIT,
    "editing:details": EDIT,
    "editing:attendance": EDIT,
    "editing:agenda": EDIT,
    "editing:item_take_up": EDIT_POST_ONLY,
    "editing:item": EDIT,
    "editing:action_done": EDIT_POST_ONLY,
    "editing:publish": EDIT,
    "editing:reopen (draft)": EDIT_REDIRECT,  # already a draft: back to its task list
    "editing:reopen (published)": EDIT,
    "editing:discard": EDIT,
    "editing:history": EDIT,
    "importing:upload": EDIT,
    "importing:review": EDIT,
    "importing:discard": EDIT_POST_ONLY,
    "accessibility:statement": OPEN,
    "accessibility:report": OPEN,
    "feeds:index": READ,
    "feeds:renew": READER_POST_ONLY,
    "feeds:decisions": READ,
    "feeds:network_decisions": READ,
    "feeds:meetings": READ,
    "feeds:network_meetings": READ,
    "feeds:calendar": READ,
    "feeds:private_decisions": NOBODY,
    "feeds:private_network_decisions": NOBODY,
    "feeds:private_meetings": NOBODY,
    "feeds:private_network_meetings": NOBODY,
    "feeds:private_calendar": NOBODY,
    "feeds:meeting_calendar (published)": READ,
    "feeds:meeting_calendar (draft)": READ_DRAFT,
    "api:api-root": NOBODY,
    "api:openapi-json": OPEN,
    "api:network_list": API,
    "api:network_detail": API,
    "api:meeting_list": API,
    "api:meeting_detail (published)": API,
    "api:meeting_detail (draft)": API_DRAFT,
    "api:decision_list": API,
    "api:decision_detail (published)": API,
    "api:decision_detail (draft)": API_DRAFT,
    "api:action_list": API,
    "api:person_list": API,
    "api:person_detail (published)": API,
    "api:person_detail (draft)": API_DRAFT,
    "alerts:index": SIGNED_IN,
    "alerts:create": READER_POST_ONLY,
    "alerts:remove": READER_POST_ONLY,
    "alerts:language": READER_POST_ONLY,
    "alerts:unsubscribe (tampered)": dict.fromkeys(PERSONAS, 400),
    "alerts:unsubscribe (ended)": EVERYONE,
}
SEES_DRAFTS = {EDITOR, ADMIN}


@pytest.fixture
def as_persona(client, settings, member, editor):
    def log_in(persona):
        settings.REGISTRY_PUBLIC = persona == PUBLIC
        if persona == MEMBER:
            client.force_login(member)
        elif persona == EDITOR:
            client.force_login(editor)
        elif persona == ADMIN:
            client.force_login(User.objects.create_superuser("admin", password="pw-admin-123"))
        return client

    return log_in


def body(response) -> str:
    """The response as text without tags (a search hit reads "<mark>Ulrika</mark> Utkastsson")."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return " ".join(strip_tags(content.decode(errors="replace")).split())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(MATRIX))
def test_access_matrix(as_persona, registry, name, persona):
    client = as_persona(persona)

    response = client.get(url_for(name, registry))

    assert response.status_code == MATRIX[name][persona]
    if persona not in SEES_DRAFTS:
        page = body(response)
        assert [secret for secret in DRAFT_ONLY if secret in page] == []


def test_draft_only_names_are_on_the_editors_pages(as_persona, registry):
    """The matrix's negative check means something: the same pages name them for editors."""
    client = as_persona(EDITOR)

    pages = {
        name: body(client.get(url_for(name, registry)))
        for name in [
            "network:person (draft)",
            "network:organisation (draft)",
            "search:search (draft person)",
            "decisions:decision_list (draft matter)",
            "minutes:meeting (draft)",
        ]
    }

    assert "Ulrika Utkastsson" in pages["network:person (draft)"]
    assert "Utkastbolaget AB" in pages["network:organisation (draft)"]
    assert "Ulrika Utkastsson" in pages["search:search (draft person)"]
    assert "Utkastärendet" in pages["decisions:decision_list (draft matter)"]
    assert "Utkastbilaga" in pages["minutes:meeting (draft)"]
    assert "hemliga utkastbeslutet" in pages["minutes:meeting (draft)"]


def url_names(patterns=None, namespace=""):
    """Every named URL of the registry's URLconfs (the admin's own pages aside)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_matrix_covers_every_url():
    covered = {name.split(" (")[0] for name in MATRIX}

    assert set(url_names()) - covered == set()


def test_matrix_registry_has_exactly_one_draft_only_of_each(registry):
    assert Person.objects.filter(draft_meeting=registry["draft"]).count() == 1
    assert Organisation.objects.filter(draft_meeting=registry["draft"]).count() == 1
    assert Matter.objects.filter(draft_meeting=registry["draft"]).count() == 1
    assert registry["draft"].status == Meeting.Status.DRAFT
    assert registry["published"].start_date == dt.date(2025, 2, 5)
