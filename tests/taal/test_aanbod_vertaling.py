"""Translated aanbod texts (issue 17): optional per language, shown when there is one,
else the Dutch text marked as Dutch with a note; search stays on the Dutch text."""

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.utils import translation

from sociale_kaart.models import AanbodVertaling
from sociale_kaart.zoeken import Filters, zoek, zoekindex_bijwerken
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db

NOOT_AR = "هذا النص متوفر باللغة الهولندية فقط."
NOOT_NL = "Deze tekst is alleen in het Nederlands beschikbaar."


@pytest.fixture
def schuldhulp(levensdomeinen):
    aanbod = AanbodFactory(
        naam="Schuldhulpverlening",
        korte_beschrijving="Hulp bij geldzorgen.",
        beschrijving="Wij helpen u met uw schulden.",
    )
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
    return aanbod


def _in(client, taal):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal


def _vertaal(aanbod, taal="ar"):
    return AanbodVertaling.objects.create(
        aanbod=aanbod,
        taal=taal,
        naam="مساعدة الديون",
        korte_beschrijving="مساعدة في مشاكل المال.",
        beschrijving="نساعدك في ديونك.",
    )


def test_a_translation_is_shown_in_its_language(client, schuldhulp):
    _vertaal(schuldhulp)
    _in(client, "ar")
    html = client.get(schuldhulp.get_absolute_url()).content.decode()
    assert '<h1 lang="ar" dir="auto" class="utrecht-heading-1">مساعدة الديون</h1>' in html
    assert "نساعدك في ديونك." in html
    assert "Wij helpen u met uw schulden." not in html
    assert NOOT_AR not in html


def test_without_a_translation_the_dutch_text_is_marked_dutch_with_a_note(client, schuldhulp):
    _vertaal(schuldhulp, taal="de")  # another language's translation does not count
    _in(client, "ar")
    html = client.get(schuldhulp.get_absolute_url()).content.decode()
    assert '<h1 lang="nl" dir="auto" class="utrecht-heading-1">Schuldhulpverlening</h1>' in html
    assert '<div lang="nl" dir="auto"><p>Wij helpen u met uw schulden.</p></div>' in html
    assert NOOT_AR in html


def test_dutch_pages_show_the_dutch_text_without_a_note(client, schuldhulp):
    _vertaal(schuldhulp)
    html = client.get(schuldhulp.get_absolute_url()).content.decode()
    assert '<h1 lang="nl" dir="auto" class="utrecht-heading-1">Schuldhulpverlening</h1>' in html
    assert NOOT_NL not in html and "مساعدة" not in html


def test_search_cards_show_the_translation(client, schuldhulp):
    _vertaal(schuldhulp)
    ander = AanbodFactory(naam="Schuldhulp maatje", korte_beschrijving="Een maatje bij schulden.")
    zoekindex_bijwerken(aanbod_ids=[ander.pk])
    _in(client, "ar")
    html = client.get("/sociale-kaart/?q=schulden").content.decode()
    assert ">مساعدة الديون</a>" in html
    assert "مساعدة في مشاكل المال." in html
    assert ">Schuldhulp maatje</a>" in html
    assert html.count(NOOT_AR) == 1  # only the card without a translation


def test_search_stays_on_the_dutch_text(schuldhulp):
    AanbodVertaling.objects.create(
        aanbod=schuldhulp,
        taal="de",
        naam="Schuldnerberatung",
        korte_beschrijving="Hilfe bei Geldsorgen.",
        beschrijving="Wir helfen Ihnen.",
    )
    zoekindex_bijwerken(aanbod_ids=[schuldhulp.pk])
    with translation.override("de"):
        assert [a.naam for a in zoek("Schuldnerberatung", Filters.uit({})).pagina] == []
        assert [a.naam for a in zoek("schulden", Filters.uit({})).pagina] == ["Schuldhulpverlening"]


def test_one_query_loads_the_translations_of_a_page_of_results(client, schuldhulp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(5):
        a = AanbodFactory(naam=f"Schuldhulp {n}", korte_beschrijving="Bij schulden.")
        _vertaal(a)
        zoekindex_bijwerken(aanbod_ids=[a.pk])
    _in(client, "ar")
    with CaptureQueriesContext(connection) as vragen:
        client.get("/sociale-kaart/?q=schulden")
    vertaalvragen = [q for q in vragen.captured_queries if "aanbodvertaling" in q["sql"]]
    assert len(vertaalvragen) == 1


def test_one_translation_per_language(schuldhulp):
    _vertaal(schuldhulp)
    with pytest.raises(IntegrityError):
        _vertaal(schuldhulp)


def test_the_beheerder_adds_translations_in_beheer(client, beheerder, schuldhulp):
    client.force_login(beheerder)
    html = client.get(f"/beheer/sociale_kaart/aanbod/{schuldhulp.pk}/change/").content.decode()
    assert 'name="vertalingen-TOTAL_FORMS"' in html
