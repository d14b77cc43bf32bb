"""Reading uploaded minutes (.docx, .pdf or text) into Markdown-ish text for the parser.

The parser reads `#` headings, `- ` bullets, `1. ` numbered lines, `| a | b |` table rows and
blank lines between paragraphs, so that is what a Word or PDF file becomes here.

Every limit is checked before the work it guards: the bytes of the file before anything is
read, a .docx's central directory (part count, declared sizes, packing ratio) before any part
is unpacked, and each part through a bounded stream in case its header lies; a PDF's page
count before its text is extracted, pypdf's own limits on unpacking a stream and parsing a
page while it works, and the text's size and the time taken between pages.
"""

import contextlib
import io
import logging
import posixpath
import re
import warnings
import zipfile
from collections import Counter
from pathlib import PurePath
from time import monotonic

from lxml import etree

from .errors import ParseError
from .text import BINARY_FILE, EMPTY_FILE, decode_bytes, normalize_text

MB = 1024 * 1024

# Limits, each checked before the work it guards. Real minutes are small: 100 pages are about
# 300 KB of text, and in a .docx 1-3 MB of XML. Each limit is several times what minutes need
# and keeps a worker well under 200 MB (a 5 MB document.xml reads in ~0.4 s and ~60 MB).
MAX_FILE_BYTES = 20 * MB  # a .docx or PDF as uploaded: pictures make them a few MB
MAX_TEXT_FILE_BYTES = 2 * MB  # a .txt or .md file
MAX_TEXT_CHARS = 1_000_000  # the text read from any file, decoded or extracted (~330 pages)
MAX_DOCX_PARTS = 1_000  # Word writes 10-40 parts, more only with many pictures
MAX_DOCX_PART_BYTES = 5 * MB  # one XML part unpacked (document.xml: ~150-500 pages)
MAX_DOCX_UNPACKED_BYTES = 50 * MB  # all parts unpacked, pictures included (never unpacked here)
MAX_DOCX_RATIO = 200  # unpacked/packed size of a part over 1 MB: Word's XML packs 5-30 times
MAX_PDF_PAGES = 200  # at ~35 ms a page, 7 s
MAX_PDF_SECONDS = 8.0  # extracting all pages' text: 10 pages take ~0.4 s, 1 000 000 chars ~5 s
MAX_PDF_STREAM_BYTES = 5 * MB  # one unpacked stream (pypdf's default: 75 MB); a page's text: <1 MB
# Operators and operands in one page's content (pypdf counts them while parsing; its
# default is 2 000 000). A dense page of text has a few thousand; 100 000 parse in ~0.5 s.
MAX_PDF_PAGE_WORK = 100_000
MAX_PDF_FORMS = 100  # form XObjects (stamped or reused content) read on one page

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted .docx
_DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
_DOCUMENT_SUFFIXES = {".pdf", ".doc", *_DOCX_SUFFIXES}

TOO_LARGE = "Filen är för stor för att läsas som anteckningar ({size}; högst {limit})."
TOO_LARGE_UNPACKED = (
    "Filen är för stor för att läsas som anteckningar ({size} uppackat; högst {limit})."
)
TOO_LONG = "Texten är för lång för att läsas som anteckningar ({size} tecken; högst {limit})."
DOCX_DAMAGED = "Word-filen kunde inte läsas: filen är skadad eller inte en .docx-fil."


def _size(count: int) -> str:
    """A byte count the Swedish way: "60 MB", "1,5 MB", "77 KB"."""
    if count < MB:
        return f"{max(1, round(count / 1024))} KB"
    return f"{count / MB:.1f}".removesuffix(".0").replace(".", ",") + " MB"


def _number(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def check_file_size(size: int, filename: str) -> None:
    """Refuse a file too large to be minutes before it is read (from `stat` or an upload's size)."""
    suffix = PurePath(filename or "").suffix.lower()
    limit = MAX_FILE_BYTES if suffix in _DOCUMENT_SUFFIXES else MAX_TEXT_FILE_BYTES
    if size > limit:
        raise ParseError(TOO_LARGE.format(size=_size(size), limit=_size(limit)))


def _check_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(TOO_LONG.format(size=_number(len(text)), limit=_number(MAX_TEXT_CHARS)))
    return text


def _kind(data: bytes, suffix: str) -> str:
    """What the file is, from its first bytes and its name: "pdf", "docx", "doc" or "text"."""
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if suffix in _DOCX_SUFFIXES or (suffix == ".doc" and data.startswith(b"PK\x03\x04")):
        return "docx"  # (a .docx named .doc)
    if suffix == ".doc":
        return "doc"
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:4000]:
        return "docx"
    return "text"


