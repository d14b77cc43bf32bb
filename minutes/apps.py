from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = _("Möten och anteckningar")

    def ready(self):
        from .caching import connect_signals

        connect_signals()
