"""Justering: a published meeting is locked, reopening is deliberate, every later change is in
the history, and a published decision's reference never changes."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Decision
from minutes.editing.history import meeting_changes
from minutes.models import Meeting
from minutes.services import meeting_items_renumber, meeting_publish, meeting_reopen

LOCKED = "Mötet är justerat och låst"


def post_publish(client, meeting):
    meeting.refresh_from_db()
    return client.post(
        reverse("editing:publish", args=[meeting.pk]), {"meeting-version": meeting.version}
    )


def test_publish_sets_status_and_time(editor_client, draft):
    response = post_publish(editor_client, draft)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == Meeting.Status.PUBLISHED
    assert draft.published_at is not None


def test_publish_reference_follows_renumbered_draft_item(draft, day, make_items):
    first, second = make_items(day, ["Välkommen", "Nära vård"])
    decision = Decision.objects.create(item=second, text="Nätverket ställer sig bakom.")
    meeting_items_renumber(day=day, order=[second.pk, first.pk])

    meeting_publish(meeting=draft, version=draft.version)

    decision.refresh_from_db()
    assert decision.reference == "Socialchefsnätverket 2025-03-06 §1"
    assert decision.slug == "socialchefsnatverket-2025-03-06-1"


def test_publish_swapped_items_swap_draft_references(draft, day, make_items):
    first, second = make_items(day, ["A", "B"])
    d1 = Decision.objects.create(item=first, text="Ett")
    d2 = Decision.objects.create(item=second, text="Två")
    meeting_items_renumber(day=day, order=[second.pk, first.pk])

    meeting_publish(meeting=draft, version=draft.version)

    d1.refresh_from_db()
    d2.refresh_from_db()
    assert (d1.reference, d2.reference) == (
        "Socialchefsnätverket 2025-03-06 §2",
        "Socialchefsnätverket 2025-03-06 §1",
    )


def test_published_reference_never_changes_after_reopen_and_renumber(
    editor_client, draft, day, make_items
):
    _first, second = make_items(day, ["Välkommen", "Nära vård"])
    decision = Decision.objects.create(item=second, text="Beslut om Nära vård.")
    meeting_publish(meeting=draft, version=draft.version)
    draft.refresh_from_db()
    meeting_reopen(meeting=draft, reason="Rättelse")
    draft.refresh_from_db()
    first = draft.days.get().items.get(number=1)
    editor_client.post(  # the agenda's "Upp" on the second row
        reverse("editing:agenda", args=[draft.pk, second.day_id]),
        {
            "meeting-version": draft.version,
            "rader-TOTAL_FORMS": 2,
            "rader-INITIAL_FORMS": 2,
            **{f"rader-{n}-item": item.pk for n, item in enumerate([first, second])},
            **{f"rader-{n}-version": item.version for n, item in enumerate([first, second])},
            **{f"rader-{n}-title": item.title for n, item in enumerate([first, second])},
            **{f"rader-{n}-ORDER": n + 1 for n in range(2)},
            "flytta": "rader-1:upp",
        },
    )
    second.refresh_from_db()

    response = post_publish(editor_client, draft)

    decision.refresh_from_db()
    assert (response.status_code, second.number) == (302, 1)
    assert decision.reference == "Socialchefsnätverket 2025-03-06 §2"


def test_publish_decision_added_after_reopen_gets_final_number(draft, day, make_items):
    first, second = make_items(day, ["Välkommen", "Nära vård"])
    kept = Decision.objects.create(item=second, text="Första beslutet.")
    meeting_publish(meeting=draft, version=draft.version)
    meeting_reopen(meeting=draft)
    draft.refresh_from_db()
    meeting_items_renumber(day=day, order=[second.pk, first.pk])
    added = Decision.objects.create(item=first, text="Nytt beslut.")  # provisional: §2 taken
    draft.refresh_from_db()

    meeting_publish(meeting=draft, version=draft.version)

    kept.refresh_from_db()
    added.refresh_from_db()
    assert (kept.reference, added.reference) == (
        "Socialchefsnätverket 2025-03-06 §2",
        "Socialchefsnätverket 2025-03-06 §2 (2)",
    )


@pytest.fixture
def published(draft, day, make_items):
    make_items(day, ["Välkommen", "Nära vård"])
    meeting_publish(meeting=draft, version=draft.version)
    draft.refresh_from_db()
    return draft


def test_published_meeting_refuses_item_edit_and_keeps_the_text(editor_client, published, day):
    """A tab left open through justering: the save is refused, the text stays in the form with
    the way to reopen the meeting."""
    item = day.items.get(number=1)

    response = editor_client.post(
        reverse("editing:item", args=[published.pk, item.pk]),
        {
            "item-version": item.version,
            "title": "Ändrad",
            "body": "Skrivet medan mötet justerades.",
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
        },
    )

    item.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 409
    assert item.title == "Välkommen"
    assert LOCKED in page
    assert "Skrivet medan mötet justerades.</textarea>" in page
    assert 'value="Ändrad"' in page
    assert f'href="{reverse("editing:reopen", args=[published.pk])}" target="_blank"' in page


def test_text_kept_through_justering_saves_after_reopening(editor_client, published, day):
    item = day.items.get(number=1)
    data = {
        "item-version": item.version,
        "title": "Välkommen",
        "body": "Skrivet medan mötet justerades.",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": 0,
        "atgarder-INITIAL_FORMS": 0,
    }
    url = reverse("editing:item", args=[published.pk, item.pk])
    refused = editor_client.post(url, data)
    editor_client.post(reverse("editing:reopen", args=[published.pk]), {"reason": "Tillägg"})

    saved = editor_client.post(url, data)  # the same form, submitted again

    item.refresh_from_db()
    assert (refused.status_code, saved.status_code) == (409, 302)
    assert item.body == "Skrivet medan mötet justerades."


@pytest.mark.parametrize("name", ["details", "attendance"])
def test_published_meeting_refuses_details_and_attendance_keeping_the_form(
    editor_client, published, day, name
):
    args = [published.pk] if name == "details" else [published.pk, day.pk]

    response = editor_client.post(
        reverse(f"editing:{name}", args=args),
        {
            "details-version": 1,
            "day-version": 1,
            "title": "Ny rubrik",
            "location": "Ny plats",
            "gaster-TOTAL_FORMS": 1,
            "gaster-INITIAL_FORMS": 0,
            "gaster-0-name": "Ny Gäst",
            "gaster-0-group": "guest",
        },
    )

    published.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 409
    assert LOCKED in page
    assert ('value="Ny plats"' if name == "details" else 'value="Ny Gäst"') in page
    assert (published.location, day.attendances.count()) == ("Gårda", 0)


@pytest.mark.parametrize("name", ["agenda", "publish"])
def test_published_meeting_refuses_every_change(editor_client, published, day, name):
    args = {"agenda": [published.pk, day.pk], "publish": [published.pk]}[name]

    # the agenda's rows renamed, one moved down and a new one added; or a second publish
    first, second = day.items.order_by("number")
    response = editor_client.post(
        reverse(f"editing:{name}", args=args),
        {
            "meeting-version": published.version,
            "rader-TOTAL_FORMS": 3,
            "rader-INITIAL_FORMS": 2,
            **{f"rader-{n}-item": item.pk for n, item in enumerate([first, second])},
            **{f"rader-{n}-version": item.version for n, item in enumerate([first, second])},
            **{f"rader-{n}-ORDER": n + 1 for n in range(3)},
            "rader-0-title": "Omdöpt",
            "rader-1-title": second.title,
            "rader-2-title": "Ny punkt",
            "flytta": "rader-0:ned",
        },
    )

    published.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("editing:meeting", args=[published.pk])
    assert list(day.items.values_list("number", "title")) == [(1, "Välkommen"), (2, "Nära vård")]
    assert published.status == Meeting.Status.PUBLISHED


def test_reopen_get_asks_for_confirmation(editor_client, published):
    response = editor_client.get(reverse("editing:reopen", args=[published.pk]))

    published.refresh_from_db()
    assert response.status_code == 200
    assert "Ja, öppna mötet igen" in response.content.decode()
    assert published.status == Meeting.Status.PUBLISHED


def test_reopen_post_makes_draft_with_reason(editor_client, published):
    response = editor_client.post(
        reverse("editing:reopen", args=[published.pk]), {"reason": "Fel namn"}
    )

    published.refresh_from_db()
    latest = published.history.first()
    assert response.status_code == 302
    assert published.status == Meeting.Status.DRAFT
    assert (latest.history_change_reason, latest.history_user.username) == ("Fel namn", "editor")


def test_history_shows_every_change_after_publishing(editor_client, published, day):
    editor_client.post(reverse("editing:reopen", args=[published.pk]), {"reason": "Rättelse"})
    published.refresh_from_db()
    item = day.items.get(number=2)
    editor_client.post(
        reverse("editing:item", args=[published.pk, item.pk]),
        {
            "item-version": item.version,
            "title": "Nära vård i GR",
            "body": "",
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
        },
    )
    published.refresh_from_db()
    editor_client.post(
        reverse("editing:agenda", args=[published.pk, day.pk]),
        {
            "meeting-version": published.version,
            "rader-TOTAL_FORMS": 3,
            "rader-INITIAL_FORMS": 2,
            **{f"rader-{n}-item": i.pk for n, i in enumerate(day.items.order_by("number"))},
            **{f"rader-{n}-title": i.title for n, i in enumerate(day.items.order_by("number"))},
            "rader-2-title": "Övrigt",
        },
    )

    response = editor_client.get(reverse("editing:history", args=[published.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "§2 Nära vård i GR" in page
    # whole texts, the new words marked
    assert (
        "Nära vård</td><td>Nära vård <ins>"
        '<span class="visually-hidden">[tillagt: </span>i GR'
        '<span class="visually-hidden">]</span></ins></td>'
    ) in page
    assert "§3 Övrigt" in page
    assert "Rättelse" in page
    assert page.count("editor") >= 3


def test_history_changes_carry_field_diff_and_reason(published, day):
    meeting_reopen(meeting=published, reason="Stavfel")
    item = day.items.get(number=1)
    item.title = "Välkomna"
    item.save()

    since, changes = meeting_changes(published)

    assert [(c.what, c.label, c.kind, c.reason, c.fields) for c in changes[:2]] == [
        ("Punkt", "§1 Välkomna", "~", "", [("rubrik", "Välkommen", "Välkomna")]),
        ("Möte", "Mötet", "~", "Stavfel", [("status", "Justerad", "Utkast")]),
    ]
    assert since == changes[2].when


def test_history_before_first_publication_is_empty(editor_client, draft):
    response = editor_client.get(reverse("editing:history", args=[draft.pk]))

    assert "Mötet har inte justerats än" in response.content.decode()


def test_meeting_page_links_history(editor_client, published):
    response = editor_client.get(reverse("editing:meeting", args=[published.pk]))

    assert reverse("editing:history", args=[published.pk]) in response.content.decode()


def test_demo_meeting_reopen_renumber_publish_keeps_references(editor_client):
    call_command("load_demo", verbosity=0)
    meeting = Meeting.objects.filter(days__items__decisions__isnull=False).distinct().first()
    before = dict(
        Decision.objects.filter(item__day__meeting=meeting).values_list("pk", "reference")
    )
    editor_client.post(reverse("editing:reopen", args=[meeting.pk]), {"reason": "Ordning"})
    day = meeting.days.first()
    order = list(day.items.order_by("-number").values_list("pk", flat=True))
    meeting_items_renumber(day=day, order=order)

    response = post_publish(editor_client, meeting)

    after = dict(Decision.objects.filter(item__day__meeting=meeting).values_list("pk", "reference"))
    assert response.status_code == 302
    assert (len(before) > 0, after) == (True, before)
