from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Alert, AlertProfile, Publication, SentDecision


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Members' alerts: looked at and removed here, made by the members themselves."""

    list_display = ["user", "kind", "description", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user", "network", "matter", "organisation"]
    search_fields = ["user__username", "user__email", "words"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["user", "matter", "organisation"]

    @admin.display(description=_("bevakning"))
    def description(self, alert: Alert):
        return alert.describe()


@admin.register(AlertProfile)
class AlertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "language"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """The outbox: what `manage.py send_alerts` has sent or still has to send, with the last
    error of a publication whose e-mail failed. Deleting a pending row cancels its e-mail."""

    list_display = ["meeting", "created_at", "processed_at", "sent_count", "attempts"]
    list_filter = [("processed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["meeting__network"]
    date_hierarchy = "created_at"
    fields = [
        "meeting", "created_at", "claimed_at", "processed_at", "sent_count", "attempts",
        "last_error",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SentDecision)
class SentDecisionAdmin(admin.ModelAdmin):
    """Who has been sent which decision: a decision is never mailed to the same member twice."""

    list_display = ["decision", "user", "sent_at"]
    list_select_related = ["decision", "user"]
    search_fields = ["user__username", "decision__reference"]
    date_hierarchy = "sent_at"
    fields = ["decision", "user", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
