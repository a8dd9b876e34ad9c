"""The warm referral as a flow: making one from a case, and each of its steps (send,
accept, decline, ask back, answer, contact made, close, withdraw). The model method of a step
changes the state and writes the lines on both timelines; what it sets in motion beyond the
referral is here: the case marked doorverwezen, the logboek, the messages (their texts in
templates/intake/meldingen/doorverwijzing_*.txt). A step taken on a referral's page goes
through `doorverwijzing_wijzigen`, which writes its row in the logboek with it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from toegang.accounts.models import User
from toegang.accounts.roles import Rol
from toegang.berichten.services import bericht_sturen, bericht_uit_sjabloon
from toegang.privacy.services import (
    Actie,
    Verwerkingsactiviteit,
    vastgelegd,
    verwerking_vastleggen,
)

from ..models import (
    Doorverwijzing,
    Gegevenscategorie,
    Hulpvraag,
    Urgentie,
    berichtontvangers,
)


def doorverwijzing_maken(
    *,
    hulpvraag: Hulpvraag,
    door: User,
    versturen: bool,
    inzending: uuid.UUID | None = None,
    **velden,
) -> tuple[Doorverwijzing, bool]:
    """Make a referral from a case, as concept or sent at once; returns (referral, created).

    The same `inzending` (one filled-in form) always gives the same referral, so a double
    click makes one. Everything is checked before anything is saved: a refused referral
    leaves nothing behind and sends nothing.
    """
    if inzending and (bestaand := Doorverwijzing.objects.filter(inzending=inzending).first()):
        return bestaand, False
    velden.setdefault("contactpersoon", hulpvraag.vast_aanspreekpunt or door)
    doorverwijzing = Doorverwijzing(
        hulpvraag=hulpvraag, aangemaakt_door=door, inzending=inzending, **velden
    )
    try:
        with transaction.atomic():
            doorverwijzing.als_concept_bewaren()
            if versturen:
                doorverwijzing_versturen(doorverwijzing=doorverwijzing, door=door)
    except IntegrityError:
        # Two identical posts at the same moment: the other one won.
        if inzending and (bestaand := Doorverwijzing.objects.filter(inzending=inzending).first()):
            return bestaand, False
        raise ValidationError(
            "Er loopt al een doorverwijzing naar deze ontvanger voor deze hulpvraag."
        ) from None
    return doorverwijzing, True


# --- the steps of a referral --------------------------------------------------------------


def _melden(verwijzing: Doorverwijzing, soort: str, ontvangers, link: str, **context) -> None:
    """One message about a step of `verwijzing`, once per round and kind; its text is
    templates/intake/meldingen/doorverwijzing_<soort>.txt."""
    if ontvangers:
        bericht_sturen(
            ontvangers=ontvangers,
            link=link,
            sleutel=f"doorverwijzing:{verwijzing.pk}:{verwijzing.ronde}:{soort}",
            **bericht_uit_sjabloon(
                f"intake/meldingen/doorverwijzing_{soort.replace('-', '_')}.txt",
                naam=verwijzing.ontvanger_naam,
                referentie=verwijzing.hulpvraag.referentie,
                **context,
            ),
        )


def _aan_ontvanger(verwijzing: Doorverwijzing, soort: str, **context) -> None:
    ontvangers = berichtontvangers([verwijzing])[verwijzing.pk].ontvanger
    _melden(verwijzing, soort, ontvangers, verwijzing.link_ontvanger(), **context)


def _aan_verzenders(verwijzing: Doorverwijzing, soort: str, **context) -> None:
    ontvangers = berichtontvangers([verwijzing])[verwijzing.pk].verzenders
    _melden(verwijzing, soort, ontvangers, verwijzing.hulpvraag.get_absolute_url(), **context)


def _verstuurd(verwijzing: Doorverwijzing, *, door: User) -> None:
    """After each sending: the first marks the case doorverwezen; each is logged (what data
    went where) and told to the receiver at once."""
    eerste = verwijzing.ronde == 1
    if eerste:
        verwijzing.hulpvraag.markeer_doorverwezen(door=door)
    verwerking_vastleggen(
        gebruiker=door,
        actie=Actie.OVERDRAGEN,
        hulpvraag=verwijzing.hulpvraag.referentie,
        inwoner_id=verwijzing.hulpvraag.inwoner_id,
        activiteit=Verwerkingsactiviteit.DOORVERWIJZING,
        toelichting=f"Aan {verwijzing.ontvanger_naam}; gegevens: "
        + (", ".join(Gegevenscategorie(c).label.lower() for c in verwijzing.gegevens) or "geen"),
    )
    _aan_ontvanger(
        verwijzing,
        "verstuurd",
        eerste=eerste,
        voorrang=verwijzing.urgentie == Urgentie.HOOG,
    )


@transaction.atomic
def doorverwijzing_versturen(*, doorverwijzing: Doorverwijzing, door: User) -> None:
    """Send a concept: the receiver is told at once."""
    doorverwijzing.verstuur(door=door)
    _verstuurd(doorverwijzing, door=door)


@transaction.atomic
def doorverwijzing_beantwoorden(*, doorverwijzing: Doorverwijzing, door: User, antwoord: str):
    """The front door answers the receiver's question: the referral goes out again."""
    doorverwijzing.beantwoord(door=door, antwoord=antwoord)
    _verstuurd(doorverwijzing, door=door)


