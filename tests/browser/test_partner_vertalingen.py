"""A partner translates its aanbod into Arabic in the partner portal, and a resident who
reads Arabic sees it (issue 17): the form in the browser, its error next to the field,
axe on both pages."""

import pytest
from django.conf import settings

from sociale_kaart.models import AanbodVertaling, Soort, VrijVeld
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAAM = "مشروع الصداقة"


def test_partner_translates_into_arabic_and_a_resident_reads_it(
    live_server, desktop_page, telefoon, assert_accessible, partner_a, levensdomeinen
):
    # The beheerder let Arabic translations through without review (else: a proposal, as
    # tests/sociale_kaart/test_partner_vertalingen.py shows).
    VrijVeld.objects.create(soort=Soort.AANBOD, veld="vertaling_ar")
    aanbod = AanbodFactory(organisatie=partner_a.organisatie, naam="Maatjesproject")
    page = desktop_page
    inloggen(page, live_server, partner_a)
    page.goto(live_server.url + "/partner/sociale-kaart/")
    page.get_by_role("link", name="Vertalen (Maatjesproject)").click()
    page.get_by_role("heading", name="Maatjesproject vertalen").wait_for()

    naam = page.get_by_label("Naam (Arabisch)")
    naam.fill(NAAM)
    assert naam.evaluate("e => getComputedStyle(e).direction") == "rtl"  # typed right to left
    page.get_by_role("button", name="Opslaan").click()
    fout = "Vul ook dit in, of maak de andere velden voor het Arabisch leeg."
    page.get_by_role("alert").get_by_text(f"Korte beschrijving (Arabisch): {fout}").wait_for()
    assert page.get_by_label("Naam (Arabisch)").input_value() == NAAM
    veld = page.get_by_label("Korte beschrijving (Arabisch)")
    assert (
        fout in page.locator(f"#{veld.get_attribute('aria-describedby').split()[-1]}").inner_text()
    )
    assert_accessible(page)

    veld.fill("متطوع يزورك كل أسبوع.")
    page.get_by_label("Beschrijving (Arabisch) (niet verplicht)", exact=True).fill(
        "هل تشعر بالوحدة؟ يأتي متطوع لزيارتك."
    )
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Meteen aangepast: vertaling_ar.").wait_for()
    assert AanbodVertaling.objects.get(aanbod=aanbod, taal="ar").naam == NAAM
    assert_accessible(page)

    # A resident reading Arabic.
    inwoner = telefoon
    inwoner.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}]
    )
    inwoner.goto(live_server.url + aanbod.get_absolute_url())
    kop = inwoner.locator("h1")
    assert kop.inner_text() == NAAM and kop.get_attribute("lang") == "ar"
    assert inwoner.locator(".alleen-nederlands").count() == 0
    assert_accessible(inwoner)
