"""After justering every change is on the meeting's history page, links included: the items a
partly present person was there for, who took the minutes, the decisions a decision follows up."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from decisions.models import Decision
from minutes.editing.history import meeting_changes
from minutes.models import Attendance, Meeting
from minutes.services import meeting_create, meeting_publish, meeting_reopen
from network.models import Person
from network.services import person_merge

ROW = re.compile(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>')


def history_rows(client, meeting, name):
    """The (field, before, after) rows of the history page for one field, newest first."""
    response = client.get(reverse("editing:history", args=[meeting.pk]))
    assert response.status_code == 200
    return [row for row in ROW.findall(response.content.decode()) if row[0] == name]


def attendance_post(client, meeting, day, notes):
    day.refresh_from_db()
    data = {"day-version": day.attendance_version, "gaster-TOTAL_FORMS": 0}
    data["gaster-INITIAL_FORMS"] = 0
    for person, note in notes.items():
        data[f"present_{person.pk}"] = "on"
        data[f"note_{person.pk}"] = note
    response = client.post(reverse("editing:attendance", args=[meeting.pk, day.pk]), data)
    assert response.status_code == 302


def details_post(client, meeting, recorders):
    meeting.refresh_from_db()
    response = client.post(
        reverse("editing:details", args=[meeting.pk]),
        {
            "details-version": meeting.details_version,
            "title": meeting.title,
            "theme": meeting.theme,
            "location": meeting.location,
            "recorders": [person.pk for person in recorders],
        },
    )
    assert response.status_code == 302


def publish(meeting):
    meeting.refresh_from_db()
    meeting_publish(meeting=meeting, version=meeting.version)


@pytest.fixture
def items(day, make_items):
    return make_items(day, ["Välkommen", "Nära vård", "Ekonomi"])


@pytest.fixture
def regional(day):
    """Anna A and Bo B from GR at the meeting: who may be chosen as recorders."""
    people = [Person.objects.create(full_name=name) for name in ("Anna A", "Bo B")]
    for person in people:
        Attendance.objects.create(day=day, person=person, group=Attendance.Group.REGIONAL)
    return people


@pytest.fixture
def earlier_decisions(network):
    """Two decisions of the network's meeting in January, published."""
    earlier = meeting_create(network=network, dates=[dt.date(2025, 1, 10)])
    item = earlier.days.get().items.create(number=1, title="Uppföljning")
    decisions = [
        Decision.objects.create(item=item, position=n, text=text)
        for n, text in enumerate(["Första", "Andra"], start=1)
    ]
    publish(earlier)
    return decisions


def test_history_shows_attendance_items_changed_after_publishing(
    editor_client, draft, day, items, make_members
):
    person = make_members(1)[0]
    attendance_post(editor_client, draft, day, {person: "punkt 2-3"})
    publish(draft)
    meeting_reopen(meeting=draft, reason="Kom senare")

    attendance_post(editor_client, draft, day, {person: "punkt 2"})

    assert history_rows(editor_client, draft, "Närvarande vid punkterna") == [
        ("Närvarande vid punkterna", "§2 Nära vård, §3 Ekonomi", "§2 Nära vård")
    ]
    _since, changes = meeting_changes(draft)
    assert [(c.label, c.kind, c.who, c.fields) for c in changes if c.what == "Närvaro"] == [
        (
            person.full_name,
            "~",
            "editor",
            [
                ("anteckning", "punkt 2-3", "punkt 2"),
                ("närvarande vid punkterna", "§2 Nära vård, §3 Ekonomi", "§2 Nära vård"),
            ],
        )
    ]


def test_history_shows_attendee_added_after_publishing_with_their_items(
    editor_client, draft, day, items, make_members
):
    first, late = make_members(2)
    attendance_post(editor_client, draft, day, {first: ""})
    publish(draft)
    meeting_reopen(meeting=draft, reason="Glömd")

    attendance_post(editor_client, draft, day, {first: "", late: "punkt 3"})

    _since, changes = meeting_changes(draft)
    assert [(c.label, c.kind, c.fields) for c in changes if c.what == "Närvaro"] == [
        (late.full_name, "+", [("närvarande vid punkterna", "—", "§3 Ekonomi")])
    ]


def test_history_shows_recorders_changed_after_publishing(editor_client, draft, regional):
    anna, bo = regional
    draft.recorders.add(anna)
    publish(draft)
    meeting_reopen(meeting=draft, reason="Två antecknade")

    details_post(editor_client, draft, [anna, bo])

    assert history_rows(editor_client, draft, "Antecknat av") == [
        ("Antecknat av", "Anna A", "Anna A, Bo B")
    ]
    _since, changes = meeting_changes(draft)
    latest = changes[0]
    assert (latest.what, latest.kind, latest.who, latest.fields) == (
        "Möte",
        "~",
        "editor",
        [("antecknat av", "Anna A", "Anna A, Bo B")],
    )


