"""Swedish municipalities, regions and agencies as data, and their written forms.

Pure Python: no Django, no database.
"""

import collections
import time

import pytest

from minutes.parsing.attendance import default_aliases
from minutes.parsing.organisations import (
    AGENCY,
    AMBIGUOUS_REASONS,
    KINDS,
    MUNICIPALITY,
    REGION,
    REGIONAL_BODY,
    Organisation,
    all_aliases,
    find_in,
    lookup,
    organisations,
)

# Municipalities per län, as SCB counts them.
PER_LAN = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip
LAN_CODES = list(PER_LAN)
KNOWN_CODES = {
    "0114": "Upplands Väsby",
    "0180": "Stockholm",
    "1480": "Göteborg",
    "1440": "Ale",
    "1489": "Alingsås",
    "1401": "Härryda",
    "1384": "Kungsbacka",
    "1482": "Kungälv",
    "1441": "Lerum",
    "1462": "Lilla Edet",
    "1481": "Mölndal",
    "1402": "Partille",
    "1415": "Stenungsund",
    "1419": "Tjörn",
    "1407": "Öckerö",
    "0980": "Gotland",
    "2584": "Kiruna",
    "1280": "Malmö",
    "0380": "Uppsala",
    "0880": "Kalmar",
    "1880": "Örebro",
    "0580": "Linköping",
    "0581": "Norrköping",
    "0583": "Motala",
    "1490": "Borås",
    "1463": "Mark",
    "2326": "Berg",
    "1281": "Lund",
}
REGIONS = {
    "01": "Region Stockholm",
    "03": "Region Uppsala",
    "04": "Region Sörmland",
    "05": "Region Östergötland",
    "06": "Region Jönköpings län",
    "07": "Region Kronoberg",
    "08": "Region Kalmar län",
    "09": "Region Gotland",
    "10": "Region Blekinge",
    "12": "Region Skåne",
    "13": "Region Halland",
    "14": "Västra Götalandsregionen",
    "17": "Region Värmland",
    "18": "Region Örebro län",
    "19": "Region Västmanland",
    "20": "Region Dalarna",
    "21": "Region Gävleborg",
    "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten",
    "25": "Region Norrbotten",
}


def of_kind(kind):
    return [org for org in organisations() if org.kind == kind]


def short(text):
    org = lookup(text)
    return org.short if org else None


def found(text):
    return [(org.short, text[start:end]) for org, start, end in find_in(text)]


# The data -----------------------------------------------------------------------------------


def test_data_has_290_municipalities_in_21_lan():
    municipalities = of_kind(MUNICIPALITY)

    assert len(municipalities) == 290
    assert collections.Counter(org.code[:2] for org in municipalities) == PER_LAN


def test_data_municipality_codes_are_four_digits_in_a_lan():
    codes = [org.code for org in of_kind(MUNICIPALITY)]

    assert all(len(code) == 4 and code.isdigit() and code[:2] in LAN_CODES for code in codes)
    assert len(set(codes)) == 290


def test_data_has_no_duplicate_codes_names_or_short_names():
    orgs = organisations()

    assert len({org.code for org in orgs}) == len(orgs)
    assert len({org.name.casefold() for org in orgs}) == len(orgs)
    assert len({org.short.casefold() for org in orgs}) == len(orgs)


def test_data_kinds_and_ambiguity_reasons_are_known():
    assert {org.kind for org in organisations()} == set(KINDS)
    assert {org.ambiguous for org in organisations()} == {"", *AMBIGUOUS_REASONS}


@pytest.mark.parametrize(("code", "name"), KNOWN_CODES.items())
def test_data_known_municipality_codes(code, name):
    assert lookup(name).code == code


def test_data_has_the_21_regions_with_their_lan_codes():
    regions = {org.code: org.name for org in of_kind(REGION)}

    assert regions == REGIONS