@transaction.atomic
def doorverwijzing_accepteren(*, doorverwijzing: Doorverwijzing, door: User) -> None:
    doorverwijzing.accepteer(door=door)
    _aan_verzenders(doorverwijzing, "geaccepteerd", door=door)


@transaction.atomic
def doorverwijzing_afwijzen(
    *, doorverwijzing: Doorverwijzing, door: User, reden: str, reden_soort: str
) -> None:
    doorverwijzing.wijs_af(door=door, reden=reden, reden_soort=reden_soort)
    _aan_verzenders(
        doorverwijzing,
        "afgewezen",
        reden=doorverwijzing.reden,
        reden_soort=doorverwijzing.get_reden_soort_display(),
    )


@transaction.atomic
def doorverwijzing_terugsturen(*, doorverwijzing: Doorverwijzing, door: User, vraag: str) -> None:
    """The receiver asks the front door something before saying yes or no."""
    vraag = doorverwijzing.stuur_terug(door=door, vraag=vraag)
    _aan_verzenders(doorverwijzing, "teruggestuurd", vraag=vraag)


@transaction.atomic
def doorverwijzing_contact_vastleggen(
    *, doorverwijzing: Doorverwijzing, door: User, toelichting: str = ""
) -> None:
    doorverwijzing.contact_gelegd(door=door, toelichting=toelichting)
    _aan_verzenders(doorverwijzing, "contact-gelegd")


@transaction.atomic
def doorverwijzing_afronden(*, doorverwijzing: Doorverwijzing, door: User, uitkomst: str) -> None:
    doorverwijzing.rond_af(door=door, uitkomst=uitkomst)
    _aan_verzenders(doorverwijzing, "afgerond", uitkomst=doorverwijzing.uitkomst)


@transaction.atomic
def doorverwijzing_intrekken(*, doorverwijzing: Doorverwijzing, door: User, reden: str) -> None:
    """The front door withdraws it; a receiver who had it is told."""
    reden = doorverwijzing.trek_in(door=door, reden=reden)
    if doorverwijzing.verstuurd_op is not None:
        _aan_ontvanger(doorverwijzing, "ingetrokken", reden=reden)


# The steps taken on a referral's page, by the name the page posts and the logboek records.
STAPPEN: dict[str, Callable[..., object]] = {
    "accepteren": doorverwijzing_accepteren,
    "afwijzen": doorverwijzing_afwijzen,
    "terugsturen": doorverwijzing_terugsturen,
    "contact": doorverwijzing_contact_vastleggen,
    "afronden": doorverwijzing_afronden,
    "versturen": doorverwijzing_versturen,
    "beantwoorden": doorverwijzing_beantwoorden,
    "intrekken": doorverwijzing_intrekken,
}


def verwerkingsactiviteit(user: User) -> str:
    """What a user's work on a referral is in the logboek: the partner's, or the front
    door's referral."""
    if user.rol == Rol.PARTNER:
        return Verwerkingsactiviteit.PARTNER
    return Verwerkingsactiviteit.DOORVERWIJZING


def doorverwijzing_wijzigen(
    *, doorverwijzing: Doorverwijzing, door: User, actie: str, **gegevens
) -> None:
    """One step on a referral's page (`actie`, a name in STAPPEN, with its text) and its row
    in the logboek dataverwerkingen, in one transaction: when the row cannot be written
    nothing changes (LogboekOnbereikbaar)."""
    with vastgelegd():
        STAPPEN[actie](doorverwijzing=doorverwijzing, door=door, **gegevens)
        verwerking_vastleggen(
            gebruiker=door,
            actie=Actie.WIJZIGEN,
            hulpvraag=doorverwijzing.hulpvraag.referentie,
            inwoner_id=doorverwijzing.hulpvraag.inwoner_id,
            activiteit=verwerkingsactiviteit(door),
            toelichting=f"doorverwijzing: {actie}",
        )
