"""The one search statement counts, facets, filters, pages and ranks what PostgreSQL finds.

On a purpose-made directory and a few hundred random queries (whole words, prefixes, stems,
stop words, typos, synonyms, digits), checked against references written independently
of sociale_kaart.zoeken: the query as PostgreSQL's own to_tsquery parses it (`dutch` and
`simple` configurations), facet counts counted with the ORM, filters applied with the ORM,
and the ranking rule (RANGORDE) worked out in Python from each hit's search vector.
"""

import random
import re
import uuid
from collections import Counter

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count

from locaties.models import Kern
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    AanbodStatus,
    Levensdomein,
    Synoniem,
    Vestiging,
    Werkgebied,
)
from sociale_kaart.zoeken import (
    PREFIX_VANAF,
    RANGORDE,
    Filters,
    _groepen,
    _tel,
    _vraag,
    synoniemen,
    woorden,
    zoekindex_bijwerken,
)
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db

NAMEN = [
    "Schuldhulpverlening", "Mantelzorgondersteuning", "Digitaal Café", "Formulierenhulp",
    "Inloopspreekuur", "Taalcafé Dinxperlo", "Maatje voor elkaar", "Jongerenwerk",
    "Buurtbemiddeling", "Valpreventie 65+", "Eetpunt De Bron", "Kledingbank",
    "Energiecoach", "Rouwverwerking", "Opvoedspreekuur", "Huishoudelijke hulp",
]  # fmt: skip
ZINNEN = [
    "Wij helpen u met schulden en geldzorgen.",
    "Een vrijwilliger komt bij u thuis.",
    "Samen koffie drinken in het buurthuis, ook voor wie eenzaam is.",
    "Hulp bij formulieren van de gemeente en de Belastingdienst.",
    "Voor ouders met vragen over opvoeden en opgroeien.",
    "Gratis advies over energie besparen: 2 uur per week.",
    "Cursus in het Nederlands, één keer per week, naïef en eerlijk.",
    "Ondersteuning voor mantelzorgers die even vrij willen.",
]
ZOEKWOORDEN = ["geld", "budget", "eenzaamheid", "taal", "werk", "wonen", "zorg", ""]
WOORDEN = [
    "schulden",
    "schuld",
    "schuldhulp",
    "geldzorgen",
    "mantelzorg",
    "mantelzorgers",
    "ondersteuning",
    "cafe",
    "café",
    "formulieren",
    "formulier",
    "hulp",
    "inloop",
    "inloopspreekuur",
    "taal",
    "taalcafe",
    "maatje",
    "jongeren",
    "jong",
    "buurt",
    "bemiddeling",
    "vallen",
    "eten",
    "eetpunt",
    "kleding",
    "energie",
    "rouw",
    "opvoeden",
    "opvoedspreekuur",
    "huishoudelijke",
    "thuis",
    "vrijwilliger",
    "koffie",
    "buurthuis",
    "eenzaam",
    "gemeente",
    "ouders",
    "advies",
    "nederlands",
    "naief",
    "eerlijk",
    "week",
    "cursus",
    "65",
    "2",
    "de",
    "het",
    "en",
    "voor",
    "van",
    "met",
    "schuldhulp",
    "verleening",
    "mantelzorg",
    "ondersteunig",
    "formulierenhlup",
    "koffei",
    "hulp",
    "bij",
    "formulieren",
    "xyz",
    "qqq",
    "a",
    "b",
    "ca",
    "sc",
    "ma",
]


@pytest.fixture
def kaart(levensdomeinen):
    rng = random.Random(4)
    organisaties = [OrganisatieFactory(naam=n) for n in ("Figulus", "Stichting Sité", "Laborijn")]
    vestigingen = [
        Vestiging.objects.create(
            organisatie=organisaties[i % 3],
            naam=f"Plek {i}",
            straat="Markt",
            huisnummer="1",
            postcode="7121 AA",
            plaats="Aalten",
            kern=kern,
        )  # fmt: skip
        for i, kern in enumerate(["aalten", "dinxperlo", "bredevoort", "dinxperlo"])
    ]
    domeinen = list(Levensdomein.objects.all())
    # The werkgebieden from a generator of their own: the rest of the directory stays as it was.
    gebieden = random.Random(9)
    gemaakt = []
    for i in range(48):
        aanbod = AanbodFactory(
            organisatie=organisaties[i % 3],
            naam=f"{NAMEN[i % len(NAMEN)]}{'' if i < len(NAMEN) else f' {i}'}",
            korte_beschrijving=rng.choice(ZINNEN),
            beschrijving=" ".join(rng.sample(ZINNEN, 2)),
            zoekwoorden=rng.choice(ZOEKWOORDEN),
            kosten=rng.choice(["gratis", "eigen_bijdrage"]),
            status=AanbodStatus.INACTIEF if i % 11 == 0 else AanbodStatus.ACTIEF,
            **werkgebied(gebieden),
        )
        aanbod.levensdomeinen.set(rng.sample(domeinen, rng.randint(0, 2)))
        for vestiging in rng.sample(vestigingen, rng.randint(0, 2)):
            AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
        gemaakt.append(aanbod)
    Synoniem.objects.create(term="geldzorgen", betekent="schulden")
    Synoniem.objects.create(term="eenzaam", betekent="eenzaamheid, ontmoeting")
    Synoniem.objects.create(term="hulp bij formulieren", betekent="formulierenhulp")
    zoekindex_bijwerken()
    return gemaakt


