"""Bezoekafspraken (a resident's booked visit to the front door): the times on offer from
the openings and the rota less the walk-in reserve, across Christmas and a DST switch;
every refused time with its Dutch reason; booking, double submit, joining the case; the
last place taken by two threads at once; a rota change that takes a booked time away; the
confirmation with its .ics; the reminder the working day before, once; the counter's
no-show."""

import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from intake.models import (
    Bezoekafspraak,
    Gebeurtenis,
    Hulpvraag,
    OngeldigeOvergang,
    TijdvakVol,
    tijdvak_controleren,
    tijdvakken,
    vrije_tijdvakken,
)
from intake.services.bezoekafspraken import (
    bezoekafspraak_afhandelen,
    bezoekafspraak_boeken,
    bezoekafspraak_verplaatsen,
)
from intake.tasks import bezoekafspraken_herinneren
from locaties.models import TerugkerendeDienst, Uitzondering, UitzonderingSoort
from locaties.services import dienst_verwijderen, terugkerende_dienst_stoppen
from tests.accounts.factories import UserFactory
from tests.intake.factories import (
    HulpvraagFactory,
    InwonerFactory,
    bezoekafspraak_maken,
    rooster_vullen,
    voordeur_openen,
)
from toegang.accounts.roles import Rol
from toegang.berichten.models import Mail
from toegang.berichten.services import mails_versturen

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
WOENSDAG = date(2026, 12, 9)


