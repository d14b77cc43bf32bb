"""Import minutes in the browser: upload, review beside the text, confirm to create a draft.

Nothing is saved before the editor confirms: the text read from the file waits in the
session (SESSION_KEY) and is parsed again for every look at the review page.
"""

import datetime as dt

from django.contrib import messages
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from config.security import request_body_max_bytes
from decisions.models import Decision
from minutes.access import editor_required
from minutes.parsing import ParsedDay, ParsedMinutes, ParseError
from minutes.services import (
    ImportRefused,
    meeting_find_existing,
    minutes_import,
    minutes_parse,
    minutes_preview,
    text_sha256,
)
from network.models import Network, normalise_name

from .forms import MAX_UPLOAD_SIZE, DateForm, UploadForm

SESSION_KEY = "minutes_import"

# Where the date in effect comes from: the text itself, the parser's suggestion (to confirm),
# the editor's own entry, or nowhere yet.
FROM_TEXT, SUGGESTED, CHOSEN, MISSING = "text", "suggested", "chosen", "missing"

GROUPS = [
    ("network", gettext_lazy("Nätverket")),
    ("gr", gettext_lazy("GR")),
    ("guest", gettext_lazy("Gäster")),
]


@request_body_max_bytes(MAX_UPLOAD_SIZE + 256 * 1024)  # the file and a few form fields
@editor_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            parsed = form.parsed
            if parsed.year_in_text and parsed.date:
                first_date, source = parsed.date.isoformat(), FROM_TEXT
            elif parsed.suggested_date:
                first_date, source = parsed.suggested_date.isoformat(), SUGGESTED
            else:
                first_date, source = None, MISSING
            request.session[SESSION_KEY] = {
                "text": form.text,
                "filename": form.filename,
                "network": form.cleaned_data["network"].pk,
                "first_date": first_date,
                "date_source": source,
            }
            return redirect("importing:review")
    else:
        form = UploadForm(initial={"network": Network.objects.first()})
    pending = request.session.get(SESSION_KEY)
    return render(
        request,
        "minutes/importing/upload.html",
        {"form": form, "pending_filename": pending["filename"] if pending else ""},
    )


@editor_required
@require_http_methods(["GET", "POST"])
def review(request):
    """GET: the parsed meeting beside its text. POST: a corrected date, then parse again."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.info(request, _("Det finns ingen import att granska: ladda upp en fil."))
        return redirect("importing:upload")
    if request.method == "POST":
        form = DateForm(request.POST)
        if form.is_valid():
            _choose_date(request, pending, form.cleaned_data["first_date"])
            return redirect("importing:review")
        return _review(request, pending, form)
    return _review(request, pending)


@editor_required
@require_POST
def confirm(request):
    """Create the meeting as a draft with the confirmed date; refuse one that exists."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.info(request, _("Det finns ingen import att bekräfta: ladda upp en fil."))
        return redirect("importing:upload")
    form = DateForm(request.POST)
    if not form.is_valid():
        return _review(request, pending, form)
    first_date = form.cleaned_data["first_date"]
    if first_date.isoformat() != pending["first_date"]:
        _choose_date(request, pending, first_date)
    network = Network.objects.filter(pk=pending["network"]).first()
    if network is None:
        return _start_again(request, _("Nätverket finns inte längre."))
    try:
        parsed = minutes_parse(text=pending["text"], first_date=first_date)
        result = minutes_import(
            parsed=parsed,
            network=network,
            source_text=pending["text"],
            source_filename=pending["filename"],
            publish=False,
            date_note=_confirmed_date_note(request, parsed, first_date),
        )
    except ParseError as error:
        return _start_again(request, str(error))
    except ImportRefused as refused:
        messages.error(request, _("%(reason)s Inget sparades.") % {"reason": refused})
        return redirect("importing:review")
    except IntegrityError:  # the same meeting saved by someone else a moment ago
        messages.error(
            request, _("Mötet finns redan (det sparades nyss av någon annan). Inget sparades.")
        )
        return redirect("importing:review")
    del request.session[SESSION_KEY]
    message = _(
        "Utkastet %(meeting)s är skapat. Nya personer: %(new)d. Troliga dubbletter: %(duplicates)d."
    ) % {
        "meeting": result.meeting,
        "new": len(result.people_created),
        "duplicates": len(result.probable_duplicates),
    }
    if result.probable_duplicates:
        message += " " + _("Slå ihop dubbletterna i administrationen om det är samma person.")
    messages.success(request, message)
    return redirect(result.meeting.get_absolute_url())


