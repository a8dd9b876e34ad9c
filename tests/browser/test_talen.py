"""The resident's journey in all six languages, on a phone and on a desktop (issue 17): home →
search → aanbod → question form → confirmation → status. Checks the mechanics, not the
wording (the texts of these pages belong to other branches): `lang` and `dir` on every page,
the switcher keeps the page and its query, axe finds nothing (Arabic included), no CSP error
(the page fixture), nothing wider than the screen, the first screen of the search page on a
phone shows a result, on a desktop the filters stand beside the results (on the right in
Arabic), Dutch names on an Arabic page keep their own direction, and the case remembers the
language. Screenshots of home, search, aanbod, form and status in Dutch and Arabic on a phone
(tests/artifacts/).

Kept fast: one test and one logged-out browser context per language, the demo data loaded
once for it; each page of the journey is checked at phone width, then resized to desktop
width and checked again (the layout is CSS only, so a resize is a real desktop render), then
the journey goes on."""

import re

import pytest
from django.conf import settings

from intake.management.commands.demo_data import Command as DemoData
from intake.models import Hulpvraag
from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True)

TALEN = [code for code, _ in settings.LANGUAGES]
RTL = {"ar"}
ZOEKEN = "/sociale-kaart/?q=geldzorgen"
# The first screen of the suite's phone (375 x 812). On the smaller 375 x 667 screen the
# Dutch page keeps its first result up (tests/browser/test_sociale_kaart_telefoon.py); in
# German and Ukrainian the header's menu wraps and pushes it half below that screen.
EERSTE_SCHERM = VIEWPORTS["telefoon"]["height"]


@pytest.fixture
def aalten(levensdomeinen):
    DemoData().handle(force=True)


def _taal_en_richting(page, taal):
    html = page.locator("html")
    assert html.get_attribute("lang") == taal, page.url
    assert html.get_attribute("dir") == ("rtl" if taal in RTL else "ltr"), page.url
    richting = page.evaluate("getComputedStyle(document.body).direction")
    assert richting == ("rtl" if taal in RTL else "ltr"), page.url
    huidige = page.locator('.taalkeuze [aria-current="true"]')
    assert huidige.count() == 1
    assert huidige.get_attribute("lang") == taal


def _past(page, breedte):
    gemeten = page.evaluate("document.documentElement.scrollWidth")
    assert gemeten <= VIEWPORTS[breedte]["width"], f"{page.url} ({breedte}): {gemeten}px breed"


def _controleer(page, taal, assert_accessible, screenshot, naam, op_desktop=None):
    """The page at phone width, then at desktop width (plus `op_desktop`, checks that only
    hold there), then back to the phone for the next step."""
    _taal_en_richting(page, taal)
    _past(page, "telefoon")
    assert_accessible(page)
    if taal in ("nl", "ar"):
        screenshot(page, f"taal-{taal}-{naam}-telefoon")
    page.set_viewport_size(VIEWPORTS["desktop"])
    try:
        _past(page, "desktop")
        assert_accessible(page)
        if op_desktop:
            op_desktop(page)
    finally:
        page.set_viewport_size(VIEWPORTS["telefoon"])


def _kies(page, taal):
    """Press the language's button in the header's switcher (a form post, no script)."""
    with page.expect_navigation():
        page.locator(f'.taalkeuze button[value="{taal}"]').click()


def _kop_gespiegeld(page):
    """Right to left: the site's name starts at the right edge, the switcher's first
    language is at the right of its row."""
    breedte = VIEWPORTS["telefoon"]["width"]
    naam = page.locator('header a[href="/"]').first.bounding_box()
    assert naam["x"] + naam["width"] > breedte * 0.6
    knoppen = page.locator(".taalkeuze button")
    eerste, tweede = knoppen.nth(0).bounding_box(), knoppen.nth(1).bounding_box()
    assert eerste["x"] > tweede["x"]


def _eerste_resultaat_op_eerste_scherm(page):
    eerste = page.locator(".resultaat h3 a").first
    box = eerste.bounding_box()
    assert box["y"] + box["height"] <= EERSTE_SCHERM, f"{page.url}: eerste resultaat te laag"


