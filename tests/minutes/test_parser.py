"""The minutes parser, held to the five hand-checked seeds and to small made-up minutes.

Pure Python: no Django, no database.
"""

import datetime
import json
import re
import time
import unicodedata
from pathlib import Path

import pytest

from minutes.parsing import ParsedMinutes, ParseError, parse_minutes

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "minutes" / "demo"
EXPECTED = ROOT / "tests" / "fixtures" / "expected"

FIRST_DATES = {
    "000_0d8f8783dda5ed59": datetime.date(2024, 11, 7),
    "001_4cc22e867b9cf45a": datetime.date(2019, 2, 14),
    "002_d846e48eb771d8d4": datetime.date(2020, 12, 15),
    "003_590e22556c0910f1": datetime.date(2023, 12, 14),
    "004_2cce83e8d1a0b451": datetime.date(2021, 12, 10),
}
SEEDS = sorted(FIRST_DATES)


def norm(s):
    """The scorer's normalisation (tools/score_import.py)."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s))
    s = re.sub(r"[*_#`]", "", s)
    s = re.sub(r"\s+", " ", s).strip().strip(".:!").strip()
    return s.casefold()


def seed_text(seed):
    return (DEMO / f"{seed}.txt").read_text(encoding="utf-8")


def seed_expected(seed):
    return json.loads((EXPECTED / f"{seed}.json").read_text(encoding="utf-8"))


def parse_seed(seed, with_date=True):
    return parse_minutes(seed_text(seed), first_date=FIRST_DATES[seed] if with_date else None)


def item(parsed, number, day=0):
    return next(i for i in parsed.days[day].items if i.number == number)


# The five seeds ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_attendees_match_expected(seed):
    expected = seed_expected(seed)

    parsed = parse_seed(seed)

    assert [
        (day, norm(a.name), a.organization, a.group)
        for day, d in enumerate(parsed.days)
        for a in d.attendees
    ] == [
        (day, norm(a["name"]), a["organization"], a["group"])
        for day, d in enumerate(expected["days"])
        for a in d["attendees"]
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_attendee_notes_match_expected(seed):
    expected = seed_expected(seed)
    presence_notes = {
        (day, a["name"]): a["note"]
        for day, d in enumerate(expected["days"])
        for a in d["attendees"]
        if "note" in a and ("punkt" in a["note"] or "mötet" in a["note"])
    }

    parsed = parse_seed(seed)

    assert {
        (day, a.name): a.note for day, d in enumerate(parsed.days) for a in d.attendees if a.note
    } == presence_notes


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_items_match_expected(seed):
    expected = seed_expected(seed)

    parsed = parse_seed(seed)

    assert [
        (day, i.number, norm(i.title)) for day, d in enumerate(parsed.days) for i in d.items
    ] == [
        (day, i["number"], norm(i["title"]))
        for day, d in enumerate(expected["days"])
        for i in d["items"]
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_decisions_match_expected(seed):
    expected = seed_expected(seed)
    days = [d["date"] for d in expected["days"]]

    parsed = parse_seed(seed)

    assert [(d.day, d.item, d.kind, d.label) for d in parsed.decisions] == [
        (days.index(d["date"]) if d["date"] else 0, d["item"], d["kind"], d.get("label", ""))
        for d in expected["decisions"]
    ]
    for found, wanted in zip(parsed.decisions, expected["decisions"], strict=True):
        assert found.text.startswith(wanted["starts_with"])


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_recorders_match_expected(seed):
    expected = seed_expected(seed)

    parsed = parse_seed(seed)

    assert [r.name for r in parsed.recorders] == [r["name"] for r in expected["recorders"]]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_day_dates_match_expected_when_first_date_given(seed):
    expected = seed_expected(seed)

    parsed = parse_seed(seed)

    wanted = [d["date"] for d in expected["days"]]
    if all(w is None for w in wanted):  # no date in the text: the first date is the day
        wanted = [FIRST_DATES[seed].isoformat()]
    assert [d.date.isoformat() for d in parsed.days] == wanted


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_to_dict_is_json_serialisable(seed):
    parsed = parse_seed(seed)

    data = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))

    assert sorted(data) == sorted(
        [
            "days",
            "decisions",
            "recorders",
            "adjusters",
            "theme",
            "location",
            "year_in_text",
            "suggested_date",
            "suggested_year",
            "suggested_date_reason",
            "warnings",
            "unplaced",
        ]
    )
    assert len(data["days"]) == len(parsed.days)


@pytest.mark.parametrize(
    ("seed", "year", "month"),
    [
        ("000_0d8f8783dda5ed59", 2024, 11),
        ("001_4cc22e867b9cf45a", 2019, 2),
        ("002_d846e48eb771d8d4", 2020, 12),
        ("003_590e22556c0910f1", 2023, 12),
        ("004_2cce83e8d1a0b451", 2021, 12),
    ],
)
def test_suggested_date_has_right_year_and_month_without_first_date(seed, year, month):
    parsed = parse_seed(seed, with_date=False)

    assert (parsed.suggested_date.year, parsed.suggested_date.month) == (year, month)
    assert parsed.suggested_year == year
    assert str(year) in parsed.suggested_date_reason
    assert [d.date for d in parsed.days] == [None] * len(parsed.days)


def test_suggested_date_uses_day_heading_in_seed_000():
    parsed = parse_seed("000_0d8f8783dda5ed59", with_date=False)

    assert parsed.suggested_date == datetime.date(2024, 11, 7)
    assert [d.heading for d in parsed.days] == ["Den 7 november", "Den 8 november"]


def test_day_dates_come_from_headings_with_first_dates_year():
    parsed = parse_seed("000_0d8f8783dda5ed59")

    assert [d.date for d in parsed.days] == [datetime.date(2024, 11, 7), datetime.date(2024, 11, 8)]
    assert [d["date"] for d in parsed.to_dict()["decisions"]] == ["2024-11-08"] * 3


def test_partial_presence_expands_item_range():
    parsed = parse_seed("000_0d8f8783dda5ed59")

    ebba = parsed.days[0].attendees[0]
    assert (ebba.name, ebba.note, ebba.partial, ebba.items_present) == (
        "Ebba Gierow",
        "punkt 4-8",
        True,
        [4, 5, 6, 7, 8],
    )
    assert parsed.days[1].attendees[0].items_present == []


def test_partial_presence_without_items_is_partial():
    parsed = parse_seed("001_4cc22e867b9cf45a")

    ulrika = next(a for a in parsed.days[0].attendees if a.name == "Ulrika Karlsson")
    assert (ulrika.note, ulrika.partial, ulrika.items_present, ulrika.remote) == (
        "del av mötet",
        True,
        [],
        False,
    )


def test_remote_presence_detected_from_note():
    parsed = parse_seed("003_590e22556c0910f1")

    remote = [(a.name, a.note, a.items_present) for a in parsed.days[0].attendees if a.remote]
    assert remote == [
        ("Marie Blomqvist", "deltar via länk punkt 4", [4]),
        ("Minna Ljunggren", "Deltar digitalt punkt 4", [4]),
        ("Gustav Johansson", "Deltar digitalt punkt 4", [4]),
    ]


def test_organisation_as_written_kept_next_to_canonical():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    by_name = {a.name: a for a in parsed.days[0].attendees}
    assert (
        by_name["Helen Smith"].organization,
        by_name["Helen Smith"].organization_as_written,
    ) == ("Mölndal", "Mölndals Stad")
    assert (by_name["Margareta Forsberg"].organization, by_name["Margareta Forsberg"].group) == (
        "FoU i Väst",
        "gr",
    )
    assert (
        by_name["Lena Holmlund"].organization,
        by_name["Lena Holmlund"].organization_as_written,
    ) == ("Göteborgsregionen", None)


def test_attendee_without_organisation_is_kept_and_warned():
    parsed = parse_seed("002_d846e48eb771d8d4")

    eva = next(a for a in parsed.days[0].attendees if a.name == "Eva Klang Vänerklint")
    assert (eva.organization, eva.organization_as_written, eva.group) == (None, None, "network")
    assert parsed.warnings == ["Eva Klang Vänerklint saknar organisation i närvarolistan."]


def test_tabled_item_is_marked():
    parsed = parse_seed("001_4cc22e867b9cf45a")

    assert [i.number for i in parsed.days[0].items if i.tabled] == [4]


def test_actions_in_seed_001_are_found():
    parsed = parse_seed("001_4cc22e867b9cf45a")

    actions = [
        (i.number, a.responsible, a.due_text, a.text)
        for i in parsed.days[0].items
        for a in i.actions
    ]
    assert actions == [
        (2, "Yvonne", "", "Yvonne återkopplar en del frågor från nätverket till Elisabeth."),
        (
            3,
            "",
            "till nästa möte",
            "Inför nästkommande nätverksträff kommer synpunkterna sammanställas och förslag till "
            "vidare hantering att presenteras.",
        ),
        (6, "GR", "", "Föreslagna datum fungerar inte för studieresa, GR återkommer."),
        (6, "Mio S", "", "Mio S kommer skicka ut fråga avseende VFU till nätverket."),
        (6, "", "", "Rapporten skickas när den är klar."),
    ]


def test_action_due_date_rolls_into_next_year():
    parsed = parse_seed("002_d846e48eb771d8d4")

    action = item(parsed, 1).actions[0]
    assert (action.due, action.due_text, action.responsible) == (
        datetime.date(2021, 1, 26),
        "senast 26/1",
        "",
    )


def test_decisions_are_not_actions():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    assert item(parsed, 6).actions == []
    assert [a.responsible for a in item(parsed, 7).actions] == ["", "Cecilia Axelsson"]


def test_sub_list_inside_item_is_not_agenda_items():
    parsed = parse_seed("003_590e22556c0910f1")

    assert [i.number for i in parsed.days[0].items] == [1, 2, 3, 4, 5, 6]
    assert "1. Definition behövs av förebyggande arbete" in item(parsed, 3).body
    assert "3. Förutsättningar för socialtjänsten behöver stärkas" in item(parsed, 3).body


def test_title_with_sentence_splits_into_title_and_body():
    parsed = parse_seed("003_590e22556c0910f1")

    assert (item(parsed, 1).title, item(parsed, 1).body) == (
        "Mötet inleds",
        "Lena Holmlund hälsar välkomna!",
    )


def test_wrapped_title_in_pdf_text_is_one_title():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    assert item(parsed, 7).title == (
        "Arbete genomfört under 2021 och dialog om prioriterade frågor inför 2022"
    )
    assert item(parsed, 7).body.startswith("För att medlemskommunerna ska få så stor nytta")


def test_pdf_hard_line_breaks_are_joined_into_paragraphs():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    assert item(parsed, 2).body.split("\n\n")[0] == (
        "Margareta Forsberg, FoU i Väst, berättar om olika perspektiv utifrån kunskapsbaserad "
        "socialtjänst. FoU ska bidra till att arbetet bygger på kunskap."
    )


def test_labelled_decisions_keep_label_and_first_paragraph():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    nara_vard = item(parsed, 5).decisions[0]
    assert nara_vard.label == "Nära Vård"
    assert nara_vard.text.endswith("i så fall justeras förslaget kring fördelning.")
    assert "Områden för gemensamma satsningar" not in nara_vard.text


def test_decision_heading_takes_next_paragraph_without_italics():
    parsed = parse_seed("002_d846e48eb771d8d4")

    assert [(d.kind, d.text) for d in item(parsed, 3).decisions] == [
        (
            "beslut",
            "Nätverket ställer sig bakom GR:s förslag till yttrande. Förslaget går vidare till "
            "politiken.",
        )
    ]


def test_announced_decision_is_not_a_decision():
    parsed = parse_seed("000_0d8f8783dda5ed59")

    assert item(parsed, 3, day=1).decisions == []
    assert "Beslut om uppdrag till GR" in item(parsed, 3, day=1).body


def test_markdown_and_html_junk_removed_from_body():
    parsed = parse_seed("000_0d8f8783dda5ed59")

    body = item(parsed, 3).body
    assert ("<" not in body, "----" not in body, "**" not in body) == (True, True, True)
    assert "Kommunernas ansvar\n\n- Informera om lokala behov\n- Styra gemensamt" in body


def test_title_cut_at_bold_marker_rest_is_body():
    parsed = parse_seed("000_0d8f8783dda5ed59")

    assert item(parsed, 1).body.startswith("Socialchefs nätverket den 7–8 november har fokus")


def test_presenters_found_in_body():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    assert [item(parsed, n).presenters for n in (2, 4, 7)] == [
        ["Margareta Forsberg"],
        ["Ebba Gierow"],
        ["Lena Holmlund", "Cecilia Axelsson"],
    ]


def test_presenter_short_name_resolved_to_attendee():
    parsed = parse_seed("001_4cc22e867b9cf45a")

    assert item(parsed, 1).presenters == ["Lena Holmlund"]


def test_links_collected_from_item():
    parsed = parse_seed("004_2cce83e8d1a0b451")

    links = item(parsed, 4).links
    assert (len(links), links[0]) == (
        7,  # ten links in the text, three of them twice
        "https://goteborgsregionen.se/kunskapsbank/"
        "vadkostardetattvardapatienterikommunalvardochomsorg.5.55c7f6a917cc221ffc558a1.html",
    )
    assert "https://" not in item(parsed, 4).body


def test_theme_from_i_fokus_line():
    parsed = parse_seed("003_590e22556c0910f1")

    assert parsed.theme == "Förberedelser inför ny socialtjänstlag"


def test_recorder_title_and_organisation():
    first = parse_seed("000_0d8f8783dda5ed59")
    inline = parse_seed("003_590e22556c0910f1")

    assert [(r.name, r.title, r.organization) for r in first.recorders + inline.recorders] == [
        ("Cecilia Axelsson", "Planeringsledare", "Göteborgsregionen"),
        ("Cecilia Axelsson", "planeringsledare", ""),
    ]
    assert "Antecknat" not in item(first, 8, day=1).body


def test_upcoming_activities_stay_in_last_item():
    parsed = parse_seed("001_4cc22e867b9cf45a")

    body = item(parsed, 6).body
    assert "Nästa nätverksmöte är 12 april" in body
    assert "Yvonne Witzöe" not in body


# Made-up minutes in other shapes -------------------------------------------------------

SMALL = """Anteckningar socialchefsnätverket

