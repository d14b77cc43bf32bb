"""Import minutes from files or folders.

python manage.py import_minutes FILE_OR_FOLDER... [--network SLUG] [--date YYYY-MM-DD]
                                [--dry-run] [--json] [--publish] [--review]

A folder is read with its subfolders (.txt, .md, .docx, .pdf). Each file prints one line of
progress, "[n/N] file: result", and the run ends with a summary: imported, needing review
(imported, but the parser warned: see the warnings), refused with why. --date and --json go
with one file only; with --json stdout carries the parsed minutes as JSON and nothing else.
With --review nothing is imported: each file becomes a review in the browser (the planning
lead's task page), where the date a text lacks is confirmed and everything can be corrected.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from minutes.importing.review import pending_import_create
from minutes.parsing import ParseError, read_document
from minutes.parsing.documents import check_file_size
from minutes.services import ImportRefused, minutes_import, minutes_parse, minutes_preview
from network.models import Network

SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Ogiltigt datum ”{value}”: skriv ÅÅÅÅ-MM-DD.") from error


def files_in(names: list[str]) -> list[Path]:
    """The files named, and every minutes file inside the folders named (sorted, recursively;
    hidden files and Word's "~$" lock files left out). A name that is neither stays, to be
    reported as unreadable."""
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
        else:
            found.append(path)
    return found


@dataclass
class Outcome:
    imported: list[str] = field(default_factory=list)
    needs_review: list[tuple[str, int]] = field(default_factory=list)  # (file, warnings)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    to_review: list[str] = field(default_factory=list)  # --review: waiting in the browser


class Command(BaseCommand):
    help = "Importerar anteckningar (.txt, .md, .docx, .pdf) från filer eller mappar."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FIL_ELLER_MAPP")
        parser.add_argument(
            "--network", help="Nätverkets kortnamn (slug); krävs om det finns flera."
        )
        parser.add_argument("--date", type=parse_date, help="Första mötesdagen, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--dry-run", action="store_true", help="Tolka men spara inget.")
        parser.add_argument("--json", action="store_true", help="Skriv det tolkade mötet som JSON.")
        parser.add_argument(
            "--publish", action="store_true", help="Spara mötet som justerat (annars utkast)."
        )
        parser.add_argument(
            "--review",
            action="store_true",
            help="Importera inget: lägg varje fil i granskningen i webbläsaren (/redigera/).",
        )

    def handle(self, *args, **options):
        files, date, as_json = files_in(options["files"]), options["date"], options["json"]
        if not files:
            raise CommandError("Inga filer att importera (.txt, .md, .docx eller .pdf).")
        if date and len(files) > 1:
            raise CommandError("--date gäller en fil i taget.")
        if as_json and len(files) > 1:
            raise CommandError("--json gäller en fil i taget.")
        if options["review"] and (as_json or date or options["dry_run"] or options["publish"]):
            raise CommandError("--review går inte ihop med --json, --date, --dry-run, --publish.")
        if as_json:  # stdout is the JSON and nothing else (tools/score_import.py reads it)
            return self.handle_json(files[0], options)
        outcome = Outcome()
        total = len(files)
        for n, path in enumerate(files, start=1):
            prefix = f"[{n}/{total}] {path}"
            try:
                if options["review"]:
                    self.stdout.write(f"{prefix}: {self.to_review(path, options['network'])}")
                    outcome.to_review.append(str(path))
                    continue
                line, warnings = self.import_file(
                    path, options["network"], date, options["dry_run"], options["publish"]
                )
            except (ParseError, ImportRefused, CommandError) as error:
                outcome.refused.append((str(path), str(error)))
                self.stderr.write(f"{prefix}: {error}")
                continue
            parsed_warnings, other_warnings = warnings
            if parsed_warnings:
                outcome.needs_review.append((str(path), len(parsed_warnings)))
                line += f"; behöver granskas ({len(parsed_warnings)} varningar)"
            else:
                outcome.imported.append(str(path))
            self.stdout.write(f"{prefix}: {line}")
            for warning in [*parsed_warnings, *other_warnings]:
                self.stdout.write(self.style.WARNING(f"    {warning}"))
        self.stdout.write(self.summary(outcome, total, options["dry_run"]))
        if outcome.refused:
            raise CommandError(
                f"{len(outcome.refused)} av {total} filer importerades inte.", returncode=2
            )

    def handle_json(self, path: Path, options) -> None:
        """One file as JSON on stdout, exactly as before folders were read."""
        try:
            text = read_document(self.read(path), path.name)
            parsed = minutes_parse(text=text, first_date=options["date"], filename=path.name)
            self.stdout.write(
                json.dumps(minutes_preview(parsed=parsed), ensure_ascii=False, indent=2)
            )
            self.check_dated(parsed)
            if not options["dry_run"]:
                minutes_import(
                    parsed=parsed,
                    network=self.network(options["network"]),
                    source_text=text,
                    source_filename=path.name,
                    publish=options["publish"],
                )
        except (ParseError, ImportRefused, CommandError) as error:
            self.stderr.write(f"{path}: {error}")
            raise CommandError("1 av 1 filer importerades inte.", returncode=2) from error

    def import_file(self, path: Path, network_slug, date, dry_run, publish):
        """(the result in a few words, (the parser's warnings, other warnings))."""
        text = read_document(self.read(path), path.name)
        parsed = minutes_parse(text=text, first_date=date, filename=path.name)
        self.check_dated(parsed)
        if dry_run:
            return f"tolkad {self.counts(parsed)}", (parsed.warnings, [])
        result = minutes_import(
            parsed=parsed,
            network=self.network(network_slug),
            source_text=text,
            source_filename=path.name,
            publish=publish,
        )
        line = (
            self.style.SUCCESS(f"importerade {result.meeting} ")
            + self.counts(parsed)
            + f", {len(result.people_created)} nya personer"
        )
        return line, (
            parsed.warnings,
            [*result.nameless_warnings(), *result.duplicate_warnings()],
        )

    def to_review(self, path: Path, network_slug) -> str:
        text = read_document(self.read(path), path.name)
        try:
            pending = pending_import_create(
                text=text, filename=path.name, network=self.network(network_slug), user=None
            )
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        return f"väntar på granskning, {pending.get_absolute_url()}"

    @staticmethod
    def read(path: Path) -> bytes:
        try:
            check_file_size(path.stat().st_size, path.name)  # before a large file is read
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"filen kunde inte läsas ({error.strerror}).") from error

    @staticmethod
    def check_dated(parsed) -> None:
        if any(day.date is None for day in parsed.days):
            suggestion = parsed.suggested_date.isoformat() if parsed.suggested_date else "inget"
            raise CommandError(
                f"texten saknar mötets datum; ange --date (förslag utifrån texten: {suggestion}"
                f"{': ' + parsed.suggested_date_reason if parsed.suggested_date_reason else ''})."
            )

    @staticmethod
    def counts(parsed) -> str:
        attendees = sum(len(day.attendees) for day in parsed.days)
        items = sum(len(day.items) for day in parsed.days)
        return (
            f"({len(parsed.days)} dag(ar), {attendees} närvarande, {items} punkter, "
            f"{len(parsed.decisions)} beslut)"
        )

    @staticmethod
    def summary(outcome: Outcome, total: int, dry_run: bool) -> str:
        done = "Tolkade" if dry_run else "Importerade"
        if outcome.to_review:
            lines = [
                f"Klart: {total} filer. Väntar på granskning i webbläsaren (/redigera/): "
                f"{len(outcome.to_review)}. Vägrade: {len(outcome.refused)}."
            ]
        else:
            lines = [
                f"Klart: {total} filer. {done} utan varningar: {len(outcome.imported)}. "
                f"Behöver granskas: {len(outcome.needs_review)}. Vägrade: {len(outcome.refused)}."
            ]
        if outcome.needs_review:
            lines.append("Behöver granskas (sparade som utkast; se varningarna ovan):")
            lines += [f"  {name} ({count} varningar)" for name, count in outcome.needs_review]
        if outcome.refused:
            lines.append("Vägrade:")
            lines += [f"  {name}: {why}" for name, why in outcome.refused]
            if any("saknar mötets datum" in why for _name, why in outcome.refused):
                lines.append(
                    "Filer utan datum: importera en i taget med --date, eller alla med --review "
                    "och bekräfta datumen i webbläsaren."
                )
        return "\n".join(lines)

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
