"""Whether an aanbod takes new clients: the organisation states it, the counter sees it.

Three ways in, one way to store it (`capaciteit_doorgeven`, which calls the model method
and writes the history like every partner change):
- the monthly reminder: each partner user of an organisation gets, once a month, its
  aanbod with a signed link per answer (ja / wachtlijst / vol). The link opens a page with
  that answer chosen and one button; no login, and it touches only that aanbod's capacity;
- the partner portal (/partner/sociale-kaart/), directly, without review: it is a fact
  only the partner knows;
- the HSDS import (`service_capacity`, see hsds.py and hsds_import.py).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from locaties import openingstijden
from toegang.accounts.models import User
from toegang.accounts.roles import Rol
from toegang.berichten.services import (
    bericht_sturen,
    bericht_uit_sjabloon,
    eenmalig_alle,
    taken_plannen,
)

from .models import (
    Aanbod,
    AanbodStatus,
    Capaciteit,
    Feedherkomst,
    Organisatie,
    Soort,
    Wijziging,
)

CAPACITEIT_SALT = "sociale_kaart.capaciteit"
# A link from the reminder works until well after the next month's reminder.
LINK_GELDIG = timedelta(days=45)
# The answers a partner gives; "not stated" is only where nobody said anything yet.
KEUZES = (Capaciteit.JA, Capaciteit.WACHTLIJST, Capaciteit.VOL)
HERINNERING_TAAK = "sociale_kaart.tasks.capaciteit_herinnering_sturen"


def capaciteit_doorgeven(
    *, aanbod: Aanbod, capaciteit: str, wachtlijst_weken: int | None = None, door: User | None
) -> None:
    """Store the statement and its line in the history (`Wijziging`), together. An aanbod
    from a feed is refused (ValidationError): its source says it, and the next pull would
    overwrite what was stated here."""
    if (feed := Feedherkomst.feed_van(aanbod)) is not None:
        raise ValidationError(
            f"{aanbod.naam} komt uit {feed} en wordt daar bijgehouden, ook of het nieuwe "
            "cliënten aanneemt. Geef het daar door."
        )
    with transaction.atomic():
        wijzigingen = aanbod.capaciteit_doorgeven(
            capaciteit=capaciteit, wachtlijst_weken=wachtlijst_weken, door=door
        )
        Wijziging.objects.create(
            organisatie_id=aanbod.organisatie_id,
            soort=Soort.AANBOD,
            object_id=aanbod.pk,
            wijzigingen=wijzigingen,
            door=door,
        )


# --- the signed link ------------------------------------------------------------------------


def capaciteit_token(*, aanbod: Aanbod, gebruiker: User) -> str:
    """A link for one partner user to state one aanbod's capacity: signed, with the time it
    was made, bound to the aanbod, its organisation and the user (who is then recorded as
    the one who stated it)."""
    waarde = f"{_kort(aanbod.pk)}.{_kort(aanbod.organisatie_id)}.{gebruiker.pk}"
    return signing.TimestampSigner(salt=CAPACITEIT_SALT).sign(waarde)


def _kort(pk: uuid.UUID) -> str:
    """A UUID in 22 characters (URL-safe base64): the links in the e-mail stay short."""
    return base64.urlsafe_b64encode(pk.bytes).rstrip(b"=").decode()


def _uuid(kort: str) -> uuid.UUID:
    return uuid.UUID(bytes=base64.urlsafe_b64decode(kort + "=="))


@dataclass(frozen=True)
class Capaciteitslink:
    aanbod: Aanbod
    gebruiker: User


def capaciteitslink_uit_token(token: str) -> Capaciteitslink | None:
    """The aanbod and user of a valid link; None when the link is tampered with, expired,
    made for another salt, or no longer fits: the aanbod moved to another organisation, or
    the user left it or was switched off."""
    try:
        waarde = signing.TimestampSigner(salt=CAPACITEIT_SALT).unsign(token, max_age=LINK_GELDIG)
        aanbod_kort, organisatie_kort, gebruiker_pk = waarde.split(".")
        aanbod_id, organisatie_id = _uuid(aanbod_kort), _uuid(organisatie_kort)
        gebruiker_id = int(gebruiker_pk)
    except (signing.BadSignature, ValueError):
        return None
    aanbod = (
        Aanbod.objects.select_related("organisatie")
        .filter(pk=aanbod_id, organisatie_id=organisatie_id)
        .first()
    )
    gebruiker = User.objects.filter(
        pk=gebruiker_id, organisatie_id=organisatie_id, rol=Rol.PARTNER, is_active=True
    ).first()
    if aanbod is None or gebruiker is None:
        return None
    return Capaciteitslink(aanbod=aanbod, gebruiker=gebruiker)


def capaciteit_links(*, aanbod: Aanbod, gebruiker: User) -> dict[str, str]:
    """Per answer the absolute address of its one-click link, for the e-mail."""
    pad = reverse(
        "sociale_kaart:capaciteit", args=[capaciteit_token(aanbod=aanbod, gebruiker=gebruiker)]
    )
    return {keuze.value: f"{settings.SITE_URL}{pad}?keuze={keuze.value}" for keuze in KEUZES}


# --- the monthly reminder -------------------------------------------------------------------


def _te_vragen() -> Iterable:
    """Organisations with a partner user to ask and aanbod residents can find."""
    return (
        Organisatie.objects.filter(gebruikers__rol=Rol.PARTNER, gebruikers__is_active=True)
        .filter(aanbod__status__in=[AanbodStatus.ACTIEF, AanbodStatus.TIJDELIJK_GESLOTEN])
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def capaciteit_herinneringen_plannen(*, vandaag: date | None = None) -> int:
    """Beat, working mornings: once a month each organisation is asked. A key per
    organisation per month is claimed first, and a task is planned (outbox, published
    after commit) only for the keys claimed now, so running this twice, or every working
    day of the month, plans each organisation once. Returns how many were planned."""
    vandaag = vandaag or timezone.localdate()
    if not openingstijden.is_werkdag(vandaag):
        return 0
    maand = f"{vandaag:%Y-%m}"
    sleutels = {f"capaciteit:{maand}:{pk}": pk for pk in _te_vragen()}
    with transaction.atomic():
        geclaimd = eenmalig_alle(list(sleutels))
        taken_plannen((HERINNERING_TAAK, [str(sleutels[s]), maand]) for s in sorted(geclaimd))
    return len(geclaimd)


def capaciteit_herinnering_sturen(*, organisatie_id: str, maand: str) -> int:
    """The reminder of one organisation for one month: to each of its active partner users
    a message with its aanbod, and in the e-mail the one-click links made for that user.
    Each user's message is claimed with its own key, so a task that runs twice (or is
    retried after a crash) sends nothing twice. Returns how many users got it now."""
    organisatie = Organisatie.objects.filter(pk=organisatie_id).first()
    if organisatie is None:
        return 0
    # Aanbod from a feed is stated at its source.
    aanbod_lijst = list(
        organisatie.aanbod.zichtbaar().filter(feedherkomst__isnull=True).order_by("naam", "pk")
    )
    if not aanbod_lijst:
        return 0
    portaal = reverse("sociale_kaart:partner")
    verstuurd = 0
    for gebruiker in organisatie.gebruikers.filter(rol=Rol.PARTNER, is_active=True).order_by("pk"):
        verstuurd += bericht_sturen(
            ontvangers=[gebruiker],
            link=portaal,
            sleutel=f"capaciteit:{maand}:{organisatie.pk}:{gebruiker.pk}",
            **bericht_uit_sjabloon(
                "sociale_kaart/meldingen/capaciteit.txt",
                organisatie=organisatie,
                regels=[
                    {"aanbod": a, "links": capaciteit_links(aanbod=a, gebruiker=gebruiker)}
                    for a in aanbod_lijst
                ],
                geldig_dagen=LINK_GELDIG.days,
            ),
        )
    return verstuurd


# --- the counter's search -------------------------------------------------------------------

CAPACITEIT_VELDEN = ("capaciteit", "wachtlijst_weken", "capaciteit_doorgegeven_op")


def capaciteit_aanvullen(aanbod_lijst: Iterable[Aanbod]) -> None:
    """Read the capacity of a page of search results in one query. The search builds its
    rows with only what a result shows (zoeken._aanbod); without this each row would read
    its capacity on its own."""
    lijst = list(aanbod_lijst)
    waarden = {
        pk: rest
        for pk, *rest in Aanbod.objects.filter(pk__in=[a.pk for a in lijst]).values_list(
            "pk", *CAPACITEIT_VELDEN
        )
    }
    for aanbod in lijst:
        for veld, waarde in zip(
            CAPACITEIT_VELDEN,
            waarden.get(aanbod.pk, (Capaciteit.ONBEKEND, None, None)),
            strict=True,
        ):
            setattr(aanbod, veld, waarde)
