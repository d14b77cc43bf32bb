import datetime as dt

import pytest

from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Network, Person


@pytest.fixture
def day(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(network=network, start_date=dt.date(2024, 11, 7))
    day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
    for number in range(1, 9):
        AgendaItem.objects.create(day=day, number=number, title=f"Punkt {number}")
    return day


def attend(day, name, presence=Attendance.Presence.PRESENT, items=(), note=""):
    attendance = Attendance.objects.create(
        day=day, person=Person.objects.create(full_name=name), presence=presence, note=note
    )
    attendance.items.set(day.items.filter(number__in=items))
    return attendance


def test_present_for_respects_named_items(day):
    attend(day, "Hela Dagen")
    attend(day, "Punkt Fyra Till Åtta", Attendance.Presence.PARTIAL, range(4, 9), "punkt 4-8")
    attend(day, "Del Av Mötet", Attendance.Presence.PARTIAL, note="del av mötet")
    attend(day, "Anmält Förhinder", Attendance.Presence.ABSENT)
    item2, item4 = day.items.get(number=2), day.items.get(number=4)

    present2 = sorted(
        Attendance.objects.present_for(item2).values_list("person__full_name", flat=True)
    )
    present4 = sorted(
        Attendance.objects.present_for(item4).values_list("person__full_name", flat=True)
    )

    assert present2 == ["Del Av Mötet", "Hela Dagen"]
    assert present4 == ["Del Av Mötet", "Hela Dagen", "Punkt Fyra Till Åtta"]


def test_was_present_for_agrees_with_the_query(day):
    partial = attend(day, "Punkt Fyra", Attendance.Presence.PARTIAL, [4], "punkt 4")
    absent = attend(day, "Borta", Attendance.Presence.ABSENT)

    assert [partial.was_present_for(i) for i in day.items.filter(number__in=[2, 4])] == [
        False,
        True,
    ]
    assert absent.was_present_for(day.items.get(number=4)) is False
