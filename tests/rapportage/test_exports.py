"""The large export: one task however often it is asked for, progress, the file, and the
file gone after 24 hours."""

import io
import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from openpyxl import load_workbook

from intake.models import Hulpvraag, Route
from locaties.models import Kern
from rapportage import jaaroverzicht, services
from rapportage.afscherming import KLEIN, VERBORGEN
from rapportage.cijfers import Filters
from rapportage.figuren import dashboard_maken
from rapportage.models import Export
from rapportage.perioden import MAAND, periode_voor
from toegang.berichten.models import UitgaandeTaak

from .gegevens import hulpvraag, moment

pytestmark = pytest.mark.usefixtures("kalender", "levensdomeinen")

VANDAAG = moment(2025, 6, 16, 12)


@pytest.fixture(autouse=True)
def nu():
    with time_machine.travel(VANDAAG, tick=False) as reiziger:
        yield reiziger


@pytest.fixture
def beleid_client(client, beleid):
    client.force_login(beleid)
    return client


@pytest.fixture
def voorjaar(db):
    """2025 so far: twenty questions from Aalten in March, eight from Dinxperlo and one
    from Lintelo in April."""
    for n in range(20):
        hulpvraag(moment(2025, 3, 3 + n % 20), kern="aalten", afgesloten=moment(2025, 3, 25),
                  route=Route.SOCIALE_BASIS)  # fmt: skip
    for n in range(8):
        hulpvraag(moment(2025, 4, 1 + n), kern="dinxperlo", kanaal="telefoon")
    hulpvraag(moment(2025, 4, 9), kern="lintelo", kanaal="telefoon")


def rijen_van(inhoud: bytes) -> list[tuple]:
    blad = load_workbook(io.BytesIO(inhoud)).worksheets[0]
    alles = list(blad.iter_rows(values_only=True))
    kop = next(i for i, rij in enumerate(alles) if rij and rij[0] == "Filter")
    return [dict(zip(alles[kop], rij, strict=False)) for rij in alles[kop + 1 :]]


