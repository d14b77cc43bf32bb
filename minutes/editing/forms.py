"""Forms for recording minutes; each one travels with the version of what it edits."""

import datetime as dt
import hashlib
import json
import re

from django import forms
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, Decision
from minutes.links import validate_safe_url
from minutes.models import AgendaItem, Attachment, Attendance, Matter, Meeting
from minutes.uploads import attachment_file_clean
from network.models import Network, Person

from .fields import DateInput, DayField, LimitsSaid

MAX_DAYS = 5


# The button on a conflict page that saves one's own text over the other's, knowingly.
KEEP_MINE = "behall-min"
# Fields that are not what the editor wrote: not compared when telling whether they merged.
NOT_WRITTEN = {"csrfmiddlewaretoken", KEEP_MINE, "forhandsgranska", "ta_bort_bilaga"}


class VersionForm(forms.Form):
    """The version of what a page edits (an item, a day's attendance, the meeting's details or
    the whole meeting) when it was loaded; a save from an older version is refused.

    After a refusal the page shows the other's saved text beside one's own and keeps the old
    version, so that a plain second click is refused again. It also carries `seen`, the version
    shown beside it, and `shown`, a digest of the form as shown: the save claims `seen` when the
    editor chose "Behåll min text" or changed the text since (merged by hand)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    seen = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    shown = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def version_to_claim(self, data) -> int:
        """The version this save claims; 0 (never current) when the form was tampered with."""
        if not self.is_valid():
            return 0
        version, seen = self.cleaned_data["version"], self.cleaned_data["seen"]
        if seen and seen > version:
            chose = KEEP_MINE in data
            merged = form_digest(data, self.prefix) != self.cleaned_data["shown"]
            if chose or merged:
                return seen
        return version

    def after_conflict(self, data, current: int) -> "VersionForm":
        """The form for the conflict page: the version the editor started from, the current one
        shown beside it, and the digest of what they wrote."""
        return VersionForm(
            initial={
                "version": self.cleaned_data["version"] if self.is_valid() else 0,
                "seen": current,
                "shown": form_digest(data, self.prefix),
            },
            prefix=self.prefix,
        )


def form_digest(data, prefix: str) -> str:
    """What the editor wrote in a posted form (not its version, buttons, nor an attachment)."""
    written = sorted(
        (key, data.getlist(key))
        for key in data
        if key not in NOT_WRITTEN and not key.startswith((f"{prefix}-", "bilaga-"))
    )
    return hashlib.sha256(json.dumps(written).encode()).hexdigest()


class MeetingCreateForm(LimitsSaid, forms.Form):
    network = forms.ModelChoiceField(
        label=_("Nätverk"), queryset=Network.objects.all(), empty_label=None
    )
    first_date = DayField(label=_("Första mötesdagen"), required=False)
    number_of_days = forms.IntegerField(
        label=_("Antal dagar"), min_value=1, max_value=MAX_DAYS, initial=1, required=False
    )
    dates = forms.CharField(
        label=_("Eller: datum för varje dag"),
        required=False,
        help_text=_("Till exempel ”2024-11-07, 2024-11-08”. Används i stället för fälten ovan."),
    )
    location = forms.CharField(label=_("Plats"), max_length=300, required=False)
    theme = forms.CharField(label=_("Tema"), max_length=300, required=False)

    def clean_dates(self):
        written = self.cleaned_data["dates"].strip()
        if not written:
            return []
        dates = []
        for part in re.split(r"[,;\s]+", written):
            try:
                dates.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("”%(part)s” är inget datum. Skriv datum som 2024-11-07."),
                    params={"part": part},
                ) from None
        if len(set(dates)) > MAX_DAYS:
            raise forms.ValidationError(
                _("Ett möte har högst %(n)s dagar."), params={"n": MAX_DAYS}
            )
        return sorted(set(dates))

    def clean(self):
        data = super().clean()
        dates = data.get("dates") or []
        if not dates and "dates" not in self.errors:
            first = data.get("first_date")
            if first is None:
                if "first_date" not in self.errors:
                    self.add_error("first_date", _("Ange mötets första dag."))
                return data
            count = data.get("number_of_days") or 1
            dates = [first + dt.timedelta(days=n) for n in range(count)]
        data["all_dates"] = dates
        network = data.get("network")
        if dates and network and Meeting.objects.filter(network=network, start_date=dates[0]):
            field = "first_date" if not data.get("dates") else "dates"
            self.add_error(field, _("Nätverket har redan ett möte som börjar den dagen."))
        return data


class MeetingDetailsForm(LimitsSaid, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "theme", "location", "recorders"]
        labels = {"title": _("Rubrik"), "theme": _("Tema"), "location": _("Plats")}
        widgets = {"recorders": forms.CheckboxSelectMultiple}

    def __init__(self, *args, recorder_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recorders"].queryset = recorder_choices
        self.fields["recorders"].label = _("Antecknat av")
        self.fields["recorders"].help_text = _("Personer från Göteborgsregionen på mötet.")


class AttendanceForm(LimitsSaid, forms.Form):
    """One checkbox and one note per person in the list (the network's members in office on
    the day, then everyone else already recorded)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.rows = rows
        for row in rows:
            pid = row.person.pk
            # the hint beside the name (the previous meeting, new since) describes the box
            hinted = (
                {"aria-describedby": f"forra-{pid}"} if row.last_time or row.new_since_last else {}
            )
            self.fields[f"present_{pid}"] = forms.BooleanField(
                label=row.label,
                required=False,
                initial=row.present,
                widget=forms.CheckboxInput(attrs=hinted),
            )
            self.fields[f"note_{pid}"] = forms.CharField(
                label=_("Anteckning för %(name)s") % {"name": row.person.full_name},
                required=False,
                max_length=300,
                initial=row.note,
            )
            row.present_field = self[f"present_{pid}"]
            row.note_field = self[f"note_{pid}"]


