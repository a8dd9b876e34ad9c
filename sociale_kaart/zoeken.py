"""Search in the sociale kaart: one code path for the public page, the counter and the API.

PostgreSQL only, and only what every PostgreSQL has (the embedded one of `make run` ships
no contrib extensions: no pg_trgm, no unaccent):

- full-text search with the `dutch` configuration (stemming), on text folded to plain
  letters in Python, so "cafe" finds "café";
- prefix matching on every word of four letters or more and on the last word (Dutch
  compounds: "schulden" finds "schuldhulpverlening"; results update while typing);
- synonyms the beheerder keeps (Synoniem), also for phrases ("hulp bij formulieren");
- typo tolerance with a vocabulary of the words in the directory and their one-letter
  deletions (symmetric delete), so a misspelling within two edits finds its word;
- ranking: name matches first (weights A name, B keywords/organisation/domains,
  C descriptions), exact word matches above prefix matches.

Residents' input never reaches to_tsquery as syntax: it is reduced to [a-z0-9] words.

The query is evaluated on the copy of the search vectors each process keeps
(sociale_kaart.zoekindex, renewed on the first search after a change), with what the
results show and their opening hours for today; "open now" is worked out at every
request. Nothing else is cached: a search costs about a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils import timezone

from locaties.models import Kern

from .models import (
    Aanbod,
    Doelgroep,
    Kosten,
    Levensdomein,
    Synoniem,
    Zoekwoord,
)
from .zoekindex import PREFIX_VANAF, Zoekindex, stammen, zoekindex

MAX_ZOEKTEKST = 200
PER_PAGINA = 20
WOORD = re.compile(r"[a-z0-9]+")


def vouw(tekst: str) -> str:
    """Lower case without accents or control characters: 'Café Ééntje' → 'cafe eentje'."""
    tekst = unicodedata.normalize("NFKD", tekst.replace("\x00", " "))
    return "".join(teken for teken in tekst if not unicodedata.combining(teken)).lower()


# The snowball stop words of PostgreSQL's `dutch` configuration. They are left out of
# queries: as typed prefixes ("voor:*") they would demand words the text need not have.
_STOPWOORDEN_TEKST = (
    "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus "
    "een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand "
    "iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets "
    "nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw van veel "
    "voor want waren was wat werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo "
    "zonder zou"
)
STOPWOORDEN = frozenset(_STOPWOORDEN_TEKST.split())


def woorden(tekst: str) -> list[str]:
    """The words of a query: folded, at most 40 letters each, without stop words."""
    return [
        w
        for w in WOORD.findall(vouw(tekst[:MAX_ZOEKTEKST]))
        if len(w) <= 40 and w not in STOPWOORDEN
    ]


# --- Index --------------------------------------------------------------------------------


def _documenten(qs) -> Iterable[tuple]:
    for aanbod in qs.select_related("organisatie").prefetch_related(
        "levensdomeinen", "doelgroepen"
    ):
        domeinen = list(aanbod.levensdomeinen.all())
        a = vouw(aanbod.naam)
        b = vouw(
            " ".join(
                [aanbod.zoekwoorden.replace(",", " "), aanbod.organisatie.naam]
                + [d.naam + " " + d.zoekwoorden.replace(",", " ") for d in domeinen]
                + [d.naam for d in aanbod.doelgroepen.all()]
            )
        )
        c = vouw(aanbod.korte_beschrijving + " " + aanbod.beschrijving)
        yield aanbod.pk, a, b, c


def zoekindex_bijwerken(*, aanbod_ids: Iterable | None = None) -> int:
    """Recompute the search vectors of these aanbod (all when None) and add their words
    to the vocabulary. Call after every change to an aanbod, its organisation's name or
    its domains; safe to repeat."""
    qs = (
        Aanbod.objects.all()
        if aanbod_ids is None
        else Aanbod.objects.filter(pk__in=list(aanbod_ids))
    )
    rijen = list(_documenten(qs))
    if not rijen:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE sociale_kaart_aanbod SET zoekvector ="
            " setweight(to_tsvector('dutch', %s), 'A')"
            " || setweight(to_tsvector('dutch', %s), 'B')"
            " || setweight(to_tsvector('dutch', %s), 'C') WHERE id = %s",
            [(a, b, c, pk) for pk, a, b, c in rijen],
        )
        tellingen: dict[str, int] = {}
        for _, a, b, c in rijen:
            for woord in WOORD.findall(f"{a} {b} {c}"):
                if 3 <= len(woord) <= 40 and not woord.isdigit():
                    tellingen[woord] = tellingen.get(woord, 0) + 1
        _woordenschat_aanvullen(tellingen)
    return len(rijen)


def _woordenschat_aanvullen(tellingen: dict[str, int]) -> None:
    bestaand = set(
        Zoekwoord.objects.filter(woord__in=list(tellingen)).values_list("woord", flat=True)
    )
    nieuw = [w for w in tellingen if w not in bestaand]
    Zoekwoord.objects.bulk_create(
        [Zoekwoord(woord=w, aantal=tellingen[w]) for w in nieuw],
        ignore_conflicts=True,
        batch_size=2000,
    )


# --- Query --------------------------------------------------------------------------------


def _synoniemen() -> dict[tuple[str, ...], list[list[str]]]:
    tabel: dict[tuple[str, ...], list[list[str]]] = {}
    for term, betekent in Synoniem.objects.values_list("term", "betekent"):
        sleutel = tuple(woorden(term))
        if sleutel:
            tabel[sleutel] = [woorden(deel) for deel in betekent.split(",") if woorden(deel)]
    return tabel


@dataclass(frozen=True)
class Vast:
    """What every uncached search reads and what changes only with the data version:
    the taxonomy and the synonyms. Kept per process for the current version only."""

    versie: str | None
    levensdomeinen: list
    doelgroepen: list
    synoniemen: dict


_vast: Vast | None = None


def vaste_gegevens(versie: str | None) -> Vast:
    global _vast
    huidig = _vast
    if versie is not None and huidig is not None and huidig.versie == versie:
        return huidig
    nieuw = Vast(
        versie=versie,
        levensdomeinen=list(Levensdomein.objects.all()),
        doelgroepen=list(Doelgroep.objects.all()),
        synoniemen=_synoniemen(),
    )
    if versie is not None:
        _vast = nieuw
    return nieuw


def _groepen(zoekwoorden: list[str], synoniemen) -> list[list[list[str]]]:
    """Per position in the query: the alternatives, each a list of words that must all match.
    Phrases of up to three words are looked up in the synonyms first."""
    groepen = []
    i = 0
    while i < len(zoekwoorden):
        for lengte in (3, 2, 1):
            sleutel = tuple(zoekwoorden[i : i + lengte])
            if len(sleutel) == lengte and sleutel in synoniemen:
                groepen.append([list(sleutel), *synoniemen[sleutel]])
                i += lengte
                break
        else:
            groepen.append([[zoekwoorden[i]]])
            i += 1
    return groepen


def _tsquery(groepen) -> SearchQuery:
    """AND over the positions, OR over their alternatives, AND within an alternative.

    A word of four letters or more, or the last one, matches as a prefix both stemmed
    (dutch: "schulden" → schuld:*, which finds schuldhulpverlen) and as typed (simple:
    "inloop" → inloop:*, because the dutch stem "inlop" is no prefix of inloopspreekur).
    """
    laatste = len(groepen) - 1

    def term(woord: str, is_laatste: bool) -> SearchQuery:
        if len(woord) >= PREFIX_VANAF or (is_laatste and len(woord) >= 2):
            return SearchQuery(f"{woord}:*", search_type="raw", config="dutch") | SearchQuery(
                f"{woord}:*", search_type="raw", config="simple"
            )
        return SearchQuery(woord, search_type="raw", config="dutch")

    def en(delen):
        uitkomst = delen[0]
        for deel in delen[1:]:
            uitkomst &= deel
        return uitkomst

    def of(delen):
        uitkomst = delen[0]
        for deel in delen[1:]:
            uitkomst |= deel
        return uitkomst

    return en(
        [
            of([en([term(w, index == laatste) for w in alt]) for alt in alternatieven])
            for index, alternatieven in enumerate(groepen)
        ]
    )


@dataclass
class Filters:
    levensdomein: Levensdomein | None = None
    doelgroep: Doelgroep | None = None
    kern: str = ""
    kosten: str = ""
    genegeerd: list[str] = field(default_factory=list)
    # The versions read to look up a levensdomein or doelgroep; the search uses them too.
    versies: tuple | None = None

    @classmethod
    def uit(cls, data) -> Filters:
        """Read ?levensdomein=&doelgroep=&kern=&kosten=; unknown values are noted, not fatal."""
        filters = cls()
        domein, groep = (data.get("levensdomein") or "")[:60], (data.get("doelgroep") or "")[:60]
        if domein or groep:
            # The taxonomy this process keeps for the current version: no query for it.
            filters.versies = versies()
            vast = vaste_gegevens(filters.versies[0])
            if domein:
                filters.levensdomein = next(
                    (d for d in vast.levensdomeinen if d.slug == domein), None
                )
                if filters.levensdomein is None:
                    filters.genegeerd.append("levensdomein")
            if groep:
                filters.doelgroep = next((d for d in vast.doelgroepen if d.slug == groep), None)
                if filters.doelgroep is None:
                    filters.genegeerd.append("doelgroep")
        kern = (data.get("kern") or "")[:30]
        if kern:
            if kern in Kern.values:
                filters.kern = kern
            else:
                filters.genegeerd.append("kern")
        kosten = (data.get("kosten") or "")[:30]
        if kosten:
            if kosten in Kosten.values:
                filters.kosten = kosten
            else:
                filters.genegeerd.append("kosten")
        return filters

    def toepassen(self, qs):
        if self.levensdomein:
            qs = qs.filter(levensdomeinen=self.levensdomein)
        if self.doelgroep:
            qs = qs.filter(doelgroepen=self.doelgroep)
        if self.kern:
            qs = qs.filter(op_vestigingen__vestiging__kern=self.kern)
        if self.kosten:
            qs = qs.filter(kosten=self.kosten)
        return qs.distinct() if self.kern or self.levensdomein or self.doelgroep else qs


@dataclass
class Resultaat:
    zoektekst: str
    gezocht_op: str  # the words the results are for (after a correction)
    suggestie: str | None  # "Bedoelde u …" when a correction may find more
    verbeterd: bool  # the results are for the suggestion because the query found nothing
    pagina: object
    aantal: int
    facetten: dict[str, list[tuple[str, str, int]]]
    filters: Filters
    open_nu: dict = field(default_factory=dict)
    kernen: dict = field(default_factory=dict)
    versie: str | None = None  # the data version it was found under (None: no version row)


def zoek(
    tekst: str, filters: Filters, pagina: int | str = 1, per_pagina: int = PER_PAGINA
) -> Resultaat:
    tekst = (tekst or "")[:MAX_ZOEKTEKST]
    zoekwoorden = woorden(tekst)
    nummer = _paginanummer(pagina)
    nu = timezone.now()
    vandaag = timezone.localdate(nu)

    versie, documentversie = filters.versies or versies()
    index = zoekindex(documentversie, vandaag)
    treffers = _zoek(zoekwoorden, filters, nummer, per_pagina, vaste_gegevens(versie), index)

    # Number the pages on the count; the page holds only this page's aanbod, in ranked order.
    pagina_obj = Paginator(range(treffers.aantal), per_pagina, allow_empty_first_page=True)
    pagina_obj = pagina_obj.get_page(nummer)
    pagina_obj.object_list = treffers.aanbod
    return Resultaat(
        zoektekst=tekst,
        gezocht_op=" ".join(treffers.gezocht),
        suggestie=treffers.suggestie,
        verbeterd=treffers.verbeterd,
        pagina=pagina_obj,
        aantal=treffers.aantal,
        facetten=treffers.facetten,
        filters=filters,
        open_nu={
            aanbod_id: True
            for pk, aanbod_id in treffers.koppelingen
            if index.schemas[pk].status(nu).nu_open
        },
        kernen=treffers.kernen,
        versie=versie,
    )


def versies() -> tuple[str | None, str | None]:
    """The current data version and document version (models.Zoekversie), or None when
    there is none (a database emptied by a test flush): then nothing is cached or kept."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT versie, documentversie FROM sociale_kaart_zoekversie LIMIT 1")
        rij = cursor.fetchone()
    return (rij[0].hex, rij[1].hex) if rij else (None, None)


