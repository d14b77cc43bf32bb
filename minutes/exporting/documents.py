"""The minutes out: one document structure, rendered as a print page, as PDF and as Word.

    document = minutes_document(meeting)   # built once from the prefetched meeting
    meeting_pdf(meeting) -> bytes          # WeasyPrint, from templates/minutes/exporting/print.html
    meeting_docx(meeting) -> bytes         # python-docx: real headings, paragraphs, bold labels

The layout is the network's own ("Anteckningar", NÄRVARANDE by group, numbered items,
"Beslut:" set apart, "Antecknat av"), and it is written so that minutes.parsing reads it back:
attendance as lines "Name, Organisation (note)", items as "1. Title", decisions as
"Beslut Nära Vård: text", the date as "Datum: 7–8 november 2024".
"""

import io
import itertools
from dataclasses import dataclass

import docx
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from minutes.links import safe_url
from minutes.models import Attendance, Meeting
from minutes.presentation import Block, attendance_groups, body_blocks
from minutes.richtext import render_markdown

from .word import add_html

# The documents are Swedish minutes whatever language the reader's screens are in.
DOCUMENT_LANGUAGE = "sv"
PRINT_CSS = "css/print.css"
DOCX_FONT = "Arial"


@dataclass
class DecisionEntry:
    lead: str  # "Beslut:", "Beslut Nära Vård:", "Ställningstagande:"
    text: str
    reference: str
    kind: str
    html: str  # the wording as minutes.richtext renders it, the lead in bold at its start


@dataclass
class ItemEntry:
    number: int
    title: str
    tabled: bool
    tabled_from: str  # "7 november 2024, punkt 4" or ""
    presenters: str  # "Lena Holmlund, Maria Ljung" or ""
    matter: str
    blocks: list[Block]  # rendered text and decisions (Block.decision is a DecisionEntry)
    actions: list[str]
    links: list[tuple[str, str]]  # (title, url); url is "" for an uploaded file

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class AttendanceGroup:
    name: str  # "Nätverket", "Göteborgsregionen", "Gäster"
    lines: list[str]


@dataclass
class DayEntry:
    anchor: str  # "2024-11-07"
    heading: str  # "Den 7 november" when the meeting has several days, else ""
    groups: list[AttendanceGroup]
    absent: list[str]
    items: list[ItemEntry]


@dataclass
class MinutesDocument:
    network: str
    title: str
    dates: str  # "7–8 november 2024"
    theme: str
    location: str
    is_draft: bool
    days: list[DayEntry]
    recorders: list[str]
    filename_stem: str  # "Socialchefsnatverket-2024-11-07-anteckningar"
    meeting_url: str
    meeting_id: int

    @property
    def several_days(self) -> bool:
        return len(self.days) > 1


# Building the structure ------------------------------------------------------------------


def minutes_document(meeting: Meeting) -> MinutesDocument:
    """The minutes as a small tree of plain values, in the order the document shows them.

    Pass a meeting from Meeting.objects.for_minutes(); any other is fetched again that way,
    so that building never runs a query per day, person or item.
    """
    if "days" not in getattr(meeting, "_prefetched_objects_cache", {}):
        meeting = Meeting.objects.for_minutes().get(pk=meeting.pk)
    with translation.override(DOCUMENT_LANGUAGE):
        days = list(meeting.days.all())
        several = len(days) > 1
        entries = [_day_entry(meeting, day, several) for day in days]
        recorders = [
            f"{person.full_name}, {person.title[:1].lower()}{person.title[1:]}"
            if person.title
            else person.full_name
            for person in meeting.recorders.all()
        ]
        return MinutesDocument(
            network=meeting.network.name,
            title=meeting.title or _("Anteckningar"),
            dates=date_line([day.date for day in days] or [meeting.start_date]),
            theme=meeting.theme,
            location=meeting.location,
            is_draft=not meeting.is_published,
            days=entries,
            recorders=recorders,
            filename_stem=export_filename_stem(meeting),
            meeting_url=meeting.get_absolute_url(),
            meeting_id=meeting.pk,
        )


