"""Search in the sociale kaart: one code path for the public page, the counter, the JSON API
and HSDS `?search=`.

PostgreSQL does all of it, with only what every PostgreSQL has (the embedded one of
`make run` ships no contrib extensions: no pg_trgm, no unaccent):

- full-text search with the `dutch` configuration (stemming) on `Aanbod.zoekvector` (a GIN
  index), made from text folded to plain letters in Python, so "cafe" finds "café";
- prefix matching on every word of four letters or more and on the last word (Dutch
  compounds: "schulden" finds "schuldhulpverlening"; results update while typing);
- synonyms the beheerder keeps (Synoniem), also for phrases ("hulp bij formulieren");
- typo tolerance with the vocabulary of the directory (Zoekwoord) and its one-letter
  deletions (symmetric delete, a GIN index on an expression: migration 0010), so a
  misspelling within two edits finds its word;
- ranking: name matches first (weight classes A name, B keywords/organisation/domains/
  target groups, C descriptions), exact word matches above prefix matches (RANGORDE).

One statement finds the hits, ranks and counts them, counts the facets and returns the
page's aanbod (with their organisation and kernen). A place (kern) finds what serves it:
its werkgebied covers the place or it has a vestiging there (BEDIENDE_KERNEN, one rule for
the filter and the facet). Nothing is cached, so every change shows on
the next search. Residents' input never reaches to_tsquery as syntax: it is reduced to
[a-z0-9] words first.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import ClassVar

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from locaties.models import Kern

from .models import (
    Aanbod,
    AanbodStatus,
    Doelgroep,
    Kosten,
    Levensdomein,
    Organisatie,
    Synoniem,
    VestigingKern,
    Zoekwoord,
    laad_vestigingschemas,
)

MAX_ZOEKTEKST = 200
PER_PAGINA = 20
WOORD = re.compile(r"[a-z0-9]+")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Words of this many letters or more match as a prefix; shorter ones only when last.
PREFIX_VANAF = 4
# Ranking: what one query word scores per weight class it occurs in (zoekindex_bijwerken
# sets A, B and C), as an exact word and as only a prefix. A word's scores add up over the
# classes (a name match counts on top of a keyword match) and over the words; of a
# position's alternatives (a synonym) the best counts. Equal scores go by name.
RANGORDE = {"A": (3.0, 1.0), "B": (1.5, 0.5), "C": (0.6, 0.2)}
FACET_TITELS = {
    "levensdomein": gettext_lazy("Onderwerp"),
    "kern": gettext_lazy("Plaats"),
    "doelgroep": gettext_lazy("Voor wie"),
    "kosten": gettext_lazy("Kosten"),
}


def vouw(tekst: str) -> str:
    """Lower case without accents or control characters: 'Café Ééntje' → 'cafe eentje'."""
    tekst = tekst.replace("\x00", " ")
    if tekst.isascii():  # nothing to fold (most text): the same, without the letter loop
        return tekst.lower()
    tekst = unicodedata.normalize("NFKD", tekst)
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


# --- The search vectors ---------------------------------------------------------------------


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
        bestaand = set(
            Zoekwoord.objects.filter(woord__in=list(tellingen)).values_list("woord", flat=True)
        )
        Zoekwoord.objects.bulk_create(
            [Zoekwoord(woord=w, aantal=n) for w, n in tellingen.items() if w not in bestaand],
            ignore_conflicts=True,
            batch_size=2000,
        )
    return len(rijen)


# --- The query ------------------------------------------------------------------------------


def synoniemen() -> dict[tuple[str, ...], list[list[str]]]:
    """The beheerder's synonyms: the words of a term → the words of each thing it means."""
    tabel: dict[tuple[str, ...], list[list[str]]] = {}
    for term, betekent in Synoniem.objects.values_list("term", "betekent"):
        sleutel = tuple(woorden(term))
        if sleutel:
            tabel[sleutel] = [woorden(deel) for deel in betekent.split(",") if woorden(deel)]
    return tabel


def _groepen(zoekwoorden: list[str], synoniemen_) -> list[list[list[str]]]:
    """Per position in the query: the alternatives, each a list of words that must all match.
    Phrases of up to three words are looked up in the synonyms first."""
    groepen = []
    i = 0
    while i < len(zoekwoorden):
        for lengte in (3, 2, 1):
            sleutel = tuple(zoekwoorden[i : i + lengte])
            if len(sleutel) == lengte and sleutel in synoniemen_:
                groepen.append([list(sleutel), *synoniemen_[sleutel]])
                i += lengte
                break
        else:
            groepen.append([[zoekwoorden[i]]])
            i += 1
    return groepen


