"""`manage.py restore BESTAND`: a backup back into an empty database (toegang.reservekopie)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from toegang.gezondheid import ontbrekende_migraties
from toegang.reservekopie import ReservekopieFout, backup_terugzetten


class Command(BaseCommand):
    help = (
        "Zet een reservekopie (van manage.py backup) terug in de database van DATABASE_URL. "
        "Alleen in een lege database, tenzij --overschrijven. Stop eerst web, workers en beat."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path, help="De reservekopie, toegang-….dump.")
        parser.add_argument(
            "--overschrijven",
            action="store_true",
            help="Vervang alles in een database die niet leeg is door de reservekopie.",
        )

    def handle(self, *args, bestand, overschrijven, **options):
        try:
            backup_terugzetten(bestand=bestand, overschrijven=overschrijven)
        except ReservekopieFout as fout:
            raise CommandError(str(fout)) from None
        self.stdout.write(f"Teruggezet: {bestand}.")
        try:
            ontbreekt = ontbrekende_migraties()
        except DatabaseError:
            return
        if ontbreekt:
            self.stdout.write(
                "De reservekopie is van een oudere versie: voer eerst `python manage.py "
                "migrate` uit, start dan web en workers, en als laatste beat."
            )
        else:
            self.stdout.write("Start web en workers, en als laatste beat.")
