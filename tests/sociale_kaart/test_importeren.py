"""Imports in /beheer/: upload, dry run, confirmation, the import as a Celery task in
rounds with its progress; idempotent tasks, files kept only as long as needed, and what
is refused before anything is read."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sociale_kaart import importeren
from sociale_kaart.models import Aanbod, ImportTaak, Kaartexport, Organisatie
from tests.sociale_kaart.kaart import kleine_kaart
from tests.sociale_kaart.test_spreadsheet import csv_bytes, rij, xlsx
from toegang.berichten.models import UitgaandeTaak

pytestmark = pytest.mark.usefixtures("celery_in_proces")

UPLOAD = "/beheer/sociale_kaart/importtaak/add/"
S = ImportTaak.Status


@pytest.fixture
def kaart(levensdomeinen):
    return kleine_kaart(levensdomeinen)


@pytest.fixture
def beheer(client, beheerder):
    client.force_login(beheerder)
    return client


def drie_rijen() -> bytes:
    return xlsx([
        rij(**{"Naam aanbod": "Formulierenhulp"}),
        rij(**{"Naam aanbod": "Verkeerde kern", "Kern": "Winterswijk"}),
        rij(**{"Naam aanbod": "Taalcafé", "Organisatie": "Bibliotheek Aalten"}),
    ])  # fmt: skip


def uploaden(client, inhoud: bytes, naam="aanbod.xlsx"):
    return client.post(UPLOAD, {"bestand": SimpleUploadedFile(naam, inhoud)})


def test_upload_dry_run_confirm_and_import(kaart, beheer, django_capture_on_commit_callbacks):
    aantal = Aanbod.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = uploaden(beheer, drie_rijen())
    assert antwoord.status_code == 303
    taak = ImportTaak.objects.get()
    assert antwoord["Location"] == f"/beheer/sociale_kaart/importtaak/{taak.pk}/change/"
    taak.refresh_from_db()
    assert taak.status == S.PROEF_KLAAR
    assert Aanbod.objects.count() == aantal  # a dry run saves nothing
    assert taak.bestand is not None  # kept until it is confirmed or expires

    pagina = beheer.get(antwoord["Location"]).content.decode()
    assert "Proefimport: er is nog niets opgeslagen" in pagina
    assert '<th scope="row">Rij 3</th><td>Kern</td>' in pagina
    assert "&#x27;Winterswijk&#x27; kennen we niet" in pagina
    assert "Bibliotheek Aalten" in pagina  # the organisation that will be made
    assert 'value="Importeren"' in pagina
    assert taak.proefverslag["aantallen"]["nieuw"] == 2 and taak.proefverslag["geweigerd"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        bevestigd = beheer.post(f"/beheer/sociale_kaart/importtaak/{taak.pk}/bevestigen/")
    assert bevestigd.status_code == 303
    taak.refresh_from_db()
    assert taak.status == S.KLAAR and taak.toegepast_op
    assert taak.bestand is None  # no longer needed
    assert set(Aanbod.objects.values_list("naam", flat=True)) >= {"Formulierenhulp", "Taalcafé"}
    assert not Aanbod.objects.filter(naam="Verkeerde kern").exists()
    pagina = beheer.get(antwoord["Location"]).content.decode()
    assert "Geïmporteerd op" in pagina and "Formulierenhulp" in pagina


def test_the_page_shows_progress_while_running_and_reloads_when_done(
    kaart, beheer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        antwoord = uploaden(beheer, drie_rijen())
    pagina = beheer.get(antwoord["Location"]).content.decode()
    assert '<progress id="import-balk"' in pagina
    assert 'hx-trigger="every 2s"' in pagina
    assert "htmx.min.js" in pagina
    assert "Bekijk hoe ver het is" in pagina  # without JavaScript: a link to refresh
    deel = beheer.get(antwoord["Location"] + "?deel=voortgang", HTTP_HX_REQUEST="true")
    assert deel.status_code == 200 and "in de wachtrij" in deel.content.decode()

    importeren.importtaak_uitvoeren(taak_id=ImportTaak.objects.get().pk)
    klaar = beheer.get(antwoord["Location"] + "?deel=voortgang", HTTP_HX_REQUEST="true")
    assert klaar.status_code == 204 and klaar["HX-Refresh"] == "true"
    assert "hx-trigger" not in beheer.get(antwoord["Location"]).content.decode()


def test_a_second_delivery_of_a_round_does_nothing(
    kaart, beheerder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    assert importeren.importtaak_uitvoeren(taak_id=taak.pk) is False


def test_a_round_that_went_silent_is_taken_over(
    kaart, beheerder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    ImportTaak.objects.filter(pk=taak.pk).update(status=S.PROEF_BEZIG)
    assert importeren.importtaak_uitvoeren(taak_id=taak.pk) is False  # a worker has it
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert importeren.importtaak_uitvoeren(taak_id=taak.pk) is True
    assert ImportTaak.objects.get(pk=taak.pk).status == S.PROEF_KLAAR


def test_importing_twice_creates_nothing_twice(
    kaart, beheerder, django_capture_on_commit_callbacks
):
    """The import itself delivered twice (a worker died after its work was saved) and the
    same file uploaded again: the second time everything is unchanged."""
    with django_capture_on_commit_callbacks(execute=True):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    with django_capture_on_commit_callbacks(execute=True):
        importeren.importtaak_bevestigen(taak_id=taak.pk)
    aantallen = (Aanbod.objects.count(), Organisatie.objects.count())
    # Again, as a redelivered message would after the work was saved.
    ImportTaak.objects.filter(pk=taak.pk).update(
        status=S.WACHTRIJ, bestand=drie_rijen(), verslag={}, stappen_klaar=0
    )
    assert importeren.importtaak_uitvoeren(taak_id=taak.pk) is True
    assert (Aanbod.objects.count(), Organisatie.objects.count()) == aantallen
    assert ImportTaak.objects.get(pk=taak.pk).verslag["aantallen"] == {
        "nieuw": 0, "gewijzigd": 0, "ongewijzigd": 2,
    }  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        tweede = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    with django_capture_on_commit_callbacks(execute=True):
        importeren.importtaak_bevestigen(taak_id=tweede.pk)
    assert (Aanbod.objects.count(), Organisatie.objects.count()) == aantallen


def test_a_large_file_goes_in_rounds_with_its_progress(
    kaart, beheerder, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importeren, "STAP", 3)
    monkeypatch.setattr(importeren, "RONDE_SECONDEN", 0)  # one batch per round
    rijen = [rij(**{"Naam aanbod": f"Aanbod {n:02d}", "Vestiging": ""}) for n in range(10)]
    for regel in rijen:
        for kolom in ("Straat", "Huisnummer", "Postcode", "Plaats", "Kern", "Openingstijden"):
            regel[kolom] = ""
    standen = []
    origineel = importeren.invoer_verwerken

    def meekijken(*args, **kwargs):
        verslag = origineel(*args, **kwargs)
        standen.append(ImportTaak.objects.values_list("stappen_klaar", "stappen_totaal").get())
        return verslag

    monkeypatch.setattr(importeren, "invoer_verwerken", meekijken)
    with django_capture_on_commit_callbacks(execute=True):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=xlsx(rijen), door=beheerder
        )
    assert standen == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert UitgaandeTaak.objects.filter(taak=importeren.TAAK).count() == 4
    taak.refresh_from_db()
    assert taak.status == S.PROEF_KLAAR and taak.voortgang == 100
    assert taak.proefverslag["aantallen"]["nieuw"] == 10
    with django_capture_on_commit_callbacks(execute=True):
        importeren.importtaak_bevestigen(taak_id=taak.pk)
    assert Aanbod.objects.filter(naam__startswith="Aanbod ").count() == 10


def test_an_unconfirmed_dry_run_loses_its_file_after_24_hours(
    kaart, beheer, beheerder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    assert importeren.importtaken_opruimen() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert importeren.importtaken_opruimen() == 1
    taak.refresh_from_db()
    assert (taak.status, taak.bestand) == (S.VERLOPEN, None)
    antwoord = beheer.post(f"/beheer/sociale_kaart/importtaak/{taak.pk}/bevestigen/", follow=True)
    assert "kan niet (meer) worden bevestigd" in antwoord.content.decode()
    assert not Aanbod.objects.filter(naam="Formulierenhulp").exists()


def test_a_file_that_cannot_be_read_fails_with_its_reason(
    kaart, beheer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = uploaden(beheer, b"Naam aanbod;Kleur\r\nx;rood\r\n", "lijst.csv")
    taak = ImportTaak.objects.get()
    assert (taak.status, taak.bestand) == (S.MISLUKT, None)
    pagina = beheer.get(antwoord["Location"]).content.decode()
    assert "ontbreekt de kolom &#x27;Organisatie&#x27;" in pagina
    assert "Upload een verbeterd bestand" in pagina


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("brief.pdf", b"%PDF-1.7\n\x00\x00", "geen spreadsheet"),
        ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "oud Excel-bestand"),
        ("leeg.csv", b"", "Dit bestand is leeg."),
    ],
)
def test_the_upload_form_refuses_what_is_no_import_in_dutch(beheer, naam, inhoud, melding):
    antwoord = uploaden(beheer, inhoud, naam)
    assert antwoord.status_code == 400
    pagina = antwoord.content.decode()
    assert melding in pagina and 'role="alert"' in pagina and 'aria-invalid="true"' in pagina
    assert not ImportTaak.objects.exists()


def test_a_50_mb_file_is_refused_before_it_is_read(beheer):
    antwoord = uploaden(beheer, b"x" * (50 * 1024 * 1024), "groot.csv")
    assert antwoord.status_code == 413
    assert "Dit bestand is te groot" in antwoord.content.decode()
    assert "10 MB" in antwoord.content.decode()
    assert not ImportTaak.objects.exists()


def test_a_file_above_the_usual_limit_may_be_uploaded_but_only_here(kaart, beheer, settings):
    inhoud = csv_bytes(
        [
            rij(**{"Naam aanbod": f"Aanbod {n}", "Beschrijving": secrets.token_hex(300)})
            for n in range(500)
        ]
    )
    assert len(inhoud) > settings.VERZOEK_MAX_BYTES
    assert uploaden(beheer, inhoud, "aanbod.csv").status_code == 303
    elders = beheer.post(
        "/beheer/sociale_kaart/synoniem/add/",
        {"term": "x", "betekent": "y" * (settings.VERZOEK_MAX_BYTES + 1)},
    )
    assert elders.status_code == 413


def test_json_records_go_the_same_way(kaart, client, beheer, django_capture_on_commit_callbacks):
    records = client.get("/api/hsds/services", {"per_page": 100}).json()["contents"]
    dubbel = json.dumps([*records, records[0]]).encode()
    with django_capture_on_commit_callbacks(execute=True):
        uploaden(beheer, dubbel, "export.json")
    taak = ImportTaak.objects.get()
    assert taak.soort == ImportTaak.Soort.HSDS_JSON
    assert taak.proefverslag["fouten"] == [
        {
            "plaats": "Record 3",
            "kolom": "id",
            "reden": f"Het id {records[0]['id']} staat ook in record 1.",
        }
    ]
    assert taak.proefverslag["aantallen"]["nieuw"] == 0


def test_the_templates_download_as_xlsx(kaart, beheer, django_capture_on_commit_callbacks):
    antwoord = beheer.get("/beheer/sociale_kaart/importtaak/sjabloon.xlsx")
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "sociale-kaart-sjabloon.xlsx" in antwoord["Content-Disposition"]
    # With every aanbod: made by a task (tests/sociale_kaart/test_kaartexport.py).
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post("/beheer/sociale_kaart/kaartexport/add/", {"soort": "spreadsheet"})
    export = Kaartexport.objects.get()
    antwoord = beheer.get(f"/beheer/sociale_kaart/kaartexport/{export.pk}/bestand/")
    assert antwoord["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "sociale-kaart-aanbod-" in antwoord["Content-Disposition"]


def test_only_the_beheerder_uploads_or_confirms(
    kaart, client, medewerker, beheerder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taak = importeren.importtaak_aanmaken(
            bestandsnaam="a.xlsx", inhoud=drie_rijen(), door=beheerder
        )
    assert uploaden(client, drie_rijen()).status_code == 302  # to the login
    client.force_login(medewerker)
    assert uploaden(client, drie_rijen()).status_code == 403
    assert client.post(f"/beheer/sociale_kaart/importtaak/{taak.pk}/bevestigen/").status_code == 403
    assert ImportTaak.objects.get(pk=taak.pk).status == S.PROEF_KLAAR
    assert ImportTaak.objects.count() == 1


def test_terms_of_another_taxonomy_are_listed_with_where_to_map_them(
    kaart, client, beheer, django_capture_on_commit_callbacks
):
    record = client.get("/api/hsds/services", {"per_page": 1}).json()["contents"][0]
    term = {"id": "5b0cbd3b-8d1c-4a0e-9a8e-4ad3d1a1c001", "name": "Food Pantry",
            "code": "1102", "taxonomy": "Open Eligibility", "description": "Food Pantry"}  # fmt: skip
    record["attributes"].append(
        {"id": "5b0cbd3b-8d1c-4a0e-9a8e-4ad3d1a1c002", "link_id": record["id"],
         "link_entity": "service", "link_type": "categorie", "taxonomy_term_id": term["id"],
         "taxonomy_term": term}
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = uploaden(beheer, json.dumps([record]).encode(), "feed.json")
    taak = ImportTaak.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        beheer.post(f"/beheer/sociale_kaart/importtaak/{taak.pk}/bevestigen/")
    pagina = beheer.get(antwoord["Location"]).content.decode()
    assert '<td>Open Eligibility</td><th scope="row">Food Pantry</th><td>1</td>' in pagina
    assert 'href="/beheer/sociale_kaart/taxonomieterm/"' in pagina
