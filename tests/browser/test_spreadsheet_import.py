"""The beheerder imports aanbod from a spreadsheet in /beheer/: downloads the template,
fills it in with three mistakes, sees them by row and column in the dry run, fixes the
file, uploads it again and imports it. The dry run and the import run on a real Celery
worker (on a queue of its own), as in production; axe finds nothing on any page."""

import uuid

import pytest
from openpyxl import load_workbook

from sociale_kaart.models import Aanbod, ImportTaak
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import OrganisatieFactory
from tests.werker import Werker
from toegang.accounts.roles import Rol
from toegang.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

TAAK = "sociale_kaart.tasks.importtaak_uitvoeren"


@pytest.fixture
def importwerker():
    werker = Werker(queue=f"test-import-{uuid.uuid4().hex[:8]}").start()
    vorige = app.conf.task_routes
    app.conf.update(task_routes={TAAK: {"queue": werker.queue}})
    yield werker
    app.conf.update(task_routes=vorige)
    werker.stoppen()


RIJEN = [
    # Naam, Kern, Leeftijd vanaf, Openingstijden
    ("Formulierenhulp", "Aalten", "", "di 09:00-12:00"),
    ("Taalcafé", "Winterswijk", "", "wo 14:00-16:00"),
    ("Jongereninloop", "Dinxperlo", "twaalf", "vr 15:00-17:00"),
    ("Schuldhulpmaatje", "Aalten", "18", "maandagochtend"),
]
GOED = {"Winterswijk": "Aalten", "twaalf": "12", "maandagochtend": "ma 09:00-12:00"}


def invullen(pad, rijen):
    boek = load_workbook(pad)
    blad = boek["Aanbod"]
    kolom = {str(c.value).removesuffix(" *"): c.column for c in blad[1]}
    for nummer, (naam, kern, leeftijd, tijden) in enumerate(rijen, start=2):
        waarden = {
            "Naam aanbod": naam,
            "Organisatie": "Figulus Welzijn",
            "Korte beschrijving": f"{naam}: hulp dichtbij.",
            "Beschrijving": f"{naam} in eenvoudige taal.",
            "Levensdomeinen": "Meedoen",
            "Vestiging": "Huis van de Kern",
            "Straat": "Hofstraat",
            "Huisnummer": "11",
            "Postcode": "7121 DL",
            "Plaats": "Aalten",
            "Kern": kern,
            "Leeftijd vanaf": leeftijd,
            "Openingstijden": tijden,
        }
        for kop, waarde in waarden.items():
            blad.cell(row=nummer, column=kolom[kop]).value = waarde
    boek.save(pad)


def wacht_op_proefimport(page):
    # htmx asks every two seconds and reloads the page when the worker is done.
    page.get_by_role("heading", name="Proefimport: er is nog niets opgeslagen").wait_for(
        timeout=90_000
    )


@pytest.mark.slow
def test_beheerder_fixes_three_rows_after_the_dry_run_and_imports(
    levensdomeinen, importwerker, live_server, desktop_page, assert_accessible, screenshot, tmp_path
):
    OrganisatieFactory(naam="Figulus Welzijn", slug="figulus-welzijn")
    beheerder = UserFactory(rol=Rol.BEHEERDER)
    page = desktop_page
    inloggen(page, live_server, beheerder)
    assert_accessible(page)  # /beheer/ with its import and export links
    page.get_by_role("link", name="Aanbod importeren uit een spreadsheet of HSDS-bestand").click()
    assert page.get_by_role("heading", name="Sociale kaart importeren").is_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Leeg sjabloon (Excel)").click()
    sjabloon = tmp_path / "aanbod.xlsx"
    download.value.save_as(sjabloon)
    invullen(sjabloon, RIJEN)

    page.get_by_label("Bestand").set_input_files(str(sjabloon))
    page.get_by_role("button", name="Proefimport starten").click()
    page.wait_for_url("**/importtaak/*/change/")
    wacht_op_proefimport(page)
    fouten = page.get_by_role("table", name="Fouten: deze rijen worden niet geïmporteerd")
    regels = fouten.get_by_role("row").all()[1:]
    assert [r.get_by_role("rowheader").inner_text() for r in regels] == ["Rij 3", "Rij 4", "Rij 5"]
    assert [r.get_by_role("cell").first.inner_text() for r in regels] == [
        "Kern",
        "Leeftijd vanaf",
        "Openingstijden",
    ]
    assert "'Winterswijk' kennen we niet" in regels[0].inner_text()
    assert page.get_by_role("button", name="Importeren").is_visible()  # the good row could go
    assert not Aanbod.objects.exists()
    screenshot(page, "import-proef-met-fouten")
    assert_accessible(page)

    # Fix the three cells and upload the file again.
    invullen(sjabloon, [tuple(GOED.get(v, v) for v in r) for r in RIJEN])
    page.get_by_role("link", name="Een verbeterd bestand uploaden").click()
    page.get_by_label("Bestand").set_input_files(str(sjabloon))
    page.get_by_role("button", name="Proefimport starten").click()
    page.wait_for_url("**/importtaak/*/change/")
    wacht_op_proefimport(page)
    assert (
        page.get_by_role("table", name="Fouten: deze rijen worden niet geïmporteerd").count() == 0
    )
    nieuw = page.get_by_role("table", name="Nieuw aanbod")
    assert nieuw.get_by_role("row").count() == 5  # the header and four aanbod
    assert_accessible(page)

    page.get_by_role("button", name="Importeren").click()
    page.get_by_role("heading", name="Geïmporteerd op").wait_for(timeout=90_000)
    screenshot(page, "import-klaar")
    assert_accessible(page)
    assert sorted(Aanbod.objects.values_list("naam", flat=True)) == sorted(r[0] for r in RIJEN)
    jongeren = Aanbod.objects.get(naam="Jongereninloop")
    assert jongeren.leeftijd_van == 12
    assert jongeren.op_vestigingen.get().vestiging.naam == "Huis van de Kern"
    assert ImportTaak.objects.filter(status="klaar").get().bestand is None
