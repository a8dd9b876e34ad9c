from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from sociale_kaart.models import (
    AanbodOpVestiging,
    Contactpersoon,
    Levensdomein,
    Vestiging,
    VestigingOpeningsregel,
)
from sociale_kaart.views import ORGANISATIES_PER_PAGINA
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory

pytestmark = pytest.mark.usefixtures("levensdomeinen")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_home_has_a_tile_per_seeded_levensdomein(resident):
    response = resident.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waar kunt u mee terecht?" in html
    assert "Stel uw vraag" in html
    for domein in Levensdomein.objects.all():
        assert domein.get_absolute_url() in html
    assert Levensdomein.objects.count() == 9


def test_council_domains_plus_wonen_and_veiligheid_are_seeded():
    # Also run by migration 0002 on every installation.
    assert set(Levensdomein.objects.values_list("slug", flat=True)) == {
        "zorg",
        "welzijn",
        "opvoeden-en-opgroeien",
        "zingeving",
        "werk-en-inkomen",
        "meedoen",
        "sport-en-cultuur",
        "wonen",
        "veiligheid",
    }


def test_levensdomein_page_explains_and_lists_organisations(resident):
    domein = Levensdomein.objects.get(slug="werk-en-inkomen")
    organisatie = OrganisatieFactory(naam="Laborijn")
    organisatie.levensdomeinen.add(domein)
    OrganisatieFactory(naam="Niet hier")
    response = resident.get(reverse("sociale_kaart:levensdomein", args=[domein.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Werk en inkomen" in html
    assert "Laborijn" in html
    assert "Niet hier" not in html
    assert "/vraag-stellen/" in html


def test_levensdomein_page_lists_its_organisations_a_page_at_a_time(resident):
    domein = Levensdomein.objects.get(slug="wonen")
    for n in range(ORGANISATIES_PER_PAGINA + 3):
        OrganisatieFactory(naam=f"Woonhulp {n:02d}").levensdomeinen.add(domein)
    pad = reverse("sociale_kaart:levensdomein", args=[domein.slug])
    eerste = resident.get(pad).content.decode()
    assert "Woonhulp 00" in eerste and f"Woonhulp {ORGANISATIES_PER_PAGINA - 1:02d}" in eerste
    assert f"Woonhulp {ORGANISATIES_PER_PAGINA:02d}" not in eerste
    assert "Pagina 1 van 2" in eerste and "?pagina=2#organisaties" in eerste
    tweede = resident.get(pad, {"pagina": 2}).content.decode()
    assert "Woonhulp 00" not in tweede
    assert f"Woonhulp {ORGANISATIES_PER_PAGINA + 2:02d}" in tweede
    assert "Pagina 2 van 2" in tweede and "?pagina=1#organisaties" in tweede
    # A page beyond the last, or not a number, shows the nearest page.
    assert "Pagina 2 van 2" in resident.get(pad, {"pagina": 99}).content.decode()
    assert "Pagina 1 van 2" in resident.get(pad, {"pagina": "x"}).content.decode()


@pytest.mark.parametrize(
    "path", ["/hulp/bestaat-niet/", "/hulp/%3Cscript%3E/", "/hulp/" + "a" * 5000 + "/"]
)
def test_unknown_or_hostile_domain_gives_friendly_404(resident, path):
    response = resident.get(path)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_html_in_beheerder_text_is_escaped(resident):
    domein = Levensdomein.objects.get(slug="zorg")
    domein.samenvatting = "<script>alert(1)</script>"
    domein.save()
    html = resident.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def _aanbod_met_vestiging():
    organisatie = OrganisatieFactory(
        naam="Figulus Welzijn", slug="figulus", laatst_gecontroleerd=date(2027, 1, 11)
    )
    aanbod = AanbodFactory(
        organisatie=organisatie, naam="Formulierenhulp", telefoon="0543-000010",
        kosten="eigen_bijdrage", kosten_toelichting="Vijf euro per keer.",
        aanmelden="zelf", aanmelden_toelichting="Loop binnen tijdens het spreekuur.",
    )  # fmt: skip
    vestiging = Vestiging.objects.create(
        organisatie=organisatie, naam="Huis van de Kern", straat="Hofstraat", huisnummer="11",
        postcode="7121 DL", plaats="Aalten", kern="aalten", toegankelijkheid="Drempelvrij.",
    )  # fmt: skip
    koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
    VestigingOpeningsregel.objects.create(
        aanbod_op_vestiging=koppeling, weekdag=1, dagdeel="ochtend", start=time(9), einde=time(12)
    )
    Contactpersoon.objects.create(
        organisatie=organisatie, aanbod=aanbod, naam="Anja", functie="consulent"
    )
    return aanbod


def test_aanbod_page_shows_contact_hours_sign_up_costs_check_date_and_the_question_button(
    resident,
):
    aanbod = _aanbod_met_vestiging()
    # Tuesday 2 March 2027, 10:00 in Aalten: the Tuesday morning hours are on now.
    with time_machine.travel(datetime(2027, 3, 2, 10, 0, tzinfo=AMSTERDAM), tick=False):
        html = resident.get(f"/sociale-kaart/aanbod/{aanbod.slug}/").content.decode()
    assert 'Telefoon: <a class="utrecht-link" href="tel:+31543000010">0543 000 010</a>' in html
    assert 'Contactpersoon: <bdi>Anja</bdi> (<bdi lang="nl">consulent</bdi>)' in html
    assert "Huis van de Kern" in html and "Hofstraat 11" in html and "Drempelvrij." in html
    assert "Nu open tot 12:00" in html and "<li>Dinsdag 9:00–12:00</li>" in html
    assert "Loop binnen tijdens het spreekuur." in html
    assert 'Eigen bijdrage. <span lang="nl" dir="auto">Vijf euro per keer.</span>' in html
    assert "Laatst gecontroleerd op 11 januari 2027" in html
    assert f'href="/hulpvraag/?aanbod={aanbod.slug}"' in html
    assert "Stel uw vraag over dit aanbod" in html


def test_inactive_aanbod_has_no_public_page(resident):
    aanbod = _aanbod_met_vestiging()
    aanbod.status = "inactief"
    aanbod.save()
    assert resident.get(f"/sociale-kaart/aanbod/{aanbod.slug}/").status_code == 404


def test_organisation_page_lists_its_aanbod_and_vestigingen(resident):
    aanbod = _aanbod_met_vestiging()
    html = resident.get("/sociale-kaart/organisaties/figulus/").content.decode()
    assert aanbod.get_absolute_url() in html
    assert "Huis van de Kern" in html
    assert "0543 000 099" in html  # stored +31543000099, shown the Dutch way


@pytest.mark.parametrize(
    "namen, zin",
    [
        (["Ouderen"], "Speciaal voor ouderen."),
        (["Ouderen", "Nieuwkomers"], "Speciaal voor ouderen en nieuwkomers."),
        (["Ouders", "Ouderen", "Mantelzorgers"], "Speciaal voor ouders, ouderen en mantelzorgers."),
        (["Iedereen"], "Voor iedereen."),
        (
            ["Ouderen", "Nieuwkomers", "Iedereen"],
            "Voor iedereen, vooral voor ouderen en nieuwkomers.",
        ),
    ],
)
def test_aanbod_page_says_who_it_is_for_in_a_sentence(resident, namen, zin):
    aanbod = AanbodFactory()
    for volgorde, naam in enumerate(namen):
        aanbod.doelgroepen.add(DoelgroepFactory(naam=naam, slug=naam.lower(), volgorde=volgorde))
    html = resident.get(aanbod.get_absolute_url()).content.decode()
    assert f"<p>{zin}</p>" in html
    assert "Speciaal voor:" not in html


def test_aanbod_page_without_target_groups_says_nothing_about_them(resident):
    html = resident.get(AanbodFactory().get_absolute_url()).content.decode()
    assert "Speciaal voor" not in html and "Voor iedereen" not in html
