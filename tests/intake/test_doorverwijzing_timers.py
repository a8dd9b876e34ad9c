"""The referral timers in working days, with frozen time across Christmas and New Year:
remind the partner, escalate to sender and coordinator, expire, remind of contact, check in.
Each message exactly once, also when the sweep runs twice or fails halfway."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake import tasks
from intake.models import (
    Afspraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Gebeurtenis,
    Reactietermijnen,
    Timerstand,
)
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_beantwoorden,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_terugsturen,
    doorverwijzing_versturen,
)
from intake.services.doorverwijzing_termijnen import (
    doorverwijzing_meldingen,
    doorverwijzingen_bewaken,
)
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory
from tests.post import verzonden_mail
from tests.sociale_kaart.factories import AanbodFactory
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht, Mail, UitgaandeTaak, Verzending
from toegang.berichten.services import uitgaande_taken_publiceren

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
S = DoorverwijzingStatus


def om(jaar, maand, dag, uur=10, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def bewaken(moment):
    """One beat run at `moment`, and the worker doing the follow-up tasks it planned."""
    with time_machine.travel(moment, tick=False):
        telling = doorverwijzingen_bewaken()
        uitgaande_taken_publiceren()
    return telling


def onderwerpen(user):
    return list(Bericht.objects.filter(ontvanger=user).values_list("onderwerp", flat=True))


@pytest.fixture
def coordinator_(db):
    return UserFactory(username="coord", rol=Rol.COORDINATOR, email="coord@example.org")


@pytest.fixture
def kerstverwijzing(medewerker, partner_a, partner_organisatie_a, coordinator_):
    """Sent on Thursday 24 December 2026 at 10:00. 25 and 26 December are holidays, then a
    weekend: 2 working days later is Tuesday 29 December 10:00, 3 is Wednesday the 30th, 5 is
    Monday 4 January (New Year's Day skipped), 10 is Monday 11 January."""
    with time_machine.travel(om(2026, 12, 24), tick=False):
        hulpvraag = HulpvraagFactory()
        hulpvraag.wijs_toe(medewerker, door=medewerker)
        verwijzing = DoorverwijzingFactory(
            hulpvraag=hulpvraag,
            organisatie=partner_organisatie_a,
            contactpersoon=medewerker,
            aangemaakt_door=medewerker,
        )
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    # What sending itself told the partner is not what these tests count.
    Bericht.objects.all().delete()
    Mail.objects.all().delete()
    return verwijzing


def test_the_partner_is_reminded_after_two_working_days_across_christmas(
    kerstverwijzing, partner_a
):
    assert bewaken(om(2026, 12, 28, 17))["herinneringen"] == 0  # one working day
    assert bewaken(om(2026, 12, 29, 9, 55))["herinneringen"] == 0  # not yet 10:00
    assert bewaken(om(2026, 12, 29, 10, 10))["herinneringen"] == 1
    assert bewaken(om(2026, 12, 29, 11, 10))["herinneringen"] == 0  # once
    assert onderwerpen(partner_a) == ["Herinnering: een doorverwijzing wacht op uw antwoord"]
    assert [m.to for m in verzonden_mail()] == [[partner_a.email]]


def test_after_three_working_days_sender_and_coordinator_are_told(
    kerstverwijzing, medewerker, coordinator_, partner_a
):
    assert bewaken(om(2026, 12, 29, 10, 10))["escalaties"] == 0
    telling = bewaken(om(2026, 12, 30, 10, 10))
    assert telling["escalaties"] == 1
    assert any("niet opgepakt" in o for o in onderwerpen(medewerker))
    assert any("niet opgepakt" in o for o in onderwerpen(coordinator_))
    assert not any("niet opgepakt" in o for o in onderwerpen(partner_a))


def test_nobody_acting_lets_the_referral_expire_after_new_year(
    kerstverwijzing, medewerker, coordinator_
):
    assert bewaken(om(2026, 12, 31, 10, 10))["verlopen"] == 0
    assert bewaken(om(2027, 1, 1, 10, 10))["verlopen"] == 0  # New Year's Day: no sweep
    assert bewaken(om(2027, 1, 4, 10, 10))["verlopen"] == 1
    kerstverwijzing.refresh_from_db()
    assert kerstverwijzing.status == S.VERLOPEN
    assert kerstverwijzing.verloop.last().status == S.VERLOPEN
    assert any("verlopen" in o for o in onderwerpen(coordinator_))
    # An expired referral is no longer open: the same organisation may be asked again.
    assert not Doorverwijzing.objects.open().exists()


def test_the_sweep_does_nothing_at_the_weekend(kerstverwijzing):
    assert bewaken(om(2027, 1, 2, 12)) == dict.fromkeys(
        ("verlopen", "escalaties", "herinneringen", "contact_herinneringen", "nagaan"), 0
    )


def test_accepted_without_contact_reminds_after_five_working_days(kerstverwijzing, partner_a):
    with time_machine.travel(om(2026, 12, 28, 9), tick=False):
        doorverwijzing_accepteren(doorverwijzing=kerstverwijzing, door=partner_a)
    # 28 Dec 09:00 + 5 working days (29, 30, 31 Dec, 4 and 5 Jan) = Tuesday 5 January 09:00.
    assert bewaken(om(2027, 1, 4, 17))["contact_herinneringen"] == 0
    assert bewaken(om(2027, 1, 5, 9, 10))["contact_herinneringen"] == 1
    assert bewaken(om(2027, 1, 5, 10, 10))["contact_herinneringen"] == 0
    assert "Herinnering: nog geen contact met de inwoner" in onderwerpen(partner_a)


def test_ten_working_days_after_sending_the_contact_person_checks_in(
    kerstverwijzing, partner_a, medewerker
):
    with time_machine.travel(om(2026, 12, 28, 9), tick=False):
        doorverwijzing_accepteren(doorverwijzing=kerstverwijzing, door=partner_a)
        doorverwijzing_contact_vastleggen(doorverwijzing=kerstverwijzing, door=partner_a)
    assert bewaken(om(2027, 1, 8, 10, 10))["nagaan"] == 0  # 9 working days
    assert bewaken(om(2027, 1, 11, 10, 10))["nagaan"] == 1
    assert bewaken(om(2027, 1, 11, 11, 10))["nagaan"] == 0
    afspraak = Afspraak.objects.get()
    assert afspraak.eigenaar == medewerker
    assert afspraak.wat == "Nagaan bij de inwoner: is de hulp van Figulus Welzijn gestart?"
    assert afspraak.hulpvraag == kerstverwijzing.hulpvraag


def test_the_check_in_is_written_on_the_timeline_like_any_afspraak(
    kerstverwijzing, partner_a, medewerker
):
    with time_machine.travel(om(2026, 12, 28, 9), tick=False):
        doorverwijzing_accepteren(doorverwijzing=kerstverwijzing, door=partner_a)
    bewaken(om(2027, 1, 11, 10, 10))
    regel = kerstverwijzing.hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.AFSPRAAK)
    assert regel.tekst == (
        f"{medewerker.weergavenaam} — Nagaan bij de inwoner: is de hulp van Figulus Welzijn "
        "gestart? (uiterlijk 11-01-2027)"
    )
    assert regel.door is None


