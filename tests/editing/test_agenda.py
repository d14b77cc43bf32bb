"""The day's whole agenda on one page (issue 10): rows added, reordered and removed in one
atomic POST, items keeping their ids; "Spara och nästa" on the item page."""

import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Action, Decision
from minutes.models import AgendaItem, MeetingDay
from minutes.services import meeting_create


def url(meeting, day):
    return reverse("editing:agenda", args=[meeting.pk, day.pk])


def agenda_data(rows, *, version=1, initial=None, **extra):
    """The posted form: rows are AgendaItems (kept as they are), strings (new rows) or dicts
    with item, title, order, delete; ORDER is the row's place unless given."""
    data = {"meeting-version": version, "rader-TOTAL_FORMS": len(rows)}
    data["rader-INITIAL_FORMS"] = (
        initial if initial is not None else sum(1 for r in rows if not isinstance(r, str))
    )
    for n, row in enumerate(rows):
        if isinstance(row, AgendaItem):
            row = {"item": row, "title": row.title}
        elif isinstance(row, str):
            row = {"title": row}
        data[f"rader-{n}-ORDER"] = row.get("order", n + 1)
        data[f"rader-{n}-title"] = row.get("title", "")
        if row.get("item"):
            data[f"rader-{n}-item"] = row["item"].pk
            data[f"rader-{n}-version"] = row.get("version", row["item"].version)
        if row.get("delete"):
            data[f"rader-{n}-DELETE"] = "on"
    data.update(extra)
    return data


def agenda(day):
    return list(
        AgendaItem.objects.filter(day=day).order_by("number").values_list("number", "title")
    )


def test_agenda_page_shows_a_row_per_item_and_empty_rows(editor_client, draft, day, make_items):
    make_items(day, ["Välkommen", "Nära vård"])

    response = editor_client.get(url(draft, day))

    formset = response.context["formset"]
    page = response.content.decode()
    assert [f["title"].value() for f in formset.forms] == [
        "Välkommen",
        "Nära vård",
        None,
        None,
        None,
    ]
    assert 'value="Välkommen"' in page
    assert 'src="/static/js/agenda.js"' in page


def test_agenda_page_empty_offers_eight_rows(editor_client, draft, day):
    response = editor_client.get(url(draft, day))

    assert len(response.context["formset"].forms) == 8


def test_agenda_new_rows_added_in_order_empty_rows_ignored(editor_client, draft, day, make_items):
    welcome, care = make_items(day, ["Välkommen", "Nära vård"])

    response = editor_client.post(
        url(draft, day), agenda_data([welcome, care, "Ekonomi", "", "Övrigt"])
    )

    assert response.status_code == 302
    assert response["Location"] == url(draft, day)
    assert agenda(day) == [(1, "Välkommen"), (2, "Nära vård"), (3, "Ekonomi"), (4, "Övrigt")]
    assert list(day.items.order_by("number").values_list("pk", flat=True))[:2] == [
        welcome.pk,
        care.pk,
    ]


def test_agenda_whole_new_agenda_in_one_post(editor_client, draft, day):
    titles = [f"Punkt {n}" for n in range(1, 9)]

    editor_client.post(url(draft, day), agenda_data(titles))

    assert agenda(day) == list(enumerate(titles, start=1))


def test_agenda_reorder_keeps_items_and_their_decisions(editor_client, draft, day, make_items):
    a, b, c = make_items(day, ["A", "B", "C"])
    decision = Decision.objects.create(item=c, text="Beslut om C.")

    editor_client.post(
        url(draft, day),
        agenda_data(
            [
                {"item": a, "title": "A", "order": 2},
                {"item": b, "title": "B", "order": 3},
                {"item": c, "title": "C", "order": 1},
            ]
        ),
    )

    assert list(day.items.order_by("number").values_list("pk", "number", "title")) == [
        (c.pk, 1, "C"),
        (a.pk, 2, "A"),
        (b.pk, 3, "B"),
    ]
    decision.refresh_from_db()
    assert decision.item_id == c.pk


