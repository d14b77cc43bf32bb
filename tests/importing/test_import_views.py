import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Decision
from minutes.importing.forms import MAX_UPLOAD_SIZE
from minutes.importing.views import SESSION_KEY
from minutes.management.commands.load_demo import Command as LoadDemo
from minutes.models import Attendance, Meeting
from network.models import Network, Person

DEMO = Path(__file__).resolve().parents[2] / "minutes" / "demo"
SEED_000 = "000_0d8f8783dda5ed59.txt"
SEED_002 = "002_d846e48eb771d8d4.txt"
SEED_003 = "003_590e22556c0910f1.txt"
UPLOAD = reverse("importing:upload")
REVIEW = reverse("importing:review")
CONFIRM = reverse("importing:confirm")
CANCEL = reverse("importing:cancel")
STEPS = [
    ("get", UPLOAD),
    ("post", UPLOAD),
    ("get", REVIEW),
    ("post", REVIEW),
    ("post", CONFIRM),
    ("post", CANCEL),
]

MINI = """Anteckningar socialchefsnätverket 2024-03-05

Närvarande:
Anna Andersson, Ale
Bo Bengtsson, Lerum

1. Välkommen
Ordföranden hälsar välkommen. <script>alert("x")</script>

2. Statsbidrag
Beslut: Nätverket ställer sig bakom förslaget.

Antecknat av: Cecilia Axelsson
"""


@pytest.fixture
def network(db):
    """Socialchefsnätverket with GR and the 13 municipalities, as load_demo sets them up."""
    return LoadDemo().setup_network()


def seed(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DEMO / name).read_bytes(), content_type="text/plain")


def upload(client, network, file):
    return client.post(UPLOAD, {"file": file, "network": network.pk})


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), Person.objects.count(), Decision.objects.count()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "url"), STEPS)
def test_import_views_member_forbidden(member_client, method, url):
    response = getattr(member_client, method)(url)

    assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), STEPS)
def test_import_views_anonymous_sent_to_login(client, db, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_confirm_get_not_allowed(editor_client):
    response = editor_client.get(CONFIRM)

    assert response.status_code == 405


# upload ------------------------------------------------------------------------------------


def test_upload_form_editor_sees_form_with_first_network_chosen(editor_client, network):
    Network.objects.create(name="Ö-nätverket", slug="o-natverket")

    response = editor_client.get(UPLOAD)

    assert response.status_code == 200
    assert response.context["form"]["network"].value() == network.pk
    assert "Importera anteckningar" in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_upload_seed_redirects_to_review_and_keeps_text_in_session(editor_client, network):
    response = upload(editor_client, network, seed(SEED_000))

    assert response.status_code == 302
    assert response["Location"] == REVIEW
    pending = editor_client.session[SESSION_KEY]
    assert pending["filename"] == SEED_000
    assert pending["network"] == network.pk
    assert pending["first_date"] == "2024-11-07"
    assert pending["date_source"] == "suggested"
    assert pending["text"].startswith((DEMO / SEED_000).read_text()[:40])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("tom.txt", b"", "Filen är tom."),
        ("blank.txt", b"   \n\n  ", "Filen är tom."),
        ("skrap.txt", bytes(range(256)) * 8, "Filen ser inte ut att vara text (binärt innehåll)."),
        ("trasig.pdf", b"%PDF-1.4 junk", "PDF-filen kunde inte läsas"),
        ("trasig.docx", b"PK junk", "Word-filen kunde inte läsas"),
        ("program.exe", b"MZ\x90\x00 junk", "Filtypen .exe stöds inte"),
        ("utan-filandelse", b"Anteckningar", "Filtypen (utan filändelse) stöds inte"),
    ],
)
def test_upload_broken_file_shows_swedish_error_and_saves_nothing(
    editor_client, network, name, data, message
):
    before = counts()

    response = upload(editor_client, network, SimpleUploadedFile(name, data))

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert message in response.text
    assert 'class="error-summary"' in response.text
    assert SESSION_KEY not in editor_client.session
    assert counts() == before


def test_upload_too_big_file_refused(editor_client, network):
    big = SimpleUploadedFile("stor.txt", b"a" * (MAX_UPLOAD_SIZE + 1))

    response = upload(editor_client, network, big)

    assert response.context["form"].errors["file"] == [
        "Filen är för stor (10,0\xa0MB): den får vara högst 10,0\xa0MB."
    ]
    assert SESSION_KEY not in editor_client.session


def test_upload_without_file_asks_for_one(editor_client, network):
    response = editor_client.post(UPLOAD, {"network": network.pk})

    assert response.context["form"].errors["file"] == ["Välj en fil med anteckningar."]


def test_upload_docx_is_read(editor_client, network):
    file = SimpleUploadedFile("mote.docx", docx_bytes(MINI))

    response = upload(editor_client, network, file)

    assert response.status_code == 302
    pending = editor_client.session[SESSION_KEY]
    assert pending["date_source"] == "text"
    assert pending["first_date"] == "2024-03-05"
    assert "Anna Andersson, Ale" in pending["text"]


