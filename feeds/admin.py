from django.contrib import admin

from .models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    """Who has a private feed address, since when; deleting one revokes it. The token itself
    is not shown: it is the member's secret."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
