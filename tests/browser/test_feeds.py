"""The beheerder registers another system's HSDS API as a reviewed feed, asks for a pull,
reviews what came in and accepts it; residents then see where the entry comes from.
All under the strict CSP, with a real HTTP server as the source."""

import pytest

from sociale_kaart import tasks
from sociale_kaart.models import Aanbod, Feed
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.hsds_bron import Bron, bronrecords
from toegang.accounts.roles import Rol
from toegang.berichten.models import UitgaandeTaak

pytestmark = pytest.mark.django_db(transaction=True)


def test_beheerder_registers_a_feed_reviews_a_change_and_accepts_it(
    live_server, desktop_page, levensdomeinen, screenshot, assert_accessible
):
    beheerder = UserFactory(rol=Rol.BEHEERDER)
    page = desktop_page
    with Bron() as bron:
        for record in bronrecords(levensdomeinen, 2):
            bron.publiceer(record)
        inloggen(page, live_server, beheerder)

        page.goto(f"{live_server.url}/beheer/sociale_kaart/feed/add/")
        page.get_by_label("Naam").fill("Hulpwijzer Achterhoek")
        page.get_by_label("Adres van de HSDS-API").fill(bron.url)
        page.get_by_label("Modus").select_option("beoordelen")
        page.get_by_role("button", name="Opslaan en opnieuw bewerken").click()
        page.get_by_role("button", name="Nu ophalen").click()
        page.locator(".messagelist .success", has_text="De feed wordt zo opgehaald").wait_for()

        # What a worker does with the task the button planned.
        feed = Feed.objects.get()
        assert UitgaandeTaak.objects.get().argumenten == [feed.pk]
        tasks.feed_ophalen(feed.pk)

        page.reload()
        assert "in orde" in page.locator(".field-toestand").inner_text()
        assert "2 ter beoordeling" in page.locator(".field-laatste_run").inner_text()
        screenshot(page, "beheer-feed")
        page.get_by_role("link", name="2 wachten op beoordeling").click()
        screenshot(page, "beheer-feedwijzigingen")
        page.get_by_role("link", name="Bronaanbod 01").click()
        assert page.get_by_role("cell", name="Bronaanbod 01").count() >= 1
        screenshot(page, "beheer-feedwijziging-beoordelen")
        page.get_by_role("button", name="Accepteren en overnemen").click()
        page.locator(".messagelist .success", has_text="Overgenomen").wait_for()

    aanbod = Aanbod.objects.get(naam="Bronaanbod 01")
    page.goto(live_server.url + aanbod.get_absolute_url())
    assert "Deze informatie komt uit Hulpwijzer Achterhoek" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "sociale-kaart-aanbod-uit-feed")
