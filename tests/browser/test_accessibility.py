"""axe-core (WCAG 2.1 A and AA) on every public page and every start page, phone and desktop."""

import pytest

from intake.management.commands.demo_data import Command as DemoData
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = {
    "home": "/",
    "vraag-stellen": "/vraag-stellen/",
    "afspraak-maken": "/afspraak-maken/",
    "afspraak-maken-dinxperlo": "/afspraak-maken/dinxperlo/",
    "levensdomein": "/hulp/werk-en-inkomen/",
    "inloggen": "/account/inloggen/",
    "locaties": "/locaties/",
    "locatie-hofstraat": "/locaties/hofstraat/",
    "locatie-dinxperlo": "/locaties/dinxperlo/",
    "niet-gevonden": "/bestaat-niet/",
}


@pytest.fixture
def aalten(levensdomeinen):
    DemoData().handle(force=True)


def test_every_public_page_is_accessible(aalten, live_server, page, assert_accessible, screenshot):
    """All public pages in one test per viewport: the demo's sociale kaart is built once
    (about ten seconds on a slow machine), not once per page. Every page is checked; the
    report names each page that fails."""
    fouten = []
    for name, pad in PUBLIC_PAGES.items():
        page.goto(live_server.url + pad)
        screenshot(page, f"{name}-{page.viewport_name}")
        try:
            assert_accessible(page)
        except AssertionError as fout:
            fouten.append(f"{name} ({pad}):\n{fout}")
    assert not fouten, "\n\n".join(fouten)


def test_login_error_state_is_accessible_and_keeps_username(
    aalten, live_server, page, assert_accessible
):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("medewerker")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").inner_text().startswith("De gebruikersnaam of het wachtwoord")
    assert page.get_by_label("Gebruikersnaam").input_value() == "medewerker"
    assert_accessible(page)


@pytest.mark.parametrize(
    ("rol", "start"),
    [
        (Rol.MEDEWERKER, "/balie/"),
        (Rol.COORDINATOR, "/balie/"),
        (Rol.PARTNER, "/partner/"),
        (Rol.BELEID, "/rapportage/"),
    ],
)
def test_staff_start_page_after_keyboard_login_is_accessible(
    aalten, live_server, desktop_page, assert_accessible, rol, start
):
    user = UserFactory(rol=rol)
    page = desktop_page
    inloggen(page, live_server, user, naar=start, toetsenbord=True)
    assert_accessible(page)
    if rol == Rol.PARTNER:
        page.goto(live_server.url + "/partner/sociale-kaart/")
        assert_accessible(page)
        page.goto(live_server.url + "/partner/sociale-kaart/organisatie/")
        page.get_by_label("Website").fill("geen url")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_text("Vul een volledig webadres in").wait_for()
        assert_accessible(page)
    if rol in (Rol.MEDEWERKER, Rol.COORDINATOR):
        page.goto(live_server.url + "/balie/sociale-kaart/?q=mantelzorg")
        assert_accessible(page)
    if rol in (Rol.MEDEWERKER, Rol.COORDINATOR, Rol.PARTNER):
        page.goto(live_server.url + "/mijn-diensten/")
        page.get_by_role("heading", name="Mijn diensten").wait_for()
        assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="U bent uitgelogd").wait_for()
    assert_accessible(page)