def _lexeem(tekst: str) -> str:
    return "'" + tekst.replace("'", "''") + "'"


@dataclass(frozen=True)
class Zoekterm:
    """One query word as PostgreSQL reads it: its lexemes in the `dutch` configuration
    ("schulden" → schuld; none for a word the configuration drops), and whether it matches
    as a prefix. As a prefix it matches stemmed (schuld:*, which finds schuldhulpverlen)
    and as typed (inloop:*, because the dutch stem "inlop" is no prefix of
    inloopspreekur)."""

    getypt: str
    stammen: tuple[str, ...]
    prefix: bool

    def tsquery(self, klasse: str = "", *, exact: bool = False) -> str | None:
        """This word as tsquery text, optionally only in one weight class; `exact` leaves
        the prefixes out. None when PostgreSQL would drop the word."""
        if self.prefix and not exact:
            getypt = f"{_lexeem(self.getypt)}:*{klasse}"
            if not self.stammen:
                return getypt
            gestemd = " & ".join(f"{_lexeem(s)}:*{klasse}" for s in self.stammen)
            if len(self.stammen) == 1 and self.getypt.startswith(self.stammen[0]):
                return gestemd  # what begins with the typed word begins with its stem
            return f"({gestemd} | {getypt})"
        if not self.stammen:
            return None
        return " & ".join(f"{_lexeem(s)}:{klasse}" if klasse else _lexeem(s) for s in self.stammen)


@dataclass(frozen=True)
class Zoekvraag:
    """A query: per position its alternatives (synonyms), each a list of terms."""

    groepen: tuple[tuple[tuple[Zoekterm, ...], ...], ...]

    @classmethod
    def maak(cls, groepen: list[list[list[str]]], stammen: dict[str, tuple]) -> Zoekvraag:
        laatste = len(groepen) - 1
        return cls(
            tuple(
                tuple(
                    tuple(
                        Zoekterm(
                            w,
                            stammen.get(w, ()),
                            len(w) >= PREFIX_VANAF or (index == laatste and len(w) >= 2),
                        )
                        for w in alternatief
                    )
                    for alternatief in alternatieven
                )
                for index, alternatieven in enumerate(groepen)
            )
        )

    def _alternatieven(self):
        """Per position the alternatives PostgreSQL keeps: each with its terms' queries."""
        for alternatieven in self.groepen:
            gehouden = []
            for alternatief in alternatieven:
                termen = [t for t in alternatief if t.tsquery() is not None]
                if termen:
                    gehouden.append(termen)
            if gehouden:
                yield gehouden

    def tsquery(self) -> str:
        """AND over the positions, OR over their alternatives, AND within an alternative.
        Empty when every word drops out (nothing matches then)."""
        return " & ".join(
            "(" + " | ".join("(" + " & ".join(t.tsquery() for t in alt) + ")" for alt in alts) + ")"
            for alts in self._alternatieven()
        )

    def rangorde_sql(self, vector: str) -> tuple[str, list[str]]:
        """The score (RANGORDE) of a row that matches the query, as SQL over `vector`."""
        posities = []
        for alternatieven in self._alternatieven():
            scores = [
                _alternatief_sql(termen, vector, bewaakt=len(alternatieven) > 1)
                for termen in alternatieven
            ]
            posities.append(
                scores[0] if len(scores) == 1 else _samen("GREATEST(", scores, ", ", ")")
            )
        return _samen("", posities, " + ", "") if posities else ("0", [])


def _samen(begin: str, delen: list[tuple[str, list]], tussen: str, eind: str):
    return begin + tussen.join(sql for sql, _ in delen) + eind, [p for _, ps in delen for p in ps]