def werkgebied(rng) -> dict:
    """Mostly only at the vestigingen, as existing aanbod are; else a werkgebied of each kind."""
    soort = rng.choice([Werkgebied.VESTIGINGEN] * 3 + list(Werkgebied))
    kernen = rng.sample(Kern.values, rng.randint(1, 3)) if soort == Werkgebied.KERNEN else []
    return {"werkgebied": soort, "werkgebied_kernen": sorted(kernen, key=Kern.values.index)}


def bediende_kernen(aanbod) -> set[str]:
    """Where search must find an aanbod (written apart from zoeken.BEDIENDE_KERNEN): in every
    kern for the whole gemeente or the region, in its chosen kernen, and wherever it has
    a vestiging."""
    if aanbod.werkgebied in (Werkgebied.GEMEENTE, Werkgebied.REGIO):
        kernen = set(Kern.values)
    elif aanbod.werkgebied == Werkgebied.KERNEN:
        kernen = set(aanbod.werkgebied_kernen)
    else:
        kernen = set()
    return kernen | {k.vestiging.kern for k in aanbod.op_vestigingen.select_related("vestiging")}


def kern_tellingen(ids) -> dict[str, int]:
    """Per kern, how many of these aanbod search finds there."""
    return dict(
        Counter(
            kern for aanbod in Aanbod.objects.filter(pk__in=ids) for kern in bediende_kernen(aanbod)
        )
    )


def referentie(groepen) -> SearchQuery:
    """The query as PostgreSQL parses it: AND over positions, OR over alternatives, AND
    within one; a long or last word as a prefix, stemmed (dutch) or as typed (simple)."""
    laatste = len(groepen) - 1

    def term(woord: str, is_laatste: bool) -> SearchQuery:
        if len(woord) >= PREFIX_VANAF or (is_laatste and len(woord) >= 2):
            return SearchQuery(f"{woord}:*", search_type="raw", config="dutch") | SearchQuery(
                f"{woord}:*", search_type="raw", config="simple"
            )
        return SearchQuery(woord, search_type="raw", config="dutch")

    def samen(delen, hoe):
        uitkomst = delen[0]
        for deel in delen[1:]:
            uitkomst = hoe(uitkomst, deel)
        return uitkomst

    return samen(
        [
            samen(
                [samen([term(w, i == laatste) for w in alt], lambda a, b: a & b) for alt in alts],
                lambda a, b: a | b,
            )
            for i, alts in enumerate(groepen)
        ],
        lambda a, b: a & b,
    )


def ids_van(rijen) -> list:
    return [uuid.UUID(rij["id"]) for rij in rijen]


def alles(zoekwoorden, filters=None):
    """Every hit of the search statement, in its order, and its counts."""
    vraag, _ = _vraag(zoekwoorden, synoniemen())
    aantal, tellingen, rijen = _tel(vraag, filters or Filters(), 1, 1000)
    ids = ids_van(rijen)
    assert aantal == len(ids) == len(set(ids))
    return ids, tellingen


