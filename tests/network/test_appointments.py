"""/uppdrag/: who represents the network where, and since when."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from decisions.models import Decision
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Appointment, Network, Person

URL = "/uppdrag/"


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


def appoint(network, name, body, start, *, end=None, status=None, role="representant"):
    """An appointment of a new person; with status, made by a decision in minutes of it."""
    decision = None
    if status is not None:
        meeting = Meeting.objects.create(network=network, start_date=start, status=status)
        day = MeetingDay.objects.create(meeting=meeting, date=start)
        item = AgendaItem.objects.create(day=day, number=1, title=body.capitalize())
        decision = Decision.objects.create(item=item, text=f"{name} utses till {role} i {body}.")
    return Appointment.objects.create(
        person=Person.objects.create(full_name=name),
        network=network,
        body=body,
        role=role,
        start_date=start,
        end_date=end,
        decision=decision,
    )


def listed(response):
    return [(a.body, a.person.full_name) for a in response.context["appointments"]]


def test_appointments_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/uppdrag/"


def test_appointments_member_sees_current_ones_by_body_newest_first(member_client, network):
    appoint(network, "Anna Andersson", "styrgrupp tjänstepersoner", dt.date(2022, 3, 1))
    appoint(network, "Bo Berg", "styrgrupp tjänstepersoner", dt.date(2024, 11, 8))
    appoint(network, "Cecilia Carlsson", "beredningsgrupp", dt.date(2023, 1, 1))
    appoint(network, "Dan Dahl", "beredningsgrupp", dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))

    response = member_client.get(URL)

    assert response.status_code == 200
    assert listed(response) == [
        ("beredningsgrupp", "Cecilia Carlsson"),
        ("styrgrupp tjänstepersoner", "Bo Berg"),
        ("styrgrupp tjänstepersoner", "Anna Andersson"),
    ]
    html = response.content.decode()
    assert "3 nuvarande uppdrag" in html
    assert '<a href="/uppdrag/?visa=alla">Visa även avslutade uppdrag (4)</a>' in html


def test_appointments_all_includes_ended_ones_with_their_end(member_client, network):
    appoint(network, "Cecilia Carlsson", "beredningsgrupp", dt.date(2023, 1, 1))
    appoint(network, "Dan Dahl", "beredningsgrupp", dt.date(2019, 1, 1), end=dt.date(2022, 12, 31))

    response = member_client.get(URL, {"visa": "alla"})

    assert listed(response) == [
        ("beredningsgrupp", "Cecilia Carlsson"),
        ("beredningsgrupp", "Dan Dahl"),
    ]
    assert "2022-12-31" in response.content.decode()


def test_appointments_made_in_draft_minutes_are_for_editors_only(client, member, editor, network):
    appoint(network, "Anna Andersson", "styrgrupp", dt.date(2024, 11, 8), status="published")
    appoint(network, "Bo Berg", "styrgrupp", dt.date(2025, 2, 6), status="draft")

    client.force_login(member)
    as_member = listed(client.get(URL))
    client.force_login(editor)
    as_editor = listed(client.get(URL))

    assert as_member == [("styrgrupp", "Anna Andersson")]
    assert as_editor == [("styrgrupp", "Bo Berg"), ("styrgrupp", "Anna Andersson")]


def test_appointments_link_the_person_and_the_decision(member_client, network):
    appointment = appoint(
        network, "Ebba Gierow", "styrgrupp", dt.date(2024, 11, 8), status="published"
    )

    html = member_client.get(URL).content.decode()

    assert f'<a href="{appointment.person.get_absolute_url()}">Ebba Gierow</a>' in html
    assert f'href="{appointment.decision.get_absolute_url()}"' in html
    assert appointment.decision.reference in html


def test_appointments_public_setting_shows_anonymous_published_only(client, settings, network):
    settings.REGISTRY_PUBLIC = True
    appoint(network, "Anna Andersson", "styrgrupp", dt.date(2024, 11, 8), status="published")
    appoint(network, "Bo Berg", "styrgrupp", dt.date(2025, 2, 6), status="draft")

    response = client.get(URL)

    assert listed(response) == [("styrgrupp", "Anna Andersson")]


def test_appointments_demo_name_ebba_gierow_in_the_steering_group(member_client, db):
    call_command("load_demo", stdout=io.StringIO())

    response = member_client.get(URL)

    assert [(a.person.full_name, a.start_date) for a in response.context["appointments"]] == [
        ("Ebba Gierow", dt.date(2024, 11, 8))
    ]


@pytest.mark.parametrize(("n", "shown"), [(1, 1), (3, 3), (25, 20)])
def test_appointments_query_count_is_bounded(
    member_client, network, django_assert_max_num_queries, n, shown
):
    for i in range(n):
        appoint(network, f"Person {i}", f"grupp {i % 4}", dt.date(2020, 1, 1) + dt.timedelta(i))

    # session, user, permissions x2, count, appointments with person and decision; all count.
    with django_assert_max_num_queries(7):
        response = member_client.get(URL)

    assert len(response.context["appointments"]) == shown
    assert response.context["page"].paginator.count == n
