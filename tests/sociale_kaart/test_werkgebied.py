"""Where an aanbod serves (werkgebied): the whole gemeente, some kernen, the region, or only
where its vestigingen are; and whether help comes to the resident's home. Search finds it
in every kern it serves, the pages say it in plain words."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from locaties.models import Kern
from sociale_kaart.models import (
    Aanbod,
    AanbodOpVestiging,
    Soort,
    VrijVeld,
    Werkgebied,
    Wijziging,
    Wijzigingsvoorstel,
)
from sociale_kaart.services import voorstel_goedkeuren
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

    # "Heel Aalten" is in every kern, the others where they are; "Alleen hier" once in Aalten.
    overal = dict.fromkeys(Kern.values, 1)
    assert kernfacet("schulden") == overal | {"aalten": 2, "bredevoort": 2, "dinxperlo": 2}
    # Narrowed to Dinxperlo: the counts are of what is found there.
    assert kernfacet("schulden", kern="dinxperlo") == overal | {"bredevoort": 2, "dinxperlo": 2}
    assert zoek("schulden", Filters(kern="dinxperlo")).aantal == 2


def test_a_place_outside_the_municipality_finds_only_what_has_a_vestiging_there():
    # "Buiten de gemeente" (a vestiging over the border) is no kern: serving the whole
    # gemeente or all its kernen does not reach it, in the filter nor in the facet.
    maak(naam="Heel Aalten", werkgebied=Werkgebied.GEMEENTE)
    maak(kern="buiten", naam="Over de grens")

    assert namen("schulden", kern="buiten") == ["Over de grens"]
    assert kernfacet("schulden")["buiten"] == 1
    assert kernfacet("schulden")["dinxperlo"] == 1


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
    assert "<bdi>Heel Aalten</bdi> · <span>Ook bij u thuis</span>" in html
    assert "<bdi>Aalten, Dinxperlo</bdi>" in html


def test_the_search_rule_names_the_werkgebieden_as_the_model_does():
    """BEDIENDE_KERNEN writes the werkgebieden out in SQL: one added to the model must be
    added there too."""
    from sociale_kaart.zoeken import BEDIENDE_KERNEN

    genoemd = set(re.findall(r"'([a-z]+)'", BEDIENDE_KERNEN))
    assert genoemd == set(Werkgebied.values) - {"vestigingen"}


# --- The partner sets it in self-service -----------------------------------------------------


@pytest.fixture
def eigen_aanbod(partner_a):
    return maak(organisatie=partner_a.organisatie, naam="Gemeentelijke schuldhulpverlening")


def invoer(html: str, naam: str, waarde: str) -> str:
    """The <input> of this name and value in the page ('' when there is none)."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{naam}"' in tag and f'value="{waarde}"' in tag:
            return tag
    return ""


def partner_data(aanbod, **wijzig) -> dict:
    data = {
        "naam": aanbod.naam, "korte_beschrijving": aanbod.korte_beschrijving,
        "beschrijving": aanbod.beschrijving, "status": aanbod.status, "kosten": aanbod.kosten,
        "aanmelden": aanbod.aanmelden, "werkgebied": aanbod.werkgebied,
        "werkgebied_kernen": aanbod.werkgebied_kernen,
    }  # fmt: skip
    return data | wijzig


def test_partner_sets_the_werkgebied_the_beheerder_reviews_it_and_search_follows(
    client, partner_a, beheerder, eigen_aanbod
):
    client.force_login(partner_a)
    pad = f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/"
    formulier = client.get(pad).content.decode()
    assert 'type="radio"' in invoer(formulier, "werkgebied", "gemeente")
    assert 'type="checkbox"' in invoer(formulier, "werkgebied_kernen", "dinxperlo")
    antwoord = client.post(
        pad, partner_data(eigen_aanbod, werkgebied="kernen", werkgebied_kernen=["dinxperlo", "bredevoort"], aan_huis="on"),
        follow=True,
    )  # fmt: skip
    assert "wacht op controle" in antwoord.content.decode()
    assert namen("schulden", kern="dinxperlo") == []  # not before review
    voorstel = Wijzigingsvoorstel.objects.get()
    assert voorstel.wijzigingen == {
        "werkgebied": ["vestigingen", "kernen"],
        "werkgebied_kernen": [[], ["bredevoort", "dinxperlo"]],
        "aan_huis": [False, True],
    }

    client.force_login(beheerder)
    pagina = client.get(
        f"/beheer/sociale_kaart/wijzigingsvoorstel/{voorstel.pk}/beoordelen/"
    ).content.decode()
    assert "<del>In de plaatsen van de vestigingen</del>" in pagina
    assert "<ins>In een of meer kernen</ins>" in pagina
    assert "<ins>Bredevoort, Dinxperlo</ins>" in pagina and "<del>(geen)</del>" in pagina
    assert "<del>nee</del>" in pagina and "<ins>ja</ins>" in pagina
    voorstel_goedkeuren(voorstel=voorstel, door=beheerder)

    eigen_aanbod.refresh_from_db()
    assert (eigen_aanbod.werkgebied, eigen_aanbod.werkgebied_kernen, eigen_aanbod.aan_huis) == (
        "kernen", ["bredevoort", "dinxperlo"], True,
    )  # fmt: skip
    assert namen("schulden", kern="dinxperlo") == ["Gemeentelijke schuldhulpverlening"]