def zoekversie() -> str | None:
    return versies()[0]


@dataclass
class _Treffers:
    """What one search finds: all but whether each aanbod is open now."""

    aantal: int
    facetten: dict[str, list[tuple[str, str, int]]]
    aanbod: list  # this page's aanbod (zoekindex.AanbodKort), in ranked order
    gezocht: list[str]
    suggestie: str | None
    verbeterd: bool
    kernen: dict  # aanbod id → names of its kernen
    koppelingen: list[tuple]  # (aanbod-op-vestiging id, aanbod id) of this page


def _zoek(zoekwoorden, filters, nummer, per_pagina, vast: Vast, index: Zoekindex) -> _Treffers:
    masker = index.filter(filters)
    suggestie, verbeterd, gezocht = None, False, zoekwoorden
    if zoekwoorden:
        aantal, tellingen, nummers = _tel(index, zoekwoorden, vast, masker, nummer, per_pagina)
        verbetering = _verbeter(index, zoekwoorden)
        if verbetering and verbetering != zoekwoorden:
            if aantal == 0:
                beter = _tel(index, verbetering, vast, masker, nummer, per_pagina)
                if beter[0]:
                    aantal, tellingen, nummers = beter
                    verbeterd, gezocht = True, verbetering
            suggestie = " ".join(verbetering)
    else:
        geen_score = np.zeros(index.aantal, dtype=np.float64)
        aantal, tellingen, nummers = index.tel(geen_score, masker, nummer, per_pagina)

    koppelingen, kernen = _vestigingen(index, nummers)
    return _Treffers(
        aantal=aantal,
        facetten=_facet_labels(tellingen, vast),
        aanbod=[index.kaarten[nr] for nr in nummers if index.kaarten[nr] is not None],
        gezocht=gezocht,
        suggestie=suggestie,
        verbeterd=verbeterd,
        kernen=kernen,
        koppelingen=koppelingen,
    )