def export_filename_stem(meeting: Meeting) -> str:
    """ "Socialchefsnatverket-2024-11-07-anteckningar": ASCII, safe in any download dialog."""
    slug = slugify(meeting.network.name) or "natverk"
    network = slug[:1].upper() + slug[1:]
    return f"{network}-{meeting.start_date:%Y-%m-%d}-anteckningar"


def date_line(dates) -> str:
    """ "14 februari 2019", "7–8 november 2024", "30 november 2024 och 1 december 2024".

    The first day is always written in full with its year, so that the importer finds the
    meeting's first date in the line "Datum: ..."."""
    dates = sorted(dates)
    first, last = dates[0], dates[-1]
    consecutive = all((b - a).days == 1 for a, b in itertools.pairwise(dates))
    if len(dates) == 1:
        return date_format(first, "j F Y")
    if consecutive and (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{date_format(last, 'j F Y')}"
    written = [date_format(day, "j F Y") for day in dates]
    return ", ".join(written[:-1]) + " " + _("och") + " " + written[-1]


def _day_entry(meeting: Meeting, day, several: bool) -> DayEntry:
    present, absent = attendance_groups(day.attendances.all())
    regional_id = meeting.network.organisation_id
    groups = [
        AttendanceGroup(str(name), [_attendance_line(a, regional_id) for a in people])
        for name, people in present
    ]
    return DayEntry(
        anchor=f"{day.date:%Y-%m-%d}",
        heading=_("Den %(date)s") % {"date": date_format(day.date, "j F")} if several else "",
        groups=groups,
        absent=[_attendance_line(a, None) for a in absent],
        items=[_item_entry(item) for item in day.items.all()],
    )


def _attendance_line(attendance: Attendance, regional_id: int | None) -> str:
    """ "Ebba Gierow, Ale (punkt 4-8)"; the regional body's own staff without "GR"."""
    text = attendance.person.full_name
    organisation = attendance.organisation
    hide = attendance.group == Attendance.Group.REGIONAL and (
        organisation is None or organisation.pk == regional_id
    )
    written = attendance.organisation_as_written or getattr(organisation, "short_name", "")
    if written and not hide:
        text += f", {written}"
    notes = [attendance.note] if attendance.note else []
    if attendance.remote and not _mentions_remote(attendance.note):
        notes.append(_("på distans"))
    if notes:
        text += f" ({'; '.join(notes)})"
    return text


def _mentions_remote(note: str) -> bool:
    note = note.casefold()
    return any(word in note for word in ("länk", "digital", "distans", "teams", "zoom"))


def _item_entry(item) -> ItemEntry:
    decisions = list(item.decisions.all())
    blocks = body_blocks(item.body, decisions)
    for block in blocks:
        if block.kind == "decision":
            block.decision = _decision_entry(block.decision)
    tabled_from = ""
    if item.tabled_from_id and item.tabled_from:
        tabled_from = _("%(date)s, punkt %(number)s") % {
            "date": date_format(item.tabled_from.day.date, "j F Y"),
            "number": item.tabled_from.number,
        }
    return ItemEntry(
        number=item.number,
        title=item.title,
        tabled=item.is_tabled,
        tabled_from=tabled_from,
        presenters=", ".join(person.full_name for person in item.presenters.all()),
        matter=item.matter.title if item.matter else "",
        blocks=blocks,
        actions=[_action_line(action) for action in item.actions.all()],
        links=[_link(attachment) for attachment in item.attachments.all()],
    )


def _decision_entry(decision) -> DecisionEntry:
    lead = decision.get_kind_display()
    if decision.label:
        lead += f" {decision.label}"
    return DecisionEntry(
        lead=f"{lead}:",
        text=decision.text,
        reference=decision.reference,
        kind=decision.kind,
        html=render_markdown(decision.text, lead=f"{lead}:"),
    )


def _action_line(action) -> str:
    text = action.text
    responsible = action.responsible_person or action.responsible_organisation
    responsible = responsible or action.responsible_as_written
    details = []
    if responsible:
        details.append(_("ansvarig: %(who)s") % {"who": responsible})
    if action.due_date:
        details.append(_("senast %(date)s") % {"date": date_format(action.due_date, "j F Y")})
    elif action.due_text:
        details.append(action.due_text)
    if action.status != action.Status.OPEN:
        details.append(action.get_status_display().lower())
    return f"{text} ({', '.join(details)})" if details else text


def _link(attachment) -> tuple[str, str]:
    """(title, url to link to); a link that minutes.links refuses is kept as text in the
    title, so that neither the print page, the PDF nor Word carries it as a link."""
    if attachment.url:
        url = safe_url(attachment.url)
        if url is None:
            if attachment.title == attachment.url:
                return attachment.url, ""
            return f"{attachment.title} ({attachment.url})", ""
        title = "" if attachment.title in {attachment.url, url} else attachment.title
        return title, url
    return attachment.title, ""


# PDF -----------------------------------------------------------------------------------


def render_print_html(document: MinutesDocument, *, for_pdf: bool = False, request=None) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string(
            "minutes/exporting/print.html",
            {"document": document, "for_pdf": for_pdf},
            request=request,
        )


def meeting_pdf(meeting: Meeting) -> bytes:
    """The minutes as an A4 PDF with page numbers "1(7)" in the footer."""
    import weasyprint  # loads pango and fonts: only where a PDF is made

    document = minutes_document(meeting)
    html = render_print_html(document, for_pdf=True)
    stylesheet = weasyprint.CSS(filename=finders.find(PRINT_CSS))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])


