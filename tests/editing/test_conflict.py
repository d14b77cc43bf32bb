"""Two editors at once: the second save is refused, with the text kept in the form."""

from django.urls import reverse

CONFLICT = (
    "Någon annan har sparat mötet medan du redigerade. Dina ändringar är inte sparade; "
    "de finns kvar i formuläret."
)


def item_data(version, **fields):
    data = {
        "meeting-version": version,
        "title": "Nära vård",
        "body": "",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": 0,
        "atgarder-INITIAL_FORMS": 0,
    }
    data.update(fields)
    return data


def test_item_save_increments_version(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(1, body="Anna berättade.")
    )

    draft.refresh_from_db()
    item.refresh_from_db()
    assert (response.status_code, draft.version, item.body) == (302, 2, "Anna berättade.")


def test_item_save_stale_version_refused_text_kept(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]
    url = reverse("editing:item", args=[draft.pk, item.pk])
    editor_client.post(url, item_data(1, body="Första redaktörens text."))

    response = editor_client.post(url, item_data(1, body="Andra redaktörens text."))

    item.refresh_from_db()
    draft.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in page
    assert "Andra redaktörens text." in page
    assert item.body == "Första redaktörens text."
    assert draft.version == 2


def test_item_save_after_conflict_carries_current_version(editor_client, draft, day, make_items):
    item = make_items(day, ["Nära vård"])[0]
    url = reverse("editing:item", args=[draft.pk, item.pk])
    editor_client.post(url, item_data(1, body="Först."))

    response = editor_client.post(url, item_data(1, body="Sedan."))

    assert '<input type="hidden" name="meeting-version" value="2">' in response.content.decode()


def test_attendance_stale_version_refused_ticks_kept(editor_client, draft, day, make_members):
    person = make_members(1)[0]
    draft.version = 3
    draft.save()

    response = editor_client.post(
        reverse("editing:attendance", args=[draft.pk, day.pk]),
        {
            "meeting-version": 2,
            f"present_{person.pk}": "on",
            f"note_{person.pk}": "punkt 2-3",
            "gaster-TOTAL_FORMS": 0,
            "gaster-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 409
    assert 'value="punkt 2-3"' in response.content.decode()
    assert day.attendances.count() == 0


def test_details_stale_version_refused(editor_client, draft):
    response = editor_client.post(
        reverse("editing:details", args=[draft.pk]),
        {"meeting-version": 0, "title": "Anteckningar", "location": "Annan plats"},
    )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert draft.location == "Gårda"
