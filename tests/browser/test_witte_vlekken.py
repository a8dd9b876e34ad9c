"""Witte vlekken in the browser: beleid opens the page from the dashboard, filters on
Dinxperlo, downloads every table as XLSX; axe finds nothing, on a phone either."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from rapportage.services import werkdagen_zeker
from sociale_kaart.models import Zoeksignaal
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.intake.factories import DoorverwijzingFactory
from tests.rapportage.gegevens import hulpvraag
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def beleid(levensdomeinen):
    """This month: declines in Dinxperlo and Aalten, searches without a result."""
    werkdagen_zeker(timezone.localdate() + timedelta(days=400))
    begin = timezone.localtime().replace(day=1, hour=9, minute=0)
    for n in range(14):
        kern = "dinxperlo" if n % 2 else "aalten"
        h = hulpvraag(begin, kern=kern, domeinen=["zorg"])
        DoorverwijzingFactory(
            hulpvraag=h, status="afgewezen", verstuurd_op=begin,
            afgewezen_op=begin + timedelta(hours=1), reden="Vol.",
            reden_soort="geen-plek",
        )  # fmt: skip
    Zoeksignaal.objects.bulk_create(
        Zoeksignaal(dag=begin.date(), zoektekst="rolstoelbus", kern="dinxperlo") for _ in range(6)
    )
    return UserFactory(rol=Rol.BELEID, first_name="Beleid")


def test_beleid_filters_witte_vlekken_on_dinxperlo_and_downloads_the_xlsx(
    beleid, live_server, desktop_page, assert_accessible, screenshot, tmp_path
):
    page = desktop_page
    inloggen(page, live_server, beleid)
    page.get_by_role("link", name="Witte vlekken: waar het aanbod tekortschiet").click()
    page.wait_for_url("**/rapportage/witte-vlekken/")
    assert page.get_by_role("heading", name="Witte vlekken", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_label("Kern", exact=True).select_option(label="Dinxperlo")
    page.get_by_role("button", name="Toon de cijfers").click()
    page.wait_for_url("**kern=dinxperlo**")
    assert page.get_by_text("Alleen kern Dinxperlo.").is_visible()
    tabel = page.get_by_role("table", name="Witte vlekken per kern")
    rij = tabel.get_by_role("row", name="Dinxperlo")
    assert rij.get_by_role("cell").first.inner_text() == "7"
    screenshot(page, "witte-vlekken-dinxperlo")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Alle tabellen van deze pagina in één Excel-bestand").click()
    pad = tmp_path / "witte-vlekken.xlsx"
    download.value.save_as(pad)
    boek = load_workbook(io.BytesIO(pad.read_bytes()))
    assert {"witte-vlekken", "witte-vlekken-kern", "Uitleg"} <= set(boek.sheetnames)
    regels = [r for r in boek["witte-vlekken"].iter_rows(values_only=True) if r and r[0]]
    waarden = {r[0]: r[1] for r in regels}
    assert waarden["Afgewezen: geen plek of capaciteit"] == 7
    assert waarden["Gezocht, niets gevonden"] == 6
    assert any("kern Dinxperlo" in str(r[0]) for r in regels)


def test_witte_vlekken_is_accessible_on_phone_and_desktop_also_when_empty(
    beleid, live_server, page, assert_accessible, screenshot
):
    inloggen(page, live_server, beleid)
    page.goto(live_server.url + "/rapportage/witte-vlekken/?periode=kwartaal")
    screenshot(page, f"witte-vlekken-{page.viewport_name}")
    assert_accessible(page)
    page.goto(live_server.url + "/rapportage/witte-vlekken/?periode=maand&datum=2024-01-01")
    assert page.get_by_text("is hier niets geteld").is_visible()
    assert_accessible(page)
