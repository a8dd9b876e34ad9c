"""python manage.py exporteer_hsds_csv <map of bestand.zip>: the sociale kaart as an Open
Referral HSDS 3.0 CSV package (datapackage.json and one CSV per table)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sociale_kaart.hsds_tabel import pakket_zip, sociale_kaart_pakket


class Command(BaseCommand):
    help = (
        "Schrijft de sociale kaart als HSDS 3.0 CSV-pakket: naar een map, of als zip als de "
        "naam op .zip eindigt."
    )

    def add_arguments(self, parser):
        parser.add_argument("doel")

    def handle(self, *args, doel, **options):
        bestanden = sociale_kaart_pakket(timezone.localdate())
        pad = Path(doel)
        try:
            if pad.suffix.lower() == ".zip":
                pad.write_bytes(pakket_zip(bestanden))
            else:
                pad.mkdir(parents=True, exist_ok=True)
                for naam, inhoud in bestanden.items():
                    (pad / naam).write_bytes(inhoud)
        except OSError as fout:
            raise CommandError(f"Kan niet schrijven naar {doel}: {fout.strerror}") from None
        aantal = bestanden["services.csv"].count(b"\r\n") - 1
        self.stdout.write(f"{aantal} aanbod in {len(bestanden)} bestanden geschreven naar {doel}.")
