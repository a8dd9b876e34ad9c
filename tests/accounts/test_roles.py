"""Every role lands on its own start page and is refused on the others'."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from tests.accounts.factories import WACHTWOORD, UserFactory
from tests.accounts.tweestaps import authenticator, geldige_code
from toegang.accounts.roles import Rol

PAGES = {
    "balie": "/balie/",
    "partner": "/partner/",
    "rapportage": "/rapportage/",
    "beheer": "/beheer/",
}

# persona → (start page after login, pages it may open). Everything else answers 403.
ROLE_TABLE = {
    "medewerker": ("/balie/", {"balie"}),
    "coordinator": ("/balie/", {"balie", "rapportage"}),
    "partner_a": ("/partner/", {"partner"}),
    "beleid": ("/rapportage/", {"rapportage"}),
    "beheerder": ("/beheer/", {"beheer"}),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ROLE_TABLE)
def test_role_may_open_only_its_own_pages(request, client, persona, page):
    client.force_login(request.getfixturevalue(persona))
    allowed = ROLE_TABLE[persona][1]
    response = client.get(PAGES[page])
    assert response.status_code == (200 if page in allowed else 403)


@pytest.mark.parametrize("persona", ROLE_TABLE)
def test_login_lands_each_role_on_its_start_page(request, client, persona):
    user = request.getfixturevalue(persona)
    apparaat = authenticator(user)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": WACHTWOORD}
    )
    assert response["Location"] == reverse("accounts:code")
    response = client.post(reverse("accounts:code"), {"code": geldige_code(apparaat)})
    assert response.status_code == 303
    start = client.get(response["Location"])
    assert start.status_code == 302
    assert start["Location"] == ROLE_TABLE[persona][0]
    assert client.get(start["Location"]).status_code == 200


@pytest.mark.parametrize("page", PAGES.values())
def test_anonymous_visitor_is_sent_to_login(resident, page):
    response = resident.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert f"next={page}" in response["Location"].replace("%2F", "/")


def test_wrong_password_shows_dutch_message_and_keeps_username(resident, medewerker):
    response = resident.post(
        reverse("accounts:login"), {"username": "medewerker", "password": "fout"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "De gebruikersnaam of het wachtwoord klopt niet" in html
    assert 'value="medewerker"' in html


def test_inactive_user_cannot_open_staff_pages(client, medewerker):
    client.force_login(medewerker)
    medewerker.is_active = False
    medewerker.save()
    response = client.get("/balie/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_partner_without_organisation_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        UserFactory(rol=Rol.PARTNER, organisatie=None)


@pytest.mark.django_db
def test_only_beheerder_is_staff():
    flags = {rol: UserFactory(rol=rol).is_staff for rol in Rol if rol != Rol.PARTNER}
    assert flags == {rol: rol == Rol.BEHEERDER for rol in flags}


def test_admin_login_page_redirects_to_the_one_login(resident):
    response = resident.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_logged_in_beheerder_at_the_admin_login_goes_on_to_the_admin(client, beheerder):
    client.force_login(beheerder)
    response = client.get("/beheer/login/?next=https://elders.example.org/")
    assert response.status_code == 302
    assert response["Location"] == "/beheer/"


def test_logout_is_a_post_and_ends_the_session(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/balie/").status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "U bent uitgelogd" in response.content.decode()
    assert client.get("/balie/").status_code == 302
