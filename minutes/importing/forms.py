"""The import's forms: the files to read, and the review of one file's parsed minutes.

The review is one form of many parts (ReviewForms): the dates, the meeting, each day's attendees
and items, the decisions and the recorders, each part a Django form or formset bound to the
PendingImport's dict. Every button of the page submits all of it, so an edit made before a
click on "Slå ihop" or "Bekräfta" is never lost.
"""

import copy
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from decisions.models import Decision
from minutes.editing.fields import DayField
from minutes.models import Attendance
from minutes.parsing.attendance import note_presence
from network.models import Network

from .review import ALLOWED_SUFFIXES, attendee_new, item_lines, item_new, text_chunks


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's "Uploading multiple files"). Each file is read and
    refused or kept on its own in the view, so that one bad file does not stop the others."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Filer med anteckningar"),
        help_text=_(
            "En eller flera .txt-, .md-, .docx- eller .pdf-filer, högst 10 MB var och 50 MB "
            "sammanlagt. Varje fil blir en egen granskning."
        ),
        error_messages={"required": _("Välj minst en fil med anteckningar.")},
        widget=MultipleFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    network = forms.ModelChoiceField(
        label=_("Nätverk"),
        queryset=Network.objects.all(),
        empty_label=None,  # the first network is chosen unless the editor picks another
        error_messages={
            "required": _("Välj vilket nätverk mötena hör till."),
            "invalid_choice": _("Välj ett nätverk i listan."),
        },
    )


# --- the review ------------------------------------------------------------------------------


FIELD_TEMPLATE = "minutes/importing/_field.html"


