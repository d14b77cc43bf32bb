"""The filters of /beslut/ and /atgarder/: each narrows to exactly the expected rows, bad values
never error (the form shows its error and the result is empty)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from decisions.models import Action, Decision
from minutes.models import AgendaItem, Attendance, Matter, Meeting, MeetingDay
from network.models import Network, Organisation, Person

PUBLISHED = Meeting.Status.PUBLISHED


def meeting_day(network, date, *, status=PUBLISHED, items=4):
    meeting = Meeting.objects.create(network=network, start_date=date, status=status)
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    for number in range(1, items + 1):
        AgendaItem.objects.create(day=day, number=number, title=f"Punkt {number}")
    return day


def attend(day, person, organisation, *, items=(), presence=Attendance.Presence.PRESENT):
    attendance = Attendance.objects.create(
        day=day, person=person, organisation=organisation, presence=presence
    )
    attendance.items.set(day.items.filter(number__in=items))
    return attendance


def decide(day, number, text, **fields):
    item = day.items.get(number=number)
    for name in ("title", "body", "matter"):
        if name in fields:
            setattr(item, name, fields.pop(name))
    item.save()
    return Decision.objects.create(item=item, text=text, **fields)


@pytest.fixture
def registry(db):
    """Two networks, three municipalities, four meetings (one a draft), five decisions.

    d1 2023-03-10 scn §2 beslut "Nära Vård", matter Statliga medel: Anna (Ale) all day,
       Cecilia (Partille) only items 3-4.
    d2 2024-05-20 scn §1 ställningstagande: Bo (Lerum) all day, Anna absent.
    d3 2024-05-20 scn §3 inriktningsbeslut, matter Statliga medel: Cecilia for item 3 only.
    d4 2024-09-01 ifo §1 beslut, body about a register study: Cecilia (Partille) all day.
    draft 2024-10-01 scn §1 (draft meeting): Anna (Ale) all day.
    """
    scn = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    ifo = Network.objects.create(name="IFO-chefer", slug="ifo")
    kind = Organisation.Kind.MUNICIPALITY
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale", kind=kind)
    lerum = Organisation.objects.create(name="Lerums kommun", short_name="Lerum", kind=kind)
    partille = Organisation.objects.create(name="Partille kommun", short_name="Partille", kind=kind)
    anna = Person.objects.create(full_name="Anna Andersson")
    bo = Person.objects.create(full_name="Bo Berg")
    cecilia = Person.objects.create(full_name="Cecilia Carlsson")
    medel = Matter.objects.create(network=scn, title="Statliga medel")

    day1 = meeting_day(scn, dt.date(2023, 3, 10))
    attend(day1, anna, ale)
    attend(day1, cecilia, partille, items=[3, 4], presence=Attendance.Presence.PARTIAL)
    d1 = decide(
        day1, 2, "Medel fördelas som förra året.", label="Nära Vård", matter=medel, title="Medel"
    )

    day2 = meeting_day(scn, dt.date(2024, 5, 20))
    attend(day2, bo, lerum)
    attend(day2, anna, ale, presence=Attendance.Presence.ABSENT)
    attend(day2, cecilia, partille, items=[3], presence=Attendance.Presence.PARTIAL)
    d2 = decide(
        day2,
        1,
        "Nätverket ställer sig bakom yttrandet.",
        kind=Decision.Kind.STALLNINGSTAGANDE,
        title="Ny socialtjänstlag",
    )
    d3 = decide(
        day2,
        3,
        "Arbetet inriktas på gemensam uppföljning.",
        kind=Decision.Kind.INRIKTNINGSBESLUT,
        matter=medel,
        title="Uppföljning",
    )

    day3 = meeting_day(ifo, dt.date(2024, 9, 1))
    attend(day3, cecilia, partille)
    d4 = decide(
        day3, 1, "GR tar fram en projektplan.", title="Förstudie", body="Om en registerstudie."
    )

    day4 = meeting_day(scn, dt.date(2024, 10, 1), status=Meeting.Status.DRAFT)
    attend(day4, anna, ale)
    draft = decide(day4, 1, "Ett beslut i ett utkast.", title="Utkast")

    return SimpleNamespace(
        scn=scn,
        ifo=ifo,
        ale=ale,
        lerum=lerum,
        partille=partille,
        anna=anna,
        bo=bo,
        cecilia=cecilia,
        medel=medel,
        d1=d1,
        d2=d2,
        d3=d3,
        d4=d4,
        draft=draft,
    )


def listed(response):
    return [decision.slug for decision in response.context["decisions"]]


def slugs(*decisions):
    return [decision.slug for decision in decisions]


# /beslut/ ---------------------------------------------------------------------------------


def test_decision_list_unfiltered_is_newest_first(member_client, registry):
    r = registry

    response = member_client.get("/beslut/")

    assert listed(response) == slugs(r.d4, r.d2, r.d3, r.d1)


@pytest.mark.parametrize(
    ("network", "expected"),
    [("scn", ["d2", "d3", "d1"]), ("ifo", ["d4"])],
)
def test_decision_filter_network_narrows(member_client, registry, network, expected):
    response = member_client.get("/beslut/", {"network": network})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_network_includes_drafts_for_editor(editor_client, registry):
    r = registry

    response = editor_client.get("/beslut/", {"network": "scn"})

    assert listed(response) == slugs(r.draft, r.d2, r.d3, r.d1)


@pytest.mark.parametrize(("year", "expected"), [("2023", ["d1"]), ("2024", ["d4", "d2", "d3"])])
def test_decision_filter_year_narrows(member_client, registry, year, expected):
    response = member_client.get("/beslut/", {"year": year})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_year_choices_are_visible_years(member_client, registry):
    response = member_client.get("/beslut/")

    choices = list(response.context["filter"].form.fields["year"].choices)
    assert choices == [("", "Alla år"), ("2024", "2024"), ("2023", "2023")]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Decision.Kind.BESLUT, ["d4", "d1"]),
        (Decision.Kind.STALLNINGSTAGANDE, ["d2"]),
        (Decision.Kind.INRIKTNINGSBESLUT, ["d3"]),
    ],
)
def test_decision_filter_kind_narrows(member_client, registry, kind, expected):
    response = member_client.get("/beslut/", {"kind": kind})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_matter_narrows(member_client, registry):
    r = registry

    response = member_client.get(r.medel.get_absolute_url())

    assert listed(response) == slugs(r.d3, r.d1)


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [
        # Ale: all day at the first meeting; absent ("Förhinder") at the second.
        ("ale", ["d1"]),
        ("lerum", ["d2", "d3"]),
        # Partille: "punkt 3-4" was not there for §2 (d1), "punkt 3" was there for §3 (d3).
        ("partille", ["d4", "d3"]),
    ],
)
def test_decision_filter_municipality_uses_presence_rule(
    member_client, registry, municipality, expected
):
    organisation = getattr(registry, municipality)

    response = member_client.get("/beslut/", {"municipality": organisation.pk})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_municipality_includes_draft_for_editor(editor_client, registry):
    r = registry

    response = editor_client.get("/beslut/", {"municipality": r.ale.pk})

    assert listed(response) == slugs(r.draft, r.d1)


@pytest.mark.parametrize(
    ("person", "expected"),
    [("anna", ["d1"]), ("bo", ["d2", "d3"]), ("cecilia", ["d4", "d3"])],
)
def test_decision_filter_person_uses_presence_rule(member_client, registry, person, expected):
    response = member_client.get("/beslut/", {"person": getattr(registry, person).pk})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_person_choices_leave_out_draft_only_attendees(member_client, registry):
    Attendance.objects.create(
        day=registry.draft.item.day, person=Person.objects.create(full_name="Bara Utkast")
    )

    response = member_client.get("/beslut/", {"person": "Bara Utkast"})

    # A text box (tests/decisions/test_person_filter.py), not a select of everyone; a name
    # only a draft knows is unknown to a member.
    assert "Bara Utkast" not in [str(p) for p in response.context["filter"].form["person"]]
    assert response.context["filter"].errors["person"] == [
        "Ingen som varit med på ett möte heter ”Bara Utkast”. Kontrollera stavningen."
    ]
    assert listed(response) == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("YTTRANDET", ["d2"]),  # the wording, case-insensitive
        ("nära vård", ["d1"]),  # the label
        ("socialtjänstlag", ["d2"]),  # the item's title
        ("registerstudie", ["d4"]),  # the item's discussion
        ("finns inte", []),
    ],
)
def test_decision_filter_text_narrows(member_client, registry, q, expected):
    response = member_client.get("/beslut/", {"q": q})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


def test_decision_filter_text_needs_every_word_in_any_field(member_client, registry):
    # "ny" is in the item's title, "yttrandet" in the wording: both words hold for d2 only.
    response = member_client.get("/beslut/", {"q": "yttrandet ny"})

    assert listed(response) == slugs(registry.d2)


def test_decision_filter_text_ignores_stop_words_on_both_databases(member_client, registry):
    # "och" is a stop word for PostgreSQL; it must not empty the list there.
    response = member_client.get("/beslut/", {"q": "yttrandet och ny"})

    assert listed(response) == slugs(registry.d2)


def test_decision_filter_text_without_words_finds_nothing(member_client, registry):
    response = member_client.get("/beslut/", {"q": "&!?"})

    assert response.status_code == 200
    assert listed(response) == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("socialtjänstlagen", ["d2"]),  # inflected: the title says "socialtjänstlag"
        ("registerstudien", ["d4"]),  # the discussion says "registerstudie"
        ("yttrande", ["d2"]),  # a prefix of "yttrandet" in the wording
    ],
)
def test_decision_filter_text_finds_other_forms_on_both_databases(
    member_client, registry, q, expected
):
    # PostgreSQL's swedish configuration, or Snowball's Swedish stemmer on SQLite.
    response = member_client.get("/beslut/", {"q": q})

    assert listed(response) == slugs(*(getattr(registry, name) for name in expected))


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "Sökningen är för lång. Använd högst 200 tecken."),
        ("&!?", "Sökningen innehåller inga ord."),
    ],
)
def test_decision_filter_text_has_the_search_box_limits_of_sok(member_client, db, q, message):
    listing = member_client.get("/beslut/", {"q": q})
    search = member_client.get("/sok/", {"q": q})

    assert message in listing.content.decode()
    assert message in search.content.decode()
    assert list(listing.context["decisions"]) == []
    assert 'maxlength="200"' in listing.content.decode()
    assert 'maxlength="200"' in search.content.decode()


def test_decision_filters_combine(member_client, registry):
    r = registry

    response = member_client.get(
        "/beslut/", {"network": "scn", "year": "2024", "person": r.cecilia.pk}
    )

    assert listed(response) == slugs(r.d3)


def test_decision_filter_count_and_active_filters_shown(member_client, registry):
    r = registry

    response = member_client.get("/beslut/", {"year": "2024", "kind": "beslut"})

    html = response.content.decode()
    assert "1 beslut" in html
    assert [(a.label, a.value, a.remove_url) for a in response.context["active_filters"]] == [
        ("År", "2024", "/beslut/?kind=beslut"),
        ("Typ", "Beslut", "/beslut/?year=2024"),
    ]
    assert 'href="/beslut/?kind=beslut"' in html
    assert listed(response) == slugs(r.d4)


def test_decision_filter_active_filter_names_the_person(member_client, registry):
    response = member_client.get("/beslut/", {"person": registry.bo.pk, "page": "1"})

    assert [(a.label, a.value, a.remove_url) for a in response.context["active_filters"]] == [
        ("Person som var närvarande", "Bo Berg", "/beslut/"),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "1999"},
        {"kind": "xyz"},
        {"network": "finns-inte"},
        {"matter": "999999"},
        {"municipality": "abc"},
        {"person": "999999"},
    ],
)
def test_decision_filter_bad_value_shows_error_and_no_decisions(member_client, registry, params):
    response = member_client.get("/beslut/", params)

    assert response.status_code == 200
    assert listed(response) == []
    assert response.context["filter"].errors.keys() == params.keys()
    assert "Det finns ett problem med filtret" in response.content.decode()


def test_decision_filter_municipality_rejects_non_municipality(member_client, registry):
    gr = Organisation.objects.create(
        name="Göteborgsregionen", short_name="GR", kind=Organisation.Kind.REGIONAL_BODY
    )

    response = member_client.get("/beslut/", {"municipality": gr.pk})

    assert listed(response) == []
    assert list(response.context["filter"].errors) == ["municipality"]


def test_decision_filter_empty_values_do_not_filter(member_client, registry):
    r = registry

    response = member_client.get("/beslut/", {"q": "", "network": "", "year": "", "kind": ""})

    assert listed(response) == slugs(r.d4, r.d2, r.d3, r.d1)
    assert response.context["active_filters"] == []


def test_decision_filter_page_beyond_last_shows_last_page(member_client, registry):
    response = member_client.get("/beslut/", {"kind": "beslut", "page": "999"})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert listed(response) == slugs(registry.d4, registry.d1)


@pytest.mark.parametrize("page", ["abc", "-1", "0"])
def test_decision_filter_bad_page_never_errors(member_client, registry, page):
    response = member_client.get("/beslut/", {"page": page})

    assert response.status_code == 200
    assert len(listed(response)) == 4


def test_decision_filter_chart_counts_filtered_decisions(member_client, registry):
    response = member_client.get("/beslut/", {"network": "scn"})

    chart = response.context["chart"]
    assert chart.description == (
        "2023: 1 (Beslut 1); 2024: 2 (Ställningstagande 1, Inriktningsbeslut 1)."
    )


# /atgarder/ --------------------------------------------------------------------------------


@pytest.fixture
def actions(registry):
    r = registry
    today = timezone.localdate()
    week = dt.timedelta(days=7)
    return SimpleNamespace(
        overdue=Action.objects.create(
            item=r.d1.item,
            decision=r.d1,
            text="Fördelningen skickas ut.",
            responsible_person=r.anna,
            due_date=today - week,
        ),
        open_later=Action.objects.create(
            item=r.d2.item,
            text="Yttrandet lämnas in.",
            responsible_organisation=r.lerum,
            due_date=today + week,
        ),
        open_undated=Action.objects.create(
            item=r.d4.item, text="Projektplan tas fram.", responsible_as_written="GR"
        ),
        done=Action.objects.create(
            item=r.d3.item,
            text="Uppföljningen presenteras.",
            responsible_person=r.bo,
            due_date=today - week,
            status=Action.Status.DONE,
        ),
        cancelled=Action.objects.create(
            item=r.d2.item,
            text="Studieresan genomförs.",
            responsible_organisation=r.lerum,
            status=Action.Status.CANCELLED,
        ),
        draft=Action.objects.create(item=r.draft.item, text="Ett utkast till åtgärd."),
    )


def action_rows(response):
    return [action.text for action in response.context["actions"]]


def texts(*actions):
    return [action.text for action in actions]


def test_action_list_orders_not_followed_up_then_open_then_closed(member_client, actions):
    a = actions

    response = member_client.get("/atgarder/")

    # open_undated has no due date and its meeting (2024-09-01) is over a year old
    assert action_rows(response) == texts(
        a.overdue, a.open_undated, a.open_later, a.done, a.cancelled
    )
    assert [action.not_followed_up for action in response.context["actions"]] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_action_list_editor_sees_draft_actions(editor_client, actions):
    response = editor_client.get("/atgarder/")

    assert actions.draft.text in action_rows(response)
    assert len(action_rows(response)) == 6


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_followed_up", ["overdue", "open_undated"]),
        ("overdue", ["overdue"]),
        ("open", ["overdue", "open_undated", "open_later"]),
        ("done", ["done"]),
        ("cancelled", ["cancelled"]),
    ],
)
def test_action_filter_status_narrows(member_client, actions, status, expected):
    response = member_client.get("/atgarder/", {"status": status})

    assert action_rows(response) == texts(*(getattr(actions, name) for name in expected))


def test_action_filter_person_narrows(member_client, actions, registry):
    response = member_client.get("/atgarder/", {"person": registry.bo.pk})

    assert action_rows(response) == texts(actions.done)


def test_action_filter_organisation_narrows(member_client, actions, registry):
    response = member_client.get("/atgarder/", {"organisation": registry.lerum.pk})

    assert action_rows(response) == texts(actions.open_later, actions.cancelled)


def test_action_filter_network_narrows(member_client, actions):
    response = member_client.get("/atgarder/", {"network": "ifo"})

    assert action_rows(response) == texts(actions.open_undated)


def test_action_filter_person_choices_are_responsible_people(member_client, actions):
    response = member_client.get("/atgarder/")

    choices = response.context["filter"].form.fields["person"].choices
    assert [label for _value, label in choices] == ["Alla personer", "Anna Andersson", "Bo Berg"]


@pytest.mark.parametrize(
    "params", [{"status": "xyz"}, {"person": "abc"}, {"organisation": "999999"}, {"page": "999"}]
)
def test_action_filter_bad_value_never_errors(member_client, actions, params):
    response = member_client.get("/atgarder/", params)

    assert response.status_code == 200
    expected = 5 if params.keys() == {"page"} else 0
    assert len(action_rows(response)) == expected
