"""Attendance lists: section headers, attendee lines, organisations and presence notes."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import names, organisations
from .model import ParsedAttendee
from .vocabulary import (
    ATTENDANCE_LABELS,
    PARTIES,
    ROLE_WORDS,
    STAFF_WORDS,
    STRONG_ATTENDANCE_LABELS,
)

MUNICIPALITIES = (
    "Ale", "Alingsås", "Göteborg", "Härryda", "Kungsbacka", "Kungälv", "Lerum",
    "Lilla Edet", "Mölndal", "Partille", "Stenungsund", "Tjörn", "Öckerö",
)  # fmt: skip


def _genitive(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


def default_aliases(regional_body: str = "Göteborgsregionen") -> dict[str, str]:
    """Written forms of Sweden's municipalities, regions and agencies (organisations.csv) and,
    over them, of the 13 GR municipalities and GR itself -> canonical short name."""
    aliases: dict[str, str] = dict(organisations.all_aliases())
    for name in MUNICIPALITIES:
        for form in (name, _genitive(name)):
            aliases[form.casefold()] = name
            aliases[f"{form} kommun".casefold()] = name
            aliases[f"{form} stad".casefold()] = name
    for form in (
        "GR",
        "Göteborgsregionen",
        "Göteborgsregionens kommunalförbund",
        "Göteborgsregionens Kommunalförbund",
        regional_body,
    ):
        aliases[form.casefold()] = regional_body
    return aliases


def canonical_org(written: str | None, aliases: Mapping[str, str]) -> str | None:
    if not written:
        return None
    key = " ".join(written.split()).casefold()
    return aliases.get(key, written)


# Names ---------------------------------------------------------------------------------

# Latin letters with their accents (Petrović, Łukasz, Ayşe): Latin-1 and Latin Extended-A,
# whose upper and lower case alternate, so that block is allowed in both classes
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:['’][{_UPPER}]?[{_LOWER}]+)?"
_NAME_WORD = rf"{_WORD}(?:-{_WORD}|-[{_LOWER}]+)*"
_PARTICLE = r"(?:von|af|av|de|van|der|den|da|di|la|le|del|dos|du|ter|zu)"
_INITIAL = rf"[{_UPPER}]\.?"
NAME = re.compile(
    rf"^{_NAME_WORD}(?:\s+{_PARTICLE})?(?:\s+{_NAME_WORD}(?:\s+{_PARTICLE})?){{0,2}}"
    rf"\s+(?:{_NAME_WORD}|{_INITIAL})$"
)
# A name inside running text (for presenters): two to four capitalised words.
NAME_IN_TEXT = re.compile(
    rf"(?<![\w-]){_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}(?![\w-])"
)
_NOT_NAME_WORDS = {
    "anteckningar",
    "minnesanteckningar",
    "protokoll",
    "närvarande",
    "nätverket",
    "gäster",
    "övriga",
    "mötet",
    "punkt",
    "beslut",
    "kommun",
    "stad",
    "region",
    "regionen",
    "dagordning",
    "agenda",
    "förhinder",
    "frånvarande",
    "deltagare",
    "ledamöter",
    "ersättare",
    "sida",
    "socialchefsnätverket",
    "närvarolista",
    "tid",
    "plats",
    "datum",
    "den",
    "från",
    "och",
}


def is_name(text: str, aliases: Mapping[str, str] | None = None) -> bool:
    text = text.strip()
    if not NAME.match(text):
        return False
    words = {word.casefold() for word in text.split()}
    if words & _NOT_NAME_WORDS:
        return False
    return not (aliases and text.casefold() in aliases)


# Section headers -----------------------------------------------------------------------


def _words(group: str) -> str:
    labels = sorted((k for k, v in ATTENDANCE_LABELS.items() if v == group), key=len, reverse=True)
    return "|".join(re.escape(label) for label in labels)


_ABSENT = re.compile(rf"\b(?:{_words('absent')})\b")
_GUEST = re.compile(rf"\b(?:{_words('guest')})\b")
_LABELS = sorted(ATTENDANCE_LABELS, key=len, reverse=True)


def _attendance_label(lower: str) -> str | None:
    """The longest attendance label the head starts with: "närvarande från kommunerna"."""
    for label in _LABELS:
        if lower == label or (lower.startswith(label) and not lower[len(label)].isalnum()):
            return label
    return None


@dataclass
class Header:
    group: str  # "network" | "gr" | "guest" | "absent"
    strong: bool  # "Närvarande"/"Deltagare": may open a new day's attendance after items
    rest: str  # names written on the header line itself: "Förhinder: Anna Ek, Ale"


_LABEL_CONTINUES = re.compile(
    r"^(?:från|i|på|vid|ej|utan|med|under|den|via|och|samt|gäster|ledamöter|deltagare|"
    r"ersättare|medlemmar|närvarande|tjg|tjänstgörande|inbjudna|kommun\w*|\d+)\b"
)


def _continues_label(rest: str, gr_words: set[str]) -> bool:
    """What may follow a label: "Närvarande från kommunerna", "Närvarande 2013-05-29 på …"."""
    rest = rest.strip(" ,;.-–()*")
    return not rest or bool(_LABEL_CONTINUES.match(rest)) or rest in gr_words


def attendance_header(text: str, gr_words: set[str]) -> Header | None:
    """Recognise "NÄRVARANDE", "Nätverket:", "GÖTEBORGSREGIONEN:", "Förhinder:" and the like."""
    head, _, rest = text.partition(":")
    head = head.strip().strip("*").strip()
    lower = " ".join(head.casefold().split())
    if not lower or len(lower.split()) > 6:
        return None
    is_gr = lower in gr_words or bool(
        re.match(r"^(?:närvarande |deltagare )?från ", lower)
        and any(lower.endswith(" " + word) for word in gr_words)
    )
    label = _attendance_label(lower)
    if not (label or is_gr):
        return None
    if label and not is_gr and not _continues_label(lower[len(label) :], gr_words):
        return None  # "Övriga frågor" is an item, not the guests
    if _ABSENT.search(lower):
        group = "absent"
    elif _GUEST.search(lower):
        group = "guest"
    elif is_gr or any(re.search(rf"\b{re.escape(w)}\b", lower) for w in gr_words):
        group = "gr"
    else:
        group = ATTENDANCE_LABELS.get(label or "", "network")
    strong = label in STRONG_ATTENDANCE_LABELS
    return Header(group=group, strong=strong, rest=rest.strip())


# Attendee lines --------------------------------------------------------------------------

_NOTE_START = re.compile(
    r"^(?:§|(?:punkt|punkterna|del av|delar av|deltar|deltog|närvarande|närvarade|via|digital\w*|"
    r"på distans|distans|teams|zoom|från|fr\.?o\.?m|till|t\.?o\.?m|ej|inte|går|gick|lämnar|"
    r"lämnade|kom|anslöt|ansluter|fm|em|förmiddag\w*|eftermiddag\w*|kl\.?|endast|delvis|"
    r"under|ersätter|ersättare för|tjänstgör|vikarie|ej närvarande|ankom|avvek)\b)",
    re.IGNORECASE,
)
_TRAILING_NOTE = re.compile(
    r"^(?P<main>.*?)[.,;]?\s+(?P<note>(?:deltar|deltog|närvarande|via|digitalt|på distans|"
    r"del av|punkt|från punkt|går|gick|lämnar|lämnade|kom|ankom|anslöt|avvek|ej)\b.*)$",
    re.IGNORECASE,
)
_PAREN = re.compile(r"\(([^()]*)\)")
_SEPARATORS = re.compile(r"\t+|\s*\|\s*|\s*;\s*|\s*,\s*|\s{2,}|\s+[–—-]\s+")
_REMOTE = re.compile(
    r"länk|digital|distans|teams|zoom|skype|video|telefon|webb|online|uppkopplad", re.IGNORECASE
)
_PARTIAL = re.compile(
    r"punkt|§|del av|delar av|delvis|från kl|till kl|kl\.?\s*\d|fm|em\b|förmiddag|eftermiddag|"
    r"går|gick|lämna|ankom|anslöt|kom\b|endast|lunch",
    re.IGNORECASE,
)
_ITEM_LIST = re.compile(
    r"(?:punkt(?:erna)?|§§?)\s*(\d{1,2}(?:\s*(?:[-–—]|,|och|samt|&|t\.?\s?o\.?\s?m\.?|till)\s*\d{1,2})*)",
    re.IGNORECASE,
)
_ROLE = re.compile(rf"(?:{'|'.join(ROLE_WORDS)})\.?$", re.IGNORECASE)
_TABLE_HEADER_WORDS = {
    "namn", "organisation", "kommun", "förvaltning", "roll", "funktion", "titel", "befattning",
    "närvaro", "e-post", "parti", "organisation/kommun", "kommun/organisation", "representerar",
    "närvarande", "närv", "närv.", "deltog", "x", "ledamot", "ersättare", "uppdrag", "mandat",
    "närvarande (x)", "ordinarie", "tjänstgör", "tjänstgörande",
}  # fmt: skip
_PRESENCE_COLUMNS = {"närvaro", "närvarande", "närv", "närv.", "deltog", "x", "närvarande (x)"}
_PRESENT_MARKS = {"x", "✓", "✔", "√", "ja", "j", "närvarande", "1", "deltog", "närv"}
_TABLE_CELLS = re.compile(r"\t|\s*\|\s*")


def presence_column(header: str) -> int | None:
    """The column of an X-marked attendance table's header that says who was present."""
    cells = [c.strip().casefold() for c in _TABLE_CELLS.split(header.strip().strip("|"))]
    return next((i for i, cell in enumerate(cells) if cell in _PRESENCE_COLUMNS), None)