def test_agenda_reorder_saves_only_items_that_change(editor_client, draft, day, make_items):
    a, b, c = make_items(day, ["A", "B", "C"])

    editor_client.post(
        url(draft, day),
        agenda_data(
            [
                {"item": a, "title": "A", "order": 2},
                {"item": b, "title": "B", "order": 1},
                {"item": c, "title": "C", "order": 3},
            ]
        ),
    )

    assert sorted(AgendaItem.history.filter(history_type="~").values_list("id", "number")) == [
        (a.pk, 2),
        (b.pk, 1),
    ]


@pytest.mark.parametrize(
    ("moved", "direction", "expected"),
    [(1, "upp", ["B", "A", "C"]), (0, "ned", ["B", "A", "C"]), (2, "upp", ["A", "C", "B"])],
)
def test_agenda_move_button_without_javascript_saves_and_says_where(
    editor_client, draft, day, make_items, moved, direction, expected
):
    items = make_items(day, ["A", "B", "C"])

    response = editor_client.post(
        url(draft, day), agenda_data(items, flytta=f"rader-{moved}:{direction}")
    )

    assert [title for _n, title in agenda(day)] == expected
    moved_item = items[moved]
    moved_item.refresh_from_db()
    assert response["Location"] == f"{url(draft, day)}#punkt-{moved_item.pk}"
    page = editor_client.get(response["Location"]).content.decode()
    assert f"”{moved_item.title}” är nu punkt {moved_item.number}." in page


def test_agenda_first_row_up_changes_nothing(editor_client, draft, day, make_items):
    items = make_items(day, ["A", "B"])

    editor_client.post(url(draft, day), agenda_data(items, flytta="rader-0:upp"))

    assert agenda(day) == [(1, "A"), (2, "B")]


def test_agenda_title_changed_in_place(editor_client, draft, day, make_items):
    a, b = make_items(day, ["A", "B"])

    editor_client.post(url(draft, day), agenda_data([a, {"item": b, "title": "Bättre rubrik"}]))

    assert list(day.items.order_by("number").values_list("pk", "title")) == [
        (a.pk, "A"),
        (b.pk, "Bättre rubrik"),
    ]


def test_agenda_remove_item_renumbers(editor_client, draft, day, make_items):
    a, b, c = make_items(day, ["A", "B", "C"])

    response = editor_client.post(
        url(draft, day), agenda_data([{"item": a, "title": "A", "delete": True}, b, c])
    )

    assert response.status_code == 302
    assert agenda(day) == [(1, "B"), (2, "C")]


def test_agenda_remove_item_with_decisions_refused(editor_client, draft, day, make_items):
    a, b = make_items(day, ["A", "B"])
    Decision.objects.create(item=a, text="Beslut.")

    response = editor_client.post(
        url(draft, day), agenda_data([{"item": a, "title": "A", "delete": True}, b, "Ny"])
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        (
            None,
            "Punkt 1 ”A” har beslut och kan inte tas bort. "
            "Ta bort besluten på punktens sida först.",
        )
    ]
    assert agenda(day) == [(1, "A"), (2, "B")]


def test_agenda_remove_item_with_notes_asks_for_confirmation(editor_client, draft, day, make_items):
    a, b = make_items(day, ["A", "B"])
    a.body = "Viktiga anteckningar."
    a.save()
    Action.objects.create(item=b, text="Återkom.")
    rows = [{"item": a, "title": "A", "delete": True}, {"item": b, "title": "B", "delete": True}]

    asked = editor_client.post(url(draft, day), agenda_data(rows))

    assert asked.status_code == 200
    assert asked.context["errors"] == [
        (
            "id_ta-bort-confirm",
            "§1 ”A”, §2 ”B” har anteckningar, åtgärder eller bilagor. Kryssa i rutan för att "
            "ta bort dem ändå.",
        )
    ]
    assert 'id="id_ta-bort-confirm"' in asked.content.decode()
    assert agenda(day) == [(1, "A"), (2, "B")]

    confirmed = editor_client.post(url(draft, day), agenda_data(rows, **{"ta-bort-confirm": "on"}))

    assert confirmed.status_code == 302
    assert agenda(day) == []
    assert Action.objects.count() == 0


