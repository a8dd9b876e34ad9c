"""Consent the resident can see and withdraw (issue 16, part 5).

The status page lists per organisation which kinds of data it received and when, never the
data itself (`gedeeld_met`). The resident can withdraw consent for future sharing with one of
them (`toestemming_intrekken`): from then on the referral refuses personal data to that
organisation for every case of this resident (Toestemmingsintrekking.weigering, asked by
Doorverwijzing.clean), the case shows it on its timeline and page, the partner is told, and
the logboek dataverwerkingen records it. An anonymous consultation (no personal data) with
that organisation stays possible. A referral already running is not withdrawn with it: the
partner keeps what it lawfully received and may go on helping; it only receives nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from sociale_kaart.models import Organisatie
from toegang.berichten.services import bericht_sturen, bericht_uit_sjabloon
from toegang.privacy.services import (
    Actie,
    Verwerkingsactiviteit,
    vastgelegd,
    verwerking_vastleggen,
)

from ..models import (
    Doorverwijzing,
    Gebeurtenis,
    Gegevenscategorie,
    Grondslag,
    Hulpvraag,
    Inwoner,
    Toestemmingsintrekking,
    berichtontvangers,
)


@dataclass
class GedeeldMet:
    """What one organisation received of the resident in this case, in plain words."""

    organisatie_id: int
    naam: str
    # The kinds of data ("Naam", "Telefoonnummer"), never their values.
    gegevens: list[str] = field(default_factory=list)
    # The days they were sent, oldest first.
    op: list[date] = field(default_factory=list)
    # Why it was allowed: "met uw toestemming (gegeven op …)" or the legal task.
    waarom: list[str] = field(default_factory=list)
    ingetrokken_op: datetime | None = None


def _gedeelde_verwijzingen(hulpvraag: Hulpvraag):
    """The referrals of this case that took personal data to an organisation."""
    return (
        hulpvraag.doorverwijzingen.filter(organisatie__isnull=False, verstuurd_op__isnull=False)
        .exclude(gegevens=[])
        .select_related("organisatie")
        .order_by("verstuurd_op", "pk")
    )


def _waarom(verwijzing: Doorverwijzing) -> str:
    if verwijzing.grondslag == Grondslag.TOESTEMMING and verwijzing.toestemming_op:
        return gettext("met uw toestemming, gegeven op %(datum)s") % {
            "datum": date_format(verwijzing.toestemming_op, "SHORT_DATE_FORMAT")
        }
    if verwijzing.grondslag == Grondslag.WETTELIJKE_TAAK:
        return gettext("voor een wettelijke taak van de gemeente (%(taak)s)") % {
            "taak": verwijzing.get_wettelijke_taak_display()
        }
    return ""


def gedeeld_met(hulpvraag: Hulpvraag) -> list[GedeeldMet]:
    """Per organisation what it received in this case and when, for the status page."""
    ingetrokken = {
        i.organisatie_id: i.op
        for i in Toestemmingsintrekking.objects.filter(inwoner_id=hulpvraag.inwoner_id)
    }
    per_organisatie: dict[int, GedeeldMet] = {}
    for verwijzing in _gedeelde_verwijzingen(hulpvraag):
        regel = per_organisatie.setdefault(
            verwijzing.organisatie_id,
            GedeeldMet(
                organisatie_id=verwijzing.organisatie_id,
                naam=verwijzing.organisatie.naam,
                ingetrokken_op=ingetrokken.get(verwijzing.organisatie_id),
            ),
        )
        for categorie in verwijzing.gegevens:
            label = Gegevenscategorie(categorie).label
            if label not in regel.gegevens:
                regel.gegevens.append(label)
        dag = timezone.localdate(verwijzing.verstuurd_op)
        if dag not in regel.op:
            regel.op.append(dag)
        if (waarom := _waarom(verwijzing)) and waarom not in regel.waarom:
            regel.waarom.append(waarom)
    return list(per_organisatie.values())


def gedeelde_organisatie(hulpvraag: Hulpvraag, organisatie_id: int) -> Organisatie | None:
    """An organisation that received personal data in this case, or None: a resident can
    withdraw only what the page shows them."""
    verwijzing = _gedeelde_verwijzingen(hulpvraag).filter(organisatie_id=organisatie_id).first()
    return verwijzing.organisatie if verwijzing else None


def toestemming_intrekken(
    *, hulpvraag: Hulpvraag, organisatie: Organisatie, door=None
) -> tuple[Toestemmingsintrekking, bool]:
    """The resident (`door` None: on their status page) withdraws consent for sharing with
    `organisatie` from now on. Returns (withdrawal, new); a second request (a double submit)
    finds the first and does nothing more.

    In one transaction with its row in the logboek (LogboekOnbereikbaar: nothing happens):
    the withdrawal, the line on the case's timeline, and the message to the partner."""
    with vastgelegd():
        # The same lock a referral takes before it checks (Toestemmingsintrekking.weigering).
        Inwoner.objects.select_for_update().filter(pk=hulpvraag.inwoner_id).exists()
        intrekking, nieuw = Toestemmingsintrekking.objects.get_or_create(
            inwoner_id=hulpvraag.inwoner_id,
            organisatie=organisatie,
            defaults={"hulpvraag": hulpvraag, "door": door},
        )
        if not nieuw:
            return intrekking, False
        wie = door.weergavenaam if door else "De inwoner"
        Gebeurtenis.objects.create(
            hulpvraag=hulpvraag,
            soort=Gebeurtenis.Soort.NOTITIE,
            tekst=f"{wie} heeft de toestemming ingetrokken om gegevens te delen met "
            f"{organisatie.naam}. Vanaf nu gaan er geen persoonsgegevens meer naar deze "
            "organisatie.",
            door=door,
        )
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.WIJZIGEN,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
            activiteit=Verwerkingsactiviteit.DOORVERWIJZING,
            toelichting=f"toestemming ingetrokken voor delen met {organisatie.naam}",
        )
        _partner_vertellen(hulpvraag, organisatie, intrekking)
    return intrekking, True


def _partner_vertellen(hulpvraag, organisatie, intrekking: Toestemmingsintrekking) -> None:
    """The partner's users hear it as they hear about the referral itself (the receivers of
    its latest referral of this case), with a link to that referral."""
    laatste = _gedeelde_verwijzingen(hulpvraag).filter(organisatie=organisatie).last()
    if laatste is None:
        return
    ontvangers = berichtontvangers([laatste])[laatste.pk].ontvanger
    if ontvangers:
        with transaction.atomic():
            bericht_sturen(
                ontvangers=ontvangers,
                link=laatste.link_ontvanger(),
                sleutel=f"toestemming:{intrekking.pk}:ingetrokken",
                **bericht_uit_sjabloon(
                    "intake/meldingen/toestemming_ingetrokken.txt",
                    referentie=hulpvraag.referentie,
                    organisatie=organisatie.naam,
                    op=intrekking.op,
                ),
            )
