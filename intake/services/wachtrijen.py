"""The front desk's work queues on /balie/."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Window, prefetch_related_objects
from django.utils import timezone

from locaties import openingstijden

from ..models import (
    NIEUW_ONLINE,
    OPEN,
    Afspraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Hulpvraag,
    geen_contact_na_termijn,
)

# Rows per work queue on /balie/: the oldest (and safety signals) first; the new questions
# page on, the other queues say how many there are in all.
PER_WACHTRIJ = 50


def _zaakwachtrijen(user, vandaag) -> dict[str, Q]:
    """The queues of open cases, each as its condition on the cases `user` may see: the
    lists and their counts follow from these."""
    return {
        "veiligheid": OPEN & Q(veiligheid=True),
        "nieuw": NIEUW_ONLINE,
        "mijn": OPEN & Q(vast_aanspreekpunt=user),
        "geen_contact": geen_contact_na_termijn(vandaag),
    }


def wachtrijen(user) -> dict[str, object]:
    """The front desk's work queues, safety-flagged cases on top of each."""
    vandaag = timezone.localdate()
    zichtbaar = Hulpvraag.objects.zichtbaar_voor(user).select_related("inwoner")
    # Who does it (`eigenaar_tekst`) comes with werkvoorraad's prefetch: joined here, a
    # misestimate (open commitments lie on open cases) makes PostgreSQL scan the users
    # once per row.
    afspraken = Afspraak.objects.zichtbaar_voor(user).select_related("hulpvraag")
    verwijzingen = Doorverwijzing.objects.zichtbaar_voor(user).select_related(
        "hulpvraag", "organisatie", "aanbod", "collega"
    )
    S = DoorverwijzingStatus  # noqa: N806
    zaken = {
        naam: zichtbaar.filter(voorwaarde).veilig_eerst()
        for naam, voorwaarde in _zaakwachtrijen(user, vandaag).items()
    }
    return {
        **zaken,
        "mijn_afspraken": afspraken.open()
        .filter(
            Q(eigenaar=user) | Q(hulpvraag__vast_aanspreekpunt=user),
            deadline__lte=openingstijden.werkdagen_later(vandaag, 1),
        )
        .order_by("-hulpvraag__veiligheid", "deadline"),
        "te_laat": afspraken.te_laat(vandaag).order_by("-hulpvraag__veiligheid", "deadline"),
        # Referrals: those I must answer (to me or my team), questions back to the front
        # door, and referrals a receiver lets wait.
        "aan_mij": Doorverwijzing.objects.voor_ontvanger(user)
        .filter(status__in=[S.VERSTUURD, S.GEACCEPTEERD, S.CONTACT_GELEGD])
        .select_related("hulpvraag", "collega")
        .order_by("termijn_vanaf"),
        "vraag_terug": verwijzingen.filter(status=S.TERUGGESTUURD)
        .filter(
            Q(verstuurd_door=user) | Q(contactpersoon=user) | Q(hulpvraag__vast_aanspreekpunt=user)
        )
        .order_by("teruggestuurd_op"),
        "verwijzing_te_laat": verwijzingen.te_laat().order_by("termijn_vanaf"),
    }


@dataclass(frozen=True)
class Werkvoorraad:
    """What /balie/ shows: at most PER_WACHTRIJ rows of each queue, and how many in all."""

    rijen: dict[str, list]
    totalen: dict[str, int]
    nieuw_pagina: int


def werkvoorraad(user, *, nieuw_pagina: int = 1) -> Werkvoorraad:
    """Every queue's first rows (the new questions from `nieuw_pagina` on, the nearest real
    page), in a fixed number of statements however long the queues are: the case queues
    counted together in one statement, the other queues each with its count (a window)."""
    vandaag = timezone.localdate()
    # Over the open cases (the partial indexes), each queue's own condition in its FILTER.
    totalen = (
        Hulpvraag.objects.zichtbaar_voor(user)
        .open()
        .aggregate(
            **{
                naam: Count("pk", filter=voorwaarde)
                for naam, voorwaarde in _zaakwachtrijen(user, vandaag).items()
            }
        )
    )
    nieuw_pagina = max(1, min(nieuw_pagina, -(-totalen["nieuw"] // PER_WACHTRIJ)))
    rijen = {}
    for naam, rij in wachtrijen(user).items():
        if naam in totalen:
            begin = (nieuw_pagina - 1) * PER_WACHTRIJ if naam == "nieuw" else 0
            rijen[naam] = list(rij[begin : begin + PER_WACHTRIJ])
        else:
            rijen[naam] = list(rij.annotate(wachtrij_totaal=Window(Count("pk")))[:PER_WACHTRIJ])
            totalen[naam] = rijen[naam][0].wachtrij_totaal if rijen[naam] else 0
    prefetch_related_objects(
        [*rijen["mijn_afspraken"], *rijen["te_laat"]], "eigenaar", "organisatie"
    )
    return Werkvoorraad(rijen=rijen, totalen=totalen, nieuw_pagina=nieuw_pagina)