def _term_sql(term: Zoekterm, vector: str) -> tuple[str, list[str]]:
    """Per weight class: the exact score when the word is there as a word, else the prefix
    score when it is there as a prefix. The prefix is asked first (it also finds the word
    itself): a class without the word costs one match, not two. Most hits have a word only
    in their descriptions (C), so one match for "in the name or keywords at all" (AB)
    comes first, and without it only C is scored."""
    klassen = []
    for klasse, (exact, prefix) in RANGORDE.items():
        als_woord = term.tsquery(klasse, exact=True)  # None: dropped by the dutch configuration
        if not term.prefix:
            klassen.append(
                (f"CASE WHEN {vector} @@ %s::tsquery THEN {exact} ELSE 0 END", [als_woord])
            )
        elif als_woord is None:
            klassen.append(
                (
                    f"CASE WHEN {vector} @@ %s::tsquery THEN {prefix} ELSE 0 END",
                    [term.tsquery(klasse)],
                )
            )
        else:
            klassen.append(
                (
                    f"CASE WHEN {vector} @@ %s::tsquery THEN"
                    f" CASE WHEN {vector} @@ %s::tsquery THEN {exact} ELSE {prefix} END ELSE 0 END",
                    [term.tsquery(klasse), als_woord],
                )
            )
    # Every row scored here has the word somewhere (the WHERE, or the guard of its synonym
    # alternative), and every lexeme is in A, B or C (zoekindex_bijwerken): a word of one
    # lexeme that is not in A or B is in C, so only "exact or prefix" is left to ask there.
    voor_ab, ab_params = _samen("(", klassen, " + ", ")")
    exact, prefix = RANGORDE["C"]
    als_woord = term.tsquery("C", exact=True)
    if len(term.stammen) > 1:
        alleen_c, c_params = klassen[2]
    elif not term.prefix:
        alleen_c, c_params = str(exact), []
    elif als_woord is None:
        alleen_c, c_params = str(prefix), []
    else:
        alleen_c, c_params = (
            f"CASE WHEN {vector} @@ %s::tsquery THEN {exact} ELSE {prefix} END",
            [als_woord],
        )
    return (
        f"CASE WHEN {vector} @@ %s::tsquery THEN {voor_ab} ELSE {alleen_c} END",
        [term.tsquery("AB", exact=not term.prefix), *ab_params, *c_params],
    )


def _alternatief_sql(termen: list[Zoekterm], vector: str, *, bewaakt: bool):
    """The score of one alternative: its words' scores added up. `bewaakt`: beside other
    alternatives, it counts only when every one of its words matches (asked first, which
    also spares the per-class matches of an alternative a row does not have)."""
    som, params = _samen("", [_term_sql(t, vector) for t in termen], " + ", "")
    if not bewaakt:
        return som, params
    alle = " & ".join(t.tsquery() for t in termen)
    return f"CASE WHEN {vector} @@ %s::tsquery THEN {som} ELSE 0 END", [alle, *params]


# --- Filters --------------------------------------------------------------------------------


@dataclass
class Filters:
    levensdomein: Levensdomein | None = None
    doelgroep: Doelgroep | None = None
    kern: str = ""
    kosten: str = ""
    genegeerd: list[str] = field(default_factory=list)
    # The query parameters of the filters.
    NAMEN: ClassVar[tuple[str, ...]] = ("levensdomein", "doelgroep", "kern", "kosten")

    @classmethod
    def uit(cls, data) -> Filters:
        """Read ?levensdomein=&doelgroep=&kern=&kosten=; unknown values are noted, not fatal."""
        filters = cls()
        for naam, model in (("levensdomein", Levensdomein), ("doelgroep", Doelgroep)):
            slug = (data.get(naam) or "")[:60]
            if slug:
                gevonden = model.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
                if gevonden is None:
                    filters.genegeerd.append(naam)
                setattr(filters, naam, gevonden)
        for naam, keuzes in (("kern", VestigingKern.values), ("kosten", Kosten.values)):
            waarde = (data.get(naam) or "")[:30]
            if waarde in keuzes:
                setattr(filters, naam, waarde)
            elif waarde:
                filters.genegeerd.append(naam)
        return filters

    def sql(self) -> tuple[str, list]:
        """These filters as conditions on `a` (sociale_kaart_aanbod), for _ZOEK_SQL; all
        but the kern, which is the werkgebied's rule (BEDIENDE_KERNEN) on the hits."""
        voorwaarden, params = [], []
        if self.levensdomein:
            voorwaarden.append(
                "EXISTS (SELECT 1 FROM sociale_kaart_aanbod_levensdomeinen k"
                " WHERE k.aanbod_id = a.id AND k.levensdomein_id = %s)"
            )
            params.append(self.levensdomein.pk)
        if self.doelgroep:
            voorwaarden.append(
                "EXISTS (SELECT 1 FROM sociale_kaart_aanbod_doelgroepen k"
                " WHERE k.aanbod_id = a.id AND k.doelgroep_id = %s)"
            )
            params.append(self.doelgroep.pk)
        if self.kosten:
            voorwaarden.append("a.kosten = %s")
            params.append(self.kosten)
        return "".join(f" AND {v}" for v in voorwaarden), params


