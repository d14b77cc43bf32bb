"""Reading uploaded minutes (.docx, .pdf or text) into plain text for the parser."""

import contextlib
import io
import logging
import re
import warnings
import zipfile
from collections import Counter
from pathlib import PurePath

from .errors import ParseError
from .text import BINARY_FILE, EMPTY_FILE, decode_bytes, normalize_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or an encrypted .docx

# Page numbers on a line of their own: "1(7)", "1 (7)", "Sida 2 av 7", "2/7", "- 3 -", "Sida 3".
_PAGE_NUMBER = re.compile(
    r"^(?:(?:sida|s\.|page)\s*)?\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|/|of)\s*\d{1,3})$"
    r"|^(?:sida|page)\s+\d{1,3}$"
    r"|^[-–—]\s*\d{1,3}\s*[-–—]$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_DIGITS = re.compile(r"\d+")
_SPACE_RUN = re.compile(r"\s+")
_EDGE = 2  # lines at the top and the bottom of a page where running headers live


def read_document(data: bytes, filename: str) -> str:
    """Return the text of an uploaded document: .docx, .pdf, else text in any common encoding.

    Raises ParseError with a one-line Swedish message when the file cannot be read.
    """
    if not data or not data.strip():
        raise ParseError(EMPTY_FILE)
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return read_pdf(data)
    if suffix in {".docx", ".docm", ".dotx"}:
        return read_docx(data)
    if suffix == ".doc":
        if data.startswith(b"PK\x03\x04"):  # a .docx with the wrong name
            return read_docx(data)
        raise ParseError(
            "Word-filen kunde inte läsas: det äldre .doc-formatet stöds inte. "
            "Spara om filen som .docx eller PDF."
        )
    if data.startswith(b"PK\x03\x04") and b"word/document.xml" in data[:4000]:
        return read_docx(data)
    return decode_bytes(data)


# Word -------------------------------------------------------------------------------------


def read_docx(data: bytes) -> str:
    """Paragraphs and tables in document order; a table row becomes "cell1, cell2"."""
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            "Word-filen kunde inte läsas: den är lösenordsskyddad eller sparad i ett äldre format."
        )
    try:
        import docx  # python-docx; imported here so that plain text needs no lxml

        document = docx.Document(io.BytesIO(data))
        lines = _docx_lines(document)
    except ParseError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ParseError(
            "Word-filen kunde inte läsas: filen är skadad eller inte en .docx-fil."
        ) from error
    except Exception as error:  # python-docx raises many kinds on a damaged package
        name = type(error).__name__
        if name == "PackageNotFoundError":
            message = "filen är skadad eller inte en .docx-fil."
        else:
            message = f"{name}: {_one_line(str(error))}"
        raise ParseError(f"Word-filen kunde inte läsas: {message}") from error
    text = normalize_text("\n".join(lines))
    if not text.strip():
        raise ParseError("Word-filen innehåller ingen text.")
    return text


def _one_line(message: str) -> str:
    return _SPACE_RUN.sub(" ", message).strip()[:200] or "okänt fel."


def _docx_lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, document)
                text = paragraph.text.strip()
                if text:
                    lines.append(numbering.prefix(paragraph) + text)
                else:
                    lines.append("")
            elif tag == "tbl":
                lines.append("")
                lines.extend(_table_lines(Table(child, document)))
                lines.append("")
            elif tag == "sdt":  # content control: look inside
                for inner in child.iterchildren():
                    if inner.tag.endswith("}sdtContent"):
                        walk(inner)

    walk(document.element.body)
    return lines


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            cells.append([p.text.strip() for p in cell.paragraphs if p.text.strip()])
        filled = [c for c in cells if c]
        if len(filled) == 1:
            lines.extend(filled[0])  # a one-column table: each paragraph is a line
        elif filled:
            lines.append(", ".join(" ".join(c) for c in filled))
    return lines


class _Numbering:
    """Word's automatic numbering is not in the text: rebuild "1. " and "- " prefixes."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        self.abstract: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part
            return
        ns = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        w = f"{{{ns}}}"
        for abstract in root.iter(f"{w}abstractNum"):
            abstract_id = abstract.get(f"{w}abstractNumId")
            for level in abstract.iter(f"{w}lvl"):
                fmt = level.find(f"{w}numFmt")
                self.formats[(abstract_id, int(level.get(f"{w}ilvl", "0")))] = (
                    fmt.get(f"{w}val") if fmt is not None else "decimal"
                )
        for num in root.iter(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            if ref is not None:
                self.abstract[num.get(f"{w}numId")] = ref.get(f"{w}val")

    def prefix(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        if num_id == "0":
            return ""
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        abstract_id = self.abstract.get(num_id, num_id)
        fmt = self.formats.get((abstract_id, level), "bullet")
        counters = self.counters.setdefault(abstract_id, [0] * 10)
        level = min(level, 9)
        counters[level] += 1
        for deeper in range(level + 1, 10):
            counters[deeper] = 0
        number = counters[level]
        if fmt in {"bullet", "none"}:
            return "- "
        if fmt in {"lowerLetter", "upperLetter"}:
            letter = chr(ord("a") + (number - 1) % 26)
            return f"{letter.upper() if fmt == 'upperLetter' else letter}) "
        if level == 0:
            return f"{number}. "
        return f"({number}) "  # a sub-list: never an agenda item

    @staticmethod
    def _num_pr(paragraph):
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        try:
            style_p_pr = paragraph.style.element.pPr
        except AttributeError:
            return None
        return style_p_pr.numPr if style_p_pr is not None else None


# PDF --------------------------------------------------------------------------------------


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


def read_pdf(data: bytes) -> str:
    """The text layer of every page, without running headers, footers and page numbers."""
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings(), _quiet("pypdf"):
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0
                if not opened:
                    raise ParseError("PDF-filen kunde inte läsas: den är lösenordsskyddad.")
            pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
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
    text = clean_pdf_pages(pages)
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
    meeting's name and date); running footers are dropped everywhere.
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
                        out.append(line.rstrip())
                    continue
            out.append(line.rstrip())
        out.append("")
    return "\n".join(out).strip("\n") + "\n"
