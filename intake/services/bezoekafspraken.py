"""Bezoekafspraken (a resident's booked visit to the front door; not the commitments in
`afspraken.py`): booking, moving and cancelling through the secret link, the confirmation
with its .ics, the reminder the working day before, the counter recording who came and
who did not, and the residents told when the rota no longer carries their time."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from locaties import openingstijden
from locaties.models import Toegangslocatie
from toegang.accounts.models import User
from toegang.berichten.services import Bijlage, taak_plannen
from toegang.privacy.services import Actie, vastgelegd, verwerking_vastleggen

from ..models import (
    AFSPRAAK_VOORUIT_DAGEN,
    Berichtsoort,
    Bezoekafspraak,
    Hulpvraag,
    niet_meer_passend,
)
from .hulpvraag import eenmaal_per_inzending, hulpvraag_bij_telefoon
from .meldingen import absoluut
from .veilig_contact import inwoner_mailen


def bezoekafspraak_boeken(
    *,
    locatie: Toegangslocatie,
    start: datetime,
    telefoon: str,
    naam: str = "",
    email: str = "",
    notitie: str = "",
    inzending: uuid.UUID | None = None,
    hulpvraag: Hulpvraag | None = None,
    door: User | None = None,
    taal: str = settings.LANGUAGE_CODE,
) -> tuple[Bezoekafspraak, bool]:
    """Book a visit; returns (bezoekafspraak, created), or raises TijdvakVol (with the next
    free time) when the place went in the meantime. It joins the resident's open case by
    phone number or opens one (`hulpvraag_bij_telefoon`). The same `inzending` (one
    filled-in form) always gives the same booking (`eenmaal_per_inzending`); nothing is
    stored when it fails. `taal` is the language the resident booked in, for a new case."""

    def maken() -> Bezoekafspraak:
        zaak, nieuwe_hulpvraag = hulpvraag, False
        if zaak is None:
            zaak, nieuwe_hulpvraag = hulpvraag_bij_telefoon(
                telefoon=telefoon,
                naam=naam,
                email=email,
                vraag=notitie or f"Afspraak gemaakt bij {locatie.korte_naam} via de website.",
                taal=taal,
            )
        afspraak = Bezoekafspraak.boeken(
            hulpvraag=zaak,
            locatie=locatie,
            start=start,
            door=door,
            inzending=inzending,
            nieuwe_hulpvraag=nieuwe_hulpvraag,
            naam=naam,
            telefoon=telefoon,
            email=email,
            notitie=notitie,
        )
        taak_plannen("intake.tasks.bezoekafspraak_bevestigen", afspraak.pk)
        return afspraak

    return eenmaal_per_inzending(Bezoekafspraak, inzending, maken)


def bezoekafspraak_verplaatsen(*, afspraak: Bezoekafspraak, start: datetime) -> None:
    """Another time (TijdvakVol when it went); the new confirmation in the outbox."""
    with transaction.atomic():
        afspraak.verplaatsen(start=start)
        taak_plannen("intake.tasks.bezoekafspraak_bevestigen", afspraak.pk)


def bezoekafspraak_bevestigen(*, bezoekafspraak_id: int) -> bool:
    """The confirmation e-mail with the .ics, once per time booked (a move confirms the
    new time), only if the resident left an address."""
    afspraak = (
        Bezoekafspraak.objects.select_related("locatie")
        .filter(pk=bezoekafspraak_id, status=Bezoekafspraak.Status.GEPLAND)
        .first()
    )
    if afspraak is None or not afspraak.email:
        return False
    return _mailen(afspraak, "bevestiging", "emails/bezoekafspraak_bevestiging.txt", ics=True)


# The kind of each appointment mail, for the resident's veilig-contact wishes.
_BERICHTSOORT = {
    "bevestiging": Berichtsoort.BEVESTIGING,
    "vervallen": Berichtsoort.BERICHT,
    "herinnering": Berichtsoort.HERINNERING,
}


def _mailen(afspraak: Bezoekafspraak, soort: str, sjabloon: str, *, ics: bool = False) -> bool:
    with transaction.atomic():
        return inwoner_mailen(
            hulpvraag=afspraak.hulpvraag,
            soort=_BERICHTSOORT[soort],
            aan=afspraak.email,
            sleutel=f"bezoekafspraak:{afspraak.pk}:{soort}:{afspraak.start.isoformat()}",
            bijlage=Bijlage("afspraak.ics", "text/calendar", afspraak.agenda()) if ics else None,
            sjabloon=sjabloon,
            context={
                "afspraak": afspraak,
                "locatie": afspraak.locatie,
                "link": absoluut(afspraak.get_absolute_url()),
                "telefoon": settings.GEMEENTE_TELEFOON,
            },
        )


def bezoekafspraak_afhandelen(*, afspraak: Bezoekafspraak, door: User, gekomen: bool) -> None:
    """The counter records that the resident came or did not, with its row in the logboek."""
    with vastgelegd():
        afspraak.afhandelen(door=door, gekomen=gekomen)
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.WIJZIGEN,
            hulpvraag=afspraak.hulpvraag.referentie,
            inwoner_id=afspraak.hulpvraag.inwoner_id,
            toelichting="afspraak: geweest" if gekomen else "afspraak: niet gekomen",
        )


def bezoekafspraken_nalopen(
    *, locatie_id: int, datums: list[date], nu: datetime | None = None
) -> int:
    """After the rota or the openings of a location changed on `datums`: every planned
    appointment whose time is no longer carried lapses, and the resident (if they left an
    e-mail address) is told and offered another time through their link. Returns how
    many lapsed now; running it again changes nothing."""
    nu = nu or timezone.now()
    vervallen = 0
    with transaction.atomic():
        # The lock a booking takes: a booking that counted the rota before this change
        # committed first and is seen here, or it waits and counts the rota after it.
        locatie = Toegangslocatie.objects.select_for_update().filter(pk=locatie_id).first()
        if locatie is None:
            return 0
        for afspraak in niet_meer_passend(locatie, datums, nu):
            if afspraak.vervallen():
                vervallen += 1
                if afspraak.email:
                    _mailen(afspraak, "vervallen", "emails/bezoekafspraak_vervallen.txt")
    return vervallen


def rooster_gewijzigd(sender, *, locatie_id: int, datums: list[date], **kwargs) -> None:
    """The receiver of locaties.signals.rooster_gewijzigd (connected in IntakeConfig.ready)."""
    bezoekafspraken_nalopen(locatie_id=locatie_id, datums=datums)


def bezoekafspraken_herinneren(*, nu: datetime | None = None) -> int:
    """On a working day: first the appointments the openings no longer carry (a closure
    entered in /beheer/) lapse, then each resident with an appointment up to the next
    working day gets a reminder, once per time booked however often this runs."""
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    if not openingstijden.is_werkdag(vandaag):
        return 0
    komend = [vandaag + timedelta(days=d) for d in range(AFSPRAAK_VOORUIT_DAGEN + 1)]
    for locatie_id in Toegangslocatie.objects.values_list("pk", flat=True):
        bezoekafspraken_nalopen(locatie_id=locatie_id, datums=komend, nu=nu)
    volgende = openingstijden.werkdagen_later(vandaag, 1)
    herinnerd = 0
    # After today up to the next working day: Monday's appointments are reminded on Friday.
    for afspraak in (
        Bezoekafspraak.objects.gepland()
        .filter(datum__gt=vandaag, datum__lte=volgende)
        .exclude(email="")
        .select_related("locatie")
    ):
        herinnerd += _mailen(afspraak, "herinnering", "emails/bezoekafspraak_herinnering.txt")
    return herinnerd
