"""One rendering of item text: the same Markdown reads formatted, with clickable links, in the
editor's preview, on the meeting page, the decision page, the print page, in the PDF and in
Word; a javascript: link is text everywhere."""

import datetime as dt
import io
import re
import zipfile

import lxml.etree
import lxml.html
import pypdf
import pytest
from django.urls import reverse

from decisions.models import Decision
from minutes.exporting.documents import meeting_docx, meeting_pdf
from minutes.models import AgendaItem, Meeting, MeetingDay
from minutes.richtext import without_markup
from minutes.services import meeting_create
from network.models import Network

BODY = (
    "## Läget\n"
    "Nätverket är **eniga** om *tre* saker:\n"
    "- förebyggande arbete\n"
    "- samverkan med skolan\n"
    "\n"
    "Läs mer i [GR:s rapport](https://goteborgsregionen.se/rapport) "
    "men inte [här](javascript:alert(1))."
)
DECISION = "Nätverket ställer sig bakom **förslaget**, se [underlaget](https://gr.se/underlag)."
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture
def meeting(db):
    network = Network.objects.create(name="Socialchefsnätverket", slug="socialchefsnatverket")
    meeting = meeting_create(network=network, dates=[dt.date(2025, 3, 6)], location="Gårda")
    item = AgendaItem.objects.create(day=meeting.days.get(), number=1, title="Ny lag", body=BODY)
    Decision.objects.create(
        item=item, text=DECISION, reference="SCN 2025-03-06 §1", slug="scn-2025-03-06-1"
    )
    return Meeting.objects.for_minutes().get(pk=meeting.pk)


def item_section(page: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page).xpath("//section[contains(@class, 'item')]")[0]


def assert_formatted(element) -> None:
    """The body's bold, italic, list and link as HTML, the javascript: link as text."""
    assert [e.text_content() for e in element.iter("strong")][:1] == ["eniga"]
    assert [e.text_content() for e in element.iter("em")] == ["tre"]
    assert [li.text_content() for li in element.iter("li")] == [
        "förebyggande arbete",
        "samverkan med skolan",
    ]
    assert [h.text_content() for h in element.xpath(".//h5")] == ["Läget"]
    links = {a.text_content(): a.get("href") for a in element.iter("a")}
    assert links["GR:s rapport"] == "https://goteborgsregionen.se/rapport"
    assert links.get("här") is None  # text, no href
    assert "javascript" not in lxml.html.tostring(element, encoding="unicode")


def test_preview_meeting_and_print_page_format_the_body(editor_client, meeting):
    item = meeting.days.get().items.get()
    preview_page = editor_client.post(
        reverse("editing:item", args=[meeting.pk, item.pk]),
        {
            "meeting-version": meeting.version,
            "title": item.title,
            "body": BODY,
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
            "forhandsgranska": "1",
        },
    ).content.decode()
    meeting_page = editor_client.get(meeting.get_absolute_url()).content.decode()
    print_page = editor_client.get(reverse("exporting:print", args=[meeting.pk])).content.decode()

    preview = lxml.html.fromstring(preview_page).xpath("//div[@class='preview-body']")[0]
    assert_formatted(preview)
    for page in (meeting_page, print_page):
        section = item_section(page)
        assert_formatted(section)
        decision = section.xpath(".//div[contains(@class, 'decision')]")[0]
        assert [s.text_content() for s in decision.iter("strong")][-1] == "förslaget"
        links = {a.text_content(): a.get("href") for a in decision.iter("a")}
        assert links["underlaget"] == "https://gr.se/underlag"


def test_preview_is_the_meeting_pages_rendering(editor_client, meeting):
    """The editor's preview of a body is, byte for byte, what the meeting page shows."""
    item = meeting.days.get().items.get()
    item.decisions.all().delete()

    preview_page = editor_client.get(reverse("editing:item", args=[meeting.pk, item.pk]))
    meeting_page = editor_client.get(meeting.get_absolute_url())

    preview = re.search(
        r'<div class="preview-body">(.*?)</div>', preview_page.content.decode(), re.S
    )[1]
    body = re.search(r'<div class="body">(.*?)</div>', meeting_page.content.decode(), re.S)[1]
    assert "<strong>eniga</strong>" in preview
    assert body.strip() == preview.strip()