def test_data_has_a_lansstyrelse_for_each_lan():
    codes = sorted(org.code for org in of_kind(AGENCY) if org.code.startswith("lansstyrelsen-"))

    assert codes == [f"lansstyrelsen-{code}" for code in LAN_CODES]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Försäkringskassan", "Försäkringskassan"),
        ("Arbetsförmedlingen", "Arbetsförmedlingen"),
        ("Socialstyrelsen", "Socialstyrelsen"),
        ("IVO", "IVO"),
        ("Polismyndigheten", "Polisen"),
        ("Kriminalvården", "Kriminalvården"),
        ("Migrationsverket", "Migrationsverket"),
        ("Statens institutionsstyrelse", "SiS"),
        ("Skolverket", "Skolverket"),
        ("Sveriges Kommuner och Regioner", "SKR"),
        ("Kronofogden", "Kronofogden"),
        ("Skatteverket", "Skatteverket"),
        ("E-hälsomyndigheten", "E-hälsomyndigheten"),
        ("Myndigheten för digital förvaltning", "DIGG"),
        ("Folkhälsomyndigheten", "Folkhälsomyndigheten"),
        ("Länsstyrelsen", "Länsstyrelsen"),
        ("Länsstyrelsen i Västra Götalands län", "Länsstyrelsen i Västra Götalands län"),
        ("Göteborgsregionen", "Göteborgsregionen"),
        ("FoU i Väst", "FoU i Väst"),
    ],
)
def test_data_has_the_agencies_and_regional_bodies(text, expected):
    assert short(text) == expected


def test_data_kinds_of_agencies_and_bodies():
    assert lookup("Försäkringskassan").kind == AGENCY
    assert lookup("GR").kind == REGIONAL_BODY


# lookup -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Göteborg", "Göteborg"),
        ("Göteborgs Stad", "Göteborg"),
        ("Göteborgs stad", "Göteborg"),
        ("Gbg", "Göteborg"),
        ("Göteborgs kommun", "Göteborg"),
        ("Kungälvs kommun", "Kungälv"),
        ("Kungälv kommun", "Kungälv"),
        ("Kungälvs kommuns", "Kungälv"),
        ("Kungälvs", "Kungälv"),
        ("Härryda kommun", "Härryda"),
        ("Lerums kommun", "Lerum"),
        ("Alingsås kommun", "Alingsås"),
        ("Alingsås", "Alingsås"),
        ("Borås Stad", "Borås"),
        ("Hjo kommun", "Hjo"),
        ("Hjo", "Hjo"),
        ("Ale kommun", "Ale"),
        ("Marks kommun", "Mark"),
        ("Lilla Edets kommun", "Lilla Edet"),
        ("Mölndals stad", "Mölndal"),
        ("Upplands-Bro kommun", "Upplands-Bro"),
        ("Upplands Bro", "Upplands-Bro"),
        ("Malung–Sälen", "Malung-Sälen"),
        ("Malung — Sälens kommun", "Malung-Sälen"),
        ("  kungälvs   KOMMUN ", "Kungälv"),
        ("(Lerum)", "Lerum"),
        ("Gotland", "Gotland"),
    ],
)
def test_lookup_municipality_forms(text, expected):
    assert short(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Region Halland", "Region Halland"),
        ("region halland", "Region Halland"),
        ("Region Hallands", "Region Halland"),
        ("Landstinget Halland", "Region Halland"),
        ("VGR", "VGR"),
        ("VGR:s", "VGR"),
        ("Västra Götalandsregionen", "VGR"),
        ("Region Västra Götaland", "VGR"),
        ("Region Kalmar län", "Region Kalmar län"),
        ("Region Kalmar", "Region Kalmar län"),
        ("Landstinget i Kalmar län", "Region Kalmar län"),
        ("Kalmar läns landsting", "Region Kalmar län"),
        ("Regionförbundet i Kalmar län", "Region Kalmar län"),
        ("Region Jönköping", "Region Jönköpings län"),
        ("Jönköpings läns landsting", "Region Jönköpings län"),
        ("Stockholms läns landsting", "Region Stockholm"),
        ("Region Jämtland–Härjedalen", "Region Jämtland Härjedalen"),
        ("Region Gotland", "Region Gotland"),
    ],
)
def test_lookup_region_forms(text, expected):
    assert short(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FK", "Försäkringskassan"),
        ("AF", "Arbetsförmedlingen"),
        ("Försäkringskassans", "Försäkringskassan"),
        ("Inspektionen för vård och omsorg (IVO)", "IVO"),
        ("Polisen", "Polisen"),
        ("SiS", "SiS"),
        ("SKL", "SKR"),
        ("GR", "Göteborgsregionen"),
        ("Göteborgsregionens kommunalförbund", "Göteborgsregionen"),
        ("Länsstyrelsen Skåne", "Länsstyrelsen i Skåne län"),
    ],
)
def test_lookup_agency_and_body_forms(text, expected):
    assert short(text) == expected


