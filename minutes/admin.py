"""Admin for meetings: meeting → days → items, with attendance on each day.

Django admin has no nested inlines, so the chain is walked through change pages: a meeting shows
its days inline with a link to each day; a day shows its attendance and items inline with a link
to each item; an item shows its decisions, actions and attachments inline.

Justering holds here too (JusteringAdmin): published minutes are read-only and cannot be deleted;
publishing and reopening happen only in the editor (/redigera/), the reopening with a reason; and
every save bumps the meeting's version (a justering page loaded before it is refused) and the
version of what an editor's form holds (the item for an item, decision or action; the day's
attendance; the meeting's details), so an editor's form loaded before it gets the conflict.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, Decision

from .models import AgendaItem, Attachment, Attendance, Matter, Meeting, MeetingDay
from .services import meeting_discard, meeting_version_bump, record_versions_bump
from .uploads import attachment_file_clean

# Links typed without a scheme are taken as https (Django 6's default; silences its warning).
URL_FIELD = {models.URLField: {"assume_scheme": "https"}}

# From each record of the minutes to its meeting, as a lookup path ("" for the meeting itself).
MEETING_PATHS = {
    Meeting: "",
    MeetingDay: "meeting",
    AgendaItem: "day__meeting",
    Attendance: "day__meeting",
    Attachment: "item__day__meeting",
    Decision: "item__day__meeting",
    Action: "item__day__meeting",
}


# The version an editor's form carries for each record of the minutes: (path to the record that
# holds it, its model, the field). Days (date, heading) and attachments are in no editor's form.
EDITOR_VERSIONS = {
    Meeting: ("pk", Meeting, "details_version"),
    AgendaItem: ("pk", AgendaItem, "version"),
    Decision: ("item_id", AgendaItem, "version"),
    Action: ("item_id", AgendaItem, "version"),
    Attendance: ("day_id", MeetingDay, "attendance_version"),
}


def editor_versions_bump(model, rows) -> None:
    """rows (objects or dicts of their stored values) were saved or deleted outside the editor:
    the editor's version of what holds them moves on."""
    if model not in EDITOR_VERSIONS:
        return
    attname, holder, field = EDITOR_VERSIONS[model]
    ids = [row[attname] if isinstance(row, dict) else getattr(row, attname) for row in rows]
    record_versions_bump(model=holder, ids=ids, field=field)


def stored_holder(obj) -> list[dict]:
    """What holds obj as stored, before a save that may move it (a decision to another item)."""
    if type(obj) not in EDITOR_VERSIONS or obj.pk is None:
        return []
    attname = EDITOR_VERSIONS[type(obj)][0]
    return list(type(obj)._base_manager.filter(pk=obj.pk).values(attname))


def _change_link(obj) -> str:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


def stored_meeting(obj) -> tuple[int, str] | None:
    """(meeting id, status) of the meeting obj belongs to, as stored (a form may have changed the
    instance in memory); None for an object not saved yet. Remembered on the instance, since the
    admin asks several times per page."""
    if obj is None or obj.pk is None:
        return None
    if not hasattr(obj, "_stored_meeting"):
        path = MEETING_PATHS[type(obj)]
        prefix = f"{path}__" if path else ""
        obj._stored_meeting = (
            type(obj)
            ._base_manager.filter(pk=obj.pk)
            .values_list(f"{prefix}pk" if path else "pk", f"{prefix}status")
            .first()
        )
    return obj._stored_meeting


def is_published(obj) -> bool:
    stored = stored_meeting(obj)
    return stored is not None and stored[1] == Meeting.Status.PUBLISHED


def locked_message() -> str:
    return str(
        _(
            "Mötet är justerat och låst. Öppna det igen i redigeringen (med ett skäl) för att "
            "ändra något."
        )
    )


class JusteringAdminForm(forms.ModelForm):
    """Refuses to put a record under a published meeting (a new item on a published day, a
    decision moved to a published item)."""

    def clean(self):
        data = super().clean()
        path = MEETING_PATHS[self._meta.model]
        if not path:
            return data
        parent_field, *rest = path.split("__")
        target = data.get(parent_field)
        for name in rest:
            target = getattr(target, name, None)
        if target is not None and target.is_published:
            raise ValidationError(locked_message())
        return data


