"""Search is fresh: a change to the directory shows on the next search, whatever made it
(a save, a bulk update, raw SQL), and "open now" is worked out at every request. Nothing
is kept between searches, and a search costs the same few statements whatever it finds."""

import re
from datetime import time

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Levensdomein,
    Synoniem,
    Vestiging,
    VestigingOpeningsregel,
    VestigingUitzondering,
)
from sociale_kaart.zoeken import Filters, zoek, zoekindex_bijwerken
from tests.locaties.test_schema import om
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db

MAANDAG = (2027, 3, 22)


def maak(**velden):
    aanbod = AanbodFactory(**velden)
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
    return aanbod


def vestiging_voor(aanbod, kern="aalten"):
    vestiging = Vestiging.objects.create(
        organisatie=aanbod.organisatie,
        naam="Het Hoekhuis",
        straat="Markt",
        huisnummer="1",
        postcode="7121 AA",
        plaats="Aalten",
        kern=kern,
    )
    return AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)


def namen(q, **filters):
    return [a.naam for a in zoek(q, Filters.uit(filters)).pagina]


def statements(q, **filters) -> int:
    with CaptureQueriesContext(connection) as queries:
        zoek(q, Filters.uit(filters))
    return len(queries)


def test_a_search_costs_the_same_statements_whatever_it_finds(levensdomeinen):
    """One statement finds, ranks and counts; the page's aanbod, their vestigingen and
    opening hours are read once for the page, not per result."""
    organisatie = AanbodFactory().organisatie
    for n in range(3):
        vestiging_voor(maak(naam=f"Fietsenmakerij {n}", organisatie=organisatie))
    weinig = statements("fiets"), statements("fiets", kern="aalten", levensdomein="zorg")
    for n in range(3, 30):
        vestiging_voor(maak(naam=f"Fietsenmakerij {n}", organisatie=organisatie))
    assert (statements("fiets"), statements("fiets", kern="aalten", levensdomein="zorg")) == weinig


def page_statements(client, taal: str) -> int:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = taal
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sociale-kaart/", {"q": "fiets"}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_search_page_costs_the_same_statements_whatever_it_finds(client, taal):
    """The page as well as the search: a result card reads nothing of its own (a card once
    read each aanbod's long description, which no card shows: twenty statements a page)."""
    organisatie = AanbodFactory().organisatie
    for n in range(3):
        vestiging_voor(maak(naam=f"Fietsenmakerij {n}", organisatie=organisatie))
    weinig = page_statements(client, taal)
    for n in range(3, 30):
        vestiging_voor(maak(naam=f"Fietsenmakerij {n}", organisatie=organisatie))
    assert page_statements(client, taal) == weinig


def test_a_corrected_search_analyses_the_words_once():
    """A misspelling is looked up in the vocabulary together with the lexemes of the words
    it may become: the corrected query asks PostgreSQL to analyse nothing again."""
    maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    with CaptureQueriesContext(connection) as queries:
        resultaat = zoek("fietsenmakrij", Filters())
    assert resultaat.verbeterd
    assert [a.naam for a in resultaat.pagina] == ["Fietsenmakerij"]
    analyses = [q for q in queries if "EXISTS (SELECT 1 FROM sociale_kaart_zoekwoord" in q["sql"]]
    assert len(analyses) == 1


def test_a_result_reads_a_field_the_page_did_not_load_instead_of_a_default():
    maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.", kosten="eigen_bijdrage")
    (aanbod,) = zoek("fiets", Filters()).pagina
    assert (aanbod.beschrijving, aanbod.kosten) == ("Uw fiets weer heel.", "eigen_bijdrage")
    assert aanbod.organisatie.naam


def test_the_same_words_typed_differently_find_the_same_and_echo_what_was_typed():
    maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    resultaat = zoek("  FIETS ", Filters())
    assert [a.naam for a in resultaat.pagina] == ["Fietsenmakerij"]
    assert resultaat.zoektekst == "  FIETS "  # the page still echoes what was typed


