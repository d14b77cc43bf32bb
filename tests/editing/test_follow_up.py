"""The planning lead's dashboard: actions not followed up, closed ("Klar") or renewed ("Förnya")
in one step, POST only, for planning leads only, kept in the action's history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Action
from decisions.services import months_after
from minutes.models import AgendaItem, Meeting, MeetingDay
from network.models import Person

DASHBOARD = "/redigera/"


def make_action(network, date, *, status=Meeting.Status.PUBLISHED, **fields):
    meeting, _ = Meeting.objects.get_or_create(
        network=network, start_date=date, defaults={"status": status}
    )
    day, _ = MeetingDay.objects.get_or_create(meeting=meeting, date=date)
    item, _ = AgendaItem.objects.get_or_create(day=day, number=1, defaults={"title": "Punkt"})
    return Action.objects.create(item=item, **fields)


@pytest.fixture
def old_action(network):
    """Open, no due date, recorded in 2019: not followed up."""
    return make_action(
        network, dt.date(2019, 2, 14), text="Yvonne återkopplar frågorna.", due_text="snart"
    )


def close_url(action):
    return reverse("editing:action_close", args=[action.pk])


def renew_url(action):
    return reverse("editing:action_renew", args=[action.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_dashboard_lists_actions_not_followed_up_of_published_minutes(editor_client, network):
    today = timezone.localdate()
    overdue = make_action(
        network, dt.date(2024, 5, 2), text="Svar skickas.", due_date=today - dt.timedelta(days=3)
    )
    old = make_action(network, dt.date(2019, 2, 14), text="Rapporten skickas.")
    Action.objects.create(item=old.item, text="Redan klar.", status=Action.Status.DONE)
    make_action(network, today, text="Ny, inget datum än.")
    make_action(network, dt.date(2018, 1, 10), text="I ett utkast.", status=Meeting.Status.DRAFT)

    response = editor_client.get(DASHBOARD)

    rows = response.context["follow_up"]
    # no due date first (the oldest meeting first), then by due date
    assert [action.text for action, _form in rows] == [old.text, overdue.text]
    assert response.context["follow_up_total"] == 2
    renew = rows[0][1]
    assert renew["due_date"].value() == months_after(today, 3)
    html = response.content.decode()
    assert 'id="ej-uppfoljda">Åtgärder som inte följts upp</h2>' in html
    assert f'action="{close_url(old)}"' in html
    assert f'action="{renew_url(old)}"' in html


def test_dashboard_nothing_to_follow_up_says_so(editor_client, network):
    response = editor_client.get(DASHBOARD)

    assert "Alla åtgärder i justerade anteckningar är uppföljda." in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_dashboard_queries_bounded_with_actions(
    editor_client, network, django_assert_max_num_queries, count
):
    for n in range(count):
        make_action(
            network,
            dt.date(2019, 1, 1) + dt.timedelta(days=7 * n),
            text=f"Åtgärd {n}",
            responsible_as_written="Någon",
        )

    # session, user, 2 permissions, imports (list), drafts (list, count), published, the
    # actions not followed up (list, total when full), responsibles to resolve (count)
    with django_assert_max_num_queries(11):
        response = editor_client.get(DASHBOARD)

    assert len(response.context["follow_up"]) == min(count, 25)
    assert response.context["follow_up_total"] == count
    assert response.context["unresolved_total"] == count


def test_close_marks_done_keeps_history_and_says_so(editor_client, editor, old_action):
    response = editor_client.post(close_url(old_action), follow=True)

    old_action.refresh_from_db()
    assert old_action.status == Action.Status.DONE
    assert messages_of(response) == ["Åtgärden är markerad som klar: Yvonne återkopplar frågorna."]
    assert response.redirect_chain == [(DASHBOARD + "#ej-uppfoljda", 302)]
    newest, first = old_action.history.all()[:2]
    assert (first.status, newest.status) == ("open", "done")
    assert (newest.history_change_reason, newest.history_user) == ("Klar (uppföljning)", editor)
    assert response.context["follow_up"] == []


def test_close_twice_is_refused_with_a_message(editor_client, old_action):
    editor_client.post(close_url(old_action), follow=True)

    response = editor_client.post(close_url(old_action), follow=True)

    assert messages_of(response) == ["Åtgärden är redan stängd (klar); ingenting ändrades."]
    assert old_action.history.count() == 2


def test_renew_sets_new_due_date_and_keeps_history(editor_client, old_action):
    new_date = timezone.localdate() + dt.timedelta(days=90)

    response = editor_client.post(
        renew_url(old_action),
        {f"fornya-{old_action.pk}-due_date": new_date.isoformat()},
        follow=True,
    )

    old_action.refresh_from_db()
    assert (old_action.status, old_action.due_date, old_action.due_text) == (
        Action.Status.OPEN,
        new_date,
        "",
    )
    assert messages_of(response) == [
        f"Åtgärden är förnyad till {new_date:%Y-%m-%d}: Yvonne återkopplar frågorna."
    ]
    newest = old_action.history.first()
    assert newest.history_change_reason == f"Förnyad till {new_date:%Y-%m-%d}"
    assert old_action.history.last().due_text == "snart"
    assert response.context["follow_up"] == []  # followed up now


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Åtgärden förnyades inte: Ange ett nytt senast-datum."),
        (
            "1 mars",
            "Åtgärden förnyades inte: Ange datumet som åååå-mm-dd, till exempel 2026-03-01.",
        ),
        (
            "today",
            "Åtgärden förnyades inte: Det nya datumet måste vara efter i dag; ingenting ändrades.",
        ),
        (
            "2020-01-01",
            "Åtgärden förnyades inte: Det nya datumet måste vara efter i dag; ingenting ändrades.",
        ),
    ],
)
def test_renew_bad_date_changes_nothing(editor_client, old_action, value, message):
    if value == "today":
        value = timezone.localdate().isoformat()

    response = editor_client.post(
        renew_url(old_action), {f"fornya-{old_action.pk}-due_date": value}, follow=True
    )

    assert messages_of(response) == [message]
    old_action.refresh_from_db()
    assert (old_action.due_date, old_action.due_text) == (None, "snart")
    assert old_action.history.count() == 1


def test_renew_is_atomic(editor_client, old_action, monkeypatch):
    """A failure while saving leaves the action as it was."""

    def broken_save(self, *args, **kwargs):
        Action.objects.filter(pk=self.pk).update(due_text="halvvägs")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Action, "save", broken_save)
    new_date = timezone.localdate() + dt.timedelta(days=90)

    with pytest.raises(RuntimeError):
        editor_client.post(
            renew_url(old_action), {f"fornya-{old_action.pk}-due_date": new_date.isoformat()}
        )

    old_action.refresh_from_db()
    assert (old_action.due_date, old_action.due_text) == (None, "snart")


def test_close_and_renew_refuse_a_drafts_action(editor_client, network):
    action = make_action(
        network, dt.date(2018, 1, 10), text="I ett utkast.", status=Meeting.Status.DRAFT
    )

    closed = editor_client.post(close_url(action))
    renewed = editor_client.post(renew_url(action), {f"fornya-{action.pk}-due_date": "2099-01-01"})

    assert (closed.status_code, renewed.status_code) == (404, 404)
    action.refresh_from_db()
    assert (action.status, action.due_date) == (Action.Status.OPEN, None)


@pytest.mark.parametrize("url", [close_url, renew_url])
def test_close_and_renew_members_get_403_visitors_the_login(client, member, old_action, url):
    anonymous = client.post(url(old_action))
    client.force_login(member)
    as_member = client.post(url(old_action), {f"fornya-{old_action.pk}-due_date": "2099-01-01"})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/logga-in/")
    assert as_member.status_code == 403
    old_action.refresh_from_db()
    assert (old_action.status, old_action.due_date) == (Action.Status.OPEN, None)


@pytest.mark.parametrize("url", [close_url, renew_url])
def test_close_and_renew_are_post_only(editor_client, old_action, url):
    assert editor_client.get(url(old_action)).status_code == 405


# The draft's item page and the meeting's task list -----------------------------------------


def item_post(version, actions, initial=0):
    data = {
        "item-version": version,
        "title": "Nära vård",
        "body": "",
        "beslut-TOTAL_FORMS": 0,
        "beslut-INITIAL_FORMS": 0,
        "atgarder-TOTAL_FORMS": len(actions),
        "atgarder-INITIAL_FORMS": initial,
    }
    for n, row in enumerate(actions):
        data.update({f"atgarder-{n}-{k}": v for k, v in row.items()})
    return data


def test_item_edit_links_a_first_name_among_the_attendees(
    editor_client, draft, day, make_items, attend
):
    item = make_items(day, ["Nära vård"])[0]
    yvonne = Person.objects.create(full_name="Yvonne Witzöe")
    attend(day, yvonne)
    Person.objects.create(full_name="Yvonne Annan")  # not at the meeting

    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_post(
            draft.version,
            [{"text": "Återkopplar.", "responsible_as_written": "Yvonne", "status": "open"}],
        ),
    )

    assert item.actions.get().responsible_person == yvonne


def test_item_edit_keeps_a_responsible_chosen_by_a_planning_lead(
    editor_client, draft, day, make_items, attend
):
    item = make_items(day, ["Nära vård"])[0]
    lena, other = (Person.objects.create(full_name=n) for n in ["Lena Lager", "Lena Holmlund"])
    attend(day, lena)
    attend(day, other)
    action = Action.objects.create(
        item=item,
        text="Lena återkommer.",
        responsible_as_written="Lena",
        responsible_person=lena,
        responsible_resolved=True,
    )

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        item_post(
            draft.version,
            [
                {
                    "id": action.pk,
                    "text": "Lena återkommer med underlag.",
                    "responsible_as_written": "Lena",
                    "status": "open",
                }
            ],
            initial=1,
        ),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.text, action.responsible_person, action.responsible_resolved) == (
        "Lena återkommer med underlag.",
        lena,
        True,
    )


def test_meeting_tasks_mark_actions_not_followed_up(editor_client, network, draft):
    old = make_action(network, dt.date(2019, 2, 14), text="Rapporten skickas.")
    make_action(
        network,
        dt.date(2024, 5, 2),
        text="Svar skickas.",
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )

    response = editor_client.get(reverse("editing:meeting", args=[draft.pk]))

    assert [(a.text, a.not_followed_up) for a in response.context["open_actions"]] == [
        ("Svar skickas.", False),
        (old.text, True),
    ]
    assert response.content.decode().count('<strong class="tag">Ej följd upp</strong>') == 1