@editor_required
@require_POST
def cancel(request):
    request.session.pop(SESSION_KEY, None)
    messages.info(request, _("Importen avbröts. Inget sparades."))
    return redirect("importing:upload")


def _choose_date(request, pending: dict, first_date: dt.date) -> None:
    pending["first_date"] = first_date.isoformat()
    pending["date_source"] = CHOSEN
    request.session[SESSION_KEY] = pending


def _start_again(request, reason: str):
    request.session.pop(SESSION_KEY, None)
    message = _("%(reason)s Inget sparades; ladda upp filen igen.") % {"reason": reason}
    messages.error(request, message)
    return redirect("importing:upload")


def _review(request, pending: dict, form: DateForm | None = None):
    network = Network.objects.filter(pk=pending["network"]).first()
    if network is None:
        return _start_again(request, _("Nätverket finns inte längre."))
    first_date = dt.date.fromisoformat(pending["first_date"]) if pending["first_date"] else None
    try:
        parsed = minutes_parse(text=pending["text"], first_date=first_date)
    except ParseError as error:
        return _start_again(request, str(error))
    preview = minutes_preview(parsed=parsed)
    if form is None:
        form = DateForm(initial={"first_date": parsed.date})
    existing = None
    if parsed.date:
        existing = meeting_find_existing(
            network=network, start_date=parsed.date, sha256=text_sha256(pending["text"])
        )
        if existing is not None:
            existing.network = network  # the same network: named without another query
    context = {
        "form": form,
        "network": network,
        "filename": pending["filename"],
        "text": pending["text"],
        "date_source": pending["date_source"],
        "parsed": parsed,
        "days": [
            _day(parsed_day, day)
            for parsed_day, day in zip(parsed.days, preview["days"], strict=True)
        ],
        "recorders": preview["recorders"],
        "counts": _counts(parsed, preview),
        "existing": existing,
    }
    return render(request, "minutes/importing/review.html", context)


def _day(parsed_day: ParsedDay, day: dict) -> dict:
    """A day of the preview with its attendees grouped as on the minutes."""
    groups = [
        {"name": name, "attendees": [a for a in day["attendees"] if a["group"] == key]}
        for key, name in GROUPS
    ]
    for item in day["items"]:
        for decision in item["decisions"]:
            decision["kind_label"] = Decision.Kind(decision["kind"]).label
    return {**day, "date": parsed_day.date, "groups": [g for g in groups if g["attendees"]]}


def _counts(parsed: ParsedMinutes, preview: dict) -> dict:
    """What the import will create; a person who is listed on two days counts once."""
    people = {}
    for day in preview["days"]:
        for person in day["attendees"] + day["absent"]:
            people.setdefault(normalise_name(person["name"]), person.get("match"))
    for person in preview["recorders"]:
        people.setdefault(normalise_name(person["name"]), person.get("match"))
    matches = list(people.values())
    return {
        "days": len(parsed.days),
        "attendees": sum(len(day.attendees) for day in parsed.days),
        "items": sum(len(day.items) for day in parsed.days),
        "decisions": len(parsed.decisions),
        "new": matches.count("new") + matches.count("probable_duplicate"),
        "duplicates": matches.count("probable_duplicate"),
    }


def _confirmed_date_note(request, parsed, first_date) -> str:
    """Who confirmed a date the text lacked, and what the text suggested."""
    if parsed.year_in_text:
        return ""
    suggested = parsed.suggested_date.isoformat() if parsed.suggested_date else _("inget datum")
    return _(
        "Datumet %(date)s bekräftades av %(user)s vid importen (texten föreslog %(suggested)s)."
    ) % {
        "date": first_date.isoformat(),
        "user": request.user.get_full_name() or request.user.get_username(),
        "suggested": suggested,
    }