def zoek_qs(qs, tekst: str):
    """The aanbod in `qs` this text finds, by the same query as the search page (HSDS
    ?search=): unranked, for the caller to order."""
    zoekwoorden = woorden(tekst)
    if not zoekwoorden:
        return qs
    vraag, _ = _vraag(zoekwoorden, synoniemen())
    return qs.filter(zoekvector=_Geanalyseerd(vraag.tsquery()))


class _Geanalyseerd(SearchQuery):
    """tsquery text of lexemes PostgreSQL has analysed already: cast, not parsed again."""

    template = "(%(expressions)s)::tsquery"


# --- Searching ------------------------------------------------------------------------------


@dataclass
class Resultaat:
    zoektekst: str
    gezocht_op: str  # the words the results are for (after a correction)
    suggestie: str | None  # "Bedoelde u …" when a correction may find more
    verbeterd: bool  # the results are for the suggestion because the query found nothing
    pagina: object  # a Page of this page's aanbod, in ranked order
    aantal: int
    facetten: dict[str, list[tuple[str, str, int]]]
    filters: Filters
    open_nu: dict = field(default_factory=dict)  # aanbod id → True when open now
    kernen: dict = field(default_factory=dict)  # aanbod id → names of its kernen
    levensdomeinen: list = field(default_factory=list)  # the taxonomy, for the form
    doelgroepen: list = field(default_factory=list)

    @property
    def kaarten(self) -> list[tuple]:
        """Per aanbod on the page: the aanbod, where it serves in a few words (its werkgebied
        and the kernen of its vestigingen) and whether it is open now."""
        return [
            (a, a.werkgebied_kort(self.kernen.get(a.pk, [])), a.pk in self.open_nu)
            for a in self.pagina
        ]

    @property
    def facetblokken(self) -> list[tuple[str, str, list]]:
        """(kind, title, [(value, label, count)]) of each facet with values, in page order."""
        return [
            (soort, titel, self.facetten[soort])
            for soort, titel in FACET_TITELS.items()
            if self.facetten.get(soort)
        ]


def zoek(
    tekst: str, filters: Filters, pagina: int | str = 1, per_pagina: int = PER_PAGINA
) -> Resultaat:
    tekst = (tekst or "")[:MAX_ZOEKTEKST]
    zoekwoorden = woorden(tekst)
    nummer = _paginanummer(pagina)
    # The taxonomy, for the facets' labels and the form's options.
    levensdomeinen = list(Levensdomein.objects.only("slug", "naam"))
    doelgroepen = list(Doelgroep.objects.only("slug", "naam"))

    suggestie, verbeterd, gezocht = None, False, zoekwoorden
    if zoekwoorden:
        synoniemen_ = synoniemen()
        stammen: dict[str, tuple] = {}  # every word's lexemes, analysed once per search
        vraag, onbekend = _vraag(zoekwoorden, synoniemen_, stammen)
        aantal, tellingen, rijen = _tel(vraag, filters, nummer, per_pagina)
        verbetering = _verbeter(zoekwoorden, onbekend, stammen)
        if verbetering:
            if aantal == 0:
                beter = _tel(
                    _vraag(verbetering, synoniemen_, stammen)[0], filters, nummer, per_pagina
                )
                if beter[0]:
                    aantal, tellingen, rijen = beter
                    verbeterd, gezocht = True, verbetering
            suggestie = " ".join(verbetering)
    else:
        aantal, tellingen, rijen = _tel(None, filters, nummer, per_pagina)

    # Number the pages on the count; the page holds only this page's aanbod, in ranked order.
    pagina_obj = Paginator(range(aantal), per_pagina, allow_empty_first_page=True).get_page(nummer)
    pagina_obj.object_list = [_aanbod(rij) for rij in rijen]
    open_nu, kernen = _vestigingen(rijen)
    return Resultaat(
        zoektekst=tekst,
        gezocht_op=" ".join(gezocht),
        suggestie=suggestie,
        verbeterd=verbeterd,
        pagina=pagina_obj,
        aantal=aantal,
        facetten=_facet_labels(tellingen, levensdomeinen, doelgroepen),
        filters=filters,
        open_nu=open_nu,
        kernen=kernen,
        levensdomeinen=levensdomeinen,
        doelgroepen=doelgroepen,
    )