def test_asking_twice_starts_one_task(beleid_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        eerste = beleid_client.post("/rapportage/exports/", {"jaar": 2025})
        tweede = beleid_client.post("/rapportage/exports/", {"jaar": 2025})
    assert eerste.status_code == tweede.status_code == 303
    assert eerste["Location"] == tweede["Location"]
    assert Export.objects.count() == 1
    assert UitgaandeTaak.objects.filter(taak="rapportage.tasks.export_maken").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_asking_at_the_same_moment_start_one_task(kalender):
    uitkomsten, start = [], threading.Barrier(4)

    def vraag():
        try:
            start.wait()
            uitkomsten.append(services.export_aanvragen(jaar=2024)[0].pk)
        finally:
            connection.close()

    draden = [threading.Thread(target=vraag) for _ in range(4)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert len(set(uitkomsten)) == 1, list(
        Export.objects.values_list("status", "aangemaakt", "klaar_op")
    )
    assert Export.objects.count() == 1
    assert UitgaandeTaak.objects.filter(taak="rapportage.tasks.export_maken").count() == 1


def test_the_year_overview_has_every_month_for_every_filter(
    voorjaar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export, nieuw = services.export_aanvragen(jaar=2025)
    assert nieuw
    export.refresh_from_db()
    assert export.status == Export.Status.KLAAR and export.voortgang == 100
    assert export.stappen_klaar == export.stappen_totaal == len(jaaroverzicht.stappen()) + 1
    rijen = rijen_van(bytes(export.bestand))
    # January up to and including June (running until today), for every filter value.
    assert len(rijen) == 6 * len(jaaroverzicht.stappen())
    alle = {r["Maand"]: r for r in rijen if r["Filter"] == "Alle"}
    # The questions in are the very cells the dashboard shows for the month: in March twenty
    # days with one question each (in April nine) would give each other away, so the total
    # is hidden there and here alike.
    for maand, naam in [(3, "maart"), (4, "april")]:
        d = dashboard_maken(
            periode=periode_voor(MAAND, date(2025, maand, 1)),
            filters=Filters(),
            vandaag=VANDAAG.date(),
        )
        assert alle[naam]["Hulpvragen binnengekomen"] == d.tegels[0].waarde.exportwaarde
    assert alle["maart"]["Hulpvragen binnengekomen"] == VERBORGEN
    assert alle["maart"]["Afgesloten: Sociale basis"] == 20
    aalten = next(r for r in rijen if r["Waarde"] == "Aalten" and r["Maand"] == "maart")
    assert aalten["Hulpvragen binnengekomen"] == VERBORGEN


def test_a_small_kern_cannot_be_recovered_from_all_minus_the_other_kernen(
    voorjaar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_aanvragen(jaar=2025)
    export.refresh_from_db()
    april = {
        r["Waarde"]: r["Hulpvragen binnengekomen"]
        for r in rijen_van(bytes(export.bestand))
        if r["Maand"] == "april" and r["Filter"] in ("Alle", "Kern")
    }
    assert april["Lintelo"] == KLEIN
    assert len(april) == 1 + len(Kern.values)
    # All minus the kernen shown would give Lintelo back: so a second one is hidden, or the
    # total is.
    zichtbaar = [v for k, v in april.items() if k != "Alle hulpvragen" and isinstance(v, int)]
    assert april["Alle hulpvragen"] == VERBORGEN or april["Dinxperlo"] == VERBORGEN
    assert sum(zichtbaar) != 9 - 1


def test_the_progress_page_shows_the_bar_and_then_the_link(
    beleid_client, voorjaar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        antwoord = beleid_client.post("/rapportage/exports/", {"jaar": 2025})
    pagina = beleid_client.get(antwoord["Location"]).content.decode()
    assert "<progress" in pagina and "in de wachtrij" in pagina
    assert 'hx-trigger="every 2s"' in pagina
    export = Export.objects.get()
    services.export_maken(export_id=export.pk)
    deel = beleid_client.get(antwoord["Location"] + "?status=wachtrij", HTTP_HX_REQUEST="true")
    inhoud = deel.content.decode()
    assert "Het jaaroverzicht is klaar" in inhoud  # told to screen readers once
    assert 'hx-swap-oob="innerHTML"' in inhoud
    assert "hx-trigger" not in inhoud  # done: no more asking
    bestand = beleid_client.get(f"/rapportage/exports/{export.pk}/bestand/")
    assert bestand.status_code == 200
    assert 'filename="jaaroverzicht-2025.xlsx"' in bestand["Content-Disposition"]
    assert rijen_van(bestand.content)


def test_a_second_delivery_of_the_task_does_nothing(voorjaar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_aanvragen(jaar=2025)
    assert services.export_maken(export_id=export.pk) is False


def test_a_task_that_went_silent_is_taken_over(voorjaar, nu, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        export, _ = services.export_aanvragen(jaar=2025)
    Export.objects.filter(pk=export.pk).update(status=Export.Status.BEZIG)
    assert services.export_maken(export_id=export.pk) is False  # someone is working on it
    nu.shift(timedelta(minutes=11))
    assert services.export_maken(export_id=export.pk) is True


def test_the_file_is_removed_after_24_hours(
    beleid_client, voorjaar, nu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_aanvragen(jaar=2025)
    nu.shift(timedelta(hours=23, minutes=59))
    assert services.exports_opruimen() == 0
    nu.shift(timedelta(minutes=2))
    assert services.exports_opruimen() == 1
    export.refresh_from_db()
    assert export.bestand is None and export.status == Export.Status.VERWIJDERD
    antwoord = beleid_client.get(f"/rapportage/exports/{export.pk}/bestand/")
    assert antwoord.status_code == 404
    assert "na 24 uur verwijderd" in antwoord.content.decode()


def test_a_fresh_finished_export_is_handed_out_again_within_the_hour(
    voorjaar, nu, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        eerste, _ = services.export_aanvragen(jaar=2025)
    nu.shift(timedelta(minutes=30))
    assert services.export_aanvragen(jaar=2025) == (eerste, False)
    nu.shift(timedelta(minutes=31))
    with django_capture_on_commit_callbacks(execute=False):
        nieuw, aangemaakt = services.export_aanvragen(jaar=2025)
    assert aangemaakt and nieuw.pk != eerste.pk


def test_a_year_not_in_the_list_is_refused_in_dutch(beleid_client):
    antwoord = beleid_client.post("/rapportage/exports/", {"jaar": "1850"}, follow=True)
    assert "Kies een jaar uit de lijst" in antwoord.content.decode()
    assert not Export.objects.exists()


def test_only_beleid_and_coordinators_may_ask_for_exports(client, medewerker):
    client.force_login(medewerker)
    assert client.post("/rapportage/exports/", {"jaar": 2025}).status_code == 403
    assert not Export.objects.exists()


def test_the_year_overview_adds_up_with_a_route_it_does_not_know(
    voorjaar, django_capture_on_commit_callbacks
):
    Hulpvraag.objects.filter(route=Route.SOCIALE_BASIS).update(route="elders")
    with django_capture_on_commit_callbacks(execute=True):
        export, _ = services.export_aanvragen(jaar=2025)
    export.refresh_from_db()
    assert export.status == Export.Status.KLAAR
