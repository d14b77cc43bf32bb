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
