"""First names and splitting attendance runs that lost their separators (pure Python)."""

import time
import unicodedata

import pytest

from minutes.parsing.names import (
    NAMES_FILE,
    first_names,
    is_first_name,
    looks_like_person,
    split_people,
)

# The list --------------------------------------------------------------------------------

_AFTER_Z = {"å": "{1", "ä": "{2", "æ": "{2", "ö": "{3", "ø": "{3"}
_FOLD = {"ł": "l", "ı": "i"}


def _swedish_key(name: str) -> tuple[str, str]:
    """Alphabetical as in a Swedish index: accents ignored, Å Ä Ö after Z."""
    out = []
    for ch in name.casefold():
        base = _AFTER_Z.get(ch) or unicodedata.normalize("NFD", ch)[0]
        out.append(_FOLD.get(base, base))
    return "".join(out), name


def _listed() -> list[str]:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_list_has_a_header_giving_its_basis():
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert "SCB" in "\n".join(header)
    assert len(header) >= 5


def test_list_size_about_1500_to_1700():
    names = _listed()
    assert 1400 <= len(names) <= 1800, len(names)
    assert len(first_names()) == len(names)


def test_list_has_no_duplicates_and_is_sorted_swedish_style():
    names = _listed()
    assert len(names) == len(set(names))
    assert len({n.casefold() for n in names}) == len(names)
    assert names == sorted(names, key=_swedish_key)


def test_list_entries_are_single_capitalised_words_in_nfc():
    for name in _listed():
        assert name[0].isupper(), name
        assert name[1:].islower() or name[1:] == "", name
        assert name.isalpha(), name  # no spaces, digits or hyphens: double names go by rule
        assert unicodedata.normalize("NFC", name) == name, name


@pytest.mark.parametrize(
    "word",
    ["Berg", "Dahl", "Ström", "Kling", "Mark", "Vara", "Lund", "Lind", "Holm", "Ek", "Svea",
     "Juni", "Ale", "Wald", "Falke", "Maly", "Servais", "Trodell", "Kozak"],
)  # fmt: skip
def test_surnames_places_and_words_are_not_first_names(word):
    assert not is_first_name(word)


# is_first_name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        # spelling variants
        "Monica", "Monika", "Richard", "Rickard", "Rikard", "Therése", "Therese", "Terese",
        "Carl", "Karl", "Christer", "Krister", "Liisa", "Raéd", "Raed", "Madeléne", "Ewa",
        # short and pet forms used in minutes
        "Bosse", "Olle", "Janne", "Kicki", "Lasse", "Micke", "Pelle", "Nisse", "Gunnel",
        "Åsa", "Bo", "Per", "Pär", "Ove", "Ulla", "Mio",
        # Finnish, Arabic, Persian, Somali, Balkan, Polish, English
        "Mohammed", "Ahmed", "Ali", "Fatima", "Amir", "Reza", "Sara", "Jasna", "Emir",
        "Milan", "Tomasz", "Kristina", "Pirjo", "Abdirahman", "Faduma", "Zlatan", "James",
    ],
)  # fmt: skip
def test_known_first_names(word):
    assert is_first_name(word)


def test_first_letter_is_case_insensitive_the_rest_exact():
    assert is_first_name("anna")
    assert is_first_name("åsa")
    assert not is_first_name("ANNA")
    assert not is_first_name("aNNA")
    assert not is_first_name("")


def test_decomposed_accents_are_recognised():
    assert is_first_name(unicodedata.normalize("NFD", "Raéd"))
    assert is_first_name(unicodedata.normalize("NFD", "Therése"))


@pytest.mark.parametrize(
    "word", ["Ann-Marie", "Carl-Axel", "Eva-Marie", "Britt-Marie", "Maj-Britt", "Ing-Marie",
             "Per-Olof", "Lars-Göran", "Anna-Karin", "ann-Marie", "Rose-Marie", "Sven-Erik-Ove"],
)  # fmt: skip
def test_hyphenated_word_is_a_first_name_when_its_first_part_is(word):
    assert is_first_name(word)