class ReviewForm(forms.Form):
    """Each field in a block of its own (templates/minutes/importing/_field.html), so that a
    row of fields wraps on a narrow screen; labels without a colon (a checkbox's label follows
    the box)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = FIELD_TEMPLATE


PRESENT, PARTIAL, ABSENT = (
    Attendance.Presence.PRESENT,
    Attendance.Presence.PARTIAL,
    Attendance.Presence.ABSENT,
)


class RevisionForm(forms.Form):
    """The PendingImport's revision when the page was loaded; a save from an older page (another
    planning lead saved in between) is refused, the posted corrections kept on the page."""

    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class DatesForm(ReviewForm):
    def __init__(self, *args, days: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for n, _day in enumerate(days):
            label = _("Mötets första dag") if n == 0 else _("Dag %(number)s") % {"number": n + 1}
            # A text box, as on the entry screens: a mistyped date (2023-02-30) comes back as
            # typed with a message, where a browser's date box would empty it.
            self.fields[f"date_{n}"] = DayField(
                label=label,
                required=False,
                help_text=_("ÅÅÅÅ-MM-DD, till exempel 2024-11-07.") if n == 0 else "",
                template_name=FIELD_TEMPLATE,
            )

    def dates(self) -> list[dt.date | None]:
        return [self.cleaned_data[name] for name in self.fields]


class MeetingForm(ReviewForm):
    theme = forms.CharField(label=_("Tema"), max_length=300, required=False)
    location = forms.CharField(label=_("Plats"), max_length=300, required=False)


class AttendeeForm(ReviewForm):
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    organization = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Välj en befintlig i listan eller skriv en ny."),
        widget=forms.TextInput(attrs={"list": "organisationer", "autocomplete": "off"}),
    )
    group = forms.ChoiceField(
        label=_("Grupp"), choices=Attendance.Group.choices, initial=Attendance.Group.NETWORK
    )
    presence = forms.ChoiceField(
        label=_("Närvaro"), choices=Attendance.Presence.choices, initial=PRESENT
    )
    note = forms.CharField(
        label=_("Anteckning om närvaron"),
        max_length=300,
        required=False,
        help_text=_("Till exempel ”punkt 4-8” eller ”del av mötet”."),
    )
    remote = forms.BooleanField(label=_("Deltog på distans"), required=False)
    unlinked = forms.BooleanField(
        label=_("En annan person med samma namn: skapa en ny person"), required=False
    )

    def clean(self):
        """A line naming only an organisation may stay (it is reported, not saved, on confirm);
        a line naming nothing may not."""
        data = super().clean()
        if not data.get("name", "").strip() and not data.get("organization", "").strip():
            self.add_error("name", _("Skriv personens namn."))
        return data


class ItemForm(ReviewForm):
    number = forms.IntegerField(
        label=_("Nummer"),
        min_value=1,
        max_value=999,
        error_messages={
            "required": _("Ange punktens nummer."),
            "invalid": _("Numret ska vara ett heltal, till exempel 3."),
            "min_value": _("Numret ska vara 1 eller högre."),
            "max_value": _("Numret får vara högst 999."),
        },
    )
    title = forms.CharField(
        label=_("Rubrik"), max_length=500, error_messages={"required": _("Skriv punktens rubrik.")}
    )
    body = forms.CharField(
        label=_("Anteckningstext"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    tabled = forms.BooleanField(label=_("Bordläggs"), required=False)


class ReviewFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort")
            form.fields["DELETE"].template_name = FIELD_TEMPLATE


class BaseItemFormSet(ReviewFormSet):
    def clean(self):
        seen = {}
        for form in self.forms:
            if not form.has_changed() and form.empty_permitted:
                continue
            if self._should_delete_form(form) or "number" not in form.cleaned_data:
                continue
            number = form.cleaned_data["number"]
            if number in seen:
                form.add_error(
                    "number",
                    _("Två punkter har nummer %(number)s: ge varje punkt ett eget nummer.")
                    % {"number": number},
                )
            seen[number] = form


class DecisionForm(ReviewForm):
    item = forms.ChoiceField(
        label=_("Hör till punkt"),
        error_messages={"required": _("Välj vilken punkt beslutet hör till.")},
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=Decision.Kind.choices, initial="beslut")
    label = forms.CharField(
        label=_("Etikett"),
        max_length=200,
        required=False,
        help_text=_("Frivillig, till exempel ”Nära vård”."),
    )
    text = forms.CharField(
        label=_("Lydelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv beslutets lydelse.")},
    )

    def __init__(self, *args, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Välj punkt")), *item_choices]


class RecorderForm(ReviewForm):
    name = forms.CharField(
        label=_("Namn"), max_length=200, error_messages={"required": _("Skriv namnet.")}
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)


AttendeeFormSet = formset_factory(AttendeeForm, formset=ReviewFormSet, extra=1, can_delete=True)
ItemFormSet = formset_factory(ItemForm, formset=BaseItemFormSet, extra=1, can_delete=True)
DecisionFormSet = formset_factory(DecisionForm, formset=ReviewFormSet, extra=1, can_delete=True)
RecorderFormSet = formset_factory(RecorderForm, formset=ReviewFormSet, extra=1, can_delete=True)


class ToolsForm(ReviewForm):
    """The choices that go with the structural buttons: the line to split an item at, the item
    to move a chunk of text not placed into."""

    def __init__(self, *args, data_dict: dict, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for d, day in enumerate(data_dict["days"]):
            for i, item in enumerate(day["items"]):
                lines = item_lines(item)
                if len(lines) < 2:
                    continue
                self.fields[f"split_{d}_{i}"] = forms.TypedChoiceField(
                    label=_("Dela punkten vid raden"),
                    coerce=int,
                    required=False,
                    template_name=FIELD_TEMPLATE,
                    choices=[("", _("Välj rad"))]
                    + [
                        (n, f"{n + 1}: {line.strip()[:70]}")
                        for n, line in enumerate(lines)
                        if n > 0 and line.strip()
                    ],
                )
        days = len(data_dict["days"])
        targets = item_choices + [
            (f"{d}-ny", _("En ny punkt sist på dag %(day)s") % {"day": d + 1}) for d in range(days)
        ]
        for key, _text in text_chunks(data_dict):
            self.fields[f"move_{key}"] = forms.ChoiceField(
                label=_("Flytta texten till"),
                required=False,
                template_name=FIELD_TEMPLATE,
                choices=[("", _("Välj punkt")), *targets],
            )


def item_choices(data: dict) -> list[tuple[str, str]]:
    several = len(data["days"]) > 1
    return [
        (
            f"{d}-{i}",
            (f"{_('Dag')} {d + 1}, " if several else "")
            + f"{item['number']}. {item['title']}"[:90],
        )
        for d, day in enumerate(data["days"])
        for i, item in enumerate(day["items"])
    ]


class ReviewForms:
    """All the parts of the review, bound to the posted data or showing the stored dict."""

    def __init__(self, data: dict, revision: int, post=None):
        self.data = data
        days = data["days"]
        choices = item_choices(data)
        self.revision = RevisionForm(post, initial={"revision": revision}, prefix="granskning")
        self.dates = DatesForm(
            post,
            days=days,
            prefix="datum",
            initial={f"date_{n}": day.get("date") for n, day in enumerate(days)},
        )
        self.meeting = MeetingForm(
            post,
            prefix="mote",
            initial={"theme": data.get("theme", ""), "location": data.get("location", "")},
        )
        self.attendees = [
            AttendeeFormSet(
                post,
                prefix=f"d{d}-narvaro",
                initial=[_attendee_initial(a, presence) for a, presence in _people(day)],
            )
            for d, day in enumerate(days)
        ]
        self.items = [
            ItemFormSet(
                post, prefix=f"d{d}-punkter", initial=[_item_initial(i) for i in day["items"]]
            )
            for d, day in enumerate(days)
        ]
        self.decisions = DecisionFormSet(
            post,
            prefix="beslut",
            initial=[
                {"item": f"{d}-{i}", **{k: decision[k] for k in ("kind", "label", "text")}}
                for d, day in enumerate(days)
                for i, item in enumerate(day["items"])
                for decision in item["decisions"]
            ],
            form_kwargs={"item_choices": choices},
        )
        self.recorders = RecorderFormSet(
            post,
            prefix="antecknare",
            initial=[{"name": r["name"], "title": r["title"]} for r in data.get("recorders", [])],
        )
        self.tools = ToolsForm(post, prefix="verktyg", data_dict=data, item_choices=choices)

    def parts(self):
        return [
            self.revision,
            self.dates,
            self.meeting,
            *self.attendees,
            *self.items,
            self.decisions,
            self.recorders,
            self.tools,
        ]

    def is_valid(self) -> bool:
        valid = all([part.is_valid() for part in self.parts()])  # every part, for all errors
        return valid and self._decisions_on_kept_items()

    def _decisions_on_kept_items(self) -> bool:
        deleted = {
            f"{d}-{i}"
            for d, formset in enumerate(self.items)
            for i, form in enumerate(formset.forms)
            if formset._should_delete_form(form)
        }
        ok = True
        for form in _kept(self.decisions):
            if form.cleaned_data["item"] in deleted:
                form.add_error(
                    "item",
                    _("Punkten som beslutet hör till tas bort: välj en annan punkt."),
                )
                ok = False
        return ok

    def corrected(self) -> dict:
        """The stored dict with every correction of the valid forms applied."""
        data = copy.deepcopy(self.data)
        data.update(self.meeting.cleaned_data)
        # "<day>-<index as shown>" -> the corrected item: the buttons name items as shown
        self.items_by_key = items_by_key = {}
        for d, day in enumerate(data["days"]):
            day["items"] = _items_corrected(day["items"], self.items[d], d, items_by_key)
            day["attendees"], day["absent"] = _attendees_corrected(
                [a for a, _presence in _people(day)],
                self.attendees[d],
                [(item["number"], item["title"]) for item in day["items"]],
            )
        for item in items_by_key.values():
            item["decisions"] = []
        kept = _kept(self.decisions)
        for n, form in enumerate(self.decisions.forms):
            if form not in kept:
                continue
            old = self.decisions.initial[n] if n < len(self.decisions.initial or []) else None
            decision = {
                "kind": form.cleaned_data["kind"],
                "label": form.cleaned_data["label"],
                "text": form.cleaned_data["text"],
                "doubts": [] if form.has_changed() or old is None else self._doubts(n),
            }
            items_by_key[form.cleaned_data["item"]]["decisions"].append(decision)
        for day in data["days"]:
            day["items"].sort(key=lambda item: item["number"])
        data["recorders"] = [
            {"name": f.cleaned_data["name"], "title": f.cleaned_data["title"], "organization": ""}
            | _recorder_rest(self.data, n, f)
            for n, f in enumerate(self.recorders.forms)
            if f in _kept(self.recorders)
        ]
        return data

    def _doubts(self, n: int) -> list[str]:
        located = [
            decision
            for day in self.data["days"]
            for item in day["items"]
            for decision in item["decisions"]
        ]
        return list(located[n].get("doubts", []))


def _recorder_rest(data: dict, n: int, form) -> dict:
    recorders = data.get("recorders", [])
    if n < len(recorders) and not form.has_changed():
        return {"organization": recorders[n].get("organization", "")}
    return {}


def _kept(formset) -> list:
    """The forms of a valid formset that stay: not deleted, not a blank extra row."""
    return [
        form
        for form in formset.forms
        if not formset._should_delete_form(form)
        and not (form.empty_permitted and not form.has_changed())
    ]


def _people(day: dict):
    for attendee in day.get("attendees", []):
        yield attendee, PARTIAL if attendee.get("partial") else PRESENT
    for attendee in day.get("absent", []):
        yield attendee, ABSENT


def _attendee_initial(attendee: dict, presence: str) -> dict:
    return {
        "name": attendee["name"],
        "organization": attendee.get("organization") or "",
        "group": attendee.get("group") or "network",
        "presence": presence,
        "note": attendee.get("note", ""),
        "remote": attendee.get("remote", False),
        "unlinked": attendee.get("unlinked", False),
    }


def _attendees_corrected(old: list[dict], formset, items) -> tuple[list[dict], list[dict]]:
    present, absent = [], []
    kept = _kept(formset)
    for n, form in enumerate(formset.forms):
        if form not in kept:
            continue
        record = copy.deepcopy(old[n]) if n < len(old) else attendee_new()
        cleaned = form.cleaned_data
        if form.has_changed():
            record["doubts"] = []
        if (cleaned["organization"] or None) != record.get("organization"):
            record["organization"] = cleaned["organization"] or None
            record["organization_as_written"] = None
        if cleaned["note"] != record.get("note", ""):
            record["items_present"] = note_presence(cleaned["note"], items).items
        record.update(
            name=" ".join(cleaned["name"].split()),
            group=cleaned["group"],
            note=cleaned["note"],
            remote=cleaned["remote"],
            partial=cleaned["presence"] == PARTIAL,
            unlinked=cleaned["unlinked"],
        )
        (absent if cleaned["presence"] == ABSENT else present).append(record)
    return present, absent


def _item_initial(item: dict) -> dict:
    return {
        "number": item["number"],
        "title": item["title"],
        "body": item.get("body", ""),
        "tabled": item.get("tabled", False),
    }


def _items_corrected(old: list[dict], formset, day: int, items_by_key: dict) -> list[dict]:
    kept = _kept(formset)
    items = []
    for n, form in enumerate(formset.forms):
        if form not in kept:
            continue
        record = copy.deepcopy(old[n]) if n < len(old) else item_new()
        if form.has_changed():
            record["doubts"] = []
        record.update(form.cleaned_data)
        record.pop("DELETE", None)
        items_by_key[f"{day}-{n}"] = record
        items.append(record)
    return items