def _tel(index: Zoekindex, zoekwoorden, vast: Vast, masker, nummer: int, per_pagina: int):
    """Count, facet counts and page `nummer` of these words in the index: the query
    _zoek_qs would give PostgreSQL, evaluated on the process's copy (zoekindex)."""
    groepen = _groepen(zoekwoorden, vast.synoniemen)
    score = index.zoek(groepen, stammen(w for alt in groepen for woorden_ in alt for w in woorden_))
    return index.tel(score, masker & (score > 0), nummer, per_pagina)


def _paginanummer(pagina) -> int:
    try:
        return max(1, min(int(pagina), 100_000))
    except (TypeError, ValueError):
        return 1


def _zoek_qs(basis, zoekwoorden, synoniemen):
    """The aanbod in `basis` these words find, as PostgreSQL itself finds them (zoekvector
    @@ tsquery): for HSDS ?search= and as the reference the index is tested against."""
    return basis.filter(zoekvector=_tsquery(_groepen(zoekwoorden, synoniemen)))


def _facet_labels(tellingen, vast: Vast) -> dict[str, list[tuple[str, str, int]]]:
    domeinen = tellingen.get("levensdomein", {})
    groepen = tellingen.get("doelgroep", {})
    kernen = tellingen.get("kern", {})
    kosten = tellingen.get("kosten", {})
    return {
        "levensdomein": [
            (d.slug, d.naam, domeinen[str(d.pk)])
            for d in vast.levensdomeinen
            if str(d.pk) in domeinen
        ]
        if domeinen
        else [],
        "doelgroep": [
            (d.slug, d.naam, groepen[str(d.pk)]) for d in vast.doelgroepen if str(d.pk) in groepen
        ]
        if groepen
        else [],
        "kern": [(k, naam, kernen[k]) for k, naam in Kern.choices if k in kernen],
        "kosten": [(k, naam, kosten[k]) for k, naam in Kosten.choices if k in kosten],
    }