@pytest.mark.parametrize(
    "word", ["Maly-Stutterheim", "Berg-Anna", "Ann-", "-Marie", "Ann--Marie", "Servais-Ek"]
)
def test_hyphenated_word_is_not_a_first_name_otherwise(word):
    assert not is_first_name(word)


# split_people: the examples that must hold exactly -----------------------------------------


@pytest.mark.parametrize(
    ("run", "people"),
    [
        (
            "Berit Adolfsson Anita Bohman Margit Viklund",
            ["Berit Adolfsson", "Anita Bohman", "Margit Viklund"],
        ),
        (
            "Marianne Servais Höckerman Ulla Jakobsson Bo Hansson",
            ["Marianne Servais Höckerman", "Ulla Jakobsson", "Bo Hansson"],
        ),
        (
            "Anette Schön Erling Johansson Ulrika Björklund",
            ["Anette Schön", "Erling Johansson", "Ulrika Björklund"],
        ),
        ("Inger Trodell Dahl", ["Inger Trodell Dahl"]),
        ("Lowe Kozak Åslöw", ["Lowe Kozak Åslöw"]),
        ("Anna Karin Berg Per Ek", ["Anna Karin Berg", "Per Ek"]),
        (
            "Cecilia Nilsson Eva-Marie Hansson Monika Kling Bengt Falke",
            ["Cecilia Nilsson", "Eva-Marie Hansson", "Monika Kling", "Bengt Falke"],
        ),
        ("Eva Maly-Stutterheim Henrik Svensson", ["Eva Maly-Stutterheim", "Henrik Svensson"]),
        ("Kent Ingvarsson Markus Lund", ["Kent Ingvarsson", "Markus Lund"]),
        (
            "Lars Wallstén Eva Johansson Peter Wald Ove Lundgren",
            ["Lars Wallstén", "Eva Johansson", "Peter Wald", "Ove Lundgren"],
        ),
    ],
)
def test_split_examples(run, people):
    assert split_people(run) == people


# split_people: surnames that are first names, trailing first names -------------------------


@pytest.mark.parametrize(
    ("run", "people"),
    [
        # double first names stay together: the second word of a person never starts one
        ("Lars Erik Holm", ["Lars Erik Holm"]),
        ("Lars Erik Holm Per Ek", ["Lars Erik Holm", "Per Ek"]),
        # a surname that is a first name, followed by a person: cut after it
        ("Anders Sten Per Ek", ["Anders Sten", "Per Ek"]),
        ("Lasse Anders Per Ek", ["Lasse Anders", "Per Ek"]),
        ("Ali Hassan Fatima Ahmed", ["Ali Hassan", "Fatima Ahmed"]),
        ("Erik Persson Anna Lind", ["Erik Persson", "Anna Lind"]),
        # a trailing first name never starts a person (nothing capitalised after it)
        ("Lasse Anders", ["Lasse Anders"]),
        ("Per Olof", ["Per Olof"]),
        ("Per Ek Anders Sten", ["Per Ek", "Anders Sten"]),
        ("Erik Persson Anna", ["Erik Persson Anna"]),  # a run cut at a line break: join first
    ],
)
def test_split_surnames_that_are_first_names(run, people):
    assert split_people(run) == people


def test_split_known_limit_three_first_names_in_a_row():
    # documented: a third first name followed by a capitalised word starts a new person
    assert split_people("Anna Maria Karin Berg") == ["Anna Maria", "Karin Berg"]


def test_split_a_person_has_at_most_four_words():
    assert split_people("Xavier Kozak Åslöw Servais Höckerman Trodell") == [
        "Xavier Kozak Åslöw Servais",
        "Höckerman Trodell",
    ]


