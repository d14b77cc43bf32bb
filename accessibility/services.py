"""Storing a report and telling the administrators about it."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .models import AccessibilityReport


def report_recipients() -> list[str]:
    """settings.ADMINS, or the statement's contact address when no administrator is named."""
    admins = [email for _name, email in settings.ADMINS]
    if admins:
        return admins
    return [settings.ACCESSIBILITY_CONTACT_EMAIL] if settings.ACCESSIBILITY_CONTACT_EMAIL else []


def accessibility_report_create(
    *, description: str, page_url: str = "", name: str = "", email: str = "", site_url: str = ""
) -> AccessibilityReport:
    """Save the report; once the transaction commits, e-mail it to the administrators (in
    Swedish, Reply-To the reporter when an address was given). site_url, such as
    "https://registret.example.org/", makes the mail's link to the admin absolute. A mail server
    that fails loses no report: it is in the admin either way."""
    report = AccessibilityReport(description=description, page_url=page_url, name=name, email=email)
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: accessibility_report_notify(report=report, site_url=site_url))
    return report


def accessibility_report_notify(*, report: AccessibilityReport, site_url: str = "") -> None:
    recipients = report_recipients()
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("En besökare har rapporterat ett tillgänglighetsproblem i registret."),
            "",
            _("Sida: %(page)s") % {"page": report.page_url or _("(inte angiven)")},
            _("Namn: %(name)s") % {"name": report.name or _("(inte angivet)")},
            _("E-post: %(email)s") % {"email": report.email or _("(inte angiven)")},
            "",
            report.description,
            "",
            _("Rapporten i administrationen: %(url)s")
            % {"url": site_url.rstrip("/") + report.get_absolute_url()},
        ]
        subject = _("Tillgänglighetsproblem rapporterat (nummer %(number)s)") % {
            "number": report.pk
        }
    EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body="\n".join(lines),
        from_email=settings.SERVER_EMAIL,
        to=recipients,
        reply_to=[report.email] if report.email else None,
    ).send()
