"""The policy officer's dashboard in the browser: choose a year and a kern, ask for the year
overview, watch its progress bar, download the XLSX; axe finds nothing on any of it.

The export runs on a real Celery worker (on a queue of its own), as in production.
"""

import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from intake.management.commands.demo_data import Command as DemoData
from intake.models import Route
from rapportage.services import werkdagen_zeker
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.rapportage.gegevens import hulpvraag
from tests.werker import Werker
from toegang.accounts.roles import Rol
from toegang.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gegevens(levensdomeinen):
    DemoData().handle(force=True)
    werkdagen_zeker(timezone.localdate() + timedelta(days=800))
    begin = timezone.now() - timedelta(days=300)
    for n in range(60):
        kern = "dinxperlo" if n % 3 == 0 else "aalten"
        moment = begin + timedelta(days=n * 4)
        hulpvraag(moment, kern=kern, kanaal=["website", "telefoon", "balie-hofstraat"][n % 3],
                  domeinen=["werk-en-inkomen"], contact=moment + timedelta(days=1),
                  afgesloten=moment + timedelta(days=6),
                  route=[Route.SOCIALE_BASIS, Route.VOORLIGGEND_VELD, Route.MAATWERK][n % 3])  # fmt: skip
    return UserFactory(rol=Rol.BELEID, first_name="Beleid")


@pytest.fixture
def exportwerker():
    """A worker on a queue of its own; the export task is routed there for this test."""
    werker = Werker(queue=f"test-rapportage-{uuid.uuid4().hex[:8]}").start()
    vorige = app.conf.task_routes
    # Through update(): Celery then rebuilds its router.
    app.conf.update(task_routes={"rapportage.tasks.export_maken": {"queue": werker.queue}})
    yield werker
    app.conf.update(task_routes=vorige)
    werker.stoppen()


@pytest.mark.slow
def test_beleid_chooses_year_and_kern_and_downloads_the_year_overview(
    gegevens, exportwerker, live_server, desktop_page, assert_accessible, screenshot, tmp_path
):
    page = desktop_page
    inloggen(page, live_server, gegevens)
    assert page.get_by_role("heading", name="Rapportage toegang").is_visible()
    assert page.get_by_text("Cijfers bijgewerkt tot").is_visible()
    assert_accessible(page)

    jaar = timezone.localdate().year
    page.get_by_role("radio", name="Jaar").check()
    page.get_by_label("Welke periode").fill(f"{jaar}-03-01")
    page.get_by_label("Kern", exact=True).select_option(label="Dinxperlo")
    page.get_by_role("button", name="Toon de cijfers").click()
    page.wait_for_url("**kern=dinxperlo**")
    assert page.get_by_text("Alleen kern Dinxperlo.").is_visible()
    assert page.get_by_role(
        "heading", name="Routeverdeling: waar de vraag werd beantwoord"
    ).is_visible()
    tabel = page.get_by_role("table", name="Hulpvragen per kern")
    assert tabel.get_by_role("row", name="Aalten").get_by_role("cell").first.inner_text() == "0"
    screenshot(page, "rapportage-dinxperlo")
    assert_accessible(page)

    page.get_by_label("Jaar van het overzicht").select_option(str(jaar))
    page.get_by_role("button", name="Maak het jaaroverzicht (XLSX)").click()
    page.wait_for_url("**/rapportage/exports/**")
    assert page.get_by_label("Voortgang").is_visible()  # the progress bar
    assert_accessible(page)
    link = page.get_by_role("link", name=f"Download jaaroverzicht-{jaar}.xlsx")
    link.wait_for(timeout=90_000)  # htmx asks every two seconds until it is there
    assert page.get_by_role("status").first.inner_text().startswith("Het jaaroverzicht is klaar")
    screenshot(page, "rapportage-export-klaar")
    with page.expect_download() as download:
        link.click()
    pad = tmp_path / "jaaroverzicht.xlsx"
    download.value.save_as(pad)
    blad = load_workbook(io.BytesIO(pad.read_bytes())).worksheets[0]
    assert blad.title == f"Jaaroverzicht {jaar}"
    assert_accessible(page)


def test_the_dashboard_is_accessible_on_phone_and_desktop(
    gegevens, live_server, page, assert_accessible, screenshot
):
    inloggen(page, live_server, gegevens)
    page.goto(live_server.url + "/rapportage/?periode=kwartaal")
    screenshot(page, f"rapportage-{page.viewport_name}")
    assert_accessible(page)
    # A period that cannot be: the message next to the field, the previous choice kept.
    page.goto(live_server.url + "/rapportage/?periode=aangepast&van=2025-05&tot=2025-04")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("De laatste maand ligt vóór de eerste maand").first.is_visible()
    assert_accessible(page)
