"""The resident's journey in all six languages on a phone (issue 17): home → search →
aanbod → question form → confirmation → status. Checks the mechanics, not the wording (the
texts of these pages belong to other branches): `lang` and `dir` on every page, the switcher
keeps the page and its query, axe finds nothing (Arabic included), no CSP error (the page
fixture), nothing wider than the phone, and the case remembers the language.
Screenshots of home, search, aanbod, form and status in Dutch and Arabic."""

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


def _past_op_telefoon(page):
    breedte = page.evaluate("document.documentElement.scrollWidth")
    assert breedte <= VIEWPORTS["telefoon"]["width"], f"{page.url}: {breedte}px breed"


def _controleer(page, taal, assert_accessible, screenshot, naam):
    _taal_en_richting(page, taal)
    _past_op_telefoon(page)
    assert_accessible(page)
    if taal in ("nl", "ar"):
        screenshot(page, f"taal-{taal}-{naam}-telefoon")


def _kies(page, taal):
    """Press the language's button in the header's switcher (a form post, no script)."""
    with page.expect_navigation():
        page.locator(f'.taalkeuze button[value="{taal}"]').click()


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
    _controleer(page, taal, assert_accessible, screenshot, "home")

    # Search: switching again on the results keeps the page and its query.
    page.goto(live_server.url + ZOEKEN)
    ander = "en" if taal != "en" else "de"
    _kies(page, ander)
    assert page.url == live_server.url + ZOEKEN
    _taal_en_richting(page, ander)
    _kies(page, taal)
    assert page.url == live_server.url + ZOEKEN
    _controleer(page, taal, assert_accessible, screenshot, "zoeken")

    # An aanbod from the results.
    page.locator('main a[href^="/sociale-kaart/aanbod/"]').first.click()
    page.wait_for_url(re.compile(r"/sociale-kaart/aanbod/[\w-]+/$"))
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


def test_arabic_mirrors_the_header(aalten, live_server, telefoon):
    """Right to left: the site's name starts at the right edge, the switcher's first
    language is at the right of its row."""
    page = telefoon
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}]
    )
    page.goto(live_server.url + "/")
    breedte = VIEWPORTS["telefoon"]["width"]
    naam = page.locator('header a[href="/"]').first.bounding_box()
    assert naam["x"] + naam["width"] > breedte * 0.6
    knoppen = page.locator(".taalkeuze button")
    eerste, tweede = knoppen.nth(0).bounding_box(), knoppen.nth(1).bounding_box()
    assert eerste["x"] > tweede["x"]


def test_the_switcher_works_without_javascript(aalten, live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + ZOEKEN)
    page.locator('.taalkeuze button[value="uk"]').click()
    page.wait_for_load_state()
    assert page.url == live_server.url + ZOEKEN
    assert page.locator("html").get_attribute("lang") == "uk"
    context.close()
