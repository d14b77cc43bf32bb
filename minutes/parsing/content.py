"""An item's body: paragraphs, decisions, actions, presenters, links, tabling."""

import datetime
import re
from dataclasses import dataclass

from . import vocabulary
from .attendance import NAME_IN_TEXT
from .dates import DAY_MONTH, ISO_DATE, SLASH_DATE, month_number, safe_date
from .lines import URL, Line
from .model import ParsedAction, ParsedDecision

_END_OF_SENTENCE = re.compile(r"[.!?:;][\"”’»)]*$")
DANGLING_END = re.compile(
    r"(?:\s(?:och|eller|samt|för|inför|om|av|till|i|på|med|från|under|kring|mot|vid|efter|"
    r"utifrån|gällande|inom|mellan|att|som|den|det|de|en|ett|är|var|har|ska|kan)|[,–&])$",
    re.IGNORECASE,
)
DECISION = re.compile(
    r"^(?P<kind>(?i:beslut|ställningstagande|inriktningsbeslut))"
    r"(?:\s+(?P<label>[A-ZÅÄÖ0-9§][^:.!?]{0,60}?))?\s*(?::\s*(?P<text>.*)|$)",
    re.DOTALL,
)
_TABLED = re.compile(r"\bbordl(?:ägg|agd|agt|agda|ades|ägga|äggning)\w*", re.IGNORECASE)

_PRESENTING = re.compile(
    r"\b(?:berättar|berättade|informerar|informerade|presenterar|presenterade|inleder|inledde|"
    r"föredrar|redogör|redogjorde|summerar|sammanfattar|återkopplar|går igenom|gick igenom|"
    r"ger (?:en )?(?:aktuell |kort )?(?:information|återblick|lägesrapport|bakgrund)|visar|"
    r"beskriver|rapporterar|hälsar)\b"
)
_SENTENCES = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"”(]?[A-ZÅÄÖ0-9])")

# Actions: somebody will do something ----------------------------------------------------
_WHO = r"(?P<who>(?:[A-ZÅÄÖ][\wåäöÅÄÖ:-]*)(?:\s+(?:[A-ZÅÄÖ][\wåäöÅÄÖ-]*|[A-ZÅÄÖ]\.?))?)"
_ACTION_VERBS = (
    r"skicka|sända|mejla|maila|återkomma|återkoppla|sammanställa|sammanfatta|ta fram|bjuda in|"
    r"kalla|undersöka|utreda|kontakta|planera|presentera|informera|ta upp|lyfta|följa upp|"
    r"boka|samla in|förbereda|uppdatera|sprida|ordna|arrangera|utvärdera|justera|skriva|"
    r"återrapportera|ta kontakt|se över|bereda|besvara|svara|leverera|ta fram"
)
_REPORTS_BACK = re.compile(rf"(?:^|[,;]\s*|\boch\s+){_WHO}\s+(?:återkommer|återkopplar)\b")
_WILL = re.compile(
    rf"(?:^|[,;]\s*|\boch\s+){_WHO}\s+(?:kommer\s+(?:att\s+)?|ska\s+|skall\s+)(?:{_ACTION_VERBS})\b"
)
_WILL_INVERTED = re.compile(
    rf"\bkommer\s+(?P<who>GR|[A-ZÅÄÖ][\wåäö]+(?:\s+[A-ZÅÄÖ][\wåäö]+)?)\s+(?:att\s+)?"
    rf"(?:{_ACTION_VERBS})\b"
)
_PASSIVE_VERBS = (
    r"skickas|sändas|mejlas|mailas|sammanställas|presenteras|återkopplas|utvärderas|"
    r"följas upp|tas fram|planeras|bjudas in|kallas|distribueras|återrapporteras"
)
_PASSIVE = re.compile(
    r"\b(?:skickas|sänds|mejlas|mailas|distribueras|sammanställs|bifogas senare|återkopplas|"
    rf"kommer\s+(?:att\s+)?(?:\w+\s+)?(?:att\s+)?(?:{_PASSIVE_VERBS}))\b",
    re.IGNORECASE,
)
_DEADLINE = re.compile(
    r"\b(?:svar|synpunkter|anmälan|underlag|inspel)\s+(?:senast|före|innan)\b|"
    r"\b(?:ska|skall|behöver)\b[^.]*\bsenast\b|\bfår i uppdrag\b|\bges i uppdrag\b",
    re.IGNORECASE,
)
_DUE_DATE = re.compile(
    r"\b(?P<word>senast|före|innan|till|by)\s+(?:den\s+)?(?P<date>\d{1,2}/\d{1,2}|"
    r"\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|"
    r"november|december)(?:\s+20\d\d)?|20\d\d-\d\d-\d\d)",
    re.IGNORECASE,
)
_NEXT_MEETING = re.compile(
    r"\b(?:inför|till|före|på|vid)\s+(?:nästa|nästkommande|kommande)\s+"
    r"(?:nätverksträff|nätverksmöte|möte|träff|sammanträde)\w*",
    re.IGNORECASE,
)
_NOT_WHO = {
    "det",
    "den",
    "detta",
    "vi",
    "man",
    "de",
    "här",
    "nu",
    "sedan",
    "därefter",
    "frågan",
    "nätverket",
    "efter",
    "inför",
    "under",
    "i",
    "på",
    "vid",
}