def test_the_check_ins_of_a_batch_take_as_many_statements_for_one_as_for_many(
    medewerker, partner_organisatie_a
):
    with time_machine.travel(om(2026, 12, 24), tick=False):
        verwijzingen = []
        for _ in range(6):
            verwijzing = DoorverwijzingFactory(
                organisatie=partner_organisatie_a,
                contactpersoon=UserFactory(rol=Rol.MEDEWERKER),
                aangemaakt_door=medewerker,
            )
            doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
            verwijzingen.append(str(verwijzing.pk))

    def nagaan(ids):
        with CaptureQueriesContext(connection) as vastgelegd:
            assert doorverwijzing_meldingen(soort="nagaan", ids=ids, nu=om(2027, 1, 11)) == len(ids)
        return len(vastgelegd.captured_queries)

    assert nagaan(verwijzingen[:1]) == nagaan(verwijzingen[1:])
    assert Afspraak.objects.count() == 6
    assert Gebeurtenis.objects.filter(soort=Gebeurtenis.Soort.AFSPRAAK).count() == 6


def test_an_organisation_can_have_its_own_terms(kerstverwijzing, partner_organisatie_a):
    Reactietermijnen.objects.create(
        organisatie=partner_organisatie_a, herinneren_na=1, escaleren_na=4, verlopen_na=6
    )
    assert bewaken(om(2026, 12, 28, 10, 10))["herinneringen"] == 1
    assert bewaken(om(2026, 12, 30, 10, 10))["escalaties"] == 0  # 3 is not enough now
    assert bewaken(om(2026, 12, 31, 10, 10))["escalaties"] == 1


