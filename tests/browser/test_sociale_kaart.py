"""A resident on a phone finds help for money worries in Dinxperlo and asks about it online."""

import pytest

from intake.management.commands.demo_data import Command as DemoData

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def aalten(levensdomeinen):
    DemoData().handle(force=True)


def test_resident_searches_filters_opens_and_asks(
    aalten, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Werk en inkomen").click()
    page.wait_for_url("**levensdomein=werk-en-inkomen**")

    page.goto(live_server.url + "/sociale-kaart/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("geldzorgen")
    # The live search (htmx) may answer too; the submit's page is the one read below.
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert "resultaten voor ‘geldzorgen’" in page.locator("#aantal").inner_text()
    assert_accessible(page)

    page.locator("summary", has_text="Filteren").click()
    page.get_by_label("Plaats").select_option(label="Dinxperlo")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**kern=dinxperlo**")
    resultaten = page.locator(".resultaat h3 a")
    assert resultaten.count() >= 1
    screenshot(page, "sociale-kaart-zoeken-telefoon")
    naam = resultaten.first.inner_text()
    resultaten.first.click()

    assert page.get_by_role("heading", level=1).inner_text() == naam
    page.get_by_text("Laatst gecontroleerd op").wait_for()
    screenshot(page, "sociale-kaart-aanbod-telefoon")
    assert_accessible(page)

    page.get_by_role("link", name="Stel uw vraag over dit aanbod").click()
    page.wait_for_url("**/hulpvraag/?aanbod=**")
    assert naam in page.get_by_text("U stelt een vraag over").inner_text()
    assert naam in page.get_by_label("Wat is uw vraag?").input_value()
    screenshot(page, "hulpvraag-over-aanbod-telefoon")
    assert_accessible(page)


def test_search_updates_while_typing_with_htmx(aalten, live_server, desktop_page):
    page = desktop_page
    page.goto(live_server.url + "/sociale-kaart/")
    with page.expect_response(lambda r: "q=mantel" in r.url):
        page.get_by_label("Waar zoekt u hulp bij?").press_sequentially("mantel", delay=30)
    page.wait_for_function("document.querySelector('#aantal').textContent.includes('mantel')")
    assert "Mantelzorgondersteuning" in page.locator("#resultaten").inner_text()


def test_organisation_page_is_accessible(aalten, live_server, page, assert_accessible):
    page.goto(live_server.url + "/sociale-kaart/organisaties/figulus/")
    assert page.get_by_role("heading", level=1).inner_text() == "Figulus Welzijn"
    assert_accessible(page)
