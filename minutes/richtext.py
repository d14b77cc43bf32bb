"""Item text and decision wording: one rendering, Markdown in, sanitised HTML out.

The editor's preview, the meeting page, the decision page, the print page and the PDF show
this HTML; the Word file is made from it (minutes/exporting/word.py). So `**fet**`, `*kursiv*`,
lists, headings and `[länk](https://...)` read the same everywhere, and no script ever runs
from a note: nh3 keeps only the tags below, and every href goes through minutes.links.

Imported minutes are plain text, not Markdown, and must read as they always have: a line break
is a line break, "•", "–" and "1)" start list entries as "-" and "1." do, a list may follow a
paragraph line directly, a line after a list entry continues it, and "#1", "2023." or "5*3"
stay as written. `markdown_source` writes such text as the Markdown that says that.
"""

import html
import re
import threading

import markdown as md
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from minutes.links import SCHEMES, safe_url

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
URL_SCHEMES = set(SCHEMES)
# Headings in an item's text sit under the item's own heading (h3 on the meeting page):
# "# Rubrik" is an h4, "##" an h5, deeper ones h6.
HEADING_SHIFT = 3

_MARKER = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+•–])|(?P<number>\d{1,2})[.)])[ \t]+")
_SEPARATOR = re.compile(r"^[ \t]*(?:[-=_*][ \t]*){3,}$")
_HASH = re.compile(r"^#+(?![ #]|$)")  # "#1", "#hashtag": not a heading
_BIG_NUMBER = re.compile(r"^(\d{3,})\.(?=[ \t])")  # "2023. Ett år": not a list
_TIMES = re.compile(r"(?<=\d)\*(?=\d)")  # "5*3": not emphasis
# Raw HTML is text, as it always was in imported minutes ("<b>", "a < b", "<3"); only an
# autolink "<https://...>" stays Markdown.
_LESS_THAN = re.compile(r"<(?!(?:https?|mailto):[^\s<>]*>)", re.IGNORECASE)


def markdown_source(text: str) -> str:
    """Plain text (or Markdown) as the Markdown that reads as the text was written."""
    lines: list[str] = []
    in_list = False  # the previous line is a list entry (or continues one)
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            lines.append("")
            in_list = False
            continue
        if _SEPARATOR.match(raw):
            # a rule, never a heading underline for the line above
            lines.extend(["", "---", ""])
            in_list = False
            continue
        marker = _MARKER.match(raw)
        if marker:
            rest = raw[marker.end() :].strip()
            depth = len(marker["indent"].expandtabs(4)) // 2 if in_list else 0
            written = "-" if marker["bullet"] else f"{marker['number']}."
            line = "    " * depth + f"{written} {_inline(rest)}"
            if not in_list and lines and lines[-1]:
                lines.append("")  # a list may follow a paragraph line directly
            elif in_list and depth == 0 and _kind(lines[-1]) != _kind(line):
                lines.append("")  # "- a" then "1. b": a new list
            lines.append(line)
            in_list = True
            continue
        line = raw.strip()
        if in_list:
            lines[-1] += " " + _inline(line)  # continues the list entry, as one line
            continue
        line = _HASH.sub(lambda m: "\\" + m.group(0), line)
        line = _BIG_NUMBER.sub(r"\1\\.", line)
        lines.append(_inline(line))
    return "\n".join(lines).strip("\n")


def _kind(line: str) -> str:
    return "ol" if line.lstrip()[:1].isdigit() else "ul"


def _inline(text: str) -> str:
    return _LESS_THAN.sub("&lt;", _TIMES.sub(r"\\*", text))


def _href_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 checks the scheme too; minutes.links is the registry's one rule for every link
    (a link it refuses loses its href and stays as text). Paths on this site are allowed."""
    if attribute == "href":
        return safe_url(value, relative=True)
    return value


def _shift_heading(match: re.Match) -> str:
    level = min(int(match["level"]) + HEADING_SHIFT, 6)
    return f"<{match['close']}h{level}>"


_converters = threading.local()


def _converter() -> md.Markdown:
    """This thread's Markdown converter: setting one up (its extensions and their patterns)
    costs more than converting a paragraph, and a page converts dozens. Not shared between
    threads (a converter keeps state while it works); reset before each text."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = md.Markdown(extensions=["sane_lists", "tables", "nl2br"], output_format="html")
        _converters.markdown = converter
    return converter.reset()


def render_source(source: str) -> SafeString:
    """Markdown (as markdown_source wrote it) to sanitised HTML."""
    converted = _converter().convert(source)
    converted = re.sub(r"<(?P<close>/?)h(?P<level>[1-6])>", _shift_heading, converted)
    cleaned = nh3.clean(
        converted,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_href_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # "'" as Django's escape writes it, so imported text reads byte for byte as it did
    return mark_safe(cleaned.replace("'", "&#x27;"))  # sanitised by nh3 just above


def render_markdown(text: str, *, lead: str = "") -> SafeString:
    """An item's text or a decision's wording as sanitised HTML: only the tags above, links
    to http(s)/mailto (and this site's paths) only, no attributes but href/title (so no
    onerror=, no style=); raw HTML is shown as the text it is, never as markup.

    lead ("Beslut Nära Vård:") is set in bold at the start of the first paragraph, so that
    the print page and the PDF keep the decision's label and text on one line."""
    rendered = render_source(markdown_source(text))
    if not lead:
        return rendered
    strong = f"<strong>{html.escape(lead)}</strong>"
    if rendered.startswith("<p>"):
        return mark_safe(f"<p>{strong} {rendered[3:]}")  # lead escaped, rest sanitised
    return mark_safe(f"<p>{strong}</p>\n{rendered}")


def plain_text(text: str) -> str:
    """The text as readers see it, without its formatting, on one line: for excerpts (the
    decision list, search hits, links to other decisions), so that `**fet**` reads "fet"."""
    return " ".join(html.unescape(strip_tags(render_markdown(text or ""))).split())


LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def without_markup(text: str) -> str:
    """A fragment of the text (a search snippet, cut anywhere) with the common Markdown marks
    taken out: `**fet**`, `*kursiv*`, `[länk](https://...)` read "fet", "kursiv", "länk"."""
    return EMPHASIS.sub(r"\2", LINK.sub(r"\1", text or ""))
