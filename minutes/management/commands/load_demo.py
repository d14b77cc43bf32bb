"""python manage.py load_demo: the network, its municipalities and the five real minutes.

Idempotent: what exists is left as it is.
"""

import datetime as dt
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from minutes.parsing import read_document
from minutes.services import ImportRefused, minutes_import, minutes_parse
from network.models import Network, Organisation, OrganisationName

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"

REGIONAL_BODY = ("Göteborgsregionen", "Göteborgsregionen", ["GR"])
MUNICIPALITIES = [
    # (name, short name, other written forms)
    ("Ale kommun", "Ale", []),
    ("Alingsås kommun", "Alingsås", []),
    ("Göteborgs Stad", "Göteborg", ["Göteborgs stad", "Göteborgs kommun"]),
    ("Härryda kommun", "Härryda", []),
    ("Kungsbacka kommun", "Kungsbacka", []),
    ("Kungälvs kommun", "Kungälv", []),
    ("Lerums kommun", "Lerum", []),
    ("Lilla Edets kommun", "Lilla Edet", []),
    ("Mölndals stad", "Mölndal", ["Mölndals Stad", "Mölndals kommun"]),
    ("Partille kommun", "Partille", []),
    ("Stenungsunds kommun", "Stenungsund", []),
    ("Tjörns kommun", "Tjörn", []),
    ("Öckerö kommun", "Öckerö", []),
]

# The five minutes carry no full date; the day chosen for each, and why (the text's own clues).
SEEDS = [
    (
        "001_4cc22e867b9cf45a.txt",
        dt.date(2019, 2, 14),
        "Planering 2019, inbjudan skickad 1 februari, nästa möte 12 april: februari 2019.",
    ),
    (
        "002_d846e48eb771d8d4.txt",
        dt.date(2020, 12, 15),
        "Mejl 2020-12-11, enkäten öppnar 2020-12-17 och julhälsning: mitten av december 2020.",
    ),
    (
        "004_2cce83e8d1a0b451.txt",
        dt.date(2021, 12, 10),
        "Statliga medel 2022, arbetet under 2021, uppföljning 21 januari: december 2021.",
    ),
    (
        "003_590e22556c0910f1.txt",
        dt.date(2023, 12, 14),
        "Följer upp mötet 9–10 november 2023, summerar nätverksåret 2023: december 2023.",
    ),
    (
        "000_0d8f8783dda5ed59.txt",
        dt.date(2024, 11, 7),
        "Rubrikerna ”Den 7 november” och ”Den 8 november”, nätverksåret 2024.",
    ),
]


class Command(BaseCommand):
    help = "Skapar Socialchefsnätverket och GR:s 13 kommuner, importerar fem verkliga anteckningar."

    def handle(self, *args, **options):
        network = self.setup_network()
        for filename, date, reason in SEEDS:
            path = DEMO_DIR / filename
            text = read_document(path.read_bytes(), filename)
            parsed = minutes_parse(text=text, first_date=date)
            try:
                result = minutes_import(
                    parsed=parsed,
                    network=network,
                    source_text=text,
                    source_filename=filename,
                    publish=True,
                    date_note=f"Datumet valt utifrån texten: {reason}",
                )
            except ImportRefused as refused:
                self.stdout.write(f"{filename}: {refused}")
                continue
            meeting = result.meeting
            self.stdout.write(
                self.style.SUCCESS(f"{filename}: {meeting} ({len(parsed.decisions)} beslut). ")
                + meeting.date_note
            )
            for warning in result.duplicate_warnings():
                self.stdout.write(self.style.WARNING(f"  {warning}"))
        # Actions imported before the import linked responsibles itself (an older database).
        call_command("link_responsible", stdout=self.stdout)

    @transaction.atomic
    def setup_network(self) -> Network:
        name, short, aliases = REGIONAL_BODY
        gr = self.organisation(name, short, aliases, Organisation.Kind.REGIONAL_BODY)
        fou = self.organisation("FoU i Väst", "FoU i Väst", [], Organisation.Kind.REGIONAL_BODY)
        if fou.parent_id is None:
            fou.parent = gr
            fou.save(update_fields=["parent"])
        for name, short, aliases in MUNICIPALITIES:
            self.organisation(name, short, aliases, Organisation.Kind.MUNICIPALITY)
        network, _ = Network.objects.get_or_create(
            slug="socialchefsnatverket",
            defaults={
                "name": "Socialchefsnätverket",
                "organisation": gr,
                "description": "Göteborgsregionens nätverk för kommunernas socialchefer.",
            },
        )
        return network

    @staticmethod
    def organisation(name, short, aliases, kind) -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            short_name=short, defaults={"name": name, "kind": kind}
        )
        for written in {name, short, *aliases}:
            OrganisationName.objects.get_or_create(
                name__iexact=written, defaults={"organisation": org, "name": written}
            )
        return org