@pytest.mark.parametrize(
    "text", ["", "  ", "Ås", "Alingsåss", "Göteborgs universitet", "Anna Berg"]
)
def test_lookup_returns_none_for_what_names_no_organisation(text):
    assert lookup(text) is None


def test_lookup_gotland_is_a_municipality_and_region_gotland_the_region():
    assert (lookup("Gotland").code, lookup("Gotland").kind) == ("0980", MUNICIPALITY)
    assert (lookup("Region Gotland").code, lookup("Region Gotland").kind) == ("09", REGION)


def test_lookup_returns_the_full_record():
    assert lookup("Kungälvs kommun") == Organisation(
        code="1482", kind=MUNICIPALITY, name="Kungälvs kommun", short="Kungälv"
    )


def test_lookup_samordningsforbund_is_a_body_of_its_own():
    assert lookup("Samordningsförbundet Göteborg Nordost") == Organisation(
        code="samordningsforbund",
        kind=REGIONAL_BODY,
        name="Samordningsförbundet Göteborg Nordost",
        short="Samordningsförbundet Göteborg Nordost",
    )


# find_in ------------------------------------------------------------------------------------


def test_find_in_name_municipality_role():
    text = "Anna Berg, Kungälvs kommun, socialchef"

    assert find_in(text) == [(lookup("Kungälv"), 11, 26)]


def test_find_in_party_then_municipality():
    assert found("Per Ek (M) Lerum") == [("Lerum", "Lerum")]


def test_find_in_inline_attendance_list():
    text = "Närvarande: Anna Berg (S), Ale, Per Ek (M) Lerum, Eva Ström, Göteborgs Stad"

    assert found(text) == [("Ale", "Ale"), ("Lerum", "Lerum"), ("Göteborg", "Göteborgs Stad")]


def test_find_in_respects_word_boundaries():
    assert found("Alex Malexander och Lerumsgymnasiet") == []


def test_find_in_takes_a_bare_genitive_only_with_its_suffix():
    text = "Lerums vårdcentral och Lerums kommun"

    assert found(text) == [("Lerum", "Lerums kommun")]


def test_find_in_keeps_a_name_with_its_own_final_s():
    assert found("Eva Ek, Alingsås kommun") == [("Alingsås", "Alingsås kommun")]
    assert found("Eva Ek, Borås Stad") == [("Borås", "Borås Stad")]


def test_find_in_longest_form_wins():
    text = "Länsstyrelsen i Kalmar län, Region Kalmar län och Kalmar"

    assert found(text) == [
        ("Länsstyrelsen i Kalmar län", "Länsstyrelsen i Kalmar län"),
        ("Region Kalmar län", "Region Kalmar län"),
        ("Kalmar", "Kalmar"),
    ]


def test_find_in_includes_a_closing_bracket_of_the_form():
    assert found("Inspektionen för vård och omsorg (IVO), inspektör") == [
        ("IVO", "Inspektionen för vård och omsorg (IVO)")
    ]


def test_find_in_dash_tolerant():
    assert found("Kim Lo, Malung – Sälens kommun") == [("Malung-Sälen", "Malung – Sälens kommun")]


def test_find_in_not_inside_a_hyphenated_compound():
    assert found("Samverkan Lerum-Alingsås") == []


def test_find_in_one_word_name_needs_its_capital():
    assert found("göteborg och GÖTEBORG") == [("Göteborg", "GÖTEBORG")]


def test_find_in_abbreviations_need_their_exact_case():
    assert found("Gr och GR, fk och FK") == [
        ("Göteborgsregionen", "GR"),
        ("Försäkringskassan", "FK"),
    ]


def test_find_in_agencies_and_regions():
    text = "Lena Ny, Försäkringskassan; Ola Ny, VGR; Siv Ny, Region Halland"

    assert found(text) == [
        ("Försäkringskassan", "Försäkringskassan"),
        ("VGR", "VGR"),
        ("Region Halland", "Region Halland"),
    ]


