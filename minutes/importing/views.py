"""Import minutes in the browser: upload files, review and correct each one beside its text,
confirm to create a draft.

Each uploaded file is parsed once and becomes a PendingImport (listed on the task page until
confirmed or discarded). The review edits the PendingImport's dict: every valid save is stored,
so corrections survive a reload, a logout and a validation error. Confirming builds the parsed
minutes from that dict and creates the meeting and deletes the PendingImport in one transaction;
nothing of the meeting is written before.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from config.security import request_body_max_bytes
from minutes.access import editor_required
from minutes.editing.views import error_list
from minutes.models import PendingImport
from minutes.parsing import ParsedMinutes, ParseError
from minutes.parsing.model import DOUBTS
from minutes.services import (
    ImportRefused,
    meeting_find_existing,
    minutes_import,
)
from network.matching import PersonIndex, organisation_aliases
from network.models import Network, normalise_name

from . import review as ops
from .forms import ReviewForms, UploadForm

DateSource = PendingImport.DateSource


@request_body_max_bytes(ops.MAX_UPLOAD_TOTAL + 256 * 1024)  # the files and a few form fields
@editor_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """Several files at once: each readable one becomes its own review, each refused one is
    named with its reason while the others proceed."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            created, refused = _read_files(request, form)
            for name, reason in refused:
                message = _("%(file)s: %(reason)s") % {"file": name, "reason": reason}
                if created:
                    messages.error(request, message)
                else:
                    form.add_error("files", message)
            if len(created) == 1 and not refused:
                return redirect(created[0])
            if created:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d fil väntar på granskning.",
                        "%(count)d filer väntar på granskning.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(reverse("editing:dashboard") + "#granskningar")
    else:
        form = UploadForm(initial={"network": Network.objects.first()})
    return render(
        request,
        "minutes/importing/upload.html",
        {"form": form, "errors": error_list(form)},
    )


def _read_files(request, form) -> tuple[list[PendingImport], list[tuple[str, str]]]:
    created, refused = [], []
    network = form.cleaned_data["network"]
    for upload in form.cleaned_data["files"]:
        try:
            text = ops.upload_read(
                name=upload.name,
                size=upload.size,
                read=upload.read,
            )
            created.append(
                ops.pending_import_create(
                    text=text, filename=upload.name, network=network, user=request.user
                )
            )
        except ValidationError as error:
            refused.append((upload.name, error.messages[0]))
        except ParseError as error:
            refused.append((upload.name, str(error)))
    return created, refused


@editor_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """GET: the parsed minutes as forms beside the text. POST: store the corrections, then do
    what the button said (merge, split, move text, confirm) and come back."""
    pending = PendingImport.objects.select_related("network").filter(pk=pk).first()
    if pending is None:  # confirmed or discarded, perhaps a moment ago by a second click
        messages.info(request, _("Importen finns inte längre: den är bekräftad eller kastad."))
        return redirect(reverse("editing:dashboard") + "#granskningar")
    if request.method == "GET":
        return _review(request, pending, ReviewForms(pending.parsed, pending.revision))
    forms = ReviewForms(pending.parsed, pending.revision, request.POST)
    action = request.POST.get("action", "save")
    if not forms.revision.is_valid() or (
        forms.revision.cleaned_data["revision"] != pending.revision
    ):
        return _review(request, pending, forms, error=_stale_message())
    if not forms.is_valid():
        return _review(request, pending, forms)
    data = forms.corrected()
    date_source = pending.date_source
    if ops.days_dates_set(data, forms.dates.dates()):
        date_source = DateSource.CHOSEN if data["days"][0]["date"] else DateSource.MISSING
    done = _tool(data, action, forms)
    if done is None:  # a button without the choice it needs: the error is on the form
        return _review(request, pending, forms)
    with transaction.atomic():
        locked = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if locked.revision != pending.revision:
            return _review(request, pending, forms, error=_stale_message())
        pending.store(data, date_source=date_source)
    if action != "confirm":
        messages.success(request, done)
        return redirect(pending.get_absolute_url() + _anchor(action))
    if any(not day.get("date") for day in data["days"]):
        forms = ReviewForms(pending.parsed, pending.revision)
        return _review(
            request,
            pending,
            forms,
            errors=[("id_datum-date_0", _("Ange mötets första dag innan du bekräftar."))],
        )
    return _confirm(request, pending)


def _stale_message() -> str:
    return _(
        "Någon annan har sparat granskningen medan du rättade. Dina ändringar är inte sparade; "
        "de finns kvar i formuläret. Ladda om sidan för att se den andras rättelser."
    )


