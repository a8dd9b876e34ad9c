"""Beat tasks with frozen time: the 2-working-day promise and the afspraak reminders."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from intake import tasks
from intake.models import (
    Afspraak,
    Kanaal,
    Route,
    eerste_contact_te_laat_voor,
    eerste_contact_uiterlijk,
)
from intake.services.hulpvraag import eerste_contact_escaleren, hulpvraag_sluiten
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, HulpvraagFactory, InwonerFactory
from tests.post import verzonden_mail
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht, Verzending

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def om(jaar, maand, dag, uur=9, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def berichten():
    """(recipient, subject) of every in-app message, and every mail's recipients."""
    return (
        sorted(Bericht.objects.values_list("ontvanger__username", "onderwerp")),
        sorted(adres for bericht in verzonden_mail() for adres in bericht.to),
    )


def test_every_task_acknowledges_late_so_a_lost_worker_redelivers():
    for taak in (
        tasks.bevestiging_sturen,
        tasks.veiligheid_melden,
        tasks.feedback_vragen,
        tasks.afspraken_herinneren,
        tasks.eerste_contact_escaleren,
    ):
        assert taak.acks_late, taak.name


# --- first contact within 2 working days -------------------------------------------------


@pytest.fixture
def coordinatoren(db):
    return [
        UserFactory(username="coordinator-1", rol=Rol.COORDINATOR),
        UserFactory(username="coordinator-2", rol=Rol.COORDINATOR),
    ]


@pytest.fixture
def kerstvraag(db):
    """An online question on Thursday 24 December 2026: 25 and 26 December are holidays,
    then a weekend, so the 2 working days end on Tuesday 29 December."""
    with time_machine.travel(om(2026, 12, 24, 16, 30), tick=False):
        return HulpvraagFactory()


def test_the_deadline_skips_christmas_and_the_weekend(kerstvraag):
    assert kerstvraag.eerste_contact_uiterlijk() == date(2026, 12, 29)


def test_the_queue_counts_late_exactly_from_the_day_after_the_deadline():
    """The SQL mirror is derived from the one deadline: for every day of arrival and every
    day around it (Christmas, New Year, Easter, Ascension), a question counts as late in the
    queue exactly when its eerste_contact_uiterlijk lies before that day."""
    for begin in (date(2026, 12, 14), date(2027, 3, 22), date(2027, 4, 26)):
        dagen = [begin + timedelta(days=n) for n in range(40)]
        for vandaag in dagen:
            grens = eerste_contact_te_laat_voor(vandaag)
            for binnengekomen in dagen:
                for uur in (0, 23):
                    moment = datetime.combine(binnengekomen, time(uur, 30), tzinfo=AMS)
                    assert (moment < grens) == (
                        eerste_contact_uiterlijk(binnengekomen) < vandaag
                    ), (binnengekomen, vandaag)


def test_no_escalation_on_the_last_day_of_the_promise(kerstvraag, coordinatoren):
    with time_machine.travel(om(2026, 12, 29, 17, 5), tick=False):
        assert eerste_contact_escaleren() == 0
    assert berichten() == ([], [])


def test_escalation_the_working_day_after_reaches_each_coordinator_once(
    kerstvraag, coordinatoren, medewerker
):
    with time_machine.travel(om(2026, 12, 30, 7, 5), tick=False):
        assert eerste_contact_escaleren() == 1
        assert eerste_contact_escaleren() == 0
        assert tasks.eerste_contact_escaleren.apply().get() == 0
        assert tasks.eerste_contact_escaleren.apply().get() == 0
    with time_machine.travel(om(2026, 12, 31, 7, 5), tick=False):
        assert tasks.eerste_contact_escaleren.apply().get() == 0

    in_app, mails = berichten()
    assert [ontvanger for ontvanger, _ in in_app] == ["coordinator-1", "coordinator-2"]
    assert all(kerstvraag.referentie in onderwerp for _, onderwerp in in_app)
    assert mails == ["coordinator-1@example.org", "coordinator-2@example.org"]


def test_the_celery_task_escalates_like_the_service(kerstvraag, coordinatoren):
    with time_machine.travel(om(2026, 12, 30, 7, 5), tick=False):
        assert tasks.eerste_contact_escaleren.apply().get() == 1
        assert tasks.eerste_contact_escaleren.apply().get() == 0
    assert len(verzonden_mail()) == 2
    assert Bericht.objects.count() == 2


