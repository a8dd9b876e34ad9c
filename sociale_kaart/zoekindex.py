"""The search index a process keeps in memory: PostgreSQL's analysis, evaluated here.

PostgreSQL's `dutch` text search configuration analyses every aanbod into
Aanbod.zoekvector (zoeken.zoekindex_bijwerken) and every query word (to_tsquery('dutch',
…)). Evaluating a query over 10,000 of those vectors inside PostgreSQL costs 10–50 ms
when it matches most of them: the match alone reads every vector, then ranking and the
facet joins. Each process therefore keeps the same vectors as posting lists (per lexeme
and weight, the numbers of the aanbod that have it) with the facet values as masks, and
evaluates the query that zoeken._tsquery writes for PostgreSQL on them in well under a
millisecond. tests/sociale_kaart/test_zoekindex.py checks on random queries that both
find exactly the same aanbod.

The copy is as fresh as the database: it belongs to one `documentversie`
(models.Zoekversie), which a trigger renews on every change to what it holds (aanbod,
their links, organisaties, vestigingen, opening hours, the vocabulary), and every search
reads the current one first. The version is read before
the data, so a change that lands in between makes the copy look older than it is, never
newer: the next search simply builds again.

Aanbod are numbered in the order of (naam, id) by PostgreSQL itself, so among equal
scores the lowest numbers come first, as ORDER BY relevantie DESC, naam, id would give.
"""

from __future__ import annotations

import re
import threading
import uuid
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
from django.db import connection
from django.urls import reverse

from locaties.models import Schemas

from .models import AanbodStatus

# Ranking: per weight class (A the name; B keywords, organisation, domains; C the
# descriptions) what a matching word scores; a word that matches exactly scores three
# times what a word that only matches as a prefix does. The scores add up over the
# classes and over the words.
KLASSEN = "DCBA"
GEWICHT = dict(zip(KLASSEN, [0.05, 0.2, 0.5, 1.0], strict=True))
EXACT, PREFIX = 3.0, 1.0
LEEG = np.zeros(0, dtype=np.int32)
# Words of this many letters or more match as a prefix; shorter ones only when last.
PREFIX_VANAF = 4

_BOUW_SQL = """
WITH docs AS MATERIALIZED (
    SELECT (row_number() OVER (ORDER BY naam, id) - 1)::int AS nr, id, kosten, status, zoekvector
      FROM sociale_kaart_aanbod
)
SELECT 'id', '', string_agg(id::text, ',' ORDER BY nr)::bytea FROM docs
UNION ALL
SELECT 'zichtbaar', '', string_agg(int4send(nr), ''::bytea ORDER BY nr)
  FROM docs WHERE status <> %s
UNION ALL
SELECT 'kosten', kosten, string_agg(int4send(nr), ''::bytea) FROM docs GROUP BY kosten
UNION ALL
SELECT 'levensdomein', k.levensdomein_id::text, string_agg(int4send(nr), ''::bytea)
  FROM docs JOIN sociale_kaart_aanbod_levensdomeinen k ON k.aanbod_id = docs.id
  GROUP BY k.levensdomein_id
UNION ALL
SELECT 'doelgroep', k.doelgroep_id::text, string_agg(int4send(nr), ''::bytea)
  FROM docs JOIN sociale_kaart_aanbod_doelgroepen k ON k.aanbod_id = docs.id
  GROUP BY k.doelgroep_id
UNION ALL
SELECT 'kern', kern, string_agg(int4send(nr), ''::bytea)
  FROM (SELECT DISTINCT docs.nr, v.kern
          FROM docs JOIN sociale_kaart_aanbodopvestiging k ON k.aanbod_id = docs.id
          JOIN sociale_kaart_vestiging v ON v.id = k.vestiging_id) AS aanbod_kern
  GROUP BY kern
UNION ALL
SELECT 'koppeling', '', string_agg(docs.nr || ' ' || k.id || ' ' || v.kern, ',')::bytea
  FROM docs JOIN sociale_kaart_aanbodopvestiging k ON k.aanbod_id = docs.id
  JOIN sociale_kaart_vestiging v ON v.id = k.vestiging_id
UNION ALL
SELECT 'woorden', '', string_agg(woord || ' ' || aantal, ' ' ORDER BY woord COLLATE "C")::bytea
  FROM sociale_kaart_zoekwoord
UNION ALL
-- Per lexeme and weight, the aanbod that have the lexeme with that weight.
SELECT klasse::text, t.lexeme, string_agg(int4send(nr), ''::bytea)
  FROM docs, unnest(docs.zoekvector) AS t,
       (VALUES ('A'::"char"), ('B'), ('C'), ('D')) AS klassen (klasse)
 WHERE klasse = ANY(t.weights)
 GROUP BY klasse, t.lexeme
"""


