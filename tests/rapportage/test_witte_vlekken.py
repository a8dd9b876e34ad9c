"""Witte vlekken (issue 18, part 3): declines by reason, referrals no aanbod fitted,
maatwerk, the capacity of the aanbod; filters, the small-number rule, empty periods and
hostile parameters."""

import csv
import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook

from intake.models import Route
from rapportage.afscherming import KLEIN, VERBORGEN
from sociale_kaart.models import Capaciteit, Levensdomein, Zoeksignaal
from tests.intake.factories import DoorverwijzingFactory
from tests.sociale_kaart.factories import AanbodFactory, DoelgroepFactory, OrganisatieFactory

from .gegevens import hulpvraag, moment

pytestmark = pytest.mark.usefixtures("kalender", "levensdomeinen")

URL = "/rapportage/witte-vlekken/"
MEI = "periode=maand&datum=2025-05-01"


@pytest.fixture(autouse=True)
def nu():
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        yield


@pytest.fixture
def beleid_client(client, beleid):
    client.force_login(beleid)
    return client


def afwijzing(kern, soort, *, dag=6, aanbod=None, domeinen=()):
    h = hulpvraag(moment(2025, 5, dag), kern=kern, domeinen=domeinen)
    return DoorverwijzingFactory(
        hulpvraag=h, organisatie=aanbod.organisatie if aanbod else OrganisatieFactory(),
        aanbod=aanbod, status="afgewezen", verstuurd_op=moment(2025, 5, dag),
        afgewezen_op=moment(2025, 5, dag + 1), reden="Zie soort.", reden_soort=soort,
    )  # fmt: skip


def naar_team(kern, dag=8):
    h = hulpvraag(moment(2025, 5, dag), kern=kern)
    return DoorverwijzingFactory(
        hulpvraag=h, organisatie=None, team="maatwerk-wmo", grondslag="geen", gegevens=[],
        toestemming_op=None, toestemming_wijze="", status="verstuurd",
        verstuurd_op=moment(2025, 5, dag),
    )  # fmt: skip


def tabel(pagina, sleutel) -> dict[str, list[str]]:
    figuur = pagina.figuur(sleutel)
    return {rij.label: [str(c) for c in rij.cellen] for rij in figuur.rijen}


def overzicht(pagina) -> dict[str, str]:
    return {label: cellen[0] for label, cellen in tabel(pagina, "witte-vlekken").items()}


def test_declines_by_reason_and_capacity_show_in_the_table(beleid_client):
    for _ in range(7):
        afwijzing("aalten", "geen-plek")
    for _ in range(6):
        afwijzing("aalten", "buiten-doelgroep")
    for _ in range(5):
        afwijzing("aalten", "anders")
    for _ in range(6):
        naar_team("aalten")
    for _ in range(5):
        hulpvraag(moment(2025, 5, 2), kern="aalten", afgesloten=moment(2025, 5, 9),
                  route=Route.MAATWERK)  # fmt: skip
    zorg = Levensdomein.objects.get(slug="zorg")
    for capaciteit, weken in [(Capaciteit.WACHTLIJST, 6), (Capaciteit.VOL, None)]:
        aanbod = AanbodFactory(werkgebied="gemeente")
        aanbod.levensdomeinen.add(zorg)
        aanbod.capaciteit_doorgeven(capaciteit=capaciteit, wachtlijst_weken=weken, door=None)
    antwoord = beleid_client.get(f"{URL}?{MEI}")
    assert antwoord.status_code == 200
    pagina = antwoord.context["pagina"]
    gezien = overzicht(pagina)
    assert gezien["Afgewezen: geen plek of capaciteit"] == "7"
    assert gezien["Afgewezen: buiten onze doelgroep"] == "6"
    assert gezien["Afgewezen: een andere reden"] == "5"
    assert gezien["Afgewezen, samen"] == "18"
    assert gezien["Geen passend aanbod: naar een team"] == "6"
    assert gezien["Afgesloten via maatwerk"] == "5"
    assert tabel(pagina, "witte-vlekken-kern")["Aalten"][:4] == ["7", "6", "5", "18"]
    assert tabel(pagina, "witte-vlekken-capaciteit")["Zorg"] == ["1", "1", "2"]
    html = antwoord.content.decode()
    assert "Witte vlekken per kern" in html and "<svg" in html


