"""Where an aanbod serves (werkgebied): the whole gemeente, some kernen, the region, or only
where its vestigingen are; and whether help comes to the resident's home. Search finds it
in every kern it serves, the pages say it in plain words."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sociale_kaart.models import Aanbod, AanbodOpVestiging, Werkgebied
from sociale_kaart.zoeken import Filters, zoek, zoekindex_bijwerken
from tests.sociale_kaart.factories import AanbodFactory, VestigingFactory

pytestmark = pytest.mark.django_db


def maak(kern="aalten", **velden):
    """An aanbod about debts with one vestiging in `kern` (None: no vestiging)."""
    velden.setdefault("beschrijving", "Hulp bij schulden.")
    aanbod = AanbodFactory(**velden)
    if kern:
        vestiging = VestigingFactory(organisatie=aanbod.organisatie, kern=kern)
        AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
    return aanbod


def namen(q="", **filters):
    return sorted(a.naam for a in zoek(q, Filters.uit(filters)).pagina)


def kernfacet(q="", **filters):
    return {kern: n for kern, _, n in zoek(q, Filters.uit(filters)).facetten["kern"]}


# --- The model ---------------------------------------------------------------------------------


def test_an_existing_aanbod_serves_only_where_its_vestigingen_are():
    aanbod = AanbodFactory()
    assert aanbod.werkgebied == Werkgebied.VESTIGINGEN
    assert aanbod.werkgebied_kernen == []
    assert aanbod.aan_huis is False


def test_kernen_needs_at_least_one_kern_with_a_dutch_message():
    aanbod = AanbodFactory.build(werkgebied=Werkgebied.KERNEN, werkgebied_kernen=[])
    with pytest.raises(ValidationError) as fout:
        aanbod.full_clean(exclude=["organisatie", "slug"])
    assert fout.value.message_dict["werkgebied_kernen"] == [
        "Kies minstens één kern waar het aanbod er is."
    ]


def test_an_unknown_kern_is_refused():
    aanbod = AanbodFactory.build(werkgebied=Werkgebied.KERNEN, werkgebied_kernen=["amsterdam"])
    with pytest.raises(ValidationError) as fout:
        aanbod.full_clean(exclude=["organisatie", "slug"])
    assert "werkgebied_kernen" in fout.value.message_dict


def test_kernen_are_kept_once_in_the_order_of_the_kernen_and_only_for_kernen():
    aanbod = AanbodFactory.build(
        werkgebied=Werkgebied.KERNEN, werkgebied_kernen=["dinxperlo", "aalten", "dinxperlo"]
    )
    aanbod.full_clean(exclude=["organisatie", "slug"])
    assert aanbod.werkgebied_kernen == ["aalten", "dinxperlo"]
    aanbod.werkgebied = Werkgebied.GEMEENTE
    aanbod.full_clean(exclude=["organisatie", "slug"])
    assert aanbod.werkgebied_kernen == []


@pytest.mark.parametrize(
    ("werkgebied", "kernen"),
    [
        (Werkgebied.KERNEN, []),
        (Werkgebied.GEMEENTE, ["aalten"]),
        (Werkgebied.VESTIGINGEN, ["dale"]),
    ],
)
def test_the_database_refuses_kernen_that_do_not_fit_the_werkgebied(werkgebied, kernen):
    aanbod = AanbodFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanbod.objects.filter(pk=aanbod.pk).update(werkgebied=werkgebied, werkgebied_kernen=kernen)


# --- Search: the place filter and its facet --------------------------------------------------


def test_the_municipalitys_debt_help_in_aalten_is_found_in_dinxperlo():
    maak(naam="Gemeentelijke schuldhulpverlening", werkgebied=Werkgebied.GEMEENTE, aan_huis=True)
    maak(naam="Inloop geldvragen")  # only at its vestiging in Aalten
    assert namen("schulden", kern="dinxperlo") == ["Gemeentelijke schuldhulpverlening"]
    assert namen("schulden", kern="aalten") == [
        "Gemeentelijke schuldhulpverlening",
        "Inloop geldvragen",
    ]


def test_a_regional_aanbod_is_found_in_every_kern_even_without_a_vestiging():
    maak(kern=None, naam="Veilig Thuis", werkgebied=Werkgebied.REGIO)
    for kern in ("aalten", "lintelo", "de-heurne"):
        assert namen("schulden", kern=kern) == ["Veilig Thuis"]


def test_chosen_kernen_and_the_vestigingen_kernen_both_find_it():
    maak(
        kern="aalten",
        naam="Boodschappenhulp",
        werkgebied=Werkgebied.KERNEN,
        werkgebied_kernen=["bredevoort", "dinxperlo"],
    )
    assert namen("schulden", kern="dinxperlo") == ["Boodschappenhulp"]
    assert namen("schulden", kern="bredevoort") == ["Boodschappenhulp"]
    assert namen("schulden", kern="aalten") == ["Boodschappenhulp"]  # its vestiging
    assert namen("schulden", kern="barlo") == []


def test_the_place_facet_counts_by_the_same_rule_and_each_aanbod_once_per_kern():
    maak(naam="Heel Aalten", werkgebied=Werkgebied.GEMEENTE)
    maak(
        kern="dinxperlo",
        naam="Twee dorpen",
        werkgebied=Werkgebied.KERNEN,
        werkgebied_kernen=["dinxperlo", "bredevoort"],
    )
    alleen = maak(kern="aalten", naam="Alleen hier")
    tweede = VestigingFactory(organisatie=alleen.organisatie, kern="aalten", naam="Tweede")
    AanbodOpVestiging.objects.create(aanbod=alleen, vestiging=tweede)

    assert kernfacet("schulden") == {
        "aalten": 2,
        "bredevoort": 2,
        "dinxperlo": 2,
        "barlo": 1,
        "dale": 1,
        "de-haart": 1,
        "de-heurne": 1,
        "ijzerlo": 1,
        "lintelo": 1,
    }
    # Narrowed to Dinxperlo: the counts are of what is found there.
    assert kernfacet("schulden", kern="dinxperlo") == {
        "aalten": 1,
        "bredevoort": 2,
        "dinxperlo": 2,
        "barlo": 1,
        "dale": 1,
        "de-haart": 1,
        "de-heurne": 1,
        "ijzerlo": 1,
        "lintelo": 1,
    }
    assert zoek("schulden", Filters(kern="dinxperlo")).aantal == 2


def test_a_werkgebied_change_shows_on_the_next_search():
    aanbod = maak(naam="Formulierenhulp")
    assert namen("schulden", kern="dinxperlo") == []
    Aanbod.objects.filter(pk=aanbod.pk).update(werkgebied=Werkgebied.GEMEENTE)
    assert namen("schulden", kern="dinxperlo") == ["Formulierenhulp"]


# --- What residents read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("velden", "tekst"),
    [
        ({"werkgebied": Werkgebied.GEMEENTE}, "Voor heel Aalten"),
        ({"werkgebied": Werkgebied.REGIO}, "In de hele regio Achterhoek"),
        (
            {"werkgebied": Werkgebied.KERNEN, "werkgebied_kernen": ["bredevoort", "dinxperlo"]},
            "In Bredevoort en Dinxperlo",
        ),
        (
            {"werkgebied": Werkgebied.KERNEN, "werkgebied_kernen": ["aalten", "barlo", "dale"]},
            "In Aalten, Barlo en Dale",
        ),
        ({"werkgebied": Werkgebied.KERNEN, "werkgebied_kernen": ["lintelo"]}, "In Lintelo"),
    ],
)
def test_the_aanbod_page_says_where_in_plain_words(client, velden, tekst):
    aanbod = maak(**velden)
    html = client.get(aanbod.get_absolute_url()).content.decode()
    assert f"{tekst}." in html
    assert "Ook bij u thuis" not in html


def test_the_aanbod_page_says_help_comes_home(client):
    aanbod = maak(werkgebied=Werkgebied.GEMEENTE, aan_huis=True)
    html = client.get(aanbod.get_absolute_url()).content.decode()
    assert "Voor heel Aalten." in html
    assert "Ook bij u thuis" in html


def test_an_aanbod_only_at_its_vestigingen_says_so_only_with_its_addresses(client):
    aanbod = maak(naam="Inloop geldvragen")
    html = client.get(aanbod.get_absolute_url()).content.decode()
    assert 'id="waar"' not in html
    assert "Voor heel Aalten" not in html
    thuis = maak(naam="Maatje", aan_huis=True)
    html = client.get(thuis.get_absolute_url()).content.decode()
    assert "Ook bij u thuis" in html


def test_result_cards_show_the_werkgebied_in_short(client):
    maak(naam="Heel Aalten", werkgebied=Werkgebied.GEMEENTE, aan_huis=True)
    maak(naam="Regio", werkgebied=Werkgebied.REGIO)
    maak(
        kern="aalten",
        naam="Twee dorpen",
        werkgebied=Werkgebied.KERNEN,
        werkgebied_kernen=["dinxperlo"],
    )
    maak(kern="bredevoort", naam="Alleen Bredevoort")
    kaarten = {a.naam: (plaats, a.aan_huis) for a, plaats, _ in zoek("schulden", Filters()).kaarten}
    assert kaarten == {
        "Heel Aalten": ("Heel Aalten", True),
        "Regio": ("Regio Achterhoek", False),
        "Twee dorpen": ("Aalten, Dinxperlo", False),
        "Alleen Bredevoort": ("Bredevoort", False),
    }
    html = client.get("/sociale-kaart/", {"q": "schulden"}).content.decode()
    assert "<span>Heel Aalten</span> · <span>Ook bij u thuis</span>" in html
    assert "<span>Aalten, Dinxperlo</span>" in html


def test_the_search_rule_names_every_kern_and_werkgebied_as_the_models_do():
    """BEDIENDE_KERNEN writes the choices out in SQL: a kern or werkgebied added to the
    models must be added there too."""
    from locaties.models import Kern
    from sociale_kaart.zoeken import BEDIENDE_KERNEN

    alle = re.search(r"ARRAY\[([^\]]*)\]", BEDIENDE_KERNEN).group(1)
    assert re.findall(r"'([^']+)'", alle) == Kern.values
    genoemd = set(
        re.findall(r"werkgebied (?:IN \(|= )'([a-z]+)'(?:, '([a-z]+)')?", BEDIENDE_KERNEN)
    )
    assert {w for paar in genoemd for w in paar if w} == set(Werkgebied.values) - {"vestigingen"}