def table_row_presence(row: str, column: int) -> tuple[str, bool] | None:
    """ "Anna Berg | Ale | X" -> ("Anna Berg, Ale", True); an empty mark -> absent."""
    cells = [c.strip() for c in _TABLE_CELLS.split(row.strip().strip("|"))]
    if ("|" not in row and "\t" not in row) or len(cells) <= column:
        return None
    mark = cells.pop(column).casefold()
    rest = ", ".join(c for c in cells if c)
    return (rest, mark in _PRESENT_MARKS) if rest else None


def _written_items(note: str) -> list[int]:
    """ "punkt 4-8" -> [4..8], "punkt 4, 5 och 7" -> [4, 5, 7]."""
    found: list[int] = []
    for match in _ITEM_LIST.finditer(note):
        tokens = re.findall(r"\d{1,2}|[-–—]|t\.?\s?o\.?\s?m\.?|till", match.group(1))
        previous, pending_range = None, False
        for token in tokens:
            if token.isdigit():
                number = int(token)
                if pending_range and previous is not None and previous < number <= previous + 40:
                    found.extend(range(previous + 1, number + 1))
                else:
                    found.append(number)
                previous, pending_range = number, False
            else:
                pending_range = True
    return sorted(set(found))


def is_table_header(text: str) -> bool:
    cells = [c.strip().casefold() for c in _SEPARATORS.split(text) if c.strip()]
    return bool(cells) and all(cell in _TABLE_HEADER_WORDS for cell in cells)


