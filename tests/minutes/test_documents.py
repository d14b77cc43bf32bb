"""Reading uploaded minutes: text encodings, Word files and PDF files. No Django."""

import io
import re
import tracemalloc
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfWriter

from minutes.parsing import ParseError, clean_pdf_pages, documents, parse_minutes, read_document
from minutes.parsing.documents import check_file_size


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with a text layer: one Helvetica line per string (WinAnsi encoding)."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % i for i in page_ids)
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)))
    for page_id, lines in zip(page_ids, pages, strict=True):
        stream = (
            b"BT /F1 11 Tf 14 TL 50 800 Td "
            + b" ".join(literal(line) + b" Tj T*" for line in lines)
            + b" ET"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, page_id + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def error_of(data: bytes, filename: str) -> str:
    with pytest.raises(ParseError) as error:
        read_document(data, filename)
    return str(error.value)


# Text files --------------------------------------------------------------------------


def test_text_utf8_with_bom_is_decoded():
    assert read_document("\ufeffNärvarande\nÅsa Öberg".encode(), "a.txt") == (
        "Närvarande\nÅsa Öberg"
    )


def test_text_utf16_with_bom_and_crlf_is_decoded():
    data = "Närvarande\r\nÅsa Öberg\r\n".encode("utf-16")

    assert read_document(data, "a.txt") == "Närvarande\nÅsa Öberg\n"


def test_text_cp1252_is_decoded():
    data = "Närvarande\r\nÅsa Öberg – Mölndal\r\n".encode("cp1252")

    assert read_document(data, "anteckningar.txt") == "Närvarande\nÅsa Öberg – Mölndal\n"


def test_text_nbsp_and_decomposed_letters_are_normalised():
    data = "Åsa\u00a0O\u0308berg\rMölndal".encode()

    assert read_document(data, "a.md") == "Åsa Öberg\nMölndal"


def test_empty_file_raises():
    assert error_of(b"", "a.txt") == "Filen är tom."
    assert error_of(b"  \n", "a.txt") == "Filen är tom."


def test_binary_file_raises():
    assert error_of(bytes(range(256)) * 4, "a.txt") == (
        "Filen ser inte ut att vara text (binärt innehåll)."
    )
    assert error_of(b"PK\x03\x04\x00\x00garbage", "a.txt") == (
        "Filen ser inte ut att vara text (binärt innehåll)."
    )


# Word ----------------------------------------------------------------------------------


def build_minutes(document) -> None:
    document.add_heading("Anteckningar", level=1)
    document.add_paragraph("Närvarande")
    table = document.add_table(rows=0, cols=2)
    for name, organisation in [
        ("Namn", "Organisation"),
        ("Anna Svensson", "Ale kommun"),
        ("Bo Berg", "Kungälvs kommun"),
    ]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, organisation
    document.add_heading("1. Inledning", level=2)
    document.add_paragraph("Anna Svensson hälsar välkomna.")
    document.add_heading("2. Ekonomi", level=2)
    document.add_paragraph("Beslut: Budgeten godkänns.")
    document.add_paragraph("Antecknat av Cecilia Axelsson, planeringsledare")


def test_docx_paragraphs_and_tables_in_document_order():
    text = read_document(make_docx(build_minutes), "anteckningar.docx")

    assert text.split("\n") == [
        "# Anteckningar",
        "",
        "Närvarande",
        "",
        "| Namn | Organisation |",
        "| Anna Svensson | Ale kommun |",
        "| Bo Berg | Kungälvs kommun |",
        "",
        "## 1. Inledning",
        "",
        "Anna Svensson hälsar välkomna.",
        "",
        "## 2. Ekonomi",
        "",
        "Beslut: Budgeten godkänns.",
        "Antecknat av Cecilia Axelsson, planeringsledare",
    ]


def test_docx_read_back_parses():
    parsed = parse_minutes(read_document(make_docx(build_minutes), "anteckningar.docx"))

    day = parsed.days[0]
    assert [(a.name, a.organization) for a in day.attendees] == [
        ("Anna Svensson", "Ale"),
        ("Bo Berg", "Kungälv"),
    ]
    assert [(i.number, i.title) for i in day.items] == [(1, "Inledning"), (2, "Ekonomi")]
    assert [(d.item, d.kind, d.text) for d in parsed.decisions] == [
        (2, "beslut", "Budgeten godkänns.")
    ]
    assert [r.name for r in parsed.recorders] == ["Cecilia Axelsson"]


def test_docx_automatic_numbering_becomes_item_numbers():
    def build(document):
        document.add_paragraph("Närvarande")
        document.add_paragraph("Anna Svensson, Ale")
        document.add_paragraph("Inledning", style="List Number")
        document.add_paragraph("Ekonomi", style="List Number")
        document.add_paragraph("En punkt i en lista", style="List Bullet")

    text = read_document(make_docx(build), "a.docx")

    assert text.split("\n")[2:] == ["1. Inledning", "2. Ekonomi", "- En punkt i en lista"]


def test_docx_broken_raises():
    assert error_of(b"PK\x03\x04 not really a zip", "a.docx") == (
        "Word-filen kunde inte läsas: filen är skadad eller inte en .docx-fil."
    )
    assert error_of(b"plain text named docx", "a.docx") == (
        "Word-filen kunde inte läsas: filen är skadad eller inte en .docx-fil."
    )


def test_docx_encrypted_or_old_format_raises():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100

    assert error_of(ole, "a.docx") == (
        "Word-filen kunde inte läsas: den är lösenordsskyddad eller sparad i ett äldre format."
    )
    assert error_of(ole, "a.doc") == (
        "Word-filen kunde inte läsas: det äldre .doc-formatet stöds inte. "
        "Spara om filen som .docx eller PDF."
    )


# PDF -----------------------------------------------------------------------------------


def test_clean_pdf_pages_drops_running_headers_and_page_numbers():
    pages = [
        "Socialchefsnätverket – Anteckningar 2022-03-04\nNärvarande\nAnna Svensson, Ale\n1(3)",
        "Socialchefsnätverket – Anteckningar 2022-03-04\n1. Inledning\nText på sidan två.\n"
        "Sida 2 av 3",
        "Socialchefsnätverket – Anteckningar 2022-03-04\n2. Avslut\n2022\n- 3 -",
    ]

    assert clean_pdf_pages(pages).splitlines() == [
        "Socialchefsnätverket – Anteckningar 2022-03-04",
        "Närvarande",
        "Anna Svensson, Ale",
        "",
        "1. Inledning",
        "Text på sidan två.",
        "",
        "2. Avslut",
        "2022",
    ]


def test_clean_pdf_pages_drops_running_footer_everywhere():
    bodies = ["Närvarande\nAnna Svensson, Ale", "1. Inledning\nMötet öppnas.", "2. Avslut\nSlut."]
    pages = [f"{body}\nGöteborgsregionen, Box 5073\n{n}" for n, body in enumerate(bodies, 1)]

    assert clean_pdf_pages(pages).splitlines() == [
        "Närvarande",
        "Anna Svensson, Ale",
        "",
        "1. Inledning",
        "Mötet öppnas.",
        "",
        "2. Avslut",
        "Slut.",
    ]


def test_pdf_with_text_layer_is_read_and_parsed():
    header = "Socialchefsnätverket – Anteckningar 2022-03-04"
    data = make_pdf(
        [
            [
                header,
                "Närvarande",
                "Åsa Öberg, Mölndals stad",
                "Bo Berg, Kungälv",
                "",
                "1. Inledning",
                "Mötet öppnas av ordföranden som",
                "hälsar alla välkomna.",
                "1(2)",
            ],
            [header, "2. Ekonomi", "Beslut: Budgeten godkänns.", "2(2)"],
        ]
    )

    text = read_document(data, "anteckningar.pdf")
    parsed = parse_minutes(text)

    assert "1(2)" not in text and text.count(header) == 1
    assert [(a.name, a.organization) for a in parsed.days[0].attendees] == [
        ("Åsa Öberg", "Mölndal"),
        ("Bo Berg", "Kungälv"),
    ]
    assert [(i.number, i.title, i.body) for i in parsed.days[0].items] == [
        (1, "Inledning", "Mötet öppnas av ordföranden som hälsar alla välkomna."),
        (2, "Ekonomi", "Beslut: Budgeten godkänns."),
    ]
    assert (parsed.days[0].date, parsed.year_in_text) == (parsed.suggested_date, True)
    assert parsed.suggested_date.isoformat() == "2022-03-04"


def test_pdf_without_text_layer_raises():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)

    assert error_of(buffer.getvalue(), "skannad.pdf") == (
        "PDF-filen innehåller ingen text (den är troligen inskannad). "
        "Kör textigenkänning (OCR) eller klistra in texten."
    )


