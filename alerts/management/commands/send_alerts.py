"""python manage.py send_alerts: mail the alerts of every meeting published since the last run.

Run it every few minutes with a timer (README "I produktion"); a run with nothing queued does one
query. Two runs at once do not send the same publication twice (alerts.services)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alerts.services import publications_send


class Command(BaseCommand):
    help = "Skickar e-post om justerade möten till den som bevakar deras beslut."

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            raise CommandError(
                "SITE_URL saknas: sätt webbplatsens adress, till exempel "
                "SITE_URL=https://registret.example.org, så att länkarna i e-posten fungerar."
            )
        result = publications_send()
        if options["verbosity"] >= 1 and result.publications:
            self.stdout.write(
                f"{result.publications} justeringar, {result.emails} e-brev skickade, "
                f"{result.failures} misslyckades."
            )
        if result.failures:
            raise CommandError(
                f"{result.failures} e-brev kunde inte skickas; de försöks igen vid nästa körning."
            )