def om(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def reis(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def voordeur(db):
    return voordeur_openen()


@pytest.fixture
def dinxperlo(voordeur):
    """Dinxperlo on Wednesday 9 December: three people on the rota, one kept for walk-ins."""
    _, dinxperlo = voordeur
    rooster_vullen(dinxperlo, WOENSDAG, "ochtend", 3)
    return dinxperlo


def starttijden(vakken) -> list[str]:
    return [v.start.astimezone(AMS).strftime("%H:%M") for v in vakken]


# --- the times on offer ---------------------------------------------------------------------


def test_places_per_time_are_the_rota_less_the_walk_in_reserve(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        vakken = vrije_tijdvakken(dinxperlo)
    assert starttijden(vakken) == ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert {v.capaciteit for v in vakken} == {2}
    assert vakken[0].tekst == "woensdag 9 december, 8:30–9:00"


def test_a_larger_walk_in_reserve_leaves_fewer_places_and_then_none(dinxperlo):
    dinxperlo.inloopreserve = 2
    dinxperlo.save()
    with reis(om(2026, 12, 7, 8)):
        assert {v.capaciteit for v in vrije_tijdvakken(dinxperlo)} == {1}
    dinxperlo.inloopreserve = 3
    dinxperlo.save()
    with reis(om(2026, 12, 7, 8)):
        assert vrije_tijdvakken(dinxperlo) == []


def test_an_opening_without_people_on_the_rota_offers_nothing(voordeur):
    hofstraat, _ = voordeur
    rooster_vullen(hofstraat, date(2026, 12, 8), "middag", 1)  # only the walk-in reserve
    with reis(om(2026, 12, 7, 8)):
        assert vrije_tijdvakken(hofstraat) == []


def test_the_length_of_a_time_is_set_per_location(dinxperlo):
    dinxperlo.afspraakduur = 45
    dinxperlo.save()
    with reis(om(2026, 12, 7, 8)):
        # 8:30 to 12:00 holds four times of 45 minutes; the last quarter is left for walk-ins.
        assert starttijden(vrije_tijdvakken(dinxperlo)) == ["08:30", "09:15", "10:00", "10:45"]


def test_no_times_on_christmas_the_weekend_or_new_year_and_none_begun(voordeur):
    hofstraat, _ = voordeur
    for dag in (24, 25, 26, 28, 31):
        for dagdeel in ("ochtend", "middag"):
            rooster_vullen(hofstraat, date(2026, 12, dag), dagdeel, 2)
    rooster_vullen(hofstraat, date(2027, 1, 1), "ochtend", 2)
    with reis(om(2026, 12, 24, 14, 10)):
        vakken = vrije_tijdvakken(hofstraat)
    dagen = {v.datum for v in vakken}
    assert dagen == {date(2026, 12, 24), date(2026, 12, 28), date(2026, 12, 31)}
    # Christmas Eve: the afternoon, from the first time not yet begun.
    assert starttijden(vakken)[:2] == ["14:30", "15:00"]
    assert vakken[0].datum == date(2026, 12, 24)


def test_times_keep_local_hours_across_the_dst_switch(voordeur):
    hofstraat, _ = voordeur
    rooster_vullen(hofstraat, date(2027, 3, 25), "ochtend", 2)  # winter time
    rooster_vullen(hofstraat, date(2027, 3, 30), "ochtend", 2)  # summer time
    with reis(om(2027, 3, 25, 7)):
        vakken = vrije_tijdvakken(hofstraat)
    donderdag = [v for v in vakken if v.datum == date(2027, 3, 25)]
    dinsdag = [v for v in vakken if v.datum == date(2027, 3, 30)]
    assert donderdag[0].start.astimezone(UTC).hour == 8
    assert dinsdag[0].start.astimezone(UTC).hour == 7
    assert dinsdag[0].tekst == "dinsdag 30 maart, 9:00–9:30"
    assert len(donderdag) == len(dinsdag) == 7


def test_times_reach_four_weeks_ahead_and_no_further(voordeur):
    hofstraat, _ = voordeur
    rooster_vullen(hofstraat, date(2027, 1, 4), "ochtend", 2)
    rooster_vullen(hofstraat, date(2027, 1, 5), "ochtend", 2)
    with reis(om(2026, 12, 7, 8)):
        assert {v.datum for v in vrije_tijdvakken(hofstraat)} == {date(2027, 1, 4)}


def test_a_closure_takes_the_times_of_that_opening_away(dinxperlo):
    Uitzondering.objects.create(
        locatie=dinxperlo, datum=WOENSDAG, soort=UitzonderingSoort.GESLOTEN, reden="Teamdag"
    )
    with reis(om(2026, 12, 7, 8)):
        assert vrije_tijdvakken(dinxperlo) == []


@pytest.mark.parametrize(
    ("waarde", "code", "woorden"),
    [
        ("2026-12-09T08:00", "voorbij", "voorbij"),
        ("2026-12-25T09:00", "feestdag", "Eerste kerstdag"),
        ("2027-01-20T09:00", "te_ver", "4 weken"),
        ("2026-12-16T18:00", "gesloten", "geen afspraak"),
        ("2026-12-16T08:45", "gesloten", "geen afspraak"),
        ("2026-12-16T25:00", "onbekend", "uit de lijst"),
        ("<script>alert(1)</script>", "onbekend", "uit de lijst"),
        ("'; DROP TABLE intake_bezoekafspraak; --", "onbekend", "uit de lijst"),
        ("", "onbekend", "uit de lijst"),
    ],
)
def test_a_time_that_cannot_be_chosen_says_why_in_dutch(dinxperlo, waarde, code, woorden):
    rooster_vullen(dinxperlo, date(2026, 12, 16), "ochtend", 2)
    with reis(om(2026, 12, 9, 8, 15)), pytest.raises(ValidationError) as fout:
        tijdvak_controleren(dinxperlo, waarde)
    assert fout.value.code == code
    assert woorden in fout.value.messages[0]


def test_every_time_offered_is_accepted(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        for tijdvak in vrije_tijdvakken(dinxperlo):
            assert tijdvak_controleren(dinxperlo, tijdvak.waarde) == tijdvak


# --- booking --------------------------------------------------------------------------------


def test_a_booking_opens_a_case_and_takes_a_place(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", notitie="Over de huur")
        vak = next(
            v for v in tijdvakken(dinxperlo, WOENSDAG, WOENSDAG) if v.waarde.endswith("09:00")
        )
    assert (vak.capaciteit, vak.geboekt, vak.vrij) == (2, 1, 1)
    assert afspraak.nieuwe_hulpvraag and afspraak.referentie.startswith("A-")
    assert afspraak.hulpvraag.kanaal == "website" and afspraak.hulpvraag.vraag == "Over de huur"
    regel = afspraak.hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.BEZOEKAFSPRAAK)
    assert "woensdag 9 december, 9:00–9:30" in regel.tekst


def test_a_booking_joins_the_open_case_with_the_same_number(dinxperlo):
    bestaand = HulpvraagFactory(inwoner=InwonerFactory(telefoon="06-12345678"))
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", telefoon="+31 6 12345678")
    assert afspraak.hulpvraag == bestaand and not afspraak.nieuwe_hulpvraag
    assert Hulpvraag.objects.count() == 1


def test_the_same_form_twice_books_once(dinxperlo):
    import uuid

    inzending = uuid.uuid4()
    with reis(om(2026, 12, 7, 8)):
        eerste = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", inzending=inzending)
        tweede = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", inzending=inzending)
    assert eerste == tweede and Bezoekafspraak.objects.count() == 1


def test_a_full_time_offers_the_next_free_one_and_stores_nothing(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", telefoon="0612345671")
        vol = tijdvak_controleren(dinxperlo, "2026-12-09T09:00")
        bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", telefoon="0612345672")
        with pytest.raises(TijdvakVol) as fout:
            bezoekafspraak_boeken(locatie=dinxperlo, start=vol.start, telefoon="0612345673")
    assert fout.value.volgende.waarde == "2026-12-09T09:30"
    assert "9:30" in fout.value.messages[0]
    assert Bezoekafspraak.objects.count() == 2 and Hulpvraag.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_residents_booking_the_last_place_at_once_one_gets_it(dinxperlo):
    """Two threads, two connections, released together on the last place of 11:30."""
    with reis(om(2026, 12, 7, 8)):
        bezoekafspraak_maken(dinxperlo, "2026-12-09T11:30", telefoon="0612345670")
        laatste = tijdvak_controleren(dinxperlo, "2026-12-09T11:30")
    samen = threading.Barrier(2)
    uitkomsten: dict[str, object] = {}

    def boeken(telefoon):
        try:
            with reis(om(2026, 12, 7, 8)):
                samen.wait()
                uitkomsten[telefoon] = bezoekafspraak_boeken(
                    locatie=dinxperlo, start=laatste.start, telefoon=telefoon, naam="Buur"
                )[0]
        except TijdvakVol as fout:
            uitkomsten[telefoon] = fout
        finally:
            connection.close()

    draden = [threading.Thread(target=boeken, args=(t,)) for t in ("0612345671", "0612345672")]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    geboekt = [u for u in uitkomsten.values() if isinstance(u, Bezoekafspraak)]
    vol = [u for u in uitkomsten.values() if isinstance(u, TijdvakVol)]
    assert len(geboekt) == 1 and len(vol) == 1
    # 11:30 was the last time that morning: the next free one is another opening, or none.
    assert vol[0].volgende is None or vol[0].volgende.start > laatste.start
    assert Bezoekafspraak.objects.filter(start=laatste.start).count() == 2
    # The loser stored nothing: no case of its own.
    assert Hulpvraag.objects.count() == 2


# --- moving, cancelling ----------------------------------------------------------------------


def test_moving_frees_the_old_place_and_takes_the_new_one(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
        nieuw = tijdvak_controleren(dinxperlo, "2026-12-09T10:00", behalve=afspraak.pk)
        bezoekafspraak_verplaatsen(afspraak=afspraak, start=nieuw.start)
        geboekt = {v.waarde[-5:]: v.geboekt for v in tijdvakken(dinxperlo, WOENSDAG, WOENSDAG)}
    assert geboekt["09:00"] == 0 and geboekt["10:00"] == 1
    afspraak.refresh_from_db()
    assert afspraak.start == nieuw.start and afspraak.status == Bezoekafspraak.Status.GEPLAND


def test_a_cancelled_appointment_cannot_be_moved_or_cancelled_again(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
        afspraak.annuleren()
        with pytest.raises(OngeldigeOvergang):
            afspraak.annuleren()
        with pytest.raises(OngeldigeOvergang):
            bezoekafspraak_verplaatsen(afspraak=afspraak, start=afspraak.start)
        assert vrije_tijdvakken(dinxperlo)[1].vrij == 2  # 9:00 free again


# --- the confirmation, the reminder ----------------------------------------------------------


def test_the_confirmation_mail_carries_the_reference_and_an_ics(
    dinxperlo, django_capture_on_commit_callbacks
):
    with reis(om(2026, 12, 7, 8)), django_capture_on_commit_callbacks(execute=True):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", email="gerda@example.org")
    bevestiging = Mail.objects.get(sleutel__contains=":bevestiging:")
    assert afspraak.referentie in bevestiging.tekst and afspraak.token in bevestiging.tekst
    mails_versturen(ids=[bevestiging.pk])
    naam, inhoud, soort = mail.outbox[-1].attachments[0]
    assert (naam, soort) == ("afspraak.ics", "text/calendar")
    [gebeurtenis] = icalendar.Calendar.from_ical(inhoud).walk("VEVENT")
    assert gebeurtenis.decoded("DTSTART") == afspraak.start
    assert "Dinxperlo" in str(gebeurtenis["LOCATION"]) or dinxperlo.straat in str(
        gebeurtenis["LOCATION"]
    )


def test_no_confirmation_without_an_address(dinxperlo, django_capture_on_commit_callbacks):
    with reis(om(2026, 12, 7, 8)), django_capture_on_commit_callbacks(execute=True):
        bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
    assert not Mail.objects.exists()


def test_the_reminder_is_sent_the_working_day_before_once_however_often_it_runs(voordeur):
    hofstraat, _ = voordeur
    rooster_vullen(hofstraat, date(2026, 12, 28), "ochtend", 2)
    with reis(om(2026, 12, 23, 9)):
        afspraak = bezoekafspraak_maken(hofstraat, "2026-12-28T09:30", email="gerda@example.org")
    # Wednesday 23rd: Monday 28th is two working days away.
    with reis(om(2026, 12, 23, 10)):
        assert bezoekafspraken_herinneren.delay().get() == 0
    # Christmas Day: no run on a holiday.
    with reis(om(2026, 12, 25, 10)):
        assert bezoekafspraken_herinneren.delay().get() == 0
    # Christmas Eve is the working day before Monday 28th; the task runs twice.
    with reis(om(2026, 12, 24, 10)):
        assert bezoekafspraken_herinneren.delay().get() == 1
        assert bezoekafspraken_herinneren.delay().get() == 0
    herinneringen = Mail.objects.filter(sleutel__contains=":herinnering:")
    assert herinneringen.count() == 1
    assert afspraak.referentie in herinneringen.get().tekst


def test_a_moved_appointment_is_reminded_of_its_new_time(voordeur):
    hofstraat, _ = voordeur
    rooster_vullen(hofstraat, date(2026, 12, 8), "ochtend", 2)
    with reis(om(2026, 12, 4, 9)):
        afspraak = bezoekafspraak_maken(hofstraat, "2026-12-08T09:00", email="gerda@example.org")
    with reis(om(2026, 12, 7, 10)):
        assert bezoekafspraken_herinneren.delay().get() == 1
        nieuw = tijdvak_controleren(hofstraat, "2026-12-08T11:00", behalve=afspraak.pk)
        bezoekafspraak_verplaatsen(afspraak=afspraak, start=nieuw.start)
        assert bezoekafspraken_herinneren.delay().get() == 1
    assert Mail.objects.filter(sleutel__contains=":herinnering:").count() == 2


# --- the rota changes ------------------------------------------------------------------------


def test_a_rota_change_that_takes_a_booked_time_away_tells_the_resident(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        eerste = bezoekafspraak_maken(
            dinxperlo, "2026-12-09T09:00", email="a@example.org", telefoon="0612345671"
        )
        tweede = bezoekafspraak_maken(
            dinxperlo, "2026-12-09T09:00", email="b@example.org", telefoon="0612345672"
        )
        anders = bezoekafspraak_maken(dinxperlo, "2026-12-09T10:00", telefoon="0612345673")
        # One of three people goes: one place per time is left, the latest booking lapses.
        dienst = dinxperlo.diensten.first()
        dienst_verwijderen(dienst=dienst)
    for afspraak in (eerste, tweede, anders):
        afspraak.refresh_from_db()
    assert eerste.status == anders.status == Bezoekafspraak.Status.GEPLAND
    assert tweede.status == Bezoekafspraak.Status.VERVALLEN
    bericht = Mail.objects.get(sleutel__contains=":vervallen:")
    assert bericht.aan == "b@example.org" and tweede.token in bericht.tekst
    assert "niet doorgaan" in bericht.tekst
    assert tweede.hulpvraag.tijdlijn.filter(tekst__contains="gaat niet door").exists()
    # The resident chooses another time through the link.
    with reis(om(2026, 12, 7, 9)):
        nieuw = tijdvak_controleren(dinxperlo, "2026-12-09T11:00", behalve=tweede.pk)
        bezoekafspraak_verplaatsen(afspraak=tweede, start=nieuw.start)
    tweede.refresh_from_db()
    assert tweede.status == Bezoekafspraak.Status.GEPLAND


def test_a_stopped_recurring_shift_takes_its_appointments_along(dinxperlo):
    medewerkers = [d.medewerker for d in dinxperlo.diensten.all()]
    reeks = TerugkerendeDienst.objects.create(
        medewerker=medewerkers[0],
        locatie=dinxperlo,
        weekdag=2,
        dagdeel="ochtend",
        van=WOENSDAG,
        tot=date(2027, 1, 27),
    )
    dinxperlo.diensten.filter(medewerker=medewerkers[0]).update(terugkerende_dienst=reeks)
    rooster_vullen(dinxperlo, WOENSDAG, "ochtend", 0)
    with reis(om(2026, 12, 7, 8)):
        afspraken = [
            bezoekafspraak_maken(dinxperlo, "2026-12-09T08:30", telefoon=f"061234567{i}")
            for i in range(2)
        ]
        terugkerende_dienst_stoppen(reeks=reeks)
    statussen = sorted(Bezoekafspraak.objects.values_list("status", flat=True))
    assert statussen == ["gepland", "vervallen"]
    assert afspraken[1].hulpvraag.tijdlijn.filter(tekst__contains="gaat niet door").exists()


def test_a_closure_entered_in_beheer_lapses_appointments_before_the_reminders(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00", email="a@example.org")
    Uitzondering.objects.create(
        locatie=dinxperlo, datum=WOENSDAG, soort=UitzonderingSoort.GESLOTEN, reden="Storing"
    )
    with reis(om(2026, 12, 8, 10)):
        assert bezoekafspraken_herinneren.delay().get() == 0
    afspraak.refresh_from_db()
    assert afspraak.status == Bezoekafspraak.Status.VERVALLEN
    assert Mail.objects.filter(sleutel__contains=":vervallen:").count() == 1
    assert not Mail.objects.filter(sleutel__contains=":herinnering:").exists()


# --- at the counter --------------------------------------------------------------------------


def test_the_counter_records_a_no_show_once(dinxperlo):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
        with pytest.raises(OngeldigeOvergang, match="pas op"):
            bezoekafspraak_afhandelen(afspraak=afspraak, door=medewerker, gekomen=False)
    with reis(om(2026, 12, 9, 10)):
        bezoekafspraak_afhandelen(afspraak=afspraak, door=medewerker, gekomen=False)
        with pytest.raises(OngeldigeOvergang, match="al afgehandeld"):
            bezoekafspraak_afhandelen(afspraak=afspraak, door=medewerker, gekomen=True)
    afspraak.refresh_from_db()
    assert afspraak.status == Bezoekafspraak.Status.NIET_GEKOMEN
    assert afspraak.afgehandeld_door == medewerker


def test_a_resident_who_came_is_a_contactmoment_on_the_case(dinxperlo):
    medewerker = UserFactory(rol=Rol.MEDEWERKER)
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
    with reis(om(2026, 12, 9, 9, 5)):
        bezoekafspraak_afhandelen(afspraak=afspraak, door=medewerker, gekomen=True)
    contact = afspraak.hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.CONTACTMOMENT)
    assert contact.kanaal == "inloop-dinxperlo" and afspraak.referentie in contact.tekst
    afspraak.hulpvraag.refresh_from_db()
    assert afspraak.hulpvraag.eerste_contact_op is not None


def test_a_time_the_rota_dropped_after_the_check_is_refused_with_the_next_offered(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        gekozen = tijdvak_controleren(dinxperlo, "2026-12-09T09:00")
        rooster_vullen(dinxperlo, date(2026, 12, 16), "ochtend", 2)
        dinxperlo.diensten.filter(datum=WOENSDAG).delete()
        with pytest.raises(TijdvakVol) as fout:
            bezoekafspraak_boeken(locatie=dinxperlo, start=gekozen.start, telefoon="0612345678")
    assert "geen plaats meer" in fout.value.messages[0]
    assert fout.value.volgende.datum == date(2026, 12, 16)
    assert not Bezoekafspraak.objects.exists() and not Hulpvraag.objects.exists()


def test_a_recurring_shift_moved_to_another_location_takes_its_appointments_along(
    voordeur, dinxperlo
):
    from locaties.services import terugkerende_dienst_wijzigen

    hofstraat, _ = voordeur
    medewerker = dinxperlo.diensten.first().medewerker
    reeks = TerugkerendeDienst.objects.create(
        medewerker=medewerker, locatie=dinxperlo, weekdag=2, dagdeel="ochtend",
        van=WOENSDAG, tot=date(2026, 12, 30),
    )  # fmt: skip
    dinxperlo.diensten.filter(medewerker=medewerker).update(terugkerende_dienst=reeks)
    with reis(om(2026, 12, 7, 8)):
        for telefoon in ("0612345671", "0612345672"):
            bezoekafspraak_maken(dinxperlo, "2026-12-09T10:00", telefoon=telefoon)
        # The person works at the Hofstraat on Wednesdays from now on.
        terugkerende_dienst_wijzigen(
            reeks=reeks, medewerker=medewerker, locatie=hofstraat, weekdag=2,
            dagdeel="ochtend", tot=date(2026, 12, 30), door=medewerker,
        )  # fmt: skip
    assert sorted(Bezoekafspraak.objects.values_list("status", flat=True)) == [
        "gepland",
        "vervallen",
    ]


def test_the_same_move_twice_writes_one_line(dinxperlo):
    with reis(om(2026, 12, 7, 8)):
        afspraak = bezoekafspraak_maken(dinxperlo, "2026-12-09T09:00")
        nieuw = tijdvak_controleren(dinxperlo, "2026-12-09T10:00", behalve=afspraak.pk)
        for _ in range(2):
            bezoekafspraak_verplaatsen(afspraak=afspraak, start=nieuw.start)
    assert afspraak.hulpvraag.tijdlijn.filter(tekst__contains="verzet van").count() == 1