def _is_org_like(text: str, aliases: Mapping[str, str]) -> bool:
    return text.casefold() in aliases or bool(
        re.search(
            r"\b(?:kommun|stad|region\w*|förbund\w*|förvaltning\w*|universitet\w*)\b",
            text,
            re.IGNORECASE,
        )
    )


def parse_attendee(
    text: str, *, group: str, aliases: Mapping[str, str], regional_body: str
) -> ParsedAttendee | None:
    """One attendance line ("Name, Org (punkt 4-8)") -> an attendee, or None if it is no name."""
    text = text.strip().rstrip(",;").strip()
    if not text or len(text) > 160 or re.search(r":\s", _PAREN.sub("", text)):
        return None
    notes: list[str] = []
    party = ""
    org_from_paren = None
    paren_roles: list[str] = []
    for content in _PAREN.findall(text):
        content = content.strip()
        if content.upper() in PARTIES:  # "(S)", "(kd)", "(Mp)"
            party = content.upper()
        elif org_from_paren is None and content.casefold() in aliases:
            org_from_paren = content
        elif _ROLE.search(content) and not _NOTE_START.match(content):
            paren_roles.append(content)  # "Eva Nord (processledare)"
        elif content:
            notes.append(content)
    main = re.sub(r" {2,}", "  ", _PAREN.sub(" ", text)).strip()  # keep tabs and wide gaps
    if match := _TRAILING_NOTE.match(main):
        head = match.group("main").strip()
        # only when the head still holds a whole name: "Name, Org. Deltar digitalt punkt 4"
        first = _SEPARATORS.split(head)[0].strip()
        if is_name(first, aliases):
            main = head
            notes.append(match.group("note").strip().rstrip("."))
    parts = [p.strip().strip(".").strip() for p in _SEPARATORS.split(main)]
    parts = [p for p in parts if p]
    if not parts or len(parts) > 5 or not is_name(parts[0], aliases):
        return None
    name, org, roles = parts[0], org_from_paren, paren_roles
    words = name.split()
    if len(words) >= 3 and words[-1] in PARTIES and not names.is_first_name(words[-2]):
        name, party = " ".join(words[:-1]), party or words[-1]  # "Anna Berg S": a party
    for part in parts[1:]:
        if part.upper() in PARTIES and len(part) <= 3 and not party:  # "Anna Berg, kd, Ale"
            party = part.upper()
        elif _NOTE_START.match(part):
            notes.append(part)
        elif part[0].islower() and part.casefold() not in aliases:
            roles.append(part)
        elif org is None and len(part.split()) <= 8:
            org = part
        else:
            roles.append(part)
    if org is not None and not _is_org_like(org, aliases) and _ROLE.search(org):
        # "Name, Socialchef" written with a capital letter is a role, not an organisation
        roles.append(org)
        org = None
    note = "; ".join(notes)
    presence = note_presence(note)
    doubts = []
    canonical = regional_body if group == "gr" and org is None else canonical_org(org, aliases)
    if group == "network" and canonical == regional_body:
        group = "gr"  # "Eva Holm, GR" among the members: the regional body's own staff
    staff = any(word in STAFF_WORDS for role in roles for word in role.casefold().split())
    if group == "guest" and org is None and staff:
        # "Övriga närvarande: Anna Berg, förbundschef": the body's own staff, whose
        # organisation the text does not name
        group, doubts = "gr", ["group_guessed"]
    return ParsedAttendee(
        name=name,
        organization=canonical,
        organization_as_written=org,
        group=group if group in {"network", "gr", "guest"} else "network",
        note=note,
        remote=presence.remote,
        partial=presence.partial,
        items_present=presence.items,
        party=party,
        role=", ".join(roles),
        doubts=doubts,
    )