def test_a_renamed_aanbod_shows_renamed_on_the_next_search(client):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    assert "Fietsenmakerij" in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
    aanbod.naam = "Fietsreparatie"
    aanbod.save()
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
    html = client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
    assert "Fietsreparatie" in html
    assert "Fietsenmakerij" not in html


def test_a_renamed_organisation_shows_on_the_next_search_page(client):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    client.get("/sociale-kaart/", {"q": "fiets"})
    aanbod.organisatie.naam = "Stichting Tweewieler"
    aanbod.organisatie.save()
    assert "Stichting Tweewieler" in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()


def test_an_aanbod_made_inactive_with_a_bulk_update_disappears_at_once():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    assert namen("fiets") == ["Fietsenmakerij"]
    Aanbod.objects.filter(pk=aanbod.pk).update(status="inactief")  # no save(), no signal
    assert namen("fiets") == []


def test_a_new_synonym_applies_to_the_next_search():
    maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    assert namen("rijwiel") == []
    Synoniem.objects.create(term="rijwiel", betekent="fiets")
    assert namen("rijwiel") == ["Fietsenmakerij"]


def test_a_moved_vestiging_moves_in_the_kern_filter_and_facet():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod, kern="aalten")
    assert namen("fiets", kern="dinxperlo") == []
    Vestiging.objects.filter(pk=koppeling.vestiging_id).update(kern="dinxperlo")
    assert namen("fiets", kern="dinxperlo") == ["Fietsenmakerij"]
    assert zoek("fiets", Filters()).facetten["kern"] == [("dinxperlo", "Dinxperlo", 1)]


def test_a_new_levensdomein_link_changes_the_facet_counts(levensdomeinen):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    domein = Levensdomein.objects.get(slug="meedoen")
    assert zoek("fiets", Filters()).facetten["levensdomein"] == []
    aanbod.levensdomeinen.add(domein)
    assert zoek("fiets", Filters()).facetten["levensdomein"] == [("meedoen", domein.naam, 1)]


def test_a_cost_change_by_bulk_update_moves_in_the_kosten_facet_and_filter():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.", kosten="gratis")
    assert namen("fiets", kosten="gratis") == ["Fietsenmakerij"]
    Aanbod.objects.filter(pk=aanbod.pk).update(kosten="betaald")
    assert namen("fiets", kosten="gratis") == []
    assert [k for k, _, _ in zoek("fiets", Filters()).facetten["kosten"]] == ["betaald"]


def test_a_removed_vestiging_link_leaves_the_kern_facet_and_the_result_line():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod, kern="bredevoort")
    assert zoek("fiets", Filters()).kernen == {aanbod.pk: ["Bredevoort"]}
    koppeling.delete()
    resultaat = zoek("fiets", Filters())
    assert resultaat.kernen == {}
    assert resultaat.facetten["kern"] == []


def test_a_closure_for_today_shows_as_closed_on_the_next_search():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod)
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=0, dagdeel="ochtend", start=time(9), einde=time(12)
    )  # fmt: skip
    with time_machine.travel(om(*MAANDAG, 10, 0), tick=False):
        assert zoek("fiets", Filters()).open_nu == {aanbod.pk: True}
        VestigingUitzondering.objects.create(
            aanbod_op_vestiging=koppeling, datum=om(*MAANDAG).date(), soort="gesloten"
        )
        assert zoek("fiets", Filters()).open_nu == {}


def test_a_new_opening_hour_shows_as_open_now_on_the_next_search(client):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod)
    with time_machine.travel(om(*MAANDAG, 10, 0), tick=False):
        assert "Nu gesloten" in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
        VestigingOpeningsregel.objects.create(
            aanbod_op_vestiging=koppeling, weekdag=0, dagdeel="ochtend", start=time(9), einde=time(12)
        )  # fmt: skip
        assert "Nu open" in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()


