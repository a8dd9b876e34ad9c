"""python manage.py importeer_hsds <file.json>: HSDS 3.0 service records into the sociale kaart."""

import json

from django.core.management.base import BaseCommand, CommandError

from sociale_kaart.hsds_import import ImportFout, hsds_importeren, records_uit_json


class Command(BaseCommand):
    help = "Importeert een JSON-lijst van HSDS 3.0 service-records (aanmaken of bijwerken op UUID)."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument(
            "--proef", action="store_true", help="Alles controleren, niets opslaan."
        )

    def handle(self, *args, bestand, proef, **options):
        try:
            with open(bestand, encoding="utf-8") as invoer:
                records = json.load(invoer)
        except OSError as fout:
            raise CommandError(f"Kan {bestand} niet lezen: {fout.strerror}") from None
        except json.JSONDecodeError as fout:
            raise CommandError(
                f"{bestand} is geen geldige JSON (regel {fout.lineno}): {fout.msg}"
            ) from None
        try:
            records = records_uit_json(records)
        except ImportFout as fout:
            raise CommandError(str(fout)) from None
        rapport = hsds_importeren(records, proef=proef)
        for index, veld, melding in rapport.fouten:
            self.stderr.write(f"record {index}: {veld}: {melding}")
        for index, pad, reden in rapport.waarschuwingen:
            self.stderr.write(f"record {index}: waarschuwing: {pad}: {reden}")
        self.stdout.write(
            f"{len(rapport.geimporteerd)} geïmporteerd, {len(rapport.fouten)} met fouten overgeslagen."
        )
        if rapport.fouten and not rapport.geimporteerd:
            raise CommandError("Niets geïmporteerd.")
