"""The review's corrections as operations on the parsed minutes' dict (ParsedMinutes.to_dict()).

The dict is what a PendingImport stores between one save and the next; confirming builds
ParsedMinutes.from_dict(dict) from it. Besides the parser's keys it carries one of the review's
own: an attendee's "unlinked" (a new person, not the existing one of the same name).
Plain functions on plain data, so that each correction is tested without a request.
"""

import datetime as dt
from collections.abc import Callable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from minutes.models import PendingImport
from minutes.parsing import ParsedAttendee, ParsedItem, ParseError, read_document
from minutes.parsing.documents import check_file_size
from minutes.services import minutes_parse, text_sha256
from network.models import Network

MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB: the largest real minutes are well under 1 MB
MAX_UPLOAD_TOTAL = 50 * 1024 * 1024  # several files in one request (a folder of minutes)
ALLOWED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")

DateSource = PendingImport.DateSource


# --- upload ----------------------------------------------------------------------------------


def upload_read(*, name: str, size: int, read: Callable[[], bytes]) -> str:
    """The text of one uploaded file, or ValidationError with the reason in Swedish. A file over
    a limit is refused before it is read."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            _("Filtypen %(suffix)s stöds inte: välj en .txt-, .md-, .docx- eller .pdf-fil.")
            % {"suffix": suffix or _("(utan filändelse)")},
            code="file_type",
        )
    if size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Filen är för stor (%(size)s): den får vara högst %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_SIZE)},
            code="file_size",
        )
    if not size:
        raise ValidationError(_("Filen är tom."), code="empty")
    try:
        check_file_size(size, name)  # a text file has a lower limit
        return read_document(read(), name)
    except ParseError as error:
        raise ValidationError(str(error), code="unreadable") from error


def pending_import_create(*, text: str, filename: str, network: Network, user) -> PendingImport:
    """Parse the text once and keep it, with the parsed minutes, for the review.

    A date the text does not state is filled in from the parser's suggestion (to be confirmed
    in the review); the days after the first follow it as the parser reads their headings.
    Raises ParseError for a text that is not minutes at all, ValidationError for a file that
    already waits for its review."""
    sha256 = text_sha256(text)
    waiting = PendingImport.objects.filter(network=network, sha256=sha256).first()
    if waiting is not None:
        raise _waiting(waiting.filename)
    parsed = minutes_parse(text=text, filename=filename)
    if parsed.year_in_text and parsed.date:
        source = DateSource.TEXT
    elif parsed.suggested_date:
        source = DateSource.SUGGESTED
        parsed = minutes_parse(text=text, first_date=parsed.suggested_date, filename=filename)
    else:
        source = DateSource.MISSING
    pending = PendingImport(
        network=network,
        created_by=user,
        filename=PurePath(filename).name[:300],
        source_text=text,
        sha256=sha256,
        date_source=source,
    )
    try:
        with transaction.atomic():
            pending.store(minutes_dict(parsed.to_dict()))
    except IntegrityError as error:  # the same text uploaded a moment ago by someone else
        raise _waiting(pending.filename) from error
    return pending


def _waiting(filename: str) -> ValidationError:
    return ValidationError(
        _("Filen väntar redan på granskning (%(filename)s).") % {"filename": filename},
        code="waiting",
    )


def minutes_dict(data: dict) -> dict:
    """The parsed dict as the review keeps it: decisions live in their items only."""
    data = dict(data)
    data.pop("decisions", None)
    return data


# --- dates -----------------------------------------------------------------------------------


def days_dates_set(data: dict, dates: list[dt.date | None]) -> bool:
    """Set each day's date; when only the first day changed, the days after it move with it
    (a wrong year or week usually is wrong for every day). True when any date changed."""
    days = data["days"]
    old = [_date(day.get("date")) for day in days]
    new = list(dates)
    if new and new[0] != old[0] and new[1:] == old[1:] and new[0] and old[0]:
        shift = new[0] - old[0]
        new = [new[0]] + [d + shift if d else None for d in old[1:]]
    for day, date in zip(days, new, strict=True):
        day["date"] = date.isoformat() if date else None
    return new != old


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# --- items -----------------------------------------------------------------------------------


def item_merge_next(data: dict, *, day: int, index: int) -> None:
    """Merge item index with the one after it on the same day: the second item's title
    becomes a line of the first one's text, its decisions, actions and links follow."""
    items = data["days"][day]["items"]
    first, second = items[index], items[index + 1]
    first["body"] = _join(first.get("body", ""), _join(second.get("title", ""), second["body"]))
    for key in ("presenters", "links", "decisions", "actions", "doubts"):
        first[key] = [*first.get(key, []), *second.get(key, [])]
    first["tabled"] = bool(first.get("tabled") or second.get("tabled"))
    del items[index + 1]


def item_lines(item: dict) -> list[str]:
    return (item.get("body") or "").split("\n")


def item_split(data: dict, *, day: int, index: int, line: int) -> None:
    """Split an item at a line of its text: that line becomes the title of a new item right
    after it (numbered one higher; later items move up when their number is taken), the lines
    after it its text. Decisions stay with the first item (the review can move them)."""
    items = data["days"][day]["items"]
    item = items[index]
    lines = item_lines(item)
    item["body"] = "\n".join(lines[:line]).strip("\n")
    new = ParsedItem(
        number=item["number"] + 1,
        title=lines[line].strip()[:500],
        body="\n".join(lines[line + 1 :]).strip("\n"),
    ).to_dict()
    items.insert(index + 1, new)
    _numbers_make_room(items, index + 1)


def _numbers_make_room(items: list[dict], start: int) -> None:
    for previous, item in zip(items[start:], items[start + 1 :], strict=False):
        if item["number"] <= previous["number"]:
            item["number"] = previous["number"] + 1


def text_chunks(data: dict) -> list[tuple[str, str]]:
    """The text the parser did not place, as (key, text): "u<n>" for the n-th unplaced chunk,
    "i<day>" for a day's text before its first item."""
    chunks = [(f"u{n}", text) for n, text in enumerate(data.get("unplaced") or []) if text]
    chunks += [(f"i{n}", day["intro"]) for n, day in enumerate(data["days"]) if day.get("intro")]
    return chunks


def text_move(data: dict, *, chunk: str, day: int, index: int | None) -> None:
    """Move a chunk of text (see text_chunks) to the end of an item's text, or with index None
    into a new item last on the day, titled with the chunk's first line."""
    if chunk.startswith("u"):
        text = data["unplaced"].pop(int(chunk[1:]))
    else:
        intro_day = data["days"][int(chunk[1:])]
        text, intro_day["intro"] = intro_day["intro"], ""
    items = data["days"][day]["items"]
    if index is None:
        first, _newline, rest = text.strip().partition("\n")
        number = max([item["number"] for item in items], default=0) + 1
        items.append(
            ParsedItem(number=number, title=first.strip()[:500], body=rest.strip("\n")).to_dict()
        )
    else:
        items[index]["body"] = _join(items[index].get("body", ""), text.strip("\n"))


def _join(first: str, second: str) -> str:
    return "\n\n".join(part for part in (first.strip("\n"), second.strip("\n")) if part)


def attendee_new() -> dict:
    return ParsedAttendee(name="").to_dict()


def item_new() -> dict:
    return ParsedItem(number=1, title="").to_dict()
