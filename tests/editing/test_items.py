"""Agenda items: add, reorder, edit with decisions and actions, attachments, tabled items,
follow-up of open actions."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.models import Action, Decision
from minutes import uploads
from minutes.models import AgendaItem, Attachment, Attendance, Matter
from minutes.services import meeting_create
from network.models import Person


def item_data(version=1, decisions=(), actions=(), **fields):
    data = {
        "item-version": version,
        "title": "Nära vård",
        "body": "",
        "beslut-TOTAL_FORMS": len(decisions),
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": len(actions),
        "atgarder-INITIAL_FORMS": 0,
    }
    for n, row in enumerate(decisions):
        data.update({f"beslut-{n}-{k}": v for k, v in row.items()})
    for n, row in enumerate(actions):
        data.update({f"atgarder-{n}-{k}": v for k, v in row.items()})
    data.update(fields)
    return data


def test_item_save_decisions_actions_matter(editor_client, draft, day, make_items, attend):
    item = make_items(day, ["Nära vård"])[0]
    presenter = Person.objects.create(full_name="Ebba Gierow")
    attend(day, presenter)

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(
            body="Ebba **presenterade**.",
            presenters=[presenter.pk],
            matter_new="Färdplan Nära vård",
            tabled="on",
            decisions=[
                {"kind": "beslut", "label": "Nära Vård", "text": "Nätverket beslutar."},
                {"kind": "ställningstagande", "label": "", "text": "Nätverket står bakom."},
            ],
            actions=[
                {
                    "text": "Skicka ut bilderna",
                    "responsible_as_written": "Ebba Gierow",
                    "due_date": "2025-04-01",
                    "status": "open",
                }
            ],
        ),
    )

    item.refresh_from_db()
    decisions = list(item.decisions.order_by("position").values_list("position", "reference"))
    action = item.actions.get()
    assert response.status_code == 302
    assert (item.body, item.outcome, item.matter.title) == (
        "Ebba **presenterade**.",
        AgendaItem.Outcome.TABLED,
        "Färdplan Nära vård",
    )
    assert item.matter.draft_meeting == draft  # for editors only until published
    assert list(item.presenters.all()) == [presenter]
    assert decisions == [
        (1, "Socialchefsnätverket 2025-03-06 §1"),
        (2, "Socialchefsnätverket 2025-03-06 §1b"),
    ]
    assert (action.responsible_person, action.due_date) == (presenter, dt.date(2025, 4, 1))


def test_item_pick_existing_matter(editor_client, network, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]
    matter = Matter.objects.create(network=network, title="Nära vård")

    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(matter=matter.pk)
    )

    item.refresh_from_db()
    assert item.matter == matter


def test_item_edit_existing_decision_and_delete(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]
    keep = Decision.objects.create(item=item, position=1, text="Gammal lydelse.")
    drop = Decision.objects.create(item=item, position=2, text="Fel.")
    data = item_data()
    data.update(
        {
            "beslut-TOTAL_FORMS": 2,
            "beslut-INITIAL_FORMS": 2,
            "beslut-0-id": keep.pk,
            "beslut-0-item": item.pk,
            "beslut-0-kind": "beslut",
            "beslut-0-text": "Ny lydelse.",
            "beslut-1-id": drop.pk,
            "beslut-1-item": item.pk,
            "beslut-1-kind": "beslut",
            "beslut-1-text": "Fel.",
            "beslut-1-DELETE": "on",
        }
    )

    editor_client.post(reverse("editing:item", args=[draft.pk, item.pk]), data)

    assert list(item.decisions.values_list("text", flat=True)) == ["Ny lydelse."]


def test_item_preview_saves_nothing(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(body="**Viktigt** <script>alert(1)</script>", forhandsgranska="1"),
    )

    item.refresh_from_db()
    draft.refresh_from_db()
    page = response.content.decode()
    assert (
        '<div class="preview-body"><p><strong>Viktigt</strong> '
        "&lt;script&gt;alert(1)&lt;/script&gt;</p></div>"
    ) in page
    assert "<script>alert" not in page
    assert (item.body, draft.version) == ("", 1)


def test_item_form_keyboard_rows_have_templates(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]

    response = editor_client.get(reverse("editing:item", args=[draft.pk, item.pk]))

    page = response.content.decode()
    assert '<template id="beslut-mall">' in page
    assert 'id="id_beslut-__prefix__-text"' in page
    assert 'data-add-row="atgarder"' in page
    assert "<script>" not in page and "style=" not in page


# --- attachments ---------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def post_attachment(client, draft, item, body="", **fields):
    """The item form with an attachment, its button pressed: the text is saved with it."""
    data = item_data(item.version, title=item.title, body=body, lagg_till_bilaga="1")
    data.update({f"bilaga-{k}": v for k, v in fields.items()})
    return client.post(reverse("editing:item", args=[draft.pk, item.pk]), data)


def test_attachment_pdf_saved(editor_client, draft, day, make_items, sample_files):
    item = make_items(day, ["A"])[0]

    response = post_attachment(
        editor_client,
        draft,
        item,
        body="Skrivet innan bilagan.",
        title="Bilder",
        file=upload("bilder.pdf", sample_files[".pdf"]),
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith("#bilagor")
    assert list(Attachment.objects.values_list("title", flat=True)) == ["Bilder"]
    assert (item.body, item.version) == ("Skrivet innan bilagan.", 2)


def test_attachment_link_saved(editor_client, draft, day, make_items):
    item = make_items(day, ["A"])[0]

    post_attachment(editor_client, draft, item, title="Rapport", url="https://example.org/r")

    assert Attachment.objects.get().url == "https://example.org/r"


def test_attachment_wrong_type_refused(editor_client, draft, day, make_items):
    item = make_items(day, ["A"])[0]

    response = post_attachment(
        editor_client,
        draft,
        item,
        body="Text som inte får försvinna.",
        title="Program",
        file=upload("virus.exe", b"MZ..."),
    )

    item.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 400
    assert "Filtypen .exe går inte att bifoga." in page
    assert 'id="punktformular"' in page  # the item form, not a page of its own
    assert "Text som inte får försvinna.</textarea>" in page
    # nothing saved: not the attachment, not the text (all or nothing); the form keeps both
    assert (Attachment.objects.count(), item.body, item.version) == (0, "", 1)


def test_attachment_disguised_file_refused(editor_client, draft, day, make_items):
    item = make_items(day, ["A"])[0]

    response = post_attachment(
        editor_client, draft, item, title="Falsk", file=upload("bilder.pdf", b"<html>")
    )

    assert "Filen ser inte ut att vara en .pdf-fil." in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attachment_too_large_refused(editor_client, draft, day, make_items, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ATTACHMENT_BYTES", 10)
    item = make_items(day, ["A"])[0]

    response = post_attachment(
        editor_client, draft, item, title="Stor", file=upload("stor.txt", b"x" * 11)
    )

    assert "en bilaga får vara högst 20 MB" in response.content.decode()
    assert Attachment.objects.count() == 0


def test_attachment_removed_from_the_item_form_saves_the_text(
    editor_client, draft, day, make_items
):
    item = make_items(day, ["A"])[0]
    kept = Attachment.objects.create(item=item, title="Behålls", url="https://example.org/a")
    removed = Attachment.objects.create(item=item, title="Tas bort", url="https://example.org/b")

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(title="A", body="Skrivet före.", ta_bort_bilaga=str(removed.pk)),
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert list(item.attachments.values_list("pk", flat=True)) == [kept.pk]
    assert item.body == "Skrivet före."


def test_item_form_is_one_multipart_form_with_its_attachments(
    editor_client, draft, day, make_items
):
    item = make_items(day, ["A"])[0]
    Attachment.objects.create(item=item, title="Bilder", url="https://example.org/a")

    page = editor_client.get(reverse("editing:item", args=[draft.pk, item.pk])).content.decode()

    # the item's form, and the page's own two (log out, language): no separate attachment form
    assert page.count("<form") == 3
    assert 'enctype="multipart/form-data" class="form" novalidate id="punktformular"' in page
    assert 'name="ta_bort_bilaga"' in page and 'name="bilaga-file"' in page


def test_attachment_limit_is_20_mb():
    assert uploads.MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024


def test_attachment_neither_file_nor_link_refused(editor_client, draft, day, make_items):
    item = make_items(day, ["A"])[0]

    response = post_attachment(editor_client, draft, item, title="Tom")

    assert "Välj en fil eller skriv en länk." in response.content.decode()


# --- tabled items and follow-up ------------------------------------------------------------


@pytest.fixture
def earlier(network):
    meeting = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    return meeting.days.get()


def test_tabled_item_offered_on_next_meeting(editor_client, draft, day, earlier):
    AgendaItem.objects.create(
        day=earlier, number=1, title="Registerstudien", outcome=AgendaItem.Outcome.TABLED
    )

    response = editor_client.get(reverse("editing:agenda", args=[draft.pk, day.pk]))

    page = response.content.decode()
    assert "Bordlagda punkter från tidigare möten" in page
    assert "Registerstudien" in page


def test_tabled_item_taken_up_in_one_click(editor_client, draft, day, earlier, make_items):
    make_items(day, ["Välkommen"])
    tabled = AgendaItem.objects.create(
        day=earlier, number=1, title="Registerstudien", outcome=AgendaItem.Outcome.TABLED
    )

    editor_client.post(
        reverse("editing:item_take_up", args=[draft.pk, day.pk, tabled.pk]), {"meeting-version": 1}
    )

    taken = day.items.get(number=2)
    assert (taken.title, taken.tabled_from) == ("Registerstudien", tabled)
    assert list(draft.tabled_items_offered()) == []


def test_open_actions_listed_and_marked_done(editor_client, draft, earlier):
    old = AgendaItem.objects.create(day=earlier, number=1, title="Registerstudien")
    action = Action.objects.create(item=old, text="Skicka ut enkäten", due_text="till nästa möte")

    page = editor_client.get(reverse("editing:meeting", args=[draft.pk])).content.decode()
    response = editor_client.post(
        reverse("editing:action_done", args=[draft.pk, action.pk]), {"meeting-version": 1}
    )

    action.refresh_from_db()
    assert "Skicka ut enkäten" in page
    assert response.status_code == 302
    assert action.status == Action.Status.DONE


# --- query counts --------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "shown"), [(1, 1), (15, 15), (30, 25)])
def test_dashboard_queries_bounded(
    editor_client, django_assert_max_num_queries, network, count, shown
):
    for n in range(count):
        meeting_create(network=network, dates=[dt.date(2024, 1, 1) + dt.timedelta(days=7 * n)])

    # 7, the imports waiting for review, the actions not followed up (and their total when the
    # list is full), the responsibles to resolve
    with django_assert_max_num_queries(11):
        response = editor_client.get(reverse("editing:dashboard"))

    assert len(response.context["drafts"]) == shown
    assert response.context["draft_total"] == count


def test_dashboard_many_drafts_shows_the_newest_and_the_total(editor_client, network):
    for n in range(27):
        meeting_create(network=network, dates=[dt.date(2024, 1, 1) + dt.timedelta(days=7 * n)])

    response = editor_client.get(reverse("editing:dashboard"))

    page = response.content.decode()
    assert "Visar de 25 senaste av 27 utkast, det senaste mötet först." in page
    assert response.context["drafts"][0].start_date == dt.date(2024, 7, 1)
    assert response.context["drafts"][-1].start_date == dt.date(2024, 1, 15)


@pytest.mark.parametrize("count", [1, 15])
def test_agenda_queries_bounded(
    editor_client, django_assert_max_num_queries, draft, day, earlier, make_items, count
):
    items = make_items(day, [f"Punkt {n}" for n in range(count)])
    for item in items:
        Decision.objects.create(item=item, text="Beslut.")
    for n in range(count):
        AgendaItem.objects.create(
            day=earlier, number=n + 1, title=f"Bordlagd {n}", outcome=AgendaItem.Outcome.TABLED
        )

    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("editing:agenda", args=[draft.pk, day.pk]))

    assert len(response.context["items"]) == count


@pytest.mark.parametrize("count", [1, 15])
def test_item_page_queries_bounded(
    editor_client, django_assert_max_num_queries, draft, day, make_items, make_members, count
):
    item = make_items(day, ["Nära vård"])[0]
    for person in make_members(count):
        Attendance.objects.create(day=day, person=person)
        Decision.objects.create(item=item, position=person.pk, text="Beslut.")
        Action.objects.create(item=item, text="Gör", responsible_person=person)
        Attachment.objects.create(item=item, title="Länk", url="https://example.org")

    with django_assert_max_num_queries(16):
        response = editor_client.get(reverse("editing:item", args=[draft.pk, item.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(("count", "shown"), [(1, 1), (15, 15), (30, 25)])
def test_task_list_queries_bounded(
    editor_client, django_assert_max_num_queries, draft, earlier, count, shown
):
    old = AgendaItem.objects.create(day=earlier, number=1, title="Gammal")
    for n in range(count):
        Action.objects.create(item=old, text=f"Åtgärd {n}")

    with django_assert_max_num_queries(11):
        response = editor_client.get(reverse("editing:meeting", args=[draft.pk]))

    assert len(response.context["open_actions"]) == shown
    assert response.context["open_action_total"] == count


def test_task_list_many_open_actions_shows_the_first_due_and_links_on(
    editor_client, draft, earlier
):
    old = AgendaItem.objects.create(day=earlier, number=1, title="Gammal")
    for n in range(27):
        Action.objects.create(item=old, text=f"Åtgärd {n}", due_date=dt.date(2025, 1, 27 - n))

    response = editor_client.get(reverse("editing:meeting", args=[draft.pk]))

    page = response.content.decode()
    shown = response.context["open_actions"]
    assert (shown[0].text, shown[-1].text) == ("Åtgärd 26", "Åtgärd 2")
    assert "Visar de 25 första av 27 öppna åtgärder" in page
    assert f'href="/atgarder/?network={draft.network.slug}&amp;status=open"' in page
