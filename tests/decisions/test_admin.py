import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Meeting, MeetingDay, PublishedProtected
from network.models import Network, Organisation, Person

START = dt.date(2024, 11, 8)


@pytest.fixture
def item(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(network=network, start_date=START)
    day = MeetingDay.objects.create(meeting=meeting, date=START)
    return AgendaItem.objects.create(day=day, number=4, title="Nära vård")


@pytest.fixture
def decision(item):
    return Decision.objects.create(item=item, label="Nära Vård", text="Nätverket beslutar.")


@pytest.fixture
def action(item, decision):
    person = Person.objects.create(full_name="Christina Alvelin")
    return Action.objects.create(
        item=item, decision=decision, text="Återkommer", responsible_person=person
    )


def _add_rows(item, count):
    gr = Organisation.objects.create(name="Göteborgsregionen", short_name="GR")
    for position in range(2, count + 2):
        decision = Decision.objects.create(item=item, position=position, text=f"Beslut {position}")
        Action.objects.create(
            item=item, decision=decision, text=f"Åtgärd {position}", responsible_organisation=gr
        )


@pytest.mark.parametrize("name", ["decision", "action"])
def test_admin_changelist_superuser_ok(admin_client, action, name):
    response = admin_client.get(reverse(f"admin:decisions_{name}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["decision", "action"])
def test_admin_change_page_superuser_ok(admin_client, decision, action, name):
    obj = {"decision": decision, "action": action}[name]

    response = admin_client.get(reverse(f"admin:decisions_{name}_change", args=[obj.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["decision", "action"])
def test_admin_add_page_superuser_ok(admin_client, db, name):
    response = admin_client.get(reverse(f"admin:decisions_{name}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["decision", "action"])
def test_admin_changelist_non_staff_redirected_to_login(member_client, name):
    url = reverse(f"admin:decisions_{name}_changelist")

    response = member_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


def test_admin_decision_changelist_shows_reference_and_meeting_date(admin_client, decision):
    response = admin_client.get(reverse("admin:decisions_decision_changelist"))

    content = response.content.decode()
    assert "Socialchefsnätverket 2024-11-08 §4" in content
    assert [d.item.day.date for d in response.context["cl"].result_list] == [START]


def test_admin_decision_reference_is_read_only(admin_client, decision):
    url = reverse("admin:decisions_decision_change", args=[decision.pk])

    response = admin_client.post(
        url,
        {
            "item": decision.item_id,
            "position": 1,
            "kind": Decision.Kind.STALLNINGSTAGANDE,
            "label": "",
            "text": "Ny lydelse.",
            "reference": "Något annat",
            "slug": "nagot-annat",
        },
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.reference, decision.slug, decision.kind) == (
        "Socialchefsnätverket 2024-11-08 §4",
        "socialchefsnatverket-2024-11-08-4",
        Decision.Kind.STALLNINGSTAGANDE,
    )


def test_admin_action_changelist_status_editable(admin_client, action):
    url = reverse("admin:decisions_action_changelist")

    response = admin_client.post(
        url,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(action.pk),
            "form-0-status": Action.Status.DONE,
            "_save": "Spara",
        },
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_decision_changelist_query_count_bounded(
    admin_client, item, decision, django_assert_max_num_queries, rows
):
    _add_rows(item, rows - 1)

    # session, user, network filter, two counts, the page
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("admin:decisions_decision_changelist"))

    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_admin_action_changelist_query_count_bounded(
    admin_client, item, action, django_assert_max_num_queries, rows
):
    _add_rows(item, rows - 1)

    # session, user, two counts, the page
    with django_assert_max_num_queries(5):
        response = admin_client.get(reverse("admin:decisions_action_changelist"))

    assert len(response.context["cl"].result_list) == rows


# --- justering holds in the admin (issue 8, finding 4) ------------------------------------------


def publish(item):
    Meeting.objects.filter(pk=item.day.meeting_id).update(status=Meeting.Status.PUBLISHED)


def decision_post(decision, **fields):
    return {
        "item": decision.item_id,
        "position": decision.position,
        "kind": decision.kind,
        "label": decision.label,
        "text": decision.text,
    } | fields


def test_admin_published_decision_wording_change_refused(admin_client, decision):
    publish(decision.item)
    url = reverse("admin:decisions_decision_change", args=[decision.pk])

    response = admin_client.post(url, decision_post(decision, text="Nätverket beslutar annat."))

    decision.refresh_from_db()
    assert (response.status_code, decision.text) == (403, "Nätverket beslutar.")


def test_admin_published_decision_delete_refused(admin_client, decision):
    publish(decision.item)

    response = admin_client.post(
        reverse("admin:decisions_decision_delete", args=[decision.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Decision.objects.filter(reference="Socialchefsnätverket 2024-11-08 §4").exists()


def test_admin_published_decision_bulk_delete_refused(admin_client, decision):
    publish(decision.item)

    response = admin_client.post(
        reverse("admin:decisions_decision_changelist"),
        {"action": "delete_selected", "_selected_action": [decision.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_published_decision_delete_refused_in_the_model(decision):
    publish(decision.item)

    with pytest.raises(PublishedProtected):
        decision.delete()
    with pytest.raises(PublishedProtected):
        Decision.objects.filter(pk=decision.pk).delete()

    assert Decision.objects.filter(pk=decision.pk).exists()


def test_draft_decision_deleted(decision):
    decision.delete()

    assert Decision.objects.count() == 0


def test_admin_decision_moved_to_a_published_meeting_refused(admin_client, item, decision):
    other = Meeting.objects.create(
        network=item.day.meeting.network, start_date=dt.date(2024, 12, 6)
    )
    day = MeetingDay.objects.create(meeting=other, date=other.start_date)
    target = AgendaItem.objects.create(day=day, number=1, title="Justerad punkt")
    publish(target)
    url = reverse("admin:decisions_decision_change", args=[decision.pk])

    response = admin_client.post(url, decision_post(decision, item=target.pk))

    decision.refresh_from_db()
    assert response.status_code == 200
    assert "Mötet är justerat och låst." in response.content.decode()
    assert decision.item_id == item.pk


def test_admin_decision_save_bumps_the_meetings_version(admin_client, decision):
    url = reverse("admin:decisions_decision_change", args=[decision.pk])

    admin_client.post(url, decision_post(decision, text="Ny lydelse."))

    decision.item.refresh_from_db()
    # the item's too: an editor's item form (with its decisions) loaded before is refused
    assert (Meeting.objects.get().version, decision.item.version) == (2, 2)


def test_admin_published_action_text_read_only_status_editable(admin_client, action):
    publish(action.item)
    url = reverse("admin:decisions_action_change", args=[action.pk])

    response = admin_client.post(
        url, {"status": Action.Status.DONE, "text": "Ändrad text", "item": action.item_id}
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert (action.status, action.text) == (Action.Status.DONE, "Återkommer")


def test_admin_published_action_delete_refused(admin_client, action):
    publish(action.item)

    response = admin_client.post(
        reverse("admin:decisions_action_delete", args=[action.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()
