"""/tillganglighet/: the accessibility statement (DIGG's model), and the form to report a
problem. Both open to everyone, logged in or not: someone who cannot log in because of an
accessibility problem must still be able to say so."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from minutes.editing.views import error_list

from .forms import ReportForm
from .services import accessibility_report_create

# The statement's date: change it whenever the statement is revised (DIGG asks for the date the
# statement was made and last reviewed).
STATEMENT_DATE = dt.date(2026, 12, 1)
DIGG_REPORT_URL = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-"
    "service-dos-lagen/anmal-bristande-tillganglighet"
)


@login_not_required
def statement(request):
    return render(
        request,
        "accessibility/statement.html",
        {
            "owner": settings.SITE_OWNER,
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "statement_date": STATEMENT_DATE,
            "digg_url": DIGG_REPORT_URL,
        },
    )


@login_not_required
def report(request):
    """The report form: POST, then back here (a fresh GET) with a thank-you banner."""
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            accessibility_report_create(
                **form.cleaned_data, site_url=request.build_absolute_uri("/")
            )
            messages.success(
                request,
                _("Tack! Vi har tagit emot din rapport och läser den så snart vi kan.")
                + (
                    " " + _("Vi svarar dig på %(email)s.") % {"email": form.cleaned_data["email"]}
                    if form.cleaned_data["email"]
                    else ""
                ),
            )
            return redirect("accessibility:report")
    else:
        page = request.GET.get("sida", "")
        form = ReportForm(initial={"page_url": page[:500]} if page.startswith("/") else None)
    return render(
        request,
        "accessibility/report.html",
        {
            "form": form,
            "errors": error_list(form),
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        },
    )
