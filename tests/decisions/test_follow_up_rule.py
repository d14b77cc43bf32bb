"""The one rule for "Ej följd upp" (decisions.models.not_followed_up_condition): an open action
past its due date, or without one and recorded more than a year ago; a closed one never."""

import datetime as dt

import pytest

from decisions.models import Action, a_year_before
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network

TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def item_on(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")

    def make(date):
        meeting = Meeting.objects.create(
            network=network, start_date=date, status=Meeting.Status.PUBLISHED
        )
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        return AgendaItem.objects.create(day=day, number=1, title="Punkt")

    return make


def flagged(action) -> bool:
    return Action.objects.with_follow_up(TODAY).get(pk=action.pk).not_followed_up


def listed(action) -> bool:
    return Action.objects.not_followed_up(TODAY).filter(pk=action.pk).exists()


@pytest.mark.parametrize(
    ("due_date", "expected"),
    [
        (TODAY - dt.timedelta(days=1), True),  # due yesterday: passed
        (TODAY, False),  # due today: not yet passed
        (TODAY + dt.timedelta(days=30), False),
    ],
)
def test_not_followed_up_when_due_date_passed(item_on, due_date, expected):
    action = Action.objects.create(
        item=item_on(TODAY - dt.timedelta(days=10)), text="Svar skickas.", due_date=due_date
    )

    assert (flagged(action), listed(action)) == (expected, expected)


@pytest.mark.parametrize(
    ("meeting_date", "expected"),
    [
        (dt.date(2025, 6, 14), True),  # a year and a day ago
        (dt.date(2025, 6, 15), False),  # exactly a year ago: not more than a year
        (dt.date(2026, 1, 10), False),
    ],
)
def test_not_followed_up_without_due_date_when_over_a_year_old(item_on, meeting_date, expected):
    action = Action.objects.create(item=item_on(meeting_date), text="Rapporten skickas.")

    assert (flagged(action), listed(action)) == (expected, expected)


def test_not_followed_up_old_meeting_with_future_due_date_is_not(item_on):
    action = Action.objects.create(
        item=item_on(dt.date(2019, 2, 14)), text="Förnyad.", due_date=dt.date(2026, 9, 1)
    )

    assert (flagged(action), listed(action)) == (False, False)


@pytest.mark.parametrize("status", [Action.Status.DONE, Action.Status.CANCELLED])
@pytest.mark.parametrize("due_date", [None, dt.date(2020, 1, 1)])
def test_not_followed_up_closed_never(item_on, status, due_date):
    action = Action.objects.create(
        item=item_on(dt.date(2019, 2, 14)),
        text="Klar sedan länge.",
        status=status,
        due_date=due_date,
    )

    assert (flagged(action), listed(action)) == (False, False)


def test_a_year_before_29_february_is_28_february():
    assert a_year_before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert a_year_before(dt.date(2026, 6, 15)) == dt.date(2025, 6, 15)


def test_action_filter_not_followed_up_choice(member_client, item_on):
    old = Action.objects.create(item=item_on(dt.date(2019, 2, 14)), text="Gammal utan datum.")
    Action.objects.create(
        item=item_on(dt.date(2019, 3, 14)), text="Klar.", status=Action.Status.DONE
    )
    Action.objects.create(item=item_on(dt.date.today()), text="Ny utan datum.")

    response = member_client.get("/atgarder/", {"status": "not_followed_up"})

    assert [a.text for a in response.context["actions"]] == [old.text]
    assert [(f.label, f.value) for f in response.context["active_filters"]] == [
        ("Status", "Ej följd upp")
    ]
    assert '<span class="status status-overdue">Ej följd upp</span>' in response.content.decode()


def test_api_not_followed_up_field_and_status(member_client, item_on):
    old = Action.objects.create(item=item_on(dt.date(2019, 2, 14)), text="Gammal utan datum.")
    Action.objects.create(item=item_on(dt.date.today()), text="Ny utan datum.")

    everything = member_client.get("/api/v1/actions").json()["results"]
    only = member_client.get("/api/v1/actions", {"status": "not_followed_up"}).json()["results"]

    assert [(row["text"], row["overdue"], row["not_followed_up"]) for row in everything] == [
        ("Ny utan datum.", False, False),
        ("Gammal utan datum.", False, True),
    ]
    assert [row["id"] for row in only] == [old.pk]