def test_the_search_finds_and_counts_what_postgresql_finds_on_random_queries(kaart):
    rng = random.Random(11)
    synoniemen_ = synoniemen()
    vergeleken = gevonden_iets = 0
    for _ in range(300):
        tekst = " ".join(rng.choice(WOORDEN) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:  # typing: the last word cut short
            tekst = tekst[: rng.randint(max(1, len(tekst) - 4), len(tekst))]
        zoekwoorden = woorden(tekst)
        if not zoekwoorden:
            continue
        ids, tellingen = alles(zoekwoorden)
        sql = set(
            Aanbod.objects.zichtbaar()
            .filter(zoekvector=referentie(_groepen(zoekwoorden, synoniemen_)))
            .values_list("pk", flat=True)
        )
        assert set(ids) == sql, tekst
        domeinen = dict(
            Aanbod.levensdomeinen.through.objects.filter(aanbod__in=sql)
            .values_list("levensdomein_id")
            .annotate(n=Count("aanbod_id"))
        )
        assert tellingen.get("levensdomein", {}) == {str(pk): n for pk, n in domeinen.items()}
        assert tellingen.get("kern", {}) == kern_tellingen(sql), tekst
        kosten = dict(
            Aanbod.objects.filter(pk__in=sql).values_list("kosten").annotate(n=Count("pk"))
        )
        assert tellingen.get("kosten", {}) == kosten, tekst
        vergeleken += 1
        gevonden_iets += bool(sql)
    # The comparison means something: most queries ran and many found aanbod.
    assert vergeleken > 250 and gevonden_iets > 100


def test_filters_keep_exactly_the_hits_the_orm_filter_keeps(kaart):
    domein = Levensdomein.objects.filter(aanbod__isnull=False).first()
    for filters, orm in (
        (Filters(kosten="gratis"), {"kosten": "gratis"}),
        (Filters(levensdomein=domein), {"levensdomeinen": domein}),
    ):
        for tekst in ("hulp", "koffie", "schulden thuis"):
            zonder, met = alles(woorden(tekst))[0], alles(woorden(tekst), filters)[0]
            verwacht = Aanbod.objects.filter(pk__in=zonder, **orm).values_list("pk", flat=True)
            assert set(met) == set(verwacht), (filters, tekst)


@pytest.mark.parametrize("kern", Kern.values)
def test_the_place_filter_keeps_exactly_what_serves_the_place(kaart, kern):
    """By the werkgebied or a vestiging there; with the other filters and text, and alone."""
    domein = Levensdomein.objects.filter(aanbod__isnull=False).first()
    for tekst in ("hulp", "koffie", "schulden thuis", "thuis"):
        zonder = alles(woorden(tekst))[0]
        for extra in ({}, {"kosten": "gratis"}, {"levensdomein": domein}):
            met, tellingen = alles(woorden(tekst), Filters(kern=kern, **extra))
            basis = alles(woorden(tekst), Filters(**extra))[0] if extra else zonder
            verwacht = [
                a.pk for a in Aanbod.objects.filter(pk__in=basis) if kern in bediende_kernen(a)
            ]
            assert sorted(met) == sorted(verwacht), (kern, tekst, extra)
            # The facet counts of the narrowed hits follow the same rule.
            assert tellingen.get("kern", {}) == kern_tellingen(met), (kern, tekst, extra)
    zonder_tekst = ids_van(_tel(None, Filters(kern=kern), 1, 1000)[2])
    verwacht = [
        a.pk
        for a in Aanbod.objects.zichtbaar().order_by("naam", "pk")
        if kern in bediende_kernen(a)
    ]
    assert zonder_tekst == verwacht
    # The directory made for this test has every kind of werkgebied among what it finds.
    gevonden = Aanbod.objects.filter(pk__in=zonder_tekst)
    assert {a.werkgebied for a in gevonden} >= {"gemeente", "regio"}


def _vector(aanbod_id) -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT zoekvector::text FROM sociale_kaart_aanbod WHERE id = %s", [aanbod_id]
        )
        tekst = cursor.fetchone()[0]
    vector: dict[str, set[str]] = {}
    for lexeem, posities in re.findall(r"'((?:[^']|'')*)'(?::(\S+))?", tekst):
        vector[lexeem.replace("''", "'")] = set(re.sub(r"[0-9,]", "", posities or "")) or {"D"}
    return vector


def _score(vector, vraag) -> float:
    """RANGORDE in Python: per word and class the exact or prefix score, added over the
    classes and the words of an alternative that matches whole; the best alternative."""
    totaal = 0.0
    for alternatieven in vraag.groepen:
        beste = 0.0
        for alternatief in alternatieven:
            som, heel = 0.0, True
            for term in alternatief:
                if term.tsquery() is None:
                    continue
                woordscore = 0.0
                for klasse, (exact, prefix) in RANGORDE.items():
                    in_klasse = {lex for lex, klassen in vector.items() if klasse in klassen}
                    if set(term.stammen) and set(term.stammen) <= in_klasse:
                        woordscore += exact
                    elif term.prefix and any(
                        lex.startswith(begin)
                        for lex in in_klasse
                        for begin in (*term.stammen, term.getypt)
                    ):
                        woordscore += prefix
                heel &= woordscore > 0
                som += woordscore
            if heel:
                beste = max(beste, som)
        totaal += beste
    return totaal


def test_hits_come_in_the_order_of_the_ranking_rule_then_by_name(kaart):
    rng = random.Random(5)
    namen = dict(Aanbod.objects.values_list("pk", "naam"))
    for _ in range(60):
        zoekwoorden = woorden(" ".join(rng.choice(WOORDEN) for _ in range(rng.randint(1, 2))))
        if not zoekwoorden:
            continue
        vraag, _ = _vraag(zoekwoorden, synoniemen())
        ids = ids_van(_tel(vraag, Filters(), 1, 1000)[2])
        scores = [round(_score(_vector(pk), vraag), 6) for pk in ids]
        assert all(s > 0 for s in scores), zoekwoorden
        sleutels = [(-s, namen[pk]) for s, pk in zip(scores, ids, strict=True)]
        assert sleutels == sorted(sleutels), zoekwoorden


def test_the_query_groups_are_read_like_postgresql_reads_them(kaart):
    """Synonyms for phrases and words; a stop word drops out before the query is made."""
    assert _groepen(woorden("hulp bij formulieren"), synoniemen()) == [
        [["hulp", "formulieren"], ["formulierenhulp"]]
    ]
