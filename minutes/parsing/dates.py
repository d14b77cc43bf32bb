"""Dates in Swedish minutes: day headings, stated meeting dates and a suggested date."""

import calendar
import datetime
import re
from collections import Counter
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
_MONTH = (
    r"(?P<month>januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"
)
_FULL_YEAR = r"(?:19[5-9]\d|20\d\d)"
_WEEKDAY = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)(?:en)?"

DAY_HEADING = re.compile(
    rf"^(?:dag\s+\d\s*[:.,–-]?\s*)?(?:{_WEEKDAY}\s*,?\s+)?(?:den\s+)?(?P<day>\d{{1,2}})(?::[ae])?"
    rf"(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}(?:\s+(?P<year>{_FULL_YEAR}))?\s*[:.]?$",
    re.IGNORECASE,
)
ISO_DATE = re.compile(
    rf"(?<![\d-])(?P<year>{_FULL_YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\d-])"
)
# "24-10-21", "24.12.06": a two-digit year first, as in file names and note titles
SHORT_DATE = re.compile(
    r"(?<![\d.:-])(?P<year>\d{2})(?P<sep>[-.])(?P<month>\d{2})(?P=sep)(?P<day>\d{2})(?![\d.:-])"
)
DAY_MONTH = re.compile(
    rf"(?<![\d/.-])(?P<day>\d{{1,2}})(?::[ae])?(?:\s*[-–]\s*(?P<day2>\d{{1,2}}))?\s+{_MONTH}"
    rf"(?![a-zåäö])(?:\s+(?P<year>{_FULL_YEAR})(?![\d:]))?",
    re.IGNORECASE,
)
SLASH_DATE = re.compile(r"(?<![\d/.,-])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])")
_MONTH_YEAR = re.compile(
    r"(?<![\d\w])(?P<month>januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
    r"november|december)\s+(?P<year>20\d\d)(?![\d:])",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d/.:-])(20[0-4]\d)(?![\d:]|\s*[-–]\s*20\d\d|-\d)")
_YEAR_RANGE = re.compile(r"(?<![\d])20\d\d\s*[-–]\s*20\d\d(?!\d)")
_CURRENT_YEAR_CUES = re.compile(
    r"(?:summering|utvärdering|uppföljning|sammanfattning)\s+av\s+(?:nätverks|verksamhets)?året\s+"
    r"(20\d\d)|(?:under|genomfört under|bedrivits under|hittills under)\s+(20\d\d)",
    re.IGNORECASE,
)
_NEXT_YEAR_CUES = re.compile(
    r"(?:planering\s+av\s+(?:nätverks|verksamhets)?året|inför|frågor för|prioriteringar för|"
    r"medel för|budget för|aktiviteter)\s+(20\d\d)",
    re.IGNORECASE,
)
_NETWORK_YEAR = re.compile(r"(?:nätverks|verksamhets)året\s+(20\d\d)", re.IGNORECASE)
_IGNORED_YEARS = re.compile(r"agenda\s+20\d\d|sou\s+20\d\d|20\d\d:\d", re.IGNORECASE)

_PAST = re.compile(
    r"\b(?:har|hade|gjordes|genomfördes|skickats|skickades|skickat|var|ägde rum|hölls|"
    r"beslutade|beslutat|beslutades|inkom|gick ut|gått ut|tidigare|förra|senaste|genomförts|"
    r"presenterats|presenterades|diskuterats|diskuterades|redovisats|redovisades|"
    r"inhämtade|inhämtats|genomfört|skickat ut)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:senast|först|kommer|ska|skall|nästa|kommande|planeras|planerad|inför|sker|äger rum|"
    r"start|startar|börjar|bjuds in|anmälan|sista|följs upp|framåt|t\.o\.m\.|till och med|"
    r"nästkommande|preliminärt|bokat|bokade)\b",
    re.IGNORECASE,
)
_UPCOMING_SECTION = re.compile(
    r"^(?:några\s+)?(?:kommande|planerade|kommande\s+möten|datum\s+för\s+kommande|nästa\s+möte|"
    r"viktiga\s+datum)\b",
    re.IGNORECASE,
)
_MAX_MENTIONS = 300  # real minutes hold a few dozen dates; more is no better evidence
_CLAUSE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\d])|\n")


def month_number(word: str) -> int:
    word = word.casefold().rstrip(".")
    return MONTHS.get(word) or _ABBREVIATIONS[word]


def safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def day_heading(text: str) -> tuple[int, int, int | None] | None:
    """ "Den 7 november" -> (7, 11, None); "Torsdag 7 november 2024" -> (7, 11, 2024)."""
    if len(text) > 60:
        return None
    match = DAY_HEADING.match(text.strip())
    if not match:
        return None
    day, month = int(match.group("day")), month_number(match.group("month"))
    if not 1 <= day <= 31:
        return None
    year = int(match.group("year")) if match.group("year") else None
    return day, month, year


def full_date_in(text: str) -> tuple[datetime.date, re.Match] | None:
    """The first complete date (2022-03-04, 4 mars 2022) in a line of text."""
    found = []
    for match in ISO_DATE.finditer(text):
        date = safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        if date:
            found.append((match.start(), date, match))
    for match in DAY_MONTH.finditer(text):
        if match["year"]:
            date = safe_date(int(match["year"]), month_number(match["month"]), int(match["day"]))
            if date:
                found.append((match.start(), date, match))
    if not found:
        for match in SHORT_DATE.finditer(text):
            date = safe_date(2000 + int(match["year"]), int(match["month"]), int(match["day"]))
            if date:
                found.append((match.start(), date, match))
    if not found:
        return None
    _, date, match = min(found, key=lambda f: f[0])
    return date, match


def swedish_date(date: datetime.date) -> str:
    return f"{date.day} {MONTH_NAMES[date.month]} {date.year}"


# The suggestion ------------------------------------------------------------------------


@dataclass
class _Mention:
    date: datetime.date
    future: bool | None  # True: upcoming, False: passed, None: unknown
    snippet: str
    explicit_year: bool = False


@dataclass
class Suggestion:
    date: datetime.date | None
    year: int | None
    reason: str


