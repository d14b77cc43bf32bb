"""manage.py loaddata with the history's signals off, so that a full `dumpdata` loads again.

The dump carries the history tables themselves. Without this, setting a loaded meeting's
recorders (an m2m) made django-simple-history write a new history row mid-load: on PostgreSQL
its id collided with a dumped one (IntegrityError), on SQLite the copy gained history rows
dated the day of the load. Every other loaddata behaviour is Django's own.
"""

from django.conf import settings
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        enabled = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        settings.SIMPLE_HISTORY_ENABLED = False
        try:
            return super().handle(*fixture_labels, **options)
        finally:
            settings.SIMPLE_HISTORY_ENABLED = enabled
