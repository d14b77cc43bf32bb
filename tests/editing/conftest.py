import datetime as dt

import pytest

from minutes.models import AgendaItem, Attendance
from minutes.services import meeting_create
from network.models import Membership, Network, Organisation, Person

MUNICIPALITIES = [
    "Ale", "Alingsås", "Göteborg", "Härryda", "Kungsbacka", "Kungälv", "Lerum", "Lilla Edet",
    "Mölndal", "Partille", "Stenungsund", "Tjörn", "Öckerö", "Orust", "Uddevalla",
]  # fmt: skip


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")


@pytest.fixture
def gr(db):
    return Organisation.objects.create(
        name="Göteborgsregionen", short_name="GR", kind=Organisation.Kind.REGIONAL_BODY
    )


@pytest.fixture
def make_members(network):
    def make(count: int, start=dt.date(2020, 1, 1)) -> list[Person]:
        people = []
        for n in range(count):
            org, _ = Organisation.objects.get_or_create(
                name=f"{MUNICIPALITIES[n]} kommun", short_name=MUNICIPALITIES[n]
            )
            person = Person.objects.create(full_name=f"Chef {MUNICIPALITIES[n]} Nummer{n}")
            Membership.objects.create(
                person=person, network=network, organisation=org, start_date=start
            )
            people.append(person)
        return people

    return make


@pytest.fixture
def draft(network):
    return meeting_create(
        network=network, dates=[dt.date(2025, 3, 6)], location="Gårda", theme="Nära vård"
    )


@pytest.fixture
def day(draft):
    return draft.days.get()


@pytest.fixture
def make_items():
    def make(day, titles):
        return [
            AgendaItem.objects.create(day=day, number=n, title=title)
            for n, title in enumerate(titles, start=1)
        ]

    return make


@pytest.fixture
def attend():
    def make(day, person, **fields):
        return Attendance.objects.create(day=day, person=person, **fields)

    return make