def read_document(data: bytes, filename: str) -> str:
    """Return the text of an uploaded document: .docx, .pdf, else text in any common encoding.

    Raises ParseError with a one-line Swedish message when the file cannot be read or is
    over a limit (nothing large is unpacked, parsed or decoded before the limit is checked).
    """
    kind = _kind(data, PurePath(filename or "").suffix.lower())
    limit = MAX_TEXT_FILE_BYTES if kind == "text" else MAX_FILE_BYTES
    if len(data) > limit:
        raise ParseError(TOO_LARGE.format(size=_size(len(data)), limit=_size(limit)))
    if not data or not data.strip():
        raise ParseError(EMPTY_FILE)
    if kind == "doc":
        raise ParseError(
            "Word-filen kunde inte läsas: det äldre .doc-formatet stöds inte. "
            "Spara om filen som .docx eller PDF."
        )
    reader = {"pdf": read_pdf, "docx": read_docx, "text": decode_bytes}[kind]
    return _check_text(reader(data))


# Word: the package --------------------------------------------------------------------------


def _zip_entry_count(data: bytes) -> int:
    """The part count from the end of the central directory, before zipfile lists every part.

    (Listing 200 000 empty parts takes zipfile ~0.8 s and ~110 MB.)
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        raise ParseError(DOCX_DAMAGED)
    return int.from_bytes(data[end + 10 : end + 12], "little")  # 0xFFFF: zip64, refused


def _too_many_parts(count: int) -> ParseError:
    return ParseError(
        "Word-filen har för många delar för att läsas som anteckningar "
        f"({_number(count)}; högst {_number(MAX_DOCX_PARTS)})."
    )


def _open_package(data: bytes) -> zipfile.ZipFile:
    """Open a .docx's zip after checking its central directory against the limits."""
    if (count := _zip_entry_count(data)) > MAX_DOCX_PARTS:
        raise _too_many_parts(count)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        raise ParseError(DOCX_DAMAGED) from error
    if len(infos) > MAX_DOCX_PARTS:
        raise _too_many_parts(len(infos))
    for info in infos:
        if info.flag_bits & 0x1:
            raise ParseError(
                "Word-filen kunde inte läsas: den är lösenordsskyddad eller krypterad."
            )
        if info.file_size > MAX_DOCX_PART_BYTES and info.filename.endswith((".xml", ".rels")):
            raise ParseError(
                TOO_LARGE_UNPACKED.format(
                    size=_size(info.file_size), limit=_size(MAX_DOCX_PART_BYTES)
                )
            )
        if info.file_size > MB and info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ParseError(
                f"Word-filen packas upp till {_number(ratio)} gånger sin storlek "
                f"(högst {MAX_DOCX_RATIO}) och läses inte: den liknar inte ett dokument."
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_DOCX_UNPACKED_BYTES:
        raise ParseError(
            TOO_LARGE_UNPACKED.format(size=_size(total), limit=_size(MAX_DOCX_UNPACKED_BYTES))
        )
    return archive


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """One part through a bounded stream: never more than the limit, whatever its header says."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    limit = MAX_DOCX_PART_BYTES
    if info.file_size > limit:  # (a part of any name: the relationships chose it)
        raise ParseError(TOO_LARGE_UNPACKED.format(size=_size(info.file_size), limit=_size(limit)))
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise ParseError(DOCX_DAMAGED) from error  # a wrong CRC: the header lied
    if len(data) > limit:
        raise ParseError(TOO_LARGE_UNPACKED.format(size=f"över {_size(limit)}", limit=_size(limit)))
    return data


def _xml(data: bytes):
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(DOCX_DAMAGED) from error


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (kind, target part), the kind being the type's last
    word ("officeDocument", "styles", "header")."""
    folder, _, name = part.rpartition("/")
    rels = _read_part(archive, f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
    if rels is None:
        return {}
    out = {}
    for rel in _xml(rels).iter(_REL):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], path)
    return out


def _target(relations: dict[str, tuple[str, str]], kind: str) -> str:
    return next((path for found, path in relations.values() if found == kind), "")


