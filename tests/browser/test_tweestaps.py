"""Logging in with a code in the browser: setting up the app at the first login, the code
step, and /beheer/ (Django's admin) without any Content-Security-Policy violation (the page
fixtures fail the test on any)."""

import pytest

from tests.accounts.factories import WACHTWOORD, UserFactory
from tests.accounts.tweestaps import authenticator, code_uit_geheim
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_login_sets_up_the_app_and_shows_recovery_codes(
    levensdomeinen, live_server, page, assert_accessible, screenshot
):
    user = UserFactory(rol=Rol.MEDEWERKER)
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/account/tweestaps/instellen/")
    page.get_by_role("img", name="QR-code").wait_for()
    screenshot(page, f"tweestaps-instellen-{page.viewport_name}")
    assert_accessible(page)

    # The app scans the QR code; the key below it gives the same codes.
    geheim = page.locator("code.geheim").inner_text()
    page.get_by_label("Code", exact=True).fill(code_uit_geheim(geheim))
    page.get_by_role("button", name="App koppelen").click()

    page.wait_for_url(live_server.url + "/account/tweestaps/herstelcodes/")
    assert page.get_by_role("list", name="Herstelcodes").locator("li").count() == 10
    screenshot(page, f"herstelcodes-{page.viewport_name}")
    assert_accessible(page)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_url(live_server.url + "/balie/")


def test_code_step_is_accessible_also_with_an_error(
    levensdomeinen, live_server, desktop_page, assert_accessible
):
    user = UserFactory(rol=Rol.BELEID)
    authenticator(user)
    page = desktop_page
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/account/inloggen/code/")
    assert page.evaluate("document.activeElement.name") == "code"
    assert_accessible(page)
    page.keyboard.type("123 456")
    page.keyboard.press("Enter")
    assert page.get_by_label("Code", exact=True).get_attribute("aria-invalid") == "true"
    assert_accessible(page)


BEHEER = [
    "/beheer/",
    "/beheer/accounts/user/",
    "/beheer/accounts/user/add/",
    "/beheer/otp_totp/totpdevice/",
    "/beheer/otp_static/staticdevice/",
    "/beheer/axes/accessfailurelog/",
    "/beheer/axes/accessattempt/",
    "/beheer/sociale_kaart/organisatie/",
    "/beheer/sociale_kaart/organisatie/add/",
    "/beheer/sociale_kaart/aanbod/add/",
    "/beheer/locaties/toegangslocatie/add/",
]


def test_beheer_works_under_the_strict_csp(levensdomeinen, live_server, desktop_page):
    beheerder = UserFactory(rol=Rol.BEHEERDER)
    OrganisatieFactory()
    page = desktop_page
    inloggen(page, live_server, beheerder, naar="/beheer/")
    for pad in [*BEHEER, f"/beheer/accounts/user/{beheerder.pk}/change/"]:
        response = page.goto(live_server.url + pad)
        assert response.status == 200, pad
        page.wait_for_load_state("networkidle")
    # The admin's own scripts still work: the user list's "select all" box.
    page.goto(live_server.url + "/beheer/accounts/user/")
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select").first.is_checked()


def test_my_account_and_password_pages_are_accessible(
    levensdomeinen, live_server, page, assert_accessible
):
    user = UserFactory(rol=Rol.COORDINATOR)
    inloggen(page, live_server, user)
    page.get_by_role("link", name="Mijn account").click()
    page.wait_for_url(live_server.url + "/account/tweestaps/")
    assert_accessible(page)
    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    page.get_by_label("Huidig wachtwoord").fill(WACHTWOORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("kort")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_text("Dit wachtwoord is te kort").wait_for()
    assert_accessible(page)
