"""Uploaded attachments: which types are allowed, and whether a file really is what its name says.

A file is checked on its whole content, not only its first bytes: a PNG header followed by HTML,
a PDF that is a web page with "%PDF-" in front, a zip with a page before it are all refused. What
is accepted is served only as a download (minutes.views.attachment_download), with the content
type of this allow-list and nosniff, never rendered by the browser as a page.
"""

import io
import re
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Images are decoded whole to prove they are images; above this many pixels they are refused
# rather than decoded. A JPEG is decoded at 1/8 of its size (a 24-megapixel photo takes 1 MB);
# a PNG whole, at most 100 MB for 25 million RGBA pixels.
MAX_IMAGE_PIXELS = 25_000_000

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# suffix -> the content type it is served with
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": WORD,
    ".xlsx": EXCEL,
    ".pptx": POWERPOINT,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain; charset=utf-8",
}
ALLOWED = "pdf, docx, xlsx, pptx, png, jpg, txt"
# An Office file's [Content_Types].xml names its main part with one of these.
OFFICE_MAIN_PARTS = {
    ".docx": WORD + ".main+xml",
    ".xlsx": EXCEL + ".main+xml",
    ".pptx": POWERPOINT + ".main+xml",
}
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
# What a browser would take for a page, wherever it stands in the first KB.
MARKUP = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype\s+html)", re.IGNORECASE)


class UploadRefused(ValueError):
    """The file cannot be attached; the message says why, in the reader's language."""


def attachment_content_type(name: str) -> str | None:
    """The content type a stored attachment is served with; None for a type not allowed."""
    return ATTACHMENT_TYPES.get(Path(name).suffix.lower())


def attachment_check(file, *, name: str, size: int) -> None:
    """Raise UploadRefused unless the file (a seekable binary file) is an allowed type by its
    name and by its whole content. Leaves the file at its start."""
    suffix = Path(name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise UploadRefused(
            _("Filtypen %(suffix)s går inte att bifoga. Tillåtna: %(allowed)s.")
            % {"suffix": suffix or _("(ingen)"), "allowed": ALLOWED}
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise UploadRefused(
            _("Filen är %(size)s; en bilaga får vara högst 20 MB.") % {"size": filesizeformat(size)}
        )
    file.seek(0)
    data = file.read(MAX_ATTACHMENT_BYTES + 1)
    file.seek(0)
    if not (_no_markup(data) and CHECKS[suffix](data, suffix)):
        raise UploadRefused(
            _("Filen ser inte ut att vara en %(suffix)s-fil. Kontrollera den och försök igen.")
            % {"suffix": suffix}
        )


def attachment_file_clean(upload):
    """A form's clean_file (the editor's and the admin's): a new upload checked on its content;
    the file already stored (a form saved again without a new one) passes as it is."""
    if isinstance(upload, UploadedFile):
        try:
            attachment_check(upload, name=upload.name, size=upload.size)
        except UploadRefused as error:
            raise ValidationError(str(error)) from error
    return upload


def _no_markup(data: bytes) -> bool:
    return MARKUP.search(data[:1024]) is None


def _is_pdf(data: bytes, suffix: str) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


def _is_office(data: bytes, suffix: str) -> bool:
    """A zip from its first byte, with the [Content_Types].xml of a Word, Excel or PowerPoint
    file. Only that small part is unpacked (never the documents: a zip bomb stays packed)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return False
            content_types = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False
    return OFFICE_MAIN_PARTS[suffix].encode() in content_types


def _is_png(data: bytes, suffix: str) -> bool:
    """Chunk by chunk from the signature to IEND, with nothing after it; then decoded."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    at = 8
    while at + 12 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        at += 12 + length
        if kind == b"IEND":
            return at == len(data) and _decodes(data)
    return False


def _is_jpeg(data: bytes, suffix: str) -> bool:
    """Start of image first, end of image (EOI) last; then decoded."""
    ended = data.rstrip(b"\x00").endswith(b"\xff\xd9")  # some cameras pad with zeros
    return data.startswith(b"\xff\xd8\xff") and ended and _decodes(data)


def _decodes(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return False
            if image.format == "JPEG":
                # decode at 1/8 of the size: every block is still read
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _is_text(data: bytes, suffix: str) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


CHECKS = {
    ".pdf": _is_pdf,
    ".docx": _is_office,
    ".xlsx": _is_office,
    ".pptx": _is_office,
    ".png": _is_png,
    ".jpg": _is_jpeg,
    ".jpeg": _is_jpeg,
    ".txt": _is_text,
}
