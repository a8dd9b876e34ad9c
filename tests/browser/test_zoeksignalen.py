"""Issue 18: a resident answers "Vond u wat u zocht?" on a phone; the beheerder clears the top
of the synonym queue in /beheer/ and the next resident finds the aanbod. Under the strict
CSP, axe clean."""

import pytest

from sociale_kaart.models import Synoniem, Zoekbesluit, Zoeksignaal
from sociale_kaart.zoeken import zoekindex_bijwerken
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import AanbodFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def maak(**velden):
    aanbod = AanbodFactory(**velden)
    zoekindex_bijwerken(aanbod_ids=[aanbod.pk])
    return aanbod


def test_resident_answers_nee_on_a_phone(live_server, telefoon, assert_accessible, screenshot):
    maak(naam="Schuldhulpverlening", korte_beschrijving="Hulp bij schulden.")
    page = telefoon
    page.goto(f"{live_server.url}/sociale-kaart/?q=geldzorgen")
    formulier = page.locator("#zoekantwoord")
    formulier.get_by_role("heading", name="Vond u wat u zocht?").wait_for()
    assert_accessible(page)
    # A phone number in the remark: refused with the reason, the text kept.
    veld = page.get_by_label("Wat zocht u? (niet verplicht)")
    veld.fill("Bel mij op 06-12345678")
    formulier.get_by_role("button", name="Nee").click()
    page.get_by_text("Haal het telefoonnummer of e-mailadres weg").wait_for()
    assert (
        page.get_by_label("Wat zocht u? (niet verplicht)").input_value() == "Bel mij op 06-12345678"
    )
    assert_accessible(page)
    assert Zoeksignaal.objects.get().gevonden is None
    page.get_by_label("Wat zocht u? (niet verplicht)").fill("Hulp met mijn rekeningen")
    page.locator("#zoekantwoord").get_by_role("button", name="Nee").click()
    page.get_by_role("heading", name="Bedankt voor uw antwoord").wait_for()
    screenshot(page, "zoekantwoord-telefoon")
    assert_accessible(page)
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    signaal = Zoeksignaal.objects.get()
    assert (signaal.zoektekst, signaal.gevonden, signaal.toelichting) == (
        "geldzorgen", False, "Hulp met mijn rekeningen",
    )  # fmt: skip


def test_resident_answers_without_javascript(browser, live_server):
    maak(naam="Schuldhulpverlening", korte_beschrijving="Hulp bij schulden.")
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/sociale-kaart/?q=schulden")
    page.locator("#zoekantwoord").get_by_role("button", name="Ja").click()
    page.get_by_role("heading", name="Bedankt voor uw antwoord").wait_for()
    # Opening a result counts on the same search.
    page.get_by_role("link", name="Schuldhulpverlening").click()
    page.get_by_role("heading", name="Schuldhulpverlening").wait_for()
    assert "zs=" not in page.url
    context.close()
    signaal = Zoeksignaal.objects.get()
    assert (signaal.gevonden, signaal.geopend) == (True, True)


def test_beheerder_clears_the_top_of_the_synonym_queue(
    live_server, desktop_page, assert_accessible, screenshot
):
    maak(naam="Schuldhulpverlening", korte_beschrijving="Hulp bij schulden.")
    maak(naam="Boodschappenhulp", korte_beschrijving="Samen boodschappen doen.")
    for zoektekst, keer in (("geldzorgen", 5), ("boodschapen hulp", 3), ("asdfgh", 2)):
        Zoeksignaal.objects.bulk_create(
            [Zoeksignaal(zoektekst=zoektekst, aantal_resultaten=0) for _ in range(keer)]
        )
    beheerder = UserFactory(rol=Rol.BEHEERDER)
    page = desktop_page
    inloggen(page, live_server, beheerder)
    page.get_by_role("link", name="Zoekvragen zonder goed resultaat").click()
    page.get_by_role("heading", name="Zoekvragen zonder goed resultaat").wait_for()
    assert_accessible(page)
    rijen = page.locator("table.zoekwachtrij-tabel tbody tr")
    assert rijen.nth(0).locator("th").inner_text().startswith("geldzorgen")

    # The top: a synonym, in one click after typing what it means.
    rijen.nth(0).get_by_label("Synoniem van").fill("schulden")
    rijen.nth(0).get_by_role("button", name="Synoniem maken").click()
    page.locator(".messagelist .success", has_text="vindt nu 1 resultaat").wait_for()
    assert Synoniem.objects.filter(term="geldzorgen", betekent="schulden").exists()

    # The next: a keyword of an aanbod, picked while typing its name.
    eerste = page.locator("table.zoekwachtrij-tabel tbody tr").nth(0)
    assert eerste.locator("th").inner_text().startswith("boodschapen hulp")
    eerste.get_by_label("Zoekwoord bij aanbod").press_sequentially("boodsch")
    page.locator("datalist option[value^='Boodschappenhulp']").first.wait_for(state="attached")
    eerste.get_by_label("Zoekwoord bij aanbod").fill(
        page.locator("datalist option[value^='Boodschappenhulp']").first.get_attribute("value")
    )
    eerste.get_by_role("button", name="Zoekwoord toevoegen").click()
    page.locator(".messagelist .success", has_text="Boodschappenhulp").wait_for()

    # Nonsense: dismissed.
    eerste = page.locator("table.zoekwachtrij-tabel tbody tr").nth(0)
    assert eerste.locator("th").inner_text().startswith("asdfgh")
    eerste.get_by_role("button", name="Negeren").click()
    page.get_by_text("De wachtrij is leeg").wait_for()
    screenshot(page, "zoekwachtrij-leeg")
    assert_accessible(page)
    assert set(Zoekbesluit.objects.values_list("zoektekst", "soort")) == {
        ("geldzorgen", "synoniem"), ("boodschapen hulp", "zoekwoord"), ("asdfgh", "genegeerd"),
    }  # fmt: skip

    # The next resident finds the aanbod with the same words.
    page.goto(f"{live_server.url}/sociale-kaart/?q=geldzorgen")
    page.get_by_role("link", name="Schuldhulpverlening").wait_for()
    page.goto(f"{live_server.url}/sociale-kaart/?q=boodschapen+hulp")
    page.get_by_role("link", name="Boodschappenhulp").wait_for()
