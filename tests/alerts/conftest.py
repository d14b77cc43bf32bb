import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from alerts.models import Alert
from decisions.models import Decision
from minutes.models import AgendaItem, Matter
from minutes.services import meeting_create
from network.models import Network

DATE = dt.date(2025, 3, 6)


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefer")


@pytest.fixture
def other_network(db):
    return Network.objects.create(name="IFO-nätverket", slug="ifo")


@pytest.fixture
def draft(network):
    return meeting_create(network=network, dates=[DATE], location="Gårda", theme="Nära vård")


@pytest.fixture
def day(draft):
    return draft.days.get()


@pytest.fixture
def matter(network):
    return Matter.objects.create(network=network, title="Nära vård")


@pytest.fixture
def two_decisions(day, matter):
    """§1 Nära vård (in the matter): a Beslut; §2 Ny socialtjänstlag: a Ställningstagande."""
    first = AgendaItem.objects.create(day=day, number=1, title="Nära vård", matter=matter)
    second = AgendaItem.objects.create(day=day, number=2, title="Ny socialtjänstlag")
    return [
        Decision.objects.create(
            item=first, text="Nätverket ställer sig bakom färdplanen för nära vård."
        ),
        Decision.objects.create(
            item=second,
            kind=Decision.Kind.STALLNINGSTAGANDE,
            text="Nätverket lämnar ett gemensamt yttrande.",
        ),
    ]


@pytest.fixture
def make_subscriber(roles):
    def make(username, *, email=None, group="Medlemmar", **fields):
        user = User.objects.create_user(
            username,
            email=f"{username}@kommun.example.se" if email is None else email,
            password="pw-subscriber-123",
            **fields,
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def follow():
    """follow(user, network=... | matter=... | organisation=... | words=...)."""

    def make(user, **fields):
        if "words" in fields:
            kind = Alert.Kind.SEARCH
        else:
            kind = next(k for k in ("network", "matter", "organisation") if k in fields)
        return Alert.objects.create(user=user, kind=kind, **fields)

    return make


@pytest.fixture
def publish():
    """publish(client, meeting): the planning lead's POST to the publish view."""
    return _publish


def _publish(client, meeting):
    meeting.refresh_from_db()
    response = client.post(
        reverse("editing:publish", args=[meeting.pk]), {"meeting-version": meeting.version}
    )
    assert response.status_code == 302, response.status_code
    return response


LINK = re.compile(r"https://registret\.example\.org(/bevakningar/avsluta/[^/\s]+/)")


@pytest.fixture
def links():
    return unsubscribe_links


def unsubscribe_links(message) -> list[str]:
    """The unsubscribe paths in a sent e-mail's body, in order (the last one: all alerts)."""
    return LINK.findall(message.body)
