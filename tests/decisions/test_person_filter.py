"""/beslut/'s person filter: a text box with suggestions from /beslut/personer.json instead of
a select of everyone; a typed name filters just the same without JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Decision
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from network.models import Network, Person

SUGGEST = reverse("decisions:person_suggestions")


def meeting_with(network, date, names, *, status=Meeting.Status.PUBLISHED, decision=None):
    meeting = Meeting.objects.create(network=network, start_date=date, status=status)
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    item = AgendaItem.objects.create(day=day, number=1, title="Punkt")
    if decision:
        Decision.objects.create(item=item, text=decision)
    for name in names:
        person, _ = Person.objects.get_or_create(full_name=name)
        if status == Meeting.Status.DRAFT and not Attendance.objects.filter(person=person).exists():
            person.draft_meeting = meeting
            person.save()
        Attendance.objects.create(day=day, person=person)
    return meeting


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


@pytest.fixture
def people(network):
    meeting_with(
        network,
        dt.date(2024, 5, 20),
        ["Ebba Gierow", "Lena Holmlund", "Lena Lager", "Örjan Öst"],
        decision="Nätverket ställer sig bakom färdplanen.",
    )
    meeting_with(network, dt.date(2023, 3, 10), ["Lena Lager"], decision="Studieresan ställs in.")
    meeting_with(
        network,
        dt.date(2024, 10, 1),
        ["Lena Utkastsson"],
        status=Meeting.Status.DRAFT,
        decision="Hemligt utkastbeslut.",
    )
    Person.objects.create(full_name="Lena Aldrig")  # never at a meeting


def names(response) -> list[str]:
    return [person["name"] for person in response.json()["results"]]


# The suggestions ---------------------------------------------------------------------------


def test_suggestions_name_people_at_published_meetings_only(member_client, people):
    response = member_client.get(SUGGEST, {"q": "lena"})

    assert response["Content-Type"] == "application/json"
    assert names(response) == ["Lena Holmlund", "Lena Lager"]


def test_suggestions_never_name_a_draft_only_person_for_a_member(member_client, people):
    assert names(member_client.get(SUGGEST, {"q": "utkast"})) == []


def test_suggestions_editor_sees_the_draft_attendee(editor_client, people):
    assert names(editor_client.get(SUGGEST, {"q": "utkast"})) == ["Lena Utkastsson"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("", []),
        ("   ", []),
        ("gier", ["Ebba Gierow"]),
        ("lager lena", ["Lena Lager"]),  # every word, in any order
        ("örjan", ["Örjan Öst"]),  # non-ASCII, whatever the database folds
        ("%", []),
        ("x" * 500, []),
    ],
)
def test_suggestions_match_every_word(member_client, people, q, expected):
    assert names(member_client.get(SUGGEST, {"q": q})) == expected


def test_suggestions_names_that_begin_with_the_text_come_first(member_client, network):
    meeting_with(network, dt.date(2024, 1, 1), ["Anna Ek", "Ekaterina Berg", "Bo Ekström"])

    assert names(member_client.get(SUGGEST, {"q": "ek"})) == [
        "Ekaterina Berg",
        "Anna Ek",
        "Bo Ekström",
    ]


@pytest.mark.parametrize("count", [3, 40])
def test_suggestions_limited_and_bounded(
    member_client, network, django_assert_max_num_queries, count
):
    meeting_with(network, dt.date(2024, 1, 1), [f"Person {n:02}" for n in range(count)])

    # session, user, 2 permission queries (visible_to asks has_perm), the people
    with django_assert_max_num_queries(5):
        response = member_client.get(SUGGEST, {"q": "person"})

    assert names(response) == [f"Person {n:02}" for n in range(min(count, 10))]


def test_suggestions_visitors_are_sent_to_login(client, people):
    response = client.get(SUGGEST, {"q": "lena"})

    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


# The filter, without JavaScript -------------------------------------------------------------


def decision_texts(response) -> list[str]:
    return [d.text for d in response.context["decisions"]]


def test_person_filter_is_a_text_box_with_a_datalist(member_client, people):
    html = member_client.get("/beslut/").content.decode()

    assert '<select name="person"' not in html
    assert (
        '<input type="text" name="person" list="personer-forslag" autocomplete="off"'
        f' maxlength="100" data-suggest-url="{SUGGEST}"'
    ) in html
    assert '<datalist id="personer-forslag"></datalist>' in html
    assert '<script src="/static/js/person-suggest.js" defer></script>' in html
    assert "Lena Lager" not in html  # no list of everyone


def test_person_filter_full_name_typed_filters(member_client, people):
    response = member_client.get("/beslut/", {"person": "lena lager"})

    assert decision_texts(response) == [
        "Nätverket ställer sig bakom färdplanen.",
        "Studieresan ställs in.",
    ]
    assert [(f.label, f.value) for f in response.context["active_filters"]] == [
        ("Person som var närvarande", "lena lager")
    ]


def test_person_filter_exact_name_wins_over_partial(member_client, network, people):
    meeting_with(network, dt.date(2022, 1, 1), ["Lena Lagerlöf"], decision="Annat beslut.")

    exact = member_client.get("/beslut/", {"person": "Lena Lager"})
    partial = member_client.get("/beslut/", {"person": "lager"})

    assert decision_texts(exact) == [
        "Nätverket ställer sig bakom färdplanen.",
        "Studieresan ställs in.",
    ]
    assert decision_texts(partial) == [
        "Nätverket ställer sig bakom färdplanen.",
        "Studieresan ställs in.",
        "Annat beslut.",
    ]


def test_person_filter_part_of_a_name_filters_by_everyone_it_fits(member_client, people):
    response = member_client.get("/beslut/", {"person": "Holmlund"})

    assert decision_texts(response) == ["Nätverket ställer sig bakom färdplanen."]


@pytest.mark.parametrize("name", ["Kalle Okänd", "Lena Utkastsson", "Lena Aldrig"])
def test_person_filter_unknown_name_shows_error_and_no_decisions(member_client, people, name):
    response = member_client.get("/beslut/", {"person": name})

    assert decision_texts(response) == []
    assert response.context["filter"].errors["person"] == [
        f"Ingen som varit med på ett möte heter ”{name}”. Kontrollera stavningen."
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_decision_list_queries_do_not_grow_with_people(
    member_client, network, django_assert_max_num_queries, count
):
    meeting_with(
        network,
        dt.date(2024, 1, 1),
        [f"Person {n:02}" for n in range(count)],
        decision="Ett beslut.",
    )

    # session, user, years, the registry generation (minutes/caching.py), chart, the form's choices
    # (network, matter, municipality), the named person exists, the page, the feed address, the
    # alert button's "already following?": no select of everyone
    with django_assert_max_num_queries(13):
        response = member_client.get("/beslut/", {"person": "Person 00"})

    assert decision_texts(response) == ["Ett beslut."]
