"""Mina bevakningar (a member's alerts), the follow buttons' targets, and the e-mail's
unsubscribe page, which works without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import AlertForm, LanguageForm
from .models import Alert, AlertProfile
from .services import AlertRefused, alert_create, unsubscribe_alerts, unsubscribe_read


def back_to(request, default: str = "alerts:index"):
    """The page the button was on (a local address only), or default."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
def index(request):
    alerts = list(Alert.objects.filter(user=request.user).for_page())
    profile = AlertProfile.objects.filter(user=request.user).first() or AlertProfile(
        user=request.user, language=request.LANGUAGE_CODE
    )
    return render(
        request,
        "alerts/index.html",
        {
            "alerts": alerts,
            "language_form": LanguageForm(instance=profile),
            "has_email": bool(request.user.email),
        },
    )


@login_required
@require_POST
def create(request):
    form = AlertForm(request.POST, user=request.user)
    if not form.is_valid():
        problems = [message for messages_ in form.errors.values() for message in messages_]
        messages.error(request, _("Bevakningen kunde inte sparas: %(why)s") % {"why": problems[0]})
        return back_to(request)
    try:
        alert, created = alert_create(
            user=request.user, language=request.LANGUAGE_CODE, **form.cleaned_data
        )
    except AlertRefused as refused:
        messages.error(request, _("Bevakningen kunde inte sparas: %(why)s") % {"why": refused})
        return back_to(request)
    if created:
        messages.success(
            request,
            _(
                "Du bevakar nu: %(alert)s. Du får e-post när ett möte med ett sådant beslut "
                "justeras."
            )
            % {"alert": alert.describe()},
        )
    else:
        messages.info(request, _("Du bevakar redan: %(alert)s.") % {"alert": alert.describe()})
    if not request.user.email:
        messages.warning(request, no_email_message())
    return back_to(request)


def no_email_message() -> str:
    return _(
        "Ditt konto saknar e-postadress, så inga e-brev kan skickas. Be en administratör lägga "
        "till den."
    )


@login_required
@require_POST
def remove(request, pk):
    alert = get_object_or_404(Alert.objects.for_page(), pk=pk, user=request.user)
    description = alert.describe()
    alert.delete()
    messages.success(request, _("Bevakningen är borttagen: %(alert)s.") % {"alert": description})
    return back_to(request)


@login_required
@require_POST
def language(request):
    profile, _created = AlertProfile.objects.get_or_create(user=request.user)
    form = LanguageForm(request.POST, instance=profile)
    if form.is_valid():
        form.save()
        messages.success(request, _("Språket i dina e-brev är sparat."))
    else:
        messages.error(request, _("Välj ett av språken i listan."))
    return redirect("alerts:index")


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The e-mail's link. A GET only asks (mail scanners and link previews follow links); the
    button posts, and the alert is gone. A token that does not verify changes nothing."""
    try:
        user_id, alert_id = unsubscribe_read(token)
    except signing.BadSignature:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=400)
    alerts = unsubscribe_alerts(user_id=user_id, alert_id=alert_id)
    if request.method == "POST":
        removed, _by_model = alerts.delete()
        if removed:
            messages.success(request, _("Klart. Du får inga fler e-brev om det här."))
        return redirect("alerts:unsubscribe", token=token)
    return render(
        request,
        "alerts/unsubscribe.html",
        {"alerts": list(alerts.for_page()), "all": alert_id is None},
    )