def test_pdf_broken_raises():
    message = error_of(b"%PDF-1.4\nthis is no pdf", "a.pdf")

    assert message.startswith("PDF-filen kunde inte läsas: filen är skadad eller inte en PDF")
    assert "\n" not in message


def test_pdf_encrypted_raises():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("hemligt", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    assert error_of(buffer.getvalue(), "a.pdf") == (
        "PDF-filen kunde inte läsas: den är lösenordsskyddad."
    )


# Limits: checked before the work, each refusal exact --------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


PARAGRAPH = b"<w:p><w:r><w:t>Anna Svensson, Ale</w:t></w:r></w:p>"


def docx_package(paragraph_count: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx whose document.xml repeats one paragraph, packed as tight as zip goes."""
    paragraph = PARAGRAPH
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w") as part:
            part.write(b'<w:document xmlns:w="' + W_NS + b'"><w:body>')
            chunk = paragraph * 10_000
            for _ in range(paragraph_count // 10_000):
                part.write(chunk)
            part.write(paragraph * (paragraph_count % 10_000))
            part.write(b"</w:body></w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A .docx of ~100 KB whose document.xml unpacks to 50 MB (issue 8's 77 KB bomb)."""
    return docx_package(50 * 1024 * 1024 // len(PARAGRAPH) + 1)


def lie_about_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite a part's declared unpacked size in both zip headers (a lying header)."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = out.find(signature)
        while start >= 0:
            if out[start + name_at : start + name_at + len(encoded)] == encoded:
                out[start + size_at : start + size_at + 4] = size.to_bytes(4, "little")
            start = out.find(signature, start + 4)
    return bytes(out)


def test_minimal_package_is_read():
    assert read_document(docx_package(2), "a.docx") == "Anna Svensson, Ale\nAnna Svensson, Ale"


def test_docx_bomb_is_refused_before_unpacking(docx_bomb):
    tracemalloc.start()
    try:
        message = error_of(docx_bomb, "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert len(docx_bomb) < 200 * 1024
    assert message == (
        "Filen är för stor för att läsas som anteckningar (50 MB uppackat; högst 5 MB)."
    )
    assert peak < 5 * 1024 * 1024  # nothing was unpacked


def test_docx_part_packed_too_tightly_is_refused():
    data = docx_package(2 * 1024 * 1024 // len(PARAGRAPH))  # 2 MB of XML, under the size limit
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    ratio = info.file_size // info.compress_size

    assert ratio > 200
    assert error_of(data, "a.docx") == (
        f"Word-filen packas upp till {ratio:,} gånger sin storlek (högst 200) och läses inte: "
        "den liknar inte ett dokument.".replace(",", " ")
    )


def test_docx_with_too_many_parts_is_refused():
    parts = {f"customXml/item{n}.xml": b"<x/>" for n in range(1_000)}

    assert error_of(docx_package(1, parts), "a.docx") == (
        "Word-filen har för många delar för att läsas som anteckningar (1 003; högst 1 000)."
    )


def test_docx_unpacked_total_over_limit_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCX_UNPACKED_BYTES", 100 * 1024)
    data = docx_package(1, {"word/media/image1.png": bytes(range(256)) * 600})

    assert error_of(data, "a.docx") == (
        "Filen är för stor för att läsas som anteckningar (151 KB uppackat; högst 100 KB)."
    )


def test_docx_part_with_a_lying_header_is_refused_as_damaged():
    data = lie_about_size(docx_package(100_000), "word/document.xml", 1_000)

    assert error_of(data, "a.docx") == (
        "Word-filen kunde inte läsas: filen är skadad eller inte en .docx-fil."
    )


def test_docx_text_over_limit_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 30)

    assert error_of(docx_package(2), "a.docx") == (
        "Texten är för lång för att läsas som anteckningar (37 tecken; högst 30)."
    )


def test_file_over_limit_is_refused_before_reading():
    assert error_of(b"%PDF" + bytes(20 * 1024 * 1024), "a.pdf") == (
        "Filen är för stor för att läsas som anteckningar (20 MB; högst 20 MB)."
    )


def test_text_file_of_60_mb_is_refused():
    assert error_of(b"Anna Svensson, Ale\n" * (60 * 1024 * 1024 // 19), "stor.txt") == (
        "Filen är för stor för att läsas som anteckningar (60 MB; högst 2 MB)."
    )


@pytest.mark.parametrize(
    ("size", "filename", "message"),
    [
        (2 * 1024 * 1024, "a.txt", None),
        (2 * 1024 * 1024 + 1, "a.md", "(2 MB; högst 2 MB)"),
        (3 * 1024 * 1024, "a.docx", None),
        (25 * 1024 * 1024, "a.pdf", "(25 MB; högst 20 MB)"),
    ],
)
def test_check_file_size_before_reading(size, filename, message):
    if message is None:
        check_file_size(size, filename)
        return
    with pytest.raises(ParseError) as error:
        check_file_size(size, filename)

    assert str(error.value) == f"Filen är för stor för att läsas som anteckningar {message}."


def blank_pdf(pages: int, **page_size) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_too_many_pages_is_refused():
    assert error_of(blank_pdf(201), "a.pdf") == (
        "PDF-filen har för många sidor för att läsas som anteckningar (201; högst 200)."
    )


def test_pdf_stream_that_unpacks_too_far_is_refused():
    data = make_pdf([["Närvarande"]]).replace(b"<< /Length", b"<< /Filter /FlateDecode /Length", 1)
    stream = zlib.compress(b" " * (6 * 1024 * 1024), 9)  # over the 5 MB a stream may unpack to
    start = data.index(b"stream\n") + len(b"stream\n")
    end = data.index(b"\nendstream")
    head = re.sub(rb"/Length \d+", b"/Length %d" % len(stream), data[:start].rsplit(b"<<", 1)[1])
    bomb = data[:start].rsplit(b"<<", 1)[0] + b"<<" + head + stream + data[end:]

    assert error_of(bomb, "a.pdf") == (
        "PDF-filen är för stor för att läsas som anteckningar "
        "(en sida eller en del av filen är orimligt stor)."
    )


def test_pdf_page_with_too_many_operations_is_refused():
    data = make_pdf([["Anna Svensson, Ale"] * 40_000])  # 120 000 operators and operands

    assert error_of(data, "a.pdf") == (
        "PDF-filen är för stor för att läsas som anteckningar "
        "(en sida eller en del av filen är orimligt stor)."
    )


def test_pdf_text_inside_a_form_xobject_is_read():
    form = b"BT /F1 11 Tf 14 TL 50 800 Td (N\344rvarande) Tj T* (Anna Svensson, Ale) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Fm1 5 0 R >> >> >>",
        b"<< /Length 11 >>\nstream\nq /Fm1 Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Length %d "
        b"/Resources << /Font << /F1 6 0 R >> >> >>\nstream\n%s\nendstream" % (len(form), form),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref

    assert read_document(bytes(out), "a.pdf") == "Närvarande\nAnna Svensson, Ale\n"


def test_pdf_over_time_budget_is_refused(monkeypatch):
    clock = iter(range(0, 1000, 6))
    monkeypatch.setattr(documents, "monotonic", lambda: next(clock))
    data = make_pdf([["Närvarande"], ["1. Inledning"], ["2. Avslut"]])

    assert error_of(data, "a.pdf") == (
        "PDF-filen tar för lång tid att läsa (mer än 8 sekunder): klistra in texten i stället."
    )


# Word: styles, lists and tables as structure ---------------------------------------------


def docx_lines(build) -> list[str]:
    return read_document(make_docx(build), "a.docx").split("\n")


def set_numbering(paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def test_docx_heading_styles_become_markdown_headings():
    def build(document):
        document.add_heading("Anteckningar", level=0)  # Title
        document.add_heading("Socialchefsnätverket", level=1)
        document.add_heading("Närvarande", level=2)
        swedish = document.styles.add_style("Rubrik 3", WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph("Punkt för punkt", style=swedish)
        own = document.styles.add_style("Vår rubrik", WD_STYLE_TYPE.PARAGRAPH)
        own.base_style = document.styles["Heading 2"]
        document.add_paragraph("Beslut", style=own)
        document.add_paragraph("Text.")

    assert docx_lines(build) == [
        "# Anteckningar",
        "",
        "# Socialchefsnätverket",
        "",
        "## Närvarande",
        "",
        "### Punkt för punkt",
        "",
        "## Beslut",
        "",
        "Text.",
    ]


def add_list(document, num_id: int, levels: list[tuple[str, str, int]]) -> None:
    """A list definition in numbering.xml: one (format, text, start) per level."""
    numbering = document.part.numbering_part.element
    definition = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text, start) in enumerate(levels)
    )
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{definition}</w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'
        )
    )


def test_docx_lists_become_bullets_and_numbers():
    def build(document):
        add_list(document, 90, [("decimal", "%1.", 1), ("decimal", "%1.%2", 1)])
        document.add_paragraph("Dagordning")
        for level, title in [(0, "Inledning"), (0, "Ekonomi"), (1, "Budget"), (1, "Prognos")]:
            set_numbering(document.add_paragraph(title), num_id=90, level=level)
        set_numbering(document.add_paragraph("Övrigt"), num_id=90, level=0)
        document.add_paragraph("Ett nytt stycke", style="List Number")
        document.add_paragraph("Bilder finns", style="List Bullet")
        document.add_paragraph("Se bilaga", style="List Paragraph")

    assert docx_lines(build) == [
        "Dagordning",
        "1. Inledning",
        "2. Ekonomi",
        "(1) Budget",
        "(2) Prognos",
        "3. Övrigt",
        "1. Ett nytt stycke",
        "- Bilder finns",
        "- Se bilaga",
    ]


def test_docx_paragraph_numbering_with_a_section_sign_and_a_start():
    def build(document):
        add_list(document, 90, [("decimal", "§ %1", 12)])
        for title in ("Val av justerare", "Budget"):
            set_numbering(document.add_paragraph(title), num_id=90, level=0)

    assert docx_lines(build) == ["§ 12 Val av justerare", "§ 13 Budget"]


def test_docx_numbered_heading_keeps_its_number():
    def build(document):
        add_list(document, 90, [("decimal", "%1.", 1), ("decimal", "%1.%2", 1)])
        for level, title in [(0, "Inledning"), (1, "Bakgrund"), (0, "Ekonomi")]:
            set_numbering(document.add_heading(title, level=level + 2), num_id=90, level=level)

    assert docx_lines(build) == [
        "## 1. Inledning",
        "",
        "### 1.1 Bakgrund",
        "",
        "## 2. Ekonomi",
    ]


def test_docx_bold_short_paragraph_is_a_heading_and_empty_paragraphs_blank_lines():
    def build(document):
        document.add_paragraph().add_run("Närvarande").bold = True
        document.add_paragraph("Anna Svensson, Ale")
        document.add_paragraph()
        document.add_paragraph()
        document.add_paragraph().add_run("Beslut: Budgeten godkänns").bold = True
        document.add_paragraph().add_run("Mötet avslutas.").bold = True
        mixed = document.add_paragraph()
        mixed.add_run("Obs").bold = True
        mixed.add_run(" mötet flyttas")

    assert docx_lines(build) == [
        "## Närvarande",
        "",
        "Anna Svensson, Ale",
        "",
        "Beslut: Budgeten godkänns",
        "Mötet avslutas.",
        "Obs mötet flyttas",
    ]


def test_docx_two_column_attendance_table_rows_in_body_order():
    def build(document):
        document.add_paragraph("Närvarande")
        table = document.add_table(rows=4, cols=2)
        rows = [("Anna Berg", "Ale"), ("Bo Ek", "Lerum"), ("Cecilia Holm", ""), ("Dan | Lind", "")]
        for row, (name, organisation) in zip(table.rows, rows, strict=True):
            row.cells[0].text, row.cells[1].text = name, organisation
        table.cell(1, 1).merge(table.cell(2, 1))  # Lerum for two people (vertical merge)
        table.cell(3, 0).merge(table.cell(3, 1))  # one cell over both columns
        document.add_paragraph("1. Inledning")

    assert docx_lines(build) == [
        "Närvarande",
        "",
        "| Anna Berg | Ale |",
        "| Bo Ek | Lerum |",
        "| Cecilia Holm | Lerum |",
        "| Dan \\| Lind |",
        "",
        "1. Inledning",
    ]


def test_docx_cells_with_a_paragraph_per_line_become_a_row_per_line():
    def build(document):
        table = document.add_table(rows=1, cols=2)
        label, names = table.rows[0].cells
        label.text = "Ledamöter"
        names.text = "Anna Berg, Ale"
        names.add_paragraph("Bo Ek, Lerum")

    assert docx_lines(build) == ["| Ledamöter | Anna Berg, Ale |", "|  | Bo Ek, Lerum |"]


def test_docx_one_column_table_is_read_as_blocks():
    def build(document):
        cell = document.add_table(rows=1, cols=1).cell(0, 0)
        cell.text = "Närvarande"
        cell.add_paragraph("Anna Berg, Ale")
        cell.add_paragraph("Inledning", style="List Number")

    assert docx_lines(build) == ["Närvarande", "Anna Berg, Ale", "1. Inledning"]


def test_docx_layout_table_with_paragraph_numbers_is_read_as_blocks():
    body = "Nätverket diskuterar budgeten för nästa år och vad den betyder för kommunerna. " * 4

    def build(document):
        table = document.add_table(rows=2, cols=2)
        titles = [("§ 12", "Budget"), ("§ 13", "Övrigt")]
        for row, (number, title) in zip(table.rows, titles, strict=True):
            row.cells[0].text = number
            row.cells[1].text = title
            row.cells[1].add_paragraph(body.strip())

    assert docx_lines(build) == [
        "§ 12 Budget",
        body.strip(),
        "",
        "§ 13 Övrigt",
        body.strip(),
    ]


# PDF: layout, running headers and footers, tables ----------------------------------------

PEOPLE = [
    ("Anna Berg", "Ale kommun"),
    ("Bo Ek", "Lerums kommun"),
    ("Cecilia Holm", "Göteborgs Stad"),
    ("Dan Lind", "GR"),
]
TOPICS = ["Inledning", "Ekonomi", "Nära vård", "Socialtjänstlagen", "Kompetens", "Övrigt"]


def minutes_pdf(footer: str) -> bytes:
    """Three A4 pages from WeasyPrint, as a word processor prints minutes: a running header
    in two parts, a page number in the footer, a two-column attendance table."""
    from weasyprint import HTML

    rows = "".join(f"<tr><td>{name}</td><td>{place}</td></tr>" for name, place in PEOPLE)
    items = []
    for number, topic in enumerate(TOPICS, start=1):
        items.append(
            f"<h2>{number}. {topic}</h2><p>Nätverket samtalar om {topic.lower()} och om vad "
            f"kommunerna gör före nästa möte ({number}).</p>"
        )
        if number == 2:
            items.append("<p>Beslut: Budgeten godkänns.</p>")
        if number in {2, 4}:
            items.append('<div style="break-after: page"></div>')
    html = f"""<html><head><style>
        @page {{ size: A4; margin: 2.5cm 2cm;
          @top-left {{ content: "Socialchefsnätverket"; }}
          @top-right {{ content: "Anteckningar 2024-03-08"; }}
          @bottom-center {{ content: {footer}; }} }}
        body {{ font-family: DejaVu Sans; font-size: 11pt; }}
        td {{ padding: 2pt 24pt 2pt 0; }}
        </style></head><body>
        <h1>Anteckningar</h1><p>Närvarande</p><table>{rows}</table>{"".join(items)}
        </body></html>"""
    return HTML(string=html).write_pdf()


@pytest.mark.parametrize(
    "footer",
    [
        '"Sida " counter(page) " av " counter(pages)',
        'counter(page) "(" counter(pages) ")"',
        'counter(page) " (" counter(pages) ")"',
        "counter(page)",
    ],
    ids=["sida-2-av-3", "2(3)", "2 (3)", "bare-2"],
)
def test_pdf_running_header_and_page_numbers_removed_and_table_read_as_rows(footer):
    text = read_document(minutes_pdf(footer), "anteckningar.pdf")

    assert text.split("\n") == [
        "Socialchefsnätverket Anteckningar 2024-03-08",
        "",
        "Anteckningar",
        "",
        "Närvarande",
        "",
        "| Anna Berg | Ale kommun |",
        "| Bo Ek | Lerums kommun |",
        "| Cecilia Holm | Göteborgs Stad |",
        "| Dan Lind | GR |",
        "",
        "1. Inledning",
        "",
        "Nätverket samtalar om inledning och om vad kommunerna gör före nästa möte (1).",
        "2. Ekonomi",
        "",
        "Nätverket samtalar om ekonomi och om vad kommunerna gör före nästa möte (2).",
        "",
        "Beslut: Budgeten godkänns.",
        "",
        "3. Nära vård",
        "",
        "Nätverket samtalar om nära vård och om vad kommunerna gör före nästa möte (3).",
        "4. Socialtjänstlagen",
        "",
        "Nätverket samtalar om socialtjänstlagen och om vad kommunerna gör före nästa",
        "möte (4).",
        "",
        "5. Kompetens",
        "",
        "Nätverket samtalar om kompetens och om vad kommunerna gör före nästa möte",
        "(5).",
        "6. Övrigt",
        "",
        "Nätverket samtalar om övrigt och om vad kommunerna gör före nästa möte (6).",
        "",
    ]


def test_pdf_from_a_word_processor_parses():
    parsed = parse_minutes(read_document(minutes_pdf("counter(page)"), "anteckningar.pdf"))

    day = parsed.days[0]
    assert [(a.name, a.organization) for a in day.attendees] == [
        ("Anna Berg", "Ale"),
        ("Bo Ek", "Lerum"),
        ("Cecilia Holm", "Göteborg"),
        ("Dan Lind", "Göteborgsregionen"),
    ]
    assert [(i.number, i.title) for i in day.items] == list(enumerate(TOPICS, start=1))
    assert [(d.item, d.decision.text) for d in parsed.decisions] == [(2, "Budgeten godkänns.")]


def test_docx_style_loop_and_a_huge_list_start_are_read():
    def build(document):
        first = document.styles.add_style("Första", WD_STYLE_TYPE.PARAGRAPH)
        second = document.styles.add_style("Andra", WD_STYLE_TYPE.PARAGRAPH)
        first.base_style, second.base_style = second, first  # basedOn in a loop
        document.add_paragraph("Närvarande", style=first)
        add_list(document, 90, [("upperRoman", "%1.", 999_999_999)])
        set_numbering(document.add_paragraph("Punkt"), num_id=90, level=0)

    assert docx_lines(build) == ["Närvarande", "999999999. Punkt"]


def pdf_of(body: str) -> bytes:
    from weasyprint import HTML

    style = "@page { size: A4; margin: 2cm } body { font-family: DejaVu Sans; font-size: 11pt }"
    return HTML(
        string=f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    ).write_pdf()


def test_pdf_justified_text_and_lists_are_not_tables():
    sentence = (
        "Nätverket diskuterar omställningen till nära vård och hur kommunerna kan samverka "
        "kring den nya socialtjänstlagen, vilket kräver att vi tar ansvar för helheten."
    )
    data = pdf_of(
        "<ul><li>Inledning</li><li>Ekonomi</li></ul><ol><li>Första</li><li>Andra</li></ol>"
        f'<p style="text-align: justify; width: 9cm">{sentence}</p>'
        f'<p style="text-align: justify; width: 5cm">{sentence}</p>'
    )

    lines = read_document(data, "a.pdf").split("\n")

    assert lines[:5] == ["• Inledning", "• Ekonomi", "", "1. Första", "2. Andra"]
    assert not any("|" in line or "  " in line for line in lines)
    paragraphs = " ".join(lines[5:]).split()
    assert paragraphs == sentence.split() * 2


def test_pdf_attendance_tables_with_labels_and_crosses_are_rows():
    data = pdf_of(
        '<table style="width: 100%"><tr><td>Ledamöter</td><td>Anna Berg (S), Ale</td></tr>'
        "<tr><td></td><td>Bo Ek (M), Lerum</td></tr>"
        "<tr><td>Ersättare</td><td>Cecilia Holm, Tjörn</td></tr></table>"
        "<p>Protokollet</p>"
        '<table style="width: 100%"><tr><th>Namn</th><th>Närvarande</th><th>Frånvarande</th></tr>'
        "<tr><td>Anna Berg</td><td>X</td><td></td></tr>"
        "<tr><td>Bo Ek</td><td></td><td>X</td></tr>"
        "<tr><td>Cecilia Holm</td><td>X</td><td></td></tr></table>"
    )

    assert read_document(data, "a.pdf").split("\n") == [
        "| Ledamöter | Anna Berg (S), Ale |",
        "|  | Bo Ek (M), Lerum |",
        "| Ersättare | Cecilia Holm, Tjörn |",
        "",
        "Protokollet",
        "",
        "| Namn | Närvarande | Frånvarande |",
        "| Anna Berg | X |  |",
        "| Bo Ek |  | X |",
        "| Cecilia Holm | X |  |",
        "",
    ]


def test_docx_first_page_header_comes_first_without_its_page_number():
    def build(document):
        section = document.sections[0]
        section.header.paragraphs[0].text = "Socialchefsnätverket\tProtokoll\tSida 2 (3)"
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = "Anteckningar\t2024-03-08\t1(3)"
        section.first_page_header.add_paragraph("Göteborgsregionen")
        section.footer.paragraphs[0].text = "Box 5073, 402 22 Göteborg"
        document.add_paragraph("Närvarande")

    assert docx_lines(build) == [
        "Anteckningar 2024-03-08",
        "Göteborgsregionen",
        "",
        "Närvarande",
    ]


def test_docx_default_header_when_the_first_page_has_none_of_its_own():
    def build(document):
        document.sections[0].header.paragraphs[0].text = "Protokoll 2024-03-08\tSida 1 av 3"
        document.add_paragraph("Närvarande")

    assert docx_lines(build) == ["Protokoll 2024-03-08", "", "Närvarande"]


def test_word_minutes_read_and_parsed_end_to_end():
    """A Word file's heading, attendance table and numbered headings become the meeting."""
    import io

    import docx

    from minutes.parsing import parse_minutes, read_document

    document = docx.Document()
    document.add_heading("Minnesanteckningar Socialchefsnätverket 2023-05-12", 1)
    document.add_heading("Närvarande", 2)
    table = document.add_table(rows=3, cols=2)
    rows = [("Anna Berg", "Ale kommun"), ("Bo Ek", "Lerums kommun"), ("Eva Holm", "GR")]
    for row, (name, org) in enumerate(rows):
        table.cell(row, 0).text, table.cell(row, 1).text = name, org
    document.add_heading("1. Välkommen", 2)
    document.add_paragraph("Anna hälsade välkommen.")
    document.add_heading("2. Budget", 2)
    document.add_paragraph("Beslut: Nätverket godkänner budgeten.")
    document.add_paragraph("Vid anteckningarna")
    document.add_paragraph("Eva Holm, GR")
    data = io.BytesIO()
    document.save(data)

    parsed = parse_minutes(read_document(data.getvalue(), "anteckningar.docx"))

    assert parsed.date.isoformat() == "2023-05-12"
    assert [(a.name, a.organization, a.group) for a in parsed.days[0].attendees] == [
        ("Anna Berg", "Ale", "network"),
        ("Bo Ek", "Lerum", "network"),
        ("Eva Holm", "Göteborgsregionen", "gr"),
    ]
    assert [(i.number, i.title) for i in parsed.days[0].items] == [(1, "Välkommen"), (2, "Budget")]
    assert [d.text for d in parsed.days[0].items[1].decisions] == ["Nätverket godkänner budgeten."]
    assert [r.name for r in parsed.recorders] == ["Eva Holm"]