# Word ----------------------------------------------------------------------------------


def meeting_docx(meeting: Meeting) -> bytes:
    """The minutes as a Word document: Title, Heading 1/2, paragraphs, bold decision labels,
    attendance as one line per person (the importer reads it back)."""
    document = minutes_document(meeting)
    word = docx.Document()
    _docx_setup(word)
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    _docx_footer(section)

    with translation.override(DOCUMENT_LANGUAGE):
        properties = word.core_properties
        properties.title = f"{document.network} – {document.title} {document.dates}"
        properties.language = "sv-SE"
        properties.author = ", ".join(document.recorders)[:255]

        network = word.add_paragraph(style="Subtitle")
        network.add_run(document.network)
        word.add_heading(document.title, level=0)
        if document.is_draft:
            draft = word.add_paragraph()
            draft.add_run(_("Utkast")).bold = True
            draft.add_run(" – " + _("anteckningarna är inte justerade."))
        _docx_fact(word, _("Datum:"), document.dates)
        if document.location:
            _docx_fact(word, _("Plats:"), document.location)
        if document.theme:
            _docx_fact(word, _("I fokus:"), document.theme)

        section_level = 2 if document.several_days else 1
        for day in document.days:
            if day.heading:
                word.add_heading(day.heading, level=1)
            word.add_heading(_("NÄRVARANDE"), level=section_level)
            for group in day.groups:
                label = word.add_paragraph(style="Group")
                label.add_run(group.name)
                for line in group.lines:
                    word.add_paragraph(line, style="Attendee")
            if not day.groups:
                word.add_paragraph(_("Ingen närvaro antecknad."))
            if day.absent:
                label = word.add_paragraph(style="Group")
                label.add_run(_("Förhinder"))
                for line in day.absent:
                    word.add_paragraph(line, style="Attendee")
            for item in day.items:
                _docx_item(word, item, section_level)

        if document.recorders:
            label = word.add_paragraph(style="Group")
            label.add_run(_("Antecknat av"))
            for line in document.recorders:
                word.add_paragraph(line, style="Attendee")

    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _docx_setup(word) -> None:
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        style = styles[name]
        style.font.name = DOCX_FONT
        style.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
    styles["Title"].font.size = Pt(24)
    styles["Heading 1"].font.size = Pt(15)
    styles["Heading 2"].font.size = Pt(12.5)

    group = styles.add_style("Group", WD_STYLE_TYPE.PARAGRAPH)
    group.base_style = normal
    group.font.bold = True
    group.paragraph_format.space_before = Pt(8)
    group.paragraph_format.space_after = Pt(2)
    group.paragraph_format.keep_with_next = True

    attendee = styles.add_style("Attendee", WD_STYLE_TYPE.PARAGRAPH)
    attendee.base_style = normal
    attendee.paragraph_format.space_after = Pt(0)

    decision = styles.add_style("Decision", WD_STYLE_TYPE.PARAGRAPH)
    decision.base_style = normal
    decision.paragraph_format.left_indent = Cm(0.8)
    decision.paragraph_format.space_before = Pt(6)
    decision.paragraph_format.space_after = Pt(2)
    _border_left(decision.element)

    reference = styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = normal
    reference.font.size = Pt(9)
    reference.font.color.rgb = RGBColor(0x50, 0x50, 0x50)
    reference.paragraph_format.left_indent = Cm(0.8)

    meta = styles.add_style("Meta", WD_STYLE_TYPE.PARAGRAPH)
    meta.base_style = normal
    meta.font.italic = True
    meta.font.color.rgb = RGBColor(0x40, 0x40, 0x40)


