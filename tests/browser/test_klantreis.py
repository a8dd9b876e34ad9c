"""The klantreis monitor in the browser: beleid opens it from the dashboard, chooses the
start of the new front door, reads the comparison, downloads a quarter's PDF; axe finds
nothing, on a desktop and on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Feedback
from rapportage.perioden import maanden_later
from rapportage.services import werkdagen_zeker
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.rapportage.gegevens import hulpvraag
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gegevens(db):
    werkdagen_zeker(timezone.localdate() + timedelta(days=400))
    vandaag = timezone.localdate()
    for maanden_terug, cijfer in ((5, 2), (4, 3), (2, 4), (1, 5)):
        dag = maanden_later(vandaag, -maanden_terug) + timedelta(days=9)
        Feedback.objects.bulk_create(
            Feedback(kanaal=k, bereikbaar=cijfer, gehoord=cijfer, geholpen=cijfer, ingevuld_op=dag)
            for k in ("website", "telefoon")
            for _ in range(6)
        )
        moment = timezone.now() - timedelta(days=30 * maanden_terug)
        for _ in range(6):
            hulpvraag(moment, afgesloten=moment + timedelta(days=2))
    return UserFactory(rol=Rol.BELEID, first_name="Beleid")


def test_beleid_compares_before_and_after_and_downloads_the_quarter(
    gegevens, live_server, page, assert_accessible, screenshot, viewport
):
    inloggen(page, live_server, gegevens)
    page.get_by_role("link", name="Klantreis monitor").click()
    assert page.get_by_role("heading", name="Klantreis monitor", level=1).is_visible()
    assert_accessible(page)

    start = maanden_later(timezone.localdate(), -2)
    page.get_by_label("Start van de nieuwe toegang").fill(f"{start:%Y-%m}")
    page.get_by_label("Vergelijk telkens").select_option(label="3 maanden")
    page.get_by_role("button", name="Vergelijk").click()
    page.wait_for_url(f"**start={start:%Y-%m}**")
    tabel = page.get_by_role("table", name="Tevredenheid per contactpunt")
    website = tabel.get_by_role("row", name="Website").get_by_role("cell")
    assert [website.nth(i).inner_text() for i in range(4)] == ["12", "12", "2,5", "4,5"]
    assert page.locator("svg.grafiek").count() == 3
    # A wide table scrolls in its own region; the page is never wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"klantreis-{viewport}")
    assert_accessible(page)

    # A refused start: said in Dutch, tied to its field.
    page.get_by_label("Start van de nieuwe toegang").fill(f"{timezone.localdate().year + 1}-01")
    page.get_by_role("button", name="Vergelijk").click()
    assert page.get_by_role("alert").get_by_text("Deze keuze kan niet").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="(PDF)").first.click()
    pad = download.value.path()
    with open(pad, "rb") as bestand:
        assert bestand.read(5) == b"%PDF-"
