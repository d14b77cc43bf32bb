"""What the parser finds in a text of minutes: plain dataclasses, no Django."""

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

Group = Literal["network", "gr", "guest"]
DecisionKind = Literal["beslut", "ställningstagande", "inriktningsbeslut"]

# Where the parser was unsure, so that the review can send the eye there first. Each record
# carries a list of these codes in `doubts`; DOUBTS gives the Swedish sentence for each.
DOUBTS = {
    "no_organisation": "Ingen organisation står vid namnet.",
    "group_guessed": "Gruppen är gissad utifrån organisationen.",
    "name_unsure": "Osäkert om detta är ett namn.",
    "no_name": "Bara organisationen står i texten: lägg till namnet eller ta bort raden.",
    "number_guessed": "Punkten saknar nummer i texten; numret är satt i ordning.",
    "number_repeated": "Numret står två gånger i texten; punkten har numrerats om.",
    "title_unsure": "Rubriken kunde inte paras ihop säkert med numret.",
    "from_agenda": "Punkten står bara i dagordningen, utan text.",
    "kind_guessed": "Beslutstypen är tolkad utifrån ordalydelsen.",
}


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@dataclass
class ParsedAttendee:
    name: str
    organization: str | None = None  # canonical short name, or as written when unknown
    organization_as_written: str | None = None
    group: Group = "network"
    note: str = ""  # presence note as written: "punkt 4-8", "del av mötet"
    remote: bool = False
    partial: bool = False
    items_present: list[int] = field(default_factory=list)  # empty: not named
    party: str = ""  # "S" from "(S)"
    role: str = ""  # "ordförande", "planeringsledare"
    doubts: list[str] = field(default_factory=list)  # codes of DOUBTS

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedAttendee":
        return cls(
            name=data.get("name") or "",
            organization=data.get("organization") or None,
            organization_as_written=data.get("organization_as_written") or None,
            group=data.get("group") or "network",
            note=data.get("note") or "",
            remote=bool(data.get("remote")),
            partial=bool(data.get("partial")),
            items_present=[int(n) for n in data.get("items_present") or []],
            party=data.get("party") or "",
            role=data.get("role") or "",
            doubts=list(data.get("doubts") or []),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "organization": self.organization,
            "organization_as_written": self.organization_as_written,
            "group": self.group,
            "note": self.note,
            "remote": self.remote,
            "partial": self.partial,
            "items_present": list(self.items_present),
            "party": self.party,
            "role": self.role,
            "doubts": list(self.doubts),
        }


@dataclass
class ParsedDecision:
    kind: DecisionKind
    label: str
    text: str
    doubts: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedDecision":
        return cls(
            kind=data.get("kind") or "beslut",
            label=data.get("label") or "",
            text=data.get("text") or "",
            doubts=list(data.get("doubts") or []),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "text": self.text,
            "doubts": list(self.doubts),
        }


@dataclass
class ParsedAction:
    text: str
    responsible: str = ""  # as written: "GR", "Mio S", "Yvonne", or ""
    due: datetime.date | None = None
    due_text: str = ""  # "senast 26/1", "till nästa möte"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedAction":
        return cls(
            text=data.get("text") or "",
            responsible=data.get("responsible") or "",
            due=_date(data.get("due")),
            due_text=data.get("due_text") or "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "responsible": self.responsible,
            "due": _iso(self.due),
            "due_text": self.due_text,
        }


@dataclass
class ParsedItem:
    number: int
    title: str
    body: str = ""
    tabled: bool = False
    presenters: list[str] = field(default_factory=list)
    decisions: list[ParsedDecision] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedItem":
        return cls(
            number=int(data.get("number") or 0),
            title=data.get("title") or "",
            body=data.get("body") or "",
            tabled=bool(data.get("tabled")),
            presenters=list(data.get("presenters") or []),
            decisions=[ParsedDecision.from_dict(d) for d in data.get("decisions") or []],
            actions=[ParsedAction.from_dict(a) for a in data.get("actions") or []],
            links=list(data.get("links") or []),
            doubts=list(data.get("doubts") or []),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "body": self.body,
            "tabled": self.tabled,
            "presenters": list(self.presenters),
            "links": list(self.links),
            "decisions": [d.to_dict() for d in self.decisions],
            "actions": [a.to_dict() for a in self.actions],
            "doubts": list(self.doubts),
        }