def test_open_now_follows_the_day():
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod)
    for weekdag in (0, 2):  # Monday and Wednesday mornings
        VestigingOpeningsregel.objects.create(
            aanbod_op_vestiging=koppeling, weekdag=weekdag, dagdeel="ochtend", start=time(9), einde=time(12)
        )  # fmt: skip
    with time_machine.travel(om(*MAANDAG, 10, 0), tick=False):
        assert zoek("fiets", Filters()).open_nu == {aanbod.pk: True}
    with time_machine.travel(om(2027, 3, 23, 10, 0), tick=False):
        assert zoek("fiets", Filters()).open_nu == {}
    with time_machine.travel(om(2027, 3, 24, 10, 0), tick=False):
        assert zoek("fiets", Filters()).open_nu == {aanbod.pk: True}


def test_open_now_follows_the_clock(client):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    koppeling = vestiging_voor(aanbod)
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=0, dagdeel="ochtend", start=time(9), einde=time(12)
    )
    with time_machine.travel(om(*MAANDAG, 11, 50), tick=False):
        assert "Nu open" in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
        assert zoek("fiets", Filters()).open_nu == {aanbod.pk: True}
    with time_machine.travel(om(*MAANDAG, 12, 5), tick=False):
        assert zoek("fiets", Filters()).open_nu == {}
        html = client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
        assert "Nu gesloten" in html
        assert "Nu open" not in html


def _zonder_sleutels(html: str) -> str:
    html = re.sub(r'(name="(?:zs|csrfmiddlewaretoken)" value=")[^"]*', r"\1", html)
    html = re.sub(r'(value=")[^"]*(" form="zoekformulier")', r"\1\2", html)
    return re.sub(r"zs=[^&\"]*", "zs=", html)


def test_htmx_results_are_renewed_like_the_page(client):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    htmx = {"HTTP_HX_REQUEST": "true"}
    eerst = client.get("/sociale-kaart/", {"q": "fiets"}, **htmx).content.decode()
    assert "Fietsenmakerij" in eerst
    assert "<html" not in eerst
    # The same results again; only the keys differ: each search's own signal token
    # (sociale_kaart.zoeksignalen) and the form's CSRF token.
    nog_eens = client.get("/sociale-kaart/", {"q": "fiets"}, **htmx).content.decode()
    assert _zonder_sleutels(nog_eens) == _zonder_sleutels(eerst)
    Aanbod.objects.filter(pk=aanbod.pk).update(korte_beschrijving="Nu ook e-bikes.")
    assert (
        "Nu ook e-bikes." in client.get("/sociale-kaart/", {"q": "fiets"}, **htmx).content.decode()
    )


def test_the_page_echoes_what_each_visitor_typed(client):
    maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    client.get("/sociale-kaart/", {"q": "fiets"})
    html = client.get("/sociale-kaart/", {"q": "FIETS"}).content.decode()
    assert 'value="FIETS"' in html


def test_a_renamed_levensdomein_shows_in_form_and_facets_on_the_next_search(client, levensdomeinen):
    aanbod = maak(naam="Fietsenmakerij", beschrijving="Uw fiets weer heel.")
    domein = Levensdomein.objects.get(slug="meedoen")
    aanbod.levensdomeinen.add(domein)
    assert domein.naam in client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
    domein.naam = "Meedoen in de buurt"
    domein.save()
    html = client.get("/sociale-kaart/", {"q": "fiets"}).content.decode()
    assert html.count("Meedoen in de buurt") == 2  # the form's choice and the facet
    assert zoek("fiets", Filters()).facetten["levensdomein"] == [
        ("meedoen", "Meedoen in de buurt", 1)
    ]


def test_search_answers_when_the_cache_is_down(client, settings):
    """Redis (the cache, for the rate limits) down: the search still answers."""
    # Production's cache backend (toegang/settings/base.py) on a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "toegang.cache.RedisCacheMetUitval",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    maak(naam="Schuldhulpverlening Aalten", korte_beschrijving="Hulp bij schulden")
    for _ in range(2):
        pagina = client.get("/sociale-kaart/?q=schulden")
        assert pagina.status_code == 200
        assert "Schuldhulpverlening Aalten" in pagina.content.decode()
        fragment = client.get("/sociale-kaart/?q=schulden", headers={"HX-Request": "true"})
        assert "Schuldhulpverlening Aalten" in fragment.content.decode()
