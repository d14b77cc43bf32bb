import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from minutes.models import Attendance, Meeting, MeetingDay
from network.models import (
    Appointment,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    Person,
    PersonName,
)

START = dt.date(2024, 11, 7)


@pytest.fixture
def roster(db):
    """One network, two organisations, a person with a membership and an appointment."""
    gr = Organisation.objects.create(
        name="Göteborgsregionen", short_name="GR", kind=Organisation.Kind.REGIONAL_BODY
    )
    goteborg = Organisation.objects.create(
        name="Göteborgs Stad", short_name="Göteborg", kind=Organisation.Kind.MUNICIPALITY
    )
    OrganisationName.objects.create(organisation=goteborg, name="Göteborgs stad")
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn", organisation=gr)
    person = Person.objects.create(full_name="Christina Alvelin", title="Socialchef")
    PersonName.objects.create(person=person, name="C. Alvelin")
    membership = Membership.objects.create(
        person=person, network=network, organisation=goteborg, start_date=START
    )
    appointment = Appointment.objects.create(
        person=person, network=network, body="styrgrupp tjänstepersoner", start_date=START
    )
    return {
        "organisation": goteborg,
        "network": network,
        "person": person,
        "membership": membership,
        "appointment": appointment,
    }


MODELS = ["organisation", "person", "network", "membership", "appointment"]


@pytest.mark.parametrize("name", MODELS)
def test_admin_changelist_superuser_ok(admin_client, roster, name):
    response = admin_client.get(reverse(f"admin:network_{name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_change_page_superuser_ok(admin_client, roster, name):
    response = admin_client.get(reverse(f"admin:network_{name}_change", args=[roster[name].pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_add_page_superuser_ok(admin_client, roster, name):
    response = admin_client.get(reverse(f"admin:network_{name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_changelist_non_staff_redirected_to_login(member_client, roster, name):
    url = reverse(f"admin:network_{name}_changelist")

    response = member_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_admin_person_changelist_shows_current_organisation(admin_client, roster):
    response = admin_client.get(reverse("admin:network_person_changelist"))

    assert [p.current_organisation for p in response.context["cl"].result_list] == ["Göteborg"]


def test_admin_person_changelist_search_by_written_name(admin_client, roster):
    response = admin_client.get(reverse("admin:network_person_changelist"), {"q": "C. Alvelin"})

    assert list(response.context["cl"].result_list) == [roster["person"]]


def test_admin_person_changelist_filter_by_network(admin_client, roster):
    Membership.objects.create(
        person=roster["person"],
        network=roster["network"],
        organisation=Organisation.objects.create(name="Lerums kommun", short_name="Lerum"),
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 12, 31),
    )

    response = admin_client.get(
        reverse("admin:network_person_changelist"),
        {"memberships__network__id__exact": roster["network"].pk},
    )

    assert list(response.context["cl"].result_list) == [roster["person"]]


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_person_changelist_query_count_bounded(
    admin_client, roster, django_assert_max_num_queries, rows
):
    for i in range(rows - 1):
        person = Person.objects.create(full_name=f"Person {i}")
        Membership.objects.create(
            person=person,
            network=roster["network"],
            organisation=roster["organisation"],
            start_date=START,
        )

    # session, user, filter choices (networks, organisations), two counts, the page
    with django_assert_max_num_queries(7):
        response = admin_client.get(reverse("admin:network_person_changelist"))

    assert len(response.context["cl"].result_list) == rows


@pytest.fixture
def duplicates(roster):
    """Monica Bondesson with two attendances, Monika Bondesson with one (on another day)."""
    network = roster["network"]
    days = []
    for offset in range(3):
        date = START + dt.timedelta(days=offset * 40)
        meeting = Meeting.objects.create(network=network, start_date=date)
        days.append(MeetingDay.objects.create(meeting=meeting, date=date))
    monica = Person.objects.create(full_name="Monica Bondesson")
    monika = Person.objects.create(full_name="Monika Bondesson", email="monika@example.se")
    Attendance.objects.create(day=days[0], person=monica)
    Attendance.objects.create(day=days[1], person=monica)
    Attendance.objects.create(day=days[2], person=monika)
    return monica, monika


def _action_data(*people, **extra):
    return {
        "action": "merge_people",
        ACTION_CHECKBOX_NAME: [str(p.pk) for p in people],
        "index": "0",
        **extra,
    }


def test_admin_merge_action_shows_confirmation_with_both_people(admin_client, duplicates):
    monica, monika = duplicates

    response = admin_client.post(
        reverse("admin:network_person_changelist"), _action_data(monika, monica)
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/network/person/merge_confirm.html"
    assert [p.full_name for p in response.context["people"]] == [
        "Monica Bondesson",
        "Monika Bondesson",
    ]
    assert response.context["form"]["keep"].value() == monica.pk
    assert "Monika Bondesson" in response.content.decode()


def test_admin_merge_action_confirmed_merges_and_reports(admin_client, duplicates):
    monica, monika = duplicates
    url = reverse("admin:network_person_changelist")
    data = {
        "action": "merge_people",
        ACTION_CHECKBOX_NAME: [str(monica.pk), str(monika.pk)],
        "post": "yes",
        "keep": str(monica.pk),
    }

    response = admin_client.post(url, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Personerna slogs ihop till Monica Bondesson: 1 närvaro flyttades."
    ]
    assert not Person.objects.filter(pk=monika.pk).exists()
    assert monica.attendances.count() == 3
    assert list(monica.names.values_list("name", flat=True)) == ["Monika Bondesson"]
    monica.refresh_from_db()
    assert monica.email == "monika@example.se"


def test_admin_merge_action_single_person_warns(admin_client, duplicates):
    monica, _ = duplicates
    url = reverse("admin:network_person_changelist")

    response = admin_client.post(url, _action_data(monica), follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Markera minst två personer för att slå ihop dem."
    ]
    assert Person.objects.filter(full_name__endswith="Bondesson").count() == 2