Närvarande:
Anna Svensson, Ale
Bo Berg, Kungälvs kommun

1. Inledning
Mötet öppnas.

2. Ekonomi
Budgeten diskuteras.
"""


def small(attendance, items="1. Inledning\nMötet öppnas.\n\n2. Ekonomi\nBudgeten diskuteras.\n"):
    return f"Anteckningar\n\n{attendance}\n\n{items}"


def test_absentees_go_to_absent_not_attendees():
    text = small("Närvarande:\nAnna Svensson, Ale\n\nFörhinder:\nBo Berg, Kungälv\nCia Ek, Tjörn")

    parsed = parse_minutes(text)

    assert [a.name for a in parsed.days[0].attendees] == ["Anna Svensson"]
    assert [(a.name, a.organization) for a in parsed.days[0].absent] == [
        ("Bo Berg", "Kungälv"),
        ("Cia Ek", "Tjörn"),
    ]


def test_absentees_on_header_line():
    text = small("Närvarande:\nAnna Svensson, Ale\n\nFörhinder: Bo Berg, Kungälv; Cia Ek, Tjörn")

    parsed = parse_minutes(text)

    assert [(a.name, a.organization) for a in parsed.days[0].absent] == [
        ("Bo Berg", "Kungälv"),
        ("Cia Ek", "Tjörn"),
    ]


def test_inline_attendance_list_on_header_line():
    text = small("Närvarande: Anna Svensson, Ale, Bo Berg, Lilla Edet, Cia Ek (Tjörn)")

    parsed = parse_minutes(text)

    assert [(a.name, a.organization) for a in parsed.days[0].attendees] == [
        ("Anna Svensson", "Ale"),
        ("Bo Berg", "Lilla Edet"),
        ("Cia Ek", "Tjörn"),
    ]


def test_party_label_and_role_words():
    text = small(
        "Ledamöter\nAnna Svensson (S), ordförande\nBo Berg (M), vice ordförande, Ale\n"
        "Cia Ek, ordförande, Kungsbacka kommun"
    )

    parsed = parse_minutes(text)

    assert [(a.name, a.party, a.role, a.organization) for a in parsed.days[0].attendees] == [
        ("Anna Svensson", "S", "ordförande", None),
        ("Bo Berg", "M", "vice ordförande", "Ale"),
        ("Cia Ek", "", "ordförande", "Kungsbacka"),
    ]


def test_attendance_as_tab_and_pipe_table_rows():
    text = small(
        "Deltagare\nNamn\tOrganisation\nAnna Svensson\tAle kommun\n"
        "| Bo Berg | Härryda kommun |\n|---|---|\n| Cia Ek | Partille |"
    )

    parsed = parse_minutes(text)

    assert [
        (a.name, a.organization, a.organization_as_written) for a in parsed.days[0].attendees
    ] == [
        ("Anna Svensson", "Ale", "Ale kommun"),
        ("Bo Berg", "Härryda", "Härryda kommun"),
        ("Cia Ek", "Partille", "Partille"),
    ]


def test_groups_from_section_headers():
    text = small(
        "NÄRVARANDE FRÅN NÄTVERKET\nAnna Svensson, Ale\n\nNÄRVARANDE FRÅN GR\n"
        "Bo Berg\nCia Ek, FoU i Väst\n\nGäster\nDan Ny, Socialstyrelsen\n\n"
        "Övriga närvarande\n- Eva Lund, VGR"
    )

    parsed = parse_minutes(text)

    assert [(a.name, a.organization, a.group) for a in parsed.days[0].attendees] == [
        ("Anna Svensson", "Ale", "network"),
        ("Bo Berg", "Göteborgsregionen", "gr"),
        ("Cia Ek", "FoU i Väst", "gr"),
        ("Dan Ny", "Socialstyrelsen", "guest"),
        ("Eva Lund", "VGR", "guest"),
    ]


def test_presence_notes_in_several_shapes():
    text = small(
        "Närvarande\nAnna Svensson, Ale (punkt 4, 5 och 7)\n"
        "Bo Berg, Kungälv, deltar via Teams\nCia Ek, Tjörn (§ 2-3)\n"
        "Dan Ny, Ale – på distans"
    )

    parsed = parse_minutes(text)

    assert [(a.note, a.remote, a.partial, a.items_present) for a in parsed.days[0].attendees] == [
        ("punkt 4, 5 och 7", False, True, [4, 5, 7]),
        ("deltar via Teams", True, False, []),
        ("§ 2-3", False, True, [2, 3]),
        ("på distans", True, False, []),
    ]


def test_sentence_ends_attendance_list():
    text = small(
        "Närvarande\nAnna Svensson, Ale\n"
        "Anna Svensson hälsar alla välkomna till dagens möte och presenterar agendan."
    )

    parsed = parse_minutes(text)

    assert [a.name for a in parsed.days[0].attendees] == ["Anna Svensson"]
    assert parsed.days[0].intro.startswith("Anna Svensson hälsar alla välkomna")


def test_custom_aliases_and_unknown_organisation():
    text = small("Närvarande\nAnna Svensson, Borås Stad\nBo Berg, Ale kommun")

    parsed = parse_minutes(text, aliases={"Borås Stad": "Borås"}, regional_body="Sjuhärad")

    assert [(a.organization, a.organization_as_written) for a in parsed.days[0].attendees] == [
        ("Borås", "Borås Stad"),
        ("Ale kommun", "Ale kommun"),
    ]


def test_paragraph_and_punkt_headings():
    text = small(
        "Närvarande\nAnna Svensson, Ale",
        "§ 12 Val av justerare\nBo Berg väljs.\n\n§13. Ekonomi\nText.\n\n§ 14 Övrigt\nInget.",
    )

    parsed = parse_minutes(text)

    assert [(i.number, i.title) for i in parsed.days[0].items] == [
        (12, "Val av justerare"),
        (13, "Ekonomi"),
        (14, "Övrigt"),
    ]


def test_punkt_headings():
    text = small(
        "Närvarande\nAnna Svensson, Ale", "Punkt 1: Inledning\nText.\n\nPunkt 2: Avslut\nText."
    )

    parsed = parse_minutes(text)

    assert [(i.number, i.title) for i in parsed.days[0].items] == [(1, "Inledning"), (2, "Avslut")]


def test_full_date_in_heading_sets_day_date_and_location():
    text = (
        "Anteckningar\nDatum: 2022-03-04\nPlats: Göteborgsregionen, Anders Personsgatan 8\n\n"
        + small("Närvarande\nAnna Svensson, Ale")
    )

    parsed = parse_minutes(text)

    assert (parsed.days[0].date, parsed.year_in_text, parsed.suggested_date, parsed.location) == (
        datetime.date(2022, 3, 4),
        True,
        datetime.date(2022, 3, 4),
        "Göteborgsregionen, Anders Personsgatan 8",
    )


def test_tid_och_plats_gives_date_and_location():
    text = "Tid och plats: 4 mars 2022 kl. 09.00–12.00, GR\n\n" + small(
        "Närvarande\nAnna Svensson, Ale"
    )

    parsed = parse_minutes(text)

    assert (parsed.days[0].date, parsed.location) == (datetime.date(2022, 3, 4), "GR")


def test_two_days_without_headings_get_consecutive_dates():
    day = small("NÄRVARANDE\nAnna Svensson, Ale")
    text = day + "\n" + day.replace("Anteckningar", "")

    parsed = parse_minutes(text, first_date=datetime.date(2022, 3, 4))

    assert [(d.date, len(d.items)) for d in parsed.days] == [
        (datetime.date(2022, 3, 4), 2),
        (datetime.date(2022, 3, 5), 2),
    ]


def test_sub_list_after_colon_restarting_at_one_is_body():
    text = small(
        "Närvarande\nAnna Svensson, Ale",
        "1. Inledning\nText.\n\n2. Medskick\nNätverket enas om:\n"
        "1. Första medskicket är långt och slutar med punkt.\n"
        "2. Andra medskicket är också en hel mening.\n\n3. Avslut\nMötet avslutas.",
    )

    parsed = parse_minutes(text)

    assert [(i.number, i.title) for i in parsed.days[0].items] == [
        (1, "Inledning"),
        (2, "Medskick"),
        (3, "Avslut"),
    ]


def test_kinds_of_decisions():
    text = small(
        "Närvarande\nAnna Svensson, Ale",
        "1. Budget\nInriktningsbeslut: Medel avsätts.\n\n"
        "Ställningstagande: Nätverket står bakom.\n\n"
        "2. Plan\n**Beslut**\n\nNätverket beslutar att:\n\n- planen antas\n- GR följer upp\n"
        "\n3. Övrigt\nBeslut om detta fattas senare.\nDet är beslutat sedan tidigare.",
    )

    parsed = parse_minutes(text)

    assert [(d.item, d.kind, d.text) for d in parsed.decisions] == [
        (1, "inriktningsbeslut", "Medel avsätts."),
        (1, "ställningstagande", "Nätverket står bakom."),
        (2, "beslut", "Nätverket beslutar att:\n- planen antas\n- GR följer upp"),
    ]


def test_recorders_and_adjusters_are_not_body():
    text = small(
        "Närvarande\nAnna Svensson, Ale",
        "1. Inledning\nText.\n\nVid protokollet\nBo Berg, sekreterare, GR\n\n"
        "Justeras\nAnna Svensson",
    )

    parsed = parse_minutes(text)

    assert [(r.name, r.title, r.organization) for r in parsed.recorders] == [
        ("Bo Berg", "sekreterare", "GR")
    ]
    assert (parsed.adjusters, parsed.days[0].items[-1].body) == (["Anna Svensson"], "Text.")


def test_crlf_and_nbsp_text_parses():
    text = small("Närvarande\nAnna\u00a0Svensson, Ale").replace("\n", "\r\n")

    parsed = parse_minutes(text)

    assert [a.name for a in parsed.days[0].attendees] == ["Anna Svensson"]


def test_missing_item_number_warns():
    text = small("Närvarande\nAnna Svensson, Ale", "1. Inledning\nText.\n\n3. Avslut\nText.")

    parsed = parse_minutes(text)

    assert [i.number for i in parsed.days[0].items] == [1, 3]
    assert parsed.warnings == ["Punkt 2 saknas: numreringen hoppar till 3."]


def test_agenda_list_before_attendance_is_not_items():
    text = (
        "Anteckningar\n\nDagordning\n1. Inledning\n2. Ekonomi\n3. Övrigt\n\n"
        "Närvarande\nAnna Svensson, Ale\n\n1. Inledning\nText.\n\n2. Ekonomi\nText.\n\n"
        "3. Övrigt\nText."
    )

    parsed = parse_minutes(text)

    assert [(len(d.attendees), [i.number for i in d.items]) for d in parsed.days] == [
        (1, [1, 2, 3])
    ]


def test_attendance_after_items_belongs_to_same_day():
    text = "1. Inledning\nText.\n\n2. Avslut\nText.\n\nNärvarande\nAnna Svensson, Ale\n"

    parsed = parse_minutes(text)

    assert [([a.name for a in d.attendees], len(d.items)) for d in parsed.days] == [
        (["Anna Svensson"], 2)
    ]


def test_recorder_in_preamble_then_attendance():
    text = small("Sekreterare: Bo Berg\nJusterare: Cia Ek\n\nNärvarande\nAnna Svensson, Ale")

    parsed = parse_minutes(text)

    assert ([r.name for r in parsed.recorders], parsed.adjusters) == (["Bo Berg"], ["Cia Ek"])
    assert [a.name for a in parsed.days[0].attendees] == ["Anna Svensson"]


def test_weekday_day_headings_open_days():
    text = (
        "Torsdag 7 november\n\nNärvarande\nAnna Svensson, Ale\n\n1. Inledning\nText.\n\n"
        "Fredag den 8 november\n\nNärvarande\nBo Berg, Ale\n\n1. Fortsättning\nText."
    )

    parsed = parse_minutes(text, first_date=datetime.date(2024, 11, 7))

    assert [(d.heading, d.date, d.items[0].title) for d in parsed.days] == [
        ("Torsdag 7 november", datetime.date(2024, 11, 7), "Inledning"),
        ("Fredag den 8 november", datetime.date(2024, 11, 8), "Fortsättning"),
    ]


def test_item_after_tight_sub_list_and_blank_line():
    text = small(
        "Närvarande\nAnna Svensson, Ale",
        "1. Inledning\nVi enas om:\n1. Budget\n\n2. Avslut. Mötet avslutas.",
    )

    parsed = parse_minutes(text)

    assert [(i.number, i.title, i.body) for i in parsed.days[0].items] == [
        (1, "Inledning", "Vi enas om:\n1. Budget"),
        (2, "Avslut", "Mötet avslutas."),
    ]


def test_no_attendance_is_a_warning_not_a_refusal():
    parsed = parse_minutes("Anteckningar\n\n1. Inledning\nText.\n")

    assert [(i.number, i.title) for i in parsed.days[0].items] == [(1, "Inledning")]
    assert parsed.days[0].attendees == []
    assert parsed.warnings[0] == (
        "Ingen närvarolista hittades i texten: lägg till de närvarande i granskningen."
    )


def test_no_items_is_a_warning_not_a_refusal():
    parsed = parse_minutes("Närvarande\nAnna Svensson, Ale\n\nVi pratade om allt möjligt.\n")

    assert [a.name for a in parsed.days[0].attendees] == ["Anna Svensson"]
    assert "Inga punkter hittades i texten: dela in texten i punkter i granskningen." in (
        parsed.warnings
    )


def test_empty_text_raises():
    with pytest.raises(ParseError) as error:
        parse_minutes("  \n ")

    assert str(error.value) == "Texten är tom."


def test_ten_pages_parse_in_under_a_second():
    bodies = "\n\n".join(
        f"{n}. Punkt nummer {n}\n\n" + item_body
        for n, item_body in enumerate(
            (i.body for seed in SEEDS for d in parse_seed(seed).days for i in d.items), start=1
        )
    )
    text = "Anteckningar\n\nNÄRVARANDE\nAnna Svensson, Ale\nBo Berg, Kungälv\n\n" + bodies
    while len(text) < 40_000:
        text += "\n\n" + bodies[:5000]

    start = time.perf_counter()
    parsed = parse_minutes(text)
    elapsed = time.perf_counter() - start

    assert len(text) >= 40_000
    assert len(parsed.days[0].items) > 30
    assert elapsed < 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_from_dict_round_trips(seed):
    parsed = parse_seed(seed)
    data = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))
    assert ParsedMinutes.from_dict(data).to_dict() == data