def parse_inline_list(
    text: str, *, group: str, aliases: Mapping[str, str], regional_body: str
) -> list[ParsedAttendee]:
    """ "Anna Ek, Ale; Bo Berg, Kungälv" or "Anna Ek (Ale), Bo Berg (Kungälv)" on one line."""
    if organisations := _organisations_only(text, group, aliases):
        return organisations
    if first_names := _first_names(text, group):
        return first_names
    pieces = [p.strip() for p in re.split(r";|\n", text) if p.strip()]
    if len(pieces) == 1:
        # comma-separated: a name starts a person, anything else belongs to the one before
        pieces, current = [], ""
        for part in re.split(r",\s*|\s+och\s+", text):
            part = part.strip().rstrip(".")
            if not part:
                continue
            bare = _PAREN.sub("", part).strip()
            if is_name(bare, aliases) and bare.casefold() not in aliases:
                if current:
                    pieces.append(current)
                current = part
            elif current:
                current += ", " + part
        if current:
            pieces.append(current)
    out = []
    for piece in pieces:
        attendee = parse_attendee(piece, group=group, aliases=aliases, regional_body=regional_body)
        if attendee:
            out.append(attendee)
    return out


_ORG_WORD = re.compile(
    r"(?:verket|myndighet(?:en)?|förmedlingen|kassan|styrelsen|inspektionen|kommun|stad|"
    r"region\w*|förbund\w*|landsting\w*|universitet\w*|bolag\w*|institut\w*|nämnd\w*|"
    r"förvaltning\w*|\bAB)$|^[A-ZÅÄÖ]{2,6}$|^Region\b|^Länsstyrelsen\b",
)