def test_without_a_coordinator_the_escalation_waits_for_one(kerstvraag):
    with time_machine.travel(om(2026, 12, 30, 7, 5), tick=False):
        assert eerste_contact_escaleren() == 0
        nieuw = UserFactory(username="nieuwe-coordinator", rol=Rol.COORDINATOR)
        assert eerste_contact_escaleren() == 1
    assert list(Bericht.objects.values_list("ontvanger", flat=True)) == [nieuw.pk]


def test_a_question_with_a_first_contact_is_never_escalated(kerstvraag, coordinatoren, medewerker):
    with time_machine.travel(om(2026, 12, 28, 10, 0), tick=False):
        kerstvraag.contact_vastleggen(door=medewerker, kanaal=Kanaal.TELEFOON, tekst="Gebeld.")
    for dag in (30, 31):
        with time_machine.travel(om(2026, 12, dag, 12, 5), tick=False):
            assert tasks.eerste_contact_escaleren.apply().get() == 0
    assert berichten() == ([], [])


def test_a_closed_question_is_not_escalated(kerstvraag, coordinatoren, medewerker):
    hulpvraag_sluiten(
        hulpvraag=kerstvraag, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Zelf opgelost."
    )
    with time_machine.travel(om(2026, 12, 30, 7, 5), tick=False):
        assert eerste_contact_escaleren() == 0


def test_a_counter_question_is_not_escalated(coordinatoren):
    with time_machine.travel(om(2026, 12, 21, 10, 0), tick=False):
        HulpvraagFactory(kanaal=Kanaal.BALIE_HOFSTRAAT)
    with time_machine.travel(om(2026, 12, 30, 7, 5), tick=False):
        assert eerste_contact_escaleren() == 0


@pytest.mark.parametrize(
    "moment",
    [om(2026, 12, 25, 10, 5), om(2026, 12, 26, 10, 5), om(2026, 12, 27, 10, 5)],
    ids=["eerste-kerstdag", "tweede-kerstdag-zaterdag", "zondag"],
)
def test_nothing_is_escalated_on_a_holiday_or_in_the_weekend(moment, coordinatoren):
    # Monday 21 December: due Wednesday 23rd, overdue from Thursday 24th.
    with time_machine.travel(om(2026, 12, 21, 10, 0), tick=False):
        HulpvraagFactory()
    with time_machine.travel(moment, tick=False):
        assert tasks.eerste_contact_escaleren.apply().get() == 0
    assert berichten() == ([], [])
    with time_machine.travel(om(2026, 12, 28, 7, 5), tick=False):
        assert tasks.eerste_contact_escaleren.apply().get() == 1


# --- afspraak reminders --------------------------------------------------------------------

# March 2027: Friday 5th, Saturday 6th, Monday 8th, Tuesday 9th.
VRIJDAG, ZATERDAG, MAANDAG, DINSDAG = (date(2027, 3, d) for d in (5, 6, 8, 9))


def herinneren(dag):
    with time_machine.travel(om(dag.year, dag.month, dag.day, 7, 30), tick=False):
        return tasks.afspraken_herinneren.apply().get()


def afspraak(deadline, **velden):
    velden.setdefault("eigenaar_soort", Afspraak.Eigenaar.MEDEWERKER)
    return AfspraakFactory(deadline=deadline, **velden)


def test_the_owner_is_reminded_on_the_friday_before_a_monday_deadline(medewerker):
    afspraak(MAANDAG, eigenaar=medewerker)
    assert herinneren(date(2027, 3, 4)) == {"morgen": 0, "vandaag": 0, "te_laat": 0}
    assert herinneren(VRIJDAG) == {"morgen": 1, "vandaag": 0, "te_laat": 0}
    assert berichten()[1] == ["medewerker@example.org"]
    assert Bericht.objects.get().ontvanger == medewerker


def test_a_saturday_deadline_is_reminded_on_friday(medewerker):
    afspraak(ZATERDAG, eigenaar=medewerker)
    assert herinneren(VRIJDAG)["morgen"] == 1
    assert herinneren(ZATERDAG) == {"morgen": 0, "vandaag": 0, "te_laat": 0}


def test_the_owner_is_reminded_again_on_the_due_day(medewerker):
    afspraak(MAANDAG, eigenaar=medewerker)
    herinneren(VRIJDAG)
    assert herinneren(MAANDAG) == {"morgen": 0, "vandaag": 1, "te_laat": 0}
    onderwerpen = [onderwerp for _, onderwerp in berichten()[0]]
    assert len(onderwerpen) == 2
    assert any("vandaag" in onderwerp for onderwerp in onderwerpen)


