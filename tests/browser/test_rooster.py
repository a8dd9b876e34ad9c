"""The coordinator fills a Dinxperlo week to 2/2 in the browser, keyboard and mouse alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from locaties import demo
from locaties.models import Toegangslocatie
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def volle_week(locatie):
    """The first coming week in which Dinxperlo has its two regular openings."""
    maandag = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    while len(locatie.openingsmomenten(maandag, maandag + timedelta(days=6))) != 2:
        maandag += timedelta(weeks=1)
    return maandag


def test_coordinator_fills_dinxperlo_to_two_of_two(
    live_server, desktop_page, assert_accessible, screenshot
):
    demo.load()
    dinxperlo = Toegangslocatie.objects.get(slug="dinxperlo")
    coordinator = UserFactory(rol=Rol.COORDINATOR, first_name="Henk")
    UserFactory(first_name="Anna", last_name="Aalbers")
    UserFactory(first_name="Bert", last_name="Bosch")
    maandag = volle_week(dinxperlo)

    page = desktop_page
    inloggen(page, live_server, coordinator)
    page.goto(f"{live_server.url}/balie/rooster/?week={maandag.isoformat()}&locatie=dinxperlo")
    page.locator("#waarschuwing-onderbezet").wait_for()
    assert "2 openingen" in page.locator("#waarschuwing-onderbezet").inner_text()
    rij = page.locator("tr[data-opening]").first
    rij.get_by_role("combobox").fill("Anna Aalbers")
    rij.get_by_role("button", name="Inroosteren").click()
    screenshot(page, "rooster-half")
    rij.get_by_role("button", name="Verwijder").click()
    assert_accessible(page)

    for index in range(2):
        for naam in ("Anna Aalbers", "Bert Bosch"):
            rij = page.locator("tr[data-opening]").nth(index)
            rij.get_by_role("combobox").fill(naam)
            rij.get_by_role("button", name="Inroosteren").click()
            page.get_by_role("status").first.wait_for()
    rijen = page.locator("tr[data-opening]")
    assert [rijen.nth(i).locator("td").first.inner_text().strip() for i in range(2)] == [
        "2/2 — op sterkte",
        "2/2 — op sterkte",
    ]
    assert page.locator("#waarschuwing-onderbezet").count() == 0
    page.get_by_text("Alle openingen in deze week zijn op sterkte.").wait_for()
    screenshot(page, "rooster-dinxperlo")
    assert_accessible(page)
