"""Keeping the sociale kaart current: reminders to partners and their one-click confirmation."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.roles import Rol
from toegang.accounts.services import bericht_sturen

from .models import HERINNER_NA, Controleherinnering, Organisatie

BEVESTIG_SALT = "sociale_kaart.bevestigen"
BEVESTIG_GELDIG_SECONDEN = 60 * 60 * 24 * 45


def bevestig_token(organisatie: Organisatie) -> str:
    return signing.TimestampSigner(salt=BEVESTIG_SALT).sign(str(organisatie.pk))


def organisatie_uit_token(token: str) -> Organisatie | None:
    try:
        pk = signing.TimestampSigner(salt=BEVESTIG_SALT).unsign(
            token, max_age=BEVESTIG_GELDIG_SECONDEN
        )
    except signing.BadSignature:
        return None
    return Organisatie.objects.filter(pk=pk).first()


def organisatie_bevestigen(*, organisatie: Organisatie, vandaag: date | None = None) -> None:
    """The organisation says its entries are still right: reset the check date."""
    Organisatie.objects.filter(pk=organisatie.pk).update(
        laatst_gecontroleerd=vandaag or timezone.localdate()
    )


def controle_herinneringen_sturen(*, vandaag: date | None = None) -> int:
    """Remind partner users of organisations not checked for six months; at most once a
    month per organisation, however often this runs (a unique row per month is claimed
    first). Skips weekends and public holidays. Returns the number of organisations."""
    vandaag = vandaag or timezone.localdate()
    if not openingstijden.is_werkdag(vandaag):
        return 0
    maand = vandaag.replace(day=1)
    aantal = 0
    te_oud = Organisatie.objects.filter(laatst_gecontroleerd__lt=vandaag - HERINNER_NA)
    for organisatie in te_oud.filter(
        gebruikers__rol=Rol.PARTNER, gebruikers__is_active=True
    ).distinct():
        with transaction.atomic():
            _, nieuw = Controleherinnering.objects.get_or_create(
                organisatie=organisatie, maand=maand
            )
            if not nieuw:
                continue
            link = reverse("sociale_kaart:bevestigen", args=[bevestig_token(organisatie)])
            bericht_sturen(
                ontvangers=organisatie.gebruikers.filter(rol=Rol.PARTNER, is_active=True),
                onderwerp=f"Klopt de informatie van {organisatie.naam} in de sociale kaart nog?",
                tekst=(
                    f"De gegevens van {organisatie.naam} zijn voor het laatst gecontroleerd op "
                    f"{openingstijden.datum_tekst(organisatie.laatst_gecontroleerd)} "
                    f"{organisatie.laatst_gecontroleerd.year}.\n"
                    "Klopt alles nog? Bevestig het met één klik via de link hieronder. "
                    "Moet er iets veranderen? Pas het aan in het partnerportaal: "
                    f"{settings.SITE_URL}{reverse('intake:partner')}"
                ),
                link=link,
            )
            aantal += 1
    return aantal