def test_terms_must_rise():
    termijnen = Reactietermijnen(herinneren_na=3, escaleren_na=3, verlopen_na=5)
    with pytest.raises(ValidationError):
        termijnen.clean()


def test_the_task_run_twice_sends_each_message_once(kerstverwijzing, partner_a):
    with time_machine.travel(om(2026, 12, 29, 10, 10), tick=False):
        assert tasks.doorverwijzingen_bewaken.apply().get()["herinneringen"] == 1
        assert tasks.doorverwijzingen_bewaken.apply().get()["herinneringen"] == 0
        uitgaande_taken_publiceren()
    assert len(verzonden_mail()) == 1
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 1


def test_a_follow_up_task_run_twice_sends_each_message_once(kerstverwijzing, partner_a):
    with time_machine.travel(om(2026, 12, 29, 10, 10), tick=False):
        doorverwijzingen_bewaken()
        [taak] = UitgaandeTaak.objects.filter(taak="intake.tasks.doorverwijzing_meldingen")
        assert tasks.doorverwijzing_meldingen.apply(args=taak.argumenten).get() == 1
        # Redelivered (acks_late after a lost worker): nothing twice.
        assert tasks.doorverwijzing_meldingen.apply(args=taak.argumenten).get() == 0
    assert Bericht.objects.filter(ontvanger=partner_a).count() == 1
    assert len(verzonden_mail()) == 1


def test_a_reminder_claimed_just_before_acceptance_is_not_sent(kerstverwijzing, partner_a):
    with time_machine.travel(om(2026, 12, 29, 10, 10), tick=False):
        doorverwijzingen_bewaken()
        doorverwijzing_accepteren(doorverwijzing=kerstverwijzing, door=partner_a)
        Bericht.objects.all().delete()
        uitgaande_taken_publiceren()
    assert not Bericht.objects.filter(ontvanger=partner_a).exists()