@dataclass
class Paragraph:
    text: str
    bullet: bool = False
    heading: bool = False


def _ends_sentence(text: str) -> bool:
    return bool(_END_OF_SENTENCE.search(text[-12:]))  # the tail only: paragraphs grow long


_NUMBERED = re.compile(r"^(?:\(?\d{1,2}[.)]|[a-z]\))\s")


def _starts_block(line: Line) -> bool:
    return bool(
        line.bullet or line.heading or DECISION.match(line.text) or _NUMBERED.match(line.text)
    )


def _continues(previous: str, line: Line, wrapped: bool, bullet: bool = False) -> bool:
    """Is this line the rest of the previous line's sentence (a hard line break)?"""
    if _ends_sentence(previous) or _starts_block(line):
        return False
    first = line.text[0]
    if first.islower() or first in "(–-" or previous.endswith("-"):
        return True
    if DANGLING_END.search(previous[-16:]):
        return True
    return wrapped and len(previous) >= 40 and not bullet


def build_paragraphs(lines: list[Line], *, wrapped: bool) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs; blank lines separate paragraphs otherwise."""
    paragraphs: list[Paragraph] = []
    gap = True
    for line in lines:
        if line.blank:
            gap = True
            continue
        if line.url_only:
            continue
        text = line.text
        if (
            paragraphs
            and not paragraphs[-1].heading
            and _continues(paragraphs[-1].text, line, wrapped, paragraphs[-1].bullet)
        ):
            previous = paragraphs[-1]
            glue = "" if previous.text.endswith("-") and previous.text[-2:-1].isalpha() else " "
            previous.text = previous.text + glue + text
        elif (
            paragraphs
            and not gap
            and not paragraphs[-1].heading
            and (not _starts_block(line) or _NUMBERED.match(line.text))
        ):
            paragraphs[-1].text += "\n" + text
        else:
            paragraphs.append(Paragraph(text, bullet=line.bullet, heading=bool(line.heading)))
        gap = False
    return paragraphs


def body_text(paragraphs: list[Paragraph]) -> str:
    """Paragraphs separated by a blank line; a run of bullets stays one list."""
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            together = paragraph.bullet and paragraphs[index - 1].bullet
            out.append("\n" if together else "\n\n")
        out.append(("- " if paragraph.bullet else "") + paragraph.text)
    return "".join(out)


# "Beslut att använda …": the label and the att-clause, without a colon
_DECISION_ATT = re.compile(
    r"^(?P<kind>(?i:beslut|ställningstagande|inriktningsbeslut))\s+(?P<text>att\s.+)$", re.DOTALL
)
# "Styrelsen beslutar att …", "Beslöts att …", "Efter viss diskussion beslutade mötet att …"
_DECIDING = re.compile(
    rf"^(?:[\w-]+[,]?\s+){{0,5}}(?i:{vocabulary.DECISION_VERBS})\s+(?:[\w-]+\s+){{0,2}}att\s+\S",
)


# "Förbundsstyrelsen beslutar" on a line of its own, the att-clauses after it
_DECIDING_END = re.compile(
    rf"^(?:[\w-]+\s+){{0,5}}(?i:{vocabulary.DECISION_VERBS})(?:\s+(?:därmed|således))?\s*:?$"
)
_ATT = re.compile(r"^att\s+\S", re.IGNORECASE)


def _att_clauses(paragraphs: list[Paragraph], index: int, used: set[int]) -> tuple[str, int]:
    """The "att …" paragraphs from index on: one decision's clauses."""
    clauses = []
    while index < len(paragraphs) and _ATT.match(paragraphs[index].text):
        clauses.append(paragraphs[index].text.strip())
        used.add(index)
        index += 1
    return "\n".join(clauses), index