def read_docx(data: bytes) -> str:
    """Paragraphs and tables in document order, as Markdown-ish text (see the module's doc).

    The first page's running header comes first, once, without its page number: it often
    holds the meeting's name and date.
    """
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "Word-filen kunde inte läsas: den är lösenordsskyddad eller sparad i ett äldre format."
        )
    archive = _open_package(data)
    main = _target(_relations(archive, ""), "officeDocument") or "word/document.xml"
    document = _read_part(archive, main)
    if document is None:
        raise ParseError(DOCX_DAMAGED)
    root = _xml(document)
    relations = _relations(archive, main)
    styles = _read_part(archive, _target(relations, "styles"))
    numbering = _read_part(archive, _target(relations, "numbering"))
    w = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    reader = _WordReader(
        w,
        _xml(styles) if styles else None,
        _xml(numbering) if numbering else None,
    )
    body = root.find(f"{w}body")
    if body is None:
        raise ParseError(DOCX_DAMAGED)
    try:
        lines = reader.blocks(body)
    except RecursionError as error:  # tables nested deeper than any document needs
        raise ParseError(DOCX_DAMAGED) from error
    header = _first_header(archive, body, relations, w)
    if header is not None:
        lines = [*reader.header_lines(header), "", *lines]
    text = normalize_text(_join_lines(lines))
    if not text.strip():
        raise ParseError("Word-filen innehåller ingen text.")
    return text


def _first_header(archive: zipfile.ZipFile, body, relations, w: str):
    """The header part shown on the first page, parsed, or None."""
    section = next(body.iter(f"{w}sectPr"), None)  # the first section's properties
    if section is None:
        return None
    references = {}
    for reference in section.iter(f"{w}headerReference"):
        ids = [value for key, value in reference.attrib.items() if key.endswith("}id")]
        if ids and ids[0] in relations:
            references[reference.get(f"{w}type") or "default"] = relations[ids[0]][1]
    first = section.find(f"{w}titlePg") is not None and "first" in references
    header = _read_part(archive, references.get("first" if first else "default", ""))
    return _xml(header) if header else None


def _join_lines(lines: list[str]) -> str:
    """One blank line at most between blocks, none at the ends."""
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1]):
            out.append(line.rstrip() if line.strip() else "")
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# Word: styles, numbering and the body -------------------------------------------------------

