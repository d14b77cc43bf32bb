import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from decisions.models import Action, Decision
from minutes.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Matter,
    Meeting,
    MeetingDay,
    PublishedProtected,
)
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
    # the inline's changed rows move the editor's versions on: the day's attendance; the items
    # unchanged keep theirs
    day.refresh_from_db()
    assert day.attendance_version == 2
    assert dict(day.items.values_list("number", "version")) == {4: 1, 5: 1}


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


# --- justering holds in the admin (issue 8, finding 4) ------------------------------------------


@pytest.fixture
def published(registry):
    Meeting.objects.filter(pk=registry["meeting"].pk).update(status=Meeting.Status.PUBLISHED)
    return registry


def item_post(item, **fields):
    """The item's change form as posted, its inlines left as they are."""
    data = {
        "day": item.day_id,
        "number": item.number,
        "title": item.title,
        "body": item.body,
        "presenters": [p.pk for p in item.presenters.all()] if item.pk else [],
        "outcome": item.outcome,
        "matter": item.matter_id or "",
        "tabled_from": "",
    }
    for prefix in ("decisions", "actions", "attachments"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | fields


def meeting_post(meeting, **fields):
    data = {
        "network": meeting.network_id,
        "start_date": f"{meeting.start_date:%Y-%m-%d}",
        "title": meeting.title,
        "theme": meeting.theme,
        "location": meeting.location,
        "recorders": [p.pk for p in meeting.recorders.all()],
        "date_note": "",
        "source_filename": "",
        "source_sha256": "",
        "source_text": "",
        "days-TOTAL_FORMS": 0,
        "days-INITIAL_FORMS": 0,
    }
    return data | fields


def test_admin_published_item_body_change_refused(admin_client, published):
    item = published["agendaitem"]
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])

    response = admin_client.post(url, item_post(item, body="Ändrat i efterhand."))

    item.refresh_from_db()
    assert (response.status_code, item.body) == (403, "")


def test_admin_published_item_shown_read_only(admin_client, published):
    url = reverse("admin:minutes_agendaitem_change", args=[published["agendaitem"].pk])

    response = admin_client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="body"' not in page
    assert 'name="decisions-0-text"' not in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize("name", ["meetingday", "agendaitem", "attendance", "attachment"])
def test_admin_published_records_change_refused(admin_client, published, name):
    url = reverse(f"admin:minutes_{name}_change", args=[published[name].pk])

    response = admin_client.post(url, {})

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["meeting", "meetingday", "agendaitem", "attendance", "attachment"]
)
def test_admin_published_records_delete_refused(admin_client, published, name):
    obj = published[name]
    url = reverse(f"admin:minutes_{name}_delete", args=[obj.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_admin_published_meeting_set_to_draft_refused(admin_client, published):
    meeting = published["meeting"]
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])

    response = admin_client.post(url, meeting_post(meeting, status=Meeting.Status.DRAFT))

    meeting.refresh_from_db()
    assert (response.status_code, meeting.status) == (403, Meeting.Status.PUBLISHED)


def test_admin_published_meeting_links_to_reopen_with_a_reason(admin_client, published):
    meeting = published["meeting"]

    response = admin_client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk]))

    assert reverse("editing:reopen", args=[meeting.pk]) in response.content.decode()


def test_admin_draft_meeting_status_not_changed_from_the_admin(admin_client, registry):
    meeting = registry["meeting"]
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])

    response = admin_client.post(
        url, meeting_post(meeting, theme="Ny", status=Meeting.Status.PUBLISHED)
    )

    meeting.refresh_from_db()
    assert (response.status_code, meeting.theme, meeting.status) == (
        302,
        "Ny",
        Meeting.Status.DRAFT,
    )


