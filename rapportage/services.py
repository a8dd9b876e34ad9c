"""Work of the reports that spans more than a query: the calendar, the large export."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from locaties import openingstijden
from toegang.berichten.services import taak_plannen
from toegang.databases import rapportage_lezen

from . import cijfers, jaaroverzicht, maandcijfers
from .models import EXPORT_BEWAARTIJD, Export, Werkdag
from .perioden import EERSTE_DAG

log = logging.getLogger(__name__)

# A finished export younger than this is handed out again instead of made anew: its
# figures are still within the hour the dashboard promises.
EXPORT_HERGEBRUIK = timedelta(hours=1)
# A task that has not reported progress for this long has died; another may take over.
EXPORT_STIL = timedelta(minutes=10)
JAAROVERZICHT = "jaaroverzicht"


# --- the working-day calendar ------------------------------------------------------------


def werkdagen_bijwerken(*, tot: date | None = None) -> int:
    """Store the numbered working-day calendar from 2000 through `tot` (default: the end of
    the year after next), as locaties.openingstijden counts working days. Rows that are
    already right stay; a changed public holiday renumbers what follows. Returns the number
    of days stored."""
    tot = tot or date(timezone.localdate().year + 2, 12, 31)
    rijen, nummer = [], 0
    for dag in openingstijden.dagen(EERSTE_DAG, tot):
        nummer += openingstijden.is_werkdag(dag)
        rijen.append(Werkdag(datum=dag, nummer=nummer))
    Werkdag.objects.bulk_create(
        rijen,
        batch_size=5000,
        update_conflicts=True,
        unique_fields=["datum"],
        update_fields=["nummer"],
    )
    return len(rijen)


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
    running, or finished within the hour, is returned instead of starting another task.

    Two requests at once are served one after the other (a lock on the export's key for the
    length of the transaction), so the second finds the first even when its task has
    finished in between; the unique key over active exports is the last guard."""
    sleutel = f"{JAAROVERZICHT}:{jaar}"
    try:
        with transaction.atomic(using="default"):
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [sleutel])
            bestaand = _lopend_of_vers(sleutel)
            if bestaand:
                return bestaand, False
            export = Export.objects.create(
                sleutel=sleutel, soort=JAAROVERZICHT, parameters={"jaar": jaar}
            )
            taak_plannen("rapportage.tasks.export_maken", str(export.pk))
    except IntegrityError:
        return _lopend_of_vers(sleutel), False
    return export, True


def _lopend_of_vers(sleutel: str) -> Export | None:
    """From the primary: what was just asked for must be seen, not a replica's past."""
    exports = Export.objects.using("default").defer("bestand")
    vers = timezone.now() - EXPORT_HERGEBRUIK
    return (
        exports.filter(sleutel=sleutel, status__in=Export.ACTIEF).first()
        or exports.filter(sleutel=sleutel, status=Export.Status.KLAAR, klaar_op__gte=vers)
        .order_by("-klaar_op")
        .first()
    )


def export_maken(*, export_id) -> bool:
    """Make the file of one export. Claimed first (waiting → busy, or a busy one that went
    silent), so a second delivery of the task does nothing. Returns whether it ran."""
    nu = timezone.now()
    geclaimd = Export.objects.filter(pk=export_id, status=Export.Status.WACHTRIJ).update(
        status=Export.Status.BEZIG, bijgewerkt=nu
    ) or Export.objects.filter(
        pk=export_id, status=Export.Status.BEZIG, bijgewerkt__lt=nu - EXPORT_STIL
    ).update(bijgewerkt=nu)
    if not geclaimd:
        return False
    export = Export.objects.get(pk=export_id)

    def voortgang(klaar: int, totaal: int) -> None:
        Export.objects.filter(pk=export_id).update(
            stappen_klaar=klaar, stappen_totaal=totaal, bijgewerkt=timezone.now()
        )

    jaar = int(export.parameters["jaar"])
    try:
        vandaag = timezone.localdate()
        with rapportage_lezen():
            werkdagen_zeker(vandaag)
            inhoud = jaaroverzicht.maken(jaar=jaar, vandaag=vandaag, voortgang=voortgang)
    except Exception:
        log.exception("Export %s mislukt", export_id)
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.MISLUKT, bijgewerkt=timezone.now()
        )
        raise
    Export.objects.filter(pk=export_id).update(
        status=Export.Status.KLAAR,
        bestand=inhoud,
        bestandsnaam=f"jaaroverzicht-{jaar}.xlsx",
        klaar_op=timezone.now(),
        bijgewerkt=timezone.now(),
    )
    return True


def exports_opruimen() -> int:
    """Remove the files of exports finished more than 24 hours ago; returns how many."""
    nu = timezone.now()
    return Export.objects.filter(
        status=Export.Status.KLAAR, klaar_op__lt=nu - EXPORT_BEWAARTIJD
    ).update(status=Export.Status.VERWIJDERD, bestand=None, bijgewerkt=nu)
