from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityReport


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    """Reports as sent: only their status changes (new, in progress, answered, fixed)."""

    list_display = ["created_at", "short_description", "page_url", "status"]
    list_filter = ["status"]
    search_fields = ["description", "page_url", "name", "email"]
    date_hierarchy = "created_at"
    fields = ["created_at", "page_url", "description", "name", "email", "status"]
    readonly_fields = ["created_at", "page_url", "description", "name", "email"]
    view_on_site = False

    @admin.display(description=_("beskrivning"))
    def short_description(self, report: AccessibilityReport):
        return Truncator(report.description).chars(80)

    def has_add_permission(self, request):
        return False