@pytest.fixture
def without_decisions(published):
    """A published meeting whose item has no decision (nothing PROTECTs it from a delete)."""
    network, person = published["meeting"].network, Person.objects.get()
    meeting = Meeting.objects.create(
        network=network, start_date=dt.date(2025, 1, 30), status=Meeting.Status.PUBLISHED
    )
    day = MeetingDay.objects.create(meeting=meeting, date=meeting.start_date)
    return {
        "meeting": meeting,
        "agendaitem": AgendaItem.objects.create(day=day, number=1, title="Information"),
        "attendance": Attendance.objects.create(day=day, person=person),
    }


@pytest.mark.parametrize("name", ["meeting", "agendaitem", "attendance"])
def test_admin_bulk_delete_of_published_records_refused(admin_client, without_decisions, name):
    obj = without_decisions[name]

    response = admin_client.post(
        reverse(f"admin:minutes_{name}_changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_admin_bulk_delete_confirmation_names_what_cannot_be_deleted(
    admin_client, without_decisions
):
    meeting = without_decisions["meeting"]

    response = admin_client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk]},
    )

    assert sorted(response.context["perms_lacking"]) == ["möte", "mötesdag", "närvaro", "punkt"]


def test_admin_item_added_to_a_published_day_refused(admin_client, published):
    day = published["meetingday"]
    new = AgendaItem(day=day, number=9, title="Efterhandspunkt")

    response = admin_client.post(reverse("admin:minutes_agendaitem_add"), item_post(new))

    assert response.status_code == 200
    assert "Mötet är justerat och låst." in response.content.decode()
    assert not AgendaItem.objects.filter(number=9).exists()


def test_published_meeting_delete_refused_in_the_model(published):
    meeting = published["meeting"]

    with pytest.raises(PublishedProtected):
        meeting.delete()
    with pytest.raises(PublishedProtected):
        Meeting.objects.filter(pk=meeting.pk).delete()

    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_draft_meeting_without_decisions_deleted(registry):
    Decision.objects.all().delete()

    registry["meeting"].delete()

    assert Meeting.objects.count() == 0


# --- every save through the admin bumps the version ----------------------------------------------


def test_admin_item_save_bumps_the_meetings_version(admin_client, registry):
    item = registry["agendaitem"]
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])

    response = admin_client.post(url, item_post(item, body="Från admin."))

    meeting = Meeting.objects.get()
    item.refresh_from_db()
    assert (response.status_code, meeting.version, item.version) == (302, 2, 2)


def test_admin_meeting_save_bumps_its_version(admin_client, registry):
    meeting = registry["meeting"]
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])

    admin_client.post(url, meeting_post(meeting, theme="Ny"))

    meeting.refresh_from_db()
    assert (meeting.theme, meeting.version, meeting.details_version) == ("Ny", 2, 2)


def test_admin_attendance_delete_bumps_the_meetings_version(admin_client, registry):
    url = reverse("admin:minutes_attendance_delete", args=[registry["attendance"].pk])

    admin_client.post(url, {"post": "yes"})

    day = registry["attendance"].day
    day.refresh_from_db()
    assert (Attendance.objects.count(), Meeting.objects.get().version) == (0, 2)
    assert day.attendance_version == 2


def test_admin_edit_then_stale_editor_form_gets_the_conflict(admin_client, client, registry):
    editor = User.objects.create_user("editor", password="pw")
    editor.user_permissions.add(Permission.objects.get(codename="change_meeting"))
    client.force_login(editor)
    meeting, item = registry["meeting"], registry["agendaitem"]
    editor_url = reverse("editing:item", args=[meeting.pk, item.pk])
    loaded = client.get(editor_url).context["version_form"].initial["version"]
    admin_client.post(
        reverse("admin:minutes_agendaitem_change", args=[item.pk]),
        item_post(item, body="Admins rättelse."),
    )

    response = client.post(
        editor_url,
        {
            "item-version": loaded,
            "title": item.title,
            "body": "Redaktörens gamla text.",
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
        },
    )

    item.refresh_from_db()
    assert (response.status_code, item.body) == (409, "Admins rättelse.")
