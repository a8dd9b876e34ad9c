"""Search signals: what residents search in the sociale kaart and whether they find it.

Every search of the public page (`views.zoeken`) leaves one anonymous `Zoeksignaal`: the
day, the query normalised and with personal data masked (toegang.persoonsgegevens) before
it is stored, the filters, the number of results. No address (the rate limit uses it and
forgets it: a search over the limit never reaches the view, so it is not counted), no
session, no cookie, no user, no time finer than the day.

The page carries the signal's id as a signed token (`token`) — in the form (a hidden field),
in the links to each result and in the "Vond u wat u zocht?" form — so that:

- opening a result marks the signal `geopend` (`geopend_vastleggen`);
- the answer and its remark land on it (`antwoord_vastleggen`);
- another page of the same results, the back button, or the full request that follows
  htmx's live request on Enter count no second search; and the live search, which asks
  while the resident types ("sch", "schul", "schulden"), keeps one signal that grows with
  the words instead of one per pause in typing (`zoeksignaal_vastleggen`).

The token is only the row's number, signed: nothing about the person. It is accepted for
signals of today and yesterday.

For the beheerder: the synonym queue (`wachtrij`), the most frequent queries with few or no
results or a "nee", and the three decisions on one (`zoekvraag_synoniem_maken`,
`zoekvraag_zoekwoord_toevoegen`, `zoekvraag_negeren`). Search reads the synonyms and the
search vectors fresh on every search (sociale_kaart.zoeken), so the effect shows at once.

Kept ZOEKSIGNAAL_BEWAARMAANDEN months: `zoeksignalen_opschonen`, from the nightly retention
job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.core import signing
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from toegang.persoonsgegevens import maskeren
from toegang.privacy.services import maanden_eerder

from .models import (
    WEINIG_RESULTATEN,
    ZOEKSIGNAAL_BEWAARMAANDEN,
    Aanbod,
    Feedherkomst,
    Synoniem,
    Zoekbesluit,
    Zoeksignaal,
)
from .zoeken import (
    MAX_ZOEKTEKST,
    Filters,
    Resultaat,
    suggesties_voor,
    woorden,
    zoek_qs,
    zoekindex_bijwerken,
)

SALT = "sociale_kaart.zoeksignaal"
# A token is honoured for signals of this many days back (a search just before midnight).
GELDIG_DAGEN = 1
TOELICHTING_MAX = 500
_ONZICHTBAAR = re.compile(r"[\x00-\x1f\x7f]")


def zoektekst_normaliseren(tekst: str) -> str:
    """A query as it is stored: personal data masked (on the text as typed: the patterns
    read capitals and spacing), then lower case with whitespace collapsed, at most
    MAX_ZOEKTEKST characters. 'Bel 06-12345678  Geldzorgen' → 'bel [telefoon] geldzorgen'."""
    tekst = unicodedata.normalize("NFKC", str(tekst or "")[: MAX_ZOEKTEKST + 40])
    tekst = maskeren(_ONZICHTBAAR.sub(" ", tekst))
    return " ".join(tekst.lower().split())[:MAX_ZOEKTEKST]


def toelichting_schoonmaken(tekst: str) -> str:
    """A remark as it is stored: masked, one paragraph, at most TOELICHTING_MAX."""
    tekst = unicodedata.normalize("NFKC", str(tekst or ""))
    return " ".join(maskeren(_ONZICHTBAAR.sub(" ", tekst)).split())[:TOELICHTING_MAX]


# --- the token ---------------------------------------------------------------------------------


def token(signaal_id: int) -> str:
    return signing.Signer(salt=SALT).sign(str(signaal_id))


def _id_uit_token(waarde) -> int | None:
    if not waarde or not isinstance(waarde, str) or len(waarde) > 100:
        return None
    try:
        return int(signing.Signer(salt=SALT).unsign(waarde))
    except (signing.BadSignature, ValueError):
        return None


def _geldig(waarde, vandaag: date | None = None):
    """The signals a token may still reach: its own, if of today or yesterday."""
    signaal_id = _id_uit_token(waarde)
    if signaal_id is None:
        return Zoeksignaal.objects.none()
    vandaag = vandaag or timezone.localdate()
    return Zoeksignaal.objects.filter(
        pk=signaal_id, dag__gte=vandaag - timedelta(days=GELDIG_DAGEN)
    )


# --- recording ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vastgelegd:
    """The signal of the search on this page: its token, and the answer already given."""

    id: int
    gevonden: bool | None = None

    @property
    def token(self) -> str:
        return token(self.id)

    @property
    def beantwoord(self) -> bool:
        return self.gevonden is not None


def is_zoekopdracht(data) -> bool:
    """Whether a request of the search page searches: words or a filter. Opening the empty
    page is no search."""
    return any((data.get(naam) or "").strip() for naam in Filters.NAMEN + ("q",))


def _filtervelden(filters: Filters) -> dict:
    return {
        "levensdomein_id": filters.levensdomein.pk if filters.levensdomein else None,
        "kern": filters.kern,
        "doelgroep_id": filters.doelgroep.pk if filters.doelgroep else None,
        "kosten": filters.kosten,
    }


def zoeksignaal_vastleggen(
    *, resultaat: Resultaat, vorig_token: str = "", live: bool = False
) -> Vastgelegd:
    """Record one search of the public page. `vorig_token`: the token the page sent along
    (the signal of the search it showed); `live`: htmx's request while typing.

    The same search again (another page, the back button, Enter after a live request)
    keeps its signal. While typing, a query that extends the last one updates it ("schul"
    → "schulden"), one that only lost letters keeps it; anything else is a new search.
    A signal with an opened result or an answer is never changed by a later search."""
    zoektekst = zoektekst_normaliseren(resultaat.zoektekst)
    filters = _filtervelden(resultaat.filters)
    nieuw = {
        "zoektekst": zoektekst,
        "aantal_resultaten": resultaat.aantal,
        "verbeterd": resultaat.verbeterd,
        **filters,
    }
    vorig = (
        _geldig(vorig_token).values("id", "zoektekst", "geopend", "gevonden", *filters).first()
        if vorig_token
        else None
    )
    if vorig and all(vorig[naam] == waarde for naam, waarde in filters.items()):
        if vorig["zoektekst"] == zoektekst:
            return Vastgelegd(vorig["id"], vorig["gevonden"])
        onaangeroerd = not vorig["geopend"] and vorig["gevonden"] is None
        if live and onaangeroerd:
            if zoektekst.startswith(vorig["zoektekst"]):
                Zoeksignaal.objects.filter(pk=vorig["id"]).update(**nieuw)
                return Vastgelegd(vorig["id"])
            if vorig["zoektekst"].startswith(zoektekst):
                return Vastgelegd(vorig["id"])
    return Vastgelegd(Zoeksignaal.objects.create(**nieuw).pk)


def geopend_vastleggen(waarde: str) -> bool:
    """A result of this signal's search was opened. One statement; True when it counted."""
    return bool(_geldig(waarde).filter(geopend=False).update(geopend=True))


