from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are created (and renewed) here; the key is shown once, in the message after saving."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["user"]
    actions = ["renew"]

    def save_model(self, request, obj, form, change):
        key = obj.set_new_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            self.show_key(request, obj, key)

    @admin.action(description=_("Förnya markerade nycklar (de gamla slutar gälla)"))
    def renew(self, request, queryset):
        for token in queryset:
            key = token.set_new_key()
            token.save()
            self.show_key(request, token, key)

    def show_key(self, request, token, key):
        messages.warning(
            request,
            _("Nyckeln för ”%(name)s” visas bara nu, spara den: %(key)s")
            % {"name": token.name, "key": key},
        )