_KAART_SQL = """
SELECT a.id::text, a.naam, a.slug, a.korte_beschrijving, a.status, a.interne_notitie,
       o.id, o.naam
  FROM sociale_kaart_aanbod a JOIN sociale_kaart_organisatie o ON o.id = a.organisatie_id
"""


@dataclass(frozen=True, slots=True)
class OrganisatieKort:
    id: uuid.UUID
    naam: str

    @property
    def pk(self):
        return self.id


@dataclass(frozen=True, slots=True)
class AanbodKort:
    """What a result shows of an aanbod (sociale_kaart/_resultaten.html and the API),
    kept with the index so a page of results reads nothing more from the database."""

    id: uuid.UUID
    naam: str
    slug: str
    korte_beschrijving: str
    status: str
    interne_notitie: str
    organisatie: OrganisatieKort

    @property
    def pk(self):
        return self.id

    @property
    def organisatie_id(self):
        return self.organisatie.id

    def get_absolute_url(self) -> str:
        return reverse("sociale_kaart:aanbod", args=[self.slug])

    def __str__(self):
        return self.naam


def _nummers(data: bytes | memoryview | None) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=">i4").astype(np.int32) if data else LEEG


@dataclass(frozen=True)
class Zoekindex:
    documentversie: str | None
    datum: date  # the day the schedules are for
    schemas: Schemas  # aanbod-op-vestiging id → opening hours today and tomorrow
    ids: list[str]  # aanbod id per number
    lexemen: list[str]  # sorted, for prefixes
    postings: dict[str, dict[str, np.ndarray]]  # lexeme → weight class → numbers
    zichtbaar: np.ndarray  # bool per number
    facetten: dict[str, dict[str, np.ndarray]]  # kind → value → bool per number
    koppelingen: dict[int, list[tuple[uuid.UUID, str]]]  # number → (aanbod-op-vestiging, kern)
    kaarten: list[AanbodKort | None]  # per number; None for one added while building
    woorden: list[str]  # the vocabulary of the typo tolerance (Zoekwoord), sorted
    aantallen: list[int]  # how often each word occurs

    @property
    def aantal(self) -> int:
        return len(self.ids)

    @classmethod
    def bouw(cls, documentversie: str | None, vandaag: date) -> Zoekindex:
        from .models import AanbodOpVestiging, laad_vestigingschemas

        with connection.cursor() as cursor:
            cursor.execute(_BOUW_SQL, [AanbodStatus.INACTIEF.value])
            rijen = cursor.fetchall()
            cursor.execute(_KAART_SQL)
            organisaties: dict = {}
            kaarten = {
                pk: AanbodKort(
                    uuid.UUID(pk),
                    naam,
                    slug,
                    beschrijving,
                    status,
                    notitie,
                    organisaties.setdefault(org_id, OrganisatieKort(org_id, org_naam)),
                )  # fmt: skip
                for pk, naam, slug, beschrijving, status, notitie, org_id, org_naam in cursor
            }
        ids: list[str] = []
        postings: dict[str, dict[str, np.ndarray]] = {}
        facetten: dict[str, dict[str, np.ndarray]] = {
            "levensdomein": {},
            "doelgroep": {},
            "kern": {},
            "kosten": {},
        }
        zichtbaar_nrs = LEEG
        koppelingen: dict[int, list[tuple[uuid.UUID, str]]] = {}
        woorden: list[str] = []
        aantallen: list[int] = []
        for soort, sleutel, data in rijen:
            if soort == "id":
                ids = bytes(data).decode().split(",") if data else []
            elif soort == "koppeling":
                for koppeling in bytes(data).decode().split(",") if data else []:
                    nr, pk, kern = koppeling.split(" ")
                    koppelingen.setdefault(int(nr), []).append((uuid.UUID(pk), kern))
            elif soort == "woorden":
                paren = bytes(data).decode().split(" ") if data else []
                woorden, aantallen = paren[0::2], [int(n) for n in paren[1::2]]
            elif soort == "zichtbaar":
                zichtbaar_nrs = _nummers(data)
            elif soort in facetten:
                facetten[soort][sleutel] = _nummers(data)
            else:
                postings.setdefault(sleutel, {})[soort] = _nummers(data)

        def masker(nummers: np.ndarray) -> np.ndarray:
            uitkomst = np.zeros(len(ids), dtype=bool)
            uitkomst[nummers] = True
            return uitkomst

        # Opening hours of every aanbod at every vestiging for today and tomorrow:
        # enough to say per result whether it is open now (locaties.openingstijden).
        schemas = laad_vestigingschemas(
            AanbodOpVestiging.objects.values("pk"), vandaag, vandaag + timedelta(days=1)
        )
        return cls(
            documentversie=documentversie,
            datum=vandaag,
            schemas=schemas,
            ids=ids,
            lexemen=sorted(postings),
            postings=postings,
            zichtbaar=masker(zichtbaar_nrs),
            facetten={
                soort: {waarde: masker(nrs) for waarde, nrs in waarden.items()}
                for soort, waarden in facetten.items()
            },
            koppelingen=koppelingen,
            kaarten=[kaarten.get(pk) for pk in ids],
            woorden=woorden,
            aantallen=aantallen,
        )

    def is_woord(self, woord: str) -> bool:
        index = bisect_left(self.woorden, woord)
        return index < len(self.woorden) and self.woorden[index] == woord

    def verwant(self, woord: str) -> list[tuple[str, int]]:
        """The words of the vocabulary that share a one-letter deletion with `woord`
        (symmetric delete): every word within two edits of it, and some more; with how
        often each occurs."""
        gevonden = set()
        for variant in varianten(woord):
            gevonden.update(self._varianten.get(variant, ()))
        return [(self.woorden[i], self.aantallen[i]) for i in sorted(gevonden)]

    @cached_property
    def _varianten(self) -> dict[str, list[int]]:
        """One-letter deletion → the vocabulary words it comes from; made on the first
        search with an unknown word."""
        tabel: dict[str, list[int]] = {}
        for i, woord in enumerate(self.woorden):
            for variant in varianten(woord):
                tabel.setdefault(variant, []).append(i)
        return tabel

    def is_begin_van_woord(self, begin: str) -> bool:
        index = bisect_left(self.woorden, begin)
        return index < len(self.woorden) and self.woorden[index].startswith(begin)

    # --- Evaluation -----------------------------------------------------------------------

    def _met_prefix(self, prefix: str) -> list[str]:
        begin = bisect_left(self.lexemen, prefix)
        eind = bisect_left(self.lexemen, prefix + "\U0010ffff", begin)
        return self.lexemen[begin:eind]

    def woord(self, stammen: list[str], getypt: str, prefix: bool) -> np.ndarray | None:
        """Per aanbod the score of one query word (0: no match), or None when PostgreSQL
        would drop the word (no lexeme, as for a stop word).

        `stammen` are the word's lexemes in the dutch configuration (one, for the words
        zoeken.woorden makes), all of which must match; with `prefix`, each matches as a
        prefix, or the word as typed does (the `simple` half of zoeken._tsquery)."""
        if prefix:
            delen = [(stam, True) for stam in stammen]
            if not stammen:
                delen = [(getypt, True)]
        else:
            delen = [(stam, False) for stam in stammen]
        if not delen:
            return None
        uitkomst = None
        for stam, als_prefix in delen:
            score = self._lexeem(
                stam, getypt if als_prefix and len(delen) == 1 else None, als_prefix
            )
            uitkomst = score if uitkomst is None else _en(uitkomst, score)
        return uitkomst

    def _lexeem(self, stam: str, getypt: str | None, prefix: bool) -> np.ndarray:
        """Per aanbod: for each weight class where the word occurs, its weight, three
        times over when it occurs there exactly; added up over the classes, so a name
        match counts on top of a match in the keywords (as ts_rank adds occurrences)."""
        score = np.zeros(self.aantal, dtype=np.float64)
        prefix_lexemen: list[str] = []
        if prefix:
            prefix_lexemen = self._met_prefix(stam)
            if getypt and getypt != stam:
                prefix_lexemen = sorted(set(prefix_lexemen) | set(self._met_prefix(getypt)))
        exact = self.postings.get(stam, {})
        for klasse in KLASSEN:
            per_klasse = np.zeros(self.aantal, dtype=np.float64)
            lijsten = [
                self.postings[lexeem][klasse]
                for lexeem in prefix_lexemen
                if klasse in self.postings[lexeem]
            ]
            if lijsten:
                per_klasse[np.concatenate(lijsten)] = GEWICHT[klasse] * PREFIX
            if klasse in exact:
                per_klasse[exact[klasse]] = GEWICHT[klasse] * EXACT
            score += per_klasse
        return score

    def zoek(self, groepen, stammen: dict[str, list[str]]) -> np.ndarray:
        """Scores of the query zoeken._tsquery(groepen) writes: AND over the positions, OR
        over their alternatives, AND within an alternative; a word matches as a prefix
        when it is long enough or the last. 0 means no match."""
        laatste = len(groepen) - 1
        totaal = None
        for index, alternatieven in enumerate(groepen):
            positie = None
            for alternatief in alternatieven:
                score = None
                for woord in alternatief:
                    als_prefix = len(woord) >= PREFIX_VANAF or (
                        index == laatste and len(woord) >= 2
                    )
                    deel = self.woord(stammen.get(woord, []), woord, als_prefix)
                    if deel is not None:
                        score = deel if score is None else _en(score, deel)
                if score is not None:
                    positie = score if positie is None else np.maximum(positie, score)
            if positie is not None:
                totaal = positie if totaal is None else _en(totaal, positie)
        if totaal is None:
            return np.zeros(self.aantal, dtype=np.float64)
        return totaal

    def filter(self, filters) -> np.ndarray:
        """The mask of what residents may find under these filters (zoeken.Filters)."""
        masker = self.zichtbaar.copy()
        for soort, waarde in (
            ("levensdomein", str(filters.levensdomein.pk) if filters.levensdomein else ""),
            ("doelgroep", str(filters.doelgroep.pk) if filters.doelgroep else ""),
            ("kern", filters.kern),
            ("kosten", filters.kosten),
        ):
            if waarde:
                waarden = self.facetten[soort].get(waarde)
                if waarden is None:
                    return np.zeros(self.aantal, dtype=bool)
                masker &= waarden
        return masker

    def tel(self, score: np.ndarray, masker: np.ndarray, nummer: int, per_pagina: int):
        """The number of hits, the facet counts and the ids of page `nummer` (a page
        beyond the last gives the last), ranked by score, then name."""
        treffers = np.flatnonzero(masker)
        aantal = len(treffers)
        tellingen = {
            soort: {
                waarde: n
                for waarde, waarden in per_waarde.items()
                if (n := int(np.count_nonzero(waarden & masker)))
            }
            for soort, per_waarde in self.facetten.items()
        }
        laatste = max((aantal - 1) // per_pagina, 0)
        begin = min(nummer - 1, laatste) * per_pagina
        # A stable sort on the score alone keeps equal scores in number (= name) order.
        volgorde = treffers[np.argsort(-score[treffers], kind="stable")]
        pagina = [int(nr) for nr in volgorde[begin : begin + per_pagina]]
        return aantal, tellingen, pagina


def varianten(woord: str) -> set[str]:
    """The word and the word with each single letter left out."""
    return {woord} | {woord[:i] + woord[i + 1 :] for i in range(len(woord))}


def _en(links: np.ndarray, rechts: np.ndarray) -> np.ndarray:
    """Both must match; the scores add up."""
    return np.where((links > 0) & (rechts > 0), links + rechts, 0.0)


_index: Zoekindex | None = None
_bouwen = threading.Lock()


def zoekindex(documentversie: str | None, vandaag: date) -> Zoekindex:
    """This process's index for the current document version (zoeken.versies reads it)
    and today; built on the first search after a change and on the first of a new day.
    Without a version (an emptied test database) it is built for every search."""
    global _index
    if documentversie is None:
        return Zoekindex.bouw(None, vandaag)
    huidig = _index
    if huidig is not None and (huidig.documentversie, huidig.datum) == (documentversie, vandaag):
        return huidig
    with _bouwen:
        huidig = _index
        if huidig is None or (huidig.documentversie, huidig.datum) != (documentversie, vandaag):
            huidig = _index = Zoekindex.bouw(documentversie, vandaag)
        return huidig


# --- Query words -----------------------------------------------------------------------------

_LEXEEM = re.compile(r"'((?:[^']|'')*)'")
_stammen: dict[str, list[str]] = {}
MAX_STAMMEN = 50_000


def stammen(woorden) -> dict[str, list[str]]:
    """Per word its lexemes in PostgreSQL's `dutch` configuration ("schulden" → ["schuld"],
    a stop word → []), remembered per process: the dictionary does not change."""
    woorden = list(woorden)
    onbekend = sorted({w for w in woorden if w not in _stammen})
    if onbekend:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, to_tsquery('dutch', w)::text FROM unnest(%s::text[]) AS w",
                [onbekend],
            )
            gevonden = {
                w: [lex.replace("''", "'") for lex in _LEXEEM.findall(tekst or "")]
                for w, tekst in cursor.fetchall()
            }
        if len(_stammen) + len(gevonden) > MAX_STAMMEN:
            _stammen.clear()
        _stammen.update(gevonden)
    return {w: _stammen.get(w, []) for w in woorden}
