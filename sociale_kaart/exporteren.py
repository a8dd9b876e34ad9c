"""The whole sociale kaart as a file for /beheer/: the HSDS CSV package and the spreadsheet
with every aanbod. At the size of a region (thousands of aanbod) making either takes
seconds, so a Celery task makes it while its page shows the progress (toegang.exports: asked
for twice, one task; a second delivery does nothing). The empty spreadsheet template is
small and is made in the request (`spreadsheet.sjabloon_xlsx`).

A file is made anew for every request that finds none waiting or running: the sociale
kaart may have changed a minute ago, and the download should show it.
"""

from __future__ import annotations

from django.utils import timezone

from toegang import exports

from . import hsds_tabel, spreadsheet
from .models import Kaartexport

TAAK = "sociale_kaart.tasks.kaartexport_maken"


def kaartexport_aanvragen(*, soort: str) -> tuple[Kaartexport, bool]:
    """Ask for the sociale kaart as `soort` (Kaartexport.Soort). Returns (export, new)."""
    soort = Kaartexport.Soort(soort)
    return exports.export_aanvragen(
        Kaartexport, sleutel=f"sociale_kaart:{soort}", soort=soort, parameters={}, taak=TAAK
    )


def _maken(export: Kaartexport, voortgang) -> tuple[bytes, str]:
    vandaag = timezone.localdate()
    if export.soort == Kaartexport.Soort.HSDS_CSV:
        pakket = hsds_tabel.sociale_kaart_pakket(vandaag, voortgang=voortgang)
        return hsds_tabel.pakket_zip(pakket), f"sociale-kaart-hsds-csv-{vandaag}.zip"
    inhoud = spreadsheet.sjabloon_xlsx(met_aanbod=True, vandaag=vandaag, voortgang=voortgang)
    return inhoud, f"sociale-kaart-aanbod-{vandaag}.xlsx"


def kaartexport_maken(*, export_id) -> bool:
    """Make the file of one export (claimed first). Returns whether it ran."""
    return exports.export_maken(Kaartexport, export_id=export_id, maken=_maken)


def kaartexports_opruimen() -> int:
    """Remove the files of exports finished more than 24 hours ago; returns how many."""
    return exports.exports_opruimen(Kaartexport)
