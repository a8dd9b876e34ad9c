"""A resident in Dinxperlo with money worries finds the municipality's debt help on a phone,
although its office is in Aalten: it serves the whole gemeente and comes to the home."""

import pytest

from intake.management.commands.demo_data import Command as DemoData

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def aalten(levensdomeinen):
    DemoData().handle(force=True)


def test_geldzorgen_in_dinxperlo_finds_the_municipalitys_debt_help(
    aalten, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    page.goto(live_server.url + "/sociale-kaart/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    page.get_by_label("Plaats").select_option(label="Dinxperlo")
    page.get_by_role("button", name="Filters toepassen").click()
    assert "kern=dinxperlo" in page.url and "q=geldzorgen" in page.url

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