_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "rubrik"}
_LIST_NAMES = ("list paragraph", "liststycke", "list bullet", "punktlista")
_NUMBER_LIST_NAMES = ("list number", "numrerad lista")
_OFF = {"0", "false", "off"}
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BOLD_HEADING_CHARS = 80
_STYLE_DEPTH = 20  # a basedOn chain longer than Word's own is not followed further
_LAYOUT_CELL_CHARS = 250  # a table cell this long holds running text: the table is layout
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _format_number(number: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"}:
        return _roman(number).upper() if fmt == "upperRoman" else _roman(number)
    return str(number)


class _WordReader:
    """Turns a document body into lines: `#` headings, `- `/`N. ` list lines, `| a | b |` rows."""

    def __init__(self, w: str, styles, numbering) -> None:
        self.w = w
        self.styles: dict[str, object] = {}
        self.default_style = ""
        if styles is not None:
            for style in styles.iter(f"{w}style"):
                if style.get(f"{w}type") == "paragraph" and style.get(f"{w}styleId"):
                    self.styles[style.get(f"{w}styleId")] = style
                    if style.get(f"{w}default") in {"1", "true", "on"}:
                        self.default_style = style.get(f"{w}styleId")
        self.resolved: dict[str, dict] = {}
        # numbering: (abstract id, level) -> (format, level text, start)
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract: dict[str, str] = {}
        self.start_overrides: dict[str, list[tuple[int, int]]] = {}  # num id: (level, start)
        self.counters: dict[str, list[int]] = {}
        self.used: set[str] = set()
        if numbering is not None:
            for abstract in numbering.iter(f"{w}abstractNum"):
                abstract_id = abstract.get(f"{w}abstractNumId")
                for level in abstract.iter(f"{w}lvl"):
                    self.levels[(abstract_id, self._int(level.get(f"{w}ilvl"), 0))] = (
                        self._val(level, "numFmt") or "decimal",
                        self._val(level, "lvlText") or "",
                        self._int(self._val(level, "start"), 1),
                    )
            for num in numbering.iter(f"{w}num"):
                num_id = num.get(f"{w}numId")
                self.abstract[num_id] = self._val(num, "abstractNumId") or ""
                for override in num.iter(f"{w}lvlOverride"):
                    start = self._val(override, "startOverride")
                    if start is not None:
                        level = self._int(override.get(f"{w}ilvl"), 0)
                        self.start_overrides.setdefault(num_id, []).append(
                            (level, self._int(start, 1))
                        )

    # small helpers

    def _val(self, element, tag: str) -> str | None:
        child = element.find(f"{self.w}{tag}")
        return None if child is None else child.get(f"{self.w}val")

    @staticmethod
    def _int(value, default: int) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def _bold(self, r_pr) -> bool | None:
        if r_pr is None:
            return None
        b = r_pr.find(f"{self.w}b")
        if b is None:
            return None
        return (b.get(f"{self.w}val") or "true").lower() not in _OFF

    # styles

    def style(self, style_id: str, depth: int = 0) -> dict:
        """What a paragraph style says about structure, with its basedOn chain applied."""
        if style_id in self.resolved:
            return self.resolved[style_id]
        self.resolved[style_id] = {}  # a loop in basedOn ends here
        element = self.styles.get(style_id)
        if element is None or depth > _STYLE_DEPTH:
            return {}
        w = self.w
        based = self._val(element, "basedOn")
        info = dict(self.style(based, depth + 1)) if based else {}
        name = (self._val(element, "name") or style_id).strip()
        for candidate in (name, style_id):
            if match := _HEADING_NAME.match(candidate.replace("_", " ")):
                info["heading"] = int(match.group(1))
                break
            if candidate.casefold() in _TITLE_NAMES:
                info["heading"] = 1
                break
        folded = name.casefold()
        if folded.startswith(_LIST_NAMES):
            info["list"] = "bullet"
        elif folded.startswith(_NUMBER_LIST_NAMES):
            info["list"] = "number"
        p_pr = element.find(f"{w}pPr")
        if p_pr is not None:
            outline = self._val(p_pr, "outlineLvl")
            if outline is not None and "heading" not in info and self._int(outline, 9) < 9:
                info["heading"] = self._int(outline, 9) + 1
            num_pr = p_pr.find(f"{w}numPr")
            if num_pr is not None:
                info["num"] = (self._val(num_pr, "numId"), self._int(self._val(num_pr, "ilvl"), 0))
        bold = self._bold(element.find(f"{w}rPr"))
        if bold is not None:
            info["bold"] = bold
        self.resolved[style_id] = info
        return info

    # numbering

    def number(self, num_id: str, level: int) -> tuple[str, str]:
        """The list marker of the next paragraph in list num_id at level: (format, text)."""
        abstract_id = self.abstract.get(num_id, num_id)
        level = min(max(level, 0), 8)
        counters = self.counters.setdefault(abstract_id, [0] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for override_level, start in self.start_overrides.get(num_id, []):
                if 0 <= override_level < 9:
                    counters[override_level] = start - 1
        fmt, text, start = self.levels.get((abstract_id, level), ("bullet", "", 1))
        counters[level] = max(counters[level], start - 1) + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt in {"bullet", "none"}:
            return fmt, ""

        def value(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            level_fmt = self.levels.get((abstract_id, index), ("decimal", "", 1))[0]
            return _format_number(max(counters[index], 1), level_fmt)

        rendered = re.sub(r"%([1-9])", value, text) if text else str(counters[level])
        return fmt, rendered.strip()

    def list_prefix(self, num_id: str, level: int) -> str:
        fmt, rendered = self.number(num_id, level)
        if fmt in {"bullet", "none"}:
            return "- "
        number = self.counters[self.abstract.get(num_id, num_id)][min(max(level, 0), 8)]
        if level > 0:  # a sub-list: never an agenda item
            if fmt in {"lowerLetter", "upperLetter"}:
                return f"{_format_number(number, fmt)}) "
            return f"({number}) "
        if rendered.startswith("§"):
            return f"§ {number} "
        if fmt in {"lowerLetter", "upperLetter"}:
            return f"{_format_number(number, fmt)}) "
        return f"{number}. "

    # text

    def _text(self, element, out: list[str]) -> None:
        w = self.w
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{w}t":
                out.append(child.text or "")
            elif tag == f"{w}tab":
                out.append("\t")
            elif tag in {f"{w}br", f"{w}cr"}:
                out.append("\n" if child.get(f"{w}type") in {None, "textWrapping"} else " ")
            elif tag == f"{w}noBreakHyphen":
                out.append("-")
            elif tag in {
                f"{w}pPr", f"{w}rPr", f"{w}del", f"{w}moveFrom", f"{w}instrText",
                f"{w}delText", f"{w}drawing", f"{w}pict", f"{w}object", f"{_MC}Fallback",
                f"{w}footnoteReference", f"{w}endnoteReference", f"{w}commentReference",
            }:  # fmt: skip
                continue
            else:  # runs, hyperlinks, insertions, fields, smart tags, content controls
                self._text(child, out)

    def paragraph_text(self, paragraph) -> str:
        parts: list[str] = []
        self._text(paragraph, parts)
        return "".join(parts).strip()

    def _all_bold(self, paragraph, style_bold: bool) -> bool:
        w, seen = self.w, False
        for run in paragraph.iter(f"{w}r"):
            text = "".join(t.text or "" for t in run.iter(f"{w}t"))
            if not text.strip():
                continue
            seen = True
            bold = self._bold(run.find(f"{w}rPr"))
            if not (style_bold if bold is None else bold):
                return False
        return seen

    def paragraph_line(self, paragraph) -> str:
        w = self.w
        p_pr = paragraph.find(f"{w}pPr")
        style_id = self._val(p_pr, "pStyle") if p_pr is not None else None
        info = self.style(style_id or self.default_style)
        text = self.paragraph_text(paragraph)
        num = info.get("num")
        heading = info.get("heading", 0)
        if p_pr is not None:
            num_pr = p_pr.find(f"{w}numPr")
            if num_pr is not None:  # the paragraph's own list settings win over its style's
                num_id = self._val(num_pr, "numId") or (num[0] if num else None)
                num = (num_id, self._int(self._val(num_pr, "ilvl"), num[1] if num else 0))
            outline = self._val(p_pr, "outlineLvl")
            if outline is not None:
                heading = self._int(outline, 9) + 1 if self._int(outline, 9) < 9 else 0
        if not text:
            return ""
        numbered = num is not None and num[0] not in {None, "0"}
        if heading:
            text = " ".join(text.split("\n"))
            if numbered:
                _, rendered = self.number(num[0], num[1])
                text = f"{rendered} {text}" if rendered else text
            return f"{'#' * min(heading, 6)} {text}"
        if numbered:
            return self.list_prefix(num[0], num[1]) + " ".join(text.split("\n"))
        if info.get("list"):
            return "- " + " ".join(text.split("\n"))
        if (
            len(text) <= _BOLD_HEADING_CHARS
            and "\n" not in text
            and not text.endswith((".", ",", ";"))
            and not re.search(r":\s*\S", text)
            and self._all_bold(paragraph, info.get("bold", False))
        ):
            return f"## {text}"
        return text

    # blocks

    def header_lines(self, header) -> list[str]:
        """A running header's lines as text, without page numbers ("Sida 1 (7)", "1(7)")."""
        lines = []
        for paragraph in header.iter(f"{self.w}p"):
            if next(paragraph.iterancestors(f"{_MC}Fallback"), None) is not None:
                continue  # the copy of a text box for older readers
            parts = re.split(r"\t|\n", self.paragraph_text(paragraph))
            kept = [part.strip() for part in parts if not _PAGE_NUMBER.match(part.strip())]
            if line := " ".join(part for part in kept if part):
                lines.append(line)
        return lines

    def _children(self, element, *tags: str):
        """Children with these tags, looking inside content controls and tracked insertions."""
        w = self.w
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in {f"{w}sdt", f"{w}sdtContent", f"{w}customXml", f"{w}ins", f"{w}moveTo"}:
                yield from self._children(child, *tags)
            elif tag in tags:
                yield child

    def blocks(self, container) -> list[str]:
        w = self.w
        lines: list[str] = []
        for child in self._children(container, f"{w}p", f"{w}tbl"):
            if child.tag == f"{w}p":
                line = self.paragraph_line(child)
                if line.startswith("#"):
                    lines.extend(["", line, ""])
                else:
                    lines.append(line)
                for box in self._text_boxes(child):
                    lines.extend(self.blocks(box))
            else:
                lines.extend(["", *self.table(child), ""])
        return lines

    def _text_boxes(self, paragraph):
        """Text boxes anchored in a paragraph (not their duplicate in mc:Fallback)."""
        w = self.w
        for box in paragraph.iter(f"{w}txbxContent"):
            owner = next(box.iterancestors(f"{w}p", f"{_MC}Fallback"), None)
            if owner is paragraph:
                yield box

    def table(self, table) -> list[str]:
        w = self.w
        rows: list[list[object]] = []  # cells of each row (w:tc elements or text from above)
        above: dict[int, object] = {}
        for row in self._children(table, f"{w}tr"):
            cells, column = [], 0
            for cell in self._children(row, f"{w}tc"):
                tc_pr = cell.find(f"{w}tcPr")
                span, merge = 1, None
                if tc_pr is not None:
                    span = max(1, self._int(self._val(tc_pr, "gridSpan"), 1))
                    v_merge = tc_pr.find(f"{w}vMerge")
                    if v_merge is not None:
                        merge = v_merge.get(f"{w}val") or "continue"
                if merge == "continue" and column in above:
                    cells.append(above[column])  # a merged cell repeats the one above
                else:
                    cells.append(cell)
                    above[column] = cell
                column += span
            rows.append(cells)
        texts = [[self._cell_paragraphs(cell) for cell in cells] for cells in rows]
        if all(sum(1 for cell in row if cell) <= 1 for row in texts):
            # a one-column table (a frame around text): its content is ordinary blocks
            unique = {id(cell): cell for cells in rows for cell in cells}  # merged cells once
            return [line for cell in unique.values() for line in self.blocks(cell)]
        lines: list[str] = []
        for cells, row in zip(rows, texts, strict=True):
            if any(len(" ".join(cell)) > _LAYOUT_CELL_CHARS for cell in row):
                lines.extend(self._layout_row(cells, row))
                continue
            depth = max(len(cell) for cell in row)
            for index in range(depth):  # cells with one line per paragraph: one row per line
                values = [cell[index] if index < len(cell) else "" for cell in row]
                if any(values):
                    escaped = (value.replace("|", "\\|") for value in values)
                    lines.append("| " + " | ".join(escaped) + " |")
        return lines

    def _layout_row(self, cells, row) -> list[str]:
        """A row holding running text ("§ 12" | title and discussion): its cells as blocks."""
        lines: list[str] = []
        label = ""
        for cell, paragraphs in zip(cells, row, strict=True):
            if not paragraphs:
                continue
            if not lines and not label and len(paragraphs) == 1 and len(paragraphs[0]) <= 20:
                label = paragraphs[0]  # "§ 12" goes in front of the next cell's first line
                continue
            block = [line for line in self.blocks(cell) if line.strip()]
            if label and block:
                block[0] = f"{label} {block[0].lstrip('#- ')}"
                label = ""
            lines.extend(["", *block])
        if label:
            lines.append(label)
        return [*lines, ""]

    def _cell_paragraphs(self, cell) -> list[str]:
        if not hasattr(cell, "iter"):
            return []
        texts = (self.paragraph_text(p) for p in cell.iter(f"{self.w}p"))
        return [" ".join(text.split()) for text in texts if text.strip()]


# PDF --------------------------------------------------------------------------------------

# Page numbers on a line of their own: "1(7)", "1 (7)", "Sida 2 av 7", "2/7", "- 3 -", "Sida 3".
_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|s\.|page)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/|of)\s*\d{1,3})$"
    r"|^(?:sida|page)\s+\d{1,3}$"
    r"|^[-–—]\s*\d{1,3}\s*[-–—]$",
    re.IGNORECASE,
)
# The same at the end of a running header kept once: "Anteckningar 2022-03-04      1(3)".
_TRAILING_PAGE_NUMBER = re.compile(
    r"\s{2,}(?:(?:sida|page)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/|of)\s*\d{1,3})$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_DIGITS = re.compile(r"\d+")
_SPACE_RUN = re.compile(r"\s+")
# In pypdf's layout text a gap of 4+ spaces parts columns (justified text stretches to 3).
_COLUMN_GAP = re.compile(r" {4,}")
_WORD_GAP = re.compile(r" +")
_EDGE = 2  # lines at the top and the bottom of a page where running headers live


@contextlib.contextmanager
def _quiet(logger_name: str):
    """pypdf logs every repair it makes; a damaged upload is reported once, as ParseError."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pdf_limits():
    """pypdf's own limits on unpacking a stream and parsing a page, lowered from its defaults."""
    from pypdf import apply_configuration  # (see read_pdf)

    return apply_configuration(
        zlib_maximum_output_length=MAX_PDF_STREAM_BYTES,
        lzw_maximum_output_length=MAX_PDF_STREAM_BYTES,
        run_length_maximum_output_length=MAX_PDF_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_PDF_STREAM_BYTES,
        brotli_maximum_output_length=MAX_PDF_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_PDF_STREAM_BYTES,
        image_maximum_buffer_size=MAX_PDF_STREAM_BYTES,
        stream_parsing_work_maximum_count=MAX_PDF_PAGE_WORK,
        xform_maximum_invocations_per_extraction=MAX_PDF_FORMS,
    )


def _page_text(page) -> str:
    """The page as laid out: lines in reading order, columns apart, header on top.

    pypdf's layout mode does not look inside form XObjects (content stamped or reused on
    a page); on a page that has them, the plain text is taken when it holds more.
    """
    from pypdf.errors import LimitReachedError  # (see read_pdf)

    try:
        text = page.extract_text(extraction_mode="layout") or ""
    except LimitReachedError:
        raise
    except Exception:  # layout mode gives up on some fonts: the plain text is better than none
        return page.extract_text() or ""
    if _has_forms(page):
        plain = page.extract_text() or ""
        if len("".join(plain.split())) > 1.1 * len("".join(text.split())):
            return plain
    return text


def _has_forms(page) -> bool:
    try:
        objects = page["/Resources"]["/XObject"]
        return any(value.get_object().get("/Subtype") == "/Form" for value in objects.values())
    except (KeyError, TypeError, AttributeError):
        return False


def read_pdf(data: bytes) -> str:
    """The text layer of every page, without running headers, footers and page numbers."""
    # pypdf is imported when a PDF is read: it adds ~17 MB to every worker that loads it.
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    deadline = monotonic() + MAX_PDF_SECONDS
    pages: list[str] = []
    try:
        with warnings.catch_warnings(), _quiet("pypdf"), _pdf_limits():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0
                if not opened:
                    raise ParseError("PDF-filen kunde inte läsas: den är lösenordsskyddad.")
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise ParseError(
                    "PDF-filen har för många sidor för att läsas som anteckningar "
                    f"({_number(count)}; högst {_number(MAX_PDF_PAGES)})."
                )
            chars = 0
            for page in reader.pages:
                if monotonic() > deadline:
                    raise ParseError(
                        "PDF-filen tar för lång tid att läsa (mer än "
                        f"{MAX_PDF_SECONDS:.0f} sekunder): klistra in texten i stället."
                    )
                text = _page_text(page)
                chars += len(text) - text.count(" ")
                if chars > MAX_TEXT_CHARS:
                    limit = _number(MAX_TEXT_CHARS)
                    raise ParseError(TOO_LONG.format(size=f"över {limit}", limit=limit))
                pages.append(text)
    except ParseError:
        raise
    except LimitReachedError as error:
        raise ParseError(
            "PDF-filen är för stor för att läsas som anteckningar "
            "(en sida eller en del av filen är orimligt stor)."
        ) from error
    except Exception as error:  # pypdf raises many kinds on a damaged file
        reason = type(error).__name__
        raise ParseError(
            f"PDF-filen kunde inte läsas: filen är skadad eller inte en PDF ({reason})."
        ) from error
    if not any(page.strip() for page in pages):
        raise ParseError(
            "PDF-filen innehåller ingen text (den är troligen inskannad). "
            "Kör textigenkänning (OCR) eller klistra in texten."
        )
    text = _tables(clean_pdf_pages(pages))
    if "\x00" in text:
        raise ParseError(BINARY_FILE)
    return text


def _key(line: str) -> str:
    return _SPACE_RUN.sub(" ", _DIGITS.sub("#", line.strip().casefold()))


def _edges(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE]) | set(filled[-_EDGE:])