_PROPOSING = re.compile(r"\b(?:föreslå\w*|förslag\w*|yrka\w*|hemställ\w*|rekommender\w*)\b", re.I)
# "Förslag till beslut", "Yrkande": what follows is proposed, not decided
_PROPOSAL_HEADING = re.compile(
    r"^(?:förslag till beslut|beslutsförslag|förslag|yrkande\w*|[\w-]+s förslag(?: till beslut)?)"
    r"\s*:?$",
    re.IGNORECASE,
)


def is_proposal_heading(text: str) -> bool:
    return bool(_PROPOSAL_HEADING.match(text.strip()))


def _deciding_sentences(text: str) -> list[str]:
    return [
        s
        for s in sentences(text)
        if (m := _DECIDING.match(s)) and not _PROPOSING.search(s[: m.end()])
    ]


def find_decisions(paragraphs: list[Paragraph]) -> tuple[list[ParsedDecision], set[int]]:
    """Decisions: "Beslut: ...", "Beslut Nära Vård: ...", a heading "Beslut", "Beslut att ...",
    and sentences with a verb of deciding ("Styrelsen beslutar att ...", "Beslöts att ...")."""
    decisions, used = [], set()
    index = 0
    proposed = False  # under "Förslag till beslut": "Styrelsen beslutar att …" is proposed
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        match = DECISION.match(paragraph.text)
        if _PROPOSAL_HEADING.match(paragraph.text.strip()):
            proposed = True
            index += 1
            continue
        if match or paragraph.heading:
            proposed = False
        if proposed:
            index += 1
            continue
        if not match and (att := _DECISION_ATT.match(paragraph.text)):
            kind = att.group("kind").casefold()
            decisions.append(ParsedDecision(kind=kind, label="", text=att.group("text").strip()))
            used.add(index)
            index += 1
            continue
        if not match and _DECIDING_END.match(paragraph.text) and index + 1 < len(paragraphs):
            clauses, after = _att_clauses(paragraphs, index + 1, used)
            if clauses:
                used.add(index)
                text = paragraph.text.rstrip(":") + "\n" + clauses
                decisions.append(ParsedDecision(kind="beslut", label="", text=text))
                index = after
                continue
        if not match and not paragraph.heading:
            found = _deciding_sentences(paragraph.text)
            for sentence in found:
                decisions.append(ParsedDecision(kind="beslut", label="", text=sentence.strip()))
            if found and len(found) == len(sentences(paragraph.text)):
                used.add(index)
            index += 1
            continue
        if not match or paragraph.bullet:
            index += 1
            continue
        kind = match.group("kind").casefold()
        label = (match.group("label") or "").strip()
        text = (match.group("text") or "").strip()
        if label and (len(label.split()) > 5 or not (label[0].isupper() or label[0].isdigit())):
            index += 1
            continue
        if match.group("text") is None and (label or len(paragraph.text.split()) > 3):
            index += 1  # "Beslut om uppdrag ..." is prose, not a label
            continue
        used.add(index)
        index += 1
        if not text and index < len(paragraphs) and not DECISION.match(paragraphs[index].text):
            text = paragraphs[index].text
            used.add(index)
            index += 1
        if text and (_ATT.match(text) or _DECIDING_END.match(text)):
            # "Beslut" / "Styrelsen beslutar" / "att godkänna …" / "att uppdra …": one decision
            clauses, index = _att_clauses(paragraphs, index, used)
            text = "\n".join(filter(None, [text.rstrip(":") if clauses else text, clauses]))
        if text.endswith(":"):  # "Nätverket beslutar att:" and a list
            while index < len(paragraphs) and paragraphs[index].bullet:
                text += "\n- " + paragraphs[index].text
                used.add(index)
                index += 1
        if text:
            decisions.append(ParsedDecision(kind=kind, label=label, text=" ".join(text.split(" "))))
    return decisions, used


