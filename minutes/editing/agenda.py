"""The whole agenda of a day on one page (issue 10): a row per item, saved in one POST.

Existing items keep their id (decisions, actions and attachments hang on them); new rows
become items; rows are numbered in the order they are posted in (each row's ORDER, which the
page's script rewrites when a row is moved). Removing an item with decisions is refused;
removing one with notes, actions or attachments needs a confirmation.
"""

from django import forms
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minutes.models import AgendaItem, Attachment, MeetingDay

from .fields import LimitsSaid

# Empty rows below the items: enough for a whole agenda when it is new; without JavaScript more
# come each time the page is saved (with JavaScript, Enter adds the next row).
EXTRA_ROWS_NEW = 8
EXTRA_ROWS = 3


def agenda_items(day: MeetingDay):
    """The day's items for the agenda page, each with what hangs on it: two counts, whether it
    has attachments, its matter and where it was tabled (one query)."""
    return (
        day.items.annotate(
            decision_count=Count("decisions", distinct=True),
            action_count=Count("actions", distinct=True),
            has_attachments=Exists(Attachment.objects.filter(item=OuterRef("pk"))),
        )
        .select_related("matter", "tabled_from__day")
        .order_by("number")
    )


def item_has_content(item: AgendaItem) -> bool:
    """Whether removing the item throws away something written beyond its title."""
    return bool(item.body.strip() or item.action_count or item.has_attachments)


