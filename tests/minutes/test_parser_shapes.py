"""The shapes of real minutes beyond the seeds, one rule a test (issue 9). Pure Python."""

import pytest

from minutes.parsing import parse_minutes


def attendees(parsed, day=0):
    return [(a.name, a.organization or "", a.group) for a in parsed.days[day].attendees]


def items(parsed, day=0):
    return [(i.number, i.title) for i in parsed.days[day].items]


def test_inline_attendance_with_party_letters_and_organisations():
    parsed = parse_minutes(
        "Protokoll\n\nNärvarande: Anna Berg (S), Ale, Per Ek (M) Lerum, Eva Holm (kd), "
        "Kungälvs kommun\n\n1. Öppnande\nMötet öppnas.\n"
    )

    assert attendees(parsed) == [
        ("Anna Berg", "Ale", "network"),
        ("Per Ek", "Lerum", "network"),
        ("Eva Holm", "Kungälv", "network"),
    ]
    assert [a.party for a in parsed.days[0].attendees] == ["S", "M", "KD"]


@pytest.mark.parametrize("label", ["Förhinder", "Frånvarande", "Anmält förhinder", "Kallade"])
def test_absent_and_invited_are_not_attendees(label):
    parsed = parse_minutes(
        f"Närvarande: Anna Berg, Bo Ek\n{label}: Eva Holm, Per Lind\n\n1. Öppnande\nText.\n"
    )

    assert [a.name for a in parsed.days[0].attendees] == ["Anna Berg", "Bo Ek"]
    assert [a.name for a in parsed.days[0].absent] == ["Eva Holm", "Per Lind"]


def test_unnumbered_markdown_headings_are_items_and_deeper_ones_are_not():
    parsed = parse_minutes(
        "# Protokoll styrelsemöte 2024-02-05\n\n## Närvarande\n- Anna Berg\n- Bo Ek\n\n"
        "## Mötets öppnande\nÖppnat.\n\n## Budget\n### Intäkter\nMer.\n\n## Övriga frågor\nInga.\n"
        "\n## Signaturer\nAnna Berg\n"
    )

    assert items(parsed) == [(1, "Mötets öppnande"), (2, "Budget"), (3, "Övriga frågor")]
    assert [i.doubts for i in parsed.days[0].items] == [["number_guessed"]] * 3
    assert attendees(parsed) == [("Anna Berg", "", "network"), ("Bo Ek", "", "network")]


def test_unnumbered_heading_after_numbered_ones_continues_the_numbering():
    parsed = parse_minutes(
        "## 1. Öppnande\nText.\n\n## 2. Val\nText.\n\n## Övriga frågor\nText.\n\n"
        "## Bilaga 1\n### 6. Medlemskap\n"
    )

    assert items(parsed) == [(1, "Öppnande"), (2, "Val"), (3, "Övriga frågor")]
    assert parsed.unplaced == ["Bilaga 1", "6. Medlemskap"]


def test_headings_inside_a_code_block_are_text_not_items():
    parsed = parse_minutes("## 1. Stadgar\n```\n## 6. Inträde\n```\n\n## 2. Avslut\nSlut.\n")

    assert items(parsed) == [(1, "Stadgar"), (2, "Avslut")]


def test_topic_lines_are_items_when_nothing_is_numbered():
    parsed = parse_minutes(
        "Start: 12:15\nVi började.\n\nHacktober:\nSal bokad.\n\nNCPC:\nMail skickas.\n"
    )

    assert items(parsed) == [(1, "Hacktober"), (2, "NCPC")]


