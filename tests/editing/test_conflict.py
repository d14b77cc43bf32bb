"""Two editors at once. Each page carries the version of what it edits (an item, a day's
attendance, the meeting's details): editors of different items both save; of two editors of the
same item the second is refused (409), shown the saved text beside their own, and chooses: keep
mine, take theirs, or merge by hand. A plain second click is refused again."""

import re

import pytest
from django.urls import reverse

from minutes.models import AgendaItem, Meeting
from minutes.services import meeting_publish

ITEM_CONFLICT = "Någon annan har sparat punkten medan du skrev."
ATTENDANCE_CONFLICT = "Någon annan har sparat närvaron för dagen medan du redigerade."
DETAILS_CONFLICT = "Någon annan har sparat mötesuppgifterna medan du redigerade."


def item_data(version, **fields):
    data = {
        "item-version": version,
        "title": "Nära vård",
        "body": "",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": 0,
        "atgarder-INITIAL_FORMS": 0,
    }
    data.update(fields)
    return data


def hidden(page: str, name: str) -> str:
    """The value of a hidden input on the page."""
    found = re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert len(found) == 1, (name, found)
    return found[0]


def conflict_fields(page: str, prefix: str) -> dict:
    """What the conflict page's form carries back: the versions and the digest."""
    return {
        f"{prefix}-{name}": hidden(page, f"{prefix}-{name}")
        for name in ("version", "seen", "shown")
    }


# --- items --------------------------------------------------------------------------------------


def test_item_save_claims_the_items_version_and_moves_the_meetings_on(
    editor_client, draft, day, make_items
):
    item = make_items(day, ["Nära vård"])[0]

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(1, body="Anna berättade.")
    )

    draft.refresh_from_db()
    item.refresh_from_db()
    assert (response.status_code, item.version, item.body) == (302, 2, "Anna berättade.")
    assert (draft.version, draft.details_version) == (2, 1)


def test_two_editors_of_different_items_both_save(editor_client, draft, day, make_items):
    first, sixth = make_items(day, ["Välkommen", "B", "C", "D", "E", "Övrigt"])[::5]
    # both pages loaded at version 1; one editor saves item 6, then the other item 1
    saved_sixth = editor_client.post(
        reverse("editing:item", args=[draft.pk, sixth.pk]),
        item_data(1, title="Övrigt", body="Inget övrigt."),
    )

    saved_first = editor_client.post(
        reverse("editing:item", args=[draft.pk, first.pk]),
        item_data(1, title="Välkommen", body="Ordföranden hälsade välkommen."),
    )

    assert (saved_sixth.status_code, saved_first.status_code) == (302, 302)
    assert dict(
        AgendaItem.objects.filter(pk__in=[first.pk, sixth.pk]).values_list("title", "body")
    ) == {
        "Välkommen": "Ordföranden hälsade välkommen.",
        "Övrigt": "Inget övrigt.",
    }


@pytest.fixture
def conflict(editor_client, draft, day, make_items):
    """Two editors loaded item 1 at version 1; the first saved, the second's save was refused."""
    item = make_items(day, ["Nära vård"])[0]
    url = reverse("editing:item", args=[draft.pk, item.pk])
    editor_client.post(url, item_data(1, body="Anna berättade om vårdavtalet."))
    mine = item_data(1, body="Anna berättade om läget.")
    response = editor_client.post(url, mine)
    return item, url, mine, response


def test_item_same_item_second_refused_shows_theirs_beside_mine(conflict):
    item, _url, _mine, response = conflict

    item.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 409
    assert ITEM_CONFLICT in page
    assert "Anna berättade om läget.</textarea>" in page  # mine, in the form
    # theirs and mine word by word, the changed words marked (not by colour alone)
    assert (
        'Anna berättade om <del><span class="visually-hidden">[bara i den sparade: </span>'
        'vårdavtalet.<span class="visually-hidden">]</span></del></td>'
    ) in page
    assert (
        'Anna berättade om <ins><span class="visually-hidden">[bara i din: </span>'
        'läget.<span class="visually-hidden">]</span></ins></td>'
    ) in page
    assert 'id="behall-min"' in page and 'id="ta-deras"' in page
    assert "Slå ihop för hand" in page
    # the form still carries the version the editor started from
    assert (hidden(page, "item-version"), hidden(page, "item-seen")) == ("1", "2")
    assert item.body == "Anna berättade om vårdavtalet."