def suggesties_voor(teksten: Iterable[str]) -> dict[str, str | None]:
    """Per text what "Bedoelde u …" would propose (the nearest known words for its unknown
    ones), without searching; None where every word is known. The words of all the texts
    are analysed in one statement; the look-up of near words is one per text with an
    unknown word."""
    per_tekst = {tekst: woorden(tekst or "") for tekst in teksten}
    synoniemen_ = synoniemen()
    alle: set[str] = set()
    for zoekwoorden in per_tekst.values():
        groepen = _groepen(zoekwoorden, synoniemen_)
        alle |= {w for alternatieven in groepen for alt in alternatieven for w in alt}
        alle |= set(zoekwoorden)
    stammen, onbekend = _analyse(alle)
    uitkomst: dict[str, str | None] = {}
    for tekst, zoekwoorden in per_tekst.items():
        verbetering = _verbeter(zoekwoorden, onbekend & set(zoekwoorden), stammen)
        uitkomst[tekst] = " ".join(verbetering) if verbetering else None
    return uitkomst


def _paginanummer(pagina) -> int:
    try:
        return max(1, min(int(pagina), 100_000))
    except (TypeError, ValueError):
        return 1


# Where an aanbod is found, the one rule for the kern filter and the kern facet, as rows
# (id, kern): kern NULL for an aanbod that serves every kern (a werkgebied of the whole
# gemeente or the region; its vestigingen add nothing to that), else a row for each kern
# it chose (KERNEN) and for the kern of each of its vestigingen, so it may have a row for
# a kern twice. `{bron}` is a relation of aanbod with id, werkgebied and werkgebied_kernen.
# (The werkgebieden are written out: tests/sociale_kaart/test_werkgebied.py checks them.)
BEDIENDE_KERNEN = """
SELECT b.id, NULL::varchar AS kern
  FROM {bron} b
 WHERE b.werkgebied IN ('gemeente', 'regio')
UNION ALL
SELECT b.id, gekozen.kern
  FROM {bron} b CROSS JOIN unnest(b.werkgebied_kernen) AS gekozen(kern)
 WHERE b.werkgebied = 'kernen'
UNION ALL
SELECT b.id, v.kern
  FROM {bron} b JOIN sociale_kaart_aanbodopvestiging k ON k.aanbod_id = b.id
  JOIN sociale_kaart_vestiging v ON v.id = k.vestiging_id
 WHERE b.werkgebied NOT IN ('gemeente', 'regio')
"""
# The hits found (`gevonden`) narrowed to those BEDIENDE_KERNEN finds in one kern.
_KERNFILTER = """
treffers AS MATERIALIZED (
    SELECT * FROM gevonden
     WHERE id IN (SELECT id FROM ({bediend}) AS bediend
                   WHERE bediend.kern = %s{overal})
),"""
# What serves every kern (kern NULL) serves each of the municipality's kernen, but not a
# place outside it (VestigingKern.BUITEN: a vestiging over the border).
_OVERAL = " OR bediend.kern IS NULL"

