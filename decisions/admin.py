"""Admin for decisions (with their fixed, citable reference) and follow-up actions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from minutes.admin import JusteringAdmin, is_published

from .models import Action, Decision


@admin.register(Decision)
class DecisionAdmin(JusteringAdmin):
    list_display = ["reference", "kind", "label", "meeting_date"]
    list_select_related = ["item__day__meeting__network"]
    list_filter = ["kind", "item__day__meeting__network"]
    search_fields = ["reference", "text", "label"]
    autocomplete_fields = ["item", "follows_up", "replaces"]
    readonly_fields = ["reference", "slug", "created_at"]
    fields = [
        "item",
        "position",
        "kind",
        "label",
        "text",
        "follows_up",
        "replaces",
        "reference",
        "slug",
        "created_at",
    ]

    @admin.display(description=_("mötesdag"), ordering="item__day__date")
    def meeting_date(self, decision: Decision):
        return decision.item.day.date


@admin.register(Action)
class ActionAdmin(JusteringAdmin):
    list_display = ["short_text", "responsible", "due_date", "status"]
    list_editable = ["status"]
    list_select_related = ["responsible_person", "responsible_organisation"]
    list_filter = ["status"]
    search_fields = ["text"]
    autocomplete_fields = ["item", "decision", "responsible_person", "responsible_organisation"]
    fields = [
        "item",
        "text",
        "decision",
        "responsible_person",
        "responsible_organisation",
        "responsible_as_written",
        "due_date",
        "due_text",
        "status",
    ]

    # What an action says is part of the published minutes; whether it is done is followed up
    # afterwards (as on the editor's task list), so its status alone stays editable.
    def has_change_permission(self, request, obj=None):
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def get_readonly_fields(self, request, obj=None):
        if is_published(obj):
            return [name for name in self.fields if name != "status"]
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("åtgärd"), ordering="text")
    def short_text(self, action: Action) -> str:
        return str(action)

    @admin.display(description=_("ansvarig"))
    def responsible(self, action: Action) -> str:
        named = [str(x) for x in (action.responsible_person, action.responsible_organisation) if x]
        return ", ".join(named) or action.responsible_as_written or "–"
