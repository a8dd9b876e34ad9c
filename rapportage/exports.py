"""Tables as CSV and XLSX: the very cells the page shows, hidden ones included as words.

CSV is written the way Dutch spreadsheet programs read it without questions: UTF-8 with
a byte order mark, semicolons between fields, a decimal comma. Text never becomes a
formula (a free-text reason that starts with "=", see toegang.formules).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from toegang.formules import als_tekst, tekst_voor_csv, xlsx_waarde

from .afscherming import GRENS, KLEIN, VERBORGEN
from .figuren.figuur import GEEN, Figuur

LEGENDA = [
    f"{KLEIN}: een aantal van 1 tot en met {GRENS - 1}; zo klein dat het naar een persoon kan wijzen.",
    f"{VERBORGEN}: een aantal dat niet wordt getoond, omdat anders een aantal {KLEIN} terug "
    "te rekenen is: uit het totaal, uit dezelfde cijfers over een andere periode, of "
    "onder een ander filter. Over "
    f"meer maanden samen: in minstens één van die maanden is het {KLEIN} of verborgen.",
    f"{GEEN}: te weinig om te tonen, of niet van toepassing.",
]


def _csv_waarde(cel) -> str:
    if isinstance(cel, str):
        return tekst_voor_csv(cel)
    waarde = cel.exportwaarde
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    return tekst_voor_csv(str(waarde))


def csv_bytes(kolommen: Sequence[str], rijen: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([tekst_voor_csv(kolom) for kolom in kolommen])
    for rij in rijen:
        schrijver.writerow(
            [_csv_waarde(cel) if not isinstance(cel, int | float) else cel for cel in rij]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def figuur_csv(figuur: Figuur) -> bytes:
    return csv_bytes(figuur.kolommen, ([rij.label, *rij.cellen] for rij in figuur.rijen))


def _xlsx_waarde(cel):
    if isinstance(cel, str | int | float) or cel is None:
        return cel
    return cel.exportwaarde


def blad_naam(tekst: str, gebruikt: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    naam = re.sub(r"[\[\]:*?/\\]", " ", tekst)[:31].strip() or "Blad"
    basis, n = naam, 2
    while naam.lower() in gebruikt:
        naam = f"{basis[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    gebruikt.add(naam.lower())
    return naam


class Werkmap:
    """An XLSX in write-only mode: sheets of a title, some lines of context, a table."""

    def __init__(self):
        self.boek = Workbook(write_only=True)
        self._namen: set[str] = set()
        self._vet = Font(bold=True)

    def _vetgedrukt(self, blad, waarden):
        cellen = []
        for waarde in waarden:
            cel = als_tekst(WriteOnlyCell(blad), _xlsx_waarde(waarde))
            cel.font = self._vet
            cellen.append(cel)
        return cellen

    def blad(
        self, naam: str, titel: str, context: Sequence[str], kolommen: Sequence[str], rijen
    ) -> None:
        blad = self.boek.create_sheet(blad_naam(naam, self._namen))
        blad.append(self._vetgedrukt(blad, [titel]))
        for regel in context:
            blad.append([xlsx_waarde(blad, regel)])
        blad.append([])
        blad.append(self._vetgedrukt(blad, kolommen))
        for rij in rijen:
            blad.append([xlsx_waarde(blad, _xlsx_waarde(cel)) for cel in rij])

    def figuur(self, figuur: Figuur, context: Sequence[str]) -> None:
        regels = [figuur.uitleg, *([figuur.opmerking] if figuur.opmerking else []), *context]
        self.blad(
            figuur.sleutel,
            figuur.titel,
            regels,
            figuur.kolommen,
            ([rij.label, *rij.cellen] for rij in figuur.rijen),
        )

    def uitleg(self, regels: Sequence[str]) -> None:
        self.blad(
            "Uitleg", "Uitleg bij de tekens", [], ["Teken en betekenis"], ([r] for r in regels)
        )

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.boek.save(buffer)
        return buffer.getvalue()


def figuren_xlsx(figuren: Sequence[Figuur], context: Sequence[str]) -> bytes:
    map_ = Werkmap()
    for figuur in figuren:
        map_.figuur(figuur, context)
    map_.uitleg(LEGENDA)
    return map_.bytes()
