"""Length and date errors said in Swedish, never a silent cut or an emptied field (issue 10):
the new meeting, the details and the item forms keep what was typed and say what is wrong."""

from django.urls import reverse

from decisions.models import Action
from minutes.models import Meeting

TOO_LONG = "x" * 720


def new_meeting_data(network, **fields):
    data = {"network": network.pk, "first_date": "2025-04-03", "number_of_days": 1}
    data.update(fields)
    return data


def test_new_meeting_impossible_date_kept_and_named(editor_client, network):
    response = editor_client.post(
        reverse("editing:meeting_new"), new_meeting_data(network, first_date="2023-02-30")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_first_date", "2023-02-30 är inget giltigt datum. Skriv datum som 2024-11-07.")
    ]
    assert 'type="text" name="first_date" value="2023-02-30"' in page
    assert Meeting.objects.count() == 0


def test_new_meeting_date_field_is_a_text_input_the_browser_cannot_empty(editor_client):
    page = editor_client.get(reverse("editing:meeting_new")).content.decode()

    assert 'type="date"' not in page
    assert "Till exempel 2024-11-07." in page


def test_new_meeting_too_long_theme_said_not_cut(editor_client, network):
    response = editor_client.post(
        reverse("editing:meeting_new"), new_meeting_data(network, theme=TOO_LONG)
    )

    page = response.content.decode()
    assert response.context["errors"] == [("id_theme", "Tema får vara högst 300 tecken (nu 720).")]
    assert f'value="{TOO_LONG}"' in page
    assert "maxlength" not in page
    assert Meeting.objects.count() == 0


def test_new_meeting_errors_summary_takes_focus(editor_client, network):
    response = editor_client.post(reverse("editing:meeting_new"), {"network": network.pk})

    page = response.content.decode()
    assert 'tabindex="-1" autofocus id="felsammanfattning"' in page
    assert '<a href="#id_first_date">Ange mötets första dag.</a>' in page


def test_details_too_long_title_said_and_kept(editor_client, draft):
    response = editor_client.post(
        reverse("editing:details", args=[draft.pk]),
        {"details-version": 1, "title": TOO_LONG, "theme": "Nära vård", "location": "Gårda"},
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_title", "Rubrik får vara högst 200 tecken (nu 720).")
    ]
    assert f'value="{TOO_LONG}"' in response.content.decode()
    assert (draft.title, draft.version) == ("Anteckningar", 1)


def item_data(**fields):
    data = {
        "item-version": 1,
        "title": "Nära vård",
        "body": "Text som inte får försvinna.",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": 1,
        "atgarder-INITIAL_FORMS": 0,
        "atgarder-0-text": "Återkom med siffror.",
        "atgarder-0-status": Action.Status.OPEN,
    }
    data.update(fields)
    return data


def test_item_impossible_due_date_kept_and_named(editor_client, draft, day, make_items):
    (item,) = make_items(day, ["Nära vård"])

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(**{"atgarder-0-due_date": "2023-02-30"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_atgarder-0-due_date", "2023-02-30 är inget giltigt datum. Skriv datum som 2024-11-07.")
    ]
    assert 'name="atgarder-0-due_date" value="2023-02-30"' in page
    assert "Text som inte får försvinna." in page
    assert Action.objects.count() == 0


def test_item_valid_due_date_saved(editor_client, draft, day, make_items):
    (item,) = make_items(day, ["Nära vård"])

    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(**{"atgarder-0-due_date": "2025-05-31"}),
    )

    assert str(Action.objects.get().due_date) == "2025-05-31"


def test_item_too_long_title_said_and_nothing_saved(editor_client, draft, day, make_items):
    (item,) = make_items(day, ["Nära vård"])

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(title=TOO_LONG)
    )

    item.refresh_from_db()
    assert response.context["errors"] == [
        ("id_title", "Rubrik får vara högst 500 tecken (nu 720).")
    ]
    assert f'value="{TOO_LONG}"' in response.content.decode()
    assert (item.title, item.body) == ("Nära vård", "")
