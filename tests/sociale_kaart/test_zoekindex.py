"""The index each process keeps finds exactly what PostgreSQL's full-text search finds.

zoekindex evaluates, on its copy of the search vectors, the query zoeken._zoek_qs gives
PostgreSQL (`zoekvector @@ tsquery`). On a purpose-made directory and a few hundred random
queries (whole words, prefixes, stems, stop words, typos, synonyms, digits) both must find
the same aanbod, and the facet counts must be those of the same aanbod counted in SQL.
"""

import random

import pytest
from django.db.models import Count
from django.utils import timezone

from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    AanbodStatus,
    Levensdomein,
    Synoniem,
    Vestiging,
)
from sociale_kaart.zoeken import (
    Filters,
    _groepen,
    _tel,
    _zoek_qs,
    vaste_gegevens,
    versies,
    woorden,
    zoekindex_bijwerken,
)
from sociale_kaart.zoekindex import zoekindex
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


def test_the_index_finds_what_postgresql_finds_on_random_queries(kaart):
    rng = random.Random(11)
    versie, documentversie = versies()
    index = zoekindex(documentversie, timezone.localdate())
    vast = vaste_gegevens(versie)
    basis = Filters().toepassen(Aanbod.objects.zichtbaar())
    vergeleken = gevonden_iets = 0
    for _ in range(300):
        tekst = " ".join(rng.choice(WOORDEN) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.3:  # typing: the last word cut short
            tekst = tekst[: rng.randint(max(1, len(tekst) - 4), len(tekst))]
        zoekwoorden = woorden(tekst)
        if not zoekwoorden:
            continue
        sql = set(_zoek_qs(basis, zoekwoorden, vast.synoniemen).values_list("pk", flat=True))
        aantal, tellingen, nummers = _tel(
            index, zoekwoorden, vast, index.filter(Filters()), 1, 1000
        )
        gevonden = {index.kaarten[nr].pk for nr in nummers}
        assert gevonden == sql, tekst
        assert aantal == len(sql), tekst
        domeinen = dict(
            Aanbod.levensdomeinen.through.objects.filter(aanbod__in=sql)
            .values_list("levensdomein_id")
            .annotate(n=Count("aanbod_id"))
        )
        assert tellingen["levensdomein"] == {str(pk): n for pk, n in domeinen.items()}, tekst
        kernen = dict(
            Vestiging.objects.filter(aanbod_hier__aanbod__in=sql)
            .values_list("kern")
            .annotate(n=Count("aanbod_hier__aanbod", distinct=True))
        )
        assert tellingen["kern"] == kernen, tekst
        vergeleken += 1
        gevonden_iets += bool(sql)
    # The comparison means something: most queries ran and many found aanbod.
    assert vergeleken > 250 and gevonden_iets > 100


def test_filters_in_the_index_are_those_of_the_sql_query(kaart):
    versie, documentversie = versies()
    index = zoekindex(documentversie, timezone.localdate())
    vast = vaste_gegevens(versie)
    domein = Levensdomein.objects.filter(aanbod__isnull=False).first()
    for filters in (
        Filters(kern="dinxperlo"),
        Filters(kosten="gratis"),
        Filters(levensdomein=domein),
        Filters(levensdomein=domein, kern="aalten", kosten="eigen_bijdrage"),
    ):
        for tekst in ("hulp", "koffie", "schulden thuis"):
            basis = filters.toepassen(Aanbod.objects.zichtbaar())
            sql = set(_zoek_qs(basis, woorden(tekst), vast.synoniemen).values_list("pk", flat=True))
            _, _, nummers = _tel(index, woorden(tekst), vast, index.filter(filters), 1, 1000)
            assert {index.kaarten[nr].pk for nr in nummers} == sql, (filters, tekst)


def test_the_query_groups_are_read_like_postgresql_reads_them(kaart):
    """Synonyms for phrases and words; a stop word drops out as in to_tsquery."""
    vast = vaste_gegevens(versies()[0])
    assert _groepen(woorden("hulp bij formulieren"), vast.synoniemen) == [
        [["hulp", "formulieren"], ["formulierenhulp"]]
    ]
