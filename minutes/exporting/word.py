"""The rendered item text (minutes.richtext's sanitised HTML) as Word paragraphs and runs.

The Word file shows what the meeting page shows: paragraphs with line breaks, bold and
italic runs, bulleted and numbered list paragraphs (each numbered list starts at its own
number), headings under the item's heading, quotes, tables, and links as real Word hyperlinks
(w:hyperlink with an external relationship). The HTML comes from nh3, so only its few tags
are met here, and every href has already passed minutes.links.
"""

import re

import lxml.html
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from minutes.links import safe_url

LINK_STYLE = "Hyperlink"
CODE_FONT = "Courier New"
_SPACE = re.compile(r"\s+")
_HEADINGS = {"h4": 1, "h5": 2, "h6": 3}  # below the item's own heading
_INLINE = {"strong", "b", "em", "i", "code", "a", "br"}


def add_html(word, html: str, *, heading_level: int, style: str | None = None) -> None:
    """Append the rendered text to the document. heading_level is the item's heading level;
    style ("Decision") is given to its paragraphs."""
    if not html or not html.strip():
        return
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    _Writer(word, heading_level, style).blocks(root)


class _Writer:
    def __init__(self, word, heading_level: int, style: str | None) -> None:
        self.word = word
        self.heading_level = heading_level
        self.style = style
        self.quote = False

    # blocks

    def blocks(self, parent) -> None:
        loose = []  # text and inline elements outside any block: one paragraph
        if (parent.text or "").strip():
            loose.append(parent.text)
        for child in parent:
            if child.tag in _INLINE:
                loose.append(child)
                if (child.tail or "").strip():
                    loose.append(child.tail)
                continue
            self._loose(loose)
            self.block(child)
            if (child.tail or "").strip():
                loose.append(child.tail)
        self._loose(loose)

    def _loose(self, loose: list) -> None:
        if not loose:
            return
        paragraph = self.paragraph()
        line = _Line(paragraph)
        for piece in loose:
            if isinstance(piece, str):
                line.text(piece, frozenset())
            else:
                line.element(piece, frozenset())
        loose.clear()

    def block(self, element) -> None:
        tag = element.tag
        if tag == "p":
            _Line(self.paragraph()).content(element)
        elif tag in _HEADINGS:
            level = min(self.heading_level + _HEADINGS[tag], 9)
            _Line(self.word.add_heading("", level=level)).content(element)
        elif tag in {"ul", "ol"}:
            self.list(element, depth=0)
        elif tag == "blockquote":
            self.quote, was = True, self.quote
            self.blocks(element)
            self.quote = was
        elif tag == "pre":
            run = self.paragraph().add_run(element.text_content().rstrip("\n"))
            run.font.name = CODE_FONT
        elif tag == "hr":
            _rule(self.paragraph())
        elif tag == "table":
            self.table(element)
        else:
            self.blocks(element)

    def paragraph(self):
        style = "Quote" if self.quote else self.style
        return self.word.add_paragraph(style=style)

    def list(self, element, depth: int) -> None:
        ordered = element.tag == "ol"
        name = ("List Number" if ordered else "List Bullet") + (f" {depth + 1}" if depth else "")
        numbering = _restart(self.word, name, _int(element.get("start"), 1)) if ordered else None
        for entry in element.iterchildren("li"):
            paragraph = self.word.add_paragraph(style=name)
            if numbering is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = numbering[1]
                num_pr.get_or_add_numId().val = numbering[0]
            line = _Line(paragraph)
            line.text(entry.text, frozenset())
            for child in entry:
                if child.tag in {"ul", "ol"}:
                    self.list(child, depth=min(depth + 1, 2))
                elif child.tag == "p":
                    if line.used:
                        line.paragraph.add_run().add_break()
                        line.start = True
                    line.content(child)
                else:
                    line.element(child, frozenset())
                line.text(child.tail, frozenset())

    def table(self, element) -> None:
        rows = element.xpath(".//tr")
        width = max((len(row.xpath("./th|./td")) for row in rows), default=0)
        if not rows or not width:
            return
        table = self.word.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.xpath("./th|./td")):
                line = _Line(table.cell(r, c).paragraphs[0])
                line.content(cell, frozenset({"bold"}) if cell.tag == "th" else frozenset())


class _Line:
    """Runs appended to one paragraph, whitespace collapsed as a browser does."""

    def __init__(self, paragraph) -> None:
        self.paragraph = paragraph
        self.start = True
        self.used = False

    def content(self, element, fmt=frozenset()) -> None:
        self.text(element.text, fmt)
        for child in element:
            self.element(child, fmt)
            self.text(child.tail, fmt)

    def element(self, element, fmt) -> None:
        tag = element.tag
        if tag == "br":
            self.paragraph.add_run().add_break()
            self.start = True
        elif tag in {"strong", "b"}:
            self.content(element, fmt | {"bold"})
        elif tag in {"em", "i"}:
            self.content(element, fmt | {"italic"})
        elif tag == "code":
            self.content(element, fmt | {"code"})
        elif tag == "a" and _absolute(element.get("href")):
            self.link(element, fmt)
        else:
            self.content(element, fmt)

    def text(self, text: str | None, fmt, into=None) -> None:
        if not text:
            return
        text = _SPACE.sub(" ", text)
        if self.start:
            text = text.lstrip()
        if not text:
            return
        run = self.paragraph.add_run(text)
        run.bold = True if "bold" in fmt else None
        run.italic = True if "italic" in fmt else None
        if "code" in fmt:
            run.font.name = CODE_FONT
        if "link" in fmt:
            _link_look(self.paragraph.part.document, run)
        if into is not None:
            into.append(run._r)
        self.start, self.used = False, True

    def link(self, element, fmt) -> None:
        """<a href> as w:hyperlink: the address in the part's relationships, the runs inside."""
        url = _absolute(element.get("href"))
        r_id = self.paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), r_id)
        self.paragraph._p.append(hyperlink)
        self._link_text(element, fmt | {"link"}, hyperlink)

    def _link_text(self, element, fmt, hyperlink) -> None:
        self.text(element.text, fmt, into=hyperlink)
        for child in element:
            inner = fmt
            if child.tag in {"strong", "b"}:
                inner = fmt | {"bold"}
            elif child.tag in {"em", "i"}:
                inner = fmt | {"italic"}
            elif child.tag == "code":
                inner = fmt | {"code"}
            self._link_text(child, inner, hyperlink)
            self.text(child.tail, fmt, into=hyperlink)


def _absolute(href: str | None) -> str | None:
    """A link Word can follow: http(s) or mailto, as minutes.links allows; a path on this
    site has no host in a downloaded file and stays text."""
    return safe_url(href) if href else None


def _int(value, default: int) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return default


def _restart(word, style_name: str, start: int) -> tuple[int, int]:
    """A new numbering instance of the list style's numbering, starting at start: without
    it every numbered list in the file would go on counting from the one before."""
    style = word.styles[style_name]
    num_pr = style.element.pPr.numPr
    numbering = word.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_pr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract_id)
    level = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    num.add_lvlOverride(ilvl=level).add_startOverride(start)
    return num.numId, level


def _link_look(document, run) -> None:
    styles = document.styles
    try:
        style = styles[LINK_STYLE]
    except KeyError:
        style = styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
        style.font.underline = True
    run.style = style


def _rule(paragraph) -> None:
    """<hr>: an empty paragraph with a line under it."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"val": "single", "sz": "6", "space": "1", "color": "808080"}.items():
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.left_indent = Cm(0)
