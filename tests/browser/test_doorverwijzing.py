"""The warm referral in the browser: a medewerker refers a case to Figulus with consent; the
Figulus user accepts, reports contact and closes with an outcome; the medewerker sees the
outcome on the case; the resident's status page shows the referral. axe (WCAG 2.1 AA) on
the referral form, the partner inbox and the referral page, at desktop and phone width."""

import pytest

from intake.models import Doorverwijzing, DoorverwijzingStatus, Grondslag
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
    # Typed before the deferred scripts ran (htmx), the input would ask for no suggestions.
    page.wait_for_load_state("load")
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


GEMARKEERD = """() => Array.from(document.querySelectorAll('[data-verplicht-bij]'))
    .filter(el => !el.closest('[hidden]')
        && el.querySelector('.verplicht-bij').textContent === '(verplicht)')
    .map(el => el.querySelector('[name]').name).sort()"""
FOUTEN = """() => Array.from(document.querySelectorAll('.utrecht-form-field-error-message'))
    .map(el => el.id.replace(/^id_/, '').replace(/_error$/, '')).sort()"""


def test_the_referral_forms_required_marks_match_what_is_required(
    levensdomeinen, live_server, desktop_page, assert_accessible, screenshot
):
    """Each choice of receiver and legal basis: the fields marked "(verplicht)" once the
    choice is made are exactly those the sending refuses without; team and colleague show
    only when they apply."""
    page = desktop_page
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    zaak = HulpvraagFactory(toestemming_delen=False)
    zaak.wijs_toe(medewerker, door=medewerker)
    inloggen(page, live_server, medewerker, naar="/balie/")
    url = f"{live_server.url}/balie/hulpvragen/{zaak.referentie}/doorverwijzen/"
    ontvangers = {
        "organisatie": "Een organisatie uit de sociale kaart",
        "team": "Een team van de gemeente",
        "collega": "Een collega",
    }
    for soort, ontvanger in ontvangers.items():
        for grondslag in Grondslag:
            page.goto(url)
            page.get_by_role("radio", name=ontvanger).check()
            page.get_by_role("radio", name=grondslag.label).check()
            for veld in ("organisatie", "team", "collega"):
                assert page.locator(f"#id_{veld}").is_visible() == (veld == soort), veld
            gemarkeerd = page.evaluate(GEMARKEERD)
            if soort == "team" and grondslag == Grondslag.TOESTEMMING:
                screenshot(page, "doorverwijzen-verplicht-bij-keuze")
                assert_accessible(page)
            page.get_by_label("Samenvatting voor de ontvanger").fill("Zoekt hulp bij de post.")
            page.get_by_role("button", name="Versturen").click()
            page.locator(".foutsamenvatting").wait_for()
            assert page.evaluate(FOUTEN) == gemarkeerd, (soort, grondslag)
            assert page.evaluate(GEMARKEERD) == gemarkeerd  # the choice stays after the answer
    assert not Doorverwijzing.objects.exists()


def test_without_javascript_the_referral_form_shows_every_field_saying_when_it_is_required(
    levensdomeinen, live_server, browser
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    zaak = HulpvraagFactory()
    zaak.wijs_toe(medewerker, door=medewerker)
    inloggen(page, live_server, medewerker, naar="/balie/")
    page.goto(f"{live_server.url}/balie/hulpvragen/{zaak.referentie}/doorverwijzen/")
    for veld in ("organisatie", "team", "collega", "toestemming_op", "wettelijke_taak"):
        assert page.locator(f"#id_{veld}").is_visible(), veld
    team = page.locator("label[for=id_team]").inner_text()
    assert team == "Team (verplicht bij doorverwijzen naar een team)"
    assert page.get_by_text("(verplicht bij toestemming)").count() == 2
    assert page.get_by_text("(verplicht)", exact=True).count() == 0
    context.close()  # (axe needs JavaScript: the form with it is checked above)
