"""Terugbelverzoek (call-back): the windows a resident may choose, across Christmas and a
DST switch; the retry plan; the resident's e-mail after three failed tries, once; the
coordinators told of an overdue window, once; joining the resident's case."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from intake.models import (
    Gebeurtenis,
    Hulpvraag,
    OngeldigeOvergang,
    Route,
    Status,
    Terugbelpoging,
    Terugbelverzoek,
    terugbelvensters,
    venster_controleren,
)
from intake.services.hulpvraag import hulpvraag_sluiten, terugbelverzoek_indienen
from intake.services.terugbellen import (
    niet_bereikt_melden,
    terugbellen_te_laat_melden,
    terugbellen_vastleggen,
    terugbelverzoek_oppakken,
)
from intake.tasks import terugbellen_niet_bereikt, terugbellen_te_laat
from locaties.models import Uitzondering, UitzonderingSoort
from tests.accounts.factories import UserFactory
from tests.intake.factories import (
    HulpvraagFactory,
    InwonerFactory,
    terugbelverzoek_maken,
    voordeur_openen,
)
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht, Mail, UitgaandeTaak

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def om(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def voordeur(db):
    return voordeur_openen()


def reis(moment):
    return time_machine.travel(moment, tick=False)


# --- the windows ----------------------------------------------------------------------------


def test_windows_skip_christmas_the_weekend_and_new_year(voordeur):
    with reis(om(2026, 12, 24, 14)):
        vensters = terugbelvensters()
    dagen = {v.datum for v in vensters}
    # Christmas Eve is a working day; its morning is over at 14:00.
    assert [(v.datum, v.dagdeel) for v in vensters[:3]] == [
        (date(2026, 12, 24), "middag"),
        (date(2026, 12, 28), "ochtend"),
        (date(2026, 12, 28), "middag"),
    ]
    for vrij in (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27), date(2027, 1, 1)):
        assert vrij not in dagen
    assert date(2026, 12, 31) in dagen and date(2027, 1, 4) in dagen


def test_window_of_today_disappears_when_it_ends(voordeur):
    with reis(om(2026, 12, 24, 12, 29)):
        assert terugbelvensters()[0].dagdeel == "ochtend"
    with reis(om(2026, 12, 24, 12, 31)):
        assert terugbelvensters()[0].dagdeel == "middag"


def test_windows_reach_four_weeks_ahead_and_no_further(voordeur):
    with reis(om(2026, 12, 7, 8)):
        vensters = terugbelvensters()
    assert vensters[0].datum == date(2026, 12, 7)
    assert vensters[-1].datum == date(2027, 1, 4)  # 7 December + 28 days


def test_window_spans_the_openings_of_every_location(voordeur):
    # Wednesday: Dinxperlo opens at 8:30, the Hofstraat at 9:00.
    with reis(om(2026, 12, 8, 18)):
        woensdag = [v for v in terugbelvensters() if v.datum == date(2026, 12, 9)]
    assert [
        (v.dagdeel, v.start.astimezone(AMS).hour, v.start.astimezone(AMS).minute) for v in woensdag
    ] == [
        ("ochtend", 8, 30),
        ("middag", 13, 30),
    ]
    assert woensdag[0].tekst == "woensdag 9 december, ochtend (8:30–12:30)"


def test_windows_keep_local_hours_across_the_dst_switch(voordeur):
    # Summer time starts on Sunday 28 March 2027, Easter Day, between Goede vrijdag and
    # Tweede paasdag (both days off by the working-day calendar): 9:00 is 8:00 UTC on the
    # Thursday before, 7:00 UTC on the Tuesday after.
    with reis(om(2027, 3, 25, 8)):
        vensters = terugbelvensters()
    donderdag, volgende = vensters[0], vensters[2]
    assert donderdag.start.astimezone(UTC).hour == 8
    assert (volgende.datum, volgende.dagdeel) == (date(2027, 3, 30), "ochtend")
    assert volgende.start.astimezone(UTC).hour == 7
    assert volgende.tekst == "dinsdag 30 maart, ochtend (9:00–12:30)"


def test_a_closure_of_the_front_door_removes_its_window(voordeur):
    hofstraat, _ = voordeur
    Uitzondering.objects.create(
        locatie=hofstraat,
        datum=date(2026, 12, 31),
        soort=UitzonderingSoort.GESLOTEN,
        dagdeel="middag",
        reden="Oudjaar",
    )
    with reis(om(2026, 12, 28)):
        oudjaar = [v.dagdeel for v in terugbelvensters() if v.datum == date(2026, 12, 31)]
        assert oudjaar == ["ochtend"]
        with pytest.raises(ValidationError) as fout:
            venster_controleren("2026-12-31-middag")
    assert fout.value.code == "gesloten"
    assert "niet open" in fout.value.messages[0]


@pytest.mark.parametrize(
    ("waarde", "code", "woorden"),
    [
        ("2026-12-23-middag", "voorbij", "voorbij"),
        ("2026-12-24-ochtend", "voorbij", "al voorbij"),
        ("2026-12-25-ochtend", "feestdag", "Eerste kerstdag"),
        ("2027-01-01-middag", "feestdag", "Nieuwjaarsdag"),
        ("2026-12-27-ochtend", "weekend", "weekend"),
        ("2027-01-22-ochtend", "te_ver", "4 weken"),
        ("2026-12-28-avond", "onbekend", "uit de lijst"),
        ("2026-13-45-ochtend", "onbekend", "uit de lijst"),
        ("morgen", "onbekend", "uit de lijst"),
        ("２０２６-12-28-ochtend", "onbekend", "uit de lijst"),
        ("", "onbekend", "uit de lijst"),
    ],
)
def test_a_window_that_cannot_be_chosen_says_why_in_dutch(voordeur, waarde, code, woorden):
    with reis(om(2026, 12, 24, 14)), pytest.raises(ValidationError) as fout:
        venster_controleren(waarde)
    assert fout.value.code == code
    assert woorden in fout.value.messages[0]


def test_a_window_offered_is_accepted(voordeur):
    with reis(om(2026, 12, 24, 14)):
        for venster in terugbelvensters():
            assert venster_controleren(venster.waarde) == venster


# --- joining the resident's case -----------------------------------------------------------


def test_website_call_back_joins_the_open_case_with_the_same_number(voordeur):
    bestaand = HulpvraagFactory(inwoner=InwonerFactory(telefoon="06-12345678"))
    with reis(om(2026, 12, 24, 14)):
        verzoek, nieuw = terugbelverzoek_indienen(
            venster=venster_controleren("2026-12-28-ochtend"),
            telefoon="+31 6 12345678",
            naam="Gerda",
            via=Terugbelverzoek.Via.WEBSITE,
        )
    assert nieuw and verzoek.hulpvraag == bestaand and not verzoek.nieuwe_hulpvraag
    assert Hulpvraag.objects.count() == 1
    regel = bestaand.tijdlijn.get(soort=Gebeurtenis.Soort.TERUGBELLEN)
    assert "maandag 28 december, ochtend" in regel.tekst


def test_website_call_back_opens_a_new_case_when_the_old_one_is_closed(voordeur, medewerker):
    oud = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0612345678"))
    oud.wijs_toe(medewerker, door=medewerker)
    hulpvraag_sluiten(hulpvraag=oud, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Klaar")
    with reis(om(2026, 12, 24, 14)):
        verzoek, _ = terugbelverzoek_indienen(
            venster=venster_controleren("2026-12-24-middag"),
            telefoon="06 12345678",
            naam="Gerda",
            email="gerda@example.org",
            notitie="Over de huur",
            via=Terugbelverzoek.Via.WEBSITE,
        )
    nieuw = verzoek.hulpvraag
    assert nieuw != oud and verzoek.nieuwe_hulpvraag
    assert (nieuw.kanaal, nieuw.vraag, nieuw.inwoner.naam) == ("website", "Over de huur", "Gerda")
    assert nieuw.contactvoorkeur == "telefoon" and nieuw.contacttijd == "middag"


def test_the_same_form_twice_makes_one_call_back(voordeur):
    import uuid

    inzending = uuid.uuid4()
    with reis(om(2026, 12, 24, 14)):
        velden = {
            "venster": venster_controleren("2026-12-28-ochtend"),
            "telefoon": "06 12345678",
            "naam": "Gerda",
            "via": Terugbelverzoek.Via.WEBSITE,
            "inzending": inzending,
        }
        eerste, nieuw = terugbelverzoek_indienen(**velden)
        tweede, opnieuw = terugbelverzoek_indienen(**velden)
    assert nieuw and not opnieuw and eerste == tweede
    assert Terugbelverzoek.objects.count() == 1 and Hulpvraag.objects.count() == 1


# --- calling back ---------------------------------------------------------------------------


def test_reached_ends_the_call_back_with_a_contactmoment(voordeur, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
    with reis(om(2026, 12, 24, 14, 30)):
        terugbellen_vastleggen(
            verzoek=verzoek, door=medewerker, poging=1, bereikt=True, notitie="Afspraak gemaakt"
        )
    verzoek.refresh_from_db()
    hulpvraag = verzoek.hulpvraag
    hulpvraag.refresh_from_db()
    assert verzoek.status == Terugbelverzoek.Status.BEREIKT
    assert verzoek.pogingen.get().op_tijd
    assert hulpvraag.eerste_contact_op is not None and hulpvraag.vast_aanspreekpunt == medewerker
    contact = hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.CONTACTMOMENT)
    assert contact.kanaal == "telefoon" and "bereikt. Afspraak gemaakt" in contact.tekst


def test_not_reached_plans_the_next_window_over_christmas_then_stops_after_three(
    voordeur, medewerker, django_capture_on_commit_callbacks
):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag", email="gerda@example.org")
    with reis(om(2026, 12, 24, 16)):
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=False)
    assert (verzoek.datum, verzoek.dagdeel, verzoek.status) == (
        date(2026, 12, 28),
        "ochtend",
        "open",
    )
    with reis(om(2026, 12, 28, 10)):
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=2, bereikt=False)
    assert (verzoek.datum, verzoek.dagdeel) == (date(2026, 12, 28), "middag")
    assert not Mail.objects.exists()
    with reis(om(2026, 12, 28, 15)), django_capture_on_commit_callbacks(execute=True):
        terugbellen_vastleggen(
            verzoek=verzoek, door=medewerker, poging=3, bereikt=False, notitie="Voicemail"
        )
    verzoek.refresh_from_db()
    assert verzoek.status == Terugbelverzoek.Status.NIET_BEREIKT and verzoek.mislukt == 3
    assert list(verzoek.pogingen.values_list("nummer", "bereikt")) == [
        (1, False),
        (2, False),
        (3, False),
    ]
    teksten = list(
        verzoek.hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.TERUGBELLEN).values_list(
            "tekst", flat=True
        )
    )
    assert "Volgende poging: maandag 28 december, ochtend" in teksten[1]
    assert "Niet bereikt na 3 pogingen" in teksten[-1] and "Voicemail" in teksten[-1]
    # The outbox carried the task; it ran after commit and mailed the resident once.
    assert UitgaandeTaak.objects.filter(taak="intake.tasks.terugbellen_niet_bereikt").count() == 1
    mail = Mail.objects.get()
    assert mail.aan == "gerda@example.org" and "niet bereiken" in mail.onderwerp
    assert verzoek.hulpvraag.referentie not in mail.tekst


def test_the_third_failure_message_is_sent_once_however_often_the_task_runs(voordeur, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
    verzoek.hulpvraag.inwoner.email = "bekend@example.org"
    verzoek.hulpvraag.inwoner.save()
    with reis(om(2026, 12, 28, 16)):
        for poging in (1, 2, 3):
            terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=poging, bereikt=False)
    assert terugbellen_niet_bereikt(verzoek.pk) is True
    assert terugbellen_niet_bereikt(verzoek.pk) is False
    assert niet_bereikt_melden(terugbelverzoek_id=verzoek.pk) is False
    assert list(Mail.objects.values_list("aan", flat=True)) == ["bekend@example.org"]


def test_no_message_without_an_e_mail_address_and_none_while_still_open(voordeur, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
        verzoek.hulpvraag.inwoner.email = ""
        verzoek.hulpvraag.inwoner.save()
        assert niet_bereikt_melden(terugbelverzoek_id=verzoek.pk) is False  # still open
        for poging in (1, 2, 3):
            terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=poging, bereikt=False)
    assert niet_bereikt_melden(terugbelverzoek_id=verzoek.pk) is False
    assert not Mail.objects.exists()


def test_the_next_try_after_the_dst_switch_is_at_local_nine(voordeur, medewerker):
    with reis(om(2027, 3, 25, 14)):
        verzoek = terugbelverzoek_maken(venster="2027-03-25-middag")
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=False)
    # Past Goede vrijdag, the weekend and Tweede paasdag, into summer time.
    assert verzoek.datum == date(2027, 3, 30)
    assert verzoek.venster_start == datetime(2027, 3, 30, 7, 0, tzinfo=UTC)
    assert verzoek.venster_einde == datetime(2027, 3, 30, 10, 30, tzinfo=UTC)


def test_the_same_try_posted_twice_is_recorded_once(voordeur, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=False)
        with pytest.raises(OngeldigeOvergang, match="al vastgelegd"):
            terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=False)
    assert Terugbelpoging.objects.count() == 1
    verzoek.refresh_from_db()
    assert verzoek.mislukt == 1


def test_a_call_back_taken_by_a_colleague_is_not_taken_over(voordeur, medewerker):
    collega = UserFactory(rol=Rol.MEDEWERKER)
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
        terugbelverzoek_oppakken(verzoek=verzoek, door=medewerker)
        with pytest.raises(OngeldigeOvergang, match="al opgepakt"):
            terugbelverzoek_oppakken(verzoek=verzoek, door=collega)
    verzoek.refresh_from_db()
    assert verzoek.opgepakt_door == medewerker
    assert verzoek.hulpvraag.tijdlijn.filter(tekst__contains="opgepakt door").count() == 1


def test_a_partner_cannot_call_back(voordeur, partner_a):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
        with pytest.raises(OngeldigeOvergang):
            verzoek.gebeld(door=partner_a, poging=1, bereikt=True)
    assert not Terugbelpoging.objects.exists()


# --- the overdue alert -----------------------------------------------------------------------


def test_an_overdue_window_alerts_the_coordinators_once(voordeur, coordinator, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
    with reis(om(2026, 12, 24, 16, 59)):
        assert terugbellen_te_laat_melden() == 0
    with reis(om(2026, 12, 24, 17, 2)):
        assert terugbellen_te_laat() == 1  # the beat task
        assert terugbellen_te_laat() == 0  # ran twice: nothing more
    bericht = Bericht.objects.get()
    assert bericht.ontvanger == coordinator and verzoek.hulpvraag.referentie in bericht.onderwerp
    assert bericht.link == verzoek.get_absolute_url()
    # Christmas Day and the weekend: no alerts at all, also not for new ones.
    with reis(om(2026, 12, 25, 10)):
        terugbelverzoek_maken(venster="2026-12-28-ochtend")
    for dag in (25, 26, 27):
        with reis(om(2026, 12, dag, 17, 2)):
            assert terugbellen_te_laat_melden() == 0
    # The late call made, not reached: the next window late again is told again.
    with reis(om(2026, 12, 28, 9)):
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=False)
    assert (verzoek.datum, verzoek.dagdeel) == (date(2026, 12, 28), "ochtend")
    with reis(om(2026, 12, 28, 12, 47)):
        assert terugbellen_te_laat_melden() == 2  # the retry and the other request
        assert terugbellen_te_laat_melden() == 0
    assert Bericht.objects.count() == 3


def test_no_alert_is_lost_while_there_is_no_coordinator(voordeur):
    with reis(om(2026, 12, 24, 14)):
        terugbelverzoek_maken(venster="2026-12-24-middag")
    with reis(om(2026, 12, 24, 17, 2)):
        assert terugbellen_te_laat_melden() == 0
        UserFactory(rol=Rol.COORDINATOR)
        assert terugbellen_te_laat_melden() == 1


def test_a_handled_call_back_is_never_overdue(voordeur, coordinator, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-24-middag")
        terugbellen_vastleggen(verzoek=verzoek, door=medewerker, poging=1, bereikt=True)
    with reis(om(2026, 12, 28, 10)):
        assert terugbellen_te_laat_melden() == 0
    assert not Terugbelverzoek.objects.te_laat(om(2026, 12, 28, 10)).exists()
    assert verzoek.hulpvraag.status == Status.IN_BEHANDELING


def test_closing_the_case_ends_its_open_call_back(voordeur, coordinator, medewerker):
    with reis(om(2026, 12, 24, 14)):
        verzoek = terugbelverzoek_maken(venster="2026-12-28-ochtend")
        hulpvraag = verzoek.hulpvraag
        hulpvraag.wijs_toe(medewerker, door=medewerker)
        hulpvraag_sluiten(
            hulpvraag=hulpvraag, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Geholpen"
        )
    verzoek.refresh_from_db()
    assert verzoek.status == Terugbelverzoek.Status.VERVALLEN and verzoek.afgehandeld_op
    assert not Terugbelverzoek.objects.open().exists()
    assert (
        hulpvraag.tijdlijn.filter(tekst__contains="vervallen: de hulpvraag is afgerond").count()
        == 1
    )
    with reis(om(2026, 12, 28, 13)):
        assert terugbellen_te_laat_melden() == 0