def test_every_point_printed_1_is_numbered_in_order():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\n1. Årsträffen\nVi planerade.\n\n"
        "1. Nästa möte\nI höst.\n\n1. Övriga frågor\nInga.\n"
    )

    assert items(parsed) == [(1, "Årsträffen"), (2, "Nästa möte"), (3, "Övriga frågor")]
    assert parsed.days[0].items[1].doubts == ["number_repeated"]


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("Styrelsen beslutar att Anna bokar lokal.", "Styrelsen beslutar att Anna bokar lokal."),
        ("Vi gick igenom. Beslöts att priset blir 650 kr.", "Beslöts att priset blir 650 kr."),
        ("Efter diskussion beslutade mötet att skjuta upp.", None),
        ("- Beslut att använda villkoren som grund", "att använda villkoren som grund"),
        ("Beslut: Attsats bifalles", "Attsats bifalles"),
    ],
)
def test_decisions_in_their_written_forms(sentence, text):
    parsed = parse_minutes(f"Närvarande: Anna Berg, Bo Ek\n\n1. Lokal\n{sentence}\n")

    decisions = parsed.days[0].items[0].decisions
    assert [d.kind for d in decisions] == ["beslut"]
    assert decisions[0].text == (text or sentence)


def test_narrative_statements_are_not_decisions():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\n1. Protokoll\nProtokollet lades till handlingarna. "
        "Anna valdes till justerare. Dagordningen fastställdes.\n"
    )

    assert parsed.days[0].items[0].decisions == []


@pytest.mark.parametrize(
    ("ending", "recorder"),
    [
        ("Vid pennan\nBritt-Marie Löfgren\n", "Britt-Marie Löfgren"),
        ("Vid protokollet, Rasmus Kaj.\n", "Rasmus Kaj"),
        ("Sekreterare: ………\n\nTherése Hellström\n", "Therése Hellström"),
        ("Frågan sköts till senare tillfälleBosse antecknade\n", "Bosse"),
        ("Peter skrev\n", "Peter"),
        ("    Rasmus Kaj ‹kaj›, mötessekreterare\n", "Rasmus Kaj"),
    ],
)
def test_recorders_in_their_written_forms(ending, recorder):
    parsed = parse_minutes(f"Närvarande: Anna Berg, Bo Ek\n\n1. Öppnande\nText.\n\n{ending}")

    assert [r.name for r in parsed.recorders] == [recorder]


def test_elected_meeting_secretary_is_the_recorder_when_none_is_labelled():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\n1. Val av mötessekreterare\n"
        "Gustav Dalemo väljs till mötessekreterare.\n"
    )

    assert [r.name for r in parsed.recorders] == ["Gustav Dalemo"]


def test_latex_sections_and_attendance_macros():
    parsed = parse_minutes(
        "\\documentclass{dvd}\n\\begin{document}\n\\date{2024-02-05}\n"
        "\\begin{närvarande_förtroendevalda}\n"
        "\\förtroendevald{Ordförande}{Samuel Hammersberg}{Ja}\n"
        "\\förtroendevald{Kassör}{Lukas Gartman}{Nej}\n"
        "\\end{närvarande_förtroendevalda}\n"
        "\\section{Öppnande av möte}\nÖppnat.\n\\section{Formalia}\n\\subsection{Val}\n"
        "\\subsubsection*{Beslut}\n\\begin{attsatser}\n\\item förslaget bifalles\n"
        "\\end{attsatser}\n\\end{document}\n"
    )

    assert attendees(parsed) == [("Samuel Hammersberg", "", "network")]
    assert items(parsed) == [(1, "Öppnande av möte"), (2, "Formalia")]
    assert [d.text for d in parsed.days[0].items[1].decisions] == ["förslaget bifalles"]
    assert parsed.suggested_date.isoformat() == "2024-02-05"


def test_a_run_of_names_without_separators_is_split_at_first_names():
    parsed = parse_minutes(
        "Närvarande: Pär Nuder, ordf. Ledamöter: Berit Adolfsson Anita Bohman Hans Taremark "
        "(t.o.m. p.10) Marianne Servais Höckerman Dessutom: Elisabeth Öberg/Helén Eriksson, "
        "sekretariatet Pär Nuder öppnade mötet.\n\n1. Dagordning\nFastställdes.\n"
    )

    assert attendees(parsed) == [
        ("Pär Nuder", "", "network"),
        ("Berit Adolfsson", "", "network"),
        ("Anita Bohman", "", "network"),
        ("Hans Taremark", "", "network"),
        ("Marianne Servais Höckerman", "", "network"),
        ("Elisabeth Öberg", "", "gr"),
        ("Helén Eriksson", "", "gr"),
    ]
    assert parsed.days[0].attendees[3].note == "t.o.m. p.10"


