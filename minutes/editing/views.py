"""Recording minutes in the browser: planning leads only (minutes.access.editor_required).

Each page carries the version of what it edits (VersionForm): an item (with its decisions and
actions), a day's attendance, the meeting's details. A save claims the next version of that
alone (services.record_claim_version), so two editors of different items both save, and of two
editors of the same item the second is refused and shown the other's saved text beside their
own, to choose: keep mine, take theirs, or merge by hand. Every change also moves the meeting's
version on (services.meeting_touch), which justering and discarding compare: they refuse a
meeting changed since their page was loaded. A published meeting refuses every change until a
planning lead reopens it; a form posted to it meanwhile comes back with its text kept.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decisions.models import Action, Decision
from decisions.services import (
    RENEW_MONTHS,
    ActionRefused,
    actions_link_responsible,
    actions_responsible_resolve,
    meeting_attendees,
    months_after,
)
from decisions.services import action_close as action_close_service
from decisions.services import action_renew as action_renew_service
from minutes.access import editor_required
from minutes.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Matter,
    Meeting,
    MeetingDay,
    PendingImport,
)
from minutes.richtext import render_markdown
from minutes.services import (
    MeetingConflict,
    MeetingLocked,
    meeting_create,
    meeting_discard,
    meeting_item_take_up,
    meeting_publish,
    meeting_reopen,
    meeting_touch,
    record_claim_version,
)
from network.matching import PersonIndex, organisation_find, responsible_match
from network.models import Organisation, Person

from . import forms
from .agenda import (
    RemoveConfirmForm,
    agenda_formset,
    agenda_items,
    agenda_move,
    agenda_save,
    item_next_url,
    removal_question,
)
from .attendance import attendance_rows, attendance_save
from .diff import word_diff
from .history import meeting_changes

RECENT_PUBLISHED = 10
# Work lists that grow with the registry show this many rows, with the total and a way on.
SHOWN = 25


def conflict_message() -> str:
    return _(
        "Någon annan har sparat mötet medan du redigerade. Dina ändringar är inte sparade; "
        "de finns kvar i formuläret."
    )


def item_conflict_message() -> str:
    return _(
        "Någon annan har sparat punkten medan du skrev. Din text är inte sparad: jämför den "
        "med den sparade nedan och välj vad som ska gälla."
    )


def attendance_conflict_message() -> str:
    return _(
        "Någon annan har sparat närvaron för dagen medan du redigerade. Dina ändringar är inte "
        "sparade: jämför dem med de sparade nedan och välj vad som ska gälla."
    )


def details_conflict_message() -> str:
    return _(
        "Någon annan har sparat mötesuppgifterna medan du redigerade. Dina ändringar är inte "
        "sparade: jämför dem med de sparade nedan och välj vad som ska gälla."
    )


def locked_message() -> str:
    return _(
        "Mötet är justerat och låst. En planeringsledare måste öppna det igen innan något "
        "kan ändras."
    )


class Refusal(str):
    """A save refused: the message for the page; locked when the meeting is published."""

    locked = False


def locked_refusal() -> Refusal:
    refusal = Refusal(locked_message())
    refusal.locked = True
    return refusal


def draft_required(view):
    """Load the meeting (pk); a published meeting refuses every editing view."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
        if meeting.is_published:
            messages.error(request, locked_message())
            return redirect("editing:meeting", pk)
        return view(request, meeting, *args, **kwargs)

    return wrapper