def is_organisation(text: str, aliases: Mapping[str, str]) -> bool:
    text = text.strip()
    return text.casefold() in aliases or bool(_ORG_WORD.search(text))


def _organisations_only(text: str, group: str, aliases: Mapping[str, str]) -> list[ParsedAttendee]:
    """ "Närvarande: Bolagsverket, Digg, Arbetsförmedlingen": organisations, no people."""
    pieces = [p.strip().rstrip(".") for p in re.split(r"[,;]", text)]
    pieces = [p for p in pieces if p and not p.startswith("(")]
    if len(pieces) < 2 or any(is_name(_PAREN.sub("", p).strip()) for p in pieces):
        return []
    known = sum(is_organisation(p, aliases) for p in pieces)
    if known < 2 or known * 2 < len(pieces):
        return []
    group = group if group in {"network", "gr", "guest"} else "network"
    return [
        ParsedAttendee(
            name="",
            organization=canonical_org(p, aliases),
            organization_as_written=p,
            group=group,
            doubts=["no_name"],
        )
        for p in pieces
    ]


_FIRST_NAME_ONLY = re.compile(
    rf"^[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?(?:\s+[{_UPPER}]\.?)?$"
)


def _first_names(text: str, group: str) -> list[ParsedAttendee]:
    """ "Björn, Bosse J, Håkan, Olle och Peter": a list of first names is a list of people."""
    pieces = [p.strip().rstrip(".") for p in re.split(r",\s*|\s+och\s+", text) if p.strip()]
    if len(pieces) < 2 or not all(_FIRST_NAME_ONLY.match(p) for p in pieces):
        return []
    group = group if group in {"network", "gr", "guest"} else "network"
    return [ParsedAttendee(name=p, group=group, doubts=["name_unsure"]) for p in pieces]


# Runs of names without separators ----------------------------------------------------------
# "Ledamöter: Berit Adolfsson Anita Bohman Hans Taremark (t.o.m. p.10) Sven Düring",
# "Raéd Shaqdih, Förbundschef Therése Hellström, Sekreterare Helena Karlsson": a PDF or a
# flattened form lost the line breaks between people. A person starts at a known first name.

_RUN_TOKEN = re.compile(r"\([^()]*\)|[,;/]|[^\s,;/()]+")
_ROLE_WORD = re.compile(rf"^(?:{'|'.join(ROLE_WORDS)}|{'|'.join(STAFF_WORDS)})\.?$", re.IGNORECASE)
_RUN_LABEL_WORDS = {"tjänstgörande", "ersättare", "ledamöter", "dessutom", "utvärderarna"}
_ROLE_ABBREVIATIONS = {"tjg": "tjg ers", "ers": "", "ordf": "ordf", "ordf.": "ordf"}


@dataclass
class _RunPerson:
    words: list[str]
    roles: list[str]
    notes: list[str]
    org: str | None = None
    closed: bool = False  # a separator or a role came after the name
    staff: bool = False  # the body's own staff: "Sekreterare", "sekretariatet"

    @property
    def complete(self) -> bool:
        return len(self.words) >= 2


def parse_name_run(text: str, **options) -> list[ParsedAttendee]:
    return name_run(text, **options)[0]


