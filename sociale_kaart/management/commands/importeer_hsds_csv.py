"""python manage.py importeer_hsds_csv <map of bestand.zip> [--proef]: an Open Referral HSDS
3.0 CSV package into the sociale kaart, through the same importer as every other import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sociale_kaart.bestanden import BestandFout, zip_bestanden
from sociale_kaart.hsds_tabel import map_bestanden
from sociale_kaart.importeren import invoer_verwerken, pakket_invoer


class Command(BaseCommand):
    help = (
        "Importeert een HSDS 3.0 CSV-pakket (een map of zip met services.csv, organizations.csv "
        "en de andere tabellen): aanmaken of bijwerken op id."
    )

    def add_arguments(self, parser):
        parser.add_argument("bron")
        parser.add_argument(
            "--proef", action="store_true", help="Alles controleren, niets opslaan."
        )

    def handle(self, *args, bron, proef, **options):
        pad = Path(bron)
        try:
            bestanden = (
                map_bestanden(pad) if pad.is_dir() else zip_bestanden(pad.read_bytes(), pad.name)
            )
            invoer = pakket_invoer(bestanden)
        except OSError as fout:
            raise CommandError(f"Kan {bron} niet lezen: {fout.strerror}") from None
        except BestandFout as fout:
            raise CommandError(str(fout)) from None
        verslag = invoer_verwerken(invoer, proef=proef)
        for soort, bevindingen in (
            ("fout", verslag.fouten),
            ("waarschuwing", verslag.waarschuwingen),
        ):
            for b in bevindingen:
                kolom = f", kolom {b['kolom']}" if b["kolom"] else ""
                self.stderr.write(f"{soort}: {b['plaats']}{kolom}: {b['reden']}")
        a = verslag.aantallen
        self.stdout.write(
            f"{'Proef: ' if proef else ''}{a['nieuw']} nieuw, {a['gewijzigd']} gewijzigd, "
            f"{a['ongewijzigd']} ongewijzigd, {verslag.geweigerd} met fouten overgeslagen."
        )
        if verslag.geweigerd and not (a["nieuw"] + a["gewijzigd"] + a["ongewijzigd"]):
            raise CommandError("Niets geïmporteerd.")
