"""import_minutes over a folder: progress per file, a summary, a bad file not stopping the rest."""

import datetime as dt
import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from minutes.models import Meeting, PendingImport
from network.models import Network

MINUTES = """Anteckningar socialchefsnätverket {date}

Närvarande:
Anna Andersson, Ale
Bo Bengtsson, Lerum

1. Välkommen
Ordföranden hälsar välkommen.

2. Statsbidrag
Beslut: Nätverket ställer sig bakom förslaget.
"""

NO_ATTENDANCE = """Anteckningar socialchefsnätverket {date}

1. Välkommen
Ordföranden hälsar välkommen.
"""


@pytest.fixture
def network(db):
    return Network.objects.create(name="Socialchefsnätverket", slug="socialchefsnatverket")


def run(*args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_minutes", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def folder(tmp_path):
    """15 files of minutes: 12 good ones (two in a subfolder, one .md), one without attendance
    (imported with a warning), one empty and one undated (refused); and files that are not
    minutes (an image, Word's lock file, a hidden file), left alone."""
    root = tmp_path / "anteckningar"
    (root / "2023").mkdir(parents=True)
    for n in range(1, 11):
        date = dt.date(2024, 1, 1) + dt.timedelta(weeks=n)
        (root / f"{n:02d}.txt").write_text(MINUTES.format(date=date), encoding="utf-8")
    (root / "2023" / "a.txt").write_text(MINUTES.format(date="2023-05-04"), encoding="utf-8")
    (root / "2023" / "b.md").write_text(MINUTES.format(date="2023-06-01"), encoding="utf-8")
    (root / "11-utan-narvaro.txt").write_text(
        NO_ATTENDANCE.format(date="2024-09-05"), encoding="utf-8"
    )
    (root / "12-tom.txt").write_bytes(b"")
    (root / "13-odaterad.txt").write_text(MINUTES.format(date=""), encoding="utf-8")
    (root / "bild.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "~$01.docx").write_bytes(b"lock")
    (root / ".DS_Store").write_bytes(b"\x00")
    return root


def test_folder_import_prints_progress_per_file_and_a_summary(network, folder):
    out, err, error = run(str(folder))

    progress = [line for line in (out + err).splitlines() if line.startswith("[")]
    assert len(progress) == 15
    numbers = sorted(int(re.match(r"\[(\d+)/15\] ", line)[1]) for line in progress)
    assert numbers == list(range(1, 16))
    assert f"[1/15] {folder / '01.txt'}: importerade Socialchefsnätverket 2024-01-08 " in out
    assert (
        f"[11/15] {folder / '11-utan-narvaro.txt'}: importerade Socialchefsnätverket "
        "2024-09-05 (1 dag(ar), 0 närvarande, 1 punkter, 0 beslut), 0 nya personer; "
        "behöver granskas (1 varningar)"
    ) in out
    refused = err.splitlines()
    assert refused[0] == f"[12/15] {folder / '12-tom.txt'}: Filen är tom."
    # the parser's reason after the suggestion is its own wording
    assert refused[1].startswith(
        f"[13/15] {folder / '13-odaterad.txt'}: texten saknar mötets datum; ange --date "
        "(förslag utifrån texten: inget"
    )
    assert len(refused) == 2
    assert f"[14/15] {folder / '2023' / 'a.txt'}: importerade" in out
    assert f"[15/15] {folder / '2023' / 'b.md'}: importerade" in out
    summary = out[out.index("Klart:") :].splitlines()
    assert summary == [
        "Klart: 15 filer. Importerade utan varningar: 12. Behöver granskas: 1. Vägrade: 2.",
        "Behöver granskas (sparade som utkast; se varningarna ovan):",
        f"  {folder / '11-utan-narvaro.txt'} (1 varningar)",
        "Vägrade:",
        f"  {folder / '12-tom.txt'}: Filen är tom.",
        "  " + refused[1].partition(" ")[2],  # the same reason as in the progress
        "Filer utan datum: importera en i taget med --date, eller alla med --review "
        "och bekräfta datumen i webbläsaren.",
    ]
    assert (str(error), error.returncode) == ("2 av 15 filer importerades inte.", 2)
    assert Meeting.objects.count() == 13
    assert Meeting.objects.drafts().count() == 13


def test_folder_dry_run_saves_nothing_and_says_parsed(network, folder):
    out, _err, _error = run(str(folder), "--dry-run")

    assert f"[1/15] {folder / '01.txt'}: tolkad (1 dag(ar), 2 närvarande, 2 punkter, 1 beslut)" in (
        out
    )
    assert "Klart: 15 filer. Tolkade utan varningar: 12. Behöver granskas: 1. Vägrade: 2." in out
    assert Meeting.objects.count() == 0


def test_files_and_folders_mixed(network, folder, tmp_path):
    single = tmp_path / "enskild.txt"
    single.write_text(MINUTES.format(date="2022-02-02"), encoding="utf-8")

    out, _err, _error = run(str(single), str(folder / "2023"))

    assert out.splitlines()[:2] == [
        f"[1/3] {single}: importerade Socialchefsnätverket 2022-02-02 "
        "(1 dag(ar), 2 närvarande, 2 punkter, 1 beslut), 2 nya personer",
        f"[2/3] {folder / '2023' / 'a.txt'}: importerade Socialchefsnätverket 2023-05-04 "
        "(1 dag(ar), 2 närvarande, 2 punkter, 1 beslut), 0 nya personer",
    ]
    assert "Klart: 3 filer. Importerade utan varningar: 3. Behöver granskas: 0. Vägrade: 0." in out


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--date", "2024-01-01"], "--date gäller en fil i taget."),
        (["--json", "--dry-run"], "--json gäller en fil i taget."),
    ],
)
def test_date_and_json_only_with_one_file(network, folder, option, message):
    with pytest.raises(CommandError) as raised:
        call_command("import_minutes", str(folder), *option, stdout=io.StringIO())

    assert str(raised.value) == message
    assert Meeting.objects.count() == 0


