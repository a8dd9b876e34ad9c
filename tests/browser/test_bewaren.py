"""A coordinator places a legal hold on a closed case and lifts it; an anonymised case shows
nothing personal. Both pages pass axe (WCAG 2.1 AA) on desktop and phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Kanaal, Route
from intake.services.bewaren import bewaartermijnen_toepassen
from intake.services.hulpvraag import hulpvraag_sluiten
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def gesloten_zaak(door, naam: str):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(naam=naam, adres="Markt 3, Aalten"))
    hulpvraag.contact_vastleggen(door=door, kanaal=Kanaal.TELEFOON, tekst="Gesproken.")
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=door, route=Route.SOCIALE_BASIS, uitkomst="Naar de buurtcoach."
    )
    return hulpvraag


def test_coordinator_places_and_lifts_a_legal_hold_on_the_case_page(
    live_server, page, assert_accessible, screenshot
):
    coordinator = UserFactory(rol=Rol.COORDINATOR, first_name="Ineke", last_name="Hoijtink")
    hulpvraag = gesloten_zaak(coordinator, "Wim Heijnen")

    inloggen(page, live_server, coordinator)
    page.goto(live_server.url + hulpvraag.get_absolute_url())
    page.locator("summary", has_text="Juridisch vasthouden").click()
    # Sending without a reason: the message sits next to the field, nothing is saved.
    page.get_by_role("button", name="Vasthouden", exact=True).click()
    page.get_by_text("Schrijf op waarom.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Waarom moet alles bewaard blijven?").fill("Klacht bij de ombudsman.")
    page.get_by_role("button", name="Vasthouden", exact=True).click()

    page.get_by_text("Reden: Klacht bij de ombudsman.").wait_for()
    assert "Ineke Hoijtink" in page.locator("#vasthouden-titel + p").inner_text()
    screenshot(page, f"hulpvraag-vastgehouden-{page.viewport_name}")
    assert_accessible(page)

    page.locator("summary", has_text="Vasthouden opheffen").click()
    page.get_by_label("Waarom is vasthouden niet meer nodig?").fill("Klacht afgehandeld.")
    page.get_by_role("button", name="Vasthouden opheffen").click()
    page.get_by_text("Vasthouden is opgeheven.").wait_for()
    hulpvraag.refresh_from_db()
    assert not hulpvraag.is_vastgehouden


def test_an_anonymised_case_page_is_accessible_and_shows_nothing_personal(
    live_server, page, assert_accessible, screenshot
):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    hulpvraag = gesloten_zaak(medewerker, "Truus Geheimwoning")
    bewaartermijnen_toepassen(nu=timezone.now() + timedelta(days=2 * 366))

    inloggen(page, live_server, medewerker)
    page.goto(live_server.url + hulpvraag.get_absolute_url())
    page.get_by_role("status").get_by_text("geanonimiseerd").wait_for()
    tekst = page.locator("main").inner_text()
    assert "Geheimwoning" not in tekst
    assert "Markt 3" not in tekst
    screenshot(page, f"hulpvraag-geanonimiseerd-{page.viewport_name}")
    assert_accessible(page)
