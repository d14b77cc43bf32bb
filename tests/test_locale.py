"""Swedish first, English available: the switcher, key pages in English, and a complete catalogue.

The English catalogue is locale/en/LC_MESSAGES/django.po (committed with its compiled .mo). After
adding or changing a string: makemessages -l en, translate the new entries, compilemessages -l en.
"""

import ast
import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from decisions.models import Decision
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
REGENERATE = (
    "run `manage.py makemessages -l en --ignore=.venv --ignore=node_modules "
    "--ignore=staticfiles --ignore=bench --ignore=tests`, translate in "
    "locale/en/LC_MESSAGES/django.po, then `manage.py compilemessages -l en --ignore=.venv`"
)


def po_entries(path):
    """[(flags, fields)] for every live entry of a .po file, header and obsolete (#~) ones left
    out; fields maps msgctxt, msgid, msgid_plural, msgstr, msgstr[0], ... to unescaped text."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags, fields, key = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            entries.append((flags, fields))
    return entries


def msgstrs(fields):
    return [text for key, text in fields.items() if key.startswith("msgstr")]


@pytest.fixture
def english(client):
    """The reader chose English with the switcher in the footer (the language cookie)."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


# The switcher -------------------------------------------------------------------------------


def test_pages_are_swedish_even_for_an_english_browser(client, db):
    response = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "sv"
    assert "Användarnamn" in response.content.decode()


def test_language_switcher_chooses_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/logga-in/"})

    response = client.get("/logga-in/")

    assert response.headers["Content-Language"] == "en"
    assert "Username" in response.content.decode()


# Key pages in English -------------------------------------------------------------------------


def test_login_page_english_shows_english_heading_and_switcher(english):
    response = english.get("/logga-in/")

    content = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in content
    assert "<h1>Sign in</h1>" in content
    assert '<label for="language">Language</label>' in content
    assert '<option value="en" selected>English</option>' in content
    assert "Logga in" not in content


def test_home_page_english_shows_english_lead(english, member):
    english.force_login(member)

    response = english.get("/")

    content = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "<h1>Meetings and decisions</h1>" in content
    assert (
        '<p class="lead">Here you will find the networks’ minutes from every meeting, the '
        "decisions and positions the network has taken, and the actions that follow from them."
        "</p>"
    ) in content
    assert '<label for="sok-q">Search minutes and decisions</label>' in content


def test_decision_list_english_shows_english_heading_and_kind(english, member):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(
        network=network, start_date=dt.date(2024, 11, 8), status=Meeting.Status.PUBLISHED
    )
    day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
    item = AgendaItem.objects.create(day=day, number=4, title="Nära vård")
    Decision.objects.create(
        item=item, kind=Decision.Kind.STALLNINGSTAGANDE, text="Nätverket ställer sig bakom."
    )
    english.force_login(member)

    response = english.get("/beslut/")

    content = response.content.decode()
    assert "<h1>Decisions and positions</h1>" in content
    assert '<span class="kind kind-stallningstagande">Position</span>' in content
    assert "Ställningstagande" not in content


def test_search_page_english_shows_english_label(english, member):
    english.force_login(member)

    response = english.get("/sok/")

    content = response.content.decode()
    assert "<h1>Search the registry</h1>" in content
    assert '<label for="sok-q">Search decisions, items, meetings and people</label>' in content
    assert '<p class="search-message">Enter one or more words and press Search.</p>' in content


# The catalogue ------------------------------------------------------------------------------


def test_english_catalogue_has_every_entry_translated():
    untranslated = [
        fields["msgid"] for _flags, fields in po_entries(PO) if not all(msgstrs(fields))
    ]

    assert untranslated == [], f"Untranslated in English: {untranslated}; {REGENERATE}"


def test_english_catalogue_has_no_fuzzy_entries():
    text = PO.read_text(encoding="utf-8")
    fuzzy = [fields["msgid"] for flags, fields in po_entries(PO) if "fuzzy" in flags]

    assert fuzzy == [], f"Check and unmark these guessed translations: {fuzzy}"
    assert "#, fuzzy" not in text.split("\n\n")[0], "the .po header is marked fuzzy"


def test_english_catalogue_is_compiled():
    """The committed .mo says what the .po says (compilemessages was run after editing)."""
    stale = []
    with translation.override("en"):
        for _flags, fields in po_entries(PO):
            msgid, context = fields["msgid"], fields.get("msgctxt")
            if "msgid_plural" in fields:
                translated = [
                    translation.npgettext(context, msgid, fields["msgid_plural"], n)
                    if context
                    else translation.ngettext(msgid, fields["msgid_plural"], n)
                    for n in (1, 2)
                ]
                expected = [fields["msgstr[0]"], fields["msgstr[1]"]]
            else:
                translated = [
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                ]
                expected = [fields["msgstr"]]
            if translated != expected:
                stale.append(msgid)

    assert stale == [], f"The .mo is out of date for {stale}; {REGENERATE}"


def test_meeting_default_title_follows_the_language(client, db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(
        network=network, start_date=dt.date(2024, 11, 7), status=Meeting.Status.PUBLISHED
    )
    MeetingDay.objects.create(meeting=meeting, date=dt.date(2024, 11, 7))
    named = Meeting.objects.create(
        network=network, start_date=dt.date(2024, 12, 5), title="Protokoll"
    )

    assert meeting.display_title == "Anteckningar"
    with translation.override("en"):
        assert meeting.display_title == "Minutes"
        assert named.display_title == "Protokoll"