def antwoord_vastleggen(waarde: str, *, gevonden: bool, toelichting: str = "") -> bool:
    """ "Vond u wat u zocht?": the answer (and the remark, masked) on this signal. Sent twice,
    the second changes the answer, and keeps the remark when it brings none. False when the
    token is unknown or too old."""
    velden = {"gevonden": gevonden}
    toelichting = toelichting_schoonmaken(toelichting)
    if toelichting:
        velden["toelichting"] = toelichting
    return bool(_geldig(waarde).update(**velden))


# --- retention ---------------------------------------------------------------------------------


def zoeksignalen_opschonen(*, nu: datetime | None = None) -> int:
    """Remove the signals older than ZOEKSIGNAAL_BEWAARMAANDEN months (the nightly retention
    job). Returns how many."""
    nu = nu or timezone.now()
    grens = timezone.localdate(maanden_eerder(nu, ZOEKSIGNAAL_BEWAARMAANDEN))
    return Zoeksignaal.objects.filter(dag__lt=grens).delete()[0]


# --- the synonym queue -------------------------------------------------------------------------

WACHTRIJ_WEKEN = (4, 8, 13, 26, 52)
WACHTRIJ_STANDAARD_WEKEN = 8
WACHTRIJ_LENGTE = 25
TOELICHTINGEN_PER_VRAAG = 3


