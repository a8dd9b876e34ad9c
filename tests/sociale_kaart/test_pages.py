import pytest

from sociale_kaart.models import Levensdomein
from tests.sociale_kaart.factories import OrganisatieFactory

pytestmark = pytest.mark.usefixtures("levensdomeinen")


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
    response = resident.get(domein.uitleg_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Werk en inkomen" in html
    assert "Laborijn" in html
    assert "Niet hier" not in html
    assert "/vraag-stellen/" in html


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