class GuestForm(LimitsSaid, forms.Form):
    """A person added inline: a guest, GR staff or a member missing from the list."""

    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    group = forms.ChoiceField(
        label=_("Grupp"), choices=Attendance.Group.choices, initial=Attendance.Group.GUEST
    )
    note = forms.CharField(label=_("Anteckning"), max_length=300, required=False)
    create_anyway = forms.BooleanField(
        label=_("Skapa en ny person även om namnet liknar en befintlig"), required=False
    )

    def clean(self):
        data = super().clean()
        if (data.get("organisation") or data.get("note")) and not data.get("name"):
            self.add_error("name", _("Skriv personens namn."))
        return data


GuestFormSet = formset_factory(GuestForm, extra=1)


class ItemForm(LimitsSaid, forms.ModelForm):
    matter_new = forms.CharField(
        label=_("Eller nytt ärende"),
        max_length=300,
        required=False,
        help_text=_("Skriv en rubrik för att skapa ett nytt ärende."),
    )
    tabled = forms.BooleanField(label=_("Bordlagd"), required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "body", "presenters", "matter"]
        labels = {
            "title": _("Rubrik"),
            "body": _("Anteckningar"),
            "presenters": _("Föredragande"),
            "matter": _("Ärende"),
        }
        help_texts = {
            "body": _("Markdown: **fet**, *kursiv*, listor med - och [länk](https://…)."),
        }
        widgets = {
            "presenters": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, presenter_choices, matter_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = presenter_choices
        self.fields["presenters"].help_text = _("Personer som är närvarande den dagen.")
        self.fields["matter"].queryset = matter_choices
        self.fields["matter"].empty_label = _("Inget ärende")
        self.fields["tabled"].initial = self.instance.is_tabled

    def clean(self):
        data = super().clean()
        if data.get("matter") and data.get("matter_new"):
            self.add_error("matter_new", _("Välj ett ärende eller skriv ett nytt, inte båda."))
        return data


class DecisionForm(LimitsSaid, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["kind", "label", "text"]
        labels = {"kind": _("Typ"), "label": _("Etikett"), "text": _("Lydelse")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActionForm(LimitsSaid, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["text", "responsible_as_written", "due_date", "status"]
        labels = {
            "text": _("Åtgärd"),
            "responsible_as_written": _("Ansvarig"),
            "due_date": _("Senast"),
            "status": _("Status"),
        }
        help_texts = {
            "responsible_as_written": _("En person eller en organisation."),
            "due_date": _("Till exempel 2024-11-07."),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput}
        field_classes = {"due_date": DayField}


DecisionFormSet = inlineformset_factory(
    AgendaItem, Decision, form=DecisionForm, extra=0, can_delete=True
)
ActionFormSet = inlineformset_factory(AgendaItem, Action, form=ActionForm, extra=0, can_delete=True)


class AttachmentForm(LimitsSaid, forms.ModelForm):
    url = forms.URLField(
        label=_("Eller länk"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        validators=[validate_safe_url],  # http and https only: no ftp:, no javascript:
        help_text=_("Till exempel https://goteborgsregionen.se/…"),
    )

    class Meta:
        model = Attachment
        fields = ["title", "file", "url"]
        labels = {"title": _("Bilagans rubrik"), "file": _("Fil"), "url": _("Eller länk")}
        help_texts = {
            "file": _("Högst 20 MB: pdf, docx, xlsx, pptx, png, jpg eller txt."),
        }

    def clean_file(self):
        return attachment_file_clean(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Välj en fil eller skriv en länk."))
        if data.get("file") and data.get("url"):
            raise forms.ValidationError(_("Bifoga en fil eller en länk, inte båda."))
        return data


def matter_choices(network):
    return Matter.objects.filter(network=network)


def people(ids):
    return Person.objects.filter(pk__in=ids)


class ReopenForm(LimitsSaid, forms.Form):
    reason = forms.CharField(
        label=_("Varför öppnas mötet igen? (frivilligt)"),
        max_length=100,
        required=False,
        help_text=_("Sparas i historiken. Till exempel ”Rättar stavningen av ett namn”."),
    )


class ActionRenewForm(forms.Form):
    """The "Förnya" button: a new due date for an action not followed up (three months on by
    default)."""

    due_date = forms.DateField(
        label=_("Nytt senast-datum"),
        widget=DateInput,
        error_messages={
            "required": _("Ange ett nytt senast-datum."),
            "invalid": _("Ange datumet som åååå-mm-dd, till exempel 2026-03-01."),
        },
    )


NOBODY = "ingen"


class ResponsibleResolveForm(forms.Form):
    """One choice per action whose written responsible names nobody for sure: a person at its
    meeting, "ingen" (nobody there), or blank (decide later)."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.rows = rows
        for row in rows:
            action = row.action
            self.fields[self.field_name(action)] = forms.ChoiceField(
                label=_("Ansvarig för ”%(written)s”") % {"written": action.responsible_as_written},
                help_text=self.reason(row),
                required=False,
                choices=[
                    ("", _("Avgör senare")),
                    *((str(p.pk), p.full_name) for p in row.attendees),
                    (NOBODY, _("Ingen av deltagarna")),
                ],
                error_messages={
                    "invalid_choice": _(
                        "Välj någon som var med på mötet, ”Ingen av deltagarna” eller "
                        "”Avgör senare”."
                    )
                },
            )

    @staticmethod
    def reason(row) -> str:
        if row.candidates:
            return _("Flera deltagare passar: %(names)s.") % {
                "names": ", ".join(p.full_name for p in row.candidates)
            }
        if row.attendees:
            return _("Ingen av mötets deltagare har det namnet.")
        return _("Mötet har ingen närvaro registrerad.")

    @staticmethod
    def field_name(action) -> str:
        return f"ansvarig-{action.pk}"

    def chosen(self) -> dict[int, Person | None]:
        """{action id: person or None (ingen)} for the actions given a choice."""
        chosen = {}
        for row in self.rows:
            value = self.cleaned_data.get(self.field_name(row.action))
            if value == NOBODY:
                chosen[row.action.pk] = None
            elif value:
                chosen[row.action.pk] = next(p for p in row.attendees if str(p.pk) == value)
        return chosen

    def fields_by_row(self):
        """(row, bound field) for the template."""
        return [(row, self[self.field_name(row.action)]) for row in self.rows]