_ZOEK_SQL = """
WITH {gevonden} AS MATERIALIZED (
    SELECT a.id, a.kosten, a.naam, a.werkgebied, a.werkgebied_kernen, {rangorde} AS score
      FROM sociale_kaart_aanbod a
     WHERE a.status <> %s{voorwaarden}
),{kernfilter}
aantal AS (SELECT count(*) AS n FROM treffers),
bediend AS MATERIALIZED ({bediend_treffers})
SELECT 'aantal', '', n FROM aantal
UNION ALL
SELECT 'levensdomein', k.levensdomein_id::text, count(*)
  FROM treffers JOIN sociale_kaart_aanbod_levensdomeinen k ON k.aanbod_id = treffers.id
 GROUP BY k.levensdomein_id
UNION ALL
SELECT 'doelgroep', k.doelgroep_id::text, count(*)
  FROM treffers JOIN sociale_kaart_aanbod_doelgroepen k ON k.aanbod_id = treffers.id
 GROUP BY k.doelgroep_id
UNION ALL
-- Per place (the parameters: the kernen, and every place a vestiging can be in) what serves it by name, an aanbod there twice (two
-- vestigingen) once, and what serves every kern.
-- A vestiging outside the municipality (not one of the kernen) only counts by name.
SELECT 'kern', alle.kern, coalesce(per.n, 0) + alle.overal
  FROM (SELECT kern, CASE WHEN kern = ANY(%s::varchar[]) THEN overal.n ELSE 0 END AS overal
          FROM unnest(%s::varchar[]) AS plaats(kern)
         CROSS JOIN (SELECT count(*) AS n FROM bediend WHERE kern IS NULL) AS overal) AS alle
  LEFT JOIN (SELECT kern, count(DISTINCT id) AS n FROM bediend
              WHERE kern IS NOT NULL GROUP BY kern) AS per ON per.kern = alle.kern
 WHERE coalesce(per.n, 0) + alle.overal > 0
UNION ALL
SELECT 'kosten', kosten, count(*) FROM treffers GROUP BY kosten
UNION ALL
-- The page: its aanbod in ranked order (plek), each with what a result shows.
(SELECT 'pagina', json_build_object(
            'id', a.id, 'naam', a.naam, 'slug', a.slug, 'status', a.status,
            'korte_beschrijving', a.korte_beschrijving, 'interne_notitie', a.interne_notitie,
            'werkgebied', a.werkgebied, 'werkgebied_kernen', a.werkgebied_kernen,
            'aan_huis', a.aan_huis, 'organisatie_id', o.id, 'organisatie_naam', o.naam,
            'vestigingen', (SELECT json_agg(json_build_array(k.id, v.kern) ORDER BY v.kern, k.id)
                              FROM sociale_kaart_aanbodopvestiging k
                              JOIN sociale_kaart_vestiging v ON v.id = k.vestiging_id
                             WHERE k.aanbod_id = a.id))::text,
        pagina.plek
   FROM (SELECT id, row_number() OVER (ORDER BY score DESC, naam, id) AS plek
           FROM (SELECT id, score, naam FROM treffers
                  ORDER BY score DESC, naam, id
                  LIMIT %s
                  -- A page beyond the last gives the last page.
                  OFFSET (SELECT %s * LEAST(%s, GREATEST((n - 1) / %s, 0)) FROM aantal)) AS top
        ) AS pagina
   JOIN sociale_kaart_aanbod a ON a.id = pagina.id
   JOIN sociale_kaart_organisatie o ON o.id = a.organisatie_id)
"""


def _tel(vraag: Zoekvraag | None, filters: Filters, nummer: int, per_pagina: int):
    """The number of hits, the facet counts and the aanbod of page `nummer` (as JSON, in
    ranked order), in one statement: the hits are found and ranked once. Without a query:
    everything, by name."""
    voorwaarden, params = filters.sql()
    rangorde, rangorde_params = "0", []
    if vraag is not None:
        rangorde, rangorde_params = vraag.rangorde_sql("a.zoekvector")
        voorwaarden = " AND a.zoekvector @@ %s::tsquery" + voorwaarden
        params = [vraag.tsquery(), *params]
        if not params[0]:
            return 0, {}, []
    # With a place, the hits are those found (gevonden) that serve it.
    gevonden, kernfilter = "treffers", ""
    if filters.kern:
        gevonden = "gevonden"
        kernfilter = _KERNFILTER.format(
            bediend=BEDIENDE_KERNEN.format(bron="gevonden"),
            overal=_OVERAL if filters.kern in Kern.values else "",
        )
        params.append(filters.kern)
    sql = _ZOEK_SQL.format(
        gevonden=gevonden,
        rangorde=rangorde,
        voorwaarden=voorwaarden,
        kernfilter=kernfilter,
        bediend_treffers=BEDIENDE_KERNEN.format(bron="treffers"),
    )
    tellingen: dict[str, dict[str, int]] = {}
    aantal, pagina = 0, []
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                *rangorde_params,
                AanbodStatus.INACTIEF.value,
                *params,
                Kern.values,
                VestigingKern.values,
                per_pagina,
                per_pagina,
                nummer - 1,
                per_pagina,
            ],
        )
        for soort, waarde, n in cursor.fetchall():
            if soort == "aantal":
                aantal = n
            elif soort == "pagina":
                pagina.append((n, json.loads(waarde)))
            else:
                tellingen.setdefault(soort, {})[waarde] = n
    return aantal, tellingen, [rij for _, rij in sorted(pagina, key=lambda p: p[0])]


