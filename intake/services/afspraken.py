"""Zeg wat je doet en doe wat je zegt: the reminders of commitments (afspraken) the working
day before and on their due date, and the coordinators told of overdue ones."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.berichten.services import (
    bericht_sturen,
    bericht_uit_sjabloon,
)

from ..models import Afspraak
from .meldingen import absoluut, coordinatoren, inwoner_mailen


def _afspraak_ontvangers(afspraak: Afspraak) -> list[User]:
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.MEDEWERKER:
        return [afspraak.eigenaar] if afspraak.eigenaar.is_active else []
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.PARTNER:
        return list(afspraak.organisatie.gebruikers.filter(is_active=True))
    return []


def _afspraak_herinneren(afspraak: Afspraak, wanneer: str) -> int:
    hulpvraag = afspraak.hulpvraag
    sleutel = f"afspraak:{afspraak.pk}:{wanneer}"
    tekst_dag = "vandaag" if wanneer == "vandaag" else f"op {afspraak.deadline:%d-%m-%Y}"
    if afspraak.eigenaar_soort == Afspraak.Eigenaar.INWONER:
        return int(
            inwoner_mailen(
                hulpvraag,
                "emails/afspraak_herinnering_inwoner.txt",
                sleutel=sleutel,
                afspraak=afspraak,
                wanneer=tekst_dag,
                status_url=absoluut(hulpvraag.status_url),
                telefoon=settings.GEMEENTE_TELEFOON,
            )
        )
    ontvangers = _afspraak_ontvangers(afspraak)
    if not ontvangers:
        # Nobody to tell (an organisation without users yet): leave the claim free.
        return 0
    return bericht_sturen(
        ontvangers=ontvangers,
        link=hulpvraag.get_absolute_url(),
        sleutel=sleutel,
        **bericht_uit_sjabloon(
            "intake/meldingen/afspraak_herinnering.txt", afspraak=afspraak, wanneer=tekst_dag
        ),
    )


def afspraken_herinneren(*, vandaag: date | None = None) -> dict[str, int]:
    """On a working day: remind owners of commitments due on the next working day and of
    those due today, and tell the coordinators about overdue ones. Each message once."""
    vandaag = vandaag or timezone.localdate()
    telling = {"morgen": 0, "vandaag": 0, "te_laat": 0}
    if not openingstijden.is_werkdag(vandaag):
        return telling
    volgende = openingstijden.werkdagen_later(vandaag, 1)
    open_afspraken = Afspraak.objects.open().select_related(
        "hulpvraag__inwoner", "eigenaar", "organisatie"
    )
    # Due after today up to the next working day: the weekend's due dates are reminded on Friday.
    for afspraak in open_afspraken.filter(deadline__gt=vandaag, deadline__lte=volgende):
        with transaction.atomic():
            telling["morgen"] += bool(_afspraak_herinneren(afspraak, "morgen"))
    for afspraak in open_afspraken.filter(deadline=vandaag):
        with transaction.atomic():
            telling["vandaag"] += bool(_afspraak_herinneren(afspraak, "vandaag"))
    ontvangers = coordinatoren()
    # Without a coordinator nothing is claimed: they are told once there is one.
    for afspraak in open_afspraken.filter(deadline__lt=vandaag) if ontvangers else ():
        with transaction.atomic():
            telling["te_laat"] += bool(
                bericht_sturen(
                    ontvangers=ontvangers,
                    link=afspraak.hulpvraag.get_absolute_url(),
                    sleutel=f"afspraak:{afspraak.pk}:te-laat",
                    **bericht_uit_sjabloon(
                        "intake/meldingen/afspraak_te_laat.txt", afspraak=afspraak
                    ),
                )
            )
    return telling