def _border_left(style_element) -> None:
    """A thick bar left of a decision, as the print page draws it."""
    p_pr = style_element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in {"val": "single", "sz": "24", "space": "8", "color": "1D70B8"}.items():
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    p_pr.append(borders)


def _docx_footer(section) -> None:
    """ "1(7)" at the bottom right: PAGE and NUMPAGES fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _field(paragraph, "PAGE", "1")
    paragraph.add_run("(")
    _field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(")")


def _field(paragraph, instruction: str, shown: str) -> None:
    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _docx_fact(word, label: str, value: str) -> None:
    paragraph = word.add_paragraph()
    paragraph.paragraph_format.space_after = 0
    paragraph.add_run(label).bold = True
    paragraph.add_run(f" {value}")


def _docx_item(word, item: ItemEntry, level: int) -> None:
    word.add_heading(item.heading, level=level)
    if item.tabled:
        note = word.add_paragraph()
        note.add_run(_("Bordlagd.")).bold = True
    if item.tabled_from:
        word.add_paragraph(_("Bordlagd från %(where)s.") % {"where": item.tabled_from}, "Meta")
    if item.presenters:
        word.add_paragraph(_("Föredragande: %(names)s") % {"names": item.presenters}, "Meta")
    if item.matter:
        word.add_paragraph(_("Ärende: %(matter)s") % {"matter": item.matter}, "Meta")
    for block in item.blocks:
        if block.kind == "text":
            add_html(word, block.html, heading_level=level)
        elif block.kind == "decision":
            decision = block.decision
            add_html(word, decision.html, heading_level=level, style="Decision")
            # The dash starts a new block for the importer, so the decision's text ends here.
            reference = _("Beteckning: %(reference)s") % {"reference": decision.reference}
            word.add_paragraph(f"– {reference}", "Reference")
    if item.actions:
        label = word.add_paragraph(style="Group")
        label.add_run(_("Åtgärder"))
        for line in item.actions:
            word.add_paragraph(line, style="List Bullet")
    if item.links:
        label = word.add_paragraph(style="Group")
        label.add_run(_("Bilagor och länkar"))
        for title, url in item.links:
            word.add_paragraph(f"{title}: {url}" if title and url else title or url, "List Bullet")
