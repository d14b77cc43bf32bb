import pytest
from django.urls import reverse

from minutes.models import Attendance
from network.models import Person


def recorder_names(response):
    return [label for _value, label in response.context["form"].fields["recorders"].choices]


def test_details_offers_gr_staff_and_current_recorders_as_recorders(editor_client, draft, day):
    staff = Person.objects.create(full_name="Ulla Utredare")
    director = Person.objects.create(full_name="Cecilia Chef")
    earlier = Person.objects.create(full_name="Anders Antecknare")
    Attendance.objects.create(day=day, person=staff, group=Attendance.Group.REGIONAL)
    Attendance.objects.create(day=day, person=director, group=Attendance.Group.NETWORK)
    draft.recorders.add(earlier)

    response = editor_client.get(reverse("editing:details", args=[draft.pk]))

    assert response.status_code == 200
    assert recorder_names(response) == ["Anders Antecknare", "Ulla Utredare"]


@pytest.mark.parametrize("staff", [1, 6])
def test_details_queries_are_bounded(
    editor_client, draft, day, staff, django_assert_max_num_queries
):
    for n in range(staff):
        person = Person.objects.create(full_name=f"Utredare {n}")
        Attendance.objects.create(day=day, person=person, group=Attendance.Group.REGIONAL)
        draft.recorders.add(person)

    with django_assert_max_num_queries(9):
        response = editor_client.get(reverse("editing:details", args=[draft.pk]))

    assert len(recorder_names(response)) == staff