def test_history_shows_follows_up_changed_after_publishing(
    editor_client, draft, day, items, earlier_decisions
):
    first, second = earlier_decisions
    decision = Decision.objects.create(item=items[1], text="Nätverket följer upp.")
    decision.follows_up.add(first)
    publish(draft)
    meeting_reopen(meeting=draft, reason="Fel beslut")

    decision.follows_up.set([second])

    assert history_rows(editor_client, draft, "Följer upp") == [
        (
            "Följer upp",
            "Socialchefsnätverket 2025-01-10 §1",
            "Socialchefsnätverket 2025-01-10 §1b",
        )
    ]
    _since, changes = meeting_changes(draft)
    assert [(c.label, c.fields) for c in changes if c.what == "Beslut"] == [
        (
            "Socialchefsnätverket 2025-03-06 §2",
            [
                (
                    "följer upp",
                    "Socialchefsnätverket 2025-01-10 §1",
                    "Socialchefsnätverket 2025-01-10 §1b",
                )
            ],
        )
    ]


def test_history_omits_link_changes_before_publishing(
    editor_client, draft, day, items, make_members, regional, earlier_decisions
):
    person = make_members(1)[0]
    details_post(editor_client, draft, regional)
    attendance_post(editor_client, draft, day, {person: "punkt 2-3"})
    attendance_post(editor_client, draft, day, {person: "punkt 2"})
    decision = Decision.objects.create(item=items[1], text="Nätverket följer upp.")
    decision.follows_up.add(earlier_decisions[0])

    publish(draft)

    _since, changes = meeting_changes(draft)
    assert [(c.what, c.kind, [name for name, _old, _new in c.fields]) for c in changes] == [
        ("Möte", "~", ["justerad", "status"])
    ]
    for name in ("Närvarande vid punkterna", "Antecknat av", "Följer upp"):
        assert history_rows(editor_client, draft, name) == []


def test_history_omits_links_to_an_item_deleted_later(
    editor_client, draft, day, items, make_members
):
    person = make_members(1)[0]
    attendance_post(editor_client, draft, day, {person: "punkt 2-3"})
    publish(draft)
    meeting_reopen(meeting=draft, reason="Punkt 3 ströks")
    items[2].delete()

    attendance_post(editor_client, draft, day, {person: "punkt 2"})

    _since, changes = meeting_changes(draft)
    assert [(c.what, c.label, c.kind, c.fields) for c in changes[:2]] == [
        ("Närvaro", person.full_name, "~", [("anteckning", "punkt 2-3", "punkt 2")]),
        ("Punkt", "§3 Ekonomi", "-", []),
    ]


@pytest.mark.parametrize("count", [1, 6])
def test_history_page_queries_same_for_one_and_many_changes(
    editor_client,
    django_assert_num_queries,
    draft,
    day,
    items,
    make_members,
    regional,
    earlier_decisions,
    count,
):
    people = make_members(count)
    for person in people:
        Attendance.objects.create(day=day, person=person, presence=Attendance.Presence.PARTIAL)
    decision = Decision.objects.create(item=items[1], text="Nätverket följer upp.")
    publish(draft)
    editor_client.post(reverse("editing:reopen", args=[draft.pk]), {"reason": "Rättelser"})
    for person in people:
        Attendance.objects.get(day=day, person=person).items.set(items[1:])
    Meeting.objects.get(pk=draft.pk).recorders.set(regional)
    decision.follows_up.set(earlier_decisions)

    with django_assert_num_queries(20):
        response = editor_client.get(reverse("editing:history", args=[draft.pk]))

    assert response.status_code == 200
    assert len(response.context["changes"]) == 4 + count  # 3 of the meeting, 1 decision


def test_history_shows_recorders_moved_by_person_merge(draft, regional):
    anna, bo = regional
    twin = Person.objects.create(full_name="Ana A")
    draft.recorders.add(twin, bo)
    publish(draft)

    person_merge(keep=anna, duplicates=[twin])

    _since, changes = meeting_changes(draft)
    latest = changes[0]
    assert (latest.what, latest.fields) == (
        "Möte",
        [("antecknat av", f"borttagen person (id {twin.pk}), Bo B", "Anna A, Bo B")],
    )


def test_history_shows_whole_texts_with_the_changed_words_marked(editor_client, draft, items):
    item = items[1]
    start = "Anna berättade om läget i kommunerna. " * 12  # about 450 characters
    item.body = start + "Nästa steg: en enkät."
    item.save()
    publish(draft)
    meeting_reopen(meeting=draft, reason="Rättelse")
    item.refresh_from_db()

    editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        {
            "item-version": item.version,
            "title": item.title,
            "body": start + "Nästa steg: en intervjustudie.",
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
        },
    )

    hidden = '<span class="visually-hidden">'
    assert history_rows(editor_client, draft, "Anteckningar") == [
        (
            "Anteckningar",
            f"{start}Nästa steg: en <del>{hidden}[borttaget: </span>enkät.{hidden}]</span></del>",
            f"{start}Nästa steg: en <ins>{hidden}[tillagt: </span>intervjustudie."
            f"{hidden}]</span></ins>",
        )
    ]
