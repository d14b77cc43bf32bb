"""The minutes out: the print page, PDF and Word, and the round trip through the importer."""

import datetime as dt
import io
import time

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from decisions.models import Action, Decision
from minutes.exporting.documents import date_line, meeting_docx, meeting_pdf
from minutes.models import AgendaItem, Attachment, Attendance, Meeting, MeetingDay
from minutes.parsing import read_document
from minutes.services import minutes_parse
from network.models import Network, Organisation, Person

VIEWS = ["exporting:print", "exporting:pdf", "exporting:docx"]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def make_meeting(*, days=1, items=1, status=Meeting.Status.PUBLISHED) -> Meeting:
    """A meeting of the given size: per day two members, one GR staff, one guest, one absentee;
    per item a body, a decision, an action and a link."""
    gr = Organisation.objects.create(
        name="Göteborgsregionen", short_name="Göteborgsregionen", kind="regional_body"
    )
    ale = Organisation.objects.create(name="Ale kommun", short_name="Ale", kind="municipality")
    lerum = Organisation.objects.create(name="Lerums kommun", short_name="Lerum")
    ministry = Organisation.objects.create(name="Regeringskansliet", short_name="Regeringskansliet")
    network = Network.objects.create(
        name="Socialchefsnätverket", slug="socialchefsnatverket", organisation=gr
    )
    meeting = Meeting.objects.create(
        network=network,
        start_date=dt.date(2024, 11, 7),
        theme="Omställning social välfärd",
        location="Göteborg",
        status=status,
    )
    recorder = Person.objects.create(full_name="Cecilia Axelsson", title="Planeringsledare")
    meeting.recorders.add(recorder)
    people = {
        name: Person.objects.create(full_name=name)
        for name in ("Ebba Gierow", "Marie Blomqvist", "Lena Holmlund", "Anna Gäst", "Bo Borta")
    }
    for offset in range(days):
        date = meeting.start_date + dt.timedelta(offset)
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        rows = [
            ("Ebba Gierow", ale, Attendance.Group.NETWORK, Attendance.Presence.PARTIAL, "punkt 2"),
            ("Marie Blomqvist", lerum, Attendance.Group.NETWORK, Attendance.Presence.PRESENT, ""),
            ("Lena Holmlund", gr, Attendance.Group.REGIONAL, Attendance.Presence.PRESENT, ""),
            ("Anna Gäst", ministry, Attendance.Group.GUEST, Attendance.Presence.PRESENT, ""),
            ("Bo Borta", lerum, Attendance.Group.NETWORK, Attendance.Presence.ABSENT, ""),
        ]
        for position, (name, org, group, presence, note) in enumerate(rows):
            Attendance.objects.create(
                day=day,
                person=people[name],
                organisation=org,
                group=group,
                presence=presence,
                note=note,
                position=position,
            )
        for number in range(1, items + 1):
            item = AgendaItem.objects.create(
                day=day,
                number=number,
                title=f"Ärende nummer {number}",
                body="Lena Holmlund berättar om läget.",
                outcome=AgendaItem.Outcome.TABLED if number == 2 else AgendaItem.Outcome.NONE,
            )
            item.presenters.add(people["Lena Holmlund"])
            Decision.objects.create(
                item=item,
                kind=Decision.Kind.BESLUT,
                label="Nära Vård" if number == 1 else "",
                text=f"Nätverket ställer sig bakom förslag {number} för dag {offset + 1}.",
            )
            Action.objects.create(item=item, text="GR återkommer med en plan.")
            Attachment.objects.create(item=item, title="Rapporten", url="https://example.org/r")
    return meeting


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


# Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_export_anonymous_is_sent_to_login(client, db, view):
    meeting = make_meeting()

    response = client.get(reverse(view, args=[meeting.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("view", VIEWS)
def test_export_member_gets_published_meeting(member_client, db, view):
    meeting = make_meeting()

    response = member_client.get(reverse(view, args=[meeting.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_export_member_gets_404_for_draft(member_client, db, view):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    response = member_client.get(reverse(view, args=[meeting.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_export_unknown_meeting_is_404(editor_client, db, view):
    response = editor_client.get(reverse(view, args=[999]))

    assert response.status_code == 404


def test_export_public_setting_shows_published_to_anonymous(client, db, settings):
    settings.REGISTRY_PUBLIC = True
    published = make_meeting()
    draft = Meeting.objects.create(
        network=published.network, start_date=dt.date(2025, 1, 1), status=Meeting.Status.DRAFT
    )

    ok = client.get(reverse("exporting:print", args=[published.pk]))
    hidden = client.get(reverse("exporting:print", args=[draft.pk]))

    assert (ok.status_code, hidden.status_code) == (200, 404)


def test_export_post_is_refused(editor_client, db):
    meeting = make_meeting()

    response = editor_client.post(reverse("exporting:pdf", args=[meeting.pk]))

    assert response.status_code == 405


# The print page --------------------------------------------------------------------------


def test_print_page_editor_sees_draft_with_utkast_note(editor_client, db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    response = editor_client.get(reverse("exporting:print", args=[meeting.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="draft-note"><strong>Utkast</strong>' in html
    assert 'class="minutes-document is-draft"' in html


def test_print_page_has_own_layout_without_site_navigation(member_client, db):
    meeting = make_meeting()

    response = member_client.get(reverse("exporting:print", args=[meeting.pk]))

    html = response.content.decode()
    assert "Huvudmeny" not in html
    assert "css/print.css" in html
    assert "css/site.css" not in html
    assert html.count("<h1") == 1
    assert f'href="{reverse("exporting:pdf", args=[meeting.pk])}"' in html
    assert f'href="{reverse("exporting:docx", args=[meeting.pk])}"' in html
    assert "Utkast" not in html


def test_print_page_shows_the_familiar_layout(member_client, db):
    meeting = make_meeting(days=2, items=2)

    response = member_client.get(reverse("exporting:print", args=[meeting.pk]))

    html = response.content.decode()
    assert "<strong>Datum:</strong> 7–8 november 2024" in html
    assert "<strong>I fokus:</strong> Omställning social välfärd" in html
    assert '<h2 id="dag-2024-11-07" class="day-heading">Den 7 november</h2>' in html
    assert '<h3 class="section-heading">Närvarande</h3>' in html
    assert "<li>Ebba Gierow, Ale (punkt 2)</li>" in html
    assert "<li>Lena Holmlund</li>" in html  # GR staff without "Göteborgsregionen"
    assert "<li>Anna Gäst, Regeringskansliet</li>" in html
    absent = '<p class="group">Förhinder</p>\n      <ul class="attendees"><li>Bo Borta, Lerum</li>'
    assert absent in html
    assert '<h3 class="item-heading">1. Ärende nummer 1</h3>' in html
    assert "<p><strong>Beslut Nära Vård:</strong> Nätverket ställer sig bakom förslag 1" in html
    assert '<p class="tabled"><strong>Bordlagd.</strong></p>' in html
    assert "<li>GR återkommer med en plan.</li>" in html
    assert '<a href="https://example.org/r">https://example.org/r</a>' in html
    assert "<li>Cecilia Axelsson, planeringsledare</li>" in html


# PDF -------------------------------------------------------------------------------------


def test_pdf_download_is_an_a4_pdf_with_the_minutes(member_client, db):
    meeting = make_meeting(days=2, items=2)

    response = member_client.get(reverse("exporting:pdf", args=[meeting.pk]))

    data = response.content
    text = pdf_text(data)
    reader = PdfReader(io.BytesIO(data))
    assert data.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert "Anteckningar" in text
    assert "NÄRVARANDE" in text
    assert "Ebba Gierow, Ale (punkt 2)" in text
    assert "Beslut Nära Vård: Nätverket ställer sig bakom förslag 1 för dag 1." in squash(text)
    assert "Antecknat av" in text
    assert f"1({len(reader.pages)})" in text


def test_pdf_content_disposition_names_network_and_date(member_client, db):
    meeting = make_meeting()

    response = member_client.get(reverse("exporting:pdf", args=[meeting.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="Socialchefsnatverket-2024-11-07-anteckningar.pdf"'
    )


def test_pdf_of_draft_carries_utkast(db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    text = pdf_text(meeting_pdf(meeting))

    lines = text.splitlines()
    assert lines[0] == "UTKAST – anteckningarna är inte justerade."  # the note at the top
    assert lines[-2:] == ["Utkast – ej justerad", "1(1)"]  # the running header, drawn last


def test_pdf_of_demo_meeting_has_decision_text(demo):
    meeting = Meeting.objects.get(start_date=dt.date(2024, 11, 7))

    text = squash(pdf_text(meeting_pdf(meeting)))

    assert "Den 8 november" in text
    assert (
        "Beslut: Ebba Gierow utses av socialchefs nätverket som representant från GR i "
        "styrgrupp tjänstepersoner kommunerna." in text
    )
    assert "– Beteckning: Socialchefsnätverket 2024-11-08 §4" in text


# Word ------------------------------------------------------------------------------------


def test_docx_download_opens_with_headings(member_client, db):
    meeting = make_meeting(days=2, items=2)

    response = member_client.get(reverse("exporting:docx", args=[meeting.pk]))

    document = docx.Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert headings == [
        ("Title", "Anteckningar"),
        ("Heading 1", "Den 7 november"),
        ("Heading 2", "NÄRVARANDE"),
        ("Heading 2", "1. Ärende nummer 1"),
        ("Heading 2", "2. Ärende nummer 2"),
        ("Heading 1", "Den 8 november"),
        ("Heading 2", "NÄRVARANDE"),
        ("Heading 2", "1. Ärende nummer 1"),
        ("Heading 2", "2. Ärende nummer 2"),
    ]


def test_docx_sets_decision_label_in_bold_and_attendance_as_lines(db):
    meeting = make_meeting()

    document = docx.Document(io.BytesIO(meeting_docx(meeting)))

    decision = next(p for p in document.paragraphs if p.style.name == "Decision")
    texts = [p.text for p in document.paragraphs]
    assert [(run.text, bool(run.bold)) for run in decision.runs] == [
        ("Beslut Nära Vård:", True),
        (" Nätverket ställer sig bakom förslag 1 för dag 1.", False),
    ]
    assert texts[texts.index("Nätverket") + 1 : texts.index("Göteborgsregionen")] == [
        "Ebba Gierow, Ale (punkt 2)",
        "Marie Blomqvist, Lerum",
    ]
    assert document.tables == []


def test_docx_content_disposition_names_network_and_date(member_client, db):
    meeting = make_meeting()

    response = member_client.get(reverse("exporting:docx", args=[meeting.pk]))

    assert response["Content-Disposition"] == (
        'attachment; filename="Socialchefsnatverket-2024-11-07-anteckningar.docx"'
    )


def test_docx_of_draft_says_utkast(db):
    meeting = make_meeting(status=Meeting.Status.DRAFT)

    document = docx.Document(io.BytesIO(meeting_docx(meeting)))

    assert document.paragraphs[2].text == "Utkast – anteckningarna är inte justerade."


def test_docx_notes_tabled_item(demo):
    meeting = Meeting.objects.get(start_date=dt.date(2019, 2, 14))

    texts = [p.text for p in docx.Document(io.BytesIO(meeting_docx(meeting))).paragraphs]

    heading = texts.index("4. Preliminär planering för mötet med den nya styrgruppen")
    assert texts[heading + 1] == "Bordlagd."


# Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("days", "items"), [(1, 1), (2, 3)])
def test_export_query_count_is_bounded(
    member_client, db, django_assert_num_queries, view, days, items
):
    meeting = make_meeting(days=days, items=items)

    # session, user, user and group permissions (visible_to), the meeting with its network,
    # then one query each: recorders, days, attendances, their items, agenda items,
    # presenters, attachments, decisions, actions.
    with django_assert_num_queries(14):
        response = member_client.get(reverse(view, args=[meeting.pk]))

    assert response.status_code == 200


# The round trip: exported and read back by the importer ----------------------------------


def in_database(meeting: Meeting):
    attendees, items, decisions = [], [], []
    for index, day in enumerate(meeting.days.all()):
        for a in day.attendances.all():
            org = a.organisation.short_name if a.organisation else None
            attendees.append((index, a.person.full_name, org, a.group))
        for item in day.items.all():
            items.append((index, item.number, item.title))
            decisions.extend(
                (index, item.number, d.kind, d.label, squash(d.text)) for d in item.decisions.all()
            )
    return sorted(attendees), items, decisions


def read_back(data: bytes, filename: str, first_date: dt.date):
    parsed = minutes_parse(text=read_document(data, filename), first_date=first_date)
    attendees, items = [], []
    for index, day in enumerate(parsed.days):
        attendees.extend((index, a.name, a.organization, a.group) for a in day.attendees)
        attendees.extend((index, a.name, a.organization, "network") for a in day.absent)
        items.extend((index, item.number, item.title) for item in day.items)
    decisions = [(d.day, d.item, d.kind, d.label, squash(d.text)) for d in parsed.decisions]
    dates = [day.date for day in parsed.days]
    return dates, (sorted(attendees), items, decisions)


@pytest.mark.parametrize(("render", "suffix"), [(meeting_docx, "docx"), (meeting_pdf, "pdf")])
def test_round_trip_of_demo_meetings_gives_back_the_same_minutes(demo, render, suffix):
    meetings = list(Meeting.objects.for_minutes().order_by("start_date"))
    expected = {str(m): ([day.date for day in m.days.all()], in_database(m)) for m in meetings}

    found = {str(m): read_back(render(m), f"anteckningar.{suffix}", m.start_date) for m in meetings}

    assert len(meetings) == 5
    assert sum(len(decisions) for _dates, (_a, _i, decisions) in expected.values()) == 7
    assert found == expected


def test_round_trip_of_ad_hoc_meeting_keeps_groups_absentees_and_labels(db):
    meeting = Meeting.objects.for_minutes().get(pk=make_meeting(days=2, items=3).pk)

    found = read_back(meeting_docx(meeting), "a.docx", meeting.start_date)

    assert found == ([dt.date(2024, 11, 7), dt.date(2024, 11, 8)], in_database(meeting))


# Units and timing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([dt.date(2019, 2, 14)], "14 februari 2019"),
        ([dt.date(2024, 11, 7), dt.date(2024, 11, 8)], "7–8 november 2024"),
        ([dt.date(2024, 11, 30), dt.date(2024, 12, 1)], "30 november 2024 och 1 december 2024"),
        ([dt.date(2024, 11, 5), dt.date(2024, 11, 7)], "5 november 2024 och 7 november 2024"),
    ],
)
def test_date_line_writes_first_day_in_full(dates, expected):
    assert date_line(dates) == expected


def test_render_time_of_two_day_meeting_is_short(demo):
    meeting = Meeting.objects.for_minutes().get(start_date=dt.date(2024, 11, 7))
    meeting_pdf(meeting)  # fonts and templates loaded once, as in a running server

    started = time.perf_counter()
    meeting_pdf(meeting)
    pdf_seconds = time.perf_counter() - started
    started = time.perf_counter()
    meeting_docx(meeting)
    docx_seconds = time.perf_counter() - started

    print(f"PDF {pdf_seconds:.3f} s, DOCX {docx_seconds:.3f} s")
    assert pdf_seconds < 5
    assert docx_seconds < 5
