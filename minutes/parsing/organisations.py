"""Swedish municipalities, regions, agencies and regional bodies, and their written forms.

The organisations are data (`data/organisations.csv`, from SCB's list of municipality codes), not a
regular expression. This module reads that file once and answers two questions:

- `lookup(text)`: which organisation does this whole string name ("Kungälvs kommun", "VGR",
  "Landstinget i Kalmar län", "Göteborgs Stad")?
- `find_in(text)`: which organisations are mentioned inside this longer string, and where
  ("Anna Berg, Kungälvs kommun, socialchef")?

Written forms of a municipality: its short name ("Lerum"), its official name ("Lerums kommun"), the
aliases in the data, and the short name with or without a genitive -s followed by "kommun", "stad",
"kommuns" or "stads" ("Lerums kommun", "Lerum kommun", "Göteborgs Stads"). A name that ends in s, x
or z takes no genitive -s, so "Alingsås kommun" and "Borås Stad" keep their own final s. Regions,
agencies and regional bodies: their short name, official name and aliases (old names such as
"Landstinget i Kalmar län" or "Regionförbundet i Kalmar län" are aliases of the region), each also
with a genitive -s ("Region Hallands", "Försäkringskassans"). `lookup` also takes the bare genitive
of a municipality ("Kungälvs") and an abbreviation's ":s" ("VGR:s"). A "Samordningsförbundet X"
is recognised as a body of its own kind even though the data cannot list them all.

Comparison ignores case, repeated whitespace and the kind of dash ("Malung–Sälen",
"Upplands Bro" and "Upplands-Bro" are the same).

The matching rule of `find_in`, for text where people, places and words mix:

1. Forms of two or more words ("Lerums kommun", "Region Halland") match in any case.
2. A one-word name matches only with its first letter as written ("Göteborg", "GÖTEBORG",
   never "göteborg"), and only as a whole word: "Ale" is not found in "Alex" or "Malexander",
   and "Lerum" is not found in "Lerums vårdcentral" or "Lerum-Alingsås".
3. Abbreviations ("GR", "FK", "SiS", "eHM") match only in exactly the case written in the data.
4. A municipality whose name is an ordinary word ("Mark", "Vara", "Kil", "Boden"), a first name
   or surname ("Berg", "Lund", "Sala", "Nora") or a short name easily hit by other text ("Hjo",
   "Åre") carries an `ambiguous` reason in the data. Its bare name is found only in exactly the
   case written and only as a whole field: between separators (start or end of the text,
   `, ; : ( ) [ ] | /`, a tab, two spaces, a dash, a bullet). So "Per Ek (M) Berg" and
   "Anna Berg, Berg" name the municipality Berg, while "Anna Berg, Kungälvs kommun" does not.
   At the start of a line followed by a comma and one or two capitalised words that name no
   organisation, it is a surname written first ("Berg, Anna (S)"), not a field.
   With a suffix ("Bergs kommun", "Mark kommun") it is found anywhere, as in rule 1.
5. Where forms overlap, the longest wins ("Länsstyrelsen i Kalmar län" over "Kalmar").

Pure Python, no Django: tested in microseconds and used by the attendance parser line by line.
"""

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "organisations.csv"

MUNICIPALITY = "municipality"
REGION = "region"
AGENCY = "agency"
REGIONAL_BODY = "regional_body"
KINDS = (MUNICIPALITY, REGION, AGENCY, REGIONAL_BODY)

AMBIGUOUS_REASONS = ("word", "name", "short")

_SUFFIXES = ("kommun", "stad", "kommuns", "stads")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))
_TOKEN = re.compile(r"\w+")
# What may stand between two fields of an attendance line (besides two spaces or a line break).
_SEPARATORS = ",;:()[]|/\t•*·-" + _DASHES
# "Berg, Anna" at the start of a line: a surname, then a first name.
_SURNAME_FIRST = re.compile(
    r"\s*,\s*(?P<next>[A-ZÅÄÖ][a-zåäöéü]+(?:\s+[A-ZÅÄÖ][a-zåäöéü]+)?)\s*(?:$|[,(])"
)
# "Samordningsförbundet Göteborg Nordost": up to three capitalised words after the kind.
_SAMORDNINGSFORBUND = re.compile(
    r"\b[Ss]amordningsförbundet(?:[ \t]+[A-ZÅÄÖ]\w*(?:[-/][A-ZÅÄÖ]\w*)*){1,3}"
)


@dataclass(frozen=True, slots=True)
class Organisation:
    """One organisation: `short` is the form to store ("Göteborg", "Region Halland", "VGR")."""

    code: str
    kind: str
    name: str
    short: str
    ambiguous: str = ""


@dataclass(frozen=True, slots=True)
class _Form:
    organisation: Organisation
    written: str  # as in the data, e.g. "Lerums kommun" or "GR"
    rule: str  # "any": any case; "first": first letter as written; "exact": exact case
    field_only: bool = False