class JusteringAdmin(admin.ModelAdmin):
    """A record of the minutes: read-only and undeletable once its meeting is published; each
    save and delete bumps the meeting's version."""

    form = JusteringAdminForm

    def has_change_permission(self, request, obj=None):
        return not is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_published(obj) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Meeting):
            if change:
                # The stored versions, locked until this save commits, not the page's copy.
                stored = Meeting.objects.select_for_update().filter(pk=obj.pk)
                obj.version, obj.details_version = (
                    n + 1 for n in stored.values_list("version", "details_version").get()
                )
            super().save_model(request, obj, form, change)
            return
        before = stored_meeting(obj) if change else None
        holder = stored_holder(obj) if change else []
        super().save_model(request, obj, form, change)
        vars(obj).pop("_stored_meeting", None)
        meeting_version_bump(meeting_ids={before and before[0], stored_meeting(obj)[0]})
        editor_versions_bump(type(obj), [*holder, obj])

    def save_formset(self, request, form, formset, change):
        """Inline rows (a day's attendance, an item's decisions): their holders' versions too."""
        super().save_formset(request, form, formset, change)
        rows = [*formset.new_objects, *(obj for obj, _f in formset.changed_objects)]
        editor_versions_bump(formset.model, [*rows, *formset.deleted_objects])

    def delete_model(self, request, obj):
        meeting = stored_meeting(obj)
        holder = stored_holder(obj)
        super().delete_model(request, obj)
        meeting_version_bump(meeting_ids=[meeting and meeting[0]])
        editor_versions_bump(type(obj), holder)

    def delete_queryset(self, request, queryset):
        path = MEETING_PATHS[self.model]
        prefix = f"{path}__" if path else ""
        if queryset.filter(**{f"{prefix}status": Meeting.Status.PUBLISHED}).exists():
            raise PermissionDenied(locked_message())
        meeting_ids = set(queryset.values_list(f"{prefix}pk", flat=True)) if path else ()
        holders = []
        if self.model in EDITOR_VERSIONS:
            holders = list(queryset.values(EDITOR_VERSIONS[self.model][0]))
        super().delete_queryset(request, queryset)
        meeting_version_bump(meeting_ids=meeting_ids)
        editor_versions_bump(self.model, holders)


class JusteringInline:
    """An inline on a record of the minutes: read-only, no rows added or deleted, when the
    parent's meeting is published (the parent admin saves and bumps the version)."""

    def has_add_permission(self, request, obj=None):
        return not is_published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_published(obj) and super().has_delete_permission(request, obj)


