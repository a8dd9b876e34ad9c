"""Mijn vragen: a resident asks for a one-time link to all their open and recent questions,
opens it once, or logs in with DigiD; every look at the list is in the logboek.

Veilig contact and the link. The link opens every question of an e-mail address to whoever
reads that mailbox. A resident who said "stuur mij geen e-mail" on any of those questions
may share the mailbox with the very person they need to be safe from: then no link is sent
at all (the request page answers the same as ever, so the asker learns nothing), and the
question's timeline says a mail was not sent and why, as for every refused mail
(`email_geweigerd`). "Alleen e-mail die nodig is" allows it: the link confirms what they
asked for just now (Berichtsoort.BEVESTIGING). Such a resident can still see each question
through its own status link, or log in with DigiD where the municipality offers it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from toegang.berichten.models import Mail
from toegang.privacy.services import (
    Actie,
    Resultaat,
    vastgelegd,
    verwerking_vastleggen,
    verwerkingen_vastleggen,
)

from ..models import INLOGLINK_GELDIG, Berichtsoort, Hulpvraag, Inloglink, mijn_vragen_van
from .meldingen import absoluut
from .veilig_contact import email_geweigerd, inwoner_mailen

SJABLOON = "emails/mijn_vragen_link.txt"


def _mailsleutel(link: Inloglink) -> str:
    # "inloglink:<id>": retention finds the mail by it (intake/services/bewaren.py).
    return f"inloglink:{link.pk}"


def inloglink_aanvragen(*, email: str, taal: str) -> bool:
    """Mail a one-time link to Mijn vragen when `email` has open or recent questions and
    veilig contact allows it (see the module's text); True when a mail went into the
    outbox. The caller answers the same either way."""
    email = email.strip()
    vragen = list(
        mijn_vragen_van(email=email).select_related("inwoner").order_by("-aangemaakt", "-pk")
    )
    if not vragen:
        return False
    with vastgelegd():
        aanvraag = secrets.token_hex(8)
        geweigerd = [
            vraag
            for vraag in vragen
            if email_geweigerd(
                hulpvraag=vraag,
                soort=Berichtsoort.BEVESTIGING,
                sleutel=f"inloglink-geweigerd:{aanvraag}:{vraag.pk}",
            )
        ]
        if geweigerd:
            return False
        link, token = Inloglink.maken(email=email.lower())
        return inwoner_mailen(
            hulpvraag=vragen[0],
            soort=Berichtsoort.BEVESTIGING,
            sleutel=_mailsleutel(link),
            sjabloon=SJABLOON,
            taal=taal,
            geheim=True,
            context={
                "link": absoluut(reverse("intake:mijn_vragen_link", args=[token])),
                "minuten": int(INLOGLINK_GELDIG.total_seconds() // 60),
                "telefoon": settings.GEMEENTE_TELEFOON,
            },
        )


def weigering_vastleggen(*, toelichting: str) -> None:
    """A refused way into Mijn vragen (a used or expired link, a failed DigiD login) in the
    logboek: no case is named, since nothing was opened."""
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=None,
            actie=Actie.INZIEN,
            resultaat=Resultaat.GEWEIGERD,
            toelichting=f"Mijn vragen: {toelichting}",
        )


def inloglink_gebruiken(*, token: str) -> tuple[list[int], str]:
    """Open a link once: the ids of the questions it shows, or ([], why not) — a
    Inloglink.Weigering, which the logboek records as a refusal. The mail that carried the
    link goes at once (its text was wiped when it was sent: Mail.geheim)."""
    with vastgelegd():
        link, weigering = Inloglink.gebruiken(token)
        if weigering:
            weigering_vastleggen(toelichting=Inloglink.Weigering(weigering).label)
            return [], weigering
        Mail.objects.filter(sleutel=_mailsleutel(link), status=Mail.Status.VERZONDEN).delete()
        ids = list(mijn_vragen_van(email=link.email).values_list("pk", flat=True))
    return ids, ""


def mijn_vragen_tonen(*, ids: Iterable[int] = (), digid_sleutel: str = "") -> list[Hulpvraag]:
    """The questions of a Mijn vragen session (the ids a link opened, or those of a DigiD
    login) that are still open or recent, newest first, with one row each in the logboek,
    in one transaction (LogboekOnbereikbaar: nothing is shown)."""
    with vastgelegd():
        vragen = list(
            mijn_vragen_van(ids=ids, digid_sleutel=digid_sleutel)
            .select_related("inwoner", "vast_aanspreekpunt")
            .order_by("-aangemaakt", "-pk")
        )
        verwerkingen_vastleggen(
            gebruiker=None,
            actie=Actie.INZIEN,
            zaken=[(vraag.referentie, vraag.inwoner_id) for vraag in vragen],
            toelichting="Mijn vragen (DigiD)" if digid_sleutel else "Mijn vragen (e-mail)",
        )
    return vragen
