"""Writing the logboek dataverwerkingen: always in the caller's transaction, so a read or
write whose log row cannot be written does not happen (see `vastgelegd`). And removing what
is past the retention of the logs themselves (`logboeken_opschonen`), for the nightly job."""

from __future__ import annotations

import calendar
import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import DatabaseError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from .models import (
    Actie,
    Inlogmoment,
    Logbewaartermijnen,
    Opschoning,
    Resultaat,
    Verwerking,
    Verwerkingsactiviteit,
)

log = logging.getLogger("toegang.privacy")


class LogboekOnbereikbaar(Exception):
    """The log row could not be written: the data must not be shown or changed."""


def _rij(gebruiker, actie, activiteit, hulpvraag, inwoner_id, resultaat, toelichting):
    return Verwerking(
        gebruiker_id=getattr(gebruiker, "pk", None),
        gebruikersnaam=getattr(gebruiker, "username", "") or "inwoner",
        rol=getattr(gebruiker, "rol", "") or "inwoner",
        actie=actie,
        verwerkingsactiviteit=activiteit,
        hulpvraag=hulpvraag or "",
        inwoner_id=inwoner_id,
        resultaat=resultaat,
        toelichting=(toelichting or "")[:500],
    )


def verwerking_vastleggen(
    *,
    gebruiker,
    actie: str,
    hulpvraag: str = "",
    inwoner_id: int | None = None,
    activiteit: str = Verwerkingsactiviteit.TOEGANG,
    resultaat: str = Resultaat.GELUKT,
    toelichting: str = "",
) -> Verwerking:
    """One row in the log, in the caller's transaction."""
    rij = _rij(gebruiker, actie, activiteit, hulpvraag, inwoner_id, resultaat, toelichting)
    rij.save()
    return rij


def verwerkingen_vastleggen(
    *,
    gebruiker,
    actie: str,
    zaken: Iterable[tuple[str, int | None]],
    activiteit: str = Verwerkingsactiviteit.TOEGANG,
    toelichting: str = "",
) -> int:
    """One row per (case reference, resident id) shown at once, e.g. a work queue."""
    rijen = [
        _rij(gebruiker, actie, activiteit, referentie, inwoner_id, Resultaat.GELUKT, toelichting)
        for referentie, inwoner_id in dict.fromkeys(zaken)
    ]
    Verwerking.objects.bulk_create(rijen)
    return len(rijen)


@contextlib.contextmanager
def vastgelegd():
    """Run a read or a write together with its log rows in one transaction. When the log
    cannot be written, nothing happens and `LogboekOnbereikbaar` is raised for the view to
    answer with a friendly page instead of the data."""
    try:
        with transaction.atomic():
            yield
    except DatabaseError as fout:
        raise LogboekOnbereikbaar from fout


def inlogmoment_vastleggen(
    *,
    methode: str,
    resultaat: str = Resultaat.GELUKT,
    gebruiker=None,
    gebruikersnaam: str = "",
    tweede_stap: str = "",
    reden: str = "",
    ip_adres: str | None = None,
) -> Inlogmoment:
    """One login (or refused login) in the log of logins."""
    return Inlogmoment.objects.create(
        gebruiker_id=getattr(gebruiker, "pk", None),
        gebruikersnaam=(getattr(gebruiker, "username", "") or gebruikersnaam)[:150],
        rol=getattr(gebruiker, "rol", "") or "",
        methode=methode,
        tweede_stap=tweede_stap,
        resultaat=resultaat,
        reden=reden[:500],
        ip_adres=ip_adres,
    )


# --- retention of the logs themselves ---------------------------------------------------------


def maanden_eerder(moment: datetime, maanden: int) -> datetime:
    """The same local time `maanden` calendar months before `moment` (31 March minus one
    month is 28 or 29 February)."""
    lokaal = timezone.localtime(moment)
    jaar, maand = divmod(lokaal.year * 12 + lokaal.month - 1 - maanden, 12)
    dag = min(lokaal.day, calendar.monthrange(jaar, maand + 1)[1])
    return lokaal.replace(year=jaar, month=maand + 1, day=dag)


def opschoning_vastleggen(
    *, soort: str, aantal: int, van: datetime | None, tot: datetime, maanden: int, op: datetime
) -> Opschoning:
    """The count a retention step leaves behind: how many, of which period, when."""
    return Opschoning.objects.create(
        soort=soort, aantal=aantal, van=van, tot=tot, maanden=maanden, op=op
    )


def _logboek_opschonen(*, nu: datetime, maanden: int) -> int:
    """The rows of the logboek dataverwerkingen older than `maanden` months, through the one
    path its append-only rules leave open: the database function of migration 0002, which
    refuses a term under the legal minimum, never looks past its own clock, and writes the
    Opschoning row itself."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT privacy_logboek_opschonen(%s, %s)", [nu, maanden])
        return cursor.fetchone()[0]


def _inlogpogingen_opschonen(*, nu: datetime, maanden: int) -> int:
    """Failed logins and lockouts (axes' AccessFailureLog and AccessAttempt) and successful
    logins (AccessLog) older than `maanden` months."""
    grens = maanden_eerder(nu, maanden)
    totaal, oudste = 0, []
    with transaction.atomic():
        for model in (AccessFailureLog, AccessAttempt, AccessLog):
            oud = model.objects.filter(attempt_time__lt=grens)
            if eerste := oud.aggregate(eerste=Min("attempt_time"))["eerste"]:
                oudste.append(eerste)
                totaal += oud.delete()[1].get(model._meta.label, 0)
        oud = Inlogmoment.objects.filter(op__lt=grens)
        if eerste := oud.aggregate(eerste=Min("op"))["eerste"]:
            oudste.append(eerste)
            totaal += oud.delete()[0]
        opschoning_vastleggen(
            soort=Opschoning.Soort.INLOGPOGINGEN,
            aantal=totaal,
            van=min(oudste, default=None),
            tot=grens,
            maanden=maanden,
            op=nu,
        )
    return totaal


def logboeken_opschonen(*, nu: datetime) -> dict[str, int]:
    """The nightly retention of the logboek dataverwerkingen and the login attempts, by the
    terms the beheerder set (`Logbewaartermijnen`). Only the nightly retention job calls
    this (intake.services.bewaren); each step commits on its own and leaves its count."""
    termijnen = Logbewaartermijnen.huidige()
    telling = {
        "logboek": _logboek_opschonen(nu=nu, maanden=termijnen.logboek_maanden),
        "inlogpogingen": _inlogpogingen_opschonen(nu=nu, maanden=termijnen.inlogpogingen_maanden),
    }
    log.info(
        "Bewaartermijnen logboeken: %d regels van het logboek dataverwerkingen en %d "
        "inlogpogingen verwijderd",
        telling["logboek"],
        telling["inlogpogingen"],
    )
    return telling


__all__ = [
    "Actie",
    "LogboekOnbereikbaar",
    "Resultaat",
    "Verwerkingsactiviteit",
    "logboeken_opschonen",
    "maanden_eerder",
    "opschoning_vastleggen",
    "vastgelegd",
    "verwerking_vastleggen",
    "verwerkingen_vastleggen",
]
