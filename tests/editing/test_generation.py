"""A planning lead writing a draft leaves what readers have kept in place (minutes/caching.py:
within_a_draft); what readers can see moves the generation on: justering, reopening, a change
to published minutes, anything outside a meeting."""

import pytest
from django.urls import reverse

from decisions.models import Decision
from minutes import caching
from minutes.models import AgendaItem, Meeting
from minutes.services import meeting_item_add, meeting_publish, meeting_reopen
from network.models import Person

from .test_conflict import details_data
from .test_items import item_data


@pytest.fixture
def generation(kept_cache):
    """The generation now; the fixture moves it at once on a change, as a commit does."""
    return caching.generation


def test_writing_a_draft_keeps_the_generation(editor_client, draft, day, generation):
    start = generation()
    item = meeting_item_add(day=day, title="Nära vård")
    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_data(1, decisions=[{"kind": "beslut", "text": "Nätverket beslutar."}]),
    )
    editor_client.post(
        reverse("editing:details", args=[draft.pk]),
        details_data(1, theme="Ny", location="Gårda"),
    )

    assert (Decision.objects.get().text, Meeting.objects.get().theme) == (
        "Nätverket beslutar.",
        "Ny",
    )
    assert generation() == start


def test_justering_and_reopening_move_it(draft, day, generation):
    meeting_item_add(day=day, title="Nära vård")
    start = generation()

    meeting_publish(meeting=draft, version=Meeting.objects.get().version)
    published = generation()
    meeting_reopen(meeting=draft, reason="Rättelse")

    assert (published > start, generation() > published) == (True, True)


def test_a_change_to_published_minutes_or_outside_a_meeting_moves_it(draft, day, generation):
    item = meeting_item_add(day=day, title="Nära vård")
    meeting_publish(meeting=draft, version=Meeting.objects.get().version)

    start = generation()
    item = AgendaItem.objects.select_related("day__meeting").get(pk=item.pk)
    item.body = "Rättat i admin."
    item.save()
    after_item = generation()
    Person.objects.create(full_name="Ebba Gierow")

    assert (after_item > start, generation() > after_item) == (True, True)


def test_a_record_loaded_without_its_meeting_counts_as_seen(draft, day, generation):
    """Without the meeting at hand nothing is assumed: the change moves the generation."""
    item = meeting_item_add(day=day, title="Nära vård")
    start = generation()

    AgendaItem.objects.get(pk=item.pk).save()

    assert generation() > start