def test_split_keeps_notes_particles_and_initials_with_their_person():
    run = (
        "Berit Adolfsson Anita Bohman Margit Viklund Hans Taremark (t.o.m. p.10) Sven Düring "
        "Marianne Servais Höckerman Ulla Jakobsson Bo Hansson"
    )
    assert split_people(run) == [
        "Berit Adolfsson",
        "Anita Bohman",
        "Margit Viklund",
        "Hans Taremark (t.o.m. p.10)",
        "Sven Düring",
        "Marianne Servais Höckerman",
        "Ulla Jakobsson",
        "Bo Hansson",
    ]
    assert split_people("Anna Lind (S) Per Ek (M)") == ["Anna Lind (S)", "Per Ek (M)"]
    assert split_people("Carl von Platen Anna Ek") == ["Carl von Platen", "Anna Ek"]
    assert split_people("Per Ek Lena af Klint") == ["Per Ek", "Lena af Klint"]
    assert split_people("Bosse J Mio S Anna Ek") == ["Bosse J", "Mio S", "Anna Ek"]
    # an unclosed parenthesis swallows only its own word
    assert split_people("Anna Lind (S Per Ek") == ["Anna Lind (S", "Per Ek"]


def test_split_respects_separators_that_are_there():
    assert split_people(
        "Roland Åkesson, ordf Lisbeth Lennartsson Ann-Marie Fagerström, Ewa Engdahl"
    ) == ["Roland Åkesson, ordf", "Lisbeth Lennartsson", "Ann-Marie Fagerström", "Ewa Engdahl"]
    assert split_people("Anna Ek och Per Berg") == ["Anna Ek", "Per Berg"]
    assert split_people("Anna Ek, Per Berg;") == ["Anna Ek", "Per Berg"]
    assert split_people("Anna Ek & Per") == ["Anna Ek", "Per"]  # a first name after a comma


def test_split_after_a_separator_only_a_first_name_begins_a_person():
    assert split_people("Rasmus Kaj (kaj), Mötessekreterare") == [
        "Rasmus Kaj (kaj), Mötessekreterare"
    ]
    assert split_people("Inger Trodell Dahl, ordförande Anette Schön") == [
        "Inger Trodell Dahl, ordförande",
        "Anette Schön",
    ]
    assert split_people("Anna Ek, Ale kommun Per Berg") == ["Anna Ek, Ale kommun", "Per Berg"]
    assert split_people("Anna Ek, Göteborgs Stad Per Berg Lind") == [
        "Anna Ek, Göteborgs Stad",
        "Per Berg Lind",
    ]
    # known limit: a first name missing from the list is glued, after a comma too
    assert split_people("Anna Ek, Xiomara Lopez") == ["Anna Ek, Xiomara Lopez"]
    assert split_people("Anna Ek och Xiomara Lopez") == ["Anna Ek och Xiomara Lopez"]


def test_split_empty_and_single():
    assert split_people("") == []
    assert split_people("   ") == []
    assert split_people("Anna") == ["Anna"]
    assert split_people("Anna Ek") == ["Anna Ek"]


def test_split_is_fast():
    run = (
        "Berit Adolfsson Anita Bohman Margit Viklund Hans Taremark Sven Düring "
        "Marianne Servais Höckerman Ulla Jakobsson Bo Hansson"
    )
    split_people(run)  # loads the list
    start = time.perf_counter()
    for _ in range(10_000):
        split_people(run)
    assert time.perf_counter() - start < 1.0


# looks_like_person -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Anna", "Anna Ek", "Bosse J", "Mio S", "Mio S.", "Anna K. Berg", "Carl von Platen",
     "Lena af Klint", "Anna-Karin Ek", "Marianne Servais Höckerman", "Anna Maria Ek Berg",
     "Eva Maly-Stutterheim", "Hans van der Berg", "anna Ek", "Ebba O'Neil"],
)  # fmt: skip
def test_looks_like_person(text):
    assert looks_like_person(text)


@pytest.mark.parametrize(
    "text",
    ["", "Göteborgs Stad", "Socialförvaltningen", "Anna GR", "Per 31 december",
     "Anna Ek Berg Lind Holm", "Carl von", "Bo kvar", "Kozak Åslöw", "Ordförande Anna Ek",
     "Mark Kommun", "Anna (S)"],
)  # fmt: skip
def test_does_not_look_like_person(text):
    assert not looks_like_person(text)