# review ------------------------------------------------------------------------------------


def test_review_without_upload_redirects_to_upload(editor_client, network):
    response = editor_client.get(REVIEW)

    assert response.status_code == 302
    assert response["Location"] == UPLOAD


def test_review_seed_shows_attendees_items_decisions_and_suggested_date(editor_client, network):
    upload(editor_client, network, seed(SEED_000))

    response = editor_client.get(REVIEW)

    assert response.status_code == 200
    page = response.text
    assert response.context["counts"] == {
        "days": 2,
        "attendees": 22,
        "items": 16,
        "decisions": 3,
        "new": 16,
        "duplicates": 0,
    }
    assert response.context["form"]["first_date"].value() == dt.date(2024, 11, 7)
    assert 'value="2024-11-07"' in page
    assert "Texten anger inget fullständigt datum." in page
    assert "Dagrubriken ”7 november” saknar år." in page
    assert "Christina Alvelin" in page
    assert "Cecilia Axelsson" in page
    assert "torsdag 7 november 2024" in page
    assert "fredag 8 november 2024" in page
    assert page.count('class="decision kind-') == 3
    assert page.count('class="match match-new"') == 22 + 1  # attendees on both days, recorder
    assert [g["name"] for g in response.context["days"][0]["groups"]] == ["Nätverket"]
    assert 'class="import-text"' in page
    assert Meeting.objects.count() == 0


def test_review_marks_existing_people_and_probable_duplicates(editor_client, network):
    existing = Person.objects.create(full_name="Christina Alvelin")
    similar = Person.objects.create(full_name="Monika Bondesson")
    text = MINI.replace("Bo Bengtsson", "Monica Bondesson").replace(
        "Anna Andersson", "Christina Alvelin"
    )
    upload(editor_client, network, SimpleUploadedFile("mote.txt", text.encode()))

    response = editor_client.get(REVIEW)

    page = response.text
    assert f'<a href="/personer/{existing.pk}/">Christina Alvelin</a>' in page
    assert '<span class="match match-existing">Befintlig</span>' in page
    assert f'Trolig dubblett av <a href="/personer/{similar.pk}/">Monika Bondesson</a>' in page
    assert response.context["counts"]["new"] == 2
    assert response.context["counts"]["duplicates"] == 1


def test_review_groups_attendees_as_on_the_minutes(editor_client, network):
    upload(editor_client, network, seed(SEED_002))

    response = editor_client.get(REVIEW)

    groups = response.context["days"][0]["groups"]
    assert [(g["name"], len(g["attendees"])) for g in groups] == [
        ("Nätverket", 15),
        ("GR", 5),
        ("Gäster", 4),
    ]
    assert '<p class="group-name">Gäster</p>' in response.text


def test_review_shows_parser_warnings(editor_client, network):
    upload(editor_client, network, seed(SEED_002))

    response = editor_client.get(REVIEW)

    assert "Att kontrollera" in response.text
    assert "Eva Klang Vänerklint saknar organisation i närvarolistan." in response.text


def test_review_shows_day_intro_not_understood(editor_client, network):
    upload(editor_client, network, seed("001_4cc22e867b9cf45a.txt"))

    response = editor_client.get(REVIEW)

    assert "Text före första punkten (inte tolkad)" in response.text
    assert "Lena Holmlund hälsar som ny avdelningschef" in response.text


def test_review_escapes_text_from_file(editor_client, network):
    upload(editor_client, network, SimpleUploadedFile("mote.md", MINI.encode()))

    response = editor_client.get(REVIEW)

    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text


def test_review_date_post_reparses_with_first_date(editor_client, network):
    upload(editor_client, network, seed(SEED_003))

    response = editor_client.post(REVIEW, {"first_date": "2023-12-14"})

    assert response.status_code == 302
    assert response["Location"] == REVIEW
    assert editor_client.session[SESSION_KEY]["first_date"] == "2023-12-14"
    page = editor_client.get(REVIEW)
    assert "torsdag 14 december 2023" in page.text
    assert "Du har angett datumet nedan." in page.text
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Ange mötets första dag."), ("14/12", "Ange datumet som")],
)
def test_review_date_post_invalid_shows_error(editor_client, network, value, message):
    upload(editor_client, network, seed(SEED_003))

    response = editor_client.post(REVIEW, {"first_date": value})

    assert response.status_code == 200
    assert response.context["form"].errors["first_date"][0].startswith(message)
    assert 'href="#id_first_date"' in response.text
    assert editor_client.session[SESSION_KEY]["first_date"] == "2023-12-05"