def _tool(data: dict, action: str, forms: ReviewForms) -> str | None:
    """Do what a structural button asks; the message to show, or None after adding an error."""
    kind, _sep, where = action.partition(":")
    tools = forms.tools
    if kind == "merge":
        day, index = _item_at(data, forms, where)
        if index is None or index + 1 >= len(data["days"][day]["items"]):
            return _("Ändringarna är sparade.")
        ops.item_merge_next(data, day=day, index=index)
        return _("Punkterna är ihopslagna och ändringarna sparade.")
    if kind == "split":
        field = f"split_{where.replace(':', '_')}"
        line = tools.cleaned_data.get(field)
        day, index = _item_at(data, forms, where)
        if index is None:
            return _("Ändringarna är sparade.")
        if line in (None, "") or not 0 < line < len(
            ops.item_lines(data["days"][day]["items"][index])
        ):
            if field in tools.fields:
                tools.add_error(field, _("Välj raden där den nya punkten börjar."))
                return None
            return _("Ändringarna är sparade.")
        ops.item_split(data, day=day, index=index, line=line)
        return _("Punkten är delad och ändringarna sparade.")
    if kind == "move":
        field = f"move_{where}"
        target = tools.cleaned_data.get(field)
        if field not in tools.fields:
            return _("Ändringarna är sparade.")
        if not target:
            tools.add_error(field, _("Välj vilken punkt texten ska flyttas till."))
            return None
        target_day, _dash, target_index = target.partition("-")
        if target_index == "ny":
            ops.text_move(data, chunk=where, day=int(target_day), index=None)
        else:
            day, index = _item_at(data, forms, f"{target_day}:{target_index}")
            if index is None:
                tools.add_error(field, _("Punkten tas bort: välj en annan punkt."))
                return None
            ops.text_move(data, chunk=where, day=day, index=index)
        return _("Texten är flyttad och ändringarna sparade.")
    return _("Ändringarna är sparade.")


def _item_at(data: dict, forms: ReviewForms, where: str) -> tuple[int, int | None]:
    """The day and current index of the item shown as "<day>:<index>" (None: deleted)."""
    day, _sep, index = where.partition(":")
    try:
        record = forms.items_by_key.get(f"{int(day)}-{int(index)}")
        items = data["days"][int(day)]["items"]
    except (ValueError, IndexError):
        return 0, None
    for position, item in enumerate(items):
        if item is record:
            return int(day), position
    return int(day), None


def _anchor(action: str) -> str:
    kind, _sep, where = action.partition(":")
    if kind in ("merge", "split"):
        return f"#d{where.partition(':')[0]}-punkter"
    if kind == "move":
        return "#ej-placerat"
    return ""


def _confirm(request, pending: PendingImport):
    """Create the meeting from exactly the stored corrections and delete the pending import,
    all or nothing."""
    data = pending.parsed
    parsed = ParsedMinutes.from_dict(data)
    unlinked = [
        attendee["name"]
        for day in data["days"]
        for attendee in day["attendees"] + day["absent"]
        if attendee.get("unlinked")
    ]
    try:
        with transaction.atomic():
            result = minutes_import(
                parsed=parsed,
                network=pending.network,
                source_text=pending.source_text,
                source_filename=pending.filename,
                publish=False,
                date_note=_confirmed_date_note(request, pending, parsed),
                unlinked=unlinked,
            )
            pending.delete()
    except ImportRefused as refused:
        messages.error(request, _("%(reason)s Inget sparades.") % {"reason": refused})
        return redirect(pending)
    except IntegrityError:  # the same meeting saved by someone else a moment ago
        messages.error(
            request, _("Mötet finns redan (det sparades nyss av någon annan). Inget sparades.")
        )
        return redirect(pending)
    message = _(
        "Utkastet %(meeting)s är skapat. Nya personer: %(new)d. Troliga dubbletter: %(duplicates)d."
    ) % {
        "meeting": result.meeting,
        "new": len(result.people_created),
        "duplicates": len(result.probable_duplicates),
    }
    if result.probable_duplicates:
        message += " " + _("Slå ihop dubbletterna i administrationen om det är samma person.")
    for warning in result.nameless_warnings():
        message += " " + warning
    messages.success(request, message)
    return redirect(result.meeting.get_absolute_url())


def _confirmed_date_note(request, pending: PendingImport, parsed: ParsedMinutes) -> str:
    """Who confirmed a date the text lacked (or changed the one it stated), and what the text
    suggested."""
    if pending.date_source == DateSource.TEXT:
        return ""
    suggested = parsed.suggested_date.isoformat() if parsed.suggested_date else _("inget datum")
    return _(
        "Datumet %(date)s bekräftades av %(user)s vid importen (texten föreslog %(suggested)s)."
    ) % {
        "date": parsed.date.isoformat(),
        "user": request.user.get_full_name() or request.user.get_username(),
        "suggested": suggested,
    }


