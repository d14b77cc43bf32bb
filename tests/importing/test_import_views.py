import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Decision
from minutes.importing.review import MAX_UPLOAD_SIZE
from minutes.models import Attendance, Meeting, PendingImport
from minutes.parsing import ParsedAttendee
from network.models import Network, Organisation, Person

from .conftest import TEXT, form_data, parsed_minutes, review_url

DEMO = Path(__file__).resolve().parents[2] / "minutes" / "demo"
SEED_000 = "000_0d8f8783dda5ed59.txt"
SEED_002 = "002_d846e48eb771d8d4.txt"
SEED_003 = "003_590e22556c0910f1.txt"
UPLOAD = reverse("importing:upload")
DASHBOARD = reverse("editing:dashboard")

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


def seed(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DEMO / name).read_bytes(), content_type="text/plain")


def upload(client, network, *files):
    return client.post(UPLOAD, {"files": list(files), "network": network.pk})


def counts() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        Person.objects.count(),
        Decision.objects.count(),
        Organisation.objects.count(),
    )


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def post(client, pending, changes=None, action="save", remove=(), follow=False):
    """Post the review form as the page shows it, with changes on top."""
    data = form_data(client.get(review_url(pending)))
    data.update(changes or {})
    for name in remove:
        data.pop(name, None)
    data["action"] = action
    return client.post(review_url(pending), data, follow=follow)


def stored(pending) -> dict:
    pending.refresh_from_db()
    return pending.parsed


# access ------------------------------------------------------------------------------------


def views(pending):
    return [
        ("get", UPLOAD),
        ("post", UPLOAD),
        ("get", review_url(pending)),
        ("post", review_url(pending)),
        ("post", reverse("importing:discard", args=[pending.pk])),
    ]


def test_import_views_member_forbidden(member_client, pending):
    for method, url in views(pending):
        response = getattr(member_client, method)(url)

        assert (method, url, response.status_code) == (method, url, 403)
    assert PendingImport.objects.count() == 1