@dataclass
class Wachtrijregel:
    zoektekst: str
    zoekopdrachten: int  # searches with few or no results or a "nee"
    zonder_resultaat: int
    nee: int
    laatst: date
    toelichtingen: list[str] = field(default_factory=list)
    suggestie: str | None = None


def _in_wachtrij(van: date):
    """The signals that ask for the beheerder: few or no results, or a "nee", since `van`,
    with words, not dismissed, and not from before a decision on the same query (made a
    synonym or keyword: only searches after that day bring it back)."""
    besluit = Zoekbesluit.objects.filter(zoektekst=OuterRef("zoektekst")).filter(
        Q(soort=Zoekbesluit.Soort.GENEGEERD) | Q(op__date__gte=OuterRef("dag"))
    )
    return (
        Zoeksignaal.objects.filter(dag__gte=van)
        .filter(Q(aantal_resultaten__lte=WEINIG_RESULTATEN) | Q(gevonden=False))
        .exclude(zoektekst="")
        .exclude(Exists(besluit))
    )


def wachtrij(
    *,
    weken: int = WACHTRIJ_STANDAARD_WEKEN,
    vandaag: date | None = None,
    lengte: int = WACHTRIJ_LENGTE,
) -> list[Wachtrijregel]:
    """The most frequent queries of the last `weken` weeks that found little or got a "nee",
    most frequent first, each with the latest remarks and what "Bedoelde u" would propose."""
    vandaag = vandaag or timezone.localdate()
    van = vandaag - timedelta(weeks=weken)
    rijen = (
        _in_wachtrij(van)
        .values("zoektekst")
        .annotate(
            zoekopdrachten=Count("id"),
            zonder_resultaat=Count("id", filter=Q(aantal_resultaten=0)),
            nee=Count("id", filter=Q(gevonden=False)),
            laatst=Max("dag"),
            # Remarks are few (a "nee" now and then): collected in the same pass.
            opmerkingen=ArrayAgg(
                "toelichting", filter=~Q(toelichting=""), order_by=("-dag", "-id"), default=[]
            ),
        )
        .order_by("-zoekopdrachten", "-laatst", "zoektekst")[:lengte]
    )
    regels = []
    for rij in rijen:
        opmerkingen = rij.pop("opmerkingen")
        regel = Wachtrijregel(**rij)
        for opmerking in opmerkingen:
            if (
                len(regel.toelichtingen) < TOELICHTINGEN_PER_VRAAG
                and opmerking not in regel.toelichtingen
            ):
                regel.toelichtingen.append(opmerking)
        regels.append(regel)
    suggesties = suggesties_voor([regel.zoektekst for regel in regels])
    for regel in regels:
        regel.suggestie = suggesties[regel.zoektekst]
    return regels


class ZoekbesluitFout(Exception):
    """A decision that cannot be carried out; the message says why, in Dutch."""


def _besluit(zoektekst: str, soort: str, toelichting: str, door) -> Zoekbesluit:
    besluit, _ = Zoekbesluit.objects.update_or_create(
        zoektekst=zoektekst,
        defaults={
            "soort": soort,
            "toelichting": toelichting[:300],
            "op": timezone.now(),
            "door": door,
        },
    )
    return besluit


def _zoektekst_controleren(zoektekst: str) -> str:
    zoektekst = " ".join(str(zoektekst or "").split())
    if not zoektekst or len(zoektekst) > MAX_ZOEKTEKST:
        raise ZoekbesluitFout("Deze zoekvraag staat niet in de wachtrij.")
    return zoektekst


