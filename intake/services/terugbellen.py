"""Calling back: a medewerker takes a call-back and records each call (with its row in the
logboek); the resident is told by e-mail when three tries failed; the coordinators are told
of a window that passed without a try. The request itself comes in through
`hulpvraag.terugbelverzoek_indienen` (the website, the status page, the case page)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.berichten.services import (
    bericht_sturen,
    bericht_uit_sjabloon,
    taak_plannen,
)
from toegang.privacy.services import Actie, vastgelegd, verwerking_vastleggen

from ..models import MAX_POGINGEN, Terugbelpoging, Terugbelverzoek
from .meldingen import coordinatoren, inwoner_mailen


def _vastleggen(verzoek: Terugbelverzoek, door: User, toelichting: str) -> None:
    verwerking_vastleggen(
        gebruiker=door,
        actie=Actie.WIJZIGEN,
        hulpvraag=verzoek.hulpvraag.referentie,
        inwoner_id=verzoek.hulpvraag.inwoner_id,
        toelichting=toelichting,
    )


def terugbelverzoek_oppakken(*, verzoek: Terugbelverzoek, door: User) -> None:
    """`door` takes the call-back, with its row in the logboek (without it nothing changes)."""
    with vastgelegd():
        verzoek.pak_op(door=door)
        _vastleggen(verzoek, door, "terugbellen oppakken")


def terugbellen_vastleggen(
    *, verzoek: Terugbelverzoek, door: User, poging: int, bereikt: bool, notitie: str = ""
) -> Terugbelpoging:
    """One call (Terugbelverzoek.gebeld) and its row in the logboek; after the last failed
    try the resident's e-mail goes into the outbox in the same transaction."""
    with vastgelegd():
        gedaan = verzoek.gebeld(door=door, poging=poging, bereikt=bereikt, notitie=notitie)
        _vastleggen(verzoek, door, "teruggebeld")
        if verzoek.status == Terugbelverzoek.Status.NIET_BEREIKT:
            taak_plannen("intake.tasks.terugbellen_niet_bereikt", verzoek.pk)
    return gedaan


def niet_bereikt_melden(*, terugbelverzoek_id: int) -> bool:
    """Tell the resident (if they left an e-mail address) that we could not reach them,
    once, however often the task runs."""
    verzoek = (
        Terugbelverzoek.objects.select_related("hulpvraag__inwoner")
        .filter(pk=terugbelverzoek_id, status=Terugbelverzoek.Status.NIET_BEREIKT)
        .first()
    )
    if verzoek is None or not verzoek.email_inwoner:
        return False
    with transaction.atomic():
        return inwoner_mailen(
            verzoek.hulpvraag,
            "emails/terugbellen_niet_bereikt.txt",
            aan=verzoek.email_inwoner,
            sleutel=f"terugbelverzoek:{verzoek.pk}:niet-bereikt",
            pogingen=verzoek.mislukt,
            max_pogingen=MAX_POGINGEN,
            telefoon=settings.GEMEENTE_TELEFOON,
            terugbellen_url=f"{settings.SITE_URL}/terugbellen/",
        )


def terugbellen_te_laat_melden(*, nu: datetime | None = None) -> int:
    """On a working day: tell the coordinators of each call-back whose window passed
    without a try, once per window (a retry that is late again is told again). Returns how
    many were told now."""
    nu = nu or timezone.now()
    if not openingstijden.is_werkdag(timezone.localdate(nu)):
        return 0
    ontvangers = coordinatoren()
    if not ontvangers:
        # Claiming now would lose the alert for good; try again when there is one.
        return 0
    gemeld = 0
    for verzoek in Terugbelverzoek.objects.te_laat(nu).select_related("hulpvraag", "opgepakt_door"):
        with transaction.atomic():
            gemeld += bool(
                bericht_sturen(
                    ontvangers=ontvangers,
                    link=verzoek.get_absolute_url(),
                    sleutel=f"terugbelverzoek:{verzoek.pk}:te-laat:{verzoek.poging}",
                    **bericht_uit_sjabloon(
                        "intake/meldingen/terugbellen_te_laat.txt", verzoek=verzoek
                    ),
                )
            )
    return gemeld
