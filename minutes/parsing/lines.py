"""Turning raw text (Markdown, plain text or PDF text) into classified lines."""

import html
import re
from dataclasses import dataclass

_HTML_TAG = re.compile(
    r"</?(?:b|i|u|em|strong|ul|ol|li|br|p|div|span|table|tr|td|th|thead|tbody|sup|sub|a|font)"
    r"\b[^>]*>",
    re.IGNORECASE,
)
_HTML_BREAK = re.compile(
    r"<br\s*/?>|<li\b[^>]*>|</?(?:p|div|tr|ul|ol|table)\b[^>]*>", re.IGNORECASE
)
_CELL_BAR = re.compile(r"(?<!\\)\|")
_TABLE_RULE = re.compile(r"^[\s|:+=]*[-=]{3,}[-\s|:+=\t]*$")
_HEADING = re.compile(r"^(#{1,6})(?:\s+|(?=[^\s#]))")  # "##Kallade" too
_BULLET = re.compile(r"^([-*+•·▪◦●–])\s+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])")
_SPACES = re.compile(r" +")
_TABS = re.compile(r" *\t[\t ]*")  # table cells from a word processor: keep one tab
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'”]+", re.IGNORECASE)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


@dataclass
class Line:
    raw: str  # the line as written, right-stripped
    core: str  # without heading marks and bullet, markdown emphasis kept (for item titles)
    text: str  # clean text: no Markdown, single spaces
    heading: int = 0  # Markdown heading level
    bullet: bool = False
    code: bool = False  # inside a fenced code block: text, never structure
    links: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def url_only(self) -> bool:
        return bool(_URL_ONLY.match(self.text))


def _expand_html(text: str) -> str:
    if "<" not in text:
        return text
    out = []
    for line in text.split("\n"):
        if _HTML_TAG.search(line):
            line = line.replace("\t", "\n")
            line = _HTML_BREAK.sub("\n", line)
            line = _HTML_TAG.sub("", line)
            line = html.unescape(line)
        out.append(line)
    return "\n".join(out)


def clean_inline(text: str) -> tuple[str, tuple[str, ...]]:
    """Strip Markdown emphasis, escapes and link syntax; return the text and link targets."""
    links: list[str] = []
    if "](" in text:
        text = _IMAGE.sub("", text)

        def link(match: re.Match) -> str:
            target = match.group(2)
            if not target.lower().startswith("mailto:"):
                links.append(target)
            return match.group(1)

        text = _MD_LINK.sub(link, text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _BOLD.sub("", text)
        text = _EMPHASIS.sub("", text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    text = _TABS.sub("\t", _SPACES.sub(" ", text)).strip()
    links.extend(match.group(0).rstrip(".,;:") for match in URL.finditer(text))
    return text, tuple(links)


def split_lines(text: str) -> list[Line]:
    """Classify every line of a normalised text."""
    out = []
    fenced = False
    for raw in _expand_html(text).split("\n"):
        raw = raw.rstrip()
        stripped = raw.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            out.append(Line(raw="", core="", text=""))
            continue
        if fenced:
            text = " ".join(stripped.split())
            out.append(Line(raw=raw, core=text, text=text, code=True))
            continue
        if not stripped or _TABLE_RULE.match(stripped):
            out.append(Line(raw="", core="", text=""))
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            # cells split on unescaped bars; a cell's own "\|" is a slash in the text
            cells = _CELL_BAR.split(stripped[1:-1])
            stripped = " | ".join(cell.strip().replace("\\|", "/") for cell in cells)
        heading = 0
        if match := _HEADING.match(stripped):
            heading = len(match.group(1))
            stripped = stripped[match.end() :]
        bullet = False
        if match := _BULLET.match(stripped):
            bullet = True
            stripped = stripped[match.end() :]
        if "\\" in stripped:
            stripped = _ESCAPE.sub(r"\1", stripped)
        text, links = clean_inline(stripped)
        if heading and not text.strip("#"):
            text = ""
        out.append(
            Line(
                raw=raw,
                core=stripped.strip(),
                text=text,
                heading=heading,
                bullet=bullet,
                links=links,
            )
        )
    return out
