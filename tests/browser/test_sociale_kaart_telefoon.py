"""The sociale kaart on a phone (issue 17, part 3): the first screen of the search page shows
a result, the filters fold behind one "Filteren" control, a chosen filter shows as a chip that
removes it; on a desktop the filters stand beside the results. Bootstrap's CSS is blocked:
the pages must look right with the NL Design System and our own CSS alone."""

import pytest

from tests.browser.conftest import _pagina
from tests.browser.test_sociale_kaart import aalten  # noqa: F401 (the demo's sociale kaart)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("aalten")]

TELEFOON = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}


def _zonder_bootstrap(browser, viewport):
    """The harness's page (it fails the test on a CSP error) at this size, without Bootstrap."""
    for page in _pagina(browser, "telefoon"):
        page.set_viewport_size(viewport)
        page.route("**/vendor/bootstrap/**", lambda route: route.abort())
        yield page


@pytest.fixture
def klein_scherm(browser):
    yield from _zonder_bootstrap(browser, TELEFOON)


@pytest.fixture
def groot_scherm(browser):
    yield from _zonder_bootstrap(browser, DESKTOP)


def test_on_a_phone_the_first_screen_shows_a_result_and_the_filters_fold(
    live_server, klein_scherm, assert_accessible, screenshot
):
    page = klein_scherm
    page.goto(live_server.url + "/sociale-kaart/?q=geldzorgen")
    eerste = page.locator(".resultaat h3 a").first
    eerste.wait_for()
    box = eerste.bounding_box()
    assert box["y"] + box["height"] <= TELEFOON["height"], "first result is below the first screen"

    # The filters are folded behind one control; no horizontal scrolling.
    filteren = page.locator("summary", has_text="Filteren")
    assert filteren.is_visible()
    assert not page.get_by_label("Plaats").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEFOON["width"]
    screenshot(page, "sociale-kaart-eerste-scherm-telefoon")
    assert_accessible(page)

    # Open it, choose a kern: the result list and a chip for the chosen filter.
    filteren.click()
    page.get_by_label("Plaats").select_option(label="Dinxperlo")
    page.get_by_role("button", name="Filters toepassen").click()
    page.wait_for_url("**kern=dinxperlo**")
    assert "q=geldzorgen" in page.url
    chip = page.get_by_role("link", name="Filter Dinxperlo verwijderen")
    assert chip.is_visible()
    assert page.locator(".resultaat").count() >= 1
    screenshot(page, "sociale-kaart-filter-chip-telefoon")
    assert_accessible(page)

    # The chip removes that one filter and keeps the search words.
    chip.click()
    page.wait_for_url(lambda url: "kern=" not in url)
    assert "q=geldzorgen" in page.url
    assert page.get_by_role("link", name="Filter Dinxperlo verwijderen").count() == 0
    assert page.get_by_label("Plaats").input_value() == ""


def test_on_a_desktop_the_filters_stand_beside_the_results(
    live_server, groot_scherm, assert_accessible, screenshot
):
    page = groot_scherm
    page.goto(live_server.url + "/sociale-kaart/?q=geldzorgen&kosten=gratis")
    page.locator(".resultaat").first.wait_for()
    # No "Filteren" control needed: the filters are simply there, and reachable by keyboard.
    assert not page.locator("summary", has_text="Filteren").is_visible()
    plaats = page.get_by_label("Plaats")
    assert plaats.is_visible()
    filters = page.locator(".zoek-indeling__filters").bounding_box()
    resultaten = page.locator("#resultaten").bounding_box()
    assert filters["x"] + filters["width"] <= resultaten["x"]
    assert abs(filters["y"] - resultaten["y"]) < 50
    assert page.get_by_role("link", name="Filter Gratis verwijderen").is_visible()
    page.get_by_label("Waar zoekt u hulp bij?").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-levensdomein"
    screenshot(page, "sociale-kaart-zoeken-desktop")
    assert_accessible(page)


def test_the_home_page_search_box_leads_to_the_results(
    live_server, klein_scherm, assert_accessible
):
    page = klein_scherm
    page.goto(live_server.url + "/")
    zoekvak = page.get_by_label("Waar zoekt u hulp bij?")
    box = zoekvak.bounding_box()
    assert box["y"] + box["height"] <= TELEFOON["height"]
    assert_accessible(page)
    zoekvak.fill("geldzorgen")
    zoekvak.press("Enter")
    page.wait_for_url("**/sociale-kaart/?q=geldzorgen")
    assert page.locator(".resultaat").count() >= 1
    # Staff log in from the footer, not from the residents' menu.
    assert page.locator("nav").get_by_role("link", name="Inloggen medewerkers").count() == 0
    assert page.locator("footer").get_by_role("link", name="Inloggen medewerkers").is_visible()
