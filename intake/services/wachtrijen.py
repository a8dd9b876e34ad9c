"""The front desk's work queues: a few rows of each on /balie/, every row on the queue's own
page (/balie/wachtrij/<naam>/), both read through `wachtrijen`, the one place that scopes
them by role and organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window, prefetch_related_objects
from django.utils import timezone

from locaties import openingstijden

from ..models import (
    NIEUW_ONLINE,
    OPEN,
    Afspraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Hulpvraag,
    Terugbelverzoek,
    geen_contact_na_termijn,
)

# Rows per work queue on /balie/, the oldest (and safety signals) first: an overview that
# stays light however long the queues get; each queue says how many there are in all and
# links to its own page, PER_PAGINA rows at a time.
OP_BALIE = 10
PER_PAGINA = 50

# Every queue by its name in the URL, with its heading.
TITELS = {
    "veiligheid": "Veiligheid / meldcode",
    "nieuw": "Nieuwe vragen",
    "mijn": "Mijn hulpvragen",
    "mijn_afspraken": "Mijn afspraken",
    "te_laat": "Te laat",
    "vraag_terug": "Vragen van ontvangers",
    "aan_mij": "Doorverwijzingen aan u of uw team",
    "verwijzing_te_laat": "Doorverwijzingen die te lang wachten",
    "geen_contact": "Nog geen contact na 2 werkdagen",
    "terugbellen": "Terugbellen",
}
# The queues whose rows show a resident's name: showing them is logged.
ZAAKWACHTRIJEN = ("veiligheid", "nieuw", "mijn", "geen_contact")
# The queues whose rows are call-backs: they show the resident's name and number too.
TERUGBELWACHTRIJEN = ("terugbellen",)


def getoonde_zaken(rijen: dict[str, list]) -> list[Hulpvraag]:
    """The cases whose resident the shown rows name, for the logboek."""
    return [h for naam in ZAAKWACHTRIJEN for h in rijen.get(naam, ())] + [
        verzoek.hulpvraag for naam in TERUGBELWACHTRIJEN for verzoek in rijen.get(naam, ())
    ]


def _zaakwachtrijen(user, vandaag) -> dict[str, Q]:
    """The queues of open cases, each as its condition on the cases `user` may see: the
    lists and their counts follow from these."""
    return {
        "veiligheid": OPEN & Q(veiligheid=True),
        "nieuw": NIEUW_ONLINE,
        "mijn": OPEN & Q(vast_aanspreekpunt=user),
        "geen_contact": geen_contact_na_termijn(vandaag),
    }


def _wachtrijen(user) -> dict[str, Callable[[], QuerySet]]:
    """Each work queue as a function that builds its queryset: a queue's own page builds only
    its own (building the access scopes' filters costs more than reading a page's rows)."""
    vandaag = timezone.localdate()

    @cache
    def zichtbaar():
        return Hulpvraag.objects.zichtbaar_voor(user).select_related("inwoner")

    # Who does it (`eigenaar_tekst`) comes with _aanvullen's prefetch: joined here, a
    # misestimate (open commitments lie on open cases) makes PostgreSQL scan the users
    # once per row.
    @cache
    def afspraken():
        return Afspraak.objects.zichtbaar_voor(user).select_related("hulpvraag")

    @cache
    def verwijzingen():
        return Doorverwijzing.objects.zichtbaar_voor(user).select_related(
            "hulpvraag", "organisatie", "aanbod", "collega"
        )

    S = DoorverwijzingStatus  # noqa: N806
    zaken = {
        naam: partial(lambda voorwaarde: zichtbaar().filter(voorwaarde).veilig_eerst(), v)
        for naam, v in _zaakwachtrijen(user, vandaag).items()
    }
    return {
        **zaken,
        "mijn_afspraken": lambda: (
            afspraken()
            .open()
            .filter(
                Q(eigenaar=user) | Q(hulpvraag__vast_aanspreekpunt=user),
                deadline__lte=openingstijden.werkdagen_later(vandaag, 1),
            )
            .order_by("-hulpvraag__veiligheid", "deadline")
        ),
        "te_laat": lambda: (
            afspraken().te_laat(vandaag).order_by("-hulpvraag__veiligheid", "deadline")
        ),
        # Referrals: those I must answer (to me or my team), questions back to the front
        # door, and referrals a receiver lets wait.
        "aan_mij": lambda: (
            Doorverwijzing.objects.voor_ontvanger(user)
            .filter(status__in=[S.VERSTUURD, S.GEACCEPTEERD, S.CONTACT_GELEGD])
            .select_related("hulpvraag", "collega")
            .order_by("termijn_vanaf")
        ),
        "vraag_terug": lambda: (
            verwijzingen()
            .filter(status=S.TERUGGESTUURD)
            .filter(
                Q(verstuurd_door=user)
                | Q(contactpersoon=user)
                | Q(hulpvraag__vast_aanspreekpunt=user)
            )
            .order_by("teruggestuurd_op")
        ),
        "verwijzing_te_laat": lambda: verwijzingen().te_laat().order_by("termijn_vanaf"),
        # Call-backs still to make, the earliest window first (an overdue one on top), with
        # who took each; scoped by the cases they belong to.
        "terugbellen": lambda: (
            Terugbelverzoek.objects.zichtbaar_voor(user)
            .open()
            .select_related("hulpvraag__inwoner", "hulpvraag__veilig_contact", "opgepakt_door")
            .order_by("venster_start", "pk")
        ),
    }


def wachtrijen(user) -> dict[str, QuerySet]:
    """The front desk's work queues, safety-flagged cases on top of each."""
    return {naam: maak() for naam, maak in _wachtrijen(user).items()}


def wachtrij(user, naam: str) -> QuerySet:
    """One work queue (`naam` one of TITELS), the same as in `wachtrijen`."""
    return _wachtrijen(user)[naam]()


def _aanvullen(rijen: dict[str, list]) -> None:
    """Who does each shown commitment (`eigenaar_tekst`), read for all rows at once."""
    afspraken = [*rijen.get("mijn_afspraken", ()), *rijen.get("te_laat", ())]
    prefetch_related_objects(afspraken, "eigenaar", "organisatie")


@dataclass(frozen=True)
class Werkvoorraad:
    """What /balie/ shows: at most OP_BALIE rows of each queue, and how many in all."""

    rijen: dict[str, list]
    totalen: dict[str, int]


def werkvoorraad(user) -> Werkvoorraad:
    """Every queue's first rows, in a fixed number of statements however long the queues
    are: the case queues counted together in one statement, the other queues each with its
    count (a window)."""
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
    rijen = {}
    for naam, rij in wachtrijen(user).items():
        if naam in totalen:
            rijen[naam] = list(rij[:OP_BALIE])
        else:
            rijen[naam] = list(rij.annotate(wachtrij_totaal=Window(Count("pk")))[:OP_BALIE])
            totalen[naam] = rijen[naam][0].wachtrij_totaal if rijen[naam] else 0
    _aanvullen(rijen)
    return Werkvoorraad(rijen=rijen, totalen=totalen)


def wachtrij_pagina(user, *, naam: str, pagina: int) -> Page:
    """One page of one queue (`naam` one of TITELS), the same rows in the same order as on
    /balie/; a page beyond the end is the last. Two statements (count and rows) however long
    the queue is."""
    pagina = Paginator(wachtrij(user, naam), PER_PAGINA).get_page(pagina)
    pagina.object_list = list(pagina.object_list)
    _aanvullen({naam: pagina.object_list})
    return pagina
