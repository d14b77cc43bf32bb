"""python manage.py link_responsible: link written responsibles ("Yvonne", "Mio S") to people.

For actions recorded before the import did it itself: each action whose responsible is written
but linked to nobody is linked to the one person at its meeting the name fits (full name, first
name with a surname's initial, or a first name alone). Safe to run again: linked actions and
those a planning lead has settled are left as they are.
"""

from django.core.management.base import BaseCommand

from decisions.services import actions_link_responsible


class Command(BaseCommand):
    help = "Kopplar skrivna ansvariga i åtgärder till personer bland mötets deltagare."

    def handle(self, *args, **options):
        result = actions_link_responsible()
        for action in result.linked:
            self.stdout.write(
                f"{action.responsible_as_written!r} -> {action.responsible_person} "
                f"(åtgärd {action.pk})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.linked)} kopplade; {len(result.unresolved)} kvar att avgöra för "
                "en planeringsledare (Anteckna möten > Ansvariga att avgöra)."
            )
        )