def test_partner_choosing_kernen_without_a_kern_is_told_and_nothing_is_saved(
    client, partner_a, eigen_aanbod
):
    client.force_login(partner_a)
    antwoord = client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        partner_data(eigen_aanbod, werkgebied="kernen", korte_beschrijving="Nieuwe regel tekst"),
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Kies minstens één kern waar het aanbod er is." in html
    assert "Nieuwe regel tekst" in html
    assert "checked" in invoer(html, "werkgebied", "kernen")
    assert not Wijzigingsvoorstel.objects.exists() and not Wijziging.objects.exists()


def test_partner_gets_a_message_for_a_kern_that_does_not_exist(client, partner_a, eigen_aanbod):
    client.force_login(partner_a)
    antwoord = client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        partner_data(eigen_aanbod, werkgebied="kernen", werkgebied_kernen=["utrecht"]),
    )
    assert "Kies een kern uit de lijst." in antwoord.content.decode()
    assert not Wijzigingsvoorstel.objects.exists()


def test_kernen_ticked_with_the_whole_gemeente_are_left_out(client, partner_a, eigen_aanbod):
    VrijVeld.objects.create(soort=Soort.AANBOD, veld="werkgebied")
    VrijVeld.objects.create(soort=Soort.AANBOD, veld="werkgebied_kernen")
    client.force_login(partner_a)
    client.post(
        f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/",
        partner_data(eigen_aanbod, werkgebied="gemeente", werkgebied_kernen=["dinxperlo"]),
    )
    eigen_aanbod.refresh_from_db()
    assert (eigen_aanbod.werkgebied, eigen_aanbod.werkgebied_kernen) == ("gemeente", [])
    assert namen("schulden", kern="dinxperlo") == ["Gemeentelijke schuldhulpverlening"]


def test_werkgebied_and_its_kernen_are_applied_together_or_reviewed_together(
    client, partner_a, eigen_aanbod
):
    """Only the werkgebied is free: a change that needs new kernen waits whole for review,
    so the database never holds 'kernen' without one; a change without kernen goes at once."""
    VrijVeld.objects.create(soort=Soort.AANBOD, veld="werkgebied")
    client.force_login(partner_a)
    pad = f"/partner/sociale-kaart/aanbod/{eigen_aanbod.slug}/"
    antwoord = client.post(
        pad, partner_data(eigen_aanbod, werkgebied="kernen", werkgebied_kernen=["dinxperlo"])
    )
    assert antwoord.status_code == 302
    eigen_aanbod.refresh_from_db()
    assert eigen_aanbod.werkgebied == "vestigingen"
    assert Wijzigingsvoorstel.objects.get().wijzigingen == {
        "werkgebied": ["vestigingen", "kernen"],
        "werkgebied_kernen": [[], ["dinxperlo"]],
    }

    client.post(pad, partner_data(eigen_aanbod, werkgebied="regio"))
    eigen_aanbod.refresh_from_db()
    assert eigen_aanbod.werkgebied == "regio"
    assert Wijziging.objects.get().wijzigingen == {
        "werkgebied": ["vestigingen", "regio"],
        "werkgebied_kernen": [[], []],
    }


# --- The beheerder edits it in /beheer/ ------------------------------------------------------


