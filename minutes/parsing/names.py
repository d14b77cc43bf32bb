"""Given names: telling people apart in attendance runs that lost their separators.

Old PDF minutes often print an attendance list as one run of words:
"Berit Adolfsson Anita Bohman Margit Viklund". Knowing Swedish (and common Nordic and
immigrant) first names is enough to cut most such runs into people:

    is_first_name("Anita")            -> True   ("anita" too; "Ann-Marie" by its first part)
    split_people("Berit Adolfsson Anita Bohman Margit Viklund")
                                      -> ["Berit Adolfsson", "Anita Bohman", "Margit Viklund"]
    looks_like_person("Bosse J")      -> True;  looks_like_person("Göteborgs Stad") -> False

The names are in data/first_names.txt (its header says what is in it and what was left
out on purpose). Pure Python, no Django.

The split rule
--------------
A run is cut at a word that is a known first name *and* is followed by at least one more
capitalised word (after an optional particle: "Carl von Platen"), except:

- the first word, which always begins the first person;
- while the person being built has a single word: every person needs a surname, so the
  second word always stays. This is what keeps double first names together ("Anna Karin
  Berg", "Lars Erik Holm"), and also a surname that is itself a first name ("Lasse Anders
  Per Ek" -> "Lasse Anders", "Per Ek"; "Ali Hassan Fatima Ahmed" -> two);
- a person has at most 4 capitalised words: a fifth always begins a new person.

A trailing first name (nothing capitalised after it) never begins a person: it stays with
the one before, so "Lasse Anders" and "Per Olof" are one person each, and so is
"Erik Persson Anna" (a run cut at a line break; join lines before splitting).

Words that are not capitalised - notes like "ordf", "(t.o.m. p.10)", "(S)", particles -
stay with the person before them and do not count towards the 4 words. Separators that
are there are used: a word ending in "," or ";", and "och", "samt", "&", "/", "|" or a
lone dash, end the person. After one, the next known first name begins a person (even
without a surname after it); other capitalised words stay with the person before as its
role or organisation ("Rasmus Kaj, Mötessekreterare", "Anna Ek, Ale kommun Per Berg" ->
"Anna Ek, Ale kommun", "Per Berg").

Known limits: three first names in a row are read as two people when a capitalised word
follows ("Anna Maria Karin Berg" -> "Anna Maria", "Karin Berg"); a double surname whose
second part is a first name followed by another person is cut wrongly ("Eva Ek Martin
Per Ek" -> "Eva Ek", "Martin Per Ek"); names written in capitals ("ANNA EK") are not
recognised (is_first_name is exact after the first letter); a first name missing from
the list does not begin a person, so it is glued to the person before, after a comma too
("Anna Ek, Xiomara Lopez" stays one piece).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("data") / "first_names.txt"

MAX_WORDS = 4
PARTICLES = frozenset(
    {"von", "af", "av", "de", "van", "der", "den", "da", "di", "la", "le", "del", "dos", "du",
     "ter", "zu", "al", "el", "bin", "ben", "ibn", "abu"}
)  # fmt: skip
_SEPARATOR_WORDS = frozenset({"och", "samt", "&", "/", "|", "-", "–", "—", "+"})
_TRAILING_PUNCTUATION = ".,;:"
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_WORD_CHARS = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?$")


@cache
def first_names() -> frozenset[str]:
    """The known first names, exactly as spelled in data/first_names.txt."""
    names = set()
    with NAMES_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                names.add(unicodedata.normalize("NFC", line))
    return frozenset(names)


def _known(word: str, names: frozenset[str]) -> bool:
    if word in names:
        return True
    if not word:
        return False
    if not word.isascii():
        word = unicodedata.normalize("NFC", word)
    return word[0].upper() + word[1:] in names


def is_first_name(word: str) -> bool:
    """A known first name: case-insensitive on the first letter, exact otherwise.

    A hyphenated word is a first name when its first part is ("Ann-Marie", "carl-Axel");
    every part must be non-empty ("Ann-" is not).
    """
    return _is_name_token(word, first_names())


def _is_name_token(word: str, names: frozenset[str]) -> bool:
    if "-" in word:
        first, *rest = word.split("-")
        return bool(first) and all(rest) and _known(first, names)
    return _known(word, names)


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _units(tokens: list[str]) -> list[tuple[str, str]]:
    """(kind, text) with kind "word", "note", "particle" or "sep"; parentheses are one note."""
    units: list[tuple[str, str]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("(") or token.startswith("["):
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j].count("(") + tokens[j].count("[")
                depth -= tokens[j].count(")") + tokens[j].count("]")
                if depth <= 0:
                    break
                j += 1
            else:
                j = i  # never closed: only this token is a note
            units.append(("note", " ".join(tokens[i : j + 1])))
            i = j + 1
            continue
        if token.casefold() in _SEPARATOR_WORDS:
            units.append(("sep", token))
        elif _is_capitalised(token):
            units.append(("word", token))
        elif token in PARTICLES:
            units.append(("particle", token))
        else:
            units.append(("note", token))
        i += 1
    return units


def _followed_by_word(units: list[tuple[str, str]], index: int) -> bool:
    for kind, _ in units[index + 1 :]:
        if kind == "particle":
            continue
        return kind == "word"
    return False


def split_people(words: str) -> list[str]:
    """Split a run of capitalised words with no separators into people (see module doc).

    "Anna Karin Berg Per Ek" -> ["Anna Karin Berg", "Per Ek"]. Each person is returned as
    its words joined by single spaces, notes included ("Hans Taremark (t.o.m. p.10)").
    """
    names = first_names()
    units = _units(words.split())
    people: list[list[str]] = []
    prefix: list[str] = []  # notes before the first person
    current: list[str] | None = None
    count = 0  # capitalised words in the current person
    closed = False  # a separator ended the current person
    for index, (kind, text) in enumerate(units):
        if kind != "word":
            (prefix if current is None else current).append(text)
            if current is not None and (kind == "sep" or text[-1] in ",;"):
                closed = True
            continue
        bare = text.rstrip(_TRAILING_PUNCTUATION) or text
        ends_person = text[-1] in ",;"
        if current is None:
            start = True
        elif closed:
            # after a separator only a first name begins a person; anything else is the
            # role or organisation of the one before ("Rasmus Kaj, Mötessekreterare")
            start = _is_name_token(bare, names)
        elif count >= MAX_WORDS:
            start = True
        elif count < 2:
            start = False
        else:
            start = (
                not ends_person and _is_name_token(bare, names) and _followed_by_word(units, index)
            )
        if start:
            current = [*prefix, text] if not people and prefix else [text]
            prefix = []
            people.append(current)
            count, closed = 1, ends_person
        else:
            assert current is not None
            current.append(text)
            if not closed:
                count += 1
            closed = closed or ends_person
    if prefix and not people:
        people.append(prefix)
    return [_joined(person) for person in people]


def _joined(person: list[str]) -> str:
    while person and person[-1].casefold() in _SEPARATOR_WORDS:
        person = person[:-1]
    return " ".join(person).rstrip(",;").strip()


def looks_like_person(text: str) -> bool:
    """1-4 capitalised words, the first a known first name: a person, not an organisation.

    Particles (von, af, de, van der ...) may stand between the words and do not count;
    initials may follow the first name ("Bosse J", "Mio S.", "Anna K. Berg"). A word in
    capitals ("Anna GR"), a digit or a lower-case word that is no particle says no.
    """
    tokens = text.split()
    if not tokens or not is_first_name(tokens[0]):
        return False
    count = 1
    for position, token in enumerate(tokens[1:], start=1):
        if token in PARTICLES:
            if position == len(tokens) - 1:
                return False  # a particle must be followed by a name
            continue
        if _INITIAL.match(token) and token[0].isupper():
            count += 1
            continue
        if not (token[0].isupper() and _WORD_CHARS.match(token)):
            return False
        if len(token) > 1 and token.rstrip(".").isupper():
            return False
        count += 1
    return count <= MAX_WORDS