def is_tabled(text: str) -> bool:
    return bool(_TABLED.search(text))


def sentences(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        out.extend(s.strip() for s in _SENTENCES.split(line) if s.strip())
    return out


def _due(sentence: str, meeting: datetime.date | None) -> tuple[datetime.date | None, str]:
    if match := _DUE_DATE.search(sentence):
        raw = match.group("date")
        due = None
        year = meeting.year if meeting else None
        if iso := ISO_DATE.search(raw):
            due = safe_date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
        elif year and (slash := SLASH_DATE.fullmatch(raw)):
            due = safe_date(year, int(slash["month"]), int(slash["day"]))
        elif year and (named := DAY_MONTH.fullmatch(raw)):
            due = safe_date(
                int(named["year"] or year), month_number(named["month"]), int(named["day"])
            )
        if due and meeting and due < meeting and not re.search(r"20\d\d", raw):
            due = safe_date(due.year + 1, due.month, due.day)
        return due, f"{match.group('word')} {raw}"
    if _NEXT_MEETING.search(sentence):
        return None, "till nästa möte"
    return None, ""


def _who(match: re.Match) -> str:
    who = match.group("who").strip()
    return "" if who.split()[0].casefold() in _NOT_WHO else who


def find_actions(text: str, meeting: datetime.date | None) -> list[ParsedAction]:
    """Sentences in which somebody will do something (best effort)."""
    actions = []
    for sentence in sentences(text):
        sentence = sentence.lstrip("- ").strip()
        responsible = None
        for pattern in (_REPORTS_BACK, _WILL, _WILL_INVERTED):
            if match := pattern.search(sentence):
                responsible = _who(match)
                break
        if responsible is None and (_PASSIVE.search(sentence) or _DEADLINE.search(sentence)):
            responsible = ""
        if responsible is None:
            continue
        if re.search(r"\bhar\s+(?:skickats|sänts)\b", sentence):
            continue
        due, due_text = _due(sentence, meeting)
        actions.append(
            ParsedAction(text=sentence, responsible=responsible, due=due, due_text=due_text)
        )
    return actions


def find_presenters(text: str, known: dict[str, str]) -> list[str]:
    """Names before "berättar/informerar/presenterar/inleder" in a sentence.

    `known` maps a casefolded name, first name or "First L" to an attendee's full name; other
    full names written as the sentence's subject are kept as written.
    """
    found: list[str] = []
    for sentence in sentences(text):
        match = _PRESENTING.search(sentence)
        if not match:
            continue
        # the subject just before the verb; a joined PDF line may put more text in front
        subject = sentence[max(0, match.start() - 120) : match.start()]
        for name_match in NAME_IN_TEXT.finditer(subject):
            name = known.get(name_match.group(0).casefold(), name_match.group(0))
            if name not in found:
                found.append(name)
        if not any(True for _ in NAME_IN_TEXT.finditer(subject)):
            words = subject.strip().rstrip(",").split()
            if 1 <= len(words) <= 2:
                full = known.get(" ".join(words).casefold())
                if full and full not in found:
                    found.append(full)
    return found


def find_links(lines: list[Line], extra: str = "") -> list[str]:
    links: list[str] = []
    for line in lines:
        for link in line.links:
            if link not in links:
                links.append(link)
    for match in URL.finditer(extra):
        link = match.group(0).rstrip(".,;:")
        if link not in links:
            links.append(link)
    return links


# Attendance stated in an item's text ---------------------------------------------------

_PRESENCE = re.compile(
    rf"\b(?:{vocabulary.PRESENCE_VERBS})\b[^:]*:\s*(?P<list>.*)$", re.IGNORECASE | re.DOTALL
)
_ALSO_PRESENT = re.compile(
    rf"^(?:dessutom|även|också)\s+(?:{vocabulary.PRESENCE_VERBS})\s+(?P<list>.+?)"
    rf"(?P<without>\s+(?:{vocabulary.WITHOUT_VOTE}))?\.?$",
    re.IGNORECASE,
)
_AND_ALSO = re.compile(r"^samt\s+(?P<name>[\w.-]+)\s*(?P<note>.*?)\.?$", re.IGNORECASE)
_WITHOUT_VOTE = re.compile(vocabulary.WITHOUT_VOTE, re.IGNORECASE)
_FROM_ITEM = re.compile(r"\b(?:från|fr\.?o\.?m\.?)\s+(?:punkt|§)\s*\d+", re.IGNORECASE)
_HANDLE = re.compile(r"^[\wåäöÅÄÖ.-]{2,20}$")


@dataclass
class Presence:
    """A person said to be present in running text: "närvarade med rösträtt: nsg, kaj"."""

    text: str  # as written: a full name line ("Tomas Nyström (thn)") or a handle ("nsg")
    group: str
    note: str = ""


def find_presence(paragraphs: list[Paragraph]) -> list[Presence]:
    found: list[Presence] = []
    index, last_group = 0, ""
    pending: list[str] = []
    while index < len(paragraphs) or pending:
        if pending:
            text = pending.pop(0)
        else:
            # "…, perixon, fabian Samt katy från punkt 8": a wrapped paragraph holds two
            text, *rest = re.split(r"(?<=\w)\s+(?=Samt\s)", paragraphs[index].text.strip())
            pending.extend(rest)
            index += 1
        if match := _ALSO_PRESENT.match(text):
            group = "guest" if match.group("without") else "network"
            found.extend(Presence(name, group) for name in _handles(match.group("list")))
            last_group = group
            continue
        if last_group and (match := _AND_ALSO.match(text)):
            found.append(Presence(match.group("name"), last_group, match.group("note")))
            continue
        match = _PRESENCE.search(text) if not paragraphs[index - 1].bullet else None
        if not match:
            last_group = ""
            continue
        head = text[: match.start("list")]
        group = "guest" if _WITHOUT_VOTE.search(head) else "network"
        note = (_FROM_ITEM.search(head) or [""])[0]
        names = _handles(match.group("list"))
        if not names:  # the names follow as a list
            while index < len(paragraphs) and paragraphs[index].bullet:
                found.append(Presence(paragraphs[index].text.strip(), group, note))
                index += 1
        found.extend(Presence(name, group, note) for name in names)
        last_group = group
    return found


def is_handle(text: str) -> bool:
    return bool(_HANDLE.match(text))


def _handles(text: str) -> list[str]:
    """ "nsg, stellanl, kaj och map" -> the names; nothing if the text is not such a list."""
    pieces = [p.strip().rstrip(".") for p in re.split(r",\s*|\s+och\s+|\n", text) if p.strip()]
    names = [p for p in pieces if _HANDLE.match(p) or len(p.split()) <= 4]
    return names if pieces and len(names) == len(pieces) else []