def test_attendance_of_organisations_only():
    parsed = parse_minutes(
        "# Sammanfattning\n\nNärvarande: Bolagsverket, Digg, Arbetsförmedlingen, (eSam - synk)\n"
        "\n## Hänt sedan sist\nMycket.\n\n## Nästa möte\nSnart.\n"
    )

    assert attendees(parsed) == [
        ("", "Bolagsverket", "network"),
        ("", "DIGG", "network"),  # as organisations.csv writes it
        ("", "Arbetsförmedlingen", "network"),
    ]
    assert parsed.days[0].attendees[0].doubts == ["no_name"]


def test_attendance_stated_inside_an_item():
    parsed = parse_minutes(
        "## 1. Öppnande\nÖppnat.\n\n## 2. Röstlängd\n"
        "Följande personer befanns närvara och ha rösträtt:\n\n* Tomas Nyström ‹thn›\n"
        "* Rasmus Kaj ‹kaj›\n\nFöljande medlemmar närvarade med rösträtt: nsg, kaj.\n\n"
        "Dessutom närvarade map utan rösträtt.\n\nSamt katy från punkt 2.\n"
    )

    assert attendees(parsed) == [
        ("Tomas Nyström", "", "network"),
        ("Rasmus Kaj", "", "network"),
        ("nsg", "", "network"),
        ("kaj", "", "network"),
        ("map", "", "guest"),
        ("katy", "", "guest"),
    ]


def test_document_site_wrapper_and_page_markers_are_noise():
    parsed = parse_minutes(
        "Protokoll\n\nSave this PDF as:\n WORD  PNG  TXT  JPG\n\nTranskript\n\n(1)\n\n"
        "Närvarande: Anna Berg, Bo Ek\n\n2\n\n§ 4 Öppnande\nText.\n\n1(7)\n\n§ 5 Avslut\nSlut.\n"
    )

    assert items(parsed) == [(4, "Öppnande"), (5, "Avslut")]
    assert "(1)" not in parsed.days[0].intro and parsed.days[0].items[0].body == "Text."


def test_text_that_lost_its_line_breaks():
    parsed = parse_minutes(
        "HejHär kommer anteckningar från vår träff 24 januari 2017Närvarande: Björn, Bosse J, "
        "Håkan och PeterStudiebesök om Slussen:Det har varit svårt att få besked från "
        "länsstyrelsen, och vi prövar ett annat spår nu när våren kommer.Vi ses i februari på "
        "Östra station och tar då upp frågan igen med alla som vill vara med.Peter skrev"
    )

    assert [a.name for a in parsed.days[0].attendees] == ["Björn", "Bosse J", "Håkan", "Peter"]
    assert items(parsed) == [(1, "Studiebesök om Slussen")]
    assert [r.name for r in parsed.recorders] == ["Peter"]


def test_items_numbered_with_a_colon_and_a_jump_in_the_numbering():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\n1: Öppnande\nText.\n\n2: Val\nText.\n\n"
        "a. Underpunkt\nMer.\n\n12. Nästa möte\nI maj.\n"
    )

    assert items(parsed) == [(1, "Öppnande"), (2, "Val"), (12, "Nästa möte")]
    assert "Punkt 3 saknas: numreringen hoppar till 12." in parsed.warnings


def test_an_agenda_followed_by_the_same_points_with_text_gives_one_item_each():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\nDagordning\n1. Öppnande\n2. Budget\n3. Avslut\n\n"
        "1. Öppnande\nMötet öppnades.\n\n2. Budget\nBudgeten godkändes.\n\n3. Avslut\nSlut.\n"
    )

    assert items(parsed) == [(1, "Öppnande"), (2, "Budget"), (3, "Avslut")]
    assert parsed.days[0].items[1].body == "Budgeten godkändes."


def test_an_agenda_alone_gives_the_items():
    parsed = parse_minutes("Närvarande: Anna Berg, Bo Ek\n\nDagordning\n1. Öppnande\n2. Budget\n")

    assert items(parsed) == [(1, "Öppnande"), (2, "Budget")]
    assert parsed.days[0].items[0].doubts == ["from_agenda"]