def test_review_warns_when_meeting_exists(editor_client, network):
    meeting = Meeting.objects.create(network=network, start_date="2024-11-07")
    upload(editor_client, network, seed(SEED_000))

    response = editor_client.get(REVIEW)

    assert response.context["existing"] == meeting
    assert "Mötet finns redan." in response.text


@pytest.mark.parametrize("seed_name", [SEED_003, SEED_000])
@pytest.mark.parametrize("people", [False, True])
def test_review_queries_bounded(
    editor_client, network, django_assert_max_num_queries, seed_name, people
):
    if people:  # a registry with the five demo meetings and their people
        call_command("load_demo", stdout=io.StringIO())
    upload(editor_client, network, seed(seed_name))

    # session, user, 2 permissions, network, 2 organisation names for the parser,
    # 2 people for matching, 2 for "does the meeting exist" (by date, by text)
    with django_assert_max_num_queries(11):
        response = editor_client.get(REVIEW)

    assert response.status_code == 200


# confirm -----------------------------------------------------------------------------------


def test_confirm_creates_one_draft_meeting(editor_client, network):
    upload(editor_client, network, seed(SEED_000))
    editor_client.get(REVIEW)
    assert counts() == (0, 0, 0)  # nothing saved by the upload and the review

    response = editor_client.post(CONFIRM, {"first_date": "2024-11-07"}, follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.start_date.isoformat() == "2024-11-07"
    assert meeting.source_filename == SEED_000
    assert meeting.days.count() == 2
    assert Attendance.objects.filter(day__meeting=meeting).count() == 22
    assert sum(day.items.count() for day in meeting.days.all()) == 16
    assert Decision.objects.filter(item__day__meeting=meeting).count() == 3
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Utkastet Socialchefsnätverket 2024-11-07 är skapat. "
        "Nya personer: 16. Troliga dubbletter: 0."
    ]
    assert SESSION_KEY not in editor_client.session


def test_confirm_with_corrected_date_uses_it(editor_client, network):
    upload(editor_client, network, seed(SEED_003))

    editor_client.post(CONFIRM, {"first_date": "2023-12-14"})

    assert Meeting.objects.get().start_date.isoformat() == "2023-12-14"


def test_confirm_without_date_shows_error_and_saves_nothing(editor_client, network):
    upload(editor_client, network, seed(SEED_003))

    response = editor_client.post(CONFIRM, {"first_date": ""})

    assert response.status_code == 200
    assert response.context["form"].errors["first_date"] == ["Ange mötets första dag."]
    assert counts() == (0, 0, 0)


def test_confirm_same_minutes_twice_says_it_exists(editor_client, network):
    upload(editor_client, network, seed(SEED_000))
    editor_client.post(CONFIRM, {"first_date": "2024-11-07"}, follow=True)
    meeting = Meeting.objects.get()
    upload(editor_client, network, seed(SEED_000))
    before = counts()

    response = editor_client.post(CONFIRM, {"first_date": "2024-11-07"}, follow=True)

    assert response.redirect_chain == [(REVIEW, 302)]
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"Mötet finns redan: {meeting} (id {meeting.pk}). Inget sparades."]
    assert counts() == before
    assert SESSION_KEY in editor_client.session


def test_confirm_same_text_other_date_says_it_exists(editor_client, network):
    upload(editor_client, network, seed(SEED_003))
    editor_client.post(CONFIRM, {"first_date": "2023-12-14"}, follow=True)
    upload(editor_client, network, seed(SEED_003))

    response = editor_client.post(CONFIRM, {"first_date": "2023-12-15"}, follow=True)

    assert Meeting.objects.count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        f"Mötet finns redan: {Meeting.objects.get()} (id {Meeting.objects.get().pk}). "
        "Inget sparades."
    ]


def test_confirm_without_upload_redirects(editor_client, network):
    response = editor_client.post(CONFIRM, {"first_date": "2024-11-07"})

    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert Meeting.objects.count() == 0


def test_cancel_clears_session_and_saves_nothing(editor_client, network):
    upload(editor_client, network, seed(SEED_000))

    response = editor_client.post(CANCEL, follow=True)

    assert response.redirect_chain == [(UPLOAD, 302)]
    assert SESSION_KEY not in editor_client.session
    assert [str(m) for m in response.context["messages"]] == ["Importen avbröts. Inget sparades."]
    assert counts() == (0, 0, 0)


def test_upload_page_offers_to_continue_pending_import(editor_client, network):
    upload(editor_client, network, seed(SEED_000))

    response = editor_client.get(UPLOAD)

    assert f"Du har en påbörjad import av {SEED_000}." in response.text


def test_confirm_records_who_confirmed_the_date(editor_client, network):
    upload(editor_client, network, seed(SEED_003))

    editor_client.post(CONFIRM, {"first_date": "2023-12-14"})

    assert Meeting.objects.get().date_note.startswith(
        "Datumet 2023-12-14 bekräftades av editor vid importen (texten föreslog 2023-12"
    )
