import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.models import Action, Decision
from minutes.models import Attendance, Meeting
from network.models import Appointment, Membership, Network, Organisation, Person

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "minutes" / "demo"
EXPECTED = ROOT / "tests" / "fixtures" / "expected"
SEED_DATES = {
    "000_0d8f8783dda5ed59": "2024-11-07",
    "001_4cc22e867b9cf45a": "2019-02-14",
    "002_d846e48eb771d8d4": "2020-12-15",
    "003_590e22556c0910f1": "2023-12-14",
    "004_2cce83e8d1a0b451": "2021-12-10",
}


def norm(value):
    """The scorer's comparison: NFC, no markdown, single spaces, no trailing punctuation."""
    value = unicodedata.normalize("NFC", str(value or ""))
    value = re.sub(r"[*_#`]", "", value)
    return re.sub(r"\s+", " ", value).strip().strip(".:!").strip().casefold()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_minutes", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefsnatverket")


@pytest.mark.parametrize("seed", sorted(SEED_DATES))
def test_dry_run_json_matches_hand_checked_seed(db, seed):
    expected = json.loads((EXPECTED / f"{seed}.json").read_text())

    out, _ = run(str(DEMO / f"{seed}.txt"), "--dry-run", "--json", "--date", SEED_DATES[seed])
    actual = json.loads(out)

    assert len(actual["days"]) == len(expected["days"])
    for got, want in zip(actual["days"], expected["days"], strict=True):
        assert [(norm(a["name"]), a["organization"], a["group"]) for a in got["attendees"]] == [
            (norm(a["name"]), a["organization"], a["group"]) for a in want["attendees"]
        ]
        assert [(i["number"], norm(i["title"])) for i in got["items"]] == [
            (i["number"], norm(i["title"])) for i in want["items"]
        ]
        if want["date"]:
            assert got["date"] == want["date"]
    assert [(d["item"], d["kind"], d.get("label") or "") for d in actual["decisions"]] == [
        (d["item"], d["kind"], d.get("label") or "") for d in expected["decisions"]
    ]
    for got, want in zip(actual["decisions"], expected["decisions"], strict=True):
        assert norm(got["text"]).startswith(norm(want["starts_with"]))
    assert [norm(r["name"]) for r in actual["recorders"]] == [
        norm(r["name"]) for r in expected["recorders"]
    ]
    assert Meeting.objects.count() == 0


def test_import_without_date_refuses_and_names_suggestion(network):
    with pytest.raises(CommandError) as raised:
        run(str(DEMO / "001_4cc22e867b9cf45a.txt"))

    assert raised.value.returncode == 2
    assert Meeting.objects.count() == 0
    assert Person.objects.count() == 0


def test_import_without_date_message_names_file_and_suggested_date(network, capsys):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_minutes",
            str(DEMO / "001_4cc22e867b9cf45a.txt"),
            stderr=err,
            stdout=io.StringIO(),
        )

    message = err.getvalue().strip()
    assert message.count("\n") == 0
    assert message.startswith(
        "[1/1] " + str(DEMO / "001_4cc22e867b9cf45a.txt") + ": texten saknar mötets datum"
    )
    assert re.search(r"förslag utifrån texten: 2019-0[1-4]-\d\d", message)


def test_import_saves_meeting_with_days_attendance_items_decisions(network):
    run(str(DEMO / "000_0d8f8783dda5ed59.txt"), "--date", "2024-11-07")

    meeting = Meeting.objects.get()
    assert meeting.start_date == dt.date(2024, 11, 7)
    assert meeting.status == Meeting.Status.DRAFT
    assert [d.date for d in meeting.days.all()] == [dt.date(2024, 11, 7), dt.date(2024, 11, 8)]
    assert Attendance.objects.filter(day__meeting=meeting).count() == 15 + 7
    assert sorted(Decision.objects.values_list("reference", flat=True)) == [
        "Socialchefsnätverket 2024-11-08 §2",
        "Socialchefsnätverket 2024-11-08 §4",
        "Socialchefsnätverket 2024-11-08 §5",
    ]
    assert [p.full_name for p in meeting.recorders.all()] == ["Cecilia Axelsson"]


def test_import_records_partial_presence_for_named_items(network):
    run(str(DEMO / "000_0d8f8783dda5ed59.txt"), "--date", "2024-11-07")

    ebba = Attendance.objects.get(person__full_name="Ebba Gierow", day__date=dt.date(2024, 11, 7))
    assert ebba.presence == Attendance.Presence.PARTIAL
    assert ebba.note == "punkt 4-8"
    assert sorted(ebba.items.values_list("number", flat=True)) == [4, 5, 6, 7, 8]


def test_import_records_remote_guest_with_organisation(network):
    run(str(DEMO / "003_590e22556c0910f1.txt"), "--date", "2023-12-14")

    minna = Attendance.objects.get(person__full_name="Minna Ljunggren")
    assert (minna.group, minna.remote, minna.organisation.short_name) == (
        Attendance.Group.GUEST,
        True,
        "Regeringskansliet",
    )
    assert list(minna.items.values_list("number", flat=True)) == [4]


def test_import_marks_tabled_item_and_proposes_actions(network):
    run(str(DEMO / "001_4cc22e867b9cf45a.txt"), "--date", "2019-02-14")

    meeting = Meeting.objects.get()
    tabled = [i.number for d in meeting.days.all() for i in d.items.all() if i.is_tabled]
    assert tabled == [4]
    texts = list(Action.objects.values_list("text", flat=True))
    assert any("Mio S kommer skicka ut fråga avseende VFU" in t for t in texts)
    assert any("GR återkommer" in t for t in texts)