def test_decision_page_formats_wording_and_item_text(editor_client, meeting):
    decision = Decision.objects.get()

    page = editor_client.get(decision.get_absolute_url()).content.decode()

    tree = lxml.html.fromstring(page)
    wording = tree.xpath("//blockquote[contains(@class, 'decision')]")[0]
    assert [s.text_content() for s in wording.iter("strong")] == ["förslaget"]
    assert [a.get("href") for a in wording.iter("a")] == ["https://gr.se/underlag"]
    assert_formatted(tree.xpath("//div[@class='item-body']")[0])


def test_pdf_has_link_annotations_and_no_javascript(meeting):
    reader = pypdf.PdfReader(io.BytesIO(meeting_pdf(meeting)))

    uris = [
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    text = "".join(page.extract_text() for page in reader.pages)
    assert sorted(uris) == ["https://goteborgsregionen.se/rapport", "https://gr.se/underlag"]
    assert "**" not in text and "](" not in text
    assert "eniga" in text and "här" in text
    assert "javascript" not in text


def test_docx_has_bold_italic_list_paragraphs_and_hyperlinks(meeting):
    data = meeting_docx(meeting)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = lxml.etree.fromstring(archive.read("word/document.xml"))
        relations = lxml.etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    targets = {
        rel.get("Id"): (rel.get("Target"), rel.get("TargetMode"))
        for rel in relations
        if rel.get("Type").endswith("/hyperlink")
    }
    links = {
        "".join(link.itertext()): targets[link.get(f"{R}id")] for link in body.iter(f"{W}hyperlink")
    }
    assert links == {
        "GR:s rapport": ("https://goteborgsregionen.se/rapport", "External"),
        "underlaget": ("https://gr.se/underlag", "External"),
    }

    def runs(flag):
        return [
            "".join(run.itertext())
            for run in body.iter(f"{W}r")
            if run.find(f"{W}rPr/{W}{flag}") is not None
        ]

    assert {"eniga", "förslaget"} <= set(runs("b"))
    assert runs("i") == ["tre"]
    listed = [
        "".join(p.itertext())
        for p in body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='ListBullet']") is not None
    ]
    assert listed == ["förebyggande arbete", "samverkan med skolan"]
    text = "".join(body.itertext())
    assert "**" not in text and "](" not in text and "javascript" not in text


def test_excerpts_show_the_words_without_the_markup(member_client, db):
    """The decision list, a search hit's decisions and the links to other decisions show what
    readers read on the decision page, without `**` or `[...](...)`."""
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    meeting = Meeting.objects.create(
        network=network, start_date=dt.date(2024, 11, 7), status=Meeting.Status.PUBLISHED
    )
    day = MeetingDay.objects.create(meeting=meeting, date=dt.date(2024, 11, 7))
    item = AgendaItem.objects.create(day=day, number=1, title="Utförarregister")
    Decision.objects.create(
        item=item, text="**GR** ges i uppdrag att ta fram [en plan](https://gr.se/plan) & *budget*."
    )
    expected = "GR ges i uppdrag att ta fram en plan &amp; budget."

    listed = member_client.get("/beslut/").content.decode()
    found = member_client.get("/sok/", {"q": "utförarregister"}).content.decode()

    assert f'<p class="row-text">{expected}</p>' in listed
    assert f">{expected}</a>" in found
    assert "**" not in listed and "](" not in listed and "**" not in found


@pytest.mark.parametrize(
    ("fragment", "read"),
    [
        ("**GR** ges [en plan](https://gr.se) & *budget*.", "GR ges en plan & budget."),
        ("__viktigt__ (*kursiv*)", "viktigt (kursiv)"),
        ("5*3 och 2*4, a ** b, fil_namn", "5*3 och 2*4, a ** b, fil_namn"),  # not marks
    ],
)
def test_snippets_lose_the_marks_only(fragment, read):
    assert without_markup(fragment) == read
