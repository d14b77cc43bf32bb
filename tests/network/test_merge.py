import datetime as dt
from unittest import mock

import pytest

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network import services
from network.models import (
    Appointment,
    Membership,
    Network,
    Organisation,
    Person,
    PersonName,
)
from network.services import person_merge

DAY_1 = dt.date(2024, 11, 7)
DAY_2 = dt.date(2024, 11, 8)


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


@pytest.fixture
def molndal(db):
    return Organisation.objects.create(
        name="Mölndals stad", short_name="Mölndal", kind=Organisation.Kind.MUNICIPALITY
    )


@pytest.fixture
def days(network):
    meeting = Meeting.objects.create(network=network, start_date=DAY_1)
    return [
        MeetingDay.objects.create(meeting=meeting, date=DAY_1),
        MeetingDay.objects.create(meeting=meeting, date=DAY_2),
    ]


@pytest.fixture
def item(days):
    return AgendaItem.objects.create(day=days[0], number=4, title="Nära vård")


@pytest.fixture
def monica(db):
    return Person.objects.create(full_name="Monica Bondesson")


@pytest.fixture
def monika(db):
    return Person.objects.create(
        full_name="Monika Bondesson", title="Socialchef", email="monika@example.se"
    )


def test_person_merge_moves_attendances_without_conflict(monica, monika, days):
    Attendance.objects.create(day=days[0], person=monica)
    Attendance.objects.create(day=days[1], person=monika)

    person_merge(keep=monica, duplicates=[monika])

    assert sorted(monica.attendances.values_list("day__date", flat=True)) == [DAY_1, DAY_2]


def test_person_merge_same_day_keeps_one_attendance_with_both_notes_and_items(
    monica, monika, days, item
):
    second = AgendaItem.objects.create(day=days[0], number=5, title="Registerstudien")
    kept = Attendance.objects.create(day=days[0], person=monica, note="punkt 4")
    kept.items.add(item)
    duplicate = Attendance.objects.create(
        day=days[0], person=monika, note="deltar via länk punkt 5", remote=True
    )
    duplicate.items.add(second)
    Attendance.objects.create(day=days[1], person=monika)
    days_before = {days[0].pk, days[1].pk}

    person_merge(keep=monica, duplicates=[monika])

    assert set(monica.attendances.values_list("day_id", flat=True)) == days_before
    merged = Attendance.objects.get(day=days[0], person=monica)
    assert merged.pk == kept.pk
    assert merged.note == "punkt 4; deltar via länk punkt 5"
    assert set(merged.items.values_list("number", flat=True)) == {4, 5}
    assert Attendance.objects.count() == 2


def test_person_merge_same_day_same_note_is_not_repeated(monica, monika, days):
    Attendance.objects.create(day=days[0], person=monica, note="Del av mötet")
    Attendance.objects.create(day=days[0], person=monika, note="del av mötet")

    person_merge(keep=monica, duplicates=[monika])

    assert Attendance.objects.get(person=monica).note == "Del av mötet"


def test_person_merge_moves_memberships_and_skips_exact_duplicates(
    monica, monika, network, molndal
):
    lerum = Organisation.objects.create(name="Lerums kommun", short_name="Lerum")
    Membership.objects.create(
        person=monica, network=network, organisation=molndal, start_date=DAY_1
    )
    Membership.objects.create(
        person=monika, network=network, organisation=molndal, start_date=DAY_1
    )
    Membership.objects.create(
        person=monika, network=network, organisation=lerum, start_date=dt.date(2019, 1, 1)
    )

    person_merge(keep=monica, duplicates=[monika])

    assert sorted(monica.memberships.values_list("organisation__short_name", flat=True)) == [
        "Lerum",
        "Mölndal",
    ]
    assert Membership.objects.count() == 2


def test_person_merge_moves_appointments_actions_recorders_and_presenters(
    monica, monika, network, days, item
):
    decision = Decision.objects.create(item=item, text="Monika utses till representant.")
    appointment = Appointment.objects.create(
        person=monika, network=network, body="styrgrupp", start_date=DAY_1, decision=decision
    )
    action = Action.objects.create(item=item, text="Återkommer", responsible_person=monika)
    meeting = days[0].meeting
    meeting.recorders.add(monika)
    item.presenters.add(monika, monica)

    person_merge(keep=monica, duplicates=[monika])

    appointment.refresh_from_db()
    action.refresh_from_db()
    assert appointment.person == monica
    assert action.responsible_person == monica
    assert list(meeting.recorders.all()) == [monica]
    assert list(item.presenters.all()) == [monica]


def test_person_merge_keeps_duplicate_names_as_written_forms(monica, monika):
    PersonName.objects.create(person=monika, name="M. Bondesson")
    PersonName.objects.create(person=monika, name="MONICA BONDESSON")
    monika_2 = Person.objects.create(full_name="monica bondesson")

    person_merge(keep=monica, duplicates=[monika, monika_2])

    assert sorted(monica.names.values_list("name", flat=True)) == [
        "M. Bondesson",
        "Monika Bondesson",
    ]


def test_person_merge_fills_empty_title_and_email(monica, monika):
    person_merge(keep=monica, duplicates=[monika])

    monica.refresh_from_db()
    assert (monica.title, monica.email) == ("Socialchef", "monika@example.se")


def test_person_merge_keeps_own_title_and_email(monika):
    keep = Person.objects.create(full_name="Monica Bondesson", title="Sektorschef")

    person_merge(keep=keep, duplicates=[monika])

    keep.refresh_from_db()
    assert (keep.title, keep.email) == ("Sektorschef", "monika@example.se")


def test_person_merge_deletes_duplicates(monica, monika):
    other = Person.objects.create(full_name="Monica Bondeson")

    result = person_merge(keep=monica, duplicates=[monika, other])

    assert result == monica
    assert list(Person.objects.all()) == [monica]


def test_person_merge_keep_in_duplicates_raises(monica, monika):
    with pytest.raises(ValueError):
        person_merge(keep=monica, duplicates=[monika, monica])

    assert Person.objects.count() == 2


def test_person_merge_failure_midway_changes_nothing(monica, monika, network, days, item):
    Attendance.objects.create(day=days[0], person=monica, note="punkt 4")
    Attendance.objects.create(day=days[0], person=monika, note="punkt 5")
    Attendance.objects.create(day=days[1], person=monika)
    Membership.objects.create(
        person=monika,
        network=network,
        organisation=Organisation.objects.create(name="Mölndals stad", short_name="Mölndal"),
        start_date=DAY_1,
    )
    Action.objects.create(item=item, text="Återkommer", responsible_person=monika)

    with (
        mock.patch.object(services, "_move_names", side_effect=RuntimeError("avbrott")),
        pytest.raises(RuntimeError),
    ):
        person_merge(keep=monica, duplicates=[monika])

    assert Person.objects.count() == 2
    assert Attendance.objects.filter(person=monika).count() == 2
    assert Attendance.objects.filter(person=monica).get().note == "punkt 4"
    assert Membership.objects.filter(person=monika).count() == 1
    assert Action.objects.filter(responsible_person=monika).count() == 1


def test_person_merge_handles_every_relation_to_person():
    # A new relation to Person must be moved by person_merge, or it would be lost (or block it).
    handled = {
        "attendances",
        "memberships",
        "appointments",
        "actions",
        "recorded_meetings",
        "presented_items",
        "names",
    }

    relations = {rel.get_accessor_name() for rel in Person._meta.related_objects}

    assert relations == handled
