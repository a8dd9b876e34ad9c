import pytest

from tests.sociale_kaart.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


def test_balie_links_to_the_partners_direct_lines(client, medewerker):
    OrganisatieFactory(naam="Figulus Welzijn", telefoon="0543-000010")
    OrganisatieFactory(naam="Geen partner", is_partner=False)
    client.force_login(medewerker)
    assert 'href="/balie/partners/"' in client.get("/balie/").content.decode()
    html = client.get("/balie/partners/").content.decode()
    assert "Figulus Welzijn" in html
    assert "0543 000 010" in html  # stored +31543000010, shown the Dutch way
    assert "Geen partner" not in html


def test_partner_sees_only_its_own_organisation(client, partner_a, partner_b):
    client.force_login(partner_a)
    html = client.get("/partner/").content.decode()
    assert partner_a.organisatie.naam in html
    assert partner_b.organisatie.naam not in html


def test_vraag_stellen_page_is_public_and_lists_all_ways(resident):
    response = resident.get("/vraag-stellen/")
    html = response.content.decode()
    assert response.status_code == 200
    for kop in ("Bellen", "Mailen", "Langskomen"):
        assert kop in html