class AgendaRowForm(LimitsSaid, forms.Form):
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The item's version when the page was loaded (AgendaItem.version): a title changed or an
    # item removed here after someone else saved that item is refused for that row.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=500, required=False)

    def __init__(self, *args, items: dict[int, AgendaItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items

    def clean_item(self):
        pk = self.cleaned_data["item"]
        if pk is not None and pk not in self.items:
            raise forms.ValidationError(_("Punkten finns inte längre på dagordningen."))
        return pk

    @property
    def existing(self) -> AgendaItem | None:
        """The item this row shows (None for a new row), as loaded or as posted."""
        try:
            return self.items.get(int(self["item"].value()))
        except (TypeError, ValueError):
            return None


class BaseAgendaFormSet(forms.BaseFormSet):
    ordering_widget = forms.HiddenInput

    def __init__(self, *args, items: list[AgendaItem], **kwargs):
        self.items = {item.pk: item for item in items}
        kwargs.setdefault(
            "initial",
            [{"item": item.pk, "title": item.title, "version": item.version} for item in items],
        )
        kwargs.setdefault("form_kwargs", {})["items"] = self.items
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Every row, the extra ones too, starts at its place in the list; the script renumbers.
        if index is not None:
            form.fields["ORDER"].initial = index + 1
        form.fields["DELETE"].label = _("Ta bort")

    def clean(self):
        if any(self.errors):
            return
        seen, refused = set(), []
        for form in self.forms:
            data = form.cleaned_data
            pk = data.get("item")
            if pk is None:
                continue
            if pk in seen:
                raise forms.ValidationError(_("En punkt finns två gånger i listan."))
            seen.add(pk)
            item = self.items[pk]
            if self._changed_by_another(form, item):
                continue
            if data.get("DELETE"):
                if item.decision_count:
                    refused.append(
                        _(
                            "Punkt %(number)s ”%(title)s” har beslut och kan inte tas bort. "
                            "Ta bort besluten på punktens sida först."
                        )
                        % {"number": item.number, "title": item.title}
                    )
            elif not data.get("title", "").strip():
                form.add_error(
                    "title",
                    _("Skriv en rubrik för punkt %(number)s, eller kryssa i ”Ta bort”.")
                    % {"number": item.number},
                )
        if refused:
            # A row ticked for removal is left out of the forms' errors (Django's formsets):
            # the refusal is the formset's.
            raise forms.ValidationError(refused)

    def _changed_by_another(self, form, item) -> bool:
        """Whether the row changes an item that someone else saved since the page was loaded;
        if so the row gets an error naming what was saved, and now carries the item's current
        version, so that saving again (having seen it) keeps what this page says."""
        data = form.cleaned_data
        writes = data.get("DELETE") or data.get("title", "").strip() != item.title
        if not writes or data.get("version") in (None, item.version):
            return False
        form.add_error(
            "title",
            _(
                "Någon annan har ändrat punkt %(number)s sedan du öppnade sidan; den heter nu "
                "”%(title)s”. Spara igen för att behålla det du skrivit här."
            )
            % {"number": item.number, "title": item.title},
        )
        self.data[form.add_prefix("version")] = item.version
        return True

    def rows(self) -> list[AgendaRowForm]:
        """The rows as shown: in their posted order after a refused save."""
        if not self.is_bound:
            return list(self.forms)

        def place(pair):
            index, form = pair
            try:
                return (int(form["ORDER"].value()), index)
            except (TypeError, ValueError):
                return (index + 1, index)

        return [form for _index, form in sorted(enumerate(self.forms), key=place)]

    def removed_with_content(self) -> list[AgendaItem]:
        """Items ticked for removal that have notes, actions or attachments."""
        removed = [self.items[pk] for pk in self.removed()]
        return [item for item in removed if item_has_content(item)]

    def _kept(self) -> list[AgendaRowForm]:
        """The rows that stay, in their new order; empty new rows left out."""
        return [
            form
            for form in self.ordered_forms
            if form.cleaned_data.get("item") is not None
            or form.cleaned_data.get("title", "").strip()
        ]

    def wanted(self) -> list[tuple[int | None, str]]:
        """(item id or None for a new one, title) in the new order."""
        return [(f.cleaned_data.get("item"), f.cleaned_data["title"].strip()) for f in self._kept()]

    def place(self, prefix: str) -> int | None:
        """Where the row posted with this prefix ("rader-3") stands in wanted() (None: not
        kept)."""
        for place, form in enumerate(self._kept()):
            if form.prefix == prefix:
                return place
        return None

    def removed(self) -> list[int]:
        return [f.cleaned_data["item"] for f in self.deleted_forms if f.cleaned_data.get("item")]


def agenda_formset(data, *, items: list[AgendaItem]) -> BaseAgendaFormSet:
    extra = EXTRA_ROWS if items else EXTRA_ROWS_NEW
    formset_class = forms.formset_factory(
        AgendaRowForm, formset=BaseAgendaFormSet, extra=extra, can_order=True, can_delete=True
    )
    # A copy: a row refused as changed by another takes the item's current version.
    return formset_class(data.copy() if data is not None else None, items=items, prefix="rader")


def removal_question(items: list[AgendaItem]) -> str:
    """What removing these items would throw away, asked before it is done."""
    return _(
        "%(items)s har anteckningar, åtgärder eller bilagor. Kryssa i rutan för att ta bort "
        "dem ändå."
    ) % {"items": ", ".join(f"§{item.number} ”{item.title}”" for item in items)}


class RemoveConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, ta bort punkterna med deras anteckningar, åtgärder och bilagor"),
        required=False,
    )


def agenda_move(rows: list[tuple[int | None, str]], *, at: int, step: int) -> int:
    """Move rows[at] one place (step -1 up, +1 down) in place; returns where it is now."""
    to = at + step
    if 0 <= at < len(rows) and 0 <= to < len(rows):
        rows[at], rows[to] = rows[to], rows[at]
        return to
    return at


def agenda_save(
    *, day: MeetingDay, rows: list[tuple[int | None, str]], removed: list[int]
) -> list[AgendaItem]:
    """Write the day's agenda: rows are (item id or None, title) in the new order, removed the
    ids of items to delete; call inside a transaction. Items left out of both keep their
    relative order after the rows. Only items whose number or title changes are saved (the
    history shows real changes); numbers move out of the way first so that unique (day,
    number) holds all along. Returns the items in order."""
    items = {item.pk: item for item in day.items.all()}
    if removed:
        AgendaItem.objects.filter(day=day, pk__in=removed).delete()
        for pk in removed:
            items.pop(pk, None)
    named = {pk for pk, _title in rows if pk is not None}
    rows = list(rows) + [
        (item.pk, item.title)
        for item in sorted(items.values(), key=lambda i: i.number)
        if item.pk not in named
    ]
    moving = [
        pk for number, (pk, _title) in enumerate(rows, start=1) if pk and items[pk].number != number
    ]
    if moving:
        offset = max([i.number for i in items.values()] + [len(rows)]) + 1
        AgendaItem.objects.filter(pk__in=moving).update(number=models.F("number") + offset)
    ordered = []
    for number, (pk, title) in enumerate(rows, start=1):
        if pk is None:
            ordered.append(AgendaItem.objects.create(day=day, number=number, title=title))
            continue
        item = items[pk]
        changed = [
            name
            for name, value in (("number", number), ("title", title))
            if getattr(item, name) != value
        ]
        if changed:
            item.number, item.title = number, title
            if "title" in changed:  # an item page open with the old title is refused
                item.version += 1
                changed.append("version")
            item.save(update_fields=changed)
        ordered.append(item)
    return ordered


def item_after(item: AgendaItem) -> AgendaItem | None:
    """The next item of the meeting: the next number on the day, else the first item of a later
    day (None after the last)."""
    return (
        AgendaItem.objects.filter(day__meeting_id=item.day.meeting_id)
        .filter(
            models.Q(day_id=item.day_id, number__gt=item.number)
            | models.Q(day__date__gt=item.day.date)
        )
        .order_by("day__date", "number")
        .first()
    )


def item_next_url(meeting, item: AgendaItem) -> str:
    """Where "Spara och nästa" goes: the next item, after the last the meeting's task page."""
    following = item_after(item)
    if following is None:
        return reverse("editing:meeting", args=[meeting.pk])
    return reverse("editing:item", args=[meeting.pk, following.pk])