def zoekvraag_synoniem_maken(*, zoektekst: str, betekent: str, door) -> Synoniem:
    """Residents' words as a synonym of words search knows: 'geldzorgen' → 'schulden'. The
    words must find something already. A synonym with the same words grows by the new
    meaning."""
    zoektekst = _zoektekst_controleren(zoektekst)
    sleutel = tuple(woorden(zoektekst))
    if not sleutel:
        raise ZoekbesluitFout(f"In ‘{zoektekst}’ staan geen woorden om te zoeken.")
    if len(zoektekst) > Synoniem._meta.get_field("term").max_length:
        raise ZoekbesluitFout("Deze zoekvraag is te lang voor een synoniem (60 tekens).")
    delen = [" ".join(deel.split()) for deel in str(betekent or "").split(",")]
    delen = [deel for deel in delen if woorden(deel)]
    if not delen:
        raise ZoekbesluitFout("Vul in waar het om gaat, bijvoorbeeld ‘schulden’.")
    for deel in delen:
        if not zoek_qs(Aanbod.objects.zichtbaar(), deel).exists():
            raise ZoekbesluitFout(
                f"Met ‘{deel}’ vindt de zoekfunctie niets. Kies woorden die wel iets vinden."
            )
    with transaction.atomic():
        bestaand = next(
            (
                s
                for s in Synoniem.objects.select_for_update().order_by("pk")
                if tuple(woorden(s.term)) == sleutel
            ),
            None,
        )
        if bestaand is None:
            synoniem = Synoniem(term=zoektekst, betekent=", ".join(delen))
        else:
            synoniem = bestaand
            al = [d.strip() for d in bestaand.betekent.split(",") if d.strip()]
            synoniem.betekent = ", ".join(al + [d for d in delen if d not in al])
        if len(synoniem.betekent) > Synoniem._meta.get_field("betekent").max_length:
            raise ZoekbesluitFout(f"Het synoniem ‘{synoniem.term}’ heeft al te veel betekenissen.")
        synoniem.save()
        _besluit(zoektekst, Zoekbesluit.Soort.SYNONIEM, f"synoniem van {', '.join(delen)}", door)
    return synoniem


def zoekvraag_zoekwoord_toevoegen(*, zoektekst: str, aanbod: Aanbod, door) -> Aanbod:
    """The query as a keyword of this aanbod, in its search vector at once. Not for an
    aanbod from a feed: its source keeps it, the next pull would undo the keyword."""
    zoektekst = _zoektekst_controleren(zoektekst)
    woord = " ".join(zoektekst.replace(",", " ").split())
    if not woorden(woord):
        raise ZoekbesluitFout(f"In ‘{zoektekst}’ staan geen woorden om te zoeken.")
    feed = Feedherkomst.feed_van(aanbod)
    if feed is not None:
        raise ZoekbesluitFout(
            f"‘{aanbod.naam}’ komt uit de feed {feed}; een zoekwoord toevoegen kan alleen bij de bron."
        )
    with transaction.atomic():
        aanbod = Aanbod.objects.select_for_update().get(pk=aanbod.pk)
        bestaand = [w.strip() for w in aanbod.zoekwoorden.split(",") if w.strip()]
        if woord not in [w.lower() for w in bestaand]:
            zoekwoorden = ", ".join([*bestaand, woord])
            if len(zoekwoorden) > Aanbod._meta.get_field("zoekwoorden").max_length:
                raise ZoekbesluitFout(
                    f"De zoekwoorden van ‘{aanbod.naam}’ zijn vol (300 tekens). Maak er ruimte "
                    "in op de pagina van het aanbod, of maak een synoniem."
                )
            aanbod.zoekwoorden = zoekwoorden
            aanbod.save(update_fields=["zoekwoorden", "gewijzigd"])
            zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
        _besluit(zoektekst, Zoekbesluit.Soort.ZOEKWOORD, f"zoekwoord bij {aanbod.naam}", door)
    return aanbod


def zoekvraag_negeren(*, zoektekst: str, door) -> Zoekbesluit:
    """The query leaves the queue for good (a test, a name, nonsense)."""
    return _besluit(_zoektekst_controleren(zoektekst), Zoekbesluit.Soort.GENEGEERD, "", door)