@editor_required
@require_POST
def discard(request, pk):
    pending = PendingImport.objects.filter(pk=pk).first()
    if pending is None:
        messages.info(request, _("Importen finns inte längre: den är bekräftad eller kastad."))
        return redirect(reverse("editing:dashboard") + "#granskningar")
    pending.delete()
    messages.info(
        request,
        _("Importen av %(filename)s är borttagen. Inget sparades.")
        % {"filename": pending.filename},
    )
    return redirect(reverse("editing:dashboard") + "#granskningar")


# --- the review page -------------------------------------------------------------------------


def _review(request, pending: PendingImport, forms: ReviewForms, error=None, errors=()):
    data = forms.data
    people = PersonIndex()
    aliases = organisation_aliases()
    existing = None
    if data["days"] and data["days"][0].get("date"):
        existing = meeting_find_existing(
            network=pending.network,
            start_date=data["days"][0]["date"],
            sha256=pending.sha256,
        )
        if existing is not None:
            existing.network = pending.network  # the same network: named without another query
    decisions = [
        decision for day in data["days"] for item in day["items"] for decision in item["decisions"]
    ]
    context = {
        "pending": pending,
        "forms": forms,
        "data": data,
        "error": error,
        "errors": [*errors, *error_list(*forms.parts()[1:-1], forms.tools)],
        "existing": existing,
        "organisations": sorted(set(aliases.values()), key=str.casefold),
        "days": [_day(data, d, forms, people, aliases) for d in range(len(data["days"]))],
        "chunks": [
            {"key": key, "text": text, "field": forms.tools[f"move_{key}"]}
            for key, text in ops.text_chunks(data)
        ],
        "decisions": [
            {"form": form, "doubts": _doubts(decisions[n]) if n < len(decisions) else []}
            for n, form in enumerate(forms.decisions.forms)
        ],
        "recorders": [
            {"form": form, "match": _match(people, form.initial.get("name"))}
            for form in forms.recorders.forms
        ],
        "to_check": _to_check(data),
    }
    return render(request, "minutes/importing/review.html", context)


def _day(data: dict, d: int, forms: ReviewForms, people: PersonIndex, aliases: dict) -> dict:
    day = data["days"][d]
    records = day["attendees"] + day["absent"]
    attendees = []
    for n, form in enumerate(forms.attendees[d].forms):
        record = records[n] if n < len(records) else None
        org = (form["organization"].value() or "").strip()
        attendees.append(
            {
                "form": form,
                "id": f"d{d}-narvaro-{n}",
                "record": record,
                "doubts": _doubts(record) if record else [],
                "match": _match(people, record["name"]) if record else None,
                "organisation_new": bool(org) and normalise_name(org) not in aliases,
            }
        )
    items = []
    for n, form in enumerate(forms.items[d].forms):
        record = day["items"][n] if n < len(day["items"]) else None
        split = f"split_{d}_{n}"
        items.append(
            {
                "form": form,
                "id": f"d{d}-punkt-{n}",
                "index": n,
                "record": record,
                "doubts": _doubts(record) if record else [],
                "split": forms.tools[split] if split in forms.tools.fields else None,
                "last": n == len(day["items"]) - 1,
            }
        )
    return {
        "index": d,
        "number": d + 1,
        "date": day.get("date"),
        "heading": day.get("heading", ""),
        "attendees": attendees,
        "attendee_formset": forms.attendees[d],
        "items": items,
        "item_formset": forms.items[d],
    }


def _doubts(record: dict) -> list[str]:
    return [DOUBTS.get(code, code) for code in record.get("doubts") or []]


def _match(people: PersonIndex, name: str | None) -> dict | None:
    if not name:
        return None
    match = people.match(name)
    return {"status": match.status, "person": match.person, "similar": match.similar}


def _to_check(data: dict) -> list[dict]:
    """The places where the parser was unsure, with a link to each (the eye goes there first)."""
    found = []
    for d, day in enumerate(data["days"]):
        for n, record in enumerate(day["attendees"] + day["absent"]):
            for doubt in _doubts(record):
                found.append({"href": f"#d{d}-narvaro-{n}", "what": record["name"], "doubt": doubt})
        for n, item in enumerate(day["items"]):
            for doubt in _doubts(item):
                found.append(
                    {
                        "href": f"#d{d}-punkt-{n}",
                        "what": f"{item['number']}. {item['title']}",
                        "doubt": doubt,
                    }
                )
    n = 0
    for day in data["days"]:
        for item in day["items"]:
            for decision in item["decisions"]:
                for doubt in _doubts(decision):
                    found.append(
                        {
                            "href": f"#beslut-{n}",
                            "what": _("Beslut %(n)s") % {"n": n + 1},
                            "doubt": doubt,
                        }
                    )
                n += 1
    return found
