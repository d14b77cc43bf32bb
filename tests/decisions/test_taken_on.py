"""Decision.taken_on: the item's day's date kept on the decision, so /beslut/ walks one index."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from decisions.models import Decision
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Network


@pytest.fixture
def day(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(network=network, start_date=dt.date(2024, 11, 7))
    return MeetingDay.objects.create(meeting=meeting, date=dt.date(2024, 11, 7))


def test_a_new_decision_takes_its_days_date(day):
    item = AgendaItem.objects.create(day=day, number=1, title="Ny socialtjänstlag")

    decision = Decision.objects.create(item=AgendaItem.objects.get(pk=item.pk), text="Beslut.")

    assert Decision.objects.get(pk=decision.pk).taken_on == dt.date(2024, 11, 7)


def test_a_days_new_date_reaches_its_decisions(day):
    item = AgendaItem.objects.create(day=day, number=1, title="Ny socialtjänstlag")
    decision = Decision.objects.create(item=item, text="Beslut.")
    day = MeetingDay.objects.get(pk=day.pk)

    day.date = dt.date(2024, 11, 8)
    day.save()

    assert Decision.objects.get(pk=decision.pk).taken_on == dt.date(2024, 11, 8)


def test_an_item_moved_to_another_day_takes_its_date(day):
    second = MeetingDay.objects.create(meeting=day.meeting, date=dt.date(2024, 11, 8))
    item = AgendaItem.objects.create(day=day, number=1, title="Ny socialtjänstlag")
    decision = Decision.objects.create(item=item, text="Beslut.")
    item = AgendaItem.objects.get(pk=item.pk)

    item.day = second
    item.save()

    assert Decision.objects.get(pk=decision.pk).taken_on == dt.date(2024, 11, 8)


def test_saving_only_some_fields_keeps_the_date(day):
    item = AgendaItem.objects.create(day=day, number=1, title="Ny socialtjänstlag")
    decision = Decision.objects.create(item=item, text="Beslut.")
    Decision.objects.filter(pk=decision.pk).update(taken_on=dt.date(2000, 1, 1))

    decision.text = "Beslut, rättat."
    decision.save(update_fields=["text"])

    assert Decision.objects.get(pk=decision.pk).taken_on == dt.date(2024, 11, 7)


@pytest.mark.parametrize("command", ["load_demo", "generate_synthetic"])
def test_every_loaded_decision_has_its_days_date(db, command):
    options = {"decisions": 40, "seed": 3} if command == "generate_synthetic" else {}
    call_command(command, stdout=io.StringIO(), **options)

    assert Decision.objects.count() >= 7
    assert not Decision.objects.exclude(taken_on=F("item__day__date")).exists()


def test_the_list_is_newest_first_by_day_then_item_and_position(day):
    later = MeetingDay.objects.create(meeting=day.meeting, date=dt.date(2024, 11, 8))
    first = AgendaItem.objects.create(day=day, number=1, title="A")
    second = AgendaItem.objects.create(day=day, number=2, title="B")
    third = AgendaItem.objects.create(day=later, number=3, title="C")
    b2 = Decision.objects.create(item=second, position=2, text="b2")
    a1 = Decision.objects.create(item=first, text="a1")
    c1 = Decision.objects.create(item=third, text="c1")
    b1 = Decision.objects.create(item=second, position=1, text="b1")

    assert list(Decision.objects.all()) == [c1, a1, b1, b2]
