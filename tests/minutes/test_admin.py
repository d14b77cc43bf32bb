import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attachment, Attendance, Matter, Meeting, MeetingDay
from network.models import Network, Organisation, Person

START = dt.date(2024, 11, 7)


@pytest.fixture
def registry(db):
    """A network with one meeting: a day, an item with a decision and an action, an attendance."""
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    molndal = Organisation.objects.create(name="Mölndals stad", short_name="Mölndal")
    person = Person.objects.create(full_name="Christina Alvelin")
    meeting = Meeting.objects.create(network=network, start_date=START, theme="Nära vård")
    meeting.recorders.add(person)
    day = MeetingDay.objects.create(meeting=meeting, date=START)
    matter = Matter.objects.create(network=network, title="Hälso- och sjukvårdsavtalet")
    item = AgendaItem.objects.create(day=day, number=4, title="Nära vård", matter=matter)
    item.presenters.add(person)
    decision = Decision.objects.create(item=item, text="Nätverket ställer sig bakom.")
    Action.objects.create(item=item, decision=decision, text="GR återkommer.")
    attendance = Attendance.objects.create(day=day, person=person, organisation=molndal)
    attendance.items.add(item)
    attachment = Attachment.objects.create(item=item, title="Bilder", url="https://example.se/b")
    return {
        "meeting": meeting,
        "meetingday": day,
        "matter": matter,
        "agendaitem": item,
        "attendance": attendance,
        "attachment": attachment,
    }


MODELS = ["meeting", "meetingday", "matter", "agendaitem", "attendance", "attachment"]


@pytest.mark.parametrize("name", MODELS)
def test_admin_changelist_superuser_ok(admin_client, registry, name):
    response = admin_client.get(reverse(f"admin:minutes_{name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_change_page_superuser_ok(admin_client, registry, name):
    response = admin_client.get(reverse(f"admin:minutes_{name}_change", args=[registry[name].pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_add_page_superuser_ok(admin_client, registry, name):
    response = admin_client.get(reverse(f"admin:minutes_{name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_admin_changelist_non_staff_redirected_to_login(member_client, registry, name):
    url = reverse(f"admin:minutes_{name}_changelist")

    response = member_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_admin_meeting_changelist_counts_days(admin_client, registry):
    MeetingDay.objects.create(meeting=registry["meeting"], date=START + dt.timedelta(days=1))

    response = admin_client.get(reverse("admin:minutes_meeting_changelist"))

    assert [m.day_count for m in response.context["cl"].result_list] == [2]


def test_admin_meeting_changelist_search_by_item_title_counts_days_once(admin_client, registry):
    day = MeetingDay.objects.create(meeting=registry["meeting"], date=START + dt.timedelta(days=1))
    AgendaItem.objects.create(day=day, number=1, title="Nära vård, fortsättning")

    response = admin_client.get(reverse("admin:minutes_meeting_changelist"), {"q": "nära vård"})

    assert [m.day_count for m in response.context["cl"].result_list] == [2]


def test_admin_meeting_changelist_filter_by_year(admin_client, registry):
    Meeting.objects.create(network=registry["meeting"].network, start_date=dt.date(2021, 12, 10))

    response = admin_client.get(reverse("admin:minutes_meeting_changelist"), {"year": "2021"})

    assert [m.start_date for m in response.context["cl"].result_list] == [dt.date(2021, 12, 10)]


def test_admin_meeting_change_page_links_to_days(admin_client, registry):
    day_url = reverse("admin:minutes_meetingday_change", args=[registry["meetingday"].pk])

    response = admin_client.get(
        reverse("admin:minutes_meeting_change", args=[registry["meeting"].pk])
    )

    assert day_url in response.content.decode()


def test_admin_day_change_page_links_to_items(admin_client, registry):
    item_url = reverse("admin:minutes_agendaitem_change", args=[registry["agendaitem"].pk])

    response = admin_client.get(
        reverse("admin:minutes_meetingday_change", args=[registry["meetingday"].pk])
    )

    assert item_url in response.content.decode()


def test_admin_day_attendance_items_are_the_days_own(admin_client, registry):
    other_day = MeetingDay.objects.create(
        meeting=registry["meeting"], date=START + dt.timedelta(days=1)
    )
    AgendaItem.objects.create(day=other_day, number=1, title="Annan dag")

    response = admin_client.get(
        reverse("admin:minutes_meetingday_change", args=[registry["meetingday"].pk])
    )

    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.forms[0].fields["items"].queryset) == [registry["agendaitem"]]


def test_admin_day_attendance_items_saved_from_inline(admin_client, registry):
    day, item, attendance = registry["meetingday"], registry["agendaitem"], registry["attendance"]
    fifth = AgendaItem.objects.create(day=day, number=5, title="Registerstudien")
    data = {
        "meeting": day.meeting_id,
        "date": "2024-11-07",
        "heading": "",
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "1",
        "attendances-0-id": attendance.pk,
        "attendances-0-day": day.pk,
        "attendances-0-person": attendance.person_id,
        "attendances-0-organisation": attendance.organisation_id,
        "attendances-0-group": Attendance.Group.NETWORK,
        "attendances-0-presence": Attendance.Presence.PARTIAL,
        "attendances-0-note": "punkt 5",
        "attendances-0-items": [fifth.pk],
        "attendances-0-position": "0",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "2",
        "items-0-id": item.pk,
        "items-0-day": day.pk,
        "items-0-number": "4",
        "items-0-title": item.title,
        "items-0-outcome": "",
        "items-0-matter": item.matter_id,
        "items-1-id": fifth.pk,
        "items-1-day": day.pk,
        "items-1-number": "5",
        "items-1-title": fifth.title,
        "items-1-outcome": "",
        "items-1-matter": "",
    }

    response = admin_client.post(reverse("admin:minutes_meetingday_change", args=[day.pk]), data)

    assert response.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.presence, list(attendance.items.all())) == (
        Attendance.Presence.PARTIAL,
        [fifth],
    )


def test_admin_item_change_page_shows_decisions_and_actions(admin_client, registry):
    response = admin_client.get(
        reverse("admin:minutes_agendaitem_change", args=[registry["agendaitem"].pk])
    )

    content = response.content.decode()
    assert "Socialchefsnätverket 2024-11-07 §4" in content
    assert "GR återkommer." in content


def _add_meetings(network, count):
    person = Person.objects.get()
    for i in range(count):
        date = START + dt.timedelta(days=30 * (i + 1))
        meeting = Meeting.objects.create(network=network, start_date=date)
        meeting.recorders.add(person)
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        Attendance.objects.create(day=day, person=person, organisation=Organisation.objects.get())


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_meeting_changelist_query_count_bounded(
    admin_client, registry, django_assert_max_num_queries, rows
):
    _add_meetings(registry["meeting"].network, rows - 1)

    # session, user, network filter, year filter, two counts, the page,
    # date hierarchy (first and last date, years)
    with django_assert_max_num_queries(9):
        response = admin_client.get(reverse("admin:minutes_meeting_changelist"))

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_attendance_changelist_query_count_bounded(
    admin_client, registry, django_assert_max_num_queries, rows
):
    _add_meetings(registry["meeting"].network, rows - 1)

    # session, user, network filter, two counts, the page
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("admin:minutes_attendance_changelist"))

    assert len(response.context["cl"].result_list) == rows
