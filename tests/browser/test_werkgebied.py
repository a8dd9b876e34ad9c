"""A resident in Dinxperlo with money worries finds the municipality's debt help on a phone,
although its office is in Aalten: it serves the whole gemeente and comes to the home. A
partner sets where its own aanbod serves."""

import pytest

from sociale_kaart.models import Organisatie, Wijzigingsvoorstel
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.browser.test_sociale_kaart import aalten  # noqa: F401 (the demo's sociale kaart)
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.usefixtures("aalten")
def test_geldzorgen_in_dinxperlo_finds_the_municipalitys_debt_help(
    live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    page.goto(live_server.url + "/sociale-kaart/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    # Typing searches live (htmx, 300 ms later); let that answer land first, so it cannot
    # race the submit below.
    page.wait_for_url("**q=geldzorgen**")
    page.locator("summary", has_text="Filteren").click()
    page.get_by_label("Plaats").select_option(label="Dinxperlo")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**kern=dinxperlo**")
    assert "q=geldzorgen" in page.url

    kaart = page.locator(".resultaat").filter(
        has=page.get_by_role("link", name="Gemeentelijke schuldhulpverlening")
    )
    kaart.wait_for()
    assert "Heel Aalten" in kaart.inner_text()
    assert "Ook bij u thuis" in kaart.inner_text()
    screenshot(page, "werkgebied-zoeken-dinxperlo-telefoon")
    assert_accessible(page)

    kaart.get_by_role("link", name="Gemeentelijke schuldhulpverlening").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gemeentelijke schuldhulpverlening"
    waar = page.get_by_role("heading", name="Waar?")
    assert waar.is_visible()
    assert page.get_by_text("Voor heel Aalten.").is_visible()
    assert page.get_by_text("Ook bij u thuis.").is_visible()
    screenshot(page, "werkgebied-aanbod-telefoon")
    assert_accessible(page)


@pytest.mark.usefixtures("aalten")
def test_a_partner_sets_where_its_aanbod_serves_and_is_told_what_is_missing(
    live_server, telefoon, assert_accessible
):
    figulus = Organisatie.objects.get(slug="figulus")
    inloggen(telefoon, live_server, UserFactory(rol=Rol.PARTNER, organisatie=figulus))
    page = telefoon
    page.goto(live_server.url + "/partner/sociale-kaart/aanbod/boodschappenhulp/")
    page.get_by_role("radio", name="In een of meer kernen").check()
    for kern in ("Dinxperlo", "De Heurne"):
        page.get_by_role("checkbox", name=kern, exact=True).uncheck()
    page.get_by_role("button", name="Opslaan").click()
    # The message next to the field, and a link to it in the summary on top.
    page.locator("#id_werkgebied_kernen_error", has_text="Kies minstens één kern").wait_for()
    assert page.get_by_role("link", name="In welke kernen?: Kies minstens één kern").is_visible()
    assert page.get_by_role("radio", name="In een of meer kernen").is_checked()
    assert_accessible(page)

    page.get_by_role("checkbox", name="Bredevoort", exact=True).check()
    page.get_by_label("Wij komen ook bij de inwoner thuis").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("wacht op controle door de beheerder").wait_for()
    voorstel = Wijzigingsvoorstel.objects.get(organisatie=figulus)
    assert voorstel.wijzigingen["werkgebied_kernen"] == [["dinxperlo", "de-heurne"], ["bredevoort"]]
