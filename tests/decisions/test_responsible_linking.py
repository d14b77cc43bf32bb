"""A written responsible ("Yvonne", "Mio S") linked to the one person at the meeting the name
fits: at import, by `manage.py link_responsible`, and by a planning lead on
/redigera/atgarder/ansvariga/ for the rest."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from decisions.models import Action
from minutes.models import AgendaItem, Attendance, Meeting, MeetingDay
from minutes.services import minutes_import, minutes_parse
from network.matching import responsible_match
from network.models import Network, Person

RESOLVE = "/redigera/atgarder/ansvariga/"

MINUTES = """Anteckningar socialchefsnätverket 2025-02-05

Närvarande:
Yvonne Witzöe, GR
Lena Holmlund, Ale
Lena Lager, Lerum
Mio Saba, Partille

1. Nära vård
Yvonne återkopplar frågorna till nätverket.
Mio S kommer skicka ut en fråga om VFU.
Lena återkommer med underlag.
Kalle återkommer med svar.
"""


def people(*names):
    return [Person(pk=n, full_name=name) for n, name in enumerate(names, start=1)]


# The rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Yvonne", "Yvonne Witzöe"),  # the only Yvonne
        ("yvonne", "Yvonne Witzöe"),
        ("Mio S", "Mio Saba"),  # first name and the surname's initial
        ("Mio S.", "Mio Saba"),
        ("Lena Holmlund", "Lena Holmlund"),  # full name
        ("lena  holmlund", "Lena Holmlund"),
        ("Eva V", "Eva Klang Vänerklint"),  # the initial of a later name
    ],
)
def test_responsible_match_links_an_unambiguous_name(written, expected):
    attendees = people(
        "Yvonne Witzöe", "Mio Saba", "Lena Holmlund", "Lena Lager", "Eva Klang Vänerklint"
    )

    match = responsible_match(written, attendees)

    assert match.person is not None
    assert match.person.full_name == expected


@pytest.mark.parametrize(
    ("written", "candidates"),
    [
        ("Lena", ["Lena Holmlund", "Lena Lager", "Lena Lindqvist"]),  # ambiguous
        ("Lena L", ["Lena Lager", "Lena Lindqvist"]),
        ("Kalle", []),  # nobody of that name at the meeting
        ("Mio B", []),
        ("Mio Saba Andersson", []),
        ("", []),
    ],
)
def test_responsible_match_leaves_ambiguous_and_unknown(written, candidates):
    attendees = people("Mio Saba", "Lena Holmlund", "Lena Lager", "Lena Lindqvist")

    match = responsible_match(written, attendees)

    assert match.person is None
    assert sorted(p.full_name for p in match.candidates) == candidates


# At import and by the command ---------------------------------------------------------------


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="scn")


def responsibles(meeting=None) -> dict[str, str | None]:
    actions = Action.objects.select_related("responsible_person")
    if meeting is not None:
        actions = actions.filter(item__day__meeting=meeting)
    return {
        a.responsible_as_written: a.responsible_person.full_name if a.responsible_person else None
        for a in actions
    }


def test_import_links_responsibles_among_the_meetings_attendees(network):
    # Another Yvonne, not at this meeting, does not make "Yvonne" ambiguous.
    Person.objects.create(full_name="Yvonne Annan")

    meeting = minutes_import(
        parsed=minutes_parse(text=MINUTES), network=network, source_text=MINUTES, publish=True
    ).meeting

    assert responsibles(meeting) == {
        "Yvonne": "Yvonne Witzöe",
        "Mio S": "Mio Saba",
        "Lena": None,  # two Lenas were there
        "Kalle": None,  # nobody called Kalle
    }
    assert list(
        Action.objects.responsible_unresolved().values_list("responsible_as_written", flat=True)
    ) == ["Lena", "Kalle"]


def make_meeting(network, date, attendees, *, absent=()):
    meeting = Meeting.objects.create(
        network=network, start_date=date, status=Meeting.Status.PUBLISHED
    )
    day = MeetingDay.objects.create(meeting=meeting, date=date)
    item = AgendaItem.objects.create(day=day, number=1, title="Punkt")
    for name in attendees:
        person, _ = Person.objects.get_or_create(full_name=name)
        Attendance.objects.create(day=day, person=person)
    for name in absent:
        person, _ = Person.objects.get_or_create(full_name=name)
        Attendance.objects.create(day=day, person=person, presence=Attendance.Presence.ABSENT)
    return item


def test_link_responsible_command_links_existing_actions_and_is_idempotent(network):
    item = make_meeting(
        network,
        dt.date(2019, 2, 14),
        ["Yvonne Witzöe", "Mio Saba", "Lena Holmlund"],
        absent=["Lena Lager"],
    )
    other = make_meeting(network, dt.date(2020, 3, 1), ["Lena Lager", "Lena Holmlund"])
    for written in ["Yvonne", "Mio S", "Lena"]:
        Action.objects.create(
            item=item, text=f"{written} återkommer.", responsible_as_written=written
        )
    Action.objects.create(item=other, text="Lena återkommer.", responsible_as_written="Lena")
    Action.objects.create(item=other, text="Yvonne återkommer.", responsible_as_written="Yvonne")
    out = io.StringIO()

    call_command("link_responsible", stdout=out)
    again = io.StringIO()
    call_command("link_responsible", stdout=again)

    linked = {
        (a.item.day.date.year, a.responsible_as_written): a.responsible_person.full_name
        for a in Action.objects.filter(responsible_person__isnull=False)
    }
    # 2019: Lena Lager was absent, so "Lena" is Lena Holmlund; 2020: two Lenas, no Yvonne.
    assert linked == {
        (2019, "Yvonne"): "Yvonne Witzöe",
        (2019, "Mio S"): "Mio Saba",
        (2019, "Lena"): "Lena Holmlund",
    }
    assert out.getvalue().splitlines()[-1] == (
        "3 kopplade; 2 kvar att avgöra för en planeringsledare "
        "(Anteckna möten > Ansvariga att avgöra)."
    )
    assert again.getvalue().splitlines() == [
        "0 kopplade; 2 kvar att avgöra för en planeringsledare "
        "(Anteckna möten > Ansvariga att avgöra)."
    ]
    yvonne = Action.objects.get(item=item, responsible_as_written="Yvonne")
    assert yvonne.history.first().history_change_reason == (
        "Ansvarig kopplad efter namnet bland mötets deltagare"
    )


def test_link_responsible_leaves_organisations_and_settled_ones_alone(network):
    item = make_meeting(network, dt.date(2019, 2, 14), ["Yvonne Witzöe"])
    settled = Action.objects.create(
        item=item,
        text="Yvonne återkommer.",
        responsible_as_written="Yvonne",
        responsible_resolved=True,
    )

    call_command("link_responsible", stdout=io.StringIO())

    settled.refresh_from_db()
    assert settled.responsible_person is None


def test_demo_responsibles_are_linked(db):
    call_command("load_demo", stdout=io.StringIO())

    assert {written: name for written, name in responsibles().items() if written} == {
        "Yvonne": "Yvonne Witzöe",
        "Mio S": "Mio Saba",
        "Cecilia Axelsson": "Cecilia Axelsson",
        "GR": None,  # an organisation, Göteborgsregionen
    }
    assert Action.objects.responsible_unresolved().count() == 0


# Shown as a link ----------------------------------------------------------------------------


def test_action_list_and_person_page_link_the_linked_person(member_client, network):
    item = make_meeting(network, dt.date(2019, 2, 14), ["Yvonne Witzöe"])
    Action.objects.create(item=item, text="Yvonne återkopplar.", responsible_as_written="Yvonne")
    call_command("link_responsible", stdout=io.StringIO())
    yvonne = Person.objects.get(full_name="Yvonne Witzöe")

    listing = member_client.get("/atgarder/").content.decode()
    profile = member_client.get(yvonne.get_absolute_url())

    assert (
        f'<a href="{yvonne.get_absolute_url()}">Yvonne Witzöe</a>'
        ' <span class="note">(”Yvonne” i anteckningarna)</span>'
    ) in listing
    assert [a.text for a in profile.context["actions"]] == ["Yvonne återkopplar."]
    assert "Yvonne återkopplar." in profile.content.decode()


# The planning lead's page -------------------------------------------------------------------


@pytest.fixture
def unresolved(network):
    """Three actions whose written responsible names nobody for sure."""
    item = make_meeting(network, dt.date(2020, 3, 1), ["Lena Lager", "Lena Holmlund", "Bo Berg"])
    older = make_meeting(network, dt.date(2019, 2, 14), ["Kim Kvist"])
    lena = Action.objects.create(item=item, text="Lena återkommer.", responsible_as_written="Lena")
    kalle = Action.objects.create(item=item, text="Kalle skickar.", responsible_as_written="Kalle")
    ulf = Action.objects.create(item=older, text="Ulf ringer.", responsible_as_written="Ulf")
    Action.objects.create(item=item, text="Ingen skriven.")
    return lena, kalle, ulf


def field(action):
    return f"ansvarig-{action.pk}"


def test_resolve_page_lists_unresolved_with_the_meetings_attendees(
    editor_client, unresolved, django_assert_max_num_queries
):
    lena, kalle, ulf = unresolved

    with django_assert_max_num_queries(8):
        response = editor_client.get(RESOLVE)

    form = response.context["form"]
    assert [row.action for row in form.rows] == [lena, kalle, ulf]  # newest meeting first
    assert [label for _value, label in form.fields[field(lena)].choices] == [
        "Avgör senare",
        "Bo Berg",
        "Lena Holmlund",
        "Lena Lager",
        "Ingen av deltagarna",
    ]
    assert [label for _value, label in form.fields[field(ulf)].choices] == [
        "Avgör senare",
        "Kim Kvist",
        "Ingen av deltagarna",
    ]
    html = response.content.decode()
    assert "Flera deltagare passar: Lena Holmlund, Lena Lager." in html
    assert "Ingen av mötets deltagare har det namnet." in html
    assert f'for="id_ansvarig-{lena.pk}">Ansvarig för ”Lena”</label>' in html


def test_resolve_saves_choices_in_one_step(editor_client, unresolved, editor):
    lena, kalle, ulf = unresolved
    lager = Person.objects.get(full_name="Lena Lager")

    response = editor_client.post(
        RESOLVE, {field(lena): str(lager.pk), field(kalle): "ingen", field(ulf): ""}, follow=True
    )

    lena.refresh_from_db()
    kalle.refresh_from_db()
    ulf.refresh_from_db()
    assert (lena.responsible_person, lena.responsible_resolved) == (lager, True)
    assert (kalle.responsible_person, kalle.responsible_resolved) == (None, True)
    assert (ulf.responsible_person, ulf.responsible_resolved) == (None, False)
    assert [str(m) for m in response.context["messages"]] == [
        "Sparat: 1 kopplade till en person, 1 utan ansvarig person."
    ]
    assert [row.action for row in response.context["form"].rows] == [ulf]
    newest = lena.history.first()
    assert (newest.history_change_reason, newest.history_user) == (
        "Ansvarig vald av planeringsledare",
        editor,
    )


def test_resolve_nothing_chosen_changes_nothing(editor_client, unresolved):
    response = editor_client.post(RESOLVE, {}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Inget val gjordes; ingenting ändrades."
    ]
    assert Action.objects.responsible_unresolved().count() == 3


def test_resolve_someone_not_at_the_meeting_is_refused_and_nothing_saved(editor_client, unresolved):
    lena, kalle, _ulf = unresolved
    kim = Person.objects.get(full_name="Kim Kvist")  # at the 2019 meeting, not at Lena's
    lager = Person.objects.get(full_name="Lena Lager")

    response = editor_client.post(RESOLVE, {field(lena): str(lager.pk), field(kalle): str(kim.pk)})

    assert response.status_code == 200
    assert response.context["errors"] == [
        (
            f"id_ansvarig-{kalle.pk}",
            "Välj någon som var med på mötet, ”Ingen av deltagarna” eller ”Avgör senare”.",
        )
    ]
    assert Action.objects.responsible_unresolved().count() == 3


def test_resolve_is_atomic(editor_client, unresolved, monkeypatch):
    lena, kalle, _ulf = unresolved
    lager = Person.objects.get(full_name="Lena Lager")
    saved = Action.save

    def save_then_fail(self, *args, **kwargs):
        if self.pk == kalle.pk:
            raise RuntimeError("disk full")
        saved(self, *args, **kwargs)

    monkeypatch.setattr(Action, "save", save_then_fail)

    with pytest.raises(RuntimeError):
        editor_client.post(RESOLVE, {field(lena): str(lager.pk), field(kalle): "ingen"})

    lena.refresh_from_db()
    assert (lena.responsible_person, lena.responsible_resolved) == (None, False)


def test_resolve_members_get_403(member_client, unresolved):
    lena = unresolved[0]

    response = member_client.post(RESOLVE, {field(lena): "ingen"})

    assert response.status_code == 403
    assert Action.objects.responsible_unresolved().count() == 3


def test_dashboard_counts_responsibles_to_resolve(editor_client, unresolved):
    response = editor_client.get(reverse("editing:dashboard"))

    assert response.context["unresolved_total"] == 3
    assert (
        f'<a href="{RESOLVE}">Ansvariga att avgöra</a>: 3 åtgärder där den skrivna ansvariga '
        "inte kunde kopplas till en person."
    ) in response.content.decode()