@pytest.mark.parametrize(
    "body",
    [
        "Beslut\n\nFörbundsstyrelsen beslutar\n\natt godkänna ansökan,\n\natt uppdra åt kansliet",
        "Förbundsstyrelsen beslutar\n\natt godkänna ansökan,\n\natt uppdra åt kansliet",
        "Beslut:\natt godkänna ansökan,\natt uppdra åt kansliet",
    ],
)
def test_att_clauses_under_a_decision_heading_are_one_decision(body):
    parsed = parse_minutes(f"Närvarande: Anna Berg, Bo Ek\n\n§ 4 Ansökan\nEn ansökan.\n\n{body}\n")

    decisions = parsed.days[0].items[0].decisions
    assert len(decisions) == 1
    assert " ".join(decisions[0].text.split()).endswith(
        "att godkänna ansökan, att uppdra åt kansliet"
    )


def test_an_x_marked_attendance_table():
    parsed = parse_minutes(
        "Närvarande\n\n| Namn | Kommun | Närvarande |\n|---|---|---|\n| Anna Berg | Ale | X |\n"
        "| Bo Ek | Lerum |  |\n| Eva Holm | Partille | x |\n\n1. Öppnande\nText.\n"
    )

    assert attendees(parsed) == [
        ("Anna Berg", "Ale", "network"),
        ("Eva Holm", "Partille", "network"),
    ]
    assert [a.name for a in parsed.days[0].absent] == ["Bo Ek"]


def test_party_letters_without_brackets_are_not_part_of_the_name():
    parsed = parse_minutes(
        "Närvarande\nAnna Berg S, Ale\nPer Ek, kd, Lerum\nMio S, Tjörn\n\n1. Öppnande\nText.\n"
    )

    assert attendees(parsed) == [
        ("Anna Berg", "Ale", "network"),
        ("Per Ek", "Lerum", "network"),
        ("Mio S", "Tjörn", "network"),
    ]
    assert [a.party for a in parsed.days[0].attendees] == ["S", "KD", ""]


@pytest.mark.parametrize(
    ("first_line", "date"),
    [
        ("Tid: 7 maj 2007", "2007-05-07"),
        ("Datum: 2015-01-23", "2015-01-23"),
        ("# Sammanfattning 24-10-21", "2024-10-21"),
        ("# Sammanfattning 24.12.06", "2024-12-06"),
        ("Protokoll fört torsdagen den 3:e december 2009", "2009-12-03"),
        ("Protokoll från möte den 3 oktober 1997", "1997-10-03"),
    ],
)
def test_dates_stated_in_the_text(first_line, date):
    parsed = parse_minutes(f"{first_line}\n\nNärvarande: Anna Berg, Bo Ek\n\n1. Öppnande\nText.\n")

    assert (parsed.date.isoformat(), parsed.year_in_text) == (date, True)


def test_a_time_range_is_not_a_date():
    parsed = parse_minutes("Tid: 12.05-13.15\n\nNärvarande: Anna Berg, Bo Ek\n\n1. Öppnande\nX.\n")

    assert (parsed.date, parsed.year_in_text) == (None, False)


@pytest.mark.parametrize(
    ("filename", "date"),
    [("protokoll-2016-12-16.txt", "2016-12-16"), ("210929 styrelsemöte.md", "2021-09-29")],
)
def test_a_date_in_the_file_name_is_a_suggestion_not_a_stated_date(filename, date):
    parsed = parse_minutes("Närvarande: Anna Berg, Bo Ek\n\n1. Öppnande\nX.\n", filename=filename)

    assert (parsed.date, parsed.suggested_date.isoformat()) == (None, date)
    assert parsed.year_in_text is False
    assert filename in parsed.suggested_date_reason