def _facet_labels(tellingen, levensdomeinen, doelgroepen) -> dict[str, list[tuple[str, str, int]]]:
    domeinen = tellingen.get("levensdomein", {})
    groepen = tellingen.get("doelgroep", {})
    kernen = tellingen.get("kern", {})
    kosten = tellingen.get("kosten", {})
    return {
        "levensdomein": [
            (d.slug, d.naam, domeinen[str(d.pk)]) for d in levensdomeinen if str(d.pk) in domeinen
        ],
        "doelgroep": [
            (d.slug, d.naam, groepen[str(d.pk)]) for d in doelgroepen if str(d.pk) in groepen
        ],
        "kern": [(k, naam, kernen[k]) for k, naam in VestigingKern.choices if k in kernen],
        "kosten": [(k, naam, kosten[k]) for k, naam in Kosten.choices if k in kosten],
    }


# The fields of a page row (_ZOEK_SQL), in the models' order as Model.from_db wants them.
_AANBOD_VELDEN = [
    f.attname
    for f in Aanbod._meta.concrete_fields
    if f.attname
    in {
        "id",
        "organisatie_id",
        "naam",
        "slug",
        "korte_beschrijving",
        "status",
        "interne_notitie",
        "werkgebied",
        "werkgebied_kernen",
        "aan_huis",
    }  # fmt: skip
]


def _aanbod(rij: dict) -> Aanbod:
    """An aanbod of the page with what a result shows (_ZOEK_SQL's page rows), made as a
    queryset makes a row with .only(): any other field is read when asked for."""
    rij = {**rij, "id": uuid.UUID(rij["id"]), "organisatie_id": uuid.UUID(rij["organisatie_id"])}
    aanbod = Aanbod.from_db(connection.alias, _AANBOD_VELDEN, [rij[v] for v in _AANBOD_VELDEN])
    aanbod.organisatie = Organisatie.from_db(
        connection.alias, ["id", "naam"], [rij["organisatie_id"], rij["organisatie_naam"]]
    )
    return aanbod


def _vestigingen(rijen: list[dict]) -> tuple[dict, dict]:
    """For the aanbod on a page: which are open now (at any of their vestigingen, by the
    one engine in locaties.openingstijden) and the names of their kernen."""
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    koppelingen = [
        (k, uuid.UUID(rij["id"]), kern) for rij in rijen for k, kern in rij["vestigingen"] or []
    ]
    schemas = laad_vestigingschemas(
        [uuid.UUID(k) for k, _, _ in koppelingen], vandaag, vandaag + timedelta(days=1)
    )
    labels = dict(VestigingKern.choices)
    open_nu, kernen = {}, {}
    for koppeling, aanbod_id, kern in koppelingen:
        if schemas[uuid.UUID(koppeling)].status(nu).nu_open:
            open_nu[aanbod_id] = True
        namen = kernen.setdefault(aanbod_id, [])
        if labels.get(kern, kern) not in namen:
            namen.append(labels.get(kern, kern))
    return open_nu, kernen


# --- Words and typo tolerance ---------------------------------------------------------------


def _vraag(
    zoekwoorden: list[str], synoniemen_, stammen: dict[str, tuple] | None = None
) -> tuple[Zoekvraag, set[str]]:
    """The query these words make with the synonyms, and which typed words no word of the
    vocabulary begins with (for "Bedoelde u"). `stammen` holds the lexemes of words
    analysed before in this search; only the others are asked, and added to it."""
    stammen = {} if stammen is None else stammen
    groepen = _groepen(zoekwoorden, synoniemen_)
    alle = {w for alternatieven in groepen for alt in alternatieven for w in alt}
    nieuw, onbekend = _analyse((alle | set(zoekwoorden)) - stammen.keys())
    stammen.update(nieuw)
    return Zoekvraag.maak(groepen, stammen), onbekend & set(zoekwoorden)


