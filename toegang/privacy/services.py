"""Writing the logboek dataverwerkingen: always in the caller's transaction, so a read or
write whose log row cannot be written does not happen (see `vastgelegd`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from .models import Actie, Resultaat, Verwerking, Verwerkingsactiviteit


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


__all__ = [
    "Actie",
    "LogboekOnbereikbaar",
    "Resultaat",
    "Verwerkingsactiviteit",
    "vastgelegd",
    "verwerking_vastleggen",
    "verwerkingen_vastleggen",
]
