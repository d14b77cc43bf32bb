"""The structure of a text of minutes: days, attendance, numbered items, recorders."""

import datetime
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import content, vocabulary
from .attendance import (
    Header,
    attendance_header,
    default_aliases,
    is_name,
    is_table_header,
    name_run,
    note_presence,
    parse_attendee,
    parse_inline_list,
    presence_column,
    table_row_presence,
)
from .dates import date_in_filename, day_heading, full_date_in, suggest_date, swedish_date
from .errors import ParseError
from .lines import Line, clean_inline, split_lines
from .model import ParsedAttendee, ParsedDay, ParsedItem, ParsedMinutes, ParsedRecorder
from .prepare import prepare_text
from .text import normalize_text

NO_ATTENDANCE = "Ingen närvarolista hittades i texten: lägg till de närvarande i granskningen."
NO_ITEMS = "Inga punkter hittades i texten: dela in texten i punkter i granskningen."

# "4. Title", "4) Title", "§ 4 Title", "§4. Title", "Punkt 4: Title"
_ITEM = re.compile(
    r"^(?:\*\*|__)?\s*(?:(?P<num>\d{1,2})\s*[.):]|§\s*(?P<para>\d{1,3})\s*[.:]?|"
    r"(?i:punkt|ärende)\s+(?P<pt>\d{1,2})\s*[.:–-]?)(?:\s*(?:\*\*|__))?\s+(?P<rest>\S.*)$"
)
_BARE_PARAGRAPH = re.compile(r"^§\s*(\d{1,3})\s*$")
_TITLE_SENTENCE = re.compile(r"(?<=[\wåäöÅÄÖ)]{3})[.!?]\s+(?=[A-ZÅÄÖ])")
_THEME = re.compile(
    r"^(?:i fokus|tema|fokus|dagens tema|temat)\s*:\s*(?P<theme>\S.*)$", re.IGNORECASE
)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_RECORDER = re.compile(
    rf"^(?:{_alternatives(vocabulary.RECORDER_LABELS)})\b\s*[:,.]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ADJUSTER = re.compile(
    rf"^(?:{_alternatives(vocabulary.ADJUSTER_LABELS)})\b\s*[:,]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SIGNATURE_DOTS = re.compile(r"[.…_]{3,}")
_NICK = re.compile(r"\s*[‹(][\w.-]{1,20}[›)]")
_PERSON = r"[A-ZÅÄÖ][\wåäöéü-]+(?:\s+[A-ZÅÄÖ](?:[\wåäöéü-]+|\.)?){0,2}"
# "Bosse antecknade", "Peter skrev" closing the text (glued to the last sentence or not)
_RECORDER_VERB = re.compile(
    rf"(?P<name>{_PERSON})\s+(?:{_alternatives(vocabulary.RECORDER_VERBS)})\.?\s*$"
)
# "Rasmus Kaj ‹kaj›, mötessekreterare" in the signatures
_SIGNED = re.compile(
    rf"^(?P<name>{_PERSON})(?:\s*[‹(][^›)]*[›)])?\s*,\s*(?:{vocabulary.ELECTED_RECORDER})\b",
    re.IGNORECASE,
)
# "Gustav Dalemo väljs till mötessekreterare", "Mötet valde kaj som mötessekreterare"
_ELECTED = re.compile(
    rf"(?:(?P<name>{_PERSON})(?:\s*[‹(][^›)]*[›)])?\s+(?:väljs|valdes|utses|utsågs)|"
    rf"\b(?:valde|utsåg)\s+(?P<chosen>[\wåäöÅÄÖ-]+(?:\s+[A-ZÅÄÖ][\wåäö-]+)?))"
    rf"\s+(?:till|som)\s+(?:{vocabulary.ELECTED_RECORDER})\b",
)
_NOT_PEOPLE = {"det", "vi", "han", "hon", "jag", "man", "som", "den", "de", "mötet", "styrelsen"}
_AGENDA = re.compile(r"^(?:dagordning|agenda|föredragningslista|program)\s*:?$", re.IGNORECASE)
_META = re.compile(
    rf"^(?P<key>{_alternatives(vocabulary.META_LABELS)})\s*:\s*(?P<value>.+)$", re.IGNORECASE
)
_TIME = re.compile(
    r"(?:,\s*)?\b(?:kl\.?|klockan)?\s*\d{1,2}(?:[.:]\d{2})?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?\b"
    r"|\bkl\.?\s*\d{1,2}(?:[.:]\d{2})?",
    re.IGNORECASE,
)
TITLE_WORDS = re.compile(rf"\b(?:{'|'.join(vocabulary.TITLE_WORDS)})\b", re.IGNORECASE)
_NOT_ITEM = re.compile(rf"^(?:{'|'.join(map(re.escape, vocabulary.NOT_ITEM_HEADINGS))})(?:\W|$)")
_TITLE_WORDS = re.compile(
    r"(?:ledare|chef|sekreterare|handläggare|strateg|samordnare|utredare|direktör|controller|"
    r"ordförande|assistent|koordinator|specialist)$",
    re.IGNORECASE,
)


@dataclass
class _ItemDraft:
    number: int
    title: str
    lines: list[Line] = field(default_factory=list)
    first: str = ""  # text after the title on the heading line
    heading: int = 0  # the Markdown level of the heading that opened it
    doubts: list[str] = field(default_factory=list)
    printed: int | None = None  # the number as printed, when the item was renumbered


@dataclass
class _DayDraft:
    heading: str = ""
    heading_date: tuple[int, int, int | None] | None = None
    attendees: list[ParsedAttendee] = field(default_factory=list)
    absent: list[ParsedAttendee] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    items: list[_ItemDraft] = field(default_factory=list)


def _is_wrapped(lines: list[Line]) -> bool:
    """Text from a PDF: short lines with hard breaks inside sentences."""
    lengths = sorted(len(line.text) for line in lines if line.text and not line.url_only)
    if len(lengths) < 15:
        return False
    return lengths[int(len(lengths) * 0.9)] <= 110


class _Parser:
    def __init__(
        self, text: str, aliases: Mapping[str, str], regional_body: str, flat: bool = False
    ) -> None:
        self.lines = split_lines(text)
        self.flat = flat  # the text lost its line breaks: titles run on into the text
        self.aliases = aliases
        self.regional_body = regional_body
        self.gr_words = {"gr", "göteborgsregionen", "fou i väst", regional_body.casefold()} | {
            key for key, value in aliases.items() if value == regional_body
        }
        self.wrapped = _is_wrapped(self.lines)
        self.days: list[_DayDraft] = []
        self.recorders: list[ParsedRecorder] = []
        self.adjusters: list[str] = []
        self.theme = ""
        self.meta: dict[str, str] = {}
        self.preamble: list[str] = []
        self.warnings: list[str] = []
        self.unplaced: list[str] = []
        self.agenda: list[tuple[int, str]] = []  # "Dagordning" points: (number, title)
        self.presence_col: int | None = None  # an X-marked attendance table's column

    # helpers -----------------------------------------------------------------------------

    @property
    def day(self) -> _DayDraft:
        if not self.days:
            self.days.append(_DayDraft())
        return self.days[-1]

    def _next_filled(self, index: int, count: int) -> list[Line]:
        out = []
        for line in itertools.islice(self.lines, index + 1, None):
            if not line.blank:
                out.append(line)
                if len(out) == count:
                    break
        return out

    def _header(self, line: Line) -> Header | None:
        if line.bullet or len(line.text.partition(":")[0]) > 80:
            return None
        return attendance_header(line.text, self.gr_words)

    def _attendee(self, text: str, group: str) -> ParsedAttendee | None:
        return parse_attendee(
            text, group=group, aliases=self.aliases, regional_body=self.regional_body
        )

    def _item(self, line: Line) -> tuple[int, str, str, str] | None:
        """(number, title, text after the title, style) for a line shaped like an item."""
        match = _ITEM.match(line.core)
        if not match:
            if bare := _BARE_PARAGRAPH.match(line.core):  # "§ 88": its title is elsewhere
                return int(bare.group(1)), "", "", "para"
            return None
        style = "num" if match.group("num") else ("para" if match.group("para") else "punkt")
        number = int(match.group("num") or match.group("para") or match.group("pt"))
        rest = match.group("rest")
        after = ""
        if "**" in rest or "__" in rest:
            marker = "**" if "**" in rest else "__"
            title, _, after = rest.partition(marker)
            after = after.replace(marker, "").strip()
        else:
            title = rest
        title, _ = clean_inline(title)
        if not after and not line.heading:
            parts = _TITLE_SENTENCE.split(title, maxsplit=1)
            if len(parts) == 2 and parts[1].strip():
                title, after = parts[0], parts[1]
        if not after and self.flat and len(title.split()) >= 5:
            title, after = _split_flat_title(title)
        title = title.strip().rstrip(".:").strip()
        after, _ = clean_inline(after)
        if not title or not (title[0].isupper() or title[0].isdigit() or title[0] in '"”«(§'):
            return None
        return number, title, after, style

    @staticmethod
    def _printed(item: _ItemDraft) -> int:
        return item.printed if item.printed is not None else item.number

    def _ends_sub_list(self, line: Line, title: str) -> bool:
        """A number that fits both the agenda and a list inside the item: which one is it?"""
        if line.heading or line.core.startswith(("**", "__")) or self.sub_seen > 6:
            return True
        if self.sub_adjacent and self.after_blank:  # a list written tight, then a blank line
            return True
        return self.sub_long and self._heading_like(line, title) and len(title) <= 80

    def _heading_like(self, line: Line, title: str) -> bool:
        return bool(line.heading or line.core.startswith(("**", "__"))) or (
            len(title) <= 120 and not re.search(r"[.!?]\s", title)
        )

    def _body(self, line: Line) -> None:
        if self.state == "items" and self.day.items:
            self.day.items[-1].lines.append(line)
        else:
            self.unplaced.append(line.text)

    # the scan ----------------------------------------------------------------------------

    def run(self) -> None:
        self.state = "preamble"  # preamble | agenda | attendance | intro | items | recorders
        self.group = "network"  # the attendance section being read
        self.resume = "items"  # the state to go back to after a recorders block
        self.after_blank = False  # a blank line since the last filled line
        self.sub_next: int | None = None  # next number of a numbered list inside an item
        self.sub_seen = 0  # filled lines since that list's last entry
        self.sub_long = False  # that list's entries are sentences, not headings
        self.sub_adjacent = False  # that list's last entry came right after the line above
        self.agenda_last = 0
        self.consumed: set[int] = set()
        self._survey()
        for index, line in enumerate(self.lines):
            if index in self.consumed:
                continue
            if line.blank:
                if self.state == "items" and self.day.items:
                    self.day.items[-1].lines.append(line)
                self.after_blank = True
                continue
            self._line(index, line)
            self.after_blank = False

    def _survey(self) -> None:
        """How this text marks its items: numbers, Markdown headings, or short topic lines."""
        # the title: a first heading, with a title word or a date, before any list or label
        self.title_index = None
        for i in [i for i, line in enumerate(self.lines) if not line.blank][:4]:
            line = self.lines[i]
            if line.heading:
                if TITLE_WORDS.search(line.text) or full_date_in(line.text):
                    self.title_index = i
                break
            if line.bullet or attendance_header(line.text, self.gr_words):
                break
        first_number = next(
            (
                i
                for i, line in enumerate(self.lines)
                if not line.code and (c := self._item(line)) and (c[0] == 1 or c[3] != "num")
            ),
            None,
        )
        headings = [
            i
            for i, line in enumerate(self.lines)
            if line.heading and self._heading_title(i, line) and not self._item(line)
        ]
        self.heading_mode = len(headings) >= 2 and (
            first_number is None or headings[0] < first_number
        )
        self.topic_mode = first_number is None and not headings

    def _heading_title(self, index: int, line: Line) -> str:
        """The title of a heading that can be an item: not the title, a date, or a label."""
        if not line.heading or line.code or line.heading > 2 or index == self.title_index:
            return ""
        title = line.text.strip().rstrip(":.").strip()
        lower = title.casefold()
        if not title or len(title) > 120 or day_heading(title) or _NOT_ITEM.match(lower):
            return ""
        if lower in vocabulary.ITEM_PART_HEADINGS:  # "## Åtgärder" inside an item
            return ""
        if len(title) <= 25 and full_date_in(title):
            return ""
        if attendance_header(title, self.gr_words) or _META.match(title + ": x"):
            return ""
        return title

    def _unnumbered_item(self, index: int, line: Line) -> bool:
        """A heading or a topic line ("Hacktober:") that opens the next item."""
        title = ""
        if line.heading:
            title = self._heading_title(index, line)
            last = self.day.items[-1] if self.day.items else None
            continuing = last is not None and last.heading and line.heading <= last.heading
            if not title or not (self.heading_mode or continuing):
                lower = line.text.strip().rstrip(":.").casefold()
                if (
                    line.heading <= 2
                    and self.day.items
                    and lower not in vocabulary.ITEM_PART_HEADINGS
                    and _NOT_ITEM.match(lower)
                ):
                    self.state = "end"  # "## Bilaga 1", "## Signaturer": the minutes are over
                    self.unplaced.append(line.text)
                    return True
                return False
        elif self.topic_mode and (
            self.state != "attendance" or self._attendee(line.text, self.group) is None
        ):
            title = self._topic_title(index, line)
        if not title:
            return False
        number = self.day.items[-1].number + 1 if self.day.items else 1
        self.day.items.append(
            _ItemDraft(number=number, title=title, heading=line.heading, doubts=["number_guessed"])
        )
        self.state, self.sub_next, self.sub_seen = "items", None, 0
        return True

    def _topic_title(self, index: int, line: Line) -> str:
        """ "Hacktober:" before its text, or a short line standing alone between blank lines."""
        text = line.text.strip()
        if line.bullet or line.code or len(text) > 60 or len(text.split()) > 7:
            return ""
        if not text[0].isupper() or is_name(text.rstrip(":"), self.aliases):
            return ""
        label = text.rstrip(":").strip()
        if _META.match(label + ": x") or attendance_header(label, self.gr_words):
            return ""
        if content.DECISION.match(label) or content.is_proposal_heading(label):
            return ""  # "Beslut", "Förslag till beslut": parts of an item
        if text.endswith(":") and ":" not in label:
            return label
        before = self.lines[index - 1] if index else None
        after = self.lines[index + 1] if index + 1 < len(self.lines) else None
        alone = (before is None or before.blank) and (after is None or after.blank)
        first_line = not any(not earlier.blank for earlier in self.lines[:index])
        if (
            alone
            and not first_line
            and not re.search(r"[.!?:;,]$", text)
            and not TITLE_WORDS.search(text)
            and not full_date_in(text)
        ):
            return label
        return ""

    def _line(self, index: int, line: Line) -> None:
        text = line.text
        if line.code:
            self._body(line)
            return
        if self.state == "end":
            if not self._recorders(line):
                self.unplaced.append(text)
            return
        if self._day_heading(index, line):
            return
        if self._recorders(line):
            return
        if self._attendance_header(index, line):
            return
        if self._agenda(line):
            return
        candidate = self._item(line) if self.state != "recorders" else None
        if candidate:
            if self._accept_item(line, candidate):
                number, title, after, _ = candidate
                title = self._wrapped_title(index, line, title, after)
                draft = _ItemDraft(number=number, title=title, first=after, heading=line.heading)
                if not title:
                    draft.doubts.append("title_unsure")
                if self.day.items and number == self._printed(self.day.items[-1]):
                    draft.number, draft.printed = self.day.items[-1].number + 1, number
                    draft.doubts.append("number_repeated")
                self.day.items.append(draft)
                self.state, self.sub_next, self.sub_seen = "items", None, 0
                return
            if self.state == "items":
                self.day.items[-1].lines.append(line)
                return
        if self._unnumbered_item(index, line):
            return
        if self.state == "items":
            if self.sub_next is not None:
                self.sub_seen += 1
            self.day.items[-1].lines.append(line)
            return
        if self.state == "attendance":
            if match := _THEME.match(text):
                self.theme = match.group("theme").strip()
                self.state = "intro"
                return
            if is_table_header(text):
                self.presence_col = presence_column(line.raw)
                return
            if (
                self.presence_col is not None
                and (row := table_row_presence(line.raw, self.presence_col))
                and (attendee := self._attendee(row[0], self.group))
            ):
                self._add(attendee, self.group if row[1] else "absent")
                return
            if columns := self._columns(line):  # "Anna Berg, Ale     Bo Ek, Lerum"
                for attendee in columns:
                    self._add(attendee, self.group)
                return
            if attendee := self._attendee(text, self.group):
                self._add(attendee, self.group)
                return
            run, stop = self._name_run(text, self.group, strict=False)
            if run:
                for attendee in run:
                    self._add(attendee, self.group)
                self._push_back(text[stop:], index)
                return
            self.state = "intro"  # a sentence ends the list
        if match := _THEME.match(text):
            self.theme = match.group("theme").strip()
        elif match := _META.match(text):
            self.meta.setdefault(match.group("key").casefold(), match.group("value").strip())
            if not self.day.items and not self.day.attendees:
                # a flattened form: "Plats och tid: ande: … kl Roland Åkesson, ordf Lisbeth …"
                run, stop = self._name_run(match.group("value"), "network", seek=True)
                if len(run) >= 3:
                    for attendee in run:
                        self._add(attendee, "network")
                    self.state = "attendance"
        elif self.state == "intro":
            self.day.intro.append(text)
        else:
            self.preamble.append(text)

    def _day_heading(self, index: int, line: Line) -> bool:
        """ "Den 8 november" opens a day when attendance or item 1 follows closely."""
        heading = day_heading(line.text) if not line.bullet else None
        if not heading or not self._opens_day(index):
            return False
        if self.days and (self.day.items or self.day.attendees or self.day.heading):
            self.days.append(_DayDraft())
        self.day.heading, self.day.heading_date = line.text.rstrip(":."), heading
        self.state, self.group, self.sub_next = "preamble", "network", None
        return True

    def _recorders(self, line: Line) -> bool:
        """ "Antecknat av", "Vid anteckningarna", "Justeras" and the names after them."""
        text = line.text
        # "## Protokolljusterare" is an item, "### Sekreterare" in an election a sub-heading
        label_line = not line.heading or (line.heading <= 2 and not self.heading_mode)
        if not line.bullet and len(text) < 120 and label_line:
            if match := _RECORDER.match(text):
                signed = bool(_SIGNATURE_DOTS.search(match.group("rest")))  # "Sekreterare ……"
                rest = _SIGNATURE_DOTS.sub("", match.group("rest")).strip()
                if not rest or self._recorder_line(rest, new=True) or signed:
                    self._enter("recorders")
                    return True
            if match := _ADJUSTER.match(text):
                rest = match.group("rest").strip()
                self.adjusters.extend(
                    n.strip() for n in re.split(r",|\boch\b", rest) if is_name(n.strip())
                )
                self._enter("adjusters")
                return True
        if self.state == "recorders":
            header = self._header(line)
            if (
                not self._item(line)
                and not (header and header.strong)
                and self._recorder_line(text, new=self.after_blank)
            ):
                return True
            self.state = self.resume
        elif self.state == "adjusters":
            name = text.split(",")[0].strip()
            if is_name(name, self.aliases):
                self.adjusters.append(name)
                return True
            self.state = self.resume
        return False

    def _enter(self, state: str) -> None:
        if self.state not in {"recorders", "adjusters"}:
            self.resume = self.state
        self.state = state

    def _attendance_header(self, index: int, line: Line) -> bool:
        header = self._header(line)
        if not header:
            return False
        before_items = self.state in {"preamble", "agenda", "attendance", "intro"}
        if before_items and not self.day.items:
            pass
        elif self.state == "items" and header.strong and self._list_follows(index):
            self.days.append(_DayDraft())  # a new day's attendance after the items
        else:
            return False
        self.state, self.group, self.presence_col = "attendance", header.group, None
        if header.rest:
            self._add_inline(header.rest, self.group, index)
        return True

    def _agenda(self, line: Line) -> bool:
        """A "Dagordning" list before the items: its numbers are not the items (the same points
        follow with their text); kept to fill in points the text leaves out."""
        before_items = self.state in {"preamble", "intro", "attendance"} and not self.day.items
        if before_items and _AGENDA.match(line.text):
            self.state, self.agenda_last = "agenda", 0
            return True
        if self.state != "agenda":
            return False
        candidate = self._item(line)
        if (candidate and candidate[0] > self.agenda_last) or line.bullet:
            self.agenda_last = candidate[0] if candidate else self.agenda_last
            if candidate:
                self.agenda.append((candidate[0], candidate[1]))
            return True
        self.state = "preamble"
        return False

    def _accept_item(self, line: Line, candidate: tuple[int, str, str, str]) -> bool:
        """Is this numbered line the day's next agenda item, or a list inside an item?"""
        number, title, after, style = candidate
        items = self.day.items
        if not items:
            plausible = (
                number == 1 or style != "num" or (number <= 3 and self._heading_like(line, title))
            )
            return plausible and (
                self.state != "preamble"
                or bool(self.day.attendees)
                or style != "num"
                or number == 1
            )
        expected = items[-1].number + 1
        if (
            number == self._printed(items[-1])
            and self.after_blank
            and not after
            and self._heading_like(line, title)
        ):
            return True  # "1." printed for every point: numbered in order
        # entries of a list inside an item are sentences more often than headings
        entry_is_long = (
            len(title) > 80 or bool(after) or len(title.split()) > 8 or line.text.endswith(".")
        )
        if style == "num" and number == 1:  # a list restarting at 1 inside an item
            self.sub_next, self.sub_seen, self.sub_long = 2, 0, entry_is_long
            self.sub_adjacent = not self.after_blank
            return False
        if (
            self.sub_next is not None
            and number == self.sub_next
            and not (number == expected and self._ends_sub_list(line, title))
        ):
            self.sub_next, self.sub_seen = number + 1, 0
            self.sub_long = self.sub_long or entry_is_long
            self.sub_adjacent = not self.after_blank
            return False
        if number == expected:
            return True
        near = expected < number <= expected + 2
        # a jump with no list open inside the item: points left out of the minutes ("3." -> "12.")
        far = expected < number <= expected + 20 and self.sub_next is None and self.after_blank
        if (near or far) and self._heading_like(line, title) and len(title) <= 80:
            self.warnings.append(f"Punkt {expected} saknas: numreringen hoppar till {number}.")
            return True
        return False

    def _opens_day(self, index: int) -> bool:
        for line in self._next_filled(index, 8):
            if self._header(line) or ((item := self._item(line)) and item[0] == 1):
                return True
        return False

    def _list_follows(self, index: int) -> bool:
        for line in self._next_filled(index, 2):
            header = self._header(line)
            if header and not header.rest:
                continue
            return self._attendee(line.text, "network") is not None
        return False

    def _wrapped_title(self, index: int, line: Line, title: str, after: str) -> str:
        """ "7. Arbete ... inför" + "2022" on the next line is one title."""
        if after or "**" in line.core or not content.DANGLING_END.search(title):
            return title
        for offset, following in enumerate(self.lines[index + 1 : index + 4], start=1):
            if following.blank:
                continue
            words = following.text.split()
            if (
                len(words) <= 6
                and not self._item(following)
                and not self._header(following)
                and not content.DECISION.match(following.text)
                and not following.bullet
            ):
                self.consumed.add(index + offset)
                return f"{title} {following.text.rstrip('.:')}".strip()
            break
        return title

    def _add(self, attendee: ParsedAttendee, group: str) -> None:
        if group == "absent":
            self.day.absent.append(attendee)
        else:
            self.day.attendees.append(attendee)

    def _add_inline(self, text: str, group: str, index: int | None = None) -> None:
        listed = parse_inline_list(
            text,
            group=group if group != "absent" else "network",
            aliases=self.aliases,
            regional_body=self.regional_body,
        )
        run, stop = self._name_run(text, group)
        if len(run) > len(listed):  # names without separators: "Berit Adolfsson Anita Bohman"
            listed = run
            self._push_back(text[stop:], index)
        for attendee in listed:
            self._add(attendee, group)

    def _columns(self, line: Line) -> list[ParsedAttendee]:
        """Two people on one line, in two columns of a PDF's or a Word table's layout."""
        chunks = [c for c in re.split(r"\s{3,}|\t", line.raw.strip()) if c.strip()]
        if len(chunks) < 2:
            return []
        people = [self._attendee(chunk, self.group) for chunk in chunks]
        return people if all(people) else []

    def _name_run(self, text: str, group: str, **options) -> tuple[list[ParsedAttendee], int]:
        return name_run(
            text,
            group=group if group != "absent" else "network",
            aliases=self.aliases,
            regional_body=self.regional_body,
            **options,
        )

    def _push_back(self, rest: str, index: int | None) -> None:
        """The text after a run of names ("Pär Nuder öppnade mötet …") is read as a line."""
        rest = rest.strip()
        if rest and index is not None:
            self.lines.insert(index + 1, Line(raw=rest, core=rest, text=rest))

    def _recorder_line(self, text: str, *, new: bool) -> bool:
        """Add a name (or a title/organisation for the last name); False if it is neither."""
        text = _NICK.sub("", _SIGNATURE_DOTS.sub("", text)).strip().rstrip(",.").strip()
        if not text or len(text) > 100 or (text.endswith(".") and len(text.split()) > 4):
            return False
        parts = [p.strip() for p in re.split(r",|\s+[–—-]\s+|\t|\s*\|\s*", text) if p.strip()]
        if is_name(parts[0], self.aliases):
            recorder = ParsedRecorder(name=parts[0])
            for part in parts[1:]:
                self._recorder_detail(recorder, part)
            self.recorders.append(recorder)
            return True
        if new or not self.recorders or len(parts) > 2 or len(text.split()) > 5:
            return False
        for part in parts:
            self._recorder_detail(self.recorders[-1], part)
        return True

    def _recorder_detail(self, recorder: ParsedRecorder, part: str) -> None:
        is_org = (
            part.casefold() in self.aliases
            or part.casefold() in self.gr_words
            or bool(re.search(r"\b(?:kommun|stad|region|förbund|fou)\b", part, re.IGNORECASE))
        )
        if (
            not is_org
            and not recorder.title
            and (part[0].islower() or _TITLE_WORDS.search(part) or not recorder.organization)
        ):
            recorder.title = part
        elif not recorder.organization:
            recorder.organization = part
        else:
            recorder.title = f"{recorder.title}, {part}" if recorder.title else part


def _split_flat_title(title: str) -> tuple[str, str]:
    """ "Val av justerare Ulla Jakobsson valdes …" from a page that lost its line breaks: the
    title ends where a capitalised word follows a lowercase one."""
    words = title.split()
    for index in range(2, len(words)):
        if words[index][:1].isupper() and words[index - 1][:1].islower():
            return " ".join(words[:index]), " ".join(words[index:])
    return title, ""


def parse_minutes(
    text: str,
    *,
    first_date: datetime.date | None = None,
    aliases: Mapping[str, str] | None = None,
    regional_body: str = "Göteborgsregionen",
    filename: str = "",
) -> ParsedMinutes:
    """Parse the text of minutes into days, attendance, items, decisions and recorders.

    filename: the file's name, where a date may stand when the text has none ("210929.md").

    Best effort: what is missing (attendance, items, a date) is a warning, never a refusal.
    Raises ParseError (Swedish message) only for an empty text.
    """
    text = normalize_text(text or "")
    if not text.strip():
        raise ParseError("Texten är tom.")
    # most of the text on lines of a whole page each: the line breaks were lost
    flat = sum(len(line) for line in text.split("\n") if len(line) > 600) > len(text) / 2
    text = prepare_text(text)
    if aliases is None:
        aliases = default_aliases(regional_body)
    else:
        aliases = {" ".join(k.split()).casefold(): v for k, v in aliases.items()}
    parser = _Parser(text, aliases, regional_body, flat=flat)
    parser.run()
    _items_from_agenda(parser)
    days = _merge_trailing_attendance(
        [d for d in parser.days if d.attendees or d.items or d.absent]
    )
    warnings_first = []
    if not any(d.items for d in days):
        warnings_first.append(NO_ITEMS)
    if not days:
        days = [parser.days[0] if parser.days else _DayDraft()]

    # the meeting's date as stated in the text (Datum:, Tid och plats:, a title or a heading)
    stated, location = _stated_date(parser, days)
    headings = [d.heading_date for d in days if d.heading_date]
    suggestion = suggest_date(text, headings)
    warnings = warnings_first + list(parser.warnings)
    dates = _day_dates(days, first_date, stated, warnings)
    if stated:
        suggested, year, reason = (
            stated,
            stated.year,
            (f"Mötesdatumet står i texten: {swedish_date(stated)}."),
        )
    elif named := date_in_filename(filename):
        suggested, year = named, named.year
        reason = f"Texten saknar datum; filnamnet ”{filename}” anger {swedish_date(named)}."
    else:
        suggested, year, reason = suggestion.date, suggestion.year, suggestion.reason

    parsed_days = []
    for day, date in zip(days, dates, strict=True):
        parsed_days.append(_finish_day(day, date or first_date or suggested, parser, date))
    if not any(d.attendees for d in parsed_days):
        warnings.insert(0, NO_ATTENDANCE)
    _check_attendance(parsed_days, warnings)
    return ParsedMinutes(
        days=parsed_days,
        recorders=parser.recorders or _recorders_elsewhere(parser.lines),
        theme=parser.theme,
        suggested_date=suggested,
        suggested_date_reason=reason,
        warnings=warnings,
        location=location,
        adjusters=parser.adjusters,
        unplaced=parser.preamble + parser.unplaced,  # the head's free text, and the end's
        year_in_text=stated is not None,
        suggested_year=year,
    )


def _items_from_agenda(parser: _Parser) -> None:
    """A "Dagordning" whose points never came back with text: the points are the items."""
    if not parser.agenda:
        return
    day = parser.days[0] if parser.days else parser.day
    first = min((item.number for item in day.items), default=None)
    missing = [(n, t) for n, t in parser.agenda if first is None or n < first]
    if missing and (first is None or len(missing) < len(parser.agenda)):
        drafts = [_ItemDraft(number=n, title=t, doubts=["from_agenda"]) for n, t in missing]
        day.items[:0] = drafts


def _recorders_elsewhere(lines: list[Line]) -> list[ParsedRecorder]:
    """No "Antecknat av": a closing "X antecknade", a signature "X, mötessekreterare", or the
    person the meeting elected to keep the minutes."""
    filled = [line.text for line in lines if not line.blank and not line.code]
    for text in reversed(filled[-15:]):
        text = _NICK.sub("", text)
        for pattern in (_SIGNED, _RECORDER_VERB):
            if (match := pattern.search(text)) and match.group(
                "name"
            ).casefold() not in _NOT_PEOPLE:
                return [ParsedRecorder(name=match.group("name").strip())]
    for text in filled:
        if match := _ELECTED.search(text):
            name = (match.group("name") or match.group("chosen") or "").strip()
            if name and name.split()[0].casefold() not in _NOT_PEOPLE:
                return [ParsedRecorder(name=name)]
    return []


def _merge_trailing_attendance(days: list[_DayDraft]) -> list[_DayDraft]:
    """Attendance written after the items belongs to those items' day."""
    merged: list[_DayDraft] = []
    for day in days:
        previous = merged[-1] if merged else None
        if previous and not day.items and previous.items and not previous.attendees:
            previous.attendees.extend(day.attendees)
            previous.absent.extend(day.absent)
            continue
        merged.append(day)
    return merged


def _stated_date(parser: _Parser, days: list[_DayDraft]) -> tuple[datetime.date | None, str]:
    location = (
        parser.meta.get("plats") or parser.meta.get("lokal") or parser.meta.get("mötesplats") or ""
    )
    stated = None
    keys = ("datum", "mötesdatum", "sammanträdesdatum", "tid och plats", "plats och tid", "tid")
    for key in keys:
        if (value := parser.meta.get(key)) and (found := full_date_in(value)):
            stated = found[0]
            if key in {"tid och plats", "plats och tid"} and not location:
                rest = value[: found[1].start()] + value[found[1].end() :]
                location = _TIME.sub(" ", rest).strip(" ,;.-–")
            break
    if stated is None:
        for text in parser.preamble[:6]:
            if len(text) < 120 and (found := full_date_in(text)):
                stated = found[0]
                break
    if stated is None and days and days[0].heading_date and days[0].heading_date[2]:
        day, month, year = days[0].heading_date
        stated = datetime.date(year, month, day)
    if not location and (
        value := parser.meta.get("plats och tid") or parser.meta.get("tid och plats")
    ):
        found = full_date_in(value)
        rest = value[: found[1].start()] + value[found[1].end() :] if found else value
        location = _TIME.sub(" ", rest).strip(" ,;.-–")
    return stated, " ".join(location.split())


def _day_dates(
    days: list[_DayDraft],
    first_date: datetime.date | None,
    stated: datetime.date | None,
    warnings: list[str],
) -> list[datetime.date | None]:
    anchor = first_date or stated
    if first_date and stated and first_date != stated:
        warnings.append(
            f"Angivet datum {first_date.isoformat()} skiljer sig från datumet i texten "
            f"({stated.isoformat()})."
        )
    if anchor is None:
        return [None] * len(days)
    out: list[datetime.date | None] = []
    for index, day in enumerate(days):
        date = None
        if day.heading_date:
            d, m, y = day.heading_date
            year = y or anchor.year
            try:
                date = datetime.date(year, m, d)
            except ValueError:
                date = None
            if date and y is None and (date - anchor).days < -180:
                date = date.replace(year=year + 1)
        if date is None:
            date = (
                (out[-1] + datetime.timedelta(days=1))
                if out and out[-1]
                else (anchor + datetime.timedelta(days=index))
            )
        out.append(date)
    return out


def _known_names(days: list[_DayDraft]) -> dict[str, str]:
    """Full names, and unambiguous first names and "First L" short forms, of attendees."""
    known: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for day in days:
        for person in day.attendees:
            words = person.name.split()
            if not words:
                continue
            known[person.name.casefold()] = person.name
            for form in (words[0], f"{words[0]} {words[-1][0]}"):
                short.setdefault(form.casefold(), set()).add(person.name)
    for form, names in short.items():
        if len(names) == 1 and form not in known:
            known[form] = next(iter(names))
    return known


def _finish_day(
    day: _DayDraft, meeting: datetime.date | None, parser: _Parser, date: datetime.date | None
) -> ParsedDay:
    known = _known_names(parser.days)
    items = []
    listed = bool(day.attendees)
    for draft in day.items:
        lines = list(draft.lines)
        if draft.first:
            lines.insert(0, Line(raw=draft.first, core=draft.first, text=draft.first))
        paragraphs = content.build_paragraphs(lines, wrapped=parser.wrapped)
        if not listed:  # "Följande personer befanns närvara: …" inside an item
            _add_presence(day, content.find_presence(paragraphs), parser)
        decisions, used = content.find_decisions(paragraphs)
        body = content.body_text(paragraphs)
        prose = content.body_text([p for i, p in enumerate(paragraphs) if i not in used])
        items.append(
            ParsedItem(
                number=draft.number,
                title=draft.title,
                body=body,
                tabled=content.is_tabled(draft.title + "\n" + body),
                presenters=content.find_presenters(draft.title + ". " + body, known),
                decisions=decisions,
                actions=content.find_actions(prose, meeting),
                links=content.find_links(lines),
                doubts=list(draft.doubts),
            )
        )
    day_items = [(item.number, item.title) for item in items]
    for person in day.attendees:
        present = note_presence(person.note, day_items).items
        person.items_present, person.partial = present, person.partial or bool(present)
    return ParsedDay(
        date=date,
        heading=day.heading,
        attendees=day.attendees,
        absent=day.absent,
        items=items,
        intro="\n".join(day.intro),
    )


def _add_presence(day: _DayDraft, found: list[content.Presence], parser: _Parser) -> None:
    seen = {person.name.casefold() for person in day.attendees}
    for presence in found:
        person = parser._attendee(presence.text, presence.group)
        if person is None and content.is_handle(presence.text):
            person = ParsedAttendee(name=presence.text, group=presence.group)
        if person is None or person.name.casefold() in seen:
            continue
        if presence.note:
            person.note = "; ".join(filter(None, [person.note, presence.note]))
            person.partial = True
            person.items_present = []
        seen.add(person.name.casefold())
        day.attendees.append(person)


def _check_attendance(days: list[ParsedDay], warnings: list[str]) -> None:
    # a body whose lists give no organisations at all: no warning for every name
    with_organisation = any(p.organization for day in days for p in day.attendees)
    for number, day in enumerate(days, start=1):
        where = f" (dag {number})" if len(days) > 1 else ""
        seen: set[str] = set()
        for person in day.attendees:
            key = person.name.casefold()
            if not key:
                continue
            if key in seen:
                warnings.append(f"{person.name} står två gånger i närvarolistan{where}.")
            seen.add(key)
            if person.group == "network" and not person.organization and with_organisation:
                warnings.append(f"{person.name} saknar organisation i närvarolistan{where}.")
                person.doubts.append("no_organisation")