def name_run(
    text: str,
    *,
    group: str,
    aliases: Mapping[str, str],
    regional_body: str,
    strict: bool = True,
    seek: bool = False,
) -> list[ParsedAttendee]:
    """People in a run of names: each starts at a known first name. Stops at prose ("Pär Nuder
    öppnade mötet"): a lowercase word that is no role. strict: at least two people. seek: skip
    what comes before the first name ("Kalmar Torsdagen den 11 september 2008 kl Roland …").
    Returns the people and where in the text the run stopped."""
    people: list[_RunPerson] = []
    stop = len(text)
    current: _RunPerson | None = None
    # "Elisabeth Öberg/Helén Eriksson, sekretariatet": a role after a comma is the group's
    group_start, previous_group, after_comma = 0, 0, False
    matches = list(_RUN_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    starts: list[int] = []  # where each person's name starts in the text
    index = 0
    while index < len(tokens):
        token = tokens[index]
        position = matches[index].start()
        index += 1
        comma, after_comma = after_comma, False
        if token in ",;":
            if current:
                current.closed = True
            previous_group, group_start, after_comma = group_start, len(people), True
            continue
        if token == "/":
            if current:
                current.closed = True
            continue
        if token.startswith("("):
            inner = token[1:-1].strip()
            if current is not None:
                if inner.upper() in PARTIES and inner.isupper():
                    continue
                current.notes.append(inner)
            continue
        word = token.strip(".:")
        lower = word.casefold()
        if not word:
            continue
        if seek and current is None and not people:
            following = tokens[index] if index < len(tokens) else ""
            if not (names.is_first_name(word) and following[:1].isupper()):
                continue
        if lower == "och":
            if current:
                current.closed = True
            continue
        if lower in _ROLE_ABBREVIATIONS:
            if current is not None and _ROLE_ABBREVIATIONS[lower]:
                current.roles.append(_ROLE_ABBREVIATIONS[lower])
            continue
        if lower in _RUN_LABEL_WORDS:
            if current:
                current.closed = True
            group_start = previous_group = len(people)
            continue
        org = organisations.lookup(word) if word[0].isupper() else None
        if _ROLE_WORD.match(word) and current is not None and current.complete:
            current.roles.append(word)
            current.closed = True
            if lower.rstrip(".") in STAFF_WORDS:
                for person in people[previous_group:] if comma else [current]:
                    person.staff = True
            continue
        if word[0].islower():
            if current is not None and current.roles:
                current.roles[-1] += " " + word  # "Samordnare MT/CT", "ej tjg ers"
                continue
            stop = position
            if current is not None and current.complete and not current.closed:
                people.pop()  # "Pär Nuder öppnade mötet": prose, not a list
                stop = starts.pop()
            break
        if org is not None and current is not None and current.complete and not org.ambiguous:
            current.org = word
            current.closed = True
            continue
        if current is not None and current.roles and not names.is_first_name(word):
            current.roles[-1] += " " + word  # "Samordnare MT/CT"
            continue
        begins = names.is_first_name(word) and (
            current is None or current.closed or current.complete
        )
        if current is None or begins or current.closed:
            if current is not None and not current.complete and not current.roles:
                people.pop()  # a lone word before a name ("Utvärderarna") is no person
                starts.pop()
            current = _RunPerson(words=[word], roles=[], notes=[])
            people.append(current)
            starts.append(position)
            continue
        if len(current.words) >= 4:
            stop = position
            break
        current.words.append(word)
    out = []
    for person in people:
        if not person.complete:
            continue
        name = " ".join(person.words)
        if not is_name(name, aliases):
            continue
        note = "; ".join(n for n in person.notes if n)
        presence = note_presence(note)
        staff = person.staff
        out.append(
            ParsedAttendee(
                name=name,
                organization=canonical_org(person.org, aliases),
                organization_as_written=person.org,
                group="gr" if staff and group in {"network", "guest"} else group,
                doubts=["group_guessed"] if staff else [],
                note=note,
                partial=presence.partial,
                remote=presence.remote,
                items_present=presence.items,
                role=", ".join(r for r in person.roles if r),
            )
        )
    if strict and len(out) < 2:
        return [], 0
    return out, stop


# Presence notes: the one rule ------------------------------------------------------------
# What a note beside a name says about the day's items, as people write it. Used by the
# importer (the parser, the review form), the editor's attendance and publishing.
#
#   "gick efter punkt 3", "lämnade efter punkt 3", "t.o.m. punkt 3"  -> items up to 3
#   "kom till punkt 5", "från punkt 5", "kom efter punkt 4"          -> 5 onwards
#   "punkt 4-8", "§§ 4–8", "punkt 4, 5 och 7"                        -> those items
#   "från kl. 13", "till kl. 12", "kl. 10-12"                        -> items by their times
#   "efter lunch", "eftermiddagen", "förmiddagen", "gick vid lunch"  -> items after/before lunch
#   "via länk", "digitalt", "på distans"                             -> remote (whole day)
#
# The day's items are (number, title) in order. An item's time is the one its title starts
# with ("13.00 Nära vård"); an item without one runs from the time before it. The lunch break
# is an item whose title says "lunch"; with no such item, items from 12:00 are the afternoon.
# When the note speaks of times or lunch and the items say neither, the items stay unknown:
# an empty list, the person partial, the note kept beside the name.

_ITEM_REF = r"(?:punkt(?:en)?|p\.?|§)\s*(?P<n>\d{1,3})"
_ARRIVED = re.compile(
    r"\b(?:(?:kom|anslöt|ankom|ansluter|kommer)\s+(?:till|under|vid|inför|från)?\s*|"
    r"fr\.?\s?o\.?\s?m\.?\s*|från och med\s+|från\s+(?:en bit in i\s+)?)" + _ITEM_REF,
    re.IGNORECASE,
)
_ARRIVED_AFTER = re.compile(
    r"\b(?:kom|anslöt|ankom|ansluter|kommer)\s+efter\s+" + _ITEM_REF, re.IGNORECASE
)
_LEFT = re.compile(
    r"\b(?:(?:gick|går|lämnade|lämnar|avvek|avviker|gick hem|lämnade mötet)\s+"
    r"(?:efter|under|vid|till)\s+|t\.?\s?o\.?\s?m\.?\s*|till och med\s+|fram till\s+)" + _ITEM_REF,
    re.IGNORECASE,
)
_LEFT_BEFORE = re.compile(
    r"\b(?:gick|går|lämnade|lämnar|avvek|avviker)\s+(?:före|innan|inför)\s+" + _ITEM_REF,
    re.IGNORECASE,
)
_CLOCK = r"(?:kl\.?|klockan)\s*(?P<{0}h>\d{{1,2}})(?:[.:](?P<{0}m>\d{{2}}))?"
_FROM_TIME = re.compile(
    r"\b(?:från|efter|fr\.?\s?o\.?\s?m\.?|kom|anslöt|ankom)\s*" + _CLOCK.format("a"),
    re.IGNORECASE,
)
_UNTIL_TIME = re.compile(
    r"\b(?:till|före|innan|t\.?\s?o\.?\s?m\.?|gick|lämnade|går|lämnar)\s*" + _CLOCK.format("b"),
    re.IGNORECASE,
)
_TIME_SPAN = re.compile(
    _CLOCK.format("a") + r"\s*(?:[-–—]|till)\s*(?:kl\.?\s*)?(?P<bh>\d{1,2})(?:[.:](?P<bm>\d{2}))?",
    re.IGNORECASE,
)
_DEPARTS = r"(?:gick|går|lämnade|lämnar|avvek|avviker)"
_BEFORE_LUNCH = re.compile(
    rf"\b(?:{_DEPARTS}\s+(?:efter|vid|till|före|inför|under)\s+lunch\w*|"
    r"före lunch|innan lunch|till lunch|förmiddag\w*|fm)\b",
    re.IGNORECASE,
)
_AFTER_LUNCH = re.compile(r"\b(?:efter lunch\w*|eftermiddag\w*|em)\b", re.IGNORECASE)
_TITLE_TIME = re.compile(r"^\s*(?:kl\.?\s*)?(?P<h>\d{1,2})[.:](?P<m>\d{2})\b")
_LUNCH_TITLE = re.compile(r"\blunch", re.IGNORECASE)
NOON = 12 * 60


@dataclass(frozen=True)
class NotePresence:
    partial: bool
    remote: bool
    items: list[int]  # empty: the whole day, or not known from the note


def note_presence(note: str, items: Sequence[tuple[int, str]] | None = None) -> NotePresence:
    """What a note beside a name says, against the day's items (number, title) in order.

    Without the day's items (None) only numbers written out ("punkt 4-8") are known."""
    note = note or ""
    found = _items_from_note(note, sorted(items) if items is not None else None)
    return NotePresence(
        partial=bool(found) or bool(_PARTIAL.search(note)),
        remote=bool(_REMOTE.search(note)),
        items=found,
    )


def _items_from_note(note: str, items: list[tuple[int, str]] | None) -> list[int]:
    if not note:
        return []
    if items is None:
        return _written_items(note)
    numbers = [number for number, _title in items]
    first = last = None
    if match := _ARRIVED_AFTER.search(note):
        first = int(match["n"]) + 1
    elif match := _ARRIVED.search(note):
        first = int(match["n"])
    if match := _LEFT.search(note):
        last = int(match["n"])
    elif match := _LEFT_BEFORE.search(note):
        last = int(match["n"]) - 1
    if first is not None or last is not None:
        return [n for n in numbers if (first is None or n >= first) and (last is None or n <= last)]
    if written := _written_items(note):
        return written
    if span := _time_span(note):
        return _items_between(items, *span)
    if _BEFORE_LUNCH.search(note):
        return _lunch_side(items, after=False)
    if _AFTER_LUNCH.search(note):
        return _lunch_side(items, after=True)
    return []


def _minutes(hours: str | None, minutes: str | None) -> int | None:
    if hours is None or int(hours) > 23:
        return None
    return int(hours) * 60 + int(minutes or 0)


def _time_span(note: str) -> tuple[int | None, int | None] | None:
    """(from, until) in minutes after midnight, either may be open; None: no time in the note."""
    if match := _TIME_SPAN.search(note):
        return _minutes(match["ah"], match["am"]), _minutes(match["bh"], match["bm"])
    start = _FROM_TIME.search(note)
    end = _UNTIL_TIME.search(note)
    if start is None and end is None:
        return None
    return (
        _minutes(start["ah"], start["am"]) if start else None,
        _minutes(end["bh"], end["bm"]) if end else None,
    )


def _item_times(items: list[tuple[int, str]]) -> list[int | None]:
    """Each item's start: its title's time, else the time of the item before it."""
    times, current = [], None
    for _number, title in items:
        if match := _TITLE_TIME.match(title or ""):
            value = _minutes(match["h"], match["m"])
            current = current if value is None else value
        times.append(current)
    return times


def _items_between(items: list[tuple[int, str]], start: int | None, end: int | None) -> list[int]:
    """Items running at some moment between start and end: an item lasts until the next
    item with a later time begins. No times in the titles: not known (empty)."""
    times = _item_times(items)
    if all(time is None for time in times):
        return []
    found = []
    for index, (number, _title) in enumerate(items):
        begins = times[index]
        ends = next((t for t in times[index + 1 :] if t is not None and t != begins), None)
        if begins is None:
            continue
        if (start is None or ends is None or ends > start) and (end is None or begins < end):
            found.append(number)
    return found


def _lunch_side(items: list[tuple[int, str]], *, after: bool) -> list[int]:
    """The items before or after the lunch break: a "Lunch" item, else items from 12:00."""
    lunch = next((n for n, title in items if _LUNCH_TITLE.search(title or "")), None)
    if lunch is not None:
        return [n for n, _title in items if (n > lunch if after else n < lunch)]
    times = _item_times(items)
    if all(time is None for time in times):
        return []
    return [
        n
        for (n, _title), time in zip(items, times, strict=True)
        if time is not None and ((time >= NOON) if after else (time < NOON))
    ]
