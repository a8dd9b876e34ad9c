"""On a phone: a resident asks to be called back and picks a window; a medewerker finds it
in the Terugbellen queue at /balie/, takes it, does not reach the resident (the next try is
planned), then does. Every page passes axe (WCAG 2.1 AA) and fits the phone's width."""

import re

import pytest

from intake.models import Gebeurtenis, Terugbelverzoek, terugbelvensters
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.browser.test_hulpvraag import geen_horizontale_scroll
from tests.intake.factories import voordeur_openen
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_asks_for_a_call_back_and_a_medewerker_handles_it_on_a_phone(
    live_server, telefoon, assert_accessible, screenshot
):
    voordeur_openen()
    eerste, tweede = terugbelvensters()[:2]
    page = telefoon

    # The resident, from the home page.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="laat u terugbellen").click()
    page.wait_for_url(live_server.url + "/terugbellen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wij bellen u terug"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # Not a number, no window: Dutch messages, what was typed stays.
    page.get_by_label("Uw naam").fill("Riek")
    page.get_by_label("Op welk nummer bellen wij u?").fill("bel me")
    page.get_by_role("button", name="Bel mij terug").click()
    samenvatting = page.get_by_role("alert")
    assert "geen telefoonnummer" in samenvatting.inner_text()
    assert "Kies wanneer wij u mogen bellen" in samenvatting.inner_text()
    assert page.get_by_label("Uw naam").input_value() == "Riek"
    screenshot(page, "terugbellen-fouten-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    page.get_by_label("Op welk nummer bellen wij u?").fill("06 12345678")
    keuze = page.get_by_label("Wanneer mogen wij bellen?")
    opties = keuze.locator("option").all_inner_texts()
    assert opties[1:3] == [eerste.tekst, tweede.tekst]
    keuze.select_option(eerste.waarde)
    page.get_by_label("Waarover wilt u praten?").fill("Ik krijg de huur niet betaald.")
    page.get_by_label("E-mailadres").fill("riek@example.org")
    page.get_by_role("checkbox", name=re.compile("mij bellen")).check()
    page.get_by_role("button", name="Bel mij terug").click()

    page.wait_for_url(re.compile(r"/terugbellen/verstuurd/[\w-]+/$"))
    assert eerste.tekst in page.locator(".bevestiging").inner_text()
    screenshot(page, "terugbellen-verstuurd-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)
    verzoek = Terugbelverzoek.objects.get()
    assert (verzoek.telefoon, verzoek.email) == ("06 12345678", "riek@example.org")

    # The status page says when we call, and offers another call-back.
    page.get_by_role("link", name="Bekijk hoe het met uw vraag staat").click()
    assert eerste.tekst in page.locator("ul.terugbellen").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Bel mij terug").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wij bellen u terug"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # The medewerker, on a phone too.
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes", last_name="Ten Have")
    inloggen(page, live_server, medewerker)
    sectie = page.locator("table", has=page.get_by_text("Inwoners die gebeld willen worden"))
    rij = sectie.get_by_role("row", name=re.compile("Riek"))
    assert "Nog niemand" in rij.inner_text()
    assert_accessible(page)
    rij.get_by_role("link", name=eerste.tekst).click()
    page.wait_for_url(live_server.url + verzoek.get_absolute_url())
    assert "06 12345678" in page.inner_text("main")
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Oppakken").click()
    assert "U heeft dit terugbelverzoek opgepakt" in page.inner_text("main")

    # Not reached: the next window is planned and the queue says so.
    page.get_by_role("radio", name="Nee, niet bereikt").check()
    page.get_by_label("Notitie").fill("Geen gehoor, voicemail.")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url(live_server.url + "/balie/wachtrij/terugbellen/")
    assert f"De volgende poging staat gepland: {tweede.tekst}" in page.inner_text("main")
    rij = page.get_by_role("row", name=re.compile("Riek"))
    assert "2 van 3" in rij.inner_text() and "Marloes" in rij.inner_text()
    screenshot(page, "terugbellen-wachtrij-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # Reached on the second try: one contactmoment on the case, the queue is empty.
    rij.get_by_role("link", name=tweede.tekst).click()
    page.get_by_role("radio", name="Ja, bereikt").check()
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url(live_server.url + "/balie/wachtrij/terugbellen/")
    assert "Niemand wacht op een telefoontje" in page.inner_text("main")
    verzoek.refresh_from_db()
    assert verzoek.status == Terugbelverzoek.Status.BEREIKT
    hulpvraag = verzoek.hulpvraag
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.CONTACTMOMENT).count() == 1

    # The case page shows the call-back and offers the counter's form; accessible too.
    page.goto(live_server.url + hulpvraag.get_absolute_url())
    assert "Bereikt" in page.locator("#terugbellen").inner_text()
    page.get_by_text("Terugbelverzoek", exact=True).click()
    assert page.get_by_label("Wanneer terugbellen").is_visible()
    geen_horizontale_scroll(page)
    assert_accessible(page)
