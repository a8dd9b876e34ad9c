"""Work of the reports that spans more than a query: the calendar, the large export."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from locaties import openingstijden
from toegang import exports
from toegang.databases import rapportage_lezen

from . import cijfers, jaaroverzicht, maandcijfers
from .models import Export, Werkdagkalender
from .perioden import EERSTE_DAG

# A finished export younger than this is handed out again instead of made anew: its
# figures are still within the hour the dashboard promises.
EXPORT_HERGEBRUIK = timedelta(hours=1)
JAAROVERZICHT = "jaaroverzicht"


# --- the working-day calendar ------------------------------------------------------------


def werkdagen_bijwerken(*, tot: date | None = None) -> int:
    """Store the numbered working-day calendar from 2000 through `tot` (default: the end of
    the year after next), as locaties.openingstijden counts working days, in one statement
    (a changed public holiday renumbers what follows). Returns the number of days stored."""
    tot = tot or date(timezone.localdate().year + 2, 12, 31)
    nummers, nummer = [], 0
    for dag in openingstijden.dagen(EERSTE_DAG, tot):
        nummer += openingstijden.is_werkdag(dag)
        nummers.append(nummer)
    Werkdagkalender.objects.bulk_create(
        [Werkdagkalender(tot=tot, nummers=nummers)],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["tot", "nummers"],
    )
    return len(nummers)


def werkdagen_zeker(tot: date) -> None:
    """Make sure the calendar runs without a gap through `tot` (the nightly task keeps it
    so; this catches a fresh or emptied database)."""
    if not cijfers.werkdagen_in_orde(tot):
        werkdagen_bijwerken(tot=max(tot, date(timezone.localdate().year + 2, 12, 31)))


# --- the fact table ---------------------------------------------------------------------------


def maandcijfers_bijwerken(*, alles: bool = False) -> int:
    """Beat: count again the kept months that changed (nightly: all of them), reading from
    the reporting database; see rapportage.maandcijfers."""
    with rapportage_lezen():
        werkdagen_zeker(timezone.localdate())
        return maandcijfers.maandcijfers_bijwerken(alles=alles, budget=None if alles else 150.0)


# --- the large export ------------------------------------------------------------------------


def export_aanvragen(*, jaar: int) -> tuple[Export, bool]:
    """Ask for the year overview of `jaar`. Returns (export, new): the one already waiting or
    running, or finished within the hour, is returned instead of starting another task."""
    return exports.export_aanvragen(
        Export,
        sleutel=f"{JAAROVERZICHT}:{jaar}",
        soort=JAAROVERZICHT,
        parameters={"jaar": jaar},
        taak="rapportage.tasks.export_maken",
        hergebruik=EXPORT_HERGEBRUIK,
    )


def export_maken(*, export_id) -> bool:
    """Make the file of one export (claimed first: a second delivery does nothing)."""

    def maken(export: Export, voortgang) -> tuple[bytes, str]:
        jaar = int(export.parameters["jaar"])
        vandaag = timezone.localdate()
        with rapportage_lezen():
            werkdagen_zeker(vandaag)
            inhoud = jaaroverzicht.maken(jaar=jaar, vandaag=vandaag, voortgang=voortgang)
        return inhoud, f"jaaroverzicht-{jaar}.xlsx"

    return exports.export_maken(Export, export_id=export_id, maken=maken)


def exports_opruimen() -> int:
    """Remove the files of exports finished more than 24 hours ago; returns how many."""
    return exports.exports_opruimen(Export)
