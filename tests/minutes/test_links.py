"""Links only with http, https or mailto, everywhere (issue 8, finding 1).

An imported file holding [Bilaga](javascript:alert%28document.domain%29) became an attachment
whose <a href="javascript:..."> members clicked on the meeting page, the print page and the
editor's item page, and a URI action in the PDF. Now such a link is kept as text only.
"""

import io
import re
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from minutes.editing.forms import AttachmentForm
from minutes.exporting.documents import meeting_docx, meeting_pdf
from minutes.links import safe_url
from minutes.management.commands.load_demo import Command as LoadDemo
from minutes.models import Attachment, Meeting, PendingImport
from minutes.parsing import read_document
from minutes.services import minutes_import, minutes_parse
from tests.importing.conftest import form_data

EVIL = "javascript:alert%28document.domain%29"
MINUTES = f"""Anteckningar socialchefsnätverket 2024-03-05

Närvarande:
Anna Andersson, Ale
Bo Bengtsson, Lerum

1. Välkommen
Se [Bilaga]({EVIL}) och [Program](https://goteborgsregionen.se/program).

2. Statsbidrag
Beslut: Nätverket ställer sig bakom förslaget. [Mer](JaVaScRiPt:alert(1))

Antecknat av: Cecilia Axelsson
"""
HREF = re.compile(r"""href\s*=\s*["']?\s*([^"'\s>]*)""", re.IGNORECASE)


@pytest.fixture
def network(db):
    return LoadDemo().setup_network()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FILES = {
    "mote.md": MINUTES.encode(),
    "mote.txt": MINUTES.encode(),
    "mote.docx": docx_bytes(MINUTES),
}


def import_file(network, name: str, *, publish: bool = True) -> Meeting:
    text = read_document(FILES[name], name)
    result = minutes_import(
        parsed=minutes_parse(text=text), network=network, source_text=text, publish=publish
    )
    return result.meeting


def hrefs(html: str) -> list[str]:
    return HREF.findall(html)


def assert_no_script_links(html: str) -> None:
    bad = [h for h in hrefs(html) if not re.match(r"(https?:|mailto:|/|#|\?)", h, re.I)]
    assert bad == []
    assert not re.search(r"=\s*[\"']?\s*javascript:", html, re.IGNORECASE)  # in no attribute


# The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://goteborgsregionen.se/a?b=1", "https://goteborgsregionen.se/a?b=1"),
        ("HTTP://GR.SE", "HTTP://GR.SE"),
        ("  https://gr.se  ", "https://gr.se"),
        ("mailto:cecilia@goteborgsregionen.se", "mailto:cecilia@goteborgsregionen.se"),
        ("www.gr.se/natverk", "https://www.gr.se/natverk"),
    ],
)
def test_safe_url_keeps_http_https_mailto(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        EVIL,
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java%09script:alert(1)",
        "javascript%3Aalert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "\u00a0javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://gr.se/fil",
        "//evil.example/",
        "/beslut/",
        "bilaga.pdf",
        "",
        None,
    ],
)
def test_safe_url_refuses_everything_else(url):
    assert safe_url(url) is None


def test_safe_url_relative_allows_paths_on_this_site_only():
    assert safe_url("/beslut/", relative=True) == "/beslut/"
    assert safe_url("#punkt-2", relative=True) == "#punkt-2"
    assert safe_url("//evil.example/", relative=True) is None
    assert safe_url("/\\evil.example/", relative=True) is None


# Stored: the import and the forms --------------------------------------------------------


@pytest.mark.parametrize("name", list(FILES))
def test_import_file_with_javascript_link_keeps_it_as_text(network, name):
    meeting = import_file(network, name)

    urls = Attachment.objects.filter(item__day__meeting=meeting).values_list("url", flat=True)
    assert list(urls) == ["https://goteborgsregionen.se/program"]
    first, second = meeting.days.get().items.order_by("number")
    assert EVIL in first.body
    assert "Bilaga" in first.body
    assert "JaVaScRiPt:alert(1" in second.body