def beheer_data(aanbod, **wijzig) -> dict:
    data = {
        "organisatie": aanbod.organisatie_id, "naam": aanbod.naam, "slug": aanbod.slug,
        "korte_beschrijving": aanbod.korte_beschrijving, "beschrijving": aanbod.beschrijving,
        "status": aanbod.status, "kosten": aanbod.kosten, "aanmelden": aanbod.aanmelden,
        "talen": "", "werkgebied": aanbod.werkgebied, "werkgebied_kernen": aanbod.werkgebied_kernen,
        "op_vestigingen-TOTAL_FORMS": "0", "op_vestigingen-INITIAL_FORMS": "0",
        "op_vestigingen-MIN_NUM_FORMS": "0", "op_vestigingen-MAX_NUM_FORMS": "1000",
        "vertalingen-TOTAL_FORMS": "0", "vertalingen-INITIAL_FORMS": "0",
        "vertalingen-MIN_NUM_FORMS": "0", "vertalingen-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    return data | wijzig


def test_beheerder_edits_the_werkgebied_with_checkboxes_and_search_follows(client, beheerder):
    aanbod = maak(kern=None, naam="Buurtbemiddeling")
    client.force_login(beheerder)
    pad = f"/beheer/sociale_kaart/aanbod/{aanbod.pk}/change/"
    formulier = client.get(pad).content.decode()
    assert 'type="checkbox"' in invoer(formulier, "werkgebied_kernen", "lintelo")
    antwoord = client.post(
        pad, beheer_data(aanbod, werkgebied="kernen", werkgebied_kernen=["lintelo", "dale"], aan_huis="on")
    )  # fmt: skip
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors
    aanbod.refresh_from_db()
    assert (aanbod.werkgebied, aanbod.werkgebied_kernen, aanbod.aan_huis) == (
        "kernen", ["dale", "lintelo"], True,
    )  # fmt: skip
    assert namen("schulden", kern="lintelo") == ["Buurtbemiddeling"]


def test_beheerder_choosing_kernen_without_a_kern_sees_the_message(client, beheerder):
    aanbod = maak(kern=None, naam="Buurtbemiddeling")
    client.force_login(beheerder)
    antwoord = client.post(
        f"/beheer/sociale_kaart/aanbod/{aanbod.pk}/change/",
        beheer_data(aanbod, werkgebied="kernen", naam="Nieuwe naam"),
    )
    assert antwoord.status_code == 200
    assert "Kies minstens één kern waar het aanbod er is." in antwoord.content.decode()
    aanbod.refresh_from_db()
    assert (aanbod.naam, aanbod.werkgebied) == ("Buurtbemiddeling", "vestigingen")


def test_the_aanbod_list_in_beheer_filters_on_werkgebied(client, beheerder):
    maak(kern=None, naam="Heel Aalten", werkgebied=Werkgebied.GEMEENTE)
    maak(kern=None, naam="Alleen hier")
    client.force_login(beheerder)
    antwoord = client.get("/beheer/sociale_kaart/aanbod/", {"werkgebied__exact": "gemeente"})
    assert [a.naam for a in antwoord.context["cl"].result_list] == ["Heel Aalten"]


# --- The demo ----------------------------------------------------------------------------------


def test_the_demos_werkgebieden_name_its_aanbod_and_are_valid():
    from sociale_kaart.demo_aanbod import AANBOD, WERKGEBIEDEN
    from sociale_kaart.models import werkgebied_kernen_schoon

    namen = {naam for _, _, naam, *_ in AANBOD}
    for naam, (werkgebied, kernen, _) in WERKGEBIEDEN.items():
        assert naam in namen
        assert werkgebied_kernen_schoon(werkgebied, kernen) == kernen, naam


def test_in_the_demo_geldzorgen_in_dinxperlo_finds_the_municipalitys_debt_help(levensdomeinen):
    from django.core.management import call_command

    call_command("demo_data", "--force")
    schuldhulp = Aanbod.objects.get(naam="Gemeentelijke schuldhulpverlening")
    assert (schuldhulp.werkgebied, schuldhulp.aan_huis) == ("gemeente", True)
    assert not schuldhulp.op_vestigingen.filter(vestiging__kern="dinxperlo").exists()
    assert "Gemeentelijke schuldhulpverlening" in namen("geldzorgen", kern="dinxperlo")
    # Some demo aanbod serve only where they are, some the region, some a few kernen.
    assert set(Aanbod.objects.values_list("werkgebied", flat=True)) == set(Werkgebied.values)
