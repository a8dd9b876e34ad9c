"""Backups of the database with PostgreSQL's own tools, and putting one back
(`manage.py backup`, `manage.py restore`; `make backup`, `make restore`).

A backup is `pg_dump --format=custom` of the database in DATABASE_URL: the whole schema
with its data, its sequences, the trigger and the revoked grants that keep the logboek
dataverwerkingen append-only, and the residents' secret links (random values in rows, not
derived from SECRET_KEY). It is written under a temporary name, read back with
`pg_restore --list`, and only then given its name, so a file named `toegang-*.dump` is
whole. Files are readable by their owner only: they hold personal data.

Putting one back refuses a database that is not empty, unless asked to overwrite it, and
runs in one transaction: it is all there, or nothing changed.

The tools are PostgreSQL's: `pg_dump` and `pg_restore` from PATH, of at least the
server's major version. `python -m toegang.devenv exec` puts those of the embedded
PostgreSQL (`make run`) first on PATH. The password goes through the environment, never on
a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from django.db import connection
from django.utils import timezone

# toegang-20261206-0400.dump: sortable by name, and the only files the clean-up touches.
BESTANDSNAAM = "toegang-{:%Y%m%d-%H%M%S}.dump"
PATROON = re.compile(r"^toegang-\d{8}-\d{6}\.dump$")

# libpq's environment variables for the OPTIONS of a DATABASES entry (?sslmode=… in the URL).
_LIBPQ_OPTIES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


class ReservekopieFout(Exception):
    """Something a person must fix; the message says what, in Dutch."""


def _omgeving(instellingen: dict) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    waarden = {
        "PGHOST": instellingen.get("HOST"),
        "PGPORT": instellingen.get("PORT"),
        "PGUSER": instellingen.get("USER"),
        "PGPASSWORD": instellingen.get("PASSWORD"),
        "PGDATABASE": instellingen.get("NAME"),
    }
    for optie, variabele in _LIBPQ_OPTIES.items():
        waarden[variabele] = (instellingen.get("OPTIONS") or {}).get(optie)
    env.update({k: str(v) for k, v in waarden.items() if v not in (None, "")})
    return env


def _programma(naam: str) -> str:
    pad = shutil.which(naam)
    if pad is None:
        raise ReservekopieFout(
            f"{naam} is niet gevonden. Installeer de PostgreSQL-clientprogramma's (Debian: "
            f"postgresql-client-<versie>, dezelfde hoofdversie als de server), of gebruik "
            f"`make backup` / `make restore` voor de ingebouwde database van `make run`."
        )
    return pad


def _draaien(opdracht: list[str], instellingen: dict, wat: str) -> str:
    uitkomst = subprocess.run(
        opdracht, env=_omgeving(instellingen), capture_output=True, text=True, check=False
    )
    if uitkomst.returncode != 0:
        melding = uitkomst.stderr.strip().splitlines()[-5:]
        raise ReservekopieFout(f"{wat} is mislukt:\n" + "\n".join(melding))
    return uitkomst.stdout


def backup_maken(
    *,
    waar: Path,
    bewaar_dagen: int | None = None,
    nu: datetime | None = None,
    instellingen: dict | None = None,
) -> Path:
    """Dump the database into the folder `waar`; then remove our dumps older than `bewaar_dagen`.
    Returns the new file."""
    instellingen = instellingen or connection.settings_dict
    nu = timezone.localtime(nu)
    waar.mkdir(mode=0o700, parents=True, exist_ok=True)
    doel = waar / BESTANDSNAAM.format(nu)
    bezig = doel.with_name(doel.name + ".bezig")
    bezig.unlink(missing_ok=True)
    bezig.touch(mode=0o600)
    try:
        _draaien(
            [_programma("pg_dump"), "--format=custom", "--no-password", f"--file={bezig}"],
            instellingen,
            "De reservekopie (pg_dump)",
        )
        # Read back: a file pg_restore cannot list is no backup.
        _draaien(
            [_programma("pg_restore"), "--list", str(bezig)],
            instellingen,
            "Het teruglezen van de reservekopie (pg_restore --list)",
        )
        bezig.rename(doel)
    finally:
        bezig.unlink(missing_ok=True)
    if bewaar_dagen is not None:
        oude_opruimen(waar=waar, bewaar_dagen=bewaar_dagen, nu=nu, behalve=doel)
    return doel


def oude_opruimen(
    *, waar: Path, bewaar_dagen: int, nu: datetime, behalve: Path | None = None
) -> list[Path]:
    """Remove our dumps (named BESTANDSNAAM) in `waar` older than `bewaar_dagen`, by the
    time in their name. Other files are never touched."""
    grens = nu - timedelta(days=bewaar_dagen)
    weg = []
    for bestand in sorted(waar.iterdir()):
        if not PATROON.match(bestand.name) or bestand == behalve:
            continue
        gemaakt = timezone.make_aware(datetime.strptime(bestand.name, "toegang-%Y%m%d-%H%M%S.dump"))
        if gemaakt < grens:
            bestand.unlink()
            weg.append(bestand)
    return weg


def _aantal_relaties() -> int:
    """Tables, views and sequences outside PostgreSQL's own schemas."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%%' AND n.nspname NOT LIKE 'pg_temp%%'"
        )
        return cursor.fetchone()[0]


def backup_terugzetten(
    *, bestand: Path, overschrijven: bool = False, instellingen: dict | None = None
) -> None:
    """Put the dump `bestand` into the database of DATABASE_URL, in one transaction.

    Refuses a database that already holds tables, unless `overschrijven`: then what the dump
    holds replaces what is there (pg_restore --clean)."""
    instellingen = instellingen or connection.settings_dict
    if not bestand.is_file():
        raise ReservekopieFout(f"Het bestand {bestand} bestaat niet.")
    _draaien(
        [_programma("pg_restore"), "--list", str(bestand)],
        instellingen,
        f"{bestand} lezen als reservekopie (pg_restore --list)",
    )
    bestaand = _aantal_relaties()
    if bestaand and not overschrijven:
        raise ReservekopieFout(
            f"De database {instellingen['NAME']} is niet leeg ({bestaand} tabellen en reeksen). "
            "Terugzetten gebeurt alleen in een lege database, zodat er niets door elkaar "
            "raakt. Maak een nieuwe, lege database en zet DATABASE_URL daarop, of gebruik "
            "--overschrijven om alles in deze database te vervangen door de reservekopie."
        )
    connection.close()  # ours holds no lock, but pg_restore --clean must drop every table
    opdracht = [_programma("pg_restore"), "--exit-on-error", "--single-transaction"]
    opdracht += ["--no-password", f"--dbname={instellingen['NAME']}"]
    if overschrijven:
        opdracht += ["--clean", "--if-exists"]
    _draaien([*opdracht, str(bestand)], instellingen, "Het terugzetten (pg_restore)")
