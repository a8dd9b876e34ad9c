"""The call-back pages: the resident's form (website and status page) with every bad input,
the counter's form on the case page, the Terugbellen queue per role, and the one action."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import escape

from intake.models import Gebeurtenis, Hulpvraag, Status, Terugbelpoging, Terugbelverzoek
from intake.services.wachtrijen import wachtrij, werkvoorraad
from tests.accounts.factories import UserFactory
from tests.intake.factories import (
    HulpvraagFactory,
    InwonerFactory,
    terugbelverzoek_maken,
    voordeur_openen,
)
from toegang.accounts.roles import Rol, Team
from toegang.privacy.models import Verwerking

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
URL = "/terugbellen/"


def om(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def kerstavond(db):
    """Thursday 24 December 2026, 14:00, with the front door open as decided."""
    voordeur_openen()
    with time_machine.travel(om(2026, 12, 24, 14), tick=False):
        yield


def gegevens(**anders) -> dict:
    return {
        "naam": "Gerda",
        "telefoon": "06 12345678",
        "venster": "2026-12-28-ochtend",
        "notitie": "Over de huur",
        "email": "",
        "toestemming": "on",
        "inzending": str(uuid.uuid4()),
        **anders,
    }


# --- the resident's form ------------------------------------------------------------------


def test_form_offers_only_windows_that_can_be_chosen(resident, kerstavond):
    html = resident.get(URL).content.decode()
    assert 'value="2026-12-24-middag"' in html and 'value="2026-12-28-ochtend"' in html
    for weg in ("2026-12-24-ochtend", "2026-12-25-", "2026-12-26-", "2027-01-01-"):
        assert weg not in html
    assert "donderdag 24 december, middag (13:30–17:00)" in html


def test_home_and_ways_to_ask_link_to_the_call_back_page(resident, kerstavond):
    for pagina in ("/", "/vraag-stellen/", "/hulpvraag/"):
        assert 'href="/terugbellen/"' in resident.get(pagina).content.decode()


def test_a_call_back_request_is_confirmed_with_its_window_and_new_case(resident, kerstavond):
    antwoord = resident.post(URL, gegevens(email="gerda@example.org"))
    assert antwoord.status_code == 303
    verzoek = Terugbelverzoek.objects.get()
    assert antwoord["Location"] == f"/terugbellen/verstuurd/{verzoek.token}/"
    bevestiging = resident.get(antwoord["Location"])
    html = bevestiging.content.decode()
    assert "maandag 28 december, ochtend (9:00–12:30)" in html
    assert verzoek.hulpvraag.referentie in html and verzoek.hulpvraag.token in html
    assert bevestiging["Referrer-Policy"] == "no-referrer"
    assert bevestiging["Cache-Control"] == "no-store"
    assert (verzoek.via, verzoek.telefoon, verzoek.email) == (
        "website",
        "06 12345678",
        "gerda@example.org",
    )


def test_a_request_joining_someone_elses_case_shows_nothing_of_that_case(resident, kerstavond):
    bestaand = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0612345678"))
    antwoord = resident.post(URL, gegevens())
    verzoek = Terugbelverzoek.objects.get()
    assert verzoek.hulpvraag == bestaand
    html = resident.get(antwoord["Location"]).content.decode()
    assert "maandag 28 december" in html
    assert bestaand.referentie not in html and bestaand.token not in html


def test_double_submit_makes_one_call_back_and_counts_once(resident, kerstavond, settings):
    settings.HULPVRAAG_LIMIET = 1
    formulier = gegevens()
    eerste = resident.post(URL, formulier)
    tweede = resident.post(URL, formulier)
    assert eerste["Location"] == tweede["Location"]
    assert Terugbelverzoek.objects.count() == 1 and Hulpvraag.objects.count() == 1
    # The limit of one was used by the first; the second was the same form, not counted,
    # and a new form is over the limit.
    assert resident.post(URL, gegevens()).status_code == 429


def test_call_backs_are_limited_per_address_like_questions(resident, kerstavond, settings):
    settings.HULPVRAAG_LIMIET = 2
    for _ in range(2):
        assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.8").status_code == 303
    te_veel = resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.8")
    assert te_veel.status_code == 429
    assert "Retry-After" in te_veel
    assert Terugbelverzoek.objects.count() == 2
    # Another address is not affected.
    assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.9").status_code == 303


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("telefoon", "bel me maar", "geen telefoonnummer"),
        ("telefoon", "06-1234", "geen telefoonnummer"),
        ("telefoon", "+999 123", "geen telefoonnummer"),
        ("telefoon", "0000000000", "geen telefoonnummer"),
        ("telefoon", "06 12345678 of 06 87654321", "geen telefoonnummer"),
        ("telefoon", "", "Vul uw telefoonnummer in"),
        ("venster", "2026-12-23-middag", "al voorbij"),
        ("venster", "2026-12-24-ochtend", "al voorbij"),
        ("venster", "2026-12-25-ochtend", "Eerste kerstdag"),
        ("venster", "2026-12-26-middag", "Tweede kerstdag"),
        ("venster", "2027-01-01-ochtend", "Nieuwjaarsdag"),
        ("venster", "2027-01-02-ochtend", "weekend"),
        ("venster", "2027-01-25-ochtend", "4 weken"),
        ("venster", "2026-12-28-avond", "uit de lijst"),
        ("venster", "9999-99-99-ochtend", "uit de lijst"),
        ("venster", "", "Kies wanneer"),
        ("naam", "   ", "Vul uw naam in"),
        ("email", "gerda@", "geldig e-mailadres"),
        ("notitie", "x" * 501, "maximaal 500"),
        ("notitie", "Over de huur\x00", "Null-tekens zijn niet toegestaan"),
        ("toestemming", "", "toestemming"),
    ],
)
def test_bad_input_gets_a_dutch_message_keeps_the_input_and_saves_nothing(
    resident, kerstavond, veld, waarde, melding
):
    formulier = gegevens(**{"naam": "Gerda van Dijk", veld: waarde})
    antwoord = resident.post(URL, formulier)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert melding in html
    assert "Er is iets niet goed ingevuld" in html
    if veld != "naam":
        assert 'value="Gerda van Dijk"' in html
    assert "Over de huur" in html or veld == "notitie"
    assert not Terugbelverzoek.objects.exists() and not Hulpvraag.objects.exists()


def test_hostile_text_is_kept_as_text_and_shown_escaped(resident, kerstavond, medewerker, client):
    vijandig = '<script>alert("x")</script><img src=x onerror=alert(1)>\u202e'
    resident.post(URL, gegevens(notitie=vijandig, naam=vijandig))
    verzoek = Terugbelverzoek.objects.get()
    assert verzoek.notitie == vijandig
    client.force_login(medewerker)
    for pagina in ("/balie/", verzoek.get_absolute_url(), verzoek.hulpvraag.get_absolute_url()):
        html = client.get(pagina).content.decode()
        assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_bot_filling_the_hidden_field_stores_nothing(resident, kerstavond):
    antwoord = resident.post(URL, gegevens(website="http://spam.example"))
    assert antwoord.status_code == 200
    assert not Terugbelverzoek.objects.exists()


# --- on the status page -------------------------------------------------------------------


def test_a_resident_asks_for_a_call_back_on_the_status_page(resident, kerstavond):
    hulpvraag = HulpvraagFactory()
    status = f"/hulpvraag/status/{hulpvraag.token}/"
    assert f"{status}terugbellen/" in resident.get(status).content.decode()
    pagina = resident.get(f"{status}terugbellen/")
    assert pagina.status_code == 200 and pagina["Referrer-Policy"] == "strict-origin"
    antwoord = resident.post(
        f"{status}terugbellen/",
        {"telefoon": "0315 654321", "venster": "2026-12-24-middag", "inzending": uuid.uuid4()},
    )
    assert antwoord.status_code == 303 and antwoord["Location"] == status
    verzoek = Terugbelverzoek.objects.get()
    assert (verzoek.hulpvraag, verzoek.via) == (hulpvraag, "statuspagina")
    html = resident.get(status).content.decode()
    assert "donderdag 24 december, middag" in html
    assert "654321" not in html  # never the number


def test_status_page_call_back_refuses_bad_input_and_unknown_or_closed_cases(
    resident, kerstavond, medewerker
):
    hulpvraag = HulpvraagFactory()
    fout = resident.post(
        f"/hulpvraag/status/{hulpvraag.token}/terugbellen/",
        {"telefoon": "nee", "venster": "2026-12-25-ochtend", "inzending": uuid.uuid4()},
    )
    assert fout.status_code == 400
    assert "Eerste kerstdag" in fout.content.decode() and 'value="nee"' in fout.content.decode()
    assert resident.get("/hulpvraag/status/" + "x" * 43 + "/terugbellen/").status_code == 404
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag.sluit(door=medewerker, route="sociale-basis", uitkomst="Klaar")
    assert resident.get(f"/hulpvraag/status/{hulpvraag.token}/terugbellen/").status_code == 404
    assert not Terugbelverzoek.objects.exists()


# --- at the counter -------------------------------------------------------------------------


def test_a_medewerker_registers_a_call_back_on_the_case_page(client, kerstavond, medewerker):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543-123456"))
    client.force_login(medewerker)
    pagina = client.get(hulpvraag.get_absolute_url()).content.decode()
    assert "Terugbelverzoek vastleggen" in pagina and 'value="0543-123456"' in pagina
    url = f"/balie/hulpvragen/{hulpvraag.referentie}/terugbellen/"
    formulier = {
        "terugbellen-telefoon": "0543-123456",
        "terugbellen-venster": "2026-12-28-middag",
        "terugbellen-notitie": "Uitslag aanvraag",
        "terugbellen-inzending": str(uuid.uuid4()),
    }
    assert client.post(url, formulier).status_code == 303
    assert client.post(url, formulier).status_code == 303  # double submit
    verzoek = Terugbelverzoek.objects.get()
    assert (verzoek.hulpvraag, verzoek.via, verzoek.aangemaakt_door) == (
        hulpvraag,
        "balie",
        medewerker,
    )
    assert verzoek.telefoon == "0543 123 456"
    assert Verwerking.objects.filter(toelichting="terugbellen").exists()
    fout = client.post(url, {**formulier, "terugbellen-venster": "2027-01-01-ochtend"})
    assert fout.status_code == 400 and "Nieuwjaarsdag" in fout.content.decode()
    assert Terugbelverzoek.objects.count() == 1


# --- the queue ------------------------------------------------------------------------------


def test_queue_is_ordered_by_window_and_shows_who_took_it(client, kerstavond, medewerker):
    later = terugbelverzoek_maken(venster="2026-12-29-ochtend")
    eerst = terugbelverzoek_maken(venster="2026-12-24-middag")
    midden = terugbelverzoek_maken(venster="2026-12-28-middag")
    eerst.pak_op(door=medewerker)
    assert list(wachtrij(medewerker, "terugbellen")) == [eerst, midden, later]
    client.force_login(medewerker)
    html = client.get("/balie/").content.decode()
    blok = html[html.index(">Terugbellen</h2>") :]
    assert blok.index("donderdag 24 december") < blok.index("maandag 28 december")
    assert blok.index("maandag 28 december") < blok.index("dinsdag 29 december")
    # Faker names may hold an apostrophe, which the page escapes.
    assert escape(medewerker.weergavenaam) in blok and "Nog niemand" in blok
    assert werkvoorraad(medewerker).totalen["terugbellen"] == 3
    assert client.get("/balie/wachtrij/terugbellen/").status_code == 200


def test_queue_is_scoped_by_role_like_the_cases(
    kerstavond, medewerker, coordinator, partner_a, beleid, client
):
    eigen = terugbelverzoek_maken(venster="2026-12-24-middag")
    wmo = terugbelverzoek_maken(
        HulpvraagFactory(team=Team.MAATWERK_WMO), venster="2026-12-28-ochtend"
    )
    klaar = terugbelverzoek_maken(venster="2026-12-28-ochtend")
    klaar.gebeld(door=medewerker, poging=1, bereikt=True)
    wmo_collega = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
    assert list(wachtrij(medewerker, "terugbellen")) == [eigen]
    assert list(wachtrij(wmo_collega, "terugbellen")) == [wmo]
    assert list(wachtrij(coordinator, "terugbellen")) == [eigen, wmo]
    for buiten in (partner_a, beleid):
        assert list(wachtrij(buiten, "terugbellen")) == []
        client.force_login(buiten)
        assert client.get("/balie/wachtrij/terugbellen/").status_code == 403
        assert client.get(eigen.get_absolute_url()).status_code == 403
    client.force_login(medewerker)
    assert client.get(wmo.get_absolute_url()).status_code == 404
    assert (
        client.post(
            f"/balie/terugbellen/{wmo.pk}/gebeld/", {"uitkomst": "bereikt", "poging": 1}
        ).status_code
        == 404
    )
    assert client.get(eigen.get_absolute_url()).status_code == 200


def test_queue_rows_are_logged_as_shown(client, kerstavond, medewerker):
    verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
    client.force_login(medewerker)
    client.get("/balie/wachtrij/terugbellen/")
    assert Verwerking.objects.filter(
        hulpvraag=verzoek.hulpvraag.referentie, toelichting="werkvoorraad"
    ).exists()


# --- calling back ---------------------------------------------------------------------------


def test_calling_back_is_one_action_and_a_double_post_records_one_try(
    client, kerstavond, medewerker
):
    verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
    client.force_login(medewerker)
    pagina = client.get(verzoek.get_absolute_url()).content.decode()
    assert "06 12345678" in pagina and "poging 1 van 3" in pagina
    assert client.post(f"/balie/terugbellen/{verzoek.pk}/oppakken/").status_code == 303
    url = f"/balie/terugbellen/{verzoek.pk}/gebeld/"
    formulier = {"uitkomst": "niet-bereikt", "notitie": "Geen gehoor", "poging": "1"}
    antwoord = client.post(url, formulier)
    assert antwoord.status_code == 303 and antwoord["Location"] == "/balie/wachtrij/terugbellen/"
    client.post(url, formulier)
    assert Terugbelpoging.objects.count() == 1
    verzoek.refresh_from_db()
    assert (verzoek.datum, verzoek.dagdeel, verzoek.opgepakt_door) == (
        date(2026, 12, 28),
        "ochtend",
        medewerker,
    )
    volgende = client.get(antwoord["Location"], follow=True).content.decode()
    assert "maandag 28 december, ochtend" in volgende
    fout = client.post(url, {"uitkomst": "misschien", "poging": "2"})
    assert (
        fout.status_code == 400 and "Kies of u de inwoner heeft gesproken" in fout.content.decode()
    )
    client.post(url, {"uitkomst": "bereikt", "notitie": "Geholpen", "poging": "2"})
    verzoek.refresh_from_db()
    assert verzoek.status == Terugbelverzoek.Status.BEREIKT
    assert verzoek.hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.TERUGBELLEN).count() == 3
    assert Hulpvraag.objects.get().status == Status.IN_BEHANDELING
    assert client.post(f"/balie/terugbellen/{verzoek.pk}/onzin/").status_code == 404


def test_the_inzageverzoek_lists_the_residents_call_backs(
    client, kerstavond, beheerder, medewerker
):
    verzoek = terugbelverzoek_maken(
        venster="2026-12-24-middag", email="riek@example.org", notitie="Over de huur"
    )
    verzoek.gebeld(door=medewerker, poging=1, bereikt=False, notitie="Voicemail")
    client.force_login(beheerder)
    inwoner = verzoek.hulpvraag.inwoner_id
    gegevens = client.get(f"/privacy/inzageverzoek/{inwoner}/", {"formaat": "json"}).json()
    (terugbellen,) = gegevens["hulpvragen"][0]["terugbelverzoeken"]
    assert terugbellen["telefoon"] == "06 12345678" and terugbellen["waarover"] == "Over de huur"
    assert terugbellen["pogingen"][0]["notitie"] == "Voicemail"
    pagina = client.get(f"/privacy/inzageverzoek/{inwoner}/").content.decode()
    assert "Terugbelverzoeken" in pagina and "Voicemail" in pagina


def test_a_closed_case_gets_no_call_back_from_a_forged_post(client, kerstavond, medewerker):
    hulpvraag = HulpvraagFactory()
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag.sluit(door=medewerker, route="sociale-basis", uitkomst="Klaar")
    client.force_login(medewerker)
    assert (
        "Terugbelverzoek vastleggen"
        not in client.get(hulpvraag.get_absolute_url()).content.decode()
    )
    antwoord = client.post(
        f"/balie/hulpvragen/{hulpvraag.referentie}/terugbellen/",
        {
            "terugbellen-telefoon": "0543-123456",
            "terugbellen-venster": "2026-12-28-middag",
            "terugbellen-inzending": str(uuid.uuid4()),
        },
    )
    assert antwoord.status_code == 400 and "Heropen de hulpvraag eerst" in antwoord.content.decode()
    assert not Terugbelverzoek.objects.exists()
