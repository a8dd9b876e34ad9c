"""The whole sociale kaart as a file in /beheer/ (HSDS CSV package, spreadsheet with every
aanbod): asked for on a page, made by a Celery task that claims it first, its progress
shown until the download is there; removed after 24 hours."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook

from sociale_kaart import exporteren
from sociale_kaart.models import Aanbod, Kaartexport
from tests.sociale_kaart.kaart import kleine_kaart
from toegang.berichten.models import UitgaandeTaak

AANVRAGEN = "/beheer/sociale_kaart/kaartexport/add/"
S = Kaartexport.Status


@pytest.fixture
def kaart(levensdomeinen):
    return kleine_kaart(levensdomeinen)


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


def test_asked_twice_while_waiting_is_one_export_and_one_task(
    kaart, beheer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():  # no worker: both find it waiting
        eerste = beheer.post(AANVRAGEN, {"soort": "hsds_csv"})
        tweede = beheer.post(AANVRAGEN, {"soort": "hsds_csv"})
    export = Kaartexport.objects.get()
    assert (
        eerste["Location"]
        == tweede["Location"]
        == (f"/beheer/sociale_kaart/kaartexport/{export.pk}/change/")
    )
    assert UitgaandeTaak.objects.filter(taak=exporteren.TAAK).count() == 1
    pagina = beheer.get(eerste["Location"]).content.decode()
    assert "staat in de wachtrij" in pagina
    assert "?deel=voortgang" in pagina  # htmx asks again
    assert "/bestand/" not in pagina
    # Nothing to download yet.
    assert beheer.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/bestand/").status_code == 404


def test_the_task_makes_the_spreadsheet_with_every_aanbod_and_the_page_offers_it(
    kaart, beheer, celery_in_proces, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post(AANVRAGEN, {"soort": "spreadsheet"})
    export = Kaartexport.objects.get()
    assert export.status == S.KLAAR
    assert export.stappen_klaar == export.stappen_totaal == Aanbod.objects.count() == 2
    pagina = beheer.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/change/").content.decode()
    assert f"Download {export.bestandsnaam}" in pagina
    # htmx's last poll: the whole page again.
    voortgang = beheer.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/change/?deel=voortgang")
    assert voortgang.status_code == 204 and voortgang["HX-Refresh"] == "true"
    bestand = beheer.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/bestand/")
    blad = load_workbook(io.BytesIO(bestand.content))["Aanbod"]
    namen = {rij[1] for rij in blad.iter_rows(min_row=2, values_only=True)}
    assert namen == {"Mantelzorgondersteuning", kaart.schuldhulp.naam}


def test_a_second_delivery_does_nothing_and_a_later_request_makes_it_anew(
    kaart, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        export, nieuw = exporteren.kaartexport_aanvragen(soort="hsds_csv")
    assert nieuw
    assert exporteren.kaartexport_maken(export_id=export.pk) is True
    assert exporteren.kaartexport_maken(export_id=export.pk) is False
    # The kaart may have changed since: a finished file is not handed out again.
    with django_capture_on_commit_callbacks():
        later, nieuw = exporteren.kaartexport_aanvragen(soort="hsds_csv")
    assert nieuw and later.pk != export.pk


def test_files_are_removed_after_24_hours(kaart, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        export, _ = exporteren.kaartexport_aanvragen(soort="hsds_csv")
    exporteren.kaartexport_maken(export_id=export.pk)
    assert exporteren.kaartexports_opruimen() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert exporteren.kaartexports_opruimen() == 1
    export.refresh_from_db()
    assert export.bestand is None and export.status == S.VERWIJDERD


def test_an_unknown_kind_is_refused_in_dutch(kaart, beheer):
    antwoord = beheer.post(AANVRAGEN, {"soort": "<script>"}, follow=True)
    assert "Kies wat u wilt downloaden." in antwoord.content.decode()
    assert not Kaartexport.objects.exists()


def test_only_the_beheerder_asks_for_an_export(kaart, client, medewerker):
    assert client.post(AANVRAGEN, {"soort": "hsds_csv"}).status_code == 302  # to the login
    client.force_login(medewerker)
    assert client.post(AANVRAGEN, {"soort": "hsds_csv"}).status_code == 403
    assert not Kaartexport.objects.exists()