def _year_scores(text: str) -> Counter[int]:
    scores: Counter[int] = Counter()
    cleaned = _IGNORED_YEARS.sub(" ", text)
    cleaned = _YEAR_RANGE.sub(" ", cleaned)
    for match in _YEAR.finditer(cleaned):
        scores[int(match.group(1))] += 1
    for match in ISO_DATE.finditer(text):
        scores[int(match["year"])] += 1
    for match in _CURRENT_YEAR_CUES.finditer(cleaned):
        year = int(match.group(1) or match.group(2))
        scores[year] += 4 if match.group(1) else 2
    for match in _NEXT_YEAR_CUES.finditer(cleaned):
        scores[int(match.group(1)) - 1] += 2
    for match in _NETWORK_YEAR.finditer(cleaned):
        scores[int(match.group(1))] += 1
    return scores


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Sentences (and bullet lines) with a flag: inside an "upcoming events" section.

    Hard line breaks inside a sentence (PDF text) are joined first.
    """
    blocks: list[str] = []
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            continue
        starts_block = bool(re.match(r"^(?:[-•–*#]|\d{1,2}[.)]\s)", stripped))
        if (
            blocks
            and not starts_block
            and not re.search(r"[.!?:]\W*$", blocks[-1][-12:])
            and (not re.match(r"^(?:[-•–*#]|\d{1,2}[.)]\s)", blocks[-1]))
        ):
            blocks[-1] += " " + stripped
        else:
            blocks.append(stripped)
    out = []
    upcoming = False
    for block in blocks:
        is_bullet = block.startswith(("-", "•", "–", "*"))
        if _UPCOMING_SECTION.match(block.lstrip("#*- ").strip()):
            upcoming = True
        elif not is_bullet and len(block) > 80:
            upcoming = False
        for sentence in _CLAUSE_SPLIT.split(block):
            if sentence.strip():
                out.append((sentence, upcoming and is_bullet))
    return out


def _tense(clause: str, upcoming: bool) -> bool | None:
    if _PAST.search(clause):
        return False
    if upcoming or _FUTURE.search(clause):
        return True
    return None


def _mentions(text: str, year: int) -> list[_Mention]:
    text = text.replace("**", "")
    mentions: list[_Mention] = []
    for sentence, upcoming in _clauses(text):
        if len(mentions) >= _MAX_MENTIONS:
            break
        parens = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", sentence)]

        def clause_of(match: re.Match, sentence=sentence, parens=parens) -> str:
            """The parenthesis around the date, else the sentence (or a window of it)."""
            for start, end in parens:
                if start <= match.start() < end:
                    return sentence[start:end]
            low, high = max(0, match.start() - 150), match.end() + 150
            return re.sub(r"\([^()]*\)", " ", sentence[low:high])

        taken = bytearray(len(sentence) + 1)  # positions already read as part of a date
        for pattern in (ISO_DATE, DAY_MONTH, _MONTH_YEAR, SLASH_DATE):
            for match in pattern.finditer(sentence):
                if len(mentions) >= _MAX_MENTIONS:
                    return mentions
                if taken[match.start()]:
                    continue
                taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
                groups = match.groupdict()
                try:
                    month = (
                        int(groups["month"])
                        if groups["month"].isdigit()
                        else month_number(groups["month"])
                    )
                except (KeyError, ValueError):
                    continue
                explicit_year = int(groups["year"]) if groups.get("year") else None
                clause = clause_of(match)
                tense = _tense(clause, upcoming)
                if groups.get("day"):
                    day = int(groups["day"])
                    if tense is not True and groups.get("day2"):
                        day = int(groups["day2"])  # a passed range counts from its last day
                else:  # "september 2021": passed counts from the month's end
                    last = calendar.monthrange(explicit_year or year, month)[1]
                    day = 1 if tense is True else last
                date = safe_date(explicit_year or year, month, day)
                if date is None:
                    continue
                if explicit_year is not None and explicit_year != year:
                    tense = explicit_year > year
                mentions.append(
                    _Mention(date, tense, " ".join(clause.split())[:80], explicit_year is not None)
                )
    return mentions


def suggest_date(text: str, headings: list[tuple[int, int, int | None]]) -> Suggestion:
    """Infer the meeting's date from clues in the text, and explain the clues in Swedish."""
    scores = _year_scores(text)
    if not scores:
        return Suggestion(None, None, "Texten saknar datum och årtal: ange mötesdatum.")
    best = max(scores.values())
    year = min(y for y, s in scores.items() if s == best)
    top = ", ".join(f"{y} ({s})" for y, s in scores.most_common(3))
    year_reason = f"Året {year} bedöms utifrån årtalen i texten (poäng: {top})."
    if headings:
        day, month, _ = headings[0]
        date = safe_date(year, month, day)
        return Suggestion(
            date,
            year,
            f"Dagrubriken ”{day} {MONTH_NAMES[month]}” saknar år. {year_reason}",
        )
    mentions = _mentions(text, year)
    passed = [m for m in mentions if m.future is not True and m.date.year <= year]
    lower = max(passed, key=lambda m: m.date) if passed else None
    start = lower.date if lower else datetime.date(year, 1, 1)
    coming = []
    for mention in mentions:
        if mention.future is True and not mention.explicit_year and mention.date <= start:
            # "21 januari" after a passed "september 2021" is next year's January
            later = safe_date(mention.date.year + 1, mention.date.month, mention.date.day)
            mention = _Mention(later, True, mention.snippet) if later else mention
        if mention.future is True and mention.date > start:
            coming.append(mention)
    upper = min(coming, key=lambda m: m.date) if coming else None
    year_end = datetime.date(year, 12, 31)
    end = min(upper.date, year_end) if upper else year_end
    parts = ["Texten anger inget fullständigt mötesdatum.", year_reason]
    if lower:
        parts.append(f"Senast passerade datum: {swedish_date(lower.date)} (”{lower.snippet}”).")
    if upper:
        parts.append(f"Närmast kommande datum: {swedish_date(upper.date)} (”{upper.snippet}”).")
    if not lower and not upper:
        parts.append("Inga datum i texten avgränsar månaden: ange mötesdatum.")
        return Suggestion(None, year, " ".join(parts))
    if not upper:
        date = min(start + datetime.timedelta(days=7), year_end)
    elif not lower:
        date = max(end - datetime.timedelta(days=28), datetime.date(year, 1, 1))
    elif (end - start).days <= 56:
        date = start + (end - start) / 2
    else:
        date = end - datetime.timedelta(days=28)
    parts.append(f"Förslaget {date.isoformat()} ligger mellan ledtrådarna; bekräfta datumet.")
    return Suggestion(date, year, " ".join(parts))


_COMPACT_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)?\d{2})[-_. ]?(?P<month>\d{2})[-_. ]?(?P<day>\d{2})(?!\d)"
)


def date_in_filename(filename: str) -> datetime.date | None:
    """ "protokoll-2016-12-16.txt", "Anteckningar 24.10.21.docx", "210929 styrelse.md"."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename or "")
    if found := full_date_in(re.sub(r"[-_]+(?=\D)|(?<=\D)[-_]+", " ", stem)):
        return found[0]
    for match in _COMPACT_DATE.finditer(stem):
        year = int(match["year"])
        year = year if year > 99 else 2000 + year
        if date := safe_date(year, int(match["month"]), int(match["day"])):
            return date
    return None
