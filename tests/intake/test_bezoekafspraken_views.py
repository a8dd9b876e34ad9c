"""The appointment pages: the resident's form with every bad input, double submit, a time
taken between page load and submit, the rate limit; the secret link with moving,
cancelling, the calendar file and a link reused after cancelling; the counter's day agenda
per role and its one action."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake.models import Bezoekafspraak, Hulpvraag
from tests.accounts.factories import UserFactory
from tests.intake.factories import bezoekafspraak_maken, rooster_vullen, voordeur_openen
from toegang.accounts.roles import Rol, Team
from toegang.privacy.models import Verwerking

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
URL = "/afspraak-maken/dinxperlo/"
WOENSDAG = date(2026, 12, 9)


def om(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def dinxperlo(db):
    """Monday 7 December 2026, 8:00; Dinxperlo opens on Wednesday with three on the rota."""
    _, dinxperlo = voordeur_openen()
    rooster_vullen(dinxperlo, WOENSDAG, "ochtend", 3)
    with time_machine.travel(om(2026, 12, 7, 8), tick=False):
        yield dinxperlo


def gegevens(**anders) -> dict:
    return {
        "tijdvak": "2026-12-09T09:00",
        "naam": "Gerda",
        "telefoon": "06 12345678",
        "notitie": "Over de huur",
        "email": "",
        "toestemming": "on",
        "inzending": str(uuid.uuid4()),
        **anders,
    }


# --- booking ------------------------------------------------------------------------------


def test_the_ways_to_book_list_both_locations(resident, dinxperlo):
    html = resident.get("/afspraak-maken/").content.decode()
    assert (
        'href="/afspraak-maken/hofstraat/"' in html and 'href="/afspraak-maken/dinxperlo/"' in html
    )


def test_the_form_offers_only_free_times_grouped_per_day(resident, dinxperlo):
    html = resident.get(URL).content.decode()
    assert '<optgroup label="Woensdag 9 december">' in html
    assert 'value="2026-12-09T08:30"' in html and 'value="2026-12-09T11:30"' in html
    assert "2026-12-09T12:00" not in html


def test_a_booking_is_confirmed_on_its_secret_page(resident, dinxperlo):
    antwoord = resident.post(URL, gegevens(email="gerda@example.org"))
    assert antwoord.status_code == 303
    afspraak = Bezoekafspraak.objects.get()
    assert antwoord["Location"] == f"/afspraak/{afspraak.token}/"
    pagina = resident.get(antwoord["Location"])
    html = pagina.content.decode()
    assert "woensdag 9 december, 9:00–9:30" in html and afspraak.referentie in html
    assert afspraak.hulpvraag.referentie in html  # this booking opened the case
    assert pagina["Cache-Control"] == "no-store" and pagina["X-Robots-Tag"] == "noindex"
    ics = resident.get(f"/afspraak/{afspraak.token}/afspraak.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content


@pytest.mark.parametrize(
    ("veld", "waarde", "woorden"),
    [
        ("tijdvak", "2026-12-07T07:00", "voorbij"),
        ("tijdvak", "2026-12-25T09:00", "Eerste kerstdag"),
        ("tijdvak", "2027-01-13T09:00", "4 weken"),
        ("tijdvak", "2026-12-09T14:00", "geen afspraak"),
        ("tijdvak", "", "Kies een dag en tijd"),
        ("tijdvak", "x" * 5000, "uit de lijst"),
        ("telefoon", "bel me maar", "geen telefoonnummer"),
        ("telefoon", "0612", "geen telefoonnummer"),
        ("telefoon", "", "telefoonnummer in"),
        ("naam", "   ", "naam in"),
        ("email", "gerda@", "geldig e-mailadres"),
        ("notitie", "x" * 501, "maximaal 500"),
        ("notitie", "Over de huur\x00", "Null-tekens zijn niet toegestaan"),
        ("toestemming", "", "toestemming"),
    ],
)
def test_bad_input_says_why_in_dutch_keeps_the_input_and_stores_nothing(
    resident, dinxperlo, veld, waarde, woorden
):
    antwoord = resident.post(
        URL,
        gegevens(**{veld: waarde}, notitie="Mijn <b>huur</b> & 'meer'")
        if veld != "notitie"
        else gegevens(**{veld: waarde}),
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert woorden in html
    if veld != "notitie":
        assert "Mijn &lt;b&gt;huur&lt;/b&gt; &amp; &#39;meer&#39;" in html  # kept, escaped
    assert not Bezoekafspraak.objects.exists() and not Hulpvraag.objects.exists()


def test_hostile_text_in_the_note_is_stored_as_text(resident, dinxperlo):
    vijandig = "<script>alert(1)</script>'; DROP TABLE intake_hulpvraag; --"
    assert resident.post(URL, gegevens(notitie=vijandig)).status_code == 303
    afspraak = Bezoekafspraak.objects.get()
    assert afspraak.notitie == vijandig
    assert "<script>" not in resident.get(afspraak.get_absolute_url()).content.decode()


def test_double_submit_books_once_and_counts_once(resident, dinxperlo, settings):
    settings.HULPVRAAG_LIMIET = 1
    formulier = gegevens()
    eerste = resident.post(URL, formulier)
    tweede = resident.post(URL, formulier)
    assert eerste["Location"] == tweede["Location"]
    assert Bezoekafspraak.objects.count() == 1 and Hulpvraag.objects.count() == 1
    assert resident.post(URL, gegevens(tijdvak="2026-12-09T10:00")).status_code == 429


def test_bookings_are_limited_per_address_like_questions(resident, dinxperlo, settings):
    settings.HULPVRAAG_LIMIET = 2
    for tijd in ("08:30", "09:00"):
        antwoord = resident.post(
            URL, gegevens(tijdvak=f"2026-12-09T{tijd}"), REMOTE_ADDR="192.0.2.8"
        )
        assert antwoord.status_code == 303
    te_veel = resident.post(URL, gegevens(tijdvak="2026-12-09T09:30"), REMOTE_ADDR="192.0.2.8")
    assert te_veel.status_code == 429 and "Retry-After" in te_veel
    assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.9").status_code == 303


def test_a_time_taken_between_page_load_and_submit_offers_the_next(resident, dinxperlo):
    resident.get(URL)  # the page shows 9:00 as free
    for telefoon in ("0612345671", "0612345672"):
        bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", telefoon=telefoon)
    antwoord = resident.post(URL, gegevens())
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "net door iemand anders gekozen" in html
    assert '<option value="2026-12-09T09:30" selected>' in html
    assert 'value="Gerda"' in html
    assert Bezoekafspraak.objects.count() == 2
    # Sending the form again books the time offered.
    assert resident.post(URL, gegevens(tijdvak="2026-12-09T09:30")).status_code == 303


def test_a_time_removed_from_the_rota_after_page_load_is_refused_kindly(resident, dinxperlo):
    resident.get(URL)
    dinxperlo.diensten.all().delete()
    antwoord = resident.post(URL, gegevens())
    assert antwoord.status_code == 400
    assert "geen afspraak maken" in antwoord.content.decode()
    assert not Bezoekafspraak.objects.exists()


def test_an_unknown_location_is_a_404(resident, dinxperlo):
    assert resident.get("/afspraak-maken/nergens/").status_code == 404
    assert resident.get("/afspraak-maken/%3Cscript%3E/").status_code == 404


# --- the secret link --------------------------------------------------------------------------


def test_the_resident_moves_the_appointment(resident, dinxperlo):
    afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
    url = f"/afspraak/{afspraak.token}/verzetten/"
    assert 'value="2026-12-09T09:00"' in resident.get(url).content.decode()  # its own place
    assert resident.post(url, {"tijdvak": "2026-12-25T09:00"}).status_code == 400
    antwoord = resident.post(url, {"tijdvak": "2026-12-09T10:30"})
    assert antwoord["Location"] == afspraak.get_absolute_url()
    afspraak.refresh_from_db()
    assert afspraak.start == om(2026, 12, 9, 10, 30)


def test_a_link_reused_after_cancelling_gives_a_clear_page(resident, dinxperlo):
    afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
    url = f"/afspraak/{afspraak.token}/afzeggen/"
    assert "Ja, zeg de afspraak af" in resident.get(url).content.decode()
    assert resident.post(url).status_code == 303
    afspraak.refresh_from_db()
    assert afspraak.status == Bezoekafspraak.Status.GEANNULEERD
    assert "is afgezegd" in resident.get(afspraak.get_absolute_url()).content.decode()
    for pagina in (url, f"/afspraak/{afspraak.token}/verzetten/"):
        for antwoord in (
            resident.get(pagina),
            resident.post(pagina, {"tijdvak": "2026-12-09T10:00"}),
        ):
            assert antwoord.status_code == 409
            assert "al afgezegd" in antwoord.content.decode()
    assert resident.get(f"/afspraak/{afspraak.token}/afspraak.ics").status_code == 409


def test_an_unknown_or_malformed_token_is_a_404(resident, dinxperlo):
    for token in ("a" * 43, "<script>", "x" * 200):
        assert resident.get(f"/afspraak/{token}/").status_code == 404


# --- the counter's day agenda -------------------------------------------------------------------


@pytest.fixture
def geboekt(dinxperlo):
    return bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", naam="Gerda Jansen")


def test_the_day_agenda_shows_the_location_s_appointments(client, medewerker, geboekt):
    client.force_login(medewerker)
    html = client.get("/balie/afspraken/?locatie=dinxperlo&datum=2026-12-09").content.decode()
    assert "Gerda Jansen" in html and "9:00–9:30" in html and geboekt.hulpvraag.referentie in html
    assert Verwerking.objects.filter(
        gebruiker_id=medewerker.pk, toelichting="afsprakenagenda"
    ).exists()
    # Not yet the day: nothing to record.
    assert "Niet gekomen" not in html


def test_a_medewerker_of_another_team_does_not_see_the_appointment(client, geboekt):
    ander = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_JEUGD)
    client.force_login(ander)
    html = client.get("/balie/afspraken/?locatie=dinxperlo&datum=2026-12-09").content.decode()
    assert "Gerda Jansen" not in html
    with time_machine.travel(om(2026, 12, 9, 9, 10), tick=False):
        assert client.post(f"/balie/afspraken/{geboekt.pk}/niet-gekomen/").status_code == 404


@pytest.mark.parametrize("gebruiker", ["beleid", "beheerder", "partner_a"])
def test_others_cannot_open_the_day_agenda(client, geboekt, gebruiker, request):
    client.force_login(request.getfixturevalue(gebruiker))
    assert client.get("/balie/afspraken/").status_code == 403


def test_a_no_show_is_one_action_and_a_double_post_changes_nothing(client, medewerker, geboekt):
    client.force_login(medewerker)
    with time_machine.travel(om(2026, 12, 9, 9, 40), tick=False):
        html = client.get("/balie/afspraken/?locatie=dinxperlo").content.decode()
        assert "Niet gekomen" in html
        for _ in range(2):
            antwoord = client.post(f"/balie/afspraken/{geboekt.pk}/niet-gekomen/")
            assert antwoord.status_code == 303
        assert "al afgehandeld" in client.get(antwoord["Location"]).content.decode()
    geboekt.refresh_from_db()
    assert geboekt.status == Bezoekafspraak.Status.NIET_GEKOMEN


def test_a_bad_date_in_the_agenda_is_a_dutch_400(client, medewerker, geboekt):
    client.force_login(medewerker)
    for datum in ("morgen", "2026-02-31", "9" * 50):
        assert client.get(f"/balie/afspraken/?datum={datum}").status_code == 400
    assert client.post(f"/balie/afspraken/{geboekt.pk}/weg/").status_code == 404


def test_the_avg_inzageverzoek_lists_the_residents_appointments(client, beheerder, geboekt):
    import json

    client.force_login(beheerder)
    inwoner_id = geboekt.hulpvraag.inwoner_id
    gegevens = json.loads(
        client.get(f"/privacy/inzageverzoek/{inwoner_id}/", {"formaat": "json"}).content
    )
    [afspraak] = gegevens["hulpvragen"][0]["bezoekafspraken"]
    assert afspraak["afspraaknummer"] == geboekt.referentie
    assert afspraak["telefoon"] == "06 12345678" and afspraak["naam"] == "Gerda Jansen"
    pagina = client.get(f"/privacy/inzageverzoek/{inwoner_id}/").content.decode()
    assert "Afspraken aan de balie" in pagina and geboekt.referentie in pagina


# --- the coordinator's settings where the rota is managed --------------------------------------


def test_the_coordinator_sets_the_walk_in_reserve_on_the_rota_and_lapsed_residents_are_told(
    client, coordinator, medewerker, dinxperlo
):
    afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", email="gerda@example.org")
    client.force_login(coordinator)
    pagina = client.get("/balie/rooster/?week=2026-12-07").content.decode()
    assert 'name="inloopreserve"' in pagina
    antwoord = client.post(
        "/balie/rooster/afspraken/dinxperlo/", {"inloopreserve": "3", "afspraakduur": "30"}
    )
    assert antwoord.status_code == 302
    dinxperlo.refresh_from_db()
    afspraak.refresh_from_db()
    assert dinxperlo.inloopreserve == 3
    assert afspraak.status == Bezoekafspraak.Status.VERVALLEN
    # Bad input: a Dutch message, nothing changed; a medewerker may not.
    client.post("/balie/rooster/afspraken/dinxperlo/", {"inloopreserve": "-1", "afspraakduur": "x"})
    dinxperlo.refresh_from_db()
    assert (dinxperlo.inloopreserve, dinxperlo.afspraakduur) == (3, 30)
    client.force_login(medewerker)
    assert (
        client.post(
            "/balie/rooster/afspraken/dinxperlo/", {"inloopreserve": "0", "afspraakduur": "30"}
        ).status_code
        == 403
    )


def test_the_status_page_shows_the_appointment_to_come_and_the_ways_to_ask_link_here(
    resident, geboekt
):
    html = resident.get(geboekt.hulpvraag.status_url).content.decode()
    assert "woensdag 9 december, 9:00–9:30" in html and geboekt.referentie in html
    assert 'href="/afspraak-maken/"' in resident.get("/vraag-stellen/").content.decode()


def test_a_bot_filling_the_hidden_field_books_nothing(resident, dinxperlo):
    antwoord = resident.post(URL, gegevens(website="http://spam.example"))
    assert antwoord.status_code == 200
    assert not Bezoekafspraak.objects.exists() and not Hulpvraag.objects.exists()


def test_the_case_page_lists_its_appointments_with_a_link_to_the_day(client, medewerker, geboekt):
    client.force_login(medewerker)
    html = client.get(geboekt.hulpvraag.get_absolute_url()).content.decode()
    assert "Afspraken aan de balie" in html and geboekt.referentie in html
    assert "/balie/afspraken/?locatie=dinxperlo&amp;datum=2026-12-09" in html


def test_double_submit_of_the_last_place_shows_the_booking_not_a_full_time(resident, dinxperlo):
    dinxperlo.inloopreserve = 2  # one place per time
    dinxperlo.save()
    formulier = gegevens()
    eerste = resident.post(URL, formulier)
    tweede = resident.post(URL, formulier)
    assert eerste.status_code == tweede.status_code == 303
    assert eerste["Location"] == tweede["Location"]
    assert Bezoekafspraak.objects.count() == 1
    for rommel in ("", "geen-uuid", "x" * 5000):
        assert resident.post(URL, gegevens(inzending=rommel)).status_code == 400