def test_a_proposal_is_not_a_decision_and_the_decision_after_it_is():
    parsed = parse_minutes(
        "Närvarande: Anna Berg, Bo Ek\n\nÄrende 3: Budget\nEn budget.\n\nFörslag till beslut\n\n"
        "Förbundschefen föreslår att styrelsen beslutar att godkänna budgeten.\n\n"
        "Styrelsen beslutar att godkänna budgeten.\n\nBeslut\n\n"
        "Styrelsen beslutar i enlighet med förslaget.\n"
    )

    assert items(parsed) == [(3, "Budget")]
    assert [d.text for d in parsed.days[0].items[0].decisions] == [
        "Styrelsen beslutar i enlighet med förslaget."
    ]


def test_staff_among_the_others_present_are_the_body_s_own():
    parsed = parse_minutes(
        "Beslutande\nAnna Berg, Ale\n\nÖvriga närvarande\nEva Holm, förbundschef\n"
        "Per Lind, Försäkringskassan\n\n§ 1 Öppnande\nText.\n"
    )

    assert attendees(parsed) == [
        ("Anna Berg", "Ale", "network"),
        ("Eva Holm", "", "gr"),
        ("Per Lind", "Försäkringskassan", "guest"),
    ]
    assert parsed.days[0].attendees[1].doubts == ["group_guessed"]


def test_two_people_on_one_line_in_two_columns():
    parsed = parse_minutes(
        "Närvarande\nAnna Berg, Ale          Bo Ek, Lerum\nEva Holm, Tjörn\n\n1. Öppnande\nText.\n"
    )

    assert attendees(parsed) == [
        ("Anna Berg", "Ale", "network"),
        ("Bo Ek", "Lerum", "network"),
        ("Eva Holm", "Tjörn", "network"),
    ]


def test_a_protocol_of_a_samordningsforbund():
    """The head of a Swedish protocol: sections, signatures with dotted lines, § items."""
    parsed = parse_minutes(
        "PROTOKOLL\nFörbundsstyrelsen\n\nSammanträdesdatum: 2022-03-18\n\n"
        "Plats och tid: Angered Arena, kl. 09.00–11.30\n\nBeslutande\n"
        "Anna Andersson (S), ordförande, Göteborgs Stad\n"
        "Dragan Petrović, Västra Götalandsregionen\n"
        "\nÖvriga närvarande\nHelena Berg, processledare, § 14\n\n"
        "Utses att justera: Dragan Petrović\n\n"
        "Sekreterare ………………… Paragrafer 12–13\nHelena Berg\n\n"
        "§ 12 Mötets öppnande\nOrdföranden öppnar mötet.\n\n§ 13 Dagordning\nBeslut\n"
        "Förbundsstyrelsen beslutar\natt godkänna dagordningen.\n"
    )

    assert (parsed.date.isoformat(), parsed.location) == ("2022-03-18", "Angered Arena")
    assert attendees(parsed) == [
        ("Anna Andersson", "Göteborg", "network"),
        ("Dragan Petrović", "VGR", "network"),
        ("Helena Berg", "", "gr"),
    ]
    assert parsed.days[0].attendees[2].note == "§ 14"
    assert ([r.name for r in parsed.recorders], parsed.adjusters) == (
        ["Helena Berg"],
        ["Dragan Petrović"],
    )
    assert items(parsed) == [(12, "Mötets öppnande"), (13, "Dagordning")]
    assert len(parsed.days[0].items[1].decisions) == 1


def test_arrivals_and_departures_give_the_items_a_person_was_present_for():
    parsed = parse_minutes(
        "Närvarande\nAnna Berg, Ale, gick efter punkt 3\nBo Ek, Lerum (kom till punkt 2)\n"
        "Eva Holm, Tjörn (t.o.m. p.2)\nPer Lind, Öckerö (från punkt 4)\n"
        "Sara Lund, Kungälv, punkt 1-2\n"
        "Ulf Ström, Partille (kom efter punkt 3)\n\n"
        "1. A\nx\n\n2. B\nx\n\n3. C\nx\n\n4. D\nx\n"
    )

    assert [(a.name, a.items_present, a.partial) for a in parsed.days[0].attendees] == [
        ("Anna Berg", [1, 2, 3], True),
        ("Bo Ek", [2, 3, 4], True),
        ("Eva Holm", [1, 2], True),
        ("Per Lind", [4], True),
        ("Sara Lund", [1, 2], True),
        ("Ulf Ström", [4], True),
    ]
