"""A medewerker registers a phone question with the keyboard only, finds the resident's
earlier case and joins it; the front desk's pages pass axe (WCAG 2.1 AA)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Afspraak, Gebeurtenis, Hulpvraag
from intake.services.wachtrijen import PER_PAGINA
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.intake.factories import AfspraakFactory, HulpvraagFactory, InwonerFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)

VRAAG = "Mijn dochter belt: haar moeder vergeet steeds meer en eet niet goed."


def tab_tot(page, voorwaarde: str, maximaal: int = 40):
    """Press Tab until the focused element matches a JS condition on `el`."""
    for _ in range(maximaal):
        page.keyboard.press("Tab")
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return {voorwaarde}; }})()"
        ):
            return
    raise AssertionError(f"Met Tab niet bereikt: {voorwaarde}")


def focus_naam(page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.id")


def test_medewerker_registers_phone_question_by_keyboard_and_joins_earlier_case(
    levensdomeinen, live_server, desktop_page, assert_accessible, screenshot
):
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes", last_name="Ten Have")
    collega = UserFactory(rol=Rol.MEDEWERKER, first_name="Sanne", last_name="Bennink")
    eerder = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Riek Te Winkel", telefoon="06-12345678"),
        vraag="Hulp bij het huishouden na een val.",
    )
    eerder.wijs_toe(collega, door=collega)

    page = desktop_page
    inloggen(page, live_server, medewerker)
    page.goto(live_server.url + "/balie/nieuw/")

    # The cursor starts on the channel; the phone is already chosen. (Chromium applies
    # autofocus in a task after load: wait for it rather than race it.)
    page.wait_for_function("document.activeElement && document.activeElement.name", timeout=5000)
    assert focus_naam(page) == "kanaal"
    assert page.evaluate("document.activeElement.value") == "telefoon"
    page.keyboard.press("Tab")
    assert focus_naam(page) == "naam"
    page.keyboard.type("Riek te Winkel")
    tab_tot(page, "el.name === 'telefoon'")
    page.keyboard.type("+31 6 1234 5678")
    tab_tot(page, "el.name === 'levensdomeinen' && el.value === 'zorg'")
    # With JavaScript the earlier case is announced while typing (no buttons: nothing to
    # press by accident); the choice itself comes after the first submit.
    page.locator("#eerdere-live").get_by_text(eerder.referentie).wait_for()
    page.keyboard.press("Space")
    tab_tot(page, "el.name === 'vraag'")
    page.keyboard.type(VRAAG)
    tab_tot(page, "el.name === 'toestemming_inzien'")
    page.keyboard.press("Space")
    tab_tot(page, "el.tagName === 'BUTTON' && el.textContent.includes('Zoek eerdere vragen')")
    page.keyboard.press("Enter")

    # Before anything is saved: the earlier case, with its contact person.
    kop = page.get_by_role("heading", name="Deze inwoner heeft eerder een vraag gesteld")
    kop.wait_for()
    assert page.evaluate("document.activeElement.id") == "eerdere-titel"
    tabel = page.locator(".eerdere table")
    assert eerder.referentie in tabel.inner_text()
    assert "Sanne Bennink" in tabel.inner_text()
    assert Hulpvraag.objects.count() == 1
    assert page.locator("#id_vraag").input_value() == VRAAG
    screenshot(page, "balie-nieuw-eerdere")
    assert_accessible(page)

    tab_tot(page, f"el.tagName === 'BUTTON' && el.value === '{eerder.referentie}'")
    assert page.evaluate("document.activeElement.textContent").strip() == (
        f"Voeg toe aan {eerder.referentie}"
    )
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}{eerder.get_absolute_url()}")
    tijdlijn = page.locator(".tijdlijn")
    assert VRAAG in tijdlijn.inner_text()
    assert "Nieuwe vraag" in tijdlijn.inner_text()
    page.get_by_text(f"De vraag is toegevoegd aan {eerder.referentie}").wait_for()
    assert Hulpvraag.objects.count() == 1
    assert eerder.tijdlijn.filter(soort=Gebeurtenis.Soort.VRAAG, door=medewerker).count() == 1
    screenshot(page, "balie-hulpvraag-toegevoegd")
    assert_accessible(page)


def test_front_desk_pages_pass_axe(
    levensdomeinen, live_server, page, assert_accessible, screenshot
):
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes", last_name="Ten Have")
    nieuw = HulpvraagFactory(inwoner=InwonerFactory(naam="Yasmin", telefoon="06-00000017"))
    HulpvraagFactory(
        aangemaakt=timezone.now() - timedelta(days=8), veiligheid=True, vraag="<b>Bang</b> thuis"
    )
    mijn = HulpvraagFactory(vraag="Geldzorgen & schulden")
    mijn.wijs_toe(medewerker, door=medewerker)
    AfspraakFactory(
        hulpvraag=mijn,
        wat="Terugbellen over de bijzondere bijstand",
        eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
        eigenaar=medewerker,
        deadline=timezone.localdate() - timedelta(days=3),
    )
    AfspraakFactory(hulpvraag=mijn, wat="Loonstrook meenemen")

    inloggen(page, live_server, medewerker)
    page.get_by_text("Te laat: was uiterlijk").first.wait_for()
    # The work queues are the main work: their headings are larger than "Vandaag".
    grootte = "el => parseFloat(getComputedStyle(el).fontSize)"
    wachtrij = page.get_by_role("heading", level=2, name="Nieuwe vragen").evaluate(grootte)
    vandaag = page.get_by_role("heading", level=2, name=re.compile("^Vandaag")).evaluate(grootte)
    assert wachtrij > vandaag
    screenshot(page, f"balie-wachtrijen-{page.viewport_name}")
    assert_accessible(page)

    page.goto(live_server.url + "/balie/nieuw/")
    assert_accessible(page)
    # The error state: summary on top, messages next to the fields.
    page.get_by_role("button", name="Zoek eerdere vragen en sla op").click()
    page.get_by_role("alert").first.wait_for()
    assert_accessible(page)

    page.goto(live_server.url + mijn.get_absolute_url())
    page.locator(".rij--te-laat").get_by_text("Te laat").wait_for()
    for samenvatting in page.locator("details summary").all():
        samenvatting.click()
    screenshot(page, f"balie-hulpvraag-{page.viewport_name}")
    assert_accessible(page)

    page.goto(live_server.url + nieuw.get_absolute_url())
    assert_accessible(page)


def test_from_balie_to_a_whole_queue_and_through_its_pages(
    levensdomeinen, live_server, page, assert_accessible, screenshot
):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    HulpvraagFactory.create_batch(PER_PAGINA + 2)
    inloggen(page, live_server, medewerker)
    # The link's name says which queue (a hidden ": nieuwe vragen" for screen readers).
    page.get_by_role(
        "link", name=re.compile(f"^Alle {PER_PAGINA + 2} bekijken\\W+nieuwe vragen$")
    ).click()
    page.get_by_role("heading", level=1, name="Nieuwe vragen").wait_for()
    paginering = page.get_by_role("navigation", name="Bladeren door nieuwe vragen")
    assert "Pagina 1 van 2" in paginering.inner_text()
    screenshot(page, f"balie-wachtrij-{page.viewport_name}")
    assert_accessible(page)
    paginering.get_by_role("link", name="Volgende").click()
    page.get_by_text(f"U ziet {PER_PAGINA + 1} tot en met {PER_PAGINA + 2}").wait_for()
    assert page.get_by_role("button", name="Oppakken").count() == 2
    assert_accessible(page)

    page.goto(live_server.url + "/balie/")
    page.get_by_role("link", name="Partners: directe lijnen").click()
    page.get_by_role("heading", level=1, name="Partners: directe lijnen").wait_for()
    assert_accessible(page)
