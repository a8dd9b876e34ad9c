"""The warm referral in the browser: a medewerker refers a case to Figulus with consent; the
Figulus user accepts, reports contact and closes with an outcome; the medewerker sees the
outcome on the case; the resident's status page shows the referral. axe (WCAG 2.1 AA) on
the referral form, the partner inbox and the referral page, at desktop and phone width."""

import pytest

from intake.models import Doorverwijzing, DoorverwijzingStatus
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def uitloggen(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_referral_from_front_desk_to_partner_and_back(
    levensdomeinen, live_server, page, assert_accessible, screenshot
):
    naam = page.viewport_name
    page.set_default_timeout(10_000)
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes", last_name="Ten Have")
    figulus = OrganisatieFactory(naam="Figulus Welzijn", slug="figulus")
    AanbodFactory(organisatie=figulus, naam="Maatjesproject")
    fatima = UserFactory(rol=Rol.PARTNER, organisatie=figulus, first_name="Fatima")
    zaak = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Johan Bulten", telefoon="0543-000099", email="j@example.org"),
        vraag="Mijn vrouw is overleden en ik zit veel alleen.",
        toestemming_delen=True,
    )
    zaak.wijs_toe(medewerker, door=medewerker)

    # The front desk refers, with the resident's consent for name and phone.
    inloggen(page, live_server, medewerker, naar="/balie/")
    page.goto(live_server.url + zaak.get_absolute_url())
    page.get_by_role("link", name="Doorverwijzen").click()
    # The organisation is typed: suggestions come while typing, its aanbod when it is chosen.
    organisatie = page.locator("#id_organisatie")
    organisatie.fill("figu")
    page.locator('#id_organisatie-suggesties option[value="Figulus Welzijn"]').wait_for(
        state="attached"
    )
    organisatie.fill("Figulus Welzijn")
    organisatie.press("Tab")
    page.locator("#id_aanbod option", has_text="Maatjesproject").wait_for(state="attached")
    page.locator("#id_aanbod").select_option(label="Maatjesproject")
    page.get_by_label("Samenvatting voor de ontvanger").fill(
        "Meneer is kort geleden weduwnaar geworden en zoekt iemand om mee te praten."
    )
    page.locator("#id_toestemming_wijze").select_option(label="Mondeling, in een gesprek")
    page.get_by_label("Naam", exact=True).check()
    page.get_by_label("Telefoonnummer", exact=True).check()
    assert_accessible(page)
    screenshot(page, f"doorverwijzen-{naam}")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text(
        "De doorverwijzing naar Figulus Welzijn (Maatjesproject) is verstuurd"
    ).wait_for()
    verwijzing = Doorverwijzing.objects.get()
    assert verwijzing.status == DoorverwijzingStatus.VERSTUURD

    # The resident's status page already says where the question went.
    page.goto(live_server.url + zaak.status_url)
    page.get_by_text("Doorverwezen naar Figulus Welzijn — zij nemen binnen 2 werkdagen").wait_for()
    page.goto(live_server.url + "/balie/")
    uitloggen(page)

    # Figulus sees only its inbox and the overdracht, and answers.
    inloggen(page, live_server, fatima, naar="/partner/")
    inbox = page.locator("#inbox-titel ~ div table").first
    assert zaak.referentie in inbox.inner_text()
    assert_accessible(page)
    screenshot(page, f"partner-inbox-{naam}")
    page.get_by_role("link", name=zaak.referentie).click()
    page.get_by_role("heading", name="Overdracht").wait_for()
    assert "Johan Bulten" in page.content() and "0543-000099" in page.content()
    assert "j@example.org" not in page.content()
    assert "zit veel alleen" not in page.content()  # the question stays at the front door
    assert_accessible(page)
    screenshot(page, f"partner-doorverwijzing-{naam}")
    page.get_by_role("button", name="Accepteren: wij pakken het op").click()
    page.get_by_text("U heeft de doorverwijzing geaccepteerd").wait_for()
    page.get_by_label("Toelichting").fill("Gebeld; kennismaking volgende week.")
    page.get_by_role("button", name="Er is contact gelegd").click()
    page.get_by_text("Vastgelegd: u heeft contact gehad met de inwoner").wait_for()
    page.get_by_label("Wat is de uitkomst?").fill("Maatje gevonden: wekelijks een wandeling.")
    page.get_by_role("button", name="Afronden").click()
    page.get_by_text("De doorverwijzing is afgerond").wait_for()
    assert_accessible(page)
    uitloggen(page)

    # The front desk sees the outcome on the case.
    inloggen(page, live_server, medewerker, naar="/balie/")
    page.goto(live_server.url + zaak.get_absolute_url())
    referrals = page.locator("#doorverwijzingen")
    assert "Maatje gevonden: wekelijks een wandeling." in referrals.inner_text()
    assert "Maatje gevonden" in page.locator(".tijdlijn").inner_text()

    # And the resident: contact was made, nothing more.
    page.goto(live_server.url + zaak.status_url)
    page.get_by_text("Figulus Welzijn heeft contact met u gehad.").wait_for()
    assert "wandeling" not in page.content()
    assert_accessible(page)
