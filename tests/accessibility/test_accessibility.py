"""/tillganglighet/: the statement (DIGG's model) and the report form, for every persona; a
report is stored, e-mailed to the administrators after the commit, and shown in the admin."""

import pytest

from accessibility.models import AccessibilityReport

DIGG = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-"
    "service-dos-lagen/anmal-bristande-tillganglighet"
)
REPORT = "/tillganglighet/rapportera/"

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["client", "member_client", "editor_client"])
def anyone(request, db):
    """A visitor, a member and a planning lead: the statement and the form are for everyone."""
    return request.getfixturevalue(request.param)


# The statement ----------------------------------------------------------------------------------


def test_statement_is_readable_by_anyone_even_when_not_public(anyone, settings):
    settings.REGISTRY_PUBLIC = False

    response = anyone.get("/tillganglighet/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tillgänglighet för Registret</h1>" in html
    assert "Göteborgsregionen står bakom den här webbplatsen." in html


def test_statement_has_the_parts_of_diggs_model(client, db):
    html = client.get("/tillganglighet/").content.decode()

    headings = [line.split(">")[1].split("<")[0] for line in html.splitlines() if "<h2>" in line]
    assert headings == [
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Hur vi testat webbplatsen",
    ]
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in html
    assert f'<a href="{DIGG}">Anmäl bristande tillgänglighet till Digg</a>' in html
    assert "inte taggade" in html  # the PDF export, the first known gap
    assert "Redogörelsen uppdaterades senast den 1 december 2026." in html


def test_statement_names_the_contact_address_from_settings(client, db, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@goteborgsregionen.se"
    settings.SITE_OWNER = "Göteborgsregionen (GR)"

    html = client.get("/tillganglighet/").content.decode()

    assert (
        '<a href="mailto:tillganglighet@goteborgsregionen.se">'
        "tillganglighet@goteborgsregionen.se</a>" in html
    )
    assert "Göteborgsregionen (GR) står bakom den här webbplatsen." in html


def test_statement_without_a_contact_address_points_to_the_form_only(client, db, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    html = client.get("/tillganglighet/").content.decode()

    assert "mailto:" not in html
    assert f'<a href="{REPORT}">Formuläret för att rapportera ett problem</a>' in html


# The form -------------------------------------------------------------------------------------


def test_report_form_is_open_to_anyone(anyone, settings):
    settings.REGISTRY_PUBLIC = False

    response = anyone.get(REPORT)

    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["page_url", "description", "name", "email"]


def test_report_form_takes_the_page_from_the_footer_link(client, db):
    response = client.get(REPORT, {"sida": "/beslut/"})

    assert response.context["form"]["page_url"].value() == "/beslut/"


def test_report_form_ignores_a_page_that_is_not_on_the_site(client, db):
    response = client.get(REPORT, {"sida": "https://example.com/"})

    assert response.context["form"]["page_url"].value() is None


def test_report_is_stored_and_mailed_after_commit_then_redirected_with_thanks(
    anyone, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = anyone.post(
            REPORT,
            {
                "page_url": "/beslut/",
                "description": "Filtret går inte att öppna med tangentbordet.",
                "name": "Eva Ek",
                "email": "eva.ek@kommun.se",
            },
        )

    report = AccessibilityReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == REPORT
    assert (report.page_url, report.description, report.name, report.email, report.status) == (
        "/beslut/",
        "Filtret går inte att öppna med tangentbordet.",
        "Eva Ek",
        "eva.ek@kommun.se",
        AccessibilityReport.Status.NEW,
    )
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["admin@registret.example.org"]
    assert mail.reply_to == ["eva.ek@kommun.se"]
    assert mail.subject == f"[Registret] Tillgänglighetsproblem rapporterat (nummer {report.pk})"
    assert mail.body == "\n".join(
        [
            "En besökare har rapporterat ett tillgänglighetsproblem i registret.",
            "",
            "Sida: /beslut/",
            "Namn: Eva Ek",
            "E-post: eva.ek@kommun.se",
            "",
            "Filtret går inte att öppna med tangentbordet.",
            "",
            "Rapporten i administrationen: "
            f"http://testserver/admin/accessibility/accessibilityreport/{report.pk}/change/",
        ]
    )


def test_report_thank_you_banner_after_the_redirect(client, db):
    response = client.post(
        REPORT, {"description": "Kontrasten är för låg.", "email": "a@b.se"}, follow=True
    )

    assert response.redirect_chain == [(REPORT, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Tack! Vi har tagit emot din rapport och läser den så snart vi kan. "
        "Vi svarar dig på a@b.se."
    ]
    assert response.context["form"].is_bound is False


def test_report_with_description_only_is_enough(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPORT, {"description": "Knappen saknar namn."})

    report = AccessibilityReport.objects.get()
    assert (report.page_url, report.name, report.email) == ("", "", "")
    assert mailoutbox[0].reply_to == []
    assert "Namn: (inte angivet)" in mailoutbox[0].body


def test_report_without_admins_goes_to_the_contact_address(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ADMINS = []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPORT, {"description": "Knappen saknar namn."})

    assert mailoutbox[0].to == ["tillganglighet@registret.example.org"]


def test_report_is_not_mailed_before_the_commit(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(REPORT, {"description": "Knappen saknar namn."})

    assert mailoutbox == []
    assert AccessibilityReport.objects.count() == 1


def test_report_without_description_shows_swedish_errors_in_a_summary(client, mailoutbox):
    response = client.post(REPORT, {"email": "inte en adress", "description": "  "})

    assert response.status_code == 200
    assert response.context["errors"] == [
        ("id_description", "Beskriv problemet du stötte på."),
        ("id_email", "Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt."),
    ]
    html = response.content.decode()
    assert '<a href="#id_description">Beskriv problemet du stötte på.</a>' in html
    assert "<title>Fel: Rapportera ett tillgänglighetsproblem" in html
    assert AccessibilityReport.objects.count() == 0
    assert mailoutbox == []


def test_report_description_is_capped(client, db):
    response = client.post(REPORT, {"description": "å" * 5001})

    assert response.context["errors"] == [
        ("id_description", "Beskrivningen får vara högst 5000 tecken (den har 5001).")
    ]
    assert AccessibilityReport.objects.count() == 0


def test_report_page_with_a_line_break_is_refused(client, db):
    response = client.post(REPORT, {"description": "Problem", "page_url": "/a/\nBcc: x@y.se"})

    assert response.context["errors"] == [
        ("id_page_url", "Adressen innehåller tecken som inte hör hemma där.")
    ]


def test_report_needs_the_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(REPORT, {"description": "Problem"})

    assert response.status_code == 403
    assert AccessibilityReport.objects.count() == 0


# The admin ------------------------------------------------------------------------------------


@pytest.fixture
def report(db):
    return AccessibilityReport.objects.create(
        page_url="/moten/1/", description="Tabellen saknar rubriker.", email="a@b.se"
    )


def test_report_is_listed_in_the_admin_with_its_status(admin_client, report):
    response = admin_client.get("/admin/accessibility/accessibilityreport/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tabellen saknar rubriker." in html
    assert '<td class="field-status">Ny</td>' in html
    assert "/admin/accessibility/accessibilityreport/add/" not in html


def test_report_in_the_admin_only_its_status_changes(admin_client, report):
    response = admin_client.post(
        f"/admin/accessibility/accessibilityreport/{report.pk}/change/",
        {"status": "answered", "description": "Ändrad", "email": "x@y.se"},
    )

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.description, report.email) == (
        "answered",
        "Tabellen saknar rubriker.",
        "a@b.se",
    )


def test_report_admin_is_for_staff_only(member_client, report):
    response = member_client.get("/admin/accessibility/accessibilityreport/")

    assert response.status_code == 302


def test_report_admin_list_query_count_is_bounded(admin_client, db, django_assert_max_num_queries):
    AccessibilityReport.objects.bulk_create(
        AccessibilityReport(description=f"Problem {i}") for i in range(20)
    )

    # session, user, count, count for the filter, the page of reports, the date hierarchy
    with django_assert_max_num_queries(8):
        response = admin_client.get("/admin/accessibility/accessibilityreport/")

    assert response.context["cl"].result_count == 20


# The footer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/beslut/", "/logga-in/", "/tillganglighet/"])
def test_every_page_footer_links_the_statement_and_the_form(client, settings, path):
    settings.REGISTRY_PUBLIC = True

    html = client.get(path).content.decode()

    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in html
    assert (
        f'<a href="/tillganglighet/rapportera/?sida={path}">'
        "Rapportera ett tillgänglighetsproblem</a>" in html
    )
