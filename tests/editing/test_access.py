"""Only planning leads edit: members get 403 on every editing view, GET and POST; visitors
are sent to the login page."""

import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Action
from minutes.models import AgendaItem, Attachment, Meeting
from minutes.services import meeting_create


@pytest.fixture
def urls(draft, day, network):
    item = AgendaItem.objects.create(day=day, number=1, title="Välkommen")
    Attachment.objects.create(item=item, title="Bilder", url="https://example.org")
    earlier = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    old_item = AgendaItem.objects.create(
        day=earlier.days.get(), number=1, title="Gammal", outcome=AgendaItem.Outcome.TABLED
    )
    action = Action.objects.create(item=old_item, text="Återkom")
    m = draft.pk
    return [
        reverse("editing:dashboard"),
        reverse("editing:meeting_new"),
        reverse("editing:meeting", args=[m]),
        reverse("editing:details", args=[m]),
        reverse("editing:attendance", args=[m, day.pk]),
        reverse("editing:agenda", args=[m, day.pk]),
        reverse("editing:item_take_up", args=[m, day.pk, old_item.pk]),
        reverse("editing:item", args=[m, item.pk]),
        reverse("editing:action_done", args=[m, action.pk]),
        reverse("editing:publish", args=[m]),
        reverse("editing:reopen", args=[m]),
        reverse("editing:history", args=[m]),
    ]


URL_COUNT = 12


@pytest.mark.parametrize("index", range(URL_COUNT))
@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_view_member_forbidden(member_client, urls, index, method):
    response = getattr(member_client, method)(urls[index], {"meeting-version": 1})

    assert response.status_code == 403


@pytest.mark.parametrize("index", range(URL_COUNT))
@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_view_anonymous_sent_to_login(client, urls, index, method):
    response = getattr(client, method)(urls[index])

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_editing_view_member_post_changes_nothing(member_client, urls, draft):
    for url in urls:
        member_client.post(url, {"meeting-version": 1, "title": "Ändrad"})

    draft.refresh_from_db()
    assert (draft.status, draft.version, AgendaItem.objects.count(), Meeting.objects.count()) == (
        Meeting.Status.DRAFT,
        1,
        2,
        2,
    )


GET_PAGES = [0, 1, 2, 3, 4, 5, 7, 9, 11]


@pytest.mark.parametrize("index", GET_PAGES)
def test_editing_view_editor_gets_page(editor_client, urls, index):
    response = editor_client.get(urls[index])

    assert response.status_code == 200


@pytest.mark.parametrize("index", [6, 8])
def test_editing_post_only_view_editor_get_not_allowed(editor_client, urls, index):
    response = editor_client.get(urls[index])

    assert response.status_code == 405