def test_a_kern_filter_reads_that_kerns_cells_and_small_counts_stay_hidden(beleid_client):
    """Dinxperlo: eight declines for no place, Lintelo one. Lintelo shows <5, and the table
    per kern hides another so that 9 − 8 does not give it back; Dinxperlo's own page shows
    the same cell as the table per kern."""
    for _ in range(8):
        afwijzing("dinxperlo", "geen-plek")
    afwijzing("lintelo", "geen-plek")
    for _ in range(20):
        afwijzing("aalten", "geen-plek")
    alle = beleid_client.get(f"{URL}?{MEI}").context["pagina"]
    per_kern = tabel(alle, "witte-vlekken-kern")
    assert per_kern["Lintelo"][0] == KLEIN
    assert per_kern["Dinxperlo"][0] == VERBORGEN
    dinxperlo = beleid_client.get(f"{URL}?{MEI}&kern=dinxperlo").context["pagina"]
    assert overzicht(dinxperlo)["Afgewezen: geen plek of capaciteit"] == VERBORGEN
    assert list(tabel(dinxperlo, "witte-vlekken-kern")) == ["Dinxperlo"]


def test_a_doelgroep_filter_counts_declines_of_that_doelgroeps_aanbod(beleid_client):
    jongeren = DoelgroepFactory(naam="Jongeren", slug="jongeren")
    aanbod = AanbodFactory()
    aanbod.doelgroepen.add(jongeren)
    for _ in range(6):
        afwijzing("aalten", "buiten-doelgroep", aanbod=aanbod)
    for _ in range(9):
        afwijzing("aalten", "buiten-doelgroep")
    for _ in range(6):
        naar_team("aalten")
    pagina = beleid_client.get(f"{URL}?{MEI}&doelgroep=jongeren").context["pagina"]
    gezien = overzicht(pagina)
    assert gezien["Afgewezen: buiten onze doelgroep"] == "6"
    assert gezien["Geen passend aanbod: naar een team"] == "–"
    assert gezien["Afgesloten via maatwerk"] == "–"


def test_a_period_without_data_shows_an_empty_state(beleid_client):
    antwoord = beleid_client.get(f"{URL}?periode=maand&datum=2024-02-01")
    assert antwoord.status_code == 200
    assert antwoord.context["pagina"].leeg
    assert "is hier niets geteld" in antwoord.content.decode()


@pytest.mark.parametrize(
    "vraag",
    [
        "periode=jaar&datum=9999-99-99",
        "periode=%00&datum=2025-05-01",
        "periode=aangepast&van=2025-13&tot=2024-01",
        "periode=aangepast&van=1900-01&tot=2025-05",
        "periode=maand&datum=2030-01-01",
        "kern=nergens&levensdomein=%27%3B--&doelgroep=" + "x" * 5000,
        "kern[]=aalten&levensdomein=zorg&levensdomein=wonen",
        "datum=2025-05-01&periode=maand&doelgroep=%F0%9F%98%80",
    ],
)
def test_hostile_parameters_give_no_error(beleid_client, vraag):
    antwoord = beleid_client.get(f"{URL}?{vraag}")
    assert antwoord.status_code == 200
    for sleutel, formaat in [("witte-vlekken", "csv"), ("alles", "xlsx")]:
        bestand = beleid_client.get(f"{URL}tabel/{sleutel}.{formaat}?{vraag}")
        assert bestand.status_code == 200


def test_an_unknown_table_is_not_found(beleid_client):
    assert beleid_client.get(f"{URL}tabel/kerncijfers.csv").status_code == 404
    assert beleid_client.get(f"{URL}tabel/alles.csv").status_code == 404