def test_item_plain_second_click_after_conflict_refused_again(editor_client, conflict):
    item, url, mine, response = conflict

    again = editor_client.post(url, {**mine, **conflict_fields(response.content.decode(), "item")})

    item.refresh_from_db()
    assert again.status_code == 409
    assert item.body == "Anna berättade om vårdavtalet."


def test_item_keep_mine_saves_over_theirs(editor_client, conflict):
    item, url, mine, response = conflict
    fields = conflict_fields(response.content.decode(), "item")

    kept = editor_client.post(url, {**mine, **fields, "behall-min": "1"})

    item.refresh_from_db()
    assert kept.status_code == 302
    assert (item.body, item.version) == ("Anna berättade om läget.", 3)


def test_item_take_theirs_shows_the_saved_text(editor_client, conflict):
    _item, url, _mine, response = conflict
    assert f'href="{url}" class="button-secondary" id="ta-deras"' in response.content.decode()

    theirs = editor_client.get(url)

    page = theirs.content.decode()
    assert "Anna berättade om vårdavtalet.</textarea>" in page
    assert hidden(page, "item-version") == "2"


def test_item_merged_by_hand_saves(editor_client, conflict):
    item, url, mine, response = conflict
    fields = conflict_fields(response.content.decode(), "item")
    merged = {**mine, "body": "Anna berättade om vårdavtalet och läget."}

    saved = editor_client.post(url, {**merged, **fields})

    item.refresh_from_db()
    assert saved.status_code == 302
    assert item.body == "Anna berättade om vårdavtalet och läget."


def test_item_keep_mine_after_a_third_save_refused_again(editor_client, conflict):
    """ "Behåll min text" keeps mine over what was shown, not over a save made since."""
    item, url, mine, response = conflict
    fields = conflict_fields(response.content.decode(), "item")
    AgendaItem.objects.filter(pk=item.pk).update(body="En tredje text.", version=3)

    kept = editor_client.post(url, {**mine, **fields, "behall-min": "1"})

    item.refresh_from_db()
    assert kept.status_code == 409
    assert item.body == "En tredje text."


def test_item_preview_after_conflict_keeps_the_old_version(editor_client, conflict):
    _item, url, mine, response = conflict
    fields = conflict_fields(response.content.decode(), "item")

    preview = editor_client.post(url, {**mine, **fields, "forhandsgranska": "1"})

    assert hidden(preview.content.decode(), "item-version") == "1"


# --- the agenda, attendance and details ----------------------------------------------------------


def test_agenda_remove_of_an_item_saved_meanwhile_refused(editor_client, draft, day, make_items):
    """The item was written to since the agenda was opened: removing its row is refused, and
    the item and its new text stay."""
    item = make_items(day, ["Nära vård"])[0]
    AgendaItem.objects.filter(pk=item.pk).update(body="Skrivet av någon annan.", version=2)

    response = editor_client.post(
        reverse("editing:agenda", args=[draft.pk, day.pk]),
        {
            "meeting-version": draft.version,
            "rader-TOTAL_FORMS": 1,
            "rader-INITIAL_FORMS": 1,
            "rader-0-item": item.pk,
            "rader-0-version": 1,
            "rader-0-title": item.title,
            "rader-0-ORDER": 1,
            "rader-0-DELETE": "on",
        },
    )

    assert "Någon annan har ändrat punkt 1 sedan du öppnade sidan" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).body == "Skrivet av någon annan."


def test_agenda_add_not_refused_by_an_item_saved_meanwhile(editor_client, draft, day, make_items):
    item = make_items(day, ["Välkommen"])[0]
    editor_client.post(reverse("editing:item", args=[draft.pk, item.pk]), item_data(1))

    response = editor_client.post(
        reverse("editing:agenda", args=[draft.pk, day.pk]),
        {
            "rader-TOTAL_FORMS": 2,
            "rader-INITIAL_FORMS": 1,
            "rader-0-item": item.pk,
            "rader-0-version": 1,  # as loaded: the title is not changed here
            "rader-0-title": "Nära vård",
            "rader-0-ORDER": 1,
            "rader-1-title": "Övrigt",
            "rader-1-ORDER": 2,
        },
    )

    assert response.status_code == 302
    assert list(day.items.values_list("title", flat=True)) == ["Nära vård", "Övrigt"]