def test_a_sweep_that_fails_halfway_sends_nothing_and_the_retry_sends_once(
    kerstverwijzing, partner_a, monkeypatch
):
    def kapot(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr("intake.services.doorverwijzing_termijnen.taken_plannen", kapot)
    with pytest.raises(RuntimeError):
        bewaken(om(2026, 12, 29, 10, 10))
    assert not Bericht.objects.exists()
    assert not Mail.objects.exists()
    assert not Verzending.objects.filter(sleutel__endswith=":herinnering").exists()
    assert not Timerstand.objects.exists()
    monkeypatch.undo()
    assert bewaken(om(2026, 12, 29, 10, 10))["herinneringen"] == 1
    assert len(verzonden_mail()) == 1


def test_a_resend_after_a_question_starts_new_timers(kerstverwijzing, partner_a, medewerker):
    assert bewaken(om(2026, 12, 29, 10, 10))["herinneringen"] == 1
    with time_machine.travel(om(2026, 12, 29, 11), tick=False):
        doorverwijzing_terugsturen(
            doorverwijzing=kerstverwijzing, door=partner_a, vraag="Spreekt zij Nederlands?"
        )
    with time_machine.travel(om(2026, 12, 30, 9), tick=False):
        doorverwijzing_beantwoorden(doorverwijzing=kerstverwijzing, door=medewerker, antwoord="Ja.")
    # Not due again until two working days after the resend: 4 January 09:00.
    assert bewaken(om(2026, 12, 31, 10, 10))["herinneringen"] == 0
    assert bewaken(om(2027, 1, 4, 9, 10))["herinneringen"] == 1


def test_an_organisation_without_users_makes_the_front_door_call_them(
    medewerker, partner_organisatie_b, coordinator_
):
    with time_machine.travel(om(2026, 12, 24), tick=False):
        verwijzing = DoorverwijzingFactory(
            organisatie=partner_organisatie_b, contactpersoon=medewerker, aangemaakt_door=medewerker
        )
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    assert bewaken(om(2026, 12, 29, 10, 10))["herinneringen"] == 1
    assert bewaken(om(2026, 12, 29, 11, 10))["herinneringen"] == 0
    verwacht = "Niemand bij Laborijn ontvangt de doorverwijzing"
    assert verwacht in onderwerpen(medewerker)
    assert verwacht in onderwerpen(coordinator_)


def test_two_sweeps_at_the_same_moment_hand_over_once(kerstverwijzing, partner_a):
    with time_machine.travel(om(2026, 12, 29, 10, 10), tick=False):
        assert doorverwijzingen_bewaken()["herinneringen"] == 1
        assert doorverwijzingen_bewaken()["herinneringen"] == 0
    assert UitgaandeTaak.objects.filter(taak="intake.tasks.doorverwijzing_meldingen").count() == 1


def test_the_mark_never_steps_back_over_a_weekend(kerstverwijzing):
    """Two working days before Friday evening is Wednesday evening, before Monday morning
    Thursday morning: the later sweep must not hand over Wednesday's work again."""
    bewaken(om(2027, 1, 8, 18, 10))
    stand = Timerstand.objects.get(soort="herinnering", dagen=2).tot
    bewaken(om(2027, 1, 11, 7, 10))
    assert Timerstand.objects.get(soort="herinnering", dagen=2).tot >= stand


def test_expiring_in_bulk_follows_the_table_and_writes_the_lines_of_a_single_change(
    medewerker, partner_a, partner_organisatie_a
):
    """Only a referral the table lets expire (sent, no answer) expires; its lines on both
    timelines are the ones any other change of it writes, aanbod included."""
    aanbod = AanbodFactory(organisatie=partner_organisatie_a, naam="Budgetcoaching")
    with time_machine.travel(om(2026, 12, 24), tick=False):
        verstuurd, geaccepteerd = (
            DoorverwijzingFactory(
                organisatie=partner_organisatie_a,
                aanbod=aanbod,
                contactpersoon=medewerker,
                aangemaakt_door=medewerker,
            )
            for _ in range(2)
        )
        for verwijzing in (verstuurd, geaccepteerd):
            doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
        doorverwijzing_accepteren(doorverwijzing=geaccepteerd, door=partner_a)
    nu = om(2027, 1, 4, 10, 10)
    verlopen = Doorverwijzing.objects.filter(pk__in=[verstuurd.pk, geaccepteerd.pk]).laat_verlopen(
        nu=nu
    )
    assert verlopen == [verstuurd]
    verstuurd.refresh_from_db()
    geaccepteerd.refresh_from_db()
    assert (verstuurd.status, verstuurd.verlopen_op) == (S.VERLOPEN, nu)
    assert geaccepteerd.status == S.GEACCEPTEERD
    tekst = "Niemand reageerde op tijd: de doorverwijzing is verlopen."
    assert list(verstuurd.verloop.values_list("status", "tekst"))[-1] == (S.VERLOPEN, tekst)
    assert verstuurd.hulpvraag.tijdlijn.last().tekst == (
        f"Figulus Welzijn (Budgetcoaching): verlopen — {tekst}"
    )
    assert verstuurd.hulpvraag.tijdlijn.filter(
        tekst="Figulus Welzijn (Budgetcoaching): doorverwezen"
    ).exists()