@pytest.mark.parametrize("name", ["mote.md", "mote.docx"])
def test_import_in_browser_with_javascript_link_keeps_it_as_text(editor_client, network, name):
    editor_client.post(
        reverse("importing:upload"),
        {"files": [SimpleUploadedFile(name, FILES[name])], "network": network.pk},
    )
    review = reverse("importing:review", args=[PendingImport.objects.get().pk])
    data = form_data(editor_client.get(review))  # the review as shown, confirmed
    data.update({"datum-date_0": "2024-03-05", "action": "confirm"})

    response = editor_client.post(review, data)

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    urls = list(Attachment.objects.filter(item__day__meeting=meeting).values_list("url", flat=True))
    assert urls == ["https://goteborgsregionen.se/program"]
    assert EVIL in meeting.days.get().items.get(number=1).body


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "ftp://gr.se/a"]
)
def test_attachment_form_refuses_other_schemes(url):
    form = AttachmentForm({"bilaga-title": "Bilaga", "bilaga-url": url}, prefix="bilaga")

    assert not form.is_valid()
    assert "url" in form.errors


def test_attachment_form_accepts_https(db):
    form = AttachmentForm(
        {"bilaga-title": "Program", "bilaga-url": "https://gr.se/program"}, prefix="bilaga"
    )

    assert form.is_valid(), form.errors


def test_attachment_model_validation_refuses_javascript(network):
    meeting = import_file(network, "mote.txt")
    attachment = Attachment(item=meeting.days.get().items.first(), title="x", url=EVIL)

    with pytest.raises(ValidationError) as error:
        attachment.full_clean()

    assert "url" in error.value.message_dict


# Shown: pages and exports, also for a link stored before the check ---------------------------


def with_legacy_links(meeting: Meeting) -> Meeting:
    """Attachment rows holding javascript: links (made before the fix, or through a path that
    skips validation) on the meeting's first item."""
    item = meeting.days.get().items.get(number=1)
    Attachment.objects.create(item=item, title="Bilaga", url=EVIL)
    Attachment.objects.create(item=item, title=" javascript:alert(2)", url=" javascript:alert(2)")
    return meeting


@pytest.fixture
def legacy(network):
    return with_legacy_links(import_file(network, "mote.txt"))


def test_meeting_page_shows_javascript_link_as_text(member_client, legacy):
    response = member_client.get(legacy.get_absolute_url())

    assert response.status_code == 200
    html = response.text
    assert_no_script_links(html)
    assert f"Bilaga ({EVIL})" in html
    assert 'href="https://goteborgsregionen.se/program"' in html


def test_print_page_shows_javascript_link_as_text(member_client, legacy):
    response = member_client.get(reverse("exporting:print", args=[legacy.pk]))

    assert response.status_code == 200
    assert_no_script_links(response.text)
    assert f"Bilaga ({EVIL})" in response.text


def test_editor_item_page_shows_javascript_link_as_text(editor_client, network):
    draft = with_legacy_links(import_file(network, "mote.md", publish=False))
    item = draft.days.get().items.get(number=1)

    response = editor_client.get(reverse("editing:item", args=[draft.pk, item.pk]))

    assert response.status_code == 200
    assert_no_script_links(response.text)
    assert f"Bilaga ({EVIL})" in response.text


def test_pdf_has_no_javascript_link_action(legacy):
    data = meeting_pdf(legacy)

    reader = PdfReader(io.BytesIO(data))
    uris = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    assert "https://goteborgsregionen.se/program" in uris
    assert [u for u in uris if u and not u.startswith("https://")] == []
    assert b"javascript" not in data.lower().replace(b"/javascript", b"")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Bilaga (javascript:alert%28document.domain%29)" in text.replace("\n", "")


def test_docx_has_no_javascript_link(legacy):
    data = meeting_docx(legacy)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        relationships = "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".rels")
        )
    assert "javascript" not in relationships.lower()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert f"Bilaga ({EVIL})" in text