def test_the_coordinators_are_told_once_when_it_is_overdue(medewerker, coordinator):
    afspraak(MAANDAG, eigenaar=medewerker)
    for dag in (VRIJDAG, MAANDAG):
        herinneren(dag)
    assert herinneren(DINSDAG) == {"morgen": 0, "vandaag": 0, "te_laat": 1}
    assert herinneren(date(2027, 3, 10))["te_laat"] == 0
    naar_coordinator = Bericht.objects.filter(ontvanger=coordinator)
    assert naar_coordinator.count() == 1
    assert "te laat" in naar_coordinator.get().onderwerp


def test_running_twice_a_day_sends_nothing_twice(medewerker, coordinator):
    afspraak(MAANDAG, eigenaar=medewerker)
    afspraak(VRIJDAG, eigenaar=medewerker)
    afspraak(date(2027, 3, 1), eigenaar=medewerker)
    eerste = herinneren(VRIJDAG)
    tegelijk = (len(verzonden_mail()), Bericht.objects.count())
    assert eerste == {"morgen": 1, "vandaag": 1, "te_laat": 1}
    assert herinneren(VRIJDAG) == {"morgen": 0, "vandaag": 0, "te_laat": 0}
    assert (len(verzonden_mail()), Bericht.objects.count()) == tegelijk == (3, 3)


def test_a_resident_is_reminded_by_e_mail_only(coordinator):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(email="piet@example.org"))
    afspraak(MAANDAG, hulpvraag=hulpvraag, eigenaar_soort=Afspraak.Eigenaar.INWONER)
    herinneren(VRIJDAG)
    herinneren(MAANDAG)
    assert berichten() == ([], ["piet@example.org", "piet@example.org"])
    assert hulpvraag.token in verzonden_mail()[0].body


def test_a_resident_without_e_mail_gets_nothing_and_the_claim_stays_free(coordinator):
    inwoner = InwonerFactory(email="")
    afspraak(MAANDAG, hulpvraag=HulpvraagFactory(inwoner=inwoner), eigenaar_soort="inwoner")
    assert herinneren(VRIJDAG)["morgen"] == 0
    assert berichten() == ([], [])
    assert not Verzending.objects.exists()


def test_a_partner_commitment_reminds_that_organisations_users(partner_a, partner_b):
    collega = UserFactory(rol=Rol.PARTNER, organisatie=partner_a.organisatie)
    afspraak(
        MAANDAG,
        eigenaar_soort=Afspraak.Eigenaar.PARTNER,
        organisatie=partner_a.organisatie,
    )
    herinneren(VRIJDAG)
    assert sorted(user for user, _ in berichten()[0]) == sorted(
        [partner_a.username, collega.username]
    )
    assert partner_b.email not in berichten()[1]


def test_an_organisation_without_users_is_reminded_once_it_has_one(partner_organisatie_a):
    afspraak(MAANDAG, eigenaar_soort=Afspraak.Eigenaar.PARTNER, organisatie=partner_organisatie_a)
    assert herinneren(VRIJDAG)["morgen"] == 0
    nieuw = UserFactory(rol=Rol.PARTNER, organisatie=partner_organisatie_a)
    assert herinneren(VRIJDAG)["morgen"] == 1
    assert list(Bericht.objects.values_list("ontvanger", flat=True)) == [nieuw.pk]


def test_overdue_commitments_wait_for_a_coordinator(medewerker):
    afspraak(VRIJDAG, eigenaar=medewerker)
    assert herinneren(DINSDAG)["te_laat"] == 0
    UserFactory(rol=Rol.COORDINATOR)
    assert herinneren(DINSDAG)["te_laat"] == 1


def test_done_or_closed_commitments_remind_nobody(medewerker, coordinator):
    gedaan = afspraak(MAANDAG, eigenaar=medewerker)
    gedaan.markeer_gedaan(door=medewerker)
    gesloten = afspraak(MAANDAG, eigenaar=medewerker)
    hulpvraag_sluiten(
        hulpvraag=gesloten.hulpvraag,
        door=medewerker,
        route=Route.MAATWERK,
        uitkomst="Wmo-aanvraag.",
    )
    for dag in (VRIJDAG, MAANDAG, DINSDAG):
        assert herinneren(dag) == {"morgen": 0, "vandaag": 0, "te_laat": 0}
    assert berichten() == ([], [])


def test_no_reminders_on_a_holiday(medewerker):
    # Easter Monday 29 March 2027; a Tuesday deadline is reminded on the Friday before
    # (Good Friday 26 March is a holiday too, so: Thursday 25th).
    afspraak(date(2027, 3, 30), eigenaar=medewerker)
    assert herinneren(date(2027, 3, 29)) == {"morgen": 0, "vandaag": 0, "te_laat": 0}
    assert herinneren(date(2027, 3, 25))["morgen"] == 1
