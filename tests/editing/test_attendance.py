"""Attendance per day: the members in office, pre-filled from their memberships, notes
understood like the importer understands them, people added inline."""

import datetime as dt

import pytest
from django.urls import reverse

from minutes.models import Attendance
from minutes.services import meeting_create
from network.models import Membership, Person


def url(meeting, day):
    return reverse("editing:attendance", args=[meeting.pk, day.pk])


def post_data(version=1, present=(), notes=None, guests=()):
    data = {"day-version": version, "gaster-TOTAL_FORMS": len(guests)}
    data["gaster-INITIAL_FORMS"] = 0
    for person in present:
        data[f"present_{person.pk}"] = "on"
    for person, note in (notes or {}).items():
        data[f"note_{person.pk}"] = note
    for n, guest in enumerate(guests):
        for key, value in guest.items():
            data[f"gaster-{n}-{key}"] = value
    return data


def test_attendance_lists_members_in_office_on_the_day(
    editor_client, network, draft, day, make_members
):
    current, left, future = make_members(3)
    Membership.objects.filter(person=left).update(end_date=dt.date(2025, 3, 5))
    Membership.objects.filter(person=future).update(start_date=dt.date(2025, 3, 7))

    response = editor_client.get(url(draft, day))

    page = response.content.decode()
    assert current.full_name in page
    assert left.full_name not in page
    assert future.full_name not in page


def test_attendance_prefilled_from_memberships_in_office_with_last_meetings_notes(
    editor_client, network, draft, make_members
):
    came, excused, newcomer, left, substitute = make_members(5)
    Membership.objects.filter(person=newcomer).update(start_date=dt.date(2025, 2, 1))
    Membership.objects.filter(person=left).update(end_date=dt.date(2025, 2, 28))
    Membership.objects.filter(person=substitute).update(role=Membership.Role.SUBSTITUTE)
    previous = meeting_create(network=network, dates=[dt.date(2023, 1, 10)])
    previous_day = previous.days.get()
    Attendance.objects.create(day=previous_day, person=came)
    Attendance.objects.create(
        day=previous_day, person=excused, presence=Attendance.Presence.ABSENT, note="Förhinder"
    )
    Attendance.objects.create(day=previous_day, person=left)
    Attendance.objects.create(day=previous_day, person=substitute, note="ersätter Ale")
    day = draft.days.get()

    response = editor_client.get(url(draft, day))

    form = response.context["form"]
    rows = response.context["members"]
    page = response.content.decode()
    assert response.context["source"] == "members"
    assert [
        (r.person, form[f"present_{r.person.pk}"].value(), r.last_time, r.new_since_last)
        for r in rows
    ] == [
        (came, True, "Närvarande", False),
        (excused, True, "Förhinder", False),
        (newcomer, True, "inte med", True),
        (substitute, False, "ersätter Ale", False),
    ]
    assert [(r.organisation.short_name, r.group) for r in rows][:3] == [
        ("Ale", "network"),
        ("Alingsås", "network"),
        ("Göteborg", "network"),
    ]
    assert left.full_name not in page
    assert "Förra mötet: Förhinder" in page
    assert "Förra mötet: inte med" not in page  # the newcomer is marked new instead
    assert (
        f'<span class="meta attendance-hint" id="forra-{newcomer.pk}">'
        '<strong class="tag">Ny sedan förra mötet</strong></span>'
    ) in page
    assert f'aria-describedby="forra-{excused.pk}"' in page
    assert "Förifyllt med nätverkets medlemmar den dagen" in page


def test_attendance_prefilled_newcomer_saved_with_organisation_from_membership(
    editor_client, network, draft, make_members
):
    (newcomer,) = make_members(1, start=dt.date(2025, 2, 1))
    meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    day = draft.days.get()

    editor_client.post(url(draft, day), post_data(present=[newcomer]))

    attendance = day.attendances.select_related("organisation").get()
    assert (attendance.person, attendance.organisation.short_name, attendance.group) == (
        newcomer,
        "Ale",
        Attendance.Group.NETWORK,
    )


def test_attendance_prefilled_staff_membership_in_the_gr_group(editor_client, network, draft, gr):
    planner = Person.objects.create(full_name="Planeringsledare Pia")
    Membership.objects.create(
        person=planner,
        network=network,
        organisation=gr,
        role=Membership.Role.STAFF,
        start_date=dt.date(2020, 1, 1),
    )
    day = draft.days.get()

    response = editor_client.get(url(draft, day))

    (row,) = response.context["others"]
    assert (row.person, row.organisation, row.group, row.present) == (
        planner,
        gr,
        Attendance.Group.REGIONAL,
        True,
    )


