"""Decoding bytes to text and normalising text before it is parsed."""

import re
import unicodedata

from .errors import ParseError

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# No-break and narrow spaces become plain spaces; soft hyphens and zero-width marks vanish.
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")

EMPTY_FILE = "Filen är tom."
BINARY_FILE = "Filen ser inte ut att vara text (binärt innehåll)."


def normalize_text(text: str) -> str:
    """Unify line endings, spaces and Unicode composition (NFC)."""
    text = _NEWLINES.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def _looks_like_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the NUL bytes every other position."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 (BOM), else cp1252.

    Raises ParseError for an empty file or binary content.
    """
    if not data or not data.strip():
        raise ParseError(EMPTY_FILE)
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif encoding := _looks_like_utf16(data):
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ParseError(BINARY_FILE)
    if len(_CONTROL.findall(text)) > 0.02 * len(text):
        raise ParseError(BINARY_FILE)
    text = normalize_text(text)
    if not text.strip():
        raise ParseError(EMPTY_FILE)
    return text