def test_the_downloads_hold_the_cells_of_the_page(beleid_client):
    for _ in range(7):
        afwijzing("dinxperlo", "geen-plek")
    vraag = f"{MEI}&kern=dinxperlo"
    inhoud = beleid_client.get(f"{URL}tabel/witte-vlekken.csv?{vraag}").content
    rijen = list(csv.reader(io.StringIO(inhoud.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Signaal", "Aantal"]
    assert ["Afgewezen: geen plek of capaciteit", "7"] in rijen
    boek = load_workbook(io.BytesIO(beleid_client.get(f"{URL}tabel/alles.xlsx?{vraag}").content))
    blad = boek["witte-vlekken-kern"]
    assert [c.value for c in next(r for r in blad.iter_rows() if r[0].value == "Dinxperlo")][:2] == ["Dinxperlo", 7]  # fmt: skip


def test_other_roles_cannot_open_witte_vlekken(client, medewerker, partner_a, beheerder):
    for persoon in (medewerker, partner_a, beheerder):
        client.force_login(persoon)
        assert client.get(URL).status_code in (302, 403)
        assert client.get(f"{URL}tabel/alles.xlsx").status_code in (302, 403)


def zoeken(aantal, *, resultaten=0, gevonden=None, kern="", dag=date(2025, 5, 12), **filters):
    Zoeksignaal.objects.bulk_create(
        Zoeksignaal(dag=dag, zoektekst="rolstoelbus", kern=kern,
                    aantal_resultaten=resultaten, gevonden=gevonden, **filters)
        for _ in range(aantal)
    )  # fmt: skip


def test_searches_without_a_result_and_nee_answers_show_per_kern_and_filter(beleid_client):
    zorg = Levensdomein.objects.get(slug="zorg")
    zoeken(9, kern="dinxperlo", levensdomein=zorg)
    zoeken(6, kern="aalten")
    zoeken(7, resultaten=3, gevonden=False, kern="dinxperlo")
    zoeken(5, resultaten=3, gevonden=True, kern="dinxperlo")
    zoeken(8, dag=date(2025, 4, 30))  # another month
    alle = beleid_client.get(f"{URL}?{MEI}").context["pagina"]
    gezien = overzicht(alle)
    assert gezien["Gezocht, niets gevonden"] == "15"
    assert gezien["‘Nee’ op ‘Vond u wat u zocht?’"] == "7"
    assert tabel(alle, "witte-vlekken-kern")["Dinxperlo"][-2:] == ["9", "7"]
    assert tabel(alle, "witte-vlekken-levensdomein")["Zorg"][-2:] == ["9", "0"]
    dinxperlo = beleid_client.get(f"{URL}?{MEI}&kern=dinxperlo&levensdomein=zorg")
    assert overzicht(dinxperlo.context["pagina"])["Gezocht, niets gevonden"] == "9"


def test_capacity_under_a_levensdomein_filter_shows_that_levensdomein(beleid_client):
    zorg, wonen = Levensdomein.objects.filter(slug__in=["zorg", "wonen"]).order_by("slug")[::-1]
    aanbod = AanbodFactory(werkgebied="gemeente")
    aanbod.levensdomeinen.add(zorg, wonen)
    aanbod.capaciteit_doorgeven(capaciteit=Capaciteit.VOL, door=None)
    pagina = beleid_client.get(f"{URL}?{MEI}&levensdomein=wonen").context["pagina"]
    assert tabel(pagina, "witte-vlekken-capaciteit") == {
        "Wonen": ["0", "1", "1"],
        "Al het aanbod": ["0", "1", "1"],
    }
    dinxperlo = beleid_client.get(f"{URL}?{MEI}&kern=dinxperlo").context["pagina"]
    assert tabel(dinxperlo, "witte-vlekken-capaciteit")["Al het aanbod"] == ["0", "1", "1"]


def test_a_decline_about_two_levensdomeinen_counts_in_both_rows_and_once_in_all(beleid_client):
    for _ in range(5):
        afwijzing("aalten", "geen-plek", domeinen=["zorg", "wonen"])
    for _ in range(6):
        afwijzing("aalten", "geen-plek", domeinen=["zorg"])
    pagina = beleid_client.get(f"{URL}?{MEI}").context["pagina"]
    assert overzicht(pagina)["Afgewezen: geen plek of capaciteit"] == "11"
    per_domein = tabel(pagina, "witte-vlekken-levensdomein")
    assert (per_domein["Zorg"][0], per_domein["Wonen"][0], per_domein["Welzijn"][0]) == (
        "11",
        "5",
        "0",
    )
    wonen = beleid_client.get(f"{URL}?{MEI}&levensdomein=wonen").context["pagina"]
    assert overzicht(wonen)["Afgewezen: geen plek of capaciteit"] == "5"