@dataclass
class ParsedDay:
    date: datetime.date | None = None
    heading: str = ""  # "Den 7 november" as written, or ""
    attendees: list[ParsedAttendee] = field(default_factory=list)
    absent: list[ParsedAttendee] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    intro: str = ""  # text between the attendance and the first item

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedDay":
        return cls(
            date=_date(data.get("date")),
            heading=data.get("heading") or "",
            attendees=[ParsedAttendee.from_dict(a) for a in data.get("attendees") or []],
            absent=[ParsedAttendee.from_dict(a) for a in data.get("absent") or []],
            items=[ParsedItem.from_dict(i) for i in data.get("items") or []],
            intro=data.get("intro") or "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "heading": self.heading,
            "attendees": [a.to_dict() for a in self.attendees],
            "absent": [a.to_dict() for a in self.absent],
            "intro": self.intro,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass
class ParsedRecorder:
    name: str
    title: str = ""
    organization: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedRecorder":
        return cls(
            name=data.get("name") or "",
            title=data.get("title") or "",
            organization=data.get("organization") or "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "organization": self.organization}


@dataclass
class LocatedDecision:
    """A decision with the day and item it belongs to."""

    day: int  # index into ParsedMinutes.days
    date: datetime.date | None
    item: int  # the item's number
    item_title: str
    decision: ParsedDecision

    @property
    def kind(self) -> DecisionKind:
        return self.decision.kind

    @property
    def label(self) -> str:
        return self.decision.label

    @property
    def text(self) -> str:
        return self.decision.text

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "day": self.day,
            "item": self.item,
            "item_title": self.item_title,
            **self.decision.to_dict(),
        }


@dataclass
class ParsedMinutes:
    days: list[ParsedDay]
    recorders: list[ParsedRecorder] = field(default_factory=list)
    theme: str = ""
    suggested_date: datetime.date | None = None
    suggested_date_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    location: str = ""
    adjusters: list[str] = field(default_factory=list)  # "Justeras": who checks the minutes
    year_in_text: bool = False  # the text itself states the meeting's full date
    suggested_year: int | None = None
    # text that fitted no pattern and no item: kept, shown in the review, never dropped
    unplaced: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ParsedMinutes":
        """The inverse of to_dict (decisions are read from the items; the flat list is derived)."""
        return cls(
            days=[ParsedDay.from_dict(d) for d in data.get("days") or []],
            recorders=[ParsedRecorder.from_dict(r) for r in data.get("recorders") or []],
            theme=data.get("theme") or "",
            suggested_date=_date(data.get("suggested_date")),
            suggested_date_reason=data.get("suggested_date_reason") or "",
            warnings=list(data.get("warnings") or []),
            location=data.get("location") or "",
            adjusters=list(data.get("adjusters") or []),
            year_in_text=bool(data.get("year_in_text")),
            suggested_year=data.get("suggested_year"),
            unplaced=list(data.get("unplaced") or []),
        )

    @property
    def decisions(self) -> list[LocatedDecision]:
        return [
            LocatedDecision(
                day=index, date=day.date, item=item.number, item_title=item.title, decision=decision
            )
            for index, day in enumerate(self.days)
            for item in day.items
            for decision in item.decisions
        ]

    @property
    def date(self) -> datetime.date | None:
        """The first day's date, when known."""
        return self.days[0].date if self.days else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": [d.to_dict() for d in self.days],
            "decisions": [d.to_dict() for d in self.decisions],
            "recorders": [r.to_dict() for r in self.recorders],
            "adjusters": list(self.adjusters),
            "theme": self.theme,
            "location": self.location,
            "year_in_text": self.year_in_text,
            "suggested_date": _iso(self.suggested_date),
            "suggested_year": self.suggested_year,
            "suggested_date_reason": self.suggested_date_reason,
            "warnings": list(self.warnings),
            "unplaced": list(self.unplaced),
        }