def test_attendance_gr_people_of_last_meeting_offered_unticked(
    editor_client, network, draft, make_members, gr
):
    (member,) = make_members(1, start=dt.date(2024, 6, 1))
    visitor = Person.objects.create(full_name="Utvecklingsledare Ulla")
    previous = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    Attendance.objects.create(
        day=previous.days.get(), person=visitor, organisation=gr, group=Attendance.Group.REGIONAL
    )
    day = draft.days.get()

    response = editor_client.get(url(draft, day))

    (row,) = response.context["others"]
    assert (row.person, row.present, row.last_time) == (visitor, False, "Närvarande")
    (member_row,) = response.context["members"]
    assert (member_row.person, member_row.last_time) == (member, "inte med")
    assert "Förra mötet: inte med" in response.content.decode()


def test_attendance_saved_replaces_prefill(editor_client, network, draft, day, make_members):
    came, stayed_home = make_members(2)
    previous = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    Attendance.objects.create(day=previous.days.get(), person=came)
    Attendance.objects.create(day=day, person=stayed_home)

    response = editor_client.get(url(draft, day))

    form = response.context["form"]
    assert (form[f"present_{came.pk}"].value(), form[f"present_{stayed_home.pk}"].value()) == (
        False,
        True,
    )


def test_attendance_notes_interpreted(editor_client, draft, day, make_members, make_items):
    partial, remote, whole = make_members(3)
    items = make_items(day, ["A", "B", "C", "D"])

    response = editor_client.post(
        url(draft, day),
        post_data(
            present=[partial, remote, whole],
            notes={partial: "punkt 2-3", remote: "via länk"},
        ),
    )

    rows = {a.person_id: a for a in day.attendances.prefetch_related("items")}
    assert response.status_code == 302
    assert (rows[partial.pk].presence, [i.number for i in rows[partial.pk].items.all()]) == (
        Attendance.Presence.PARTIAL,
        [2, 3],
    )
    assert (rows[remote.pk].presence, rows[remote.pk].remote) == (
        Attendance.Presence.PRESENT,
        True,
    )
    assert (rows[whole.pk].presence, rows[whole.pk].note, rows[whole.pk].remote) == (
        Attendance.Presence.PRESENT,
        "",
        False,
    )
    assert items[0].partial_attendances.count() == 0


def test_attendance_unticked_removes_row(editor_client, draft, day, make_members):
    person = make_members(1)[0]
    Attendance.objects.create(day=day, person=person)

    editor_client.post(url(draft, day), post_data(present=[]))

    assert day.attendances.count() == 0


def test_attendance_guest_created_with_organisation_as_written(editor_client, draft, day):
    response = editor_client.post(
        url(draft, day),
        post_data(
            guests=[{"name": "Sara Gäst", "organisation": "Länsstyrelsen", "group": "guest"}]
        ),
    )

    attendance = day.attendances.select_related("person").get()
    assert response.status_code == 302
    assert (attendance.person.full_name, attendance.organisation_as_written, attendance.group) == (
        "Sara Gäst",
        "Länsstyrelsen",
        Attendance.Group.GUEST,
    )
    assert attendance.person.draft_meeting == draft  # for editors only until published


def test_attendance_guest_existing_person_reused(editor_client, draft, day, gr):
    staff = Person.objects.create(full_name="Ebba Gierow")

    editor_client.post(
        url(draft, day),
        post_data(guests=[{"name": "ebba  gierow", "organisation": "GR", "group": "gr"}]),
    )

    attendance = day.attendances.get()
    assert (attendance.person_id, attendance.organisation_id, Person.objects.count()) == (
        staff.pk,
        gr.pk,
        1,
    )