def test_import_views_anonymous_sent_to_login(client, pending):
    for method, url in views(pending):
        response = getattr(client, method)(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    assert PendingImport.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "name"), [("get", "review"), ("post", "review"), ("post", "discard")]
)
def test_import_gone_sends_to_task_page_with_a_word(editor_client, db, method, name):
    response = getattr(editor_client, method)(reverse(f"importing:{name}", args=[999]), follow=True)

    assert response.redirect_chain == [(DASHBOARD + "#granskningar", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Importen finns inte längre: den är bekräftad eller kastad."
    ]


def test_post_without_the_form_changes_nothing(editor_client, pending):
    response = editor_client.post(review_url(pending), {"action": "confirm"})

    assert response.status_code == 200
    assert "Någon annan har sparat granskningen medan du rättade." in response.text
    assert (stored(pending)["days"][0]["items"][0]["title"], pending.revision) == ("Välkommen", 1)
    assert Meeting.objects.count() == 0


def test_confirm_twice_second_click_finds_it_done(editor_client, pending):
    data = form_data(editor_client.get(review_url(pending)))
    data["action"] = "confirm"
    editor_client.post(review_url(pending), data, follow=True)

    response = editor_client.post(review_url(pending), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Importen finns inte längre: den är bekräftad eller kastad."
    ]
    assert Meeting.objects.count() == 1


def test_discard_get_not_allowed(editor_client, pending):
    response = editor_client.get(reverse("importing:discard", args=[pending.pk]))

    assert response.status_code == 405


# upload ------------------------------------------------------------------------------------


def test_upload_form_editor_sees_multiple_file_input_with_first_network_chosen(
    editor_client, network
):
    Network.objects.create(name="Ö-nätverket", slug="o-natverket")

    response = editor_client.get(UPLOAD)

    assert response.status_code == 200
    assert response.context["form"]["network"].value() == network.pk
    assert 'enctype="multipart/form-data"' in response.text
    assert '<input type="file" name="files" accept=".txt,.md,.docx,.pdf" multiple' in response.text


def test_upload_one_seed_parses_once_and_redirects_to_its_review(editor_client, network, editor):
    before = counts()

    response = upload(editor_client, network, seed(SEED_000))

    pending = PendingImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == review_url(pending)
    assert (pending.filename, pending.network, pending.created_by) == (SEED_000, network, editor)
    assert pending.source_text.startswith((DEMO / SEED_000).read_text()[:40])
    assert pending.date_source == "suggested"
    assert pending.first_date.isoformat() == "2024-11-07"
    assert [day["date"] for day in pending.parsed["days"]] == ["2024-11-07", "2024-11-08"]
    assert "decisions" not in pending.parsed  # they live in their items
    assert counts() == before


def test_upload_several_files_makes_one_review_each_and_names_the_refused(editor_client, network):
    before = counts()

    response = upload(
        editor_client,
        network,
        seed(SEED_000),
        SimpleUploadedFile("tom.txt", b""),
        seed(SEED_002),
        SimpleUploadedFile("skrap.txt", bytes(range(256)) * 8),
        seed(SEED_003),
    )

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD + "#granskningar"
    assert sorted(PendingImport.objects.values_list("filename", flat=True)) == [
        SEED_000,
        SEED_002,
        SEED_003,
    ]
    page = editor_client.get(DASHBOARD)
    assert [str(m) for m in page.context["messages"]] == [
        "tom.txt: Filen är tom.",
        "skrap.txt: Filen ser inte ut att vara text (binärt innehåll).",
        "3 filer väntar på granskning.",
    ]
    for pending in PendingImport.objects.all():
        assert f'<a href="{review_url(pending)}">{pending.filename}</a>' in page.text
    assert counts() == before


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
def test_upload_only_broken_files_shows_swedish_error_per_file_and_saves_nothing(
    editor_client, network, name, data, message
):
    before = counts()

    response = upload(editor_client, network, SimpleUploadedFile(name, data))

    assert response.status_code == 200
    errors = response.context["form"].errors["files"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{name}: {message}")
    assert 'id="felsammanfattning"' in response.text
    assert 'href="#id_files"' in response.text
    assert PendingImport.objects.count() == 0
    assert counts() == before


def test_upload_too_big_file_refused(editor_client, network):
    big = SimpleUploadedFile("stor.txt", b"a" * (MAX_UPLOAD_SIZE + 1))

    response = upload(editor_client, network, big)

    assert response.context["form"].errors["files"] == [
        "stor.txt: Filen är för stor (10,0\xa0MB): den får vara högst 10,0\xa0MB."
    ]
    assert PendingImport.objects.count() == 0


def test_upload_without_file_asks_for_one(editor_client, network):
    response = editor_client.post(UPLOAD, {"network": network.pk})

    assert response.context["form"].errors["files"] == ["Välj minst en fil med anteckningar."]


def test_upload_docx_is_read(editor_client, network):
    response = upload(editor_client, network, SimpleUploadedFile("mote.docx", docx_bytes(MINI)))

    pending = PendingImport.objects.get()
    assert response["Location"] == review_url(pending)
    assert pending.date_source == "text"
    assert pending.first_date.isoformat() == "2024-03-05"
    assert "Anna Andersson, Ale" in pending.source_text


def test_upload_same_file_twice_waits_once(editor_client, network):
    upload(editor_client, network, seed(SEED_003))

    response = upload(editor_client, network, seed(SEED_003))

    assert response.context["form"].errors["files"] == [
        f"{SEED_003}: Filen väntar redan på granskning ({SEED_003})."
    ]
    assert PendingImport.objects.count() == 1


# the review page ---------------------------------------------------------------------------


def test_review_shows_forms_beside_text_and_saves_nothing(editor_client, pending):
    before = counts()

    response = editor_client.get(review_url(pending))

    assert response.status_code == 200
    page = response.text
    assert [f["name"].value() for f in response.context["forms"].attendees[0].forms] == [
        "Anna Andersson",
        "Bo Bengtsson",
        "Eva Klang",
        None,  # the row to add a person who is missing
    ]
    assert [f["title"].value() for f in response.context["forms"].items[0].forms] == [
        "Välkommen",
        "Statsbidrag",
        "Övrigt",
        None,
    ]
    assert response.context["forms"].decisions.forms[0]["kind"].value() == "beslut"
    assert response.context["forms"].dates["date_0"].value() == "2024-03-05"
    assert "Texten anger inget fullständigt datum." in page
    assert "Skäl: Dagrubriken saknar år." in page
    assert '<pre class="import-text" tabindex="0" aria-labelledby="text-rubrik">' in page
    assert "Ordföranden hälsar välkommen." in page
    assert counts() == before


def test_review_marks_doubts_first_with_links(editor_client, pending):
    response = editor_client.get(review_url(pending))

    page = response.text
    assert response.context["to_check"] == [
        {
            "href": "#d0-narvaro-2",
            "what": "Eva Klang",
            "doubt": "Ingen organisation står vid namnet.",
        },
        {
            "href": "#d0-punkt-2",
            "what": "3. Övrigt",
            "doubt": "Punkten saknar nummer i texten; numret är satt i ordning.",
        },
        {
            "href": "#beslut-0",
            "what": "Beslut 1",
            "doubt": "Beslutstypen är tolkad utifrån ordalydelsen.",
        },
    ]
    assert '<a href="#d0-narvaro-2">Eva Klang</a>: Ingen organisation står vid namnet.' in page
    assert '<fieldset class="import-row import-doubt" id="d0-narvaro-2">' in page
    assert '<fieldset class="import-row" id="d0-narvaro-0">' in page
    assert "Eva Klang saknar organisation i närvarolistan." in page
    assert page.count('class="import-unparsed import-doubt"') == 1


def test_review_marks_existing_people_and_offers_to_unlink_only_them(editor_client, pending):
    anna = Person.objects.create(full_name="Anna Andersson")
    Person.objects.create(full_name="Bo Bengtson")

    response = editor_client.get(review_url(pending))

    page = response.text
    assert f'Kopplas till <a href="/personer/{anna.pk}/">Anna Andersson</a>.' in page
    assert '<span class="match match-duplicate">Trolig dubblett</span>' in page
    assert page.count('type="checkbox" name="d0-narvaro-0-unlinked"') == 1
    assert 'type="checkbox" name="d0-narvaro-1-unlinked"' not in page


def test_review_escapes_text_from_file(editor_client, make_pending):
    pending = make_pending(text=MINI)

    response = editor_client.get(review_url(pending))

    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text


def test_review_warns_when_meeting_exists(editor_client, pending, network):
    meeting = Meeting.objects.create(network=network, start_date="2024-03-05")

    response = editor_client.get(review_url(pending))

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
    url = review_url(PendingImport.objects.get())

    # session, user, 2 permissions, the pending import with its network, 2 people for matching,
    # 2 organisation names (datalist), 2 for "does the meeting exist" (by date, by text)
    with django_assert_max_num_queries(11):
        response = editor_client.get(url)

    assert response.status_code == 200


# corrections: attendees --------------------------------------------------------------------


def test_correct_attendee_name_organisation_group_presence_note(editor_client, pending):
    response = post(
        editor_client,
        pending,
        {
            "d0-narvaro-0-name": "Anna Andersén",
            "d0-narvaro-0-organization": "Kungälv",
            "d0-narvaro-0-group": "guest",
            "d0-narvaro-0-presence": "partial",
            "d0-narvaro-0-note": "punkt 2-3",
            "d0-narvaro-1-presence": "absent",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == review_url(pending)
    day = stored(pending)["days"][0]
    anna = day["attendees"][0]
    assert {k: anna[k] for k in ("name", "organization", "organization_as_written", "group")} == {
        "name": "Anna Andersén",
        "organization": "Kungälv",
        "organization_as_written": None,
        "group": "guest",
    }
    assert (anna["partial"], anna["note"], anna["items_present"]) == (True, "punkt 2-3", [2, 3])
    assert [a["name"] for a in day["attendees"]] == ["Anna Andersén", "Eva Klang"]
    assert [a["name"] for a in day["absent"]] == ["Bo Bengtsson"]
    assert pending.revision == 2


def test_corrected_attendee_survives_reload(editor_client, pending):
    post(editor_client, pending, {"d0-narvaro-2-organization": "Öckerö"})

    response = editor_client.get(review_url(pending))

    assert response.context["forms"].attendees[0].forms[2]["organization"].value() == "Öckerö"
    assert 'value="Öckerö"' in response.text
    # corrected: no longer among the places to check
    assert [p["what"] for p in response.context["to_check"]] == ["3. Övrigt", "Beslut 1"]


def test_remove_attendee_and_add_missing_one(editor_client, pending):
    post(
        editor_client,
        pending,
        {
            "d0-narvaro-1-DELETE": "on",
            "d0-narvaro-3-name": "Dag Ek",
            "d0-narvaro-3-organization": "Ny förvaltning",
            "d0-narvaro-3-group": "guest",
        },
    )

    day = stored(pending)["days"][0]
    assert [(a["name"], a["organization"], a["group"]) for a in day["attendees"]] == [
        ("Anna Andersson", "Ale", "network"),
        ("Eva Klang", None, "network"),
        ("Dag Ek", "Ny förvaltning", "guest"),
    ]
    page = editor_client.get(review_url(pending)).text
    assert "Organisationen finns inte i registret och skapas när du bekräftar." in page


def test_unlinked_person_is_created_anew_on_confirm(editor_client, pending):
    anna = Person.objects.create(full_name="Anna Andersson")

    post(editor_client, pending, {"d0-narvaro-0-unlinked": "on"}, action="confirm")

    meeting = Meeting.objects.get()
    attendance = Attendance.objects.get(day__meeting=meeting, person__full_name="Anna Andersson")
    assert attendance.person != anna
    assert Person.objects.filter(full_name="Anna Andersson").count() == 2


# corrections: items ------------------------------------------------------------------------


def items(pending) -> list[tuple[int, str, str]]:
    return [(i["number"], i["title"], i["body"]) for i in stored(pending)["days"][0]["items"]]


def test_correct_item_number_and_title(editor_client, pending):
    post(editor_client, pending, {"d0-punkter-2-number": "7", "d0-punkter-2-title": "Nästa möte"})

    assert [(n, t) for n, t, _b in items(pending)] == [
        (1, "Välkommen"),
        (2, "Statsbidrag"),
        (7, "Nästa möte"),
    ]
    assert stored(pending)["days"][0]["items"][2]["doubts"] == []


def test_merge_item_with_next(editor_client, pending):
    response = post(editor_client, pending, action="merge:0:1", follow=True)

    assert items(pending) == [
        (
            1,
            "Välkommen",
            "Ordföranden hälsar välkommen.\nDagordningen godkänns.\n"
            "Statsbidrag\nMer text om statsbidrag.",
        ),
        (2, "Statsbidrag", "Övrigt\n\nInget."),
    ]
    merged = stored(pending)["days"][0]["items"][1]
    assert [d["text"] for d in merged["decisions"]] == ["Nätverket ställer sig bakom förslaget."]
    assert [str(m) for m in response.context["messages"]] == [
        "Punkterna är ihopslagna och ändringarna sparade."
    ]


def test_split_item_at_a_line(editor_client, pending):
    post(editor_client, pending, {"verktyg-split_0_0": "2"}, action="split:0:0")

    assert items(pending) == [
        (1, "Välkommen", "Ordföranden hälsar välkommen.\nDagordningen godkänns."),
        (2, "Statsbidrag", "Mer text om statsbidrag."),
        (3, "Statsbidrag", ""),
        (4, "Övrigt", "Inget."),
    ]


def test_split_without_a_line_asks_for_one_and_keeps_edits(editor_client, pending):
    response = post(editor_client, pending, {"d0-punkter-0-title": "Inledning"}, action="split:0:0")

    assert response.status_code == 200
    assert response.context["forms"].tools.errors == {
        "split_0_0": ["Välj raden där den nya punkten börjar."]
    }
    assert 'value="Inledning"' in response.text
    assert stored(pending)["days"][0]["items"][0]["title"] == "Välkommen"


def test_delete_item_and_add_one(editor_client, pending):
    post(
        editor_client,
        pending,
        {
            "d0-punkter-0-DELETE": "on",
            "d0-punkter-3-number": "4",
            "d0-punkter-3-title": "Ekonomi",
            "d0-punkter-3-body": "Budgeten redovisas.",
        },
    )

    assert items(pending) == [
        (2, "Statsbidrag", ""),
        (3, "Övrigt", "Inget."),
        (4, "Ekonomi", "Budgeten redovisas."),
    ]


def test_move_text_not_placed_into_an_item(editor_client, pending):
    post(editor_client, pending, {"verktyg-move_u0": "0-2"}, action="move:u0")

    assert items(pending)[2] == (3, "Övrigt", "Inget.\n\nNästa möte\nhålls i Lerum i maj.")
    assert stored(pending)["unplaced"] == []


def test_move_text_not_placed_into_a_new_item(editor_client, pending):
    post(editor_client, pending, {"verktyg-move_u0": "0-ny"}, action="move:u0")

    assert items(pending)[3] == (4, "Nästa möte", "hålls i Lerum i maj.")
    assert stored(pending)["unplaced"] == []


def test_two_items_with_one_number_is_an_error(editor_client, pending):
    response = post(editor_client, pending, {"d0-punkter-2-number": "2"})

    assert response.status_code == 200
    assert response.context["forms"].items[0].forms[2].errors == {
        "number": ["Två punkter har nummer 2: ge varje punkt ett eget nummer."]
    }


# corrections: decisions, recorders, dates --------------------------------------------------


def decisions(pending) -> list[tuple[int, str, str]]:
    return [
        (item["number"], d["kind"], d["text"])
        for item in stored(pending)["days"][0]["items"]
        for d in item["decisions"]
    ]


def test_correct_decision_kind_wording_and_item(editor_client, pending):
    post(
        editor_client,
        pending,
        {
            "beslut-0-kind": "ställningstagande",
            "beslut-0-text": "Nätverket står bakom förslaget.",
            "beslut-0-item": "0-2",
        },
    )

    assert decisions(pending) == [(3, "ställningstagande", "Nätverket står bakom förslaget.")]


def test_add_missed_decision_and_delete_one(editor_client, pending):
    post(
        editor_client,
        pending,
        {
            "beslut-0-DELETE": "on",
            "beslut-1-item": "0-0",
            "beslut-1-kind": "inriktningsbeslut",
            "beslut-1-text": "Dagordningen godkänns.",
        },
    )

    assert decisions(pending) == [(1, "inriktningsbeslut", "Dagordningen godkänns.")]


def test_decision_on_a_deleted_item_is_an_error(editor_client, pending):
    response = post(editor_client, pending, {"d0-punkter-1-DELETE": "on"})

    assert response.status_code == 200
    assert response.context["forms"].decisions.forms[0].errors == {
        "item": ["Punkten som beslutet hör till tas bort: välj en annan punkt."]
    }
    assert len(stored(pending)["days"][0]["items"]) == 3


def test_correct_recorders(editor_client, pending):
    post(
        editor_client,
        pending,
        {
            "antecknare-0-name": "Cecilia Axelsson Ek",
            "antecknare-1-name": "Ebba Gierow",
            "antecknare-1-title": "planeringsledare",
        },
    )

    assert [(r["name"], r["title"]) for r in stored(pending)["recorders"]] == [
        ("Cecilia Axelsson Ek", ""),
        ("Ebba Gierow", "planeringsledare"),
    ]


def test_correct_first_date_is_the_lead_s_choice(editor_client, pending):
    post(editor_client, pending, {"datum-date_0": "2023-03-07"})

    pending.refresh_from_db()
    assert pending.parsed["days"][0]["date"] == "2023-03-07"
    assert (pending.date_source, pending.first_date.isoformat()) == ("chosen", "2023-03-07")
    page = editor_client.get(review_url(pending)).text
    assert "Du har angett datumet nedan." in page
    assert "Förslaget utifrån texten var 2024-03-05." in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("14/12", "14/12 är inget giltigt datum. Skriv datum som 2024-11-07."),
        ("2023-02-30", "2023-02-30 är inget giltigt datum. Skriv datum som 2024-11-07."),
    ],
)
def test_invalid_date_shows_error_summary_and_keeps_other_corrections(
    editor_client, pending, value, message
):
    response = post(
        editor_client,
        pending,
        {
            "datum-date_0": value,
            "d0-punkter-0-title": "Inledning",
            "beslut-0-kind": "inriktningsbeslut",
        },
    )

    assert response.status_code == 200
    assert response.context["forms"].dates.errors == {"date_0": [message]}
    page = response.text
    assert '<div class="error-summary" role="alert"' in page
    assert f'<li><a href="#id_datum-date_0">{message}</a></li>' in page
    assert 'value="Inledning"' in page
    # a text box that gives back what was typed (a browser's date box would have emptied it)
    assert f'type="text" name="datum-date_0" value="{value}"' in page
    assert '<option value="inriktningsbeslut" selected>' in page
    assert "<title>Fel:" in page
    assert stored(pending)["days"][0]["items"][0]["title"] == "Välkommen"  # nothing stored
    assert pending.revision == 1


def test_stale_page_is_refused_with_edits_kept(editor_client, pending):
    data = form_data(editor_client.get(review_url(pending)))
    post(editor_client, pending, {"d0-punkter-0-title": "Från den andra"})

    data.update({"d0-punkter-1-title": "Min rubrik", "action": "save"})
    response = editor_client.post(review_url(pending), data)

    assert response.status_code == 200
    assert "Någon annan har sparat granskningen medan du rättade." in response.text
    assert 'value="Min rubrik"' in response.text
    assert [t for _n, t, _b in items(pending)] == ["Från den andra", "Statsbidrag", "Övrigt"]


# confirm and discard -----------------------------------------------------------------------


def test_confirm_saves_exactly_the_corrections_in_one_go(editor_client, pending, editor):
    before = counts()
    post(
        editor_client,
        pending,
        {
            "datum-date_0": "2024-03-06",
            "d0-narvaro-2-organization": "Härryda",
            "d0-narvaro-1-presence": "absent",
            "d0-punkter-0-title": "Inledning",
            "beslut-0-kind": "ställningstagande",
            "antecknare-0-name": "Cecilia Axelsson",
        },
    )
    assert counts() == before  # saved corrections are not a meeting

    response = post(
        editor_client, pending, {"d0-punkter-2-title": "Övriga frågor"}, "confirm", follow=True
    )

    meeting = Meeting.objects.get()
    assert response.redirect_chain == [(meeting.get_absolute_url(), 302)]
    assert (meeting.status, meeting.start_date.isoformat()) == ("draft", "2024-03-06")
    assert meeting.source_filename == "mote.txt"
    assert meeting.source_text == TEXT
    assert meeting.date_note.startswith("Datumet 2024-03-06 bekräftades av editor vid importen")
    day = meeting.days.get()
    assert [
        (a.person.full_name, a.organisation.short_name if a.organisation else None, a.presence)
        for a in day.attendances.order_by("position")
    ] == [
        ("Anna Andersson", "Ale", "present"),
        ("Eva Klang", "Härryda", "present"),
        ("Bo Bengtsson", "Lerum", "absent"),
    ]
    assert [(i.number, i.title) for i in day.items.order_by("number")] == [
        (1, "Inledning"),
        (2, "Statsbidrag"),
        (3, "Övriga frågor"),
    ]
    assert [(d.item.number, d.kind, d.text) for d in Decision.objects.all()] == [
        (2, "ställningstagande", "Nätverket ställer sig bakom förslaget.")
    ]
    assert [p.full_name for p in meeting.recorders.all()] == ["Cecilia Axelsson"]
    assert PendingImport.objects.count() == 0
    assert [str(m) for m in response.context["messages"]] == [
        "Utkastet Socialchefsnätverket 2024-03-06 är skapat. "
        "Nya personer: 4. Troliga dubbletter: 0."
    ]
    page = response.text
    assert "Inledning" in page and "Övriga frågor" in page and "Härryda" in page


def test_confirm_without_date_shows_error_and_saves_nothing(editor_client, pending):
    before = counts()

    response = post(editor_client, pending, {"datum-date_0": ""}, action="confirm")

    assert response.status_code == 200
    assert '<a href="#id_datum-date_0">Ange mötets första dag innan du bekräftar.</a>' in (
        response.text
    )
    assert counts() == before
    assert PendingImport.objects.count() == 1


def test_confirm_when_meeting_exists_says_so_and_keeps_the_review(editor_client, pending, network):
    meeting = Meeting.objects.create(network=network, start_date=dt.date(2024, 3, 5))

    response = post(editor_client, pending, action="confirm", follow=True)

    assert response.redirect_chain == [(review_url(pending), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        f"Mötet finns redan: {meeting} (id {meeting.pk}). Inget sparades."
    ]
    assert Meeting.objects.count() == 1
    assert PendingImport.objects.count() == 1


def test_confirm_failing_half_way_saves_nothing_and_keeps_the_review(
    editor_client, pending, monkeypatch
):
    before = counts()

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("minutes.services._import_item", lambda *a: boom())  # after the day row
    with pytest.raises(RuntimeError):
        post(editor_client, pending, action="confirm")

    assert counts() == before
    assert PendingImport.objects.count() == 1


def test_discard_deletes_the_pending_import_only(editor_client, pending):
    before = counts()

    response = editor_client.post(reverse("importing:discard", args=[pending.pk]), follow=True)

    assert response.redirect_chain == [(DASHBOARD + "#granskningar", 302)]
    assert PendingImport.objects.count() == 0
    assert counts() == before
    assert [str(m) for m in response.context["messages"]] == [
        "Importen av mote.txt är borttagen. Inget sparades."
    ]


# the task page -----------------------------------------------------------------------------


def test_task_page_lists_pending_reviews(editor_client, make_pending):
    first = make_pending(filename="a.txt")
    second = make_pending(filename="b.txt", text=TEXT + "\n")

    response = editor_client.get(DASHBOARD)

    assert list(response.context["pending_imports"]) == [first, second]
    assert f'<a href="{review_url(first)}">a.txt</a>' in response.text
    assert '2024-03-05 <span class="note">(förslag)</span>' in response.text


@pytest.mark.parametrize("count", [1, 3])
def test_task_page_queries_bounded(editor_client, make_pending, django_assert_num_queries, count):
    for n in range(count):
        make_pending(filename=f"{n}.txt", text=TEXT + "\n" * n)

    # session, user, 2 permissions, pending imports (with network and user; counted only when
    # more than a page), drafts, their count, published, the actions not followed up (counted
    # only when the list is full), the responsibles to resolve (a count)
    with django_assert_num_queries(10):
        response = editor_client.get(DASHBOARD)

    assert len(response.context["pending_imports"]) == count


def test_line_naming_only_an_organisation_may_stay_and_is_reported_on_confirm(
    editor_client, make_pending
):
    parsed = parsed_minutes()
    parsed.days[0].attendees.append(ParsedAttendee("", "Bolagsverket", "Bolagsverket"))
    pending = make_pending(parsed)
    page = editor_client.get(review_url(pending)).text
    assert "<legend>(namn saknas)" in page

    response = post(editor_client, pending, action="confirm", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Utkastet Socialchefsnätverket 2024-03-05 är skapat. Nya personer: 4. Troliga "
        "dubbletter: 0. Närvarande utan namn sparades inte: Bolagsverket. Lägg till dem i "
        "närvaron."
    ]


def test_line_naming_nothing_is_an_error(editor_client, pending):
    response = post(
        editor_client, pending, {"d0-narvaro-0-name": "", "d0-narvaro-0-organization": ""}
    )

    assert response.context["forms"].attendees[0].forms[0].errors == {
        "name": ["Skriv personens namn."]
    }