def _normalise(text: str) -> str:
    """NFC, one kind of dash, single spaces, no spaces around a dash."""
    text = unicodedata.normalize("NFC", text).translate(_DASH_TABLE)
    text = " ".join(text.split())
    return re.sub(r"\s*-\s*", "-", text)


def _key(text: str) -> str:
    """The comparison key of a written form: casefolded words joined by single spaces."""
    return " ".join(_TOKEN.findall(_normalise(text).casefold()))


def _genitive(name: str) -> str:
    return name if name[-1] in "sxzSXZ" else name + "s"


def _is_abbreviation(form: str) -> bool:
    """GR, FK, SiS, eHM: one word with a capital inside it or a small first letter."""
    if " " in form or "-" in form:
        return False
    return form[0].islower() or form[1:] != form[1:].lower()


@functools.cache
def organisations() -> tuple[Organisation, ...]:
    """Every organisation in the data, in the file's order."""
    return tuple(org for org, _ in _rows())


@functools.cache
def _rows() -> tuple[tuple[Organisation, tuple[str, ...]], ...]:
    with DATA.open(encoding="utf-8", newline="") as file:
        lines = [line for line in file if not line.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        org = Organisation(
            code=row["code"],
            kind=row["kind"],
            name=row["name"],
            short=row["short"],
            ambiguous=row["ambiguous"],
        )
        aliases = tuple(alias.strip() for alias in row["aliases"].split(";") if alias.strip())
        rows.append((org, aliases))
    return tuple(rows)


def _explicit_forms(org: Organisation, aliases: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys((org.short, org.name, *aliases)))


def _generated_forms(org: Organisation, aliases: tuple[str, ...]) -> list[str]:
    """Suffixed and genitive forms; for lookup and (municipalities with a suffix) find_in."""
    forms = []
    if org.kind == MUNICIPALITY:
        bases = dict.fromkeys((org.short, _genitive(org.short)))
        forms += [f"{base} {suffix}" for base in bases for suffix in _SUFFIXES]
    for form in _explicit_forms(org, aliases):
        if _is_abbreviation(form) or len(form) <= 4 or form.endswith(("s", "x", "z")):
            continue
        if org.kind == MUNICIPALITY and not form.casefold().endswith(_SUFFIXES):
            continue  # "Lerums" alone is not Lerum the organisation ("Lerums vårdcentral")
        forms.append(form + "s")
    return forms


@functools.cache
def _forms() -> tuple[dict[str, Organisation], list[tuple[str, Organisation]]]:
    """Key -> organisation for lookup, and every (written form, organisation) for all_aliases.

    An explicit form (short, official name, alias) always wins; a generated form that two
    organisations share is dropped rather than guessed.
    """
    explicit: dict[str, Organisation] = {}
    written: list[tuple[str, Organisation]] = []
    for org, aliases in _rows():
        for form in _explicit_forms(org, aliases):
            key = _key(form)
            if key in explicit and explicit[key] != org:
                raise ValueError(f"{form!r} names both {explicit[key].short} and {org.short}")
            explicit[key] = org
            written.append((form, org))
    generated: dict[str, Organisation | None] = {}
    for org, aliases in _rows():
        forms = _generated_forms(org, aliases)
        if org.kind == MUNICIPALITY:
            forms.append(_genitive(org.short))  # "Kungälvs", only as a whole string
        for form in forms:
            key = _key(form)
            if key in explicit:
                continue
            if key in generated and generated[key] != org:
                generated[key] = None
            else:
                generated[key] = org
                written.append((form, org))
    keys = dict(explicit)
    keys.update((key, org) for key, org in generated.items() if org is not None)
    written = [(form, org) for form, org in written if keys.get(_key(form)) == org]
    return keys, written


def lookup(text: str) -> Organisation | None:
    """The organisation a whole string names, in any of its written forms, or None.

    The whole string is taken as naming an organisation, so an ambiguous name counts here
    ("Berg" -> Berg); a caller that wants to be careful checks `organisation.ambiguous`.
    """
    if not text or not text.strip():
        return None
    normal = _normalise(text).strip(" .,;:")
    if normal.startswith("(") and normal.endswith(")"):
        normal = normal[1:-1].strip()
    keys, _ = _forms()
    for candidate in (normal, normal.removesuffix(":s")):
        org = keys.get(_key(candidate))
        if org is not None:
            return org
    match = _SAMORDNINGSFORBUND.fullmatch(normal[:1].upper() + normal[1:])
    return _samordningsforbund(match.group()) if match else None


def _samordningsforbund(written: str) -> Organisation:
    name = " ".join(written.split())
    name = "Samordningsförbundet" + name[len("Samordningsförbundet") :]
    return Organisation(code="samordningsforbund", kind=REGIONAL_BODY, name=name, short=name)


def all_aliases() -> dict[str, str]:
    """Every written form, casefolded and whitespace-normalised, -> the short name to store.

    Keys are as `attendance.canonical_org` builds them (" ".join(split()).casefold()), plus the
    same form with a hyphen read as a space ("upplands bro").
    """
    aliases: dict[str, str] = {}
    _, written = _forms()
    for form, org in written:
        aliases[" ".join(form.split()).casefold()] = org.short
        aliases[_key(form)] = org.short
    return aliases


# find_in ------------------------------------------------------------------------------------


def _rule(form: str) -> str:
    if _is_abbreviation(form):
        return "exact"
    if len(_TOKEN.findall(form)) > 1:
        return "any"
    return "first"


@functools.cache
def _trie() -> dict:
    """A trie over casefolded words; a node's None key holds the forms that end there."""
    root: dict = {}
    keys, _ = _forms()
    for org, aliases in _rows():
        forms = [(form, _rule(form), False) for form in _explicit_forms(org, aliases)]
        if org.ambiguous:
            forms = [
                (form, "exact", True) if _key(form) == _key(org.short) else (form, rule, False)
                for form, rule, _ in forms
            ]
        forms += [
            (form, "any" if " " in form else "first", False)
            for form in _generated_forms(org, aliases)
        ]
        for form, rule, field_only in forms:
            if keys.get(_key(form)) != org:
                continue  # a generated form two organisations share
            node = root
            for word in _key(form).split():
                node = node.setdefault(word, {})
            node.setdefault(None, []).append(_Form(org, form, rule, field_only))
    return root


def _case_ok(form: _Form, found: str) -> bool:
    if form.rule == "any":
        return True
    written = _TOKEN.findall(_normalise(form.written))
    seen = _TOKEN.findall(found)
    if form.rule == "exact":
        return written == seen
    return seen[0][0] == written[0][0]  # "Göteborg" and "GÖTEBORG", never "göteborg"


def _whole_field(text: str, start: int, end: int) -> bool:
    """True when text[start:end] stands between field separators (see rule 4)."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    left = before.rstrip(" ")
    right = after.lstrip(" ")
    at_start = (left == "" and start <= 40) or left.endswith("\n")
    opens = at_start or len(before) - len(left) >= 2 or left[-1] in _SEPARATORS
    closes = right == "" or right[0] in _SEPARATORS + ".\n" or len(after) - len(right) >= 2
    surname_first = at_start and _SURNAME_FIRST.match(after)
    if surname_first and lookup(surname_first.group("next")) is None:
        return False  # "Berg, Anna": a surname before a first name (but "Ale, Lerum" is a list)
    return opens and closes


def _compound(text: str, start: int, end: int) -> bool:
    """True when the words go on as part of a hyphenated compound ("Lerum-Alingsås")."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    joined_before = len(before) == 2 and before[1] in "-" + _DASHES and before[0].isalnum()
    joined_after = len(after) == 2 and after[0] in "-" + _DASHES and after[1].isalnum()
    return joined_before or joined_after


def find_in(text: str) -> list[tuple[Organisation, int, int]]:
    """The organisations mentioned in `text`, with their spans, in order; see the module rules."""
    found: list[tuple[Organisation, int, int]] = []
    taken: list[tuple[int, int]] = []
    for match in _SAMORDNINGSFORBUND.finditer(text):
        found.append((_samordningsforbund(match.group()), match.start(), match.end()))
        taken.append(match.span())
    tokens = [m for m in _TOKEN.finditer(text) if not any(s <= m.start() < e for s, e in taken)]
    trie = _trie()
    i = 0
    while i < len(tokens):
        node = trie
        best: tuple[Organisation, int, int, int] | None = None
        j = i
        while j < len(tokens):
            if j > i and not _joined(text, tokens[j - 1].end(), tokens[j].start()):
                break
            node = node.get(tokens[j].group().casefold())
            if node is None:
                break
            start, end = tokens[i].start(), tokens[j].end()
            for form in node.get(None, ()):
                if not _case_ok(form, text[start:end]) or _compound(text, start, end):
                    continue
                if form.field_only and not _whole_field(text, start, end):
                    continue
                best = (form.organisation, start, _end_of(form, text, end), j)
                break
            j += 1
        if best is None:
            i += 1
            continue
        org, start, end, last = best
        found.append((org, start, end))
        i = last + 1
    found.sort(key=lambda hit: hit[1])
    return found


def _joined(text: str, end: int, start: int) -> bool:
    """Two words belong to one form when only spaces, a dash or "(" stand between them."""
    between = text[end:start]
    return bool(between) and between.strip(" \t(-" + _DASHES) == "" and "\n" not in between


def _end_of(form: _Form, text: str, end: int) -> int:
    """Include the closing bracket of forms like "Inspektionen för vård och omsorg (IVO)"."""
    return end + 1 if form.written.endswith(")") and text[end : end + 1] == ")" else end