def _filters_naast_resultaten(taal):
    def controleer(page):
        filters = page.locator(".zoek-indeling__filters").bounding_box()
        resultaten = page.locator("#resultaten").bounding_box()
        if taal in RTL:  # the filters at the start of the line: the right
            assert resultaten["x"] + resultaten["width"] <= filters["x"]
        else:
            assert filters["x"] + filters["width"] <= resultaten["x"]
        assert abs(filters["y"] - resultaten["y"]) < 50

    return controleer


def _namen_in_eigen_richting(page):
    """A Dutch name from the database inside a right-to-left page runs left to right."""
    for selector in (".organisatie-naam", ".resultaat h3"):
        richting = page.locator(selector).first.evaluate("e => getComputedStyle(e).direction")
        assert richting == "ltr", selector


@pytest.mark.parametrize("taal", TALEN)
def test_the_resident_journey_in_each_language(
    taal, aalten, live_server, telefoon, assert_accessible, screenshot
):
    page = telefoon
    # Home, in Dutch until the resident chooses; the switcher comes back to the home page.
    page.goto(live_server.url + "/")
    _taal_en_richting(page, "nl")
    _kies(page, taal)
    assert page.url == live_server.url + "/"
    if taal in RTL:
        _kop_gespiegeld(page)
    _controleer(page, taal, assert_accessible, screenshot, "home")

    # Search: switching again on the results keeps the page and its query.
    page.goto(live_server.url + ZOEKEN)
    ander = "en" if taal != "en" else "de"
    _kies(page, ander)
    assert page.url == live_server.url + ZOEKEN
    _taal_en_richting(page, ander)
    _kies(page, taal)
    assert page.url == live_server.url + ZOEKEN
    _eerste_resultaat_op_eerste_scherm(page)
    if taal in RTL:
        _namen_in_eigen_richting(page)
    _controleer(
        page, taal, assert_accessible, screenshot, "zoeken", _filters_naast_resultaten(taal)
    )

    # An aanbod from the results.
    page.locator('main a[href^="/sociale-kaart/aanbod/"]').first.click()
    page.wait_for_url(re.compile(r"/sociale-kaart/aanbod/[\w-]+/$"))
    if taal in RTL:
        kop = page.locator("h1")
        assert kop.get_attribute("lang") == "nl"  # the demo has no Arabic texts
        assert kop.evaluate("e => getComputedStyle(e).direction") == "ltr"
    _controleer(page, taal, assert_accessible, screenshot, "aanbod")

    # The question form about it.
    page.locator('main a[href^="/hulpvraag/?aanbod="]').first.click()
    page.wait_for_url(re.compile(r"/hulpvraag/\?aanbod="))
    _controleer(page, taal, assert_accessible, screenshot, "formulier")
    formulier = page.locator("form:has(#id_vraag)")
    page.locator("#id_vraag").fill("Ik heb een vraag over geldzorgen.")
    page.locator("#id_naam").fill("Maria Müller")
    page.locator('[name="contactvoorkeur"][value="telefoon"]').check()
    page.locator("#id_telefoon").fill("06 12345678")
    page.locator('[name="toestemming_inzien"]').check()
    with page.expect_navigation():
        formulier.locator('button[type="submit"]').click()

    # The confirmation, then the status page.
    assert re.search(r"/hulpvraag/verstuurd/[\w-]+/$", page.url), page.url
    _controleer(page, taal, assert_accessible, screenshot, "bevestiging")
    hulpvraag = Hulpvraag.objects.get(inwoner__naam="Maria Müller")
    assert hulpvraag.taal == taal
    page.goto(live_server.url + hulpvraag.status_url)
    _controleer(page, taal, assert_accessible, screenshot, "status")


def test_the_switcher_works_without_javascript(levensdomeinen, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + ZOEKEN)
    page.locator('.taalkeuze button[value="uk"]').click()
    page.wait_for_load_state()
    assert page.url == live_server.url + ZOEKEN
    assert page.locator("html").get_attribute("lang") == "uk"
    context.close()
