"""Links in the registry go to http, https or mailto only; anything else is shown as text.

One rule for every place a link is stored or drawn: attachments made by the import, the
editor's and the admin's attachment forms, Markdown in item bodies, the meeting and item pages,
the print page, the PDF and the Word file. A `javascript:` or `data:` link in an imported file
must never become an `<a href>` (or a PDF link action) that a member can click.
"""

import html
import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SCHEMES = ("http", "https", "mailto")
UNSAFE_URL_MESSAGE = _("Länken måste börja med https://, http:// eller mailto:.")

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Browsers drop tabs and line breaks anywhere in a URL and C0 controls and spaces around it,
# so "java\tscript:" and " javascript:" are javascript: links. Compare without them.
_EDGES = "".join(chr(code) for code in range(0x21))  # C0 controls and the space
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Compared without spaces of any kind either: "java\u00a0script:" is not a scheme to trust.
_IGNORED = re.compile(
    r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]+"
)


def _decoded(url: str) -> str:
    """The URL as a browser (or a PDF reader) may end up reading it: entities and
    percent-escapes undone, repeatedly, and ignorable characters gone."""
    previous = None
    while url != previous:
        previous = url
        url = unquote(html.unescape(url))
    return _IGNORED.sub("", url)


def safe_url(url: str | None, *, relative: bool = False) -> str | None:
    """The URL to link to, or None when it must be shown as text instead.

    Allowed: http:, https:, mailto: in any case ("HTTPS://..."); "www.example.se" becomes
    "https://www.example.se". With relative=True a path on this site ("/beslut/...", "#punkt-2")
    is allowed too. Anything else (javascript:, vbscript:, data:, file:, "//host", a scheme
    hidden by entities, percent-escapes, tabs or spaces) gives None.
    """
    if not url:
        return None
    raw = url.strip(_EDGES).replace("\t", "").replace("\n", "").replace("\r", "")
    if not raw or _CONTROL.search(raw):
        return None
    decoded = _decoded(raw)
    scheme = _SCHEME.match(decoded)
    if scheme:
        # The scheme as written must be the scheme as decoded: "&#106;avascript:" and
        # "https%3A..." tricks are refused rather than guessed at.
        written = _SCHEME.match(raw)
        if written is None or written.group(1).lower() != scheme.group(1).lower():
            return None
        return raw if scheme.group(1).lower() in SCHEMES else None
    if decoded.lower().startswith("www.") and "\\" not in decoded:
        return f"https://{raw}"
    if relative and decoded[:1] in {"/", "#"} and not decoded.startswith(("//", "/\\")):
        return raw
    return None


def validate_safe_url(value: str) -> None:
    """Form and model validation: a link the registry will show as a link."""
    if value and safe_url(value) is None:
        raise ValidationError(UNSAFE_URL_MESSAGE, code="url_scheme")
