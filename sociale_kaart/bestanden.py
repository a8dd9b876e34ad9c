"""Reading what a beheerder uploads: which kind of file it is, its text encoding, its CSV
separator, and a zip's contents within safe limits. Every refusal is a `BestandFout` with
a Dutch message for the page; nothing here touches the database."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# A zip (an HSDS CSV package, or an XLSX, which is a zip too) may not unpack to more than
# this, nor hold more files: a small upload that unpacks to gigabytes is refused unread.
ZIP_MAX_BYTES = 200 * 1024 * 1024
ZIP_MAX_BESTANDEN = 200
# Field size for csv: a description of a few pages, not a whole file in one cell.
CSV_VELD_MAX = 1024 * 1024

SPREADSHEET = "spreadsheet"
HSDS_CSV = "hsds_csv"
HSDS_JSON = "hsds_json"


class BestandFout(Exception):
    """The file as a whole cannot be read; the message says why, in Dutch."""


@dataclass
class Tekst:
    tekst: str
    codering: str  # "utf-8" or "windows-1252"
    meldingen: list[str] = field(default_factory=list)


def tekst_lezen(inhoud: bytes, naam: str) -> Tekst:
    """Bytes as text: UTF-8 (with or without byte order mark), else Windows-1252, which is
    what Excel on Windows writes as "CSV" in the Netherlands. Binary files are refused."""
    if b"\x00" in inhoud[:8192]:
        raise BestandFout(
            f"{naam} is geen tekstbestand. Sla het op als CSV (UTF-8) of als Excel-werkmap (.xlsx)."
        )
    try:
        return Tekst(inhoud.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        tekst = inhoud.decode("cp1252")
    except UnicodeDecodeError:
        raise BestandFout(
            f"De tekens in {naam} zijn niet te lezen. Sla het bestand op als 'CSV UTF-8'."
        ) from None
    return Tekst(
        tekst,
        "windows-1252",
        [f"{naam} is niet in UTF-8 opgeslagen; gelezen als Windows-1252 (de Excel-standaard)."],
    )


def scheidingsteken(tekst: str) -> str:
    """The separator of a CSV text: the one of `,` `;` and tab that occurs most in its first
    line outside quotes (Dutch Excel writes `;`, the rest of the world `,`)."""
    eerste = ""
    in_aanhaling = False
    for teken in tekst[:65536]:
        if teken == '"':
            in_aanhaling = not in_aanhaling
        elif teken in "\r\n" and not in_aanhaling:
            break
        elif not in_aanhaling:
            eerste += teken
    tellingen = {teken: eerste.count(teken) for teken in (",", ";", "\t")}
    beste = max(tellingen, key=tellingen.get)
    return beste if tellingen[beste] else ","


def csv_rijen(tekst: str, naam: str) -> list[list[str]]:
    """All rows of a CSV text, the header included, as lists of strings."""
    csv.field_size_limit(CSV_VELD_MAX)
    try:
        return list(csv.reader(io.StringIO(tekst, newline=""), delimiter=scheidingsteken(tekst)))
    except csv.Error as fout:
        raise BestandFout(f"{naam} is geen geldig CSV-bestand: {fout}.") from None


def is_zip(inhoud: bytes) -> bool:
    return inhoud[:4] == b"PK\x03\x04"


def zip_openen(inhoud: bytes, naam: str) -> zipfile.ZipFile:
    """A zip file, checked against the limits before anything in it is read."""
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
        leden = archief.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BestandFout(f"{naam} is beschadigd of geen geldig zip-bestand.") from None
    if len(leden) > ZIP_MAX_BESTANDEN:
        raise BestandFout(f"{naam} bevat meer dan {ZIP_MAX_BESTANDEN} bestanden.")
    if sum(lid.file_size for lid in leden) > ZIP_MAX_BYTES:
        raise BestandFout(
            f"{naam} is uitgepakt groter dan {ZIP_MAX_BYTES // (1024 * 1024)} MB; dat nemen wij niet aan."
        )
    if any(lid.flag_bits & 0x1 for lid in leden):
        raise BestandFout(f"{naam} is met een wachtwoord beveiligd. Stuur het zonder wachtwoord.")
    return archief


def zip_bestanden(inhoud: bytes, naam: str) -> dict[str, bytes]:
    """The files in a zip by their own name (folders left out: `csv/services.csv` is
    `services.csv`). A name that occurs twice in different folders is refused, since
    which one is meant cannot be known."""
    archief = zip_openen(inhoud, naam)
    bestanden: dict[str, bytes] = {}
    for lid in archief.infolist():
        if lid.is_dir():
            continue
        eigen = PurePosixPath(lid.filename.replace("\\", "/")).name
        if not eigen or eigen.startswith(".") or lid.filename.startswith("__MACOSX/"):
            continue
        if eigen in bestanden:
            raise BestandFout(f"{naam} bevat twee bestanden met de naam {eigen}.")
        try:
            bestanden[eigen] = archief.read(lid)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            raise BestandFout(f"{eigen} in {naam} is beschadigd.") from None
    return bestanden


def soort_herkennen(naam: str, inhoud: bytes) -> str:
    """Which import an upload is for, by its content (its name can lie): an Excel workbook
    or a CSV table → the spreadsheet import; a zip of CSV files → an HSDS CSV package;
    JSON → HSDS service records."""
    if not inhoud.strip():
        raise BestandFout(f"{naam} is leeg.")
    if is_zip(inhoud):
        namen = [lid.filename for lid in zip_openen(inhoud, naam).infolist()]
        if "[Content_Types].xml" in namen and any(n.startswith("xl/") for n in namen):
            return SPREADSHEET
        if any(n.lower().endswith(".csv") for n in namen):
            return HSDS_CSV
        raise BestandFout(
            f"{naam} is een zip-bestand zonder CSV-bestanden. Verwacht een Excel-werkmap (.xlsx) "
            "of een HSDS CSV-pakket (een zip met services.csv en de andere tabellen)."
        )
    if inhoud[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise BestandFout(
            f"{naam} is een oud Excel-bestand (.xls). Sla het in Excel op als "
            "'Excel-werkmap (.xlsx)' en probeer het opnieuw."
        )
    begin = inhoud.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if begin in (b"[", b"{"):
        return HSDS_JSON
    if inhoud[:5] == b"%PDF-" or b"\x00" in inhoud[:8192]:
        raise BestandFout(
            f"{naam} is geen spreadsheet. Verwacht een Excel-werkmap (.xlsx), een CSV-bestand, "
            "een HSDS CSV-pakket (.zip) of HSDS-JSON."
        )
    return SPREADSHEET
