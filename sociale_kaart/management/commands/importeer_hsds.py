"""python manage.py importeer_hsds <file.json> [--proef]: HSDS 3.0 service records into the
sociale kaart (a list, one record, a page with `contents`, or an organization with its
services). Errors and warnings name the record's index and the field's path."""

from django.core.management.base import BaseCommand, CommandError

from sociale_kaart.hsds_import import (
    MAX_JSON_BYTES,
    ImportFout,
    hsds_importeren,
    json_uit_bestand,
    records_uit_json,
)


class Command(BaseCommand):
    help = (
        "Importeert HSDS 3.0 service-records uit een JSON-bestand (aanmaken of bijwerken op "
        f"id; hoogstens {MAX_JSON_BYTES // 1024 // 1024} MB)."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument(
            "--proef",
            action="store_true",
            help="Alles controleren en laten zien wat er zou gebeuren; niets opslaan.",
        )

    def handle(self, *args, bestand, proef, **options):
        try:
            records = records_uit_json(json_uit_bestand(bestand))
        except ImportFout as fout:
            raise CommandError(f"{bestand}: {fout}") from None
        rapport = hsds_importeren(records, proef=proef)
        for index, pad, reden in rapport.fouten:
            self.stderr.write(f"record {index}: {pad}: {reden}")
        for index, pad, reden in rapport.waarschuwingen:
            self.stderr.write(f"record {index}, waarschuwing: {pad}: {reden}")
        if rapport.onbekende_termen:
            self.stdout.write(
                "Termen zonder koppeling (nu zoekwoorden). Koppel ze aan levensdomeinen en "
                "doelgroepen in /beheer/sociale_kaart/taxonomieterm/?gekoppeld=nee:"
            )
            for (taxonomie, term), aantal in sorted(rapport.onbekende_termen.items()):
                self.stdout.write(f"  {taxonomie or '(los trefwoord)'}: {term} ({aantal}×)")
        self.stdout.write(
            ("Proef, niets opgeslagen: " if proef else "")
            + f"{len(rapport.geimporteerd)} geïmporteerd ({len(rapport.nieuw)} nieuw, "
            f"{len(rapport.gewijzigd)} gewijzigd, {len(rapport.ongewijzigd)} ongewijzigd), "
            f"{len(rapport.fouten)} met fouten overgeslagen, "
            f"{len(rapport.waarschuwingen)} waarschuwingen."
        )
        if rapport.fouten and not rapport.geimporteerd:
            raise CommandError("Niets geïmporteerd.")
