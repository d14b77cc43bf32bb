"""Uploaded attachments: checked on their content, served through /bilagor/<id>/ by the meeting's
rules, never from the media folder (issue 8, finding 6)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minutes import uploads
from minutes.models import AgendaItem, Attachment, Meeting, MeetingDay
from minutes.uploads import UploadRefused, attachment_check
from network.models import Network

PDF_TYPE = "application/pdf"


def check(name, data):
    attachment_check(io.BytesIO(data), name=name, size=len(data))


# --- the content checks ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx", ".pptx", ".png", ".jpg", ".txt"])
def test_check_real_files_accepted(sample_files, suffix):
    check(f"bilaga{suffix}", sample_files[suffix])


def test_check_jpeg_suffix_accepted(sample_files):
    check("foto.JPEG", sample_files[".jpg"])


def zip_with_html_in_front(sample_files):
    return b"<html><script>alert(1)</script></html>" + sample_files[".docx"]


def other_office_file(sample_files):
    return sample_files[".xlsx"]


def zip_without_content_types(sample_files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


POLYGLOTS = {
    "png header then html": (".png", lambda f: b"\x89PNG\r\n\x1a\n<html><script>x</script>"),
    "png then html after iend": (".png", lambda f: f[".png"] + b"<html><script>x</script>"),
    "png header then text": (".png", lambda f: b"\x89PNG\r\n\x1a\n" + b"a" * 2000),
    "png with a broken chunk": (".png", lambda f: f[".png"][:40] + b"\0" * 20 + f[".png"][60:]),
    "jpeg header then html": (".jpg", lambda f: b"\xff\xd8\xff\xe0<html>\xff\xd9"),
    "jpeg header then junk": (".jpg", lambda f: b"\xff\xd8\xff\xe0" + b"a" * 500 + b"\xff\xd9"),
    "pdf header then html": (".pdf", lambda f: b"%PDF-1.4\n<html><script>x</script>\n%%EOF"),
    "pdf without an end": (".pdf", lambda f: b"%PDF-1.4\n" + b"a" * 5000),
    "html named pdf": (".pdf", lambda f: b"<html>%PDF-1.4 %%EOF"),
    "zip with html in front": (".docx", zip_with_html_in_front),
    "excel file named docx": (".docx", other_office_file),
    "zip without content types": (".docx", zip_without_content_types),
    "not a zip": (".xlsx", lambda f: b"PK\x03\x04" + b"\0" * 100),
    "text with a script": (".txt", lambda f: b"Hej!\n<SCRIPT>alert(1)</SCRIPT>"),
    "text as a page": (".txt", lambda f: b"<!DOCTYPE html><p>Hej</p>"),
    "text in latin-1": (".txt", lambda f: "Mötet".encode("latin-1")),
    "text with nul bytes": (".txt", lambda f: b"MZ\x00\x00"),
}


@pytest.mark.parametrize("case", POLYGLOTS)
def test_check_disguised_files_refused(sample_files, case):
    suffix, make = POLYGLOTS[case]

    with pytest.raises(UploadRefused) as refused:
        check(f"bilaga{suffix}", make(sample_files))

    assert str(refused.value) == (
        f"Filen ser inte ut att vara en {suffix}-fil. Kontrollera den och försök igen."
    )


def test_check_image_with_too_many_pixels_refused(sample_files, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_PIXELS", 11)  # the sample is 4 x 3

    with pytest.raises(UploadRefused):
        check("stor.png", sample_files[".png"])


def test_check_jpeg_decoded_whole(sample_files):
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(out, "JPEG")
    data = out.getvalue()
    broken = data[: len(data) // 2] + b"\xff\xd9"

    with pytest.raises(UploadRefused):
        check("trasig.jpg", broken)


@pytest.mark.parametrize("name", ["sida.html", "bild.svg", "program.exe", "utan-filtyp"])
def test_check_types_outside_the_allow_list_refused(name):
    with pytest.raises(UploadRefused) as refused:
        check(name, b"hej")

    assert str(refused.value).startswith("Filtypen ")


def test_check_leaves_the_file_at_its_start(sample_files):
    file = io.BytesIO(sample_files[".png"])

    attachment_check(file, name="bild.png", size=len(sample_files[".png"]))

    assert file.tell() == 0


# --- uploading ---------------------------------------------------------------------------------


@pytest.fixture
def meetings(db):
    """A published and a draft meeting, each with an uploaded PDF and a link."""
    network = Network.objects.create(name="Socialchefsnätverket", slug="scn")
    found = {}
    for status, date in [
        (Meeting.Status.PUBLISHED, dt.date(2024, 11, 8)),
        (Meeting.Status.DRAFT, dt.date(2025, 3, 6)),
    ]:
        meeting = Meeting.objects.create(network=network, start_date=date, status=status)
        day = MeetingDay.objects.create(meeting=meeting, date=date)
        item = AgendaItem.objects.create(day=day, number=1, title="Nära vård")
        found[status] = Attachment.objects.create(
            item=item, title="Bilder", file=SimpleUploadedFile("bilder.pdf", PDF)
        )
        Attachment.objects.create(item=item, title="Länk", url="https://example.org/r")
    return found


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_upload_polyglot_refused_in_the_editor(editor_client, meetings):
    draft = meetings[Meeting.Status.DRAFT].item.day.meeting
    item = meetings[Meeting.Status.DRAFT].item
    polyglot = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n<html><script>x</script>")

    response = editor_client.post(
        reverse("editing:item", args=[draft.pk, item.pk]),
        {
            "item-version": item.version,
            "title": item.title,
            "body": item.body,
            "beslut-TOTAL_FORMS": 0,
            "beslut-INITIAL_FORMS": 0,
            "atgarder-TOTAL_FORMS": 0,
            "atgarder-INITIAL_FORMS": 0,
            "bilaga-title": "Bild",
            "bilaga-file": polyglot,
        },
    )

    assert response.status_code == 400
    assert "Filen ser inte ut att vara en .png-fil." in response.content.decode()
    assert item.attachments.count() == 2


def test_upload_polyglot_refused_in_the_admin(admin_client, meetings):
    item = meetings[Meeting.Status.DRAFT].item
    polyglot = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n<html><script>x</script>")

    response = admin_client.post(
        reverse("admin:minutes_attachment_add"),
        {"item": item.pk, "title": "Bild", "file": polyglot, "url": ""},
    )

    assert response.status_code == 200
    assert "Filen ser inte ut att vara en .png-fil." in response.content.decode()
    assert item.attachments.count() == 2


def test_upload_stored_through_the_storage_api(meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]

    with default_storage.open(attachment.file.name) as stored:
        assert stored.read() == PDF
    assert attachment.file.name.startswith("attachments/2")


# --- downloading: who may -----------------------------------------------------------------------


def download(client, attachment):
    return client.get(reverse("minutes:attachment", args=[attachment.pk]))


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def public(client, settings):
    settings.REGISTRY_PUBLIC = True
    return client


@pytest.mark.parametrize(
    ("persona", "status", "expected"),
    [
        ("anonymous", Meeting.Status.PUBLISHED, 302),
        ("anonymous", Meeting.Status.DRAFT, 302),
        ("public", Meeting.Status.PUBLISHED, 200),
        ("public", Meeting.Status.DRAFT, 404),
        ("member_client", Meeting.Status.PUBLISHED, 200),
        ("member_client", Meeting.Status.DRAFT, 404),
        ("editor_client", Meeting.Status.PUBLISHED, 200),
        ("editor_client", Meeting.Status.DRAFT, 200),
    ],
)
def test_download_follows_the_meetings_rules(request, meetings, persona, status, expected):
    client = request.getfixturevalue(persona)
    url = reverse("minutes:attachment", args=[meetings[status].pk])

    response = client.get(url)

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"/logga-in/?next={url}"


def test_download_is_an_attachment_with_its_type_and_nosniff(member_client, meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]

    response = download(member_client, attachment)

    assert response["Content-Type"] == PDF_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="Bilder.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-cache"
    assert b"".join(response.streaming_content) == PDF


def test_download_named_after_the_title(member_client, meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]
    Attachment.objects.filter(pk=attachment.pk).update(title="Bilder från mötet")

    response = download(member_client, attachment)

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bilder_fr%C3%A5n_m%C3%B6tet.pdf"
    )


def test_download_of_a_link_attachment_404(member_client, meetings):
    link = Attachment.objects.filter(url__startswith="https").first()

    assert download(member_client, link).status_code == 404


def test_download_of_a_stored_type_outside_the_allow_list_404(member_client, meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]
    attachment.file.save("sida.html", io.BytesIO(b"<html>"), save=True)

    assert download(member_client, attachment).status_code == 404


def test_download_of_a_file_gone_from_storage_404(member_client, meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]
    default_storage.delete(attachment.file.name)

    assert download(member_client, attachment).status_code == 404


def test_media_folder_not_served(member_client, meetings):
    name = meetings[Meeting.Status.PUBLISHED].file.name

    response = member_client.get(f"/media/{name}")

    assert response.status_code == 404


# --- every link to an uploaded file goes through the view ----------------------------------------


def test_minutes_page_links_files_to_the_download_view(member_client, meetings):
    attachment = meetings[Meeting.Status.PUBLISHED]

    response = member_client.get(attachment.item.day.meeting.get_absolute_url())

    page = response.content.decode()
    assert f'href="/bilagor/{attachment.pk}/"' in page
    assert 'href="https://example.org/r"' in page
    assert "/media/" not in page


def test_editor_item_page_links_files_to_the_download_view(editor_client, meetings):
    attachment = meetings[Meeting.Status.DRAFT]
    item = attachment.item

    response = editor_client.get(reverse("editing:item", args=[item.day.meeting_id, item.pk]))

    page = response.content.decode()
    assert f'href="/bilagor/{attachment.pk}/"' in page
    assert "/media/" not in page
