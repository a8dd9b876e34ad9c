"""A partner states with one click from the monthly e-mail that an aanbod has a wachtlijst,
and the counter sees it when searching and when referring."""

import pytest

from sociale_kaart.capaciteit import capaciteit_doorgeven, capaciteit_token
from sociale_kaart.models import Aanbod
from sociale_kaart.zoeken import zoekindex_bijwerken
from tests.browser.inloggen import inloggen
from tests.intake.factories import HulpvraagFactory
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_click_from_the_email_to_a_stated_wachtlijst(
    live_server, page, partner_a, assert_accessible, screenshot
):
    aanbod = AanbodFactory(organisatie=partner_a.organisatie, naam="Schuldhulp")
    token = capaciteit_token(aanbod=aanbod, gebruiker=partner_a)
    page.goto(f"{live_server.url}/sociale-kaart/capaciteit/{token}/?keuze=wachtlijst")
    assert page.get_by_role("heading", level=1).inner_text() == "Is er plaats bij Schuldhulp?"
    assert page.get_by_label("Er is een wachtlijst").is_checked()
    assert_accessible(page)

    # Forgot the weeks: told in Dutch, the choice stays, nothing stored.
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_role("alert").get_by_text("Vul in hoeveel weken").wait_for()
    assert page.get_by_label("Er is een wachtlijst").is_checked()
    assert Aanbod.objects.get(pk=aanbod.pk).capaciteit == "onbekend"
    assert_accessible(page)

    page.get_by_label("hoeveel weken wachten nieuwe cliënten ongeveer?").fill("6")
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_role("heading", name="Dank u wel").wait_for()
    assert "wachtlijst: ongeveer 6 weken" in page.get_by_role("status").inner_text()
    screenshot(page, f"capaciteit-doorgegeven-{page.viewport_name}")
    assert_accessible(page)
    aanbod.refresh_from_db()
    assert (aanbod.capaciteit, aanbod.wachtlijst_weken) == ("wachtlijst", 6)
    assert aanbod.capaciteit_doorgegeven_door == partner_a


def test_the_counter_sees_a_full_aanbod_marked_when_searching_and_referring(
    live_server, desktop_page, medewerker, partner_a, assert_accessible, screenshot
):
    vol = AanbodFactory(
        organisatie=partner_a.organisatie, naam="Schuldbuddy", zoekwoorden="schulden"
    )
    vrij = AanbodFactory(
        organisatie=partner_a.organisatie, naam="Schuldhulp", zoekwoorden="schulden"
    )
    capaciteit_doorgeven(aanbod=vol, capaciteit="vol", door=partner_a)
    capaciteit_doorgeven(aanbod=vrij, capaciteit="ja", door=partner_a)
    zoekindex_bijwerken(aanbod_ids=[vol.pk, vrij.pk])
    zaak = HulpvraagFactory()
    zaak.wijs_toe(medewerker, door=medewerker)
    page = desktop_page
    inloggen(page, live_server, medewerker)

    page.goto(f"{live_server.url}/balie/sociale-kaart/?q=schulden")
    kaart = page.locator(".resultaat", has_text="Schuldbuddy")
    assert "Vol — neemt nu geen nieuwe cliënten aan (doorgegeven vandaag)" in kaart.inner_text()
    assert (
        "Neemt nieuwe cliënten aan"
        in page.locator(".resultaat", has_text="Schuldhulp").inner_text()
    )
    screenshot(page, "capaciteit-balie-sociale-kaart")
    assert_accessible(page)

    page.goto(
        f"{live_server.url}/balie/hulpvragen/{zaak.referentie}/doorverwijzen/?aanbod={vol.slug}"
    )
    keuze = page.get_by_label("Aanbod")
    assert "Schuldbuddy (Vol — neemt nu geen nieuwe cliënten aan, doorgegeven vandaag)" in (
        keuze.locator("option:checked").inner_text()
    )
    assert_accessible(page)