def clean_pdf_pages(pages: list[str]) -> str:
    """Join page texts, dropping page numbers and headers/footers repeated on most pages.

    A running header is kept once, at the top of the first page (it often holds the
    meeting's name and date); running footers are dropped everywhere. Indentation is kept
    (it tells table columns apart); runs of blank lines become one.
    """
    split = [normalize_text(page).split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_key(lines[i]) for i in _edges(lines)})
    threshold = max(2, (len(split) + 1) // 2)
    running = {key for key, count in counts.items() if count >= threshold and key}

    out: list[str] = []
    for page_number, lines in enumerate(split, start=1):
        edges = _edges(lines)
        filled = [i for i, line in enumerate(lines) if line.strip()]
        top = set(filled[:_EDGE])
        for index, line in enumerate(lines):
            stripped = line.strip()
            if index in edges:
                if _PAGE_NUMBER.match(stripped):
                    continue
                if _BARE_NUMBER.match(stripped) and int(stripped) == page_number:
                    continue
                if _key(line) in running:
                    if page_number == 1 and index in top:
                        out.append(_TRAILING_PAGE_NUMBER.sub("", line.rstrip()))
                    continue
            out.append(line.rstrip())
        out.append("")
    return _join_lines(out) + "\n"


def _cells(line: str) -> list[tuple[int, str]]:
    """The cells of a layout line with where each starts: [(column, text), ...]."""
    cells, start = [], len(line) - len(line.lstrip())
    for gap in _COLUMN_GAP.finditer(line, start):
        cells.append((start, _SPACE_RUN.sub(" ", line[start : gap.start()])))
        start = gap.end()
    if start < len(line):
        cells.append((start, _SPACE_RUN.sub(" ", line[start:].rstrip())))
    return cells


def _justified(line: str) -> bool:
    """Every word apart by about the same stretched gap: a justified line, not a row.

    (A table's header of single words with equal gaps reads as text too; its rows do not.)
    """
    gaps = [len(gap) for gap in _WORD_GAP.findall(line.strip())]
    return len(gaps) >= 2 and min(gaps) >= 2 and max(gaps) - min(gaps) <= 2


def _columns(rows: list[list[tuple[int, str]]]) -> list[list[str]] | None:
    """The rows' cells placed in columns, or None when two cells of a row share a column.

    Columns start where the fullest rows' cells start (the median: pypdf may place a column
    several characters apart from one line to the next); a cell of a shorter row goes to
    the nearest column.
    """
    width = max(len(row) for row in rows)
    full = [row for row in rows if len(row) == width]
    columns = [sorted(row[i][0] for row in full)[len(full) // 2] for i in range(width)]
    table = []
    for row in rows:
        values: list[str | None] = [None] * width
        for position, (start, cell) in enumerate(row):
            if len(row) == width:
                column = position
            else:
                column = min(range(width), key=lambda i, start=start: abs(columns[i] - start))
            if values[column] is not None:
                return None
            values[column] = cell
        table.append([value or "" for value in values])
    return table


def _tables(text: str) -> str:
    """Lines whose text stands in columns become `| a | b |` rows; others lose their indent.

    Two or more lines in a row parted by wide gaps make a table; a line with one cell inside
    such a block (a name under a label cell) goes to the column nearest to it. Justified
    text, whose gaps are stretched alike, stays text.
    """
    lines = text.split("\n")
    cells = [_cells(line) for line in lines]
    justified = [_justified(line) for line in lines]
    for index, line in enumerate(lines):  # a justified paragraph's lines are not rows either
        beside = justified[max(index - 1, 0) : index + 2]
        if len(cells[index]) > 1 and (justified[index] or (len(cells[index]) == 2 and any(beside))):
            cells[index] = [(cells[index][0][0], _SPACE_RUN.sub(" ", line.strip()))]
    out: list[str] = []
    index = 0
    while index < len(lines):
        if len(cells[index]) < 2:
            out.append(" ".join(cell for _, cell in cells[index]))
            index += 1
            continue
        end, block = index, []
        while end < len(lines):
            following = len(cells[end + 1]) if end + 1 < len(lines) else 0
            if len(cells[end]) >= 2:
                block.append(end)
            elif not cells[end] and following == len(cells[block[-1]]):
                pass  # a blank line between two rows alike
            elif len(cells[end]) == 1 and following >= 2:
                block.append(end)  # a wrapped or half-filled row between two rows
            else:
                break
            end += 1
        if len(block) < 2:
            out.append(" ".join(cell for _, cell in cells[index]))
            index += 1
            continue
        table = _columns([cells[row] for row in block])
        if table is None:  # words apart, not columns: the lines as text
            out.extend(" ".join(cell for _, cell in cells[row]) for row in range(index, end))
            index = end
            continue
        for values in table:
            out.append("| " + " | ".join(v.replace("|", "\\|") for v in values) + " |")
        out.append("")
        index = end
    return _join_lines(out) + "\n"