def test_find_in_samordningsforbund():
    assert found("Eva Ek, Samordningsförbundet Göteborg Nordost, ordförande") == [
        ("Samordningsförbundet Göteborg Nordost", "Samordningsförbundet Göteborg Nordost")
    ]


def test_find_in_empty_text():
    assert find_in("") == []


# find_in: ambiguous names -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berg, socialchef",  # a surname
        "Berg, Anna (S)",  # a surname first
        "Mark Johnson, socialchef",  # a first name
        "Nora Lind",
        "Vi ska vara med och äga mark",  # ordinary words
        "Vara med på mötet",  # a word at the start of a sentence, not a field
        "- Vara på båda campus",
        "Boden är full",
        "Sala Eriksson",
        "Lund Anna",
    ],
)
def test_find_in_ambiguous_name_not_taken_inside_other_words(text):
    assert find_in(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Per Ek (M) Berg", [("Berg", "Berg")]),
        ("Anna Berg, Berg", [("Berg", "Berg")]),
        ("Anna Berg, Bergs kommun, socialchef", [("Berg", "Bergs kommun")]),
        ("Eva Ek, Mark, socialchef", [("Mark", "Mark")]),
        ("Eva Ek\tVara", [("Vara", "Vara")]),
        ("Eva Ek  Hjo", [("Hjo", "Hjo")]),
        ("Mark kommun", [("Mark", "Mark kommun")]),
        ("Vara", [("Vara", "Vara")]),
        ("- Åre", [("Åre", "Åre")]),
        ("Ale, Lerum, Partille", [("Ale", "Ale"), ("Lerum", "Lerum"), ("Partille", "Partille")]),
        ("| Anna Berg | Mark | S |", [("Mark", "Mark")]),
        ("Ola Ek, vara kommun", [("Vara", "vara kommun")]),
    ],
)
def test_find_in_ambiguous_name_taken_as_a_whole_field_or_with_suffix(text, expected):
    assert found(text) == expected


def test_find_in_ambiguous_name_needs_exact_case_as_a_field():
    assert find_in("Eva Ek, MARK") == []
    assert find_in("Eva Ek, mark") == []


def test_ambiguous_names_are_flagged_in_the_data():
    flagged = {org.short for org in organisations() if org.ambiguous}

    assert {"Ale", "Berg", "Mark", "Vara", "Bräcke", "Hjo", "Åre", "Ånge", "Habo"} <= flagged
    assert {"Göteborg", "Lerum", "Kungälv", "Alingsås"}.isdisjoint(flagged)


# all_aliases --------------------------------------------------------------------------------


def test_all_aliases_maps_written_forms_to_short_names():
    aliases = all_aliases()

    assert aliases["göteborgs stad"] == "Göteborg"
    assert aliases["kungälvs kommun"] == "Kungälv"
    assert aliases["västra götalandsregionen"] == "VGR"
    assert aliases["fk"] == "Försäkringskassan"
    assert aliases["upplands-bro kommun"] == "Upplands-Bro"
    assert aliases["upplands bro kommun"] == "Upplands-Bro"


def test_all_aliases_agrees_with_the_attendance_defaults():
    aliases = all_aliases()

    assert {key: aliases.get(key) for key in default_aliases()} == default_aliases()


def test_all_aliases_keys_are_casefolded_and_single_spaced():
    assert all(key == " ".join(key.split()).casefold() for key in all_aliases())


def test_all_aliases_agrees_with_lookup():
    assert all(short(form) == value for form, value in all_aliases().items())


# speed --------------------------------------------------------------------------------------


def test_find_in_is_fast_over_a_ten_page_document():
    lines = [
        "Anna Berg (S), Kungälvs kommun, socialchef",
        "Per Ek (M) Lerum",
        "§ 12 Beslut om samverkan mellan Försäkringskassan och Region Halland",
        "Nämnden beslutar att godkänna förslaget och att återrapportera till nästa möte.",
        "Eva Ström, Göteborgs Stad, avdelningschef, Mark",
    ] * 200
    find_in("warm up the cache")

    began = time.perf_counter()
    hits = sum(len(find_in(line)) for line in lines)
    elapsed = time.perf_counter() - began

    print(f"find_in over {len(lines)} lines: {elapsed * 1000:.1f} ms, {hits} hits")
    assert hits == 1200
    assert elapsed < 0.5
