"""Import minutes from files.

python manage.py import_minutes FILE... [--network SLUG] [--date YYYY-MM-DD] [--dry-run] [--json]
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from minutes.parsing import ParseError, read_document
from minutes.parsing.documents import check_file_size
from minutes.services import ImportRefused, minutes_import, minutes_parse, minutes_preview
from network.models import Network


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum ”{value}”: skriv ÅÅÅÅ-MM-DD.") from error


class Command(BaseCommand):
    help = "Importerar anteckningar (.txt, .md, .docx, .pdf) till registret."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--network", help="Nätverkets kortnamn (slug); krävs om det finns flera."
        )
        parser.add_argument("--date", type=parse_date, help="Första mötesdagen, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--dry-run", action="store_true", help="Tolka men spara inget.")
        parser.add_argument("--json", action="store_true", help="Skriv det tolkade mötet som JSON.")
        parser.add_argument(
            "--publish", action="store_true", help="Spara mötet som justerat (annars utkast)."
        )

    def handle(self, *args, **options):
        files, date = options["files"], options["date"]
        if date and len(files) > 1:
            raise CommandError("--date gäller en fil i taget.")
        failures = 0
        for name in files:
            try:
                self.import_file(
                    Path(name),
                    options["network"],
                    date,
                    options["dry_run"],
                    options["json"],
                    options["publish"],
                )
            except (ParseError, ImportRefused, CommandError) as error:
                failures += 1
                self.stderr.write(f"{name}: {error}")
        if failures:
            raise CommandError(f"{failures} av {len(files)} filer importerades inte.", returncode=2)

    def import_file(self, path: Path, network_slug, date, dry_run, as_json, publish):
        try:
            check_file_size(path.stat().st_size, path.name)  # before a large file is read
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"filen kunde inte läsas ({error.strerror}).") from error
        text = read_document(data, path.name)
        parsed = minutes_parse(text=text, first_date=date, filename=path.name)
        undated = any(day.date is None for day in parsed.days)
        if as_json:
            self.stdout.write(
                json.dumps(minutes_preview(parsed=parsed), ensure_ascii=False, indent=2)
            )
        if undated:
            suggestion = parsed.suggested_date.isoformat() if parsed.suggested_date else "inget"
            raise CommandError(
                f"texten saknar mötets datum; ange --date (förslag utifrån texten: {suggestion}"
                f"{': ' + parsed.suggested_date_reason if parsed.suggested_date_reason else ''})."
            )
        if dry_run:
            if not as_json:
                self.stdout.write(self.summary(parsed))
            return
        result = minutes_import(
            parsed=parsed,
            network=self.network(network_slug),
            source_text=text,
            source_filename=path.name,
            publish=publish,
        )
        meeting = result.meeting
        self.stdout.write(
            self.style.SUCCESS(f"{path.name}: importerade {meeting} ")
            + self.summary(parsed)
            + f", {len(result.people_created)} nya personer."
        )
        warnings = [*parsed.warnings, *result.nameless_warnings(), *result.duplicate_warnings()]
        for warning in warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))

    @staticmethod
    def summary(parsed) -> str:
        attendees = sum(len(day.attendees) for day in parsed.days)
        items = sum(len(day.items) for day in parsed.days)
        return (
            f"({len(parsed.days)} dag(ar), {attendees} närvarande, {items} punkter, "
            f"{len(parsed.decisions)} beslut)"
        )

    @staticmethod
    def network(slug: str | None) -> Network:
        if slug:
            try:
                return Network.objects.get(slug=slug)
            except Network.DoesNotExist as error:
                raise CommandError(f"nätverket ”{slug}” finns inte.") from error
        networks = list(Network.objects.all()[:2])
        if len(networks) != 1:
            raise CommandError("ange --network (det finns inget eller flera nätverk).")
        return networks[0]