def _vestigingen(index: Zoekindex, nummers: list[int]):
    """For the aanbod on a page: their links to vestigingen (whose schedules in the index
    say whether each is open now) and the names of their kernen."""
    labels = dict(Kern.choices)
    koppelingen, kernen = [], {}
    for nr in nummers:
        aanbod_id = uuid.UUID(index.ids[nr])
        for pk, kern in index.koppelingen.get(nr, []):
            koppelingen.append((pk, aanbod_id))
            namen = kernen.setdefault(aanbod_id, [])
            if labels.get(kern, kern) not in namen:
                namen.append(labels.get(kern, kern))
    return koppelingen, kernen


# --- Typo tolerance -------------------------------------------------------------------------


def _verbeter(index: Zoekindex, zoekwoorden: list[str]) -> list[str] | None:
    """The query with unknown words replaced by the nearest known ones, or None."""
    kandidaten = [w for w in zoekwoorden if len(w) >= PREFIX_VANAF]
    if not kandidaten:
        return None
    onbekend = [w for w in kandidaten if not index.is_begin_van_woord(w)]
    if not onbekend:
        return None
    uitkomst = list(zoekwoorden)
    # Two words that belong together ("schuldhulp verleening" → "schuldhulpverlening").
    i = 0
    while i < len(uitkomst) - 1:
        links, rechts = uitkomst[i], uitkomst[i + 1]
        if links in onbekend or rechts in onbekend:
            samen = _dichtstbij(index, links + rechts)
            if samen:
                uitkomst[i : i + 2] = [samen]
                continue
        i += 1
    uitkomst = [(_dichtstbij(index, w) or w) if w in onbekend else w for w in uitkomst]
    return uitkomst if uitkomst != zoekwoorden else None


def _dichtstbij(index: Zoekindex, woord: str) -> str | None:
    if index.is_woord(woord):
        return woord
    maximum = 1 if len(woord) <= 5 else 2
    beste = None
    for kandidaat, aantal in index.verwant(woord):
        afstand = _afstand(woord, kandidaat)
        if afstand <= maximum:
            sleutel = (afstand, -aantal, kandidaat)
            if beste is None or sleutel < beste[0]:
                beste = (sleutel, kandidaat)
    return beste[1] if beste else None


def _afstand(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    if a == b:
        return 0
    vorige2: list[int] | None = None
    vorige = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        huidig = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            kosten = 0 if ca == cb else 1
            huidig[j] = min(vorige[j] + 1, huidig[j - 1] + 1, vorige[j - 1] + kosten)
            if vorige2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                huidig[j] = min(huidig[j], vorige2[j - 2] + 1)
        vorige2, vorige = vorige, huidig
    return vorige[-1]
