"""Parsing minutes (Anteckningar) into structure: pure Python, no Django.

text = read_document(data, filename)      # .docx, .pdf or text -> str
parsed = parse_minutes(text, first_date=date(2024, 11, 7))
parsed.to_dict()                          # the importer's --json shape
"""

from .attendance import default_aliases
from .documents import clean_pdf_pages, read_document
from .errors import ParseError
from .model import (
    LocatedDecision,
    ParsedAction,
    ParsedAttendee,
    ParsedDay,
    ParsedDecision,
    ParsedItem,
    ParsedMinutes,
    ParsedRecorder,
)
from .parser import parse_minutes
from .text import decode_bytes, normalize_text

__all__ = [
    "LocatedDecision",
    "ParseError",
    "ParsedAction",
    "ParsedAttendee",
    "ParsedDay",
    "ParsedDecision",
    "ParsedItem",
    "ParsedMinutes",
    "ParsedRecorder",
    "clean_pdf_pages",
    "decode_bytes",
    "default_aliases",
    "normalize_text",
    "parse_minutes",
    "read_document",
]