def _analyse(zoekwoorden: Iterable[str]) -> tuple[dict[str, tuple], set[str]]:
    """For these words, in one statement: their lexemes in the `dutch` configuration, and
    which of them (of four letters or more) no word of the vocabulary begins with."""
    zoekwoorden = sorted(set(zoekwoorden))
    if not zoekwoorden:
        return {}, set()
    sql = " UNION ALL ".join(
        ["SELECT %s, to_tsvector('dutch', %s)::text,"
         " EXISTS (SELECT 1 FROM sociale_kaart_zoekwoord WHERE woord LIKE %s)"] * len(zoekwoorden)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for w in zoekwoorden for p in (w, w, f"{w}%")])
        rijen = cursor.fetchall()
    stammen = {w: tuple(_LEXEMEN.findall(tekst or "")) for w, tekst, _ in rijen}
    onbekend = {w for w, _, bekend in rijen if not bekend and len(w) >= PREFIX_VANAF}
    return stammen, onbekend


# A word's lexemes in the `dutch` configuration, from to_tsvector's text ('' for a stop word).
_LEXEMEN = re.compile(r"'((?:[^']|'')*)'")


def _verbeter(
    zoekwoorden: list[str], onbekend: set[str], stammen: dict[str, tuple]
) -> list[str] | None:
    """The query with unknown words replaced by the nearest known ones, or None. The
    lexemes of the vocabulary's words it considered are added to `stammen`."""
    if not onbekend:
        return None
    # One lookup for every word that may be needed: the unknown ones, and each joined
    # with its neighbour ("schuldhulp verleening" → "schuldhulpverlening").
    kandidaten: dict[str, list[tuple[str, int]]] = {}

    def dichtstbij(woord: str) -> str | None:
        if woord not in kandidaten:
            kandidaten.update(_verwant({woord}, stammen))
        maximum = 1 if len(woord) <= 5 else 2
        beste = None
        for kandidaat, aantal in kandidaten[woord]:
            afstand = _afstand(woord, kandidaat)
            if afstand <= maximum:
                sleutel = (afstand, -aantal, kandidaat)
                if beste is None or sleutel < beste[0]:
                    beste = (sleutel, kandidaat)
        return beste[1] if beste else None

    paren = zip(zoekwoorden, zoekwoorden[1:], strict=False)
    kandidaten.update(
        _verwant(onbekend | {a + b for a, b in paren if a in onbekend or b in onbekend}, stammen)
    )
    uitkomst = list(zoekwoorden)
    i = 0
    while i < len(uitkomst) - 1:
        links, rechts = uitkomst[i], uitkomst[i + 1]
        if links in onbekend or rechts in onbekend:
            samen = dichtstbij(links + rechts)
            if samen:
                uitkomst[i : i + 2] = [samen]
                continue
        i += 1
    uitkomst = [(dichtstbij(w) or w) if w in onbekend else w for w in uitkomst]
    return uitkomst if uitkomst != zoekwoorden else None


def varianten(woord: str) -> set[str]:
    """The word and the word with each single letter left out (migration 0010 indexes the
    same for every word of the vocabulary: sociale_kaart_weglatingen)."""
    return {woord} | {woord[:i] + woord[i + 1 :] for i in range(len(woord))}


def _verwant(woorden_: set[str], stammen: dict[str, tuple]) -> dict[str, list[tuple[str, int]]]:
    """Per word: the words of the vocabulary that share a one-letter deletion with it
    (symmetric delete: every word within one edit, most within two), with how often each
    occurs. One statement for all the words; it also reads the found words' lexemes, into
    `stammen`, so a corrected query needs no second analysis."""
    per_woord = {w: varianten(w) for w in woorden_}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT woord, aantal, to_tsvector('dutch', woord)::text FROM sociale_kaart_zoekwoord"
            " WHERE sociale_kaart_weglatingen(woord) && %s::text[]",
            [sorted(set().union(*per_woord.values()))],
        )
        rijen = []
        for woord, aantal, lexemen in cursor.fetchall():
            stammen[woord] = tuple(_LEXEMEN.findall(lexemen))
            rijen.append((woord, aantal, varianten(woord)))
    return {
        w: [(woord, aantal) for woord, aantal, eigen in rijen if eigen & mijn]
        for w, mijn in per_woord.items()
    }


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