def test_import_same_minutes_twice_says_meeting_exists(network):
    path = str(DEMO / "003_590e22556c0910f1.txt")
    run(path, "--date", "2023-12-14")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_minutes", path, "--date", "2023-12-14", stderr=err, stdout=io.StringIO()
        )

    assert "Mötet finns redan" in err.getvalue()
    assert Meeting.objects.count() == 1


def test_import_failing_half_way_leaves_database_unchanged(network):
    people_before = Person.objects.count()
    with (
        mock.patch("minutes.services.Action.objects.create", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        run(str(DEMO / "001_4cc22e867b9cf45a.txt"), "--date", "2019-02-14")

    assert Meeting.objects.count() == 0
    assert Person.objects.count() == people_before
    assert Attendance.objects.count() == 0
    assert Membership.objects.count() == 0


BAD_INPUTS = {
    "tom.txt": (b"", "Filen är tom"),
    "skrap.txt": (bytes(range(256)) * 8, "binärt"),
    "trasig.pdf": (b"%PDF-1.4\nnot really a pdf", "PDF"),
    "trasig.docx": (b"PK\x03\x04 not a zip", "Word"),
}


@pytest.mark.parametrize("filename", sorted(BAD_INPUTS))
def test_import_bad_input_refused_with_one_line_and_nothing_saved(network, tmp_path, filename):
    data, words = BAD_INPUTS[filename]
    path = tmp_path / filename
    path.write_bytes(data)
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_minutes", str(path), "--date", "2025-01-31", stderr=err, stdout=io.StringIO()
        )

    message = err.getvalue().strip()
    assert raised.value.returncode == 2
    assert message.count("\n") == 0
    assert message.startswith(f"[1/1] {path}: ")
    assert words.casefold() in message.casefold()
    assert (Meeting.objects.count(), Person.objects.count(), Organisation.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_missing_file_is_refused(network, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_minutes", str(tmp_path / "saknas.txt"), stderr=err, stdout=io.StringIO()
        )

    assert err.getvalue().startswith(f"[1/1] {tmp_path / 'saknas.txt'}: filen kunde inte läsas")


def test_import_unknown_network_is_refused(network):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_minutes",
            str(DEMO / "003_590e22556c0910f1.txt"),
            "--date",
            "2023-12-14",
            "--network",
            "okand",
            stderr=err,
            stdout=io.StringIO(),
        )

    assert "nätverket ”okand” finns inte" in err.getvalue()
    assert Meeting.objects.count() == 0


def test_load_demo_creates_five_meetings_with_seven_decisions_and_is_idempotent(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    assert Meeting.objects.published().count() == 5
    assert Decision.objects.count() == 7
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 13
    assert sorted(Meeting.objects.values_list("start_date__year", flat=True)) == [
        2019,
        2020,
        2021,
        2023,
        2024,
    ]


def test_load_demo_follows_people_who_move(db):
    call_command("load_demo", stdout=io.StringIO())

    memberships = Membership.objects.filter(person__full_name="Christina Alvelin").order_by(
        "start_date"
    )
    assert [(m.organisation.short_name, m.start_date, m.end_date) for m in memberships] == [
        ("Lerum", dt.date(2019, 2, 14), dt.date(2021, 12, 9)),
        ("Göteborg", dt.date(2021, 12, 10), dt.date(2024, 11, 6)),
        ("Mölndal", dt.date(2024, 11, 7), None),
    ]


def test_load_demo_reports_spelling_variants_as_probable_duplicates(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    monika = Person.objects.get(full_name="Monika Bondesson")
    monica = Person.objects.get(full_name="Monica Bondesson")
    expected = f"Monika Bondesson (id {monika.pk}) liknar Monica Bondesson (id {monica.pk})"
    assert f"Trolig dubblett: {expected}" in out.getvalue()
    assert Person.objects.filter(full_name__in=["Richard Persson", "Rickard Persson"]).count() == 2


def test_load_demo_records_appointment_from_decision(db):
    call_command("load_demo", stdout=io.StringIO())

    appointment = Appointment.objects.get(person__full_name="Ebba Gierow")
    assert appointment.start_date == dt.date(2024, 11, 8)
    assert appointment.decision.reference == "Socialchefsnätverket 2024-11-08 §4"
    assert appointment.body == "styrgrupp tjänstepersoner kommunerna"


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Anteckningar\n\n1. Mötet inleds\n\nText.\n", "Ingen närvarolista hittades"),
        ("Anteckningar\n\nNÄRVARANDE\n\nAnna Berg, Ale\n", "Inga punkter hittades"),
    ],
)
def test_import_minutes_missing_structure_become_a_draft_with_a_warning(
    network, tmp_path, text, warning
):
    path = tmp_path / "anteckningar.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()

    call_command("import_minutes", str(path), "--date", "2025-01-31", stdout=out)

    meeting = Meeting.objects.get()
    assert (meeting.start_date, meeting.status) == (dt.date(2025, 1, 31), Meeting.Status.DRAFT)
    assert warning in out.getvalue()


def test_import_minutes_attendance_of_organisations_only_is_not_saved_and_said_so(
    network, tmp_path
):
    path = tmp_path / "13.md"
    path.write_text(
        "# Sammanfattning 24-10-21\n\nNärvarande: Bolagsverket, Arbetsförmedlingen, Digg\n\n"
        "## Hänt sedan sist\nMycket.\n\n## Nästa möte\nSnart.\n",
        encoding="utf-8",
    )
    out = io.StringIO()

    call_command("import_minutes", str(path), stdout=out)

    meeting = Meeting.objects.get()
    assert meeting.days.get().attendances.count() == 0
    assert Person.objects.count() == 0
    assert (
        "Närvarande utan namn sparades inte: Bolagsverket, Arbetsförmedlingen, Digg. "
        "Lägg till dem i närvaron." in out.getvalue()
    )