def draft_required_text_kept(view):
    """draft_required, except that a form posted to a meeting published meanwhile (a tab left
    open through justering) comes through: the view refuses the save (guarded) and shows the
    text typed, with the lock message and the way to reopen."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
        if meeting.is_published and request.method != "POST":
            messages.error(request, locked_message())
            return redirect("editing:meeting", pk)
        return view(request, meeting, *args, **kwargs)

    return wrapper


def guarded(
    meeting: Meeting,
    write,
    *,
    record=None,
    version: int = 0,
    field: str = "version",
    conflict: str = "",
) -> Refusal | None:
    """Write all or nothing in a draft: the meeting's version moves on (meeting_touch) and what
    the form edits (record) is claimed at the version it carried. None when saved, else why not
    (conflict: the message when another editor saved record first)."""
    try:
        with transaction.atomic():
            meeting_touch(meeting=meeting)
            if record is not None:
                record_claim_version(record=record, version=version, field=field)
            write()
    except MeetingConflict:
        return Refusal(conflict or conflict_message())
    except MeetingLocked:
        return locked_refusal()
    return None


def record_version_form(request, prefix: str, current: int) -> forms.VersionForm:
    """The version form of a page that edits one thing: as posted, or at the current version."""
    if request.method == "POST":
        return forms.VersionForm(request.POST, prefix=prefix)
    return forms.VersionForm(initial={"version": current}, prefix=prefix)


def conflict_rows(pairs, labels) -> list[tuple[str, str, str]]:
    """(label, saved, mine) for the fields that differ; texts marked word by word."""
    rows = []
    for label, saved, mine in pairs:
        if isinstance(saved, str) and isinstance(mine, str):
            saved, mine = _newlines(saved), _newlines(mine)
            if saved != mine:
                rows.append(
                    (label, *word_diff(saved, mine, old_label=labels[0], new_label=labels[1]))
                )
        elif saved != mine:
            rows.append((label, saved, mine))
    return rows


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def conflict_labels() -> tuple[str, str]:
    return _("bara i den sparade"), _("bara i din")


def last_saved_by(record) -> dict:
    """Who saved record last and when (its history), for the conflict page."""
    latest = record.history.select_related("history_user").first()
    if latest is None:
        return {}
    return {"who": str(latest.history_user or _("okänd")), "when": latest.history_date}


def error_list(*forms_and_formsets) -> list[tuple[str | None, str]]:
    """(field id, message) for the error summary at the top of a page (GOV.UK pattern)."""
    found = []
    for form in forms_and_formsets:
        if form is None or not form.is_bound:
            continue
        subforms = [form]
        if hasattr(form, "non_form_errors"):
            found.extend((None, message) for message in form.non_form_errors())
            subforms = form.forms
        for sub in subforms:
            found.extend((None, message) for message in sub.non_field_errors())
            for field in sub:
                found.extend((field.id_for_label, message) for message in field.errors)
    return found


def version_form_for(meeting: Meeting) -> forms.VersionForm:
    return forms.VersionForm(initial={"version": meeting.version}, prefix="meeting")


def posted_version(request) -> forms.VersionForm:
    return forms.VersionForm(request.POST, prefix="meeting")


# --- dashboard and a new meeting ------------------------------------------------------------


@editor_required
def dashboard(request):
    meetings = Meeting.objects.for_editing()
    drafts = meetings.drafts()
    pending = PendingImport.objects.for_task_list()
    pending_shown = list(pending[:SHOWN])
    return render(
        request,
        "minutes/editing/dashboard.html",
        {
            "pending_imports": pending_shown,
            # counted only when the list is full
            "pending_total": pending.count() if len(pending_shown) == SHOWN else len(pending_shown),
            "drafts": list(drafts[:SHOWN]),
            "draft_total": drafts.count(),
            "published": list(meetings.published().order_by("-published_at")[:RECENT_PUBLISHED]),
            **follow_up_context(timezone.localdate()),
        },
    )


def follow_up_context(today) -> dict:
    """The dashboard's actions not followed up, each with its "Förnya" form (three months on),
    their total, and how many written responsibles wait for a planning lead."""
    follow_up = Action.objects.for_follow_up(today)
    shown = list(follow_up[:SHOWN])
    renew_default = months_after(today, RENEW_MONTHS)
    return {
        "follow_up": [(action, renew_form(action, initial=renew_default)) for action in shown],
        "follow_up_total": follow_up.count() if len(shown) == SHOWN else len(shown),
        "unresolved_total": Action.objects.responsible_unresolved().count(),
    }


def renew_form(action, data=None, initial=None) -> forms.ActionRenewForm:
    return forms.ActionRenewForm(data, prefix=f"fornya-{action.pk}", initial={"due_date": initial})


def _follow_up_action(action_pk) -> Action:
    """An action of approved minutes, or 404 (a draft's actions are changed in the draft). One
    closed meanwhile is refused by the service, with a message."""
    return get_object_or_404(Action.objects.published(), pk=action_pk)


@editor_required
@require_POST
def action_close(request, action_pk):
    """ "Klar" on the dashboard: an action not followed up is done, in one step."""
    action = _follow_up_action(action_pk)
    try:
        action_close_service(action_id=action.pk)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Åtgärden är markerad som klar: %(text)s") % {"text": action})
    return redirect(reverse("editing:dashboard") + "#ej-uppfoljda")


@editor_required
@require_POST
def action_renew(request, action_pk):
    """ "Förnya" on the dashboard: an action not followed up gets a new due date."""
    action = _follow_up_action(action_pk)
    form = renew_form(action, request.POST)
    if not form.is_valid():
        errors = "; ".join(form.errors["due_date"])
        messages.error(request, _("Åtgärden förnyades inte: %(errors)s") % {"errors": errors})
        return redirect(reverse("editing:dashboard") + "#ej-uppfoljda")
    due_date = form.cleaned_data["due_date"]
    try:
        action_renew_service(action_id=action.pk, due_date=due_date, today=timezone.localdate())
    except ActionRefused as refused:
        messages.error(request, _("Åtgärden förnyades inte: %(errors)s") % {"errors": refused})
    else:
        messages.success(
            request,
            _("Åtgärden är förnyad till %(date)s: %(text)s")
            % {"date": f"{due_date:%Y-%m-%d}", "text": action},
        )
    return redirect(reverse("editing:dashboard") + "#ej-uppfoljda")


@dataclass
class UnresolvedRow:
    action: Action
    attendees: list[Person]
    candidates: list[Person]


@editor_required
def action_responsible(request):
    """Written responsibles that name nobody for sure ("Lena" when two Lenas were there, a name
    nobody at the meeting has): the planning lead picks the person among the meeting's
    attendees, or nobody, for all of them in one form, saved all or nothing."""
    unresolved = Action.objects.responsible_unresolved()
    actions = list(
        unresolved.select_related("item__day__meeting__network").order_by(
            "-item__day__date", "item__number", "pk"
        )[:SHOWN]
    )
    attendees = meeting_attendees({a.item.day.meeting_id for a in actions})
    rows = []
    for action in actions:
        people = attendees.get(action.item.day.meeting_id, [])
        match = responsible_match(action.responsible_as_written, people)
        rows.append(UnresolvedRow(action, people, match.candidates))
    form = forms.ResponsibleResolveForm(
        request.POST if request.method == "POST" else None, rows=rows
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        if not chosen:
            messages.info(request, _("Inget val gjordes; ingenting ändrades."))
            return redirect("editing:action_responsible")
        linked, nobody = actions_responsible_resolve(chosen=chosen)
        messages.success(
            request,
            _("Sparat: %(linked)s kopplade till en person, %(nobody)s utan ansvarig person.")
            % {"linked": linked, "nobody": nobody},
        )
        return redirect("editing:action_responsible")
    return render(
        request,
        "minutes/editing/action_responsible.html",
        {
            "form": form,
            "total": unresolved.count() if len(actions) == SHOWN else len(actions),
            "errors": error_list(form),
        },
    )


@editor_required
def meeting_new(request):
    form = forms.MeetingCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = meeting_create(
            network=data["network"],
            dates=data["all_dates"],
            location=data["location"],
            theme=data["theme"],
        )
        messages.success(request, _("Mötet är skapat som utkast. Fyll i närvaro och dagordning."))
        return redirect("editing:meeting", meeting.pk)
    return render(
        request, "minutes/editing/meeting_new.html", {"form": form, "errors": error_list(form)}
    )


# --- the task list ---------------------------------------------------------------------------


@editor_required
def meeting_tasks(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
    days = list(
        meeting.days.annotate(
            attendance_count=Count("attendances", distinct=True),
            item_count=Count("items", distinct=True),
        ).order_by("date")
    )
    decision_count = Decision.objects.filter(item__day__meeting=meeting).count()
    follow_up = Action.objects.open_for_follow_up(meeting)
    return render(
        request,
        "minutes/editing/meeting_tasks.html",
        {
            "meeting": meeting,
            "days": days,
            "decision_count": decision_count,
            "details_done": bool(meeting.location or meeting.theme),
            "open_actions": list(follow_up[:SHOWN]),
            "open_action_total": follow_up.count(),
            "open_actions_url": reverse("decisions:action_list")
            + "?"
            + urlencode({"network": meeting.network.slug, "status": Action.Status.OPEN}),
            "tabled_count": meeting.tabled_items_offered().count(),
            "version_form": version_form_for(meeting),
        },
    )


@editor_required
@require_POST
@draft_required
def action_done(request, meeting, action_pk):
    """Follow-up from the task list: an open action of an earlier meeting is done."""
    action = get_object_or_404(Action.objects.open_for_follow_up(meeting), pk=action_pk)
    error = guarded(meeting, lambda: _action_mark_done(action))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Åtgärden är markerad som klar: %(text)s") % {"text": action})
    return redirect(reverse("editing:meeting", args=[meeting.pk]) + "#atgarder")


def _action_mark_done(action: Action) -> None:
    action.status = Action.Status.DONE
    action.save(update_fields=["status"])


# --- details ---------------------------------------------------------------------------------


@editor_required
@draft_required_text_kept
def meeting_details(request, meeting):
    # GR staff at the meeting, and whoever is already recorded: two semi-joins (an OR over two
    # joins multiplied every person's attendances by their recorded meetings: 3 s at scale).
    regional = Attendance.objects.filter(day__meeting=meeting, group=Attendance.Group.REGIONAL)
    recorder_choices = Person.objects.filter(
        Q(pk__in=regional.values("person")) | Q(pk__in=meeting.recorders.values("pk"))
    )
    form = forms.MeetingDetailsForm(
        request.POST or None, instance=meeting, recorder_choices=recorder_choices
    )
    version_form = record_version_form(request, "details", meeting.details_version)
    error = conflict = None
    if request.method == "POST" and meeting.is_published:
        error = locked_refusal()
    elif request.method == "POST" and form.is_valid():
        error = guarded(
            meeting,
            form.save,
            record=meeting,
            field="details_version",
            version=version_form.version_to_claim(request.POST),
            conflict=details_conflict_message(),
        )
        if error is None:
            messages.success(request, _("Mötesuppgifterna är sparade."))
            return redirect("editing:meeting", meeting.pk)
        if not error.locked:
            conflict = _details_conflict(meeting, form)
            version_form = version_form.after_conflict(request.POST, conflict["version"])
    return render(
        request,
        "minutes/editing/meeting_details.html",
        {
            "meeting": meeting,
            "form": form,
            "version_form": version_form,
            "error": error,
            "conflict": conflict,
            "errors": error_list(form),
        },
        status=409 if error else 200,
    )


def _details_conflict(meeting: Meeting, form) -> dict:
    """The details as the other editor saved them, beside the form's."""
    saved = Meeting.objects.get(pk=meeting.pk)
    mine = form.cleaned_data
    fields = [(name, form.fields[name].label) for name in ("title", "theme", "location")]
    pairs = [(label, getattr(saved, name), mine[name]) for name, label in fields]
    pairs.append(
        (
            form.fields["recorders"].label,
            ", ".join(sorted(p.full_name for p in saved.recorders.all())) or "—",
            ", ".join(sorted(p.full_name for p in mine["recorders"])) or "—",
        )
    )
    return {
        "version": saved.details_version,
        "rows": conflict_rows(pairs, conflict_labels()),
        "theirs_url": reverse("editing:details", args=[meeting.pk]),
        "form_id": "uppgiftsformular",
        **last_saved_by(saved),
    }


# --- attendance ------------------------------------------------------------------------------


@editor_required
@draft_required_text_kept
def attendance(request, meeting, day_pk):
    day = get_object_or_404(MeetingDay, pk=day_pk, meeting=meeting)
    day.meeting = meeting
    rows, source = attendance_rows(day)
    form = forms.AttendanceForm(request.POST or None, rows=rows)
    guests = forms.GuestFormSet(request.POST or None, prefix="gaster")
    version_form = record_version_form(request, "day", day.attendance_version)
    error = conflict = None
    if request.method == "POST" and meeting.is_published:
        error = locked_refusal()
    elif request.method == "POST" and form.is_valid() and guests.is_valid():
        added = [g.cleaned_data for g in guests if g.cleaned_data.get("name")]
        if _guests_checked(guests):
            error = guarded(
                meeting,
                lambda: attendance_save(day=day, rows=rows, data=form.cleaned_data, guests=added),
                record=day,
                field="attendance_version",
                version=version_form.version_to_claim(request.POST),
                conflict=attendance_conflict_message(),
            )
            if error is None:
                messages.success(
                    request,
                    _("Närvaron för %(date)s är sparad.") % {"date": f"{day.date:%Y-%m-%d}"},
                )
                return redirect("editing:attendance", meeting.pk, day.pk)
            if not error.locked:
                conflict = _attendance_conflict(meeting, day, rows, form.cleaned_data, added)
                version_form = version_form.after_conflict(request.POST, conflict["version"])
    return render(
        request,
        "minutes/editing/attendance.html",
        {
            "meeting": meeting,
            "day": day,
            "form": form,
            "members": [row for row in rows if row.is_member and not row.unseen],
            "unseen": [row for row in rows if row.unseen],
            "others": [row for row in rows if not row.is_member],
            "source": source,
            "previous": meeting.previous() if source == "previous" else None,
            "guests": guests,
            "version_form": version_form,
            "error": error,
            "conflict": conflict,
            "errors": error_list(form, guests),
        },
        status=409 if error else 200,
    )


def _attendance_conflict(meeting, day, rows, data, added) -> dict:
    """The rows where the other editor's saved attendance and this form differ."""
    saved = {a.person_id: a for a in day.attendances.all()}

    def shown(present: bool, note: str) -> str:
        if not present:
            return "—"
        return f"{_('Närvarande')} ({note})" if note else str(_("Närvarande"))

    pairs = []
    for row in rows:
        pid = row.person.pk
        theirs = saved.get(pid)
        pairs.append(
            (
                row.label,
                shown(theirs is not None, theirs.note if theirs else ""),
                shown(bool(data.get(f"present_{pid}")), data.get(f"note_{pid}", "")),
            )
        )
    for guest in added:
        pairs.append((guest["name"], "—", shown(True, guest["note"])))
    return {
        "version": MeetingDay.objects.values_list("attendance_version", flat=True).get(pk=day.pk),
        "rows": [(label, theirs, mine) for label, theirs, mine in pairs if theirs != mine],
        "theirs_url": reverse("editing:attendance", args=[meeting.pk, day.pk]),
        "form_id": "narvaroformular",
    }


def _guests_checked(guests) -> bool:
    """A new name close to an existing one ("Monika"/"Monica") needs a deliberate choice."""
    filled = [g for g in guests if g.cleaned_data.get("name")]
    if not filled:
        return True
    index = PersonIndex()
    ok = True
    for guest in filled:
        match = index.match(guest.cleaned_data["name"])
        if match.status == "probable_duplicate" and not guest.cleaned_data["create_anyway"]:
            similar = ", ".join(p.full_name for p in match.similar)
            guest.add_error(
                "name",
                _(
                    "Det finns redan en person med nästan samma namn: %(similar)s. Skriv namnet "
                    "exakt så för att välja den personen, eller kryssa i rutan för att skapa en "
                    "ny person."
                )
                % {"similar": similar},
            )
            ok = False
    return ok


# --- the agenda ------------------------------------------------------------------------------


@editor_required
@draft_required
def agenda(request, meeting, day_pk):
    """The day's whole agenda in one form (minutes.editing.agenda): titles, order, removal."""
    day = get_object_or_404(MeetingDay, pk=day_pk, meeting=meeting)
    items = list(agenda_items(day))
    data = request.POST or None
    formset = agenda_formset(data, items=items)
    confirm = RemoveConfirmForm(data, prefix="ta-bort")
    error = None
    if request.method == "POST" and formset.is_valid() and confirm.is_valid():
        rows, removed = formset.wanted(), formset.removed()
        # Without JavaScript a row's Upp/Ned saves: "rader-3:upp", "rader-3:ned".
        prefix, _sep, direction = request.POST.get("flytta", "").rpartition(":")
        at = formset.place(prefix) if prefix else None
        if at is not None:
            at = agenda_move(rows, at=at, step=-1 if direction == "upp" else 1)
        unconfirmed = formset.removed_with_content() and not confirm.cleaned_data["confirm"]
        if unconfirmed:
            confirm.add_error("confirm", removal_question(formset.removed_with_content()))
        else:
            saved = []
            error = guarded(
                meeting,
                lambda: saved.extend(agenda_save(day=day, rows=rows, removed=removed)),
            )
            if error is None:
                url = reverse("editing:agenda", args=[meeting.pk, day.pk])
                if at is not None:
                    item = saved[at]
                    messages.success(
                        request,
                        _("”%(title)s” är nu punkt %(number)s.")
                        % {"title": item.title, "number": item.number},
                    )
                    return redirect(f"{url}#punkt-{item.pk}")
                messages.success(request, _("Dagordningen är sparad."))
                if "anteckna" in request.POST and saved:
                    return redirect("editing:item", meeting.pk, saved[0].pk)
                return redirect(url)
    return render(
        request,
        "minutes/editing/agenda.html",
        {
            "meeting": meeting,
            "day": day,
            "items": items,
            "formset": formset,
            "rows": formset.rows(),
            "confirm": confirm,
            "confirm_needed": formset.is_bound
            and formset.is_valid()
            and bool(formset.removed_with_content()),
            "tabled": list(meeting.tabled_items_offered()),
            "version_form": version_form_for(meeting),
            "error": error,
            "errors": error_list(formset, confirm),
        },
        status=409 if error else 200,
    )


@editor_required
@require_POST
@draft_required
def item_take_up(request, meeting, day_pk, item_pk):
    """One click: a tabled item from an earlier meeting goes on this day's agenda."""
    day = get_object_or_404(MeetingDay, pk=day_pk, meeting=meeting)
    tabled = get_object_or_404(meeting.tabled_items_offered(), pk=item_pk)
    error = guarded(meeting, lambda: meeting_item_take_up(day=day, tabled=tabled))
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Den bordlagda punkten ”%(title)s” är tillagd.") % {"title": tabled.title}
        )
    return redirect("editing:agenda", meeting.pk, day.pk)