def test_empty_folder_is_refused(network, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("import_minutes", str(tmp_path), stdout=io.StringIO())

    assert str(raised.value) == "Inga filer att importera (.txt, .md, .docx eller .pdf)."


def test_one_file_dry_run_json_prints_only_the_json(network, folder):
    out, err, error = run(str(folder / "01.txt"), "--dry-run", "--json", "--date", "2024-01-08")

    assert json.loads(out)["days"][0]["date"] == "2024-01-08"
    assert (err, error) == ("", None)


def test_review_option_puts_each_file_in_the_browser_review(network, folder):
    out, err, error = run(str(folder), "--review")

    pending = {p.filename: p for p in PendingImport.objects.all()}
    assert sorted(pending) == [
        "01.txt", "02.txt", "03.txt", "04.txt", "05.txt", "06.txt", "07.txt", "08.txt",
        "09.txt", "10.txt", "11-utan-narvaro.txt", "13-odaterad.txt", "a.txt", "b.md",
    ]  # fmt: skip
    assert f"[1/15] {folder / '01.txt'}: väntar på granskning, /redigera/import/" in out
    assert pending["13-odaterad.txt"].date_source == "missing"
    assert pending["01.txt"].date_source == "text"
    assert err.splitlines() == [f"[12/15] {folder / '12-tom.txt'}: Filen är tom."]
    assert out.splitlines()[-3:] == [
        "Klart: 15 filer. Väntar på granskning i webbläsaren (/redigera/): 14. Vägrade: 1.",
        "Vägrade:",
        f"  {folder / '12-tom.txt'}: Filen är tom.",
    ]
    assert error.returncode == 2
    assert Meeting.objects.count() == 0


def test_review_option_refuses_a_file_already_waiting(network, folder):
    run(str(folder / "01.txt"), "--review")

    _out, err, _error = run(str(folder / "01.txt"), "--review")

    assert err == f"[1/1] {folder / '01.txt'}: Filen väntar redan på granskning (01.txt).\n"
    assert PendingImport.objects.count() == 1


def test_undated_files_are_pointed_to_review(network, folder):
    out, _err, _error = run(str(folder))

    assert out.splitlines()[-1] == (
        "Filer utan datum: importera en i taget med --date, eller alla med --review "
        "och bekräfta datumen i webbläsaren."
    )