class StartYearFilter(admin.SimpleListFilter):
    title = _("år")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Meeting.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class MeetingDayInline(JusteringInline, admin.TabularInline):
    model = MeetingDay
    extra = 0
    fields = ["date", "heading"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting__network")


@admin.register(Meeting)
class MeetingAdmin(JusteringAdmin):
    list_display = ["start_date", "network", "theme", "status", "day_count"]
    list_select_related = ["network"]
    list_filter = ["network", "status", StartYearFilter]
    search_fields = ["theme", "title", "days__items__title"]
    autocomplete_fields = ["recorders"]
    date_hierarchy = "start_date"
    # Publishing and reopening only in the editor: justering settles the references, reopening
    # asks for a reason.
    readonly_fields = ["status", "justering", "version", "created_at", "updated_at"]
    inlines = [MeetingDayInline]
    fieldsets = [
        (None, {"fields": ["network", "start_date", "title", "theme", "location"]}),
        (None, {"fields": ["status", "justering", "version"]}),
        (None, {"fields": ["recorders", "date_note"]}),
        (
            _("Import"),
            {
                "classes": ["collapse"],
                "fields": [
                    "source_filename",
                    "source_sha256",
                    "source_text",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        # A subquery rather than Count("days"): no GROUP BY in the page and count queries, and
        # a search through days__items cannot multiply the count.
        days = (
            MeetingDay.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(day_count=Coalesce(Subquery(days), 0))

    def has_delete_permission(self, request, obj=None):
        # Minutes once published are kept, reopened or not (their references may be cited).
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        # As the editor's "Kassera utkastet": what only the draft created goes with it.
        meeting_discard(meeting=obj)

    def delete_queryset(self, request, queryset):
        if queryset.filter(published_at__isnull=False).exists():
            raise PermissionDenied(locked_message())
        for meeting in queryset:
            meeting_discard(meeting=meeting)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.sync_start_date()

    @admin.display(description=_("justering"))
    def justering(self, meeting: Meeting) -> str:
        if meeting.pk is None:
            return _("Ett nytt möte är ett utkast; det justeras i redigeringen.")
        if meeting.is_published:
            return format_html(
                '{} <a href="{}">{}</a>',
                _("Justerat och låst."),
                reverse("editing:reopen", args=[meeting.pk]),
                _("Öppna mötet igen (med ett skäl)"),
            )
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Utkast."),
            reverse("editing:publish", args=[meeting.pk]),
            _("Justera i redigeringen"),
        )

    @admin.display(description=_("dagar"), ordering="day_count")
    def day_count(self, meeting: Meeting) -> int:
        return meeting.day_count


class AttendanceInlineForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = [
            "person",
            "organisation",
            "organisation_as_written",
            "group",
            "presence",
            "remote",
            "note",
            "items",
            "position",
        ]
        widgets = {"items": forms.CheckboxSelectMultiple}


class AttendanceInline(JusteringInline, admin.TabularInline):
    model = Attendance
    form = AttendanceInlineForm
    extra = 0
    autocomplete_fields = ["person", "organisation"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # day__meeting__network: each row is headed by str(attendance), which names the day
            .select_related("person", "organisation", "day__meeting__network")
            .prefetch_related("items")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name != "items":
            return super().formfield_for_manytomany(db_field, request, **kwargs)
        # Only the items of this day can be ticked; a new day has none yet.
        day_id = request.resolver_match.kwargs.get("object_id")
        kwargs["queryset"] = AgendaItem.objects.filter(day_id=day_id).order_by("number")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        # Read the day's items once for every row, not once per attendance.
        field.choices = [(item.pk, str(item)) for item in kwargs["queryset"]]
        return field


class AgendaItemInline(JusteringInline, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "outcome", "matter"]
    autocomplete_fields = ["matter"]
    show_change_link = True


@admin.register(MeetingDay)
class MeetingDayAdmin(JusteringAdmin):
    list_display = ["date", "meeting", "heading"]
    list_select_related = ["meeting__network"]
    list_filter = ["meeting__network"]
    search_fields = ["heading", "meeting__theme", "meeting__network__name"]
    autocomplete_fields = ["meeting"]
    date_hierarchy = "date"
    readonly_fields = ["meeting_link"]
    fields = ["meeting", "meeting_link", "date", "heading"]
    inlines = [AttendanceInline, AgendaItemInline]

    @admin.display(description=_("till mötet"))
    def meeting_link(self, day: MeetingDay) -> str:
        return _change_link(day.meeting) if day.pk else "–"


class DecisionInline(JusteringInline, admin.StackedInline):
    model = Decision
    extra = 0
    fields = ["position", "kind", "label", "text", "reference"]
    readonly_fields = ["reference"]
    show_change_link = True


class ActionInline(JusteringInline, admin.StackedInline):
    model = Action
    extra = 0
    fields = [
        "text",
        "decision",
        ("responsible_person", "responsible_organisation", "responsible_as_written"),
        ("due_date", "due_text", "status"),
    ]
    autocomplete_fields = ["decision", "responsible_person", "responsible_organisation"]
    show_change_link = True


class AttachmentAdminForm(JusteringAdminForm):
    """Files uploaded in the admin are checked as in the editor (minutes.uploads)."""

    def clean_file(self):
        return attachment_file_clean(self.cleaned_data.get("file"))


class AttachmentInline(JusteringInline, admin.TabularInline):
    model = Attachment
    form = AttachmentAdminForm
    extra = 0
    formfield_overrides = URL_FIELD


@admin.register(AgendaItem)
class AgendaItemAdmin(JusteringAdmin):
    list_display = ["__str__", "day", "outcome", "matter"]
    list_select_related = ["day__meeting__network", "matter"]
    list_filter = ["day__meeting__network", "outcome"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["day", "matter", "presenters", "tabled_from"]
    readonly_fields = ["day_link"]
    fields = [
        "day",
        "day_link",
        "number",
        "title",
        "body",
        "presenters",
        "outcome",
        "matter",
        "tabled_from",
    ]
    inlines = [DecisionInline, ActionInline, AttachmentInline]

    @admin.display(description=_("till dagen"))
    def day_link(self, item: AgendaItem) -> str:
        return _change_link(item.day) if item.pk else "–"


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin):
    list_display = ["title", "network"]
    list_select_related = ["network"]
    list_filter = ["network"]
    search_fields = ["title", "description"]
    # Set by a draft and cleared by publishing it (minutes.services), never by hand.
    readonly_fields = ["draft_meeting"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a matter would take it off published items (SET_NULL).
        published = AgendaItem.objects.filter(day__meeting__status=Meeting.Status.PUBLISHED)
        if obj is not None and published.filter(matter=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Attendance)
class AttendanceAdmin(JusteringAdmin):
    list_display = ["person", "day", "organisation", "group", "presence", "remote", "note"]
    list_select_related = ["person", "organisation", "day__meeting__network"]
    list_filter = ["day__meeting__network", "group", "presence", "remote"]
    search_fields = ["person__full_name", "organisation__short_name", "note"]
    autocomplete_fields = ["day", "person", "organisation", "items"]


@admin.register(Attachment)
class AttachmentAdmin(JusteringAdmin):
    list_display = ["title", "item", "url"]
    list_select_related = ["item"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["item"]
    formfield_overrides = URL_FIELD
    form = AttachmentAdminForm