# --- one item --------------------------------------------------------------------------------


@editor_required
@draft_required_text_kept
def item_edit(request, meeting, item_pk):
    """The item with its decisions, actions and attachments, in one form: adding or removing
    an attachment saves the text with it, so nothing typed is lost on the way."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("day", "matter", "tabled_from__day__meeting"),
        pk=item_pk,
        day__meeting=meeting,
    )
    presenter_choices = Person.objects.filter(
        Q(attendances__day_id=item.day_id) | Q(presented_items=item)
    ).distinct()
    data = request.POST or None
    form = forms.ItemForm(
        data,
        instance=item,
        presenter_choices=presenter_choices,
        matter_choices=Matter.objects.filter(network_id=meeting.network_id),
    )
    decisions = forms.DecisionFormSet(
        data, instance=item, prefix="beslut", queryset=item.decisions.order_by("position", "pk")
    )
    actions = forms.ActionFormSet(
        data,
        instance=item,
        prefix="atgarder",
        queryset=item.actions.select_related("responsible_person", "responsible_organisation"),
    )
    attaching = data is not None and _attachment_wanted(request)
    attachment_form = forms.AttachmentForm(
        data if attaching else None, request.FILES if attaching else None, prefix="bilaga"
    )
    removed = _attachment_removed(request, item)
    version_form = record_version_form(request, "item", item.version)
    error = conflict = preview = None
    status = 200
    if request.method == "POST" and "forhandsgranska" in request.POST:
        preview = render_markdown(request.POST.get("body", ""))
        # validate only to show mistakes; nothing is saved
        form.is_valid()
        decisions.is_valid()
        actions.is_valid()
    elif request.method == "POST" and meeting.is_published:
        error, status = locked_refusal(), 409
    elif request.method == "POST":
        valid = all(f.is_valid() for f in (form, decisions, actions))
        if attaching and not attachment_form.is_valid():
            valid, status = False, 400
        if valid:
            attachment = attachment_form.save(commit=False) if attaching else None

            def write():
                _item_save(meeting, item, form, decisions, actions)
                if attachment is not None:
                    attachment.item = item
                    attachment.save()
                if removed is not None:
                    removed.delete()

            error = guarded(
                meeting,
                write,
                record=item,
                version=version_form.version_to_claim(request.POST),
                conflict=item_conflict_message(),
            )
            if error is None:
                _item_saved_messages(request, item, attachment, removed)
                if "nasta" in request.POST and not (attaching or removed):  # "Spara och nästa"
                    return redirect(item_next_url(meeting, item))
                url = reverse("editing:item", args=[meeting.pk, item.pk])
                return redirect(url + ("#bilagor" if attaching or removed else ""))
            status = 409
            if not error.locked:
                conflict = _item_conflict(meeting, item, form, decisions, actions)
                version_form = version_form.after_conflict(request.POST, conflict["version"])
    elif request.method == "GET":
        preview = render_markdown(item.body) if item.body else None
    return render(
        request,
        "minutes/editing/item_edit.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "decisions": decisions,
            "actions": actions,
            "attachments": list(item.attachments.all()),
            "attachment_form": attachment_form,
            "attaching": attaching,
            "preview": preview,
            "version_form": version_form,
            "error": error,
            "conflict": conflict,
            "errors": error_list(form, decisions, actions, attachment_form),
        },
        status=status,
    )


def _attachment_wanted(request) -> bool:
    """An attachment to add: its button pressed, or any of its fields filled in."""
    if "lagg_till_bilaga" in request.POST or request.FILES.get("bilaga-file"):
        return True
    return any(request.POST.get(f"bilaga-{name}", "").strip() for name in ("title", "url"))


def _attachment_removed(request, item) -> Attachment | None:
    """The attachment whose "Ta bort" button was pressed (the item's own only)."""
    pk = request.POST.get("ta_bort_bilaga", "") if request.method == "POST" else ""
    if not pk.isdigit():
        return None
    return item.attachments.filter(pk=pk).first()


def _item_saved_messages(request, item, attachment, removed) -> None:
    messages.success(request, _("Punkt %(number)s är sparad.") % {"number": item.number})
    if attachment is not None:
        messages.success(request, _("Bilagan ”%(title)s” är tillagd.") % {"title": attachment})
    if removed is not None:
        messages.success(request, _("Bilagan ”%(title)s” är borttagen.") % {"title": removed})


def _item_conflict(meeting, item, form, decisions, actions) -> dict:
    """The item as the other editor saved it, beside this form's text."""
    saved = AgendaItem.objects.get(pk=item.pk)
    mine = form.cleaned_data

    def texts(formset) -> str:
        kept = [f.cleaned_data for f in formset.forms if f.cleaned_data]
        return "\n".join(d["text"] for d in kept if not d.get("DELETE"))

    pairs = [
        (form.fields["title"].label, saved.title, mine["title"]),
        (form.fields["body"].label, saved.body, mine["body"]),
        (
            _("Beslut"),
            "\n".join(saved.decisions.order_by("position", "pk").values_list("text", flat=True)),
            texts(decisions),
        ),
        (
            _("Åtgärder"),
            "\n".join(saved.actions.order_by("pk").values_list("text", flat=True)),
            texts(actions),
        ),
    ]
    return {
        "version": saved.version,
        "rows": conflict_rows(pairs, conflict_labels()),
        "theirs_url": reverse("editing:item", args=[meeting.pk, item.pk]),
        "form_id": "punktformular",
        **last_saved_by(saved),
    }


def _item_save(meeting, item, form, decisions, actions) -> None:
    item = form.save(commit=False)
    new_matter = form.cleaned_data.get("matter_new", "").strip()
    if new_matter:
        item.matter, _created = Matter.objects.get_or_create(
            network_id=meeting.network_id,
            title=new_matter,
            defaults={"draft_meeting": meeting},  # the draft's until it is published
        )
    item.outcome = (
        AgendaItem.Outcome.TABLED if form.cleaned_data["tabled"] else AgendaItem.Outcome.NONE
    )
    changed = set(form.changed_data) - {"presenters", "matter_new", "tabled"}
    if new_matter:
        changed.add("matter")
    if "tabled" in form.changed_data:
        changed.add("outcome")
    if changed:
        item.save(update_fields=sorted(changed))
    form.save_m2m()
    _decisions_save(item, decisions)
    _actions_save(actions)


def _decisions_save(item, decisions) -> None:
    saved = decisions.save(commit=False)
    for decision in decisions.deleted_objects:
        decision.delete()
    position = max((d.position for d in item.decisions.all()), default=0)
    for decision in saved:
        if decision.pk is None:
            position += 1
            decision.position = position
            decision.reference = _provisional_reference(item, position)
            decision.slug = _slug(decision.reference)
            decision.save()
        else:
            decision.save(update_fields=["kind", "label", "text"])


def _provisional_reference(item, position) -> str:
    """The reference by today's numbering; unique even when a published decision of a
    reopened meeting already holds it (meeting_publish settles it when publishing)."""
    reference = Decision.make_reference(item, position)
    if not Decision.objects.filter(reference=reference).exists():
        return reference
    n = 2
    while Decision.objects.filter(reference=f"{reference} ({n})").exists():
        n += 1
    return f"{reference} ({n})"


def _slug(reference: str) -> str:
    return slugify(reference.replace("§", ""))


def _actions_save(actions) -> None:
    saved = actions.save(commit=False)
    for action in actions.deleted_objects:
        action.delete()
    # A responsible written as before keeps its link (a planning lead may have chosen it).
    rewritten = {
        form.instance.pk for form in actions.forms if "responsible_as_written" in form.changed_data
    }
    index = None
    for action in saved:
        if action.pk is not None and action.pk not in rewritten:
            action.save()
            continue
        written = action.responsible_as_written.strip()
        person = organisation = None
        if written:
            index = index or PersonIndex()
            person = index.match(written).person
            organisation = None if person else organisation_find(written)
        action.responsible_person = person
        action.responsible_organisation = organisation
        action.responsible_resolved = False
        action.save()
    # "Yvonne": the one Yvonne at the meeting, as at import.
    actions_link_responsible(actions=Action.objects.filter(pk__in=[a.pk for a in saved]))


# --- justering, reopening, history -----------------------------------------------------------


@editor_required
@draft_required
def publish(request, meeting):
    error = None
    if request.method == "POST":
        version_form = posted_version(request)
        if version_form.is_valid():
            try:
                meeting_publish(meeting=meeting, version=version_form.cleaned_data["version"])
            except MeetingConflict:
                error = conflict_message()
            except MeetingLocked:
                error = locked_message()
            else:
                messages.success(request, _("Mötet är justerat och publicerat."))
                return redirect("editing:meeting", meeting.pk)
        else:
            error = conflict_message()
        meeting.refresh_from_db()
    days = list(
        meeting.days.prefetch_related("items__decisions").annotate(
            attendance_count=Count("attendances", distinct=True)
        )
    )
    return render(
        request,
        "minutes/editing/publish.html",
        {
            "meeting": meeting,
            "days": days,
            "version_form": version_form_for(meeting),
            "error": error,
        },
        status=409 if error else 200,
    )


@editor_required
@draft_required
def discard(request, meeting):
    """Throw a draft away (a wrong import): GET asks, POST discards (services.meeting_discard).
    Minutes that have been published are kept: they are reopened and corrected instead."""
    kept = meeting.published_at is not None
    error = None
    if request.method == "POST" and not kept:
        version_form = posted_version(request)
        try:
            if not version_form.is_valid():
                raise MeetingConflict
            meeting_discard(meeting=meeting, version=version_form.cleaned_data["version"])
        except MeetingConflict:
            error = conflict_message()
            meeting.refresh_from_db(fields=["version"])
        except MeetingLocked:
            error = locked_message()
        else:
            messages.success(request, _("Utkastet %(meeting)s är kasserat.") % {"meeting": meeting})
            return redirect("editing:dashboard")
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "minutes/editing/discard.html",
        {
            "meeting": meeting,
            "kept": kept,
            "error": error,
            # What only this draft brought in, removed with it unless another draft names it.
            "people": list(Person.objects.filter(draft_meeting=meeting)),
            "organisations": list(Organisation.objects.filter(draft_meeting=meeting)),
            "matters": list(Matter.objects.filter(draft_meeting=meeting)),
            "version_form": version_form_for(meeting),
        },
        status=409 if error else 200,
    )


@editor_required
def reopen(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
    if not meeting.is_published:
        messages.info(request, _("Mötet är redan ett utkast och kan ändras."))
        return redirect("editing:meeting", meeting.pk)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting_reopen(meeting=meeting, reason=form.cleaned_data["reason"])
        messages.success(
            request,
            _("Mötet är öppnat igen. Ändringarna syns i historiken; justera det när du är klar."),
        )
        return redirect("editing:meeting", meeting.pk)
    return render(
        request,
        "minutes/editing/reopen.html",
        {"meeting": meeting, "form": form, "errors": error_list(form)},
    )


@editor_required
def history(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("network"), pk=pk)
    since, changes = meeting_changes(meeting)
    return render(
        request,
        "minutes/editing/history.html",
        {"meeting": meeting, "since": since, "changes": changes},
    )