def test_agenda_cleared_title_of_an_item_refused(editor_client, draft, day, make_items):
    a, b = make_items(day, ["A", "B"])

    response = editor_client.post(url(draft, day), agenda_data([a, {"item": b, "title": " "}]))

    assert response.context["errors"] == [
        ("id_rader-1-title", "Skriv en rubrik för punkt 2, eller kryssa i ”Ta bort”.")
    ]
    assert agenda(day) == [(1, "A"), (2, "B")]


def test_agenda_too_long_title_refuses_the_whole_post_and_keeps_the_text(
    editor_client, draft, day, make_items
):
    a, b = make_items(day, ["A", "B"])
    long_title = "x" * 720

    response = editor_client.post(
        url(draft, day),
        agenda_data(
            [
                {"item": a, "title": "A ändrad", "order": 2},
                {"item": b, "title": "B", "order": 1},
                "Ny punkt",
                long_title,
            ]
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_rader-3-title", "Rubrik får vara högst 500 tecken (nu 720).")
    ]
    assert f'value="{long_title}"' in page
    assert 'value="A ändrad"' in page
    assert "maxlength" not in page
    assert agenda(day) == [(1, "A"), (2, "B")]
    assert [f["title"].value() for f in response.context["rows"]][:2] == ["B", "A ändrad"]


def test_agenda_item_of_another_day_refused(editor_client, network, draft, day, make_items):
    other = meeting_create(network=network, dates=[dt.date(2025, 1, 10)]).days.get()
    foreign = AgendaItem.objects.create(day=other, number=1, title="Främmande")

    response = editor_client.post(
        url(draft, day), agenda_data([{"item": foreign, "title": "Kapad"}])
    )

    assert response.status_code == 200
    assert ("id_rader-0-item", "Punkten finns inte längre på dagordningen.") in response.context[
        "errors"
    ]
    foreign.refresh_from_db()
    assert (foreign.day_id, foreign.title, agenda(day)) == (other.pk, "Främmande", [])


def test_agenda_title_of_an_item_saved_meanwhile_refused_then_kept(
    editor_client, draft, day, make_items
):
    a, b = make_items(day, ["Välkommen", "Nära vård"])
    # Someone saves item a from its own page after this agenda page was loaded (version 1).
    AgendaItem.objects.filter(pk=a.pk).update(title="Välkomna", version=2)
    rows = [{"item": a, "title": "Inledning", "version": 1}, {"item": b, "title": "Nära vård"}]

    response = editor_client.post(url(draft, day), agenda_data([*rows, "Övrigt"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Någon annan har ändrat punkt 1 sedan du öppnade sidan; den heter nu ”Välkomna”. "
        "Spara igen för att behålla det du skrivit här."
    ) in response.context["formset"].forms[0].errors["title"]
    assert 'value="Inledning"' in page and 'value="Övrigt"' in page  # nothing typed is lost
    assert 'name="rader-0-version" value="2"' in page  # having seen it, saving again keeps it
    assert agenda(day) == [(1, "Välkomna"), (2, "Nära vård")]

    rows[0]["version"] = 2
    response = editor_client.post(url(draft, day), agenda_data([*rows, "Övrigt"]))

    assert response.status_code == 302
    assert agenda(day) == [(1, "Inledning"), (2, "Nära vård"), (3, "Övrigt")]
    assert AgendaItem.objects.get(pk=a.pk).version == 3  # an item page open at 2 is refused


def test_agenda_reorder_not_refused_by_an_item_saved_meanwhile(
    editor_client, draft, day, make_items
):
    a, b = make_items(day, ["Välkommen", "Nära vård"])
    AgendaItem.objects.filter(pk=a.pk).update(body="Skrivet under tiden.", version=2)

    response = editor_client.post(
        url(draft, day),
        agenda_data(
            [{"item": b, "title": "Nära vård"}, {"item": a, "title": "Välkommen", "version": 1}]
        ),
    )

    assert response.status_code == 302
    assert agenda(day) == [(1, "Nära vård"), (2, "Välkommen")]
    assert AgendaItem.objects.get(pk=a.pk).body == "Skrivet under tiden."


def test_agenda_save_and_write_notes_opens_the_first_item(editor_client, draft, day):
    response = editor_client.post(url(draft, day), agenda_data(["A", "B"], anteckna="1"))

    first = day.items.get(number=1)
    assert response["Location"] == reverse("editing:item", args=[draft.pk, first.pk])


def test_agenda_error_summary_takes_focus(editor_client, draft, day):
    response = editor_client.post(url(draft, day), agenda_data(["x" * 501]))

    page = response.content.decode()
    assert 'id="felsammanfattning"' in page
    assert 'tabindex="-1" autofocus' in page
    assert '<a href="#id_rader-0-title">Rubrik får vara högst 500 tecken (nu 501).</a>' in page


@pytest.mark.parametrize("count", [1, 15])
def test_agenda_save_queries_bounded(
    editor_client, django_assert_max_num_queries, draft, day, make_items, count
):
    items = make_items(day, [f"Punkt {n}" for n in range(count)])
    for item in items:
        Decision.objects.create(item=item, text="Beslut.")

    # session, user, groups, meeting, day, items, the version claim, the day's items in
    # agenda_save, savepoints: the same for 1 and for 15 unchanged items
    with django_assert_max_num_queries(12):
        response = editor_client.post(url(draft, day), agenda_data(items))

    assert response.status_code == 302


@pytest.mark.parametrize("count", [1, 15])
def test_agenda_new_items_cost_four_queries_each(
    editor_client, django_assert_max_num_queries, draft, day, count
):
    # each new item: its insert, its history row, the history's look at its presenters and
    # simple-history reading back the field it leaves out (AgendaItem.version) for that look
    with django_assert_max_num_queries(12 + 4 * count):
        editor_client.post(url(draft, day), agenda_data([f"Punkt {n}" for n in range(count)]))

    assert day.items.count() == count


# --- "Spara och nästa" on the item page -------------------------------------------------------


def item_post(version, **fields):
    data = {
        "item-version": version,
        "title": "Rubrik",
        "body": "Text.",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": 0,
        "atgarder-INITIAL_FORMS": 0,
        "nasta": "1",
    }
    data.update(fields)
    return data


def test_save_and_next_opens_the_next_item_then_the_next_day_then_the_tasks(
    editor_client, network, make_items
):
    meeting = meeting_create(network=network, dates=[dt.date(2025, 3, 6), dt.date(2025, 3, 7)])
    first_day, second_day = MeetingDay.objects.filter(meeting=meeting).order_by("date")
    a, b = make_items(first_day, ["A", "B"])
    (c,) = make_items(second_day, ["C"])

    went = []
    for item in [a, b, c]:
        response = editor_client.post(
            reverse("editing:item", args=[meeting.pk, item.pk]),
            item_post(item.version, title=item.title),
        )
        went.append(response["Location"])

    assert went == [
        reverse("editing:item", args=[meeting.pk, b.pk]),
        reverse("editing:item", args=[meeting.pk, c.pk]),
        reverse("editing:meeting", args=[meeting.pk]),
    ]
    assert list(
        AgendaItem.objects.order_by("day__date", "number").values_list("body", flat=True)
    ) == [
        "Text.",
        "Text.",
        "Text.",
    ]


def test_save_and_next_refused_stays_on_the_item(editor_client, draft, day, make_items):
    a, _b = make_items(day, ["A", "B"])

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, a.pk]), item_post(1, title="y" * 720)
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_title", "Rubrik får vara högst 500 tecken (nu 720).")
    ]
    assert 'value="' + "y" * 720 + '"' in response.content.decode()