def test_attendance_near_duplicate_name_warns_and_saves_nothing(editor_client, draft, day):
    Person.objects.create(full_name="Monica Bondesson")

    response = editor_client.post(
        url(draft, day), post_data(guests=[{"name": "Monika Bondesson", "group": "network"}])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns redan en person med nästan samma namn: Monica Bondesson" in page
    assert "Skapa en ny person även om namnet liknar en befintlig" in page
    assert (Person.objects.count(), day.attendances.count()) == (1, 0)


def test_attendance_near_duplicate_created_when_confirmed(editor_client, draft, day):
    Person.objects.create(full_name="Monica Bondesson")

    editor_client.post(
        url(draft, day),
        post_data(guests=[{"name": "Monika Bondesson", "group": "network", "create_anyway": "on"}]),
    )

    assert sorted(Person.objects.values_list("full_name", flat=True)) == [
        "Monica Bondesson",
        "Monika Bondesson",
    ]


def test_attendance_resave_unchanged_adds_no_history(editor_client, draft, day, make_members):
    person = make_members(1)[0]
    editor_client.post(url(draft, day), post_data(version=1, present=[person]))

    editor_client.post(url(draft, day), post_data(version=2, present=[person]))

    assert Attendance.history.count() == 1


@pytest.mark.parametrize("count", [1, 15])
def test_attendance_page_queries_bounded(
    editor_client, django_assert_max_num_queries, network, draft, day, make_members, count
):
    people = make_members(count)
    previous = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    for person in people:
        Attendance.objects.create(day=previous.days.get(), person=person)

    # 12, and two for when each member was last seen and the network's previous meeting day.
    with django_assert_max_num_queries(14):
        response = editor_client.get(url(draft, day))

    assert len(response.context["members"]) == count


@pytest.mark.parametrize("count", [1, 15])
def test_attendance_save_queries_bounded(
    editor_client, django_assert_max_num_queries, draft, day, make_members, count
):
    people = make_members(count)

    # 15: the page's own, the meeting's version moved on and the day's attendance version claimed
    with django_assert_max_num_queries(15 + 6 * count):
        editor_client.post(url(draft, day), post_data(present=people))

    assert day.attendances.count() == count


def test_attendance_folds_away_members_not_seen_for_a_year(
    editor_client, network, draft, day, make_members
):
    regular, excused, gone, newcomer = make_members(4, start=dt.date(2019, 2, 14))
    Membership.objects.filter(person=newcomer).update(start_date=dt.date(2025, 1, 1))
    long_ago = meeting_create(network=network, dates=[dt.date(2019, 2, 14)])
    Attendance.objects.create(day=long_ago.days.get(), person=gone)
    previous = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    Attendance.objects.create(day=previous.days.get(), person=regular)
    Attendance.objects.create(
        day=previous.days.get(), person=excused, presence=Attendance.Presence.ABSENT
    )

    response = editor_client.get(url(draft, day))

    members = [row.person for row in response.context["members"]]
    unseen = [(row.person, row.last_seen) for row in response.context["unseen"]]
    assert members == [regular, excused, newcomer]
    assert unseen == [(gone, dt.date(2019, 2, 14))]
    page = response.content.decode()
    assert "1 medlem som inte varit med på ett år" in page
    assert f'name="present_{gone.pk}"' in page
    assert "(senast 2019-02-14)" in page


def test_attendance_member_ticked_from_the_fold_is_saved(
    editor_client, network, draft, day, make_members
):
    (gone,) = make_members(1, start=dt.date(2019, 2, 14))
    meeting_create(network=network, dates=[dt.date(2024, 1, 10)])

    editor_client.post(url(draft, day), post_data(present=[gone]))
    response = editor_client.get(url(draft, day))

    assert list(day.attendances.values_list("person", flat=True)) == [gone.pk]
    assert [row.person for row in response.context["members"]] == [gone]
    assert response.context["unseen"] == []


def present_on_decision_page(client, draft, item) -> int:
    from decisions.models import Decision
    from minutes.services import meeting_publish

    decision = Decision.objects.create(item=item, text="Nätverket ställer sig bakom förslaget.")
    draft.refresh_from_db()
    meeting_publish(meeting=draft, version=draft.version)
    decision.refresh_from_db()
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    return response.context["present_count"]


def test_decision_under_item_2_counts_who_left_after_item_3(
    editor_client, draft, day, make_members, make_items
):
    """Issue 10: "gick efter punkt 3" was stored as item 3 only, so §2 listed 10, not 11."""
    members = make_members(11)
    items = make_items(day, ["Välkommen", "Nära vård", "Budget", "Övrigt"])

    response = editor_client.post(
        url(draft, day), post_data(present=members, notes={members[0]: "gick efter punkt 3"})
    )

    left = day.attendances.get(person=members[0])
    assert response.status_code == 302
    assert (left.presence, [i.number for i in left.items.all()]) == (
        Attendance.Presence.PARTIAL,
        [1, 2, 3],
    )
    assert present_on_decision_page(editor_client, draft, items[1]) == 11


def test_note_written_before_the_agenda_is_read_at_publish(
    editor_client, draft, day, make_members, make_items
):
    members = make_members(11)
    editor_client.post(
        url(draft, day), post_data(present=members, notes={members[0]: "gick efter punkt 3"})
    )
    items = make_items(day, ["Välkommen", "Nära vård", "Budget", "Övrigt"])

    assert present_on_decision_page(editor_client, draft, items[1]) == 11
    assert [i.number for i in day.attendances.get(person=members[0]).items.all()] == [1, 2, 3]