def attendance_data(version, people, notes=None, **fields):
    data = {"day-version": version, "gaster-TOTAL_FORMS": 0, "gaster-INITIAL_FORMS": 0}
    for person in people:
        data[f"present_{person.pk}"] = "on"
        data[f"note_{person.pk}"] = (notes or {}).get(person, "")
    data.update(fields)
    return data


def test_attendance_stale_version_refused_shows_the_rows_that_differ(
    editor_client, draft, day, make_members
):
    anna, bo, cecilia = make_members(3)
    url = reverse("editing:attendance", args=[draft.pk, day.pk])
    editor_client.post(url, attendance_data(1, [anna, bo]))

    response = editor_client.post(url, attendance_data(1, [anna, cecilia], {cecilia: "punkt 2-3"}))

    page = response.content.decode()
    rows = re.findall(
        r'<tr><th scope="row">(.*?)</th><td class="diff-text">(.*?)</td>'
        r'<td class="diff-text">(.*?)</td></tr>',
        page,
    )
    assert response.status_code == 409
    assert ATTENDANCE_CONFLICT in page
    assert 'value="punkt 2-3"' in page  # mine, in the form
    assert rows == [
        (f"{bo.full_name}, Alingsås", "Närvarande", "—"),
        (f"{cecilia.full_name}, Göteborg", "—", "Närvarande (punkt 2-3)"),
    ]
    assert sorted(day.attendances.values_list("person__full_name", flat=True)) == sorted(
        [anna.full_name, bo.full_name]
    )

    again = editor_client.post(
        url,
        {
            **attendance_data(1, [anna, cecilia], {cecilia: "punkt 2-3"}),
            **conflict_fields(page, "day"),
        },
    )
    kept = editor_client.post(
        url,
        {
            **attendance_data(1, [anna, cecilia], {cecilia: "punkt 2-3"}),
            **conflict_fields(page, "day"),
            "behall-min": "1",
        },
    )

    assert (again.status_code, kept.status_code) == (409, 302)
    assert sorted(day.attendances.values_list("person__full_name", flat=True)) == sorted(
        [anna.full_name, cecilia.full_name]
    )


def details_data(version, **fields):
    return {
        "details-version": version,
        "title": "Anteckningar",
        "theme": "",
        "location": "",
        **fields,
    }


def test_details_stale_version_refused_shows_theirs(editor_client, draft):
    url = reverse("editing:details", args=[draft.pk])
    editor_client.post(url, details_data(1, location="Gårda, sal 3"))

    response = editor_client.post(url, details_data(1, location="Gårda, sal 4"))

    draft.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 409
    assert DETAILS_CONFLICT in page
    assert 'value="Gårda, sal 4"' in page
    assert "[bara i den sparade: </span>3" in page and "[bara i din: </span>4" in page
    assert draft.location == "Gårda, sal 3"

    merged = editor_client.post(
        url, {**details_data(1, location="Gårda, sal 3 och 4"), **conflict_fields(page, "details")}
    )

    draft.refresh_from_db()
    assert merged.status_code == 302
    assert draft.location == "Gårda, sal 3 och 4"


def test_details_not_refused_by_an_item_saved_meanwhile(editor_client, draft, day, make_items):
    item = make_items(day, ["Välkommen"])[0]
    editor_client.post(reverse("editing:item", args=[draft.pk, item.pk]), item_data(1))

    response = editor_client.post(
        reverse("editing:details", args=[draft.pk]), details_data(1, location="Ny plats")
    )

    assert response.status_code == 302


# --- justering compares the whole meeting ---------------------------------------------------------


def test_publish_refused_when_an_item_was_saved_since_the_page_was_loaded(
    editor_client, draft, day, make_items
):
    item = make_items(day, ["Välkommen"])[0]
    loaded = editor_client.get(reverse("editing:publish", args=[draft.pk]))
    seen = hidden(loaded.content.decode(), "meeting-version")
    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(1, body="Sent tillägg.")
    )

    response = editor_client.post(
        reverse("editing:publish", args=[draft.pk]), {"meeting-version": seen}
    )

    draft.refresh_from_db()
    assert response.status_code == 409
    assert draft.status == Meeting.Status.DRAFT


def test_item_save_refused_once_the_meeting_is_published(editor_client, draft, day, make_items):
    item = make_items(day, ["Välkommen"])[0]
    meeting_publish(meeting=draft, version=draft.version)

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]), item_data(1, body="För sent.")
    )

    item.refresh_from_db()
    assert response.status_code == 409
    assert "För sent.</textarea>" in response.content.decode()
    assert item.body == ""
