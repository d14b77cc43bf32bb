"""Admin for meetings: meeting → days → items, with attendance on each day.

Django admin has no nested inlines, so the chain is walked through change pages: a meeting shows
its days inline with a link to each day; a day shows its attendance and items inline with a link
to each item; an item shows its decisions, actions and attachments inline.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from decisions.models import Action, Decision

from .models import AgendaItem, Attachment, Attendance, Matter, Meeting, MeetingDay

# Links typed without a scheme are taken as https (Django 6's default; silences its warning).
URL_FIELD = {models.URLField: {"assume_scheme": "https"}}


def _change_link(obj) -> str:
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


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


class MeetingDayInline(admin.TabularInline):
    model = MeetingDay
    extra = 0
    fields = ["date", "heading"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting__network")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["start_date", "network", "theme", "status", "day_count"]
    list_select_related = ["network"]
    list_filter = ["network", "status", StartYearFilter]
    search_fields = ["theme", "title", "days__items__title"]
    autocomplete_fields = ["recorders"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MeetingDayInline]
    fieldsets = [
        (None, {"fields": ["network", "start_date", "title", "theme", "location", "status"]}),
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.sync_start_date()

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


class AttendanceInline(admin.TabularInline):
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


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["number", "title", "outcome", "matter"]
    autocomplete_fields = ["matter"]
    show_change_link = True


@admin.register(MeetingDay)
class MeetingDayAdmin(admin.ModelAdmin):
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


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    fields = ["position", "kind", "label", "text", "reference"]
    readonly_fields = ["reference"]
    show_change_link = True


class ActionInline(admin.StackedInline):
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


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    formfield_overrides = URL_FIELD


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
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


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "day", "organisation", "group", "presence", "remote", "note"]
    list_select_related = ["person", "organisation", "day__meeting__network"]
    list_filter = ["day__meeting__network", "group", "presence", "remote"]
    search_fields = ["person__full_name", "organisation__short_name", "note"]
    autocomplete_fields = ["day", "person", "organisation", "items"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "item", "url"]
    list_select_related = ["item"]
    search_fields = ["title", "url"]
    autocomplete_fields = ["item"]
    formfield_overrides = URL_FIELD
