"""Registering a question, finding earlier ones, the safety fast lane and feedback."""

import threading
import uuid
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection
from django.utils import timezone
from kombu.exceptions import OperationalError

from intake import tasks
from intake.models import (
    Feedback,
    Feedbackuitnodiging,
    Gebeurtenis,
    Hulpvraag,
    Inwoner,
    Kanaal,
    Route,
    Status,
)
from intake.services.feedback import feedback_geven, feedback_vragen
from intake.services.hulpvraag import (
    bevestiging_sturen,
    eerdere_hulpvragen,
    hulpvraag_indienen,
    hulpvraag_sluiten,
    veiligheid_markeren,
    veiligheid_melden,
    vraag_toevoegen,
)
from intake.services.wachtrijen import wachtrijen
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory, InwonerFactory
from tests.post import verzonden_mail
from toegang.accounts.roles import Team
from toegang.berichten.models import Bericht, Mail

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def online(inzending=None, **inwoner):
    return hulpvraag_indienen(
        inwoner={"naam": "Fatma", **inwoner},
        vraag="Ik krijg mijn huur niet meer betaald.",
        kanaal=Kanaal.WEBSITE,
        inzending=inzending,
    )


# --- hulpvraag_indienen ------------------------------------------------------------------


def test_the_same_form_sent_twice_is_one_hulpvraag():
    inzending = uuid.uuid4()
    eerste, nieuw = online(inzending)
    tweede, nog_eens = online(inzending)
    assert (nieuw, nog_eens) == (True, False)
    assert eerste.pk == tweede.pk
    assert Hulpvraag.objects.count() == 1


def test_references_count_up_per_year():
    jaar = timezone.localdate().year
    referenties = [online(uuid.uuid4())[0].referentie for _ in range(3)]
    assert referenties == [f"TA-{jaar}-0000{n}" for n in (1, 2, 3)]


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_from_two_threads_at_once_is_one_hulpvraag():
    inzending = uuid.uuid4()
    start = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def versturen():
        try:
            start.wait(timeout=10)
            uitkomsten.append(online(inzending))
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    threads = [threading.Thread(target=versturen) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert fouten == []
    assert Hulpvraag.objects.count() == 1
    assert {hulpvraag.pk for hulpvraag, _ in uitkomsten} == {Hulpvraag.objects.get().pk}
    assert sorted(nieuw for _, nieuw in uitkomsten) == [False, True]


@pytest.mark.django_db(transaction=True)
def test_twenty_questions_at_once_get_twenty_consecutive_references():
    start = threading.Barrier(20)
    referenties, fouten = [], []

    def versturen():
        try:
            start.wait(timeout=10)
            referenties.append(online(uuid.uuid4())[0].referentie)
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    threads = [threading.Thread(target=versturen) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert fouten == []
    jaar = timezone.localdate().year
    assert sorted(referenties) == [f"TA-{jaar}-{n:05d}" for n in range(1, 21)]
    assert Hulpvraag.objects.count() == 20


def test_an_online_question_waits_in_the_queue():
    hulpvraag, _ = online(uuid.uuid4())
    assert hulpvraag.status == Status.ONTVANGEN
    assert hulpvraag.vast_aanspreekpunt is None
    assert hulpvraag.eerste_contact_op is None


def test_counter_registration_makes_the_medewerker_the_contact_person(medewerker):
    hulpvraag, _ = hulpvraag_indienen(
        inwoner={"naam": "Henk Wolters", "telefoon": "0543 123 456"},
        vraag="Mijn vrouw heeft dementie en ik red het niet meer alleen.",
        kanaal=Kanaal.BALIE_HOFSTRAAT,
        door=medewerker,
    )
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt == medewerker
    assert hulpvraag.geregistreerd_door == medewerker
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert hulpvraag.eerste_contact_op is not None
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.CONTACTMOMENT).count() == 1


def test_the_resident_gets_a_confirmation_once_when_they_gave_an_e_mail(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        hulpvraag, _ = online(uuid.uuid4(), email="fatma@example.org")
    assert [bericht.to for bericht in verzonden_mail()] == [["fatma@example.org"]]
    assert hulpvraag.referentie in verzonden_mail()[0].subject
    assert hulpvraag.token in verzonden_mail()[0].body
    assert bevestiging_sturen(hulpvraag_id=hulpvraag.pk) is False
    assert len(verzonden_mail()) == 1


def test_the_beheerder_reads_the_stored_confirmation_without_the_status_pages_key(
    client, django_capture_on_commit_callbacks
):
    """The beheerder sees no case (need-to-know); the status link in the outbox would open
    one."""
    with django_capture_on_commit_callbacks(execute=True):
        hulpvraag, _ = online(uuid.uuid4(), email="fatma@example.org")
    opgeslagen = Mail.objects.get()
    assert hulpvraag.token in opgeslagen.tekst
    client.force_login(UserFactory(rol="beheerder"))
    html = client.get(f"/beheer/berichten/mail/{opgeslagen.pk}/change/").content.decode()
    assert hulpvraag.referentie in html
    assert "/hulpvraag/status/[sleutel verborgen]/" in html
    assert hulpvraag.token not in html


def test_the_confirmation_mail_says_by_when_in_working_days_and_how_to_call(
    django_capture_on_commit_callbacks, settings
):
    # Thursday 24 December 2026: Christmas, Boxing Day and the weekend do not count.
    with (
        time_machine.travel(datetime(2026, 12, 24, 16, 30, tzinfo=AMSTERDAM), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        online(uuid.uuid4(), email="fatma@example.org")
    tekst = verzonden_mail()[0].body
    assert "Uiterlijk dinsdag 29 december neemt een medewerker contact met u op" in tekst
    assert "binnen 2 werkdagen" in tekst
    assert settings.GEMEENTE_TELEFOON in tekst
    assert "huur" not in tekst  # the question itself never travels by e-mail


def test_a_broker_outage_after_storing_does_not_turn_the_submission_into_an_error(
    django_capture_on_commit_callbacks, monkeypatch
):
    def broker_weg(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.bevestiging_sturen, "delay", broker_weg)
    with django_capture_on_commit_callbacks(execute=True):
        hulpvraag, nieuw = online(uuid.uuid4(), email="fatma@example.org")
    assert nieuw
    assert Hulpvraag.objects.filter(pk=hulpvraag.pk).exists()


def test_no_confirmation_without_an_e_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        online(uuid.uuid4(), telefoon="06 12345678")
    assert verzonden_mail() == []


# --- veiligheid ---------------------------------------------------------------------------


@pytest.fixture
def maatwerkteam(db):
    return [
        UserFactory(username="wmo", team=Team.MAATWERK_WMO),
        UserFactory(username="jeugd", team=Team.MAATWERK_JEUGD),
    ]


def test_a_safety_signal_at_registration_tells_the_maatwerk_team_once(
    medewerker, maatwerkteam, django_capture_on_commit_callbacks
):
    UserFactory(username="kcc", team=Team.TOEGANG)
    UserFactory(username="oud", team=Team.MAATWERK_WMO, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        hulpvraag, _ = hulpvraag_indienen(
            inwoner={"naam": "Anoniem"},
            vraag="Mijn buurjongen heeft blauwe plekken en durft niet naar huis.",
            kanaal=Kanaal.TELEFOON,
            door=medewerker,
            veiligheid=True,
        )

    hulpvraag.refresh_from_db()
    assert hulpvraag.veiligheid
    assert hulpvraag.route == Route.MAATWERK
    assert hulpvraag.team == Team.MAATWERK_WMO
    ontvangers = sorted(adres for bericht in verzonden_mail() for adres in bericht.to)
    assert ontvangers == ["jeugd@example.org", "wmo@example.org"]
    assert sorted(Bericht.objects.values_list("ontvanger__username", flat=True)) == [
        "jeugd",
        "wmo",
    ]
    assert hulpvraag.referentie in verzonden_mail()[0].subject

    assert veiligheid_melden(hulpvraag_id=hulpvraag.pk) == 0
    veiligheid_markeren(hulpvraag=hulpvraag, door=medewerker, toelichting="Nog eens")
    assert len(verzonden_mail()) == 2
    assert Bericht.objects.count() == 2


def test_a_safety_signal_reaches_the_coordinators_when_nobody_is_in_a_maatwerk_team(
    medewerker, coordinator, django_capture_on_commit_callbacks
):
    hulpvraag = HulpvraagFactory()
    with django_capture_on_commit_callbacks(execute=True):
        veiligheid_markeren(
            hulpvraag=hulpvraag, door=medewerker, toelichting="Dreiging door ex-partner"
        )
    assert list(Bericht.objects.values_list("ontvanger", flat=True)) == [coordinator.pk]
    assert [bericht.to for bericht in verzonden_mail()] == [[coordinator.email]]


def test_a_safety_signal_later_on_takes_the_fast_lane(
    medewerker, maatwerkteam, django_capture_on_commit_callbacks
):
    hulpvraag = HulpvraagFactory()
    with django_capture_on_commit_callbacks(execute=True):
        veiligheid_markeren(
            hulpvraag=hulpvraag, door=medewerker, toelichting="Zorgen om de kinderen"
        )
    hulpvraag.refresh_from_db()
    assert (hulpvraag.veiligheid, hulpvraag.route) == (True, Route.MAATWERK)
    assert Bericht.objects.count() == 2
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.VEILIGHEID).exists()


def test_safety_flagged_cases_come_first_in_every_queue(medewerker):
    gewoon = HulpvraagFactory(aangemaakt=timezone.now() - timezone.timedelta(days=3))
    onveilig = HulpvraagFactory()
    veiligheid_markeren(hulpvraag=onveilig, door=medewerker, toelichting="Meldcode")
    rijen = wachtrijen(medewerker)
    assert list(rijen["nieuw"]) == [onveilig, gewoon]
    assert list(rijen["veiligheid"]) == [onveilig]


def test_partners_see_no_queues(partner_a):
    HulpvraagFactory()
    assert not wachtrijen(partner_a)["nieuw"].exists()


# --- eerdere hulpvragen ------------------------------------------------------------------


@pytest.mark.parametrize(
    "telefoon", ["0612345678", "06-12345678", "+31 6 1234 5678", "0031612345678", "(06) 123 456 78"]
)
def test_earlier_question_is_found_by_phone_in_any_notation(telefoon, medewerker):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="06 12 34 56 78"))
    eerder.wijs_toe(medewerker, door=medewerker)
    HulpvraagFactory(inwoner=InwonerFactory(telefoon="0612345679"))
    gevonden = list(eerdere_hulpvragen(user=medewerker, telefoon=telefoon))
    assert gevonden == [eerder]
    assert gevonden[0].vast_aanspreekpunt == medewerker


def test_earlier_question_is_found_by_e_mail_whatever_the_case(medewerker):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(email="J.Jansen@Example.org"))
    HulpvraagFactory(inwoner=InwonerFactory(email="jansen@example.org"))
    assert list(eerdere_hulpvragen(user=medewerker, email=" j.jansen@example.ORG ")) == [eerder]


def test_earlier_question_is_found_by_name_and_birth_date(medewerker):
    inwoner = InwonerFactory(naam="Gerrit Klein Gunnewiek", geboortedatum=date(1948, 5, 2))
    eerder = HulpvraagFactory(inwoner=inwoner)
    HulpvraagFactory(inwoner=InwonerFactory(naam="Gerrit Klein Gunnewiek", geboortedatum=None))
    gevonden = eerdere_hulpvragen(
        user=medewerker, naam="gerrit klein gunnewiek", geboortedatum=date(1948, 5, 2)
    )
    assert list(gevonden) == [eerder]


def test_a_name_alone_finds_nothing(medewerker):
    HulpvraagFactory(inwoner=InwonerFactory(naam="Maria", geboortedatum=date(1990, 1, 1)))
    zoek = partial(eerdere_hulpvragen, user=medewerker)
    assert list(zoek(naam="Maria")) == []
    assert list(zoek()) == []
    assert list(zoek(naam="Maria", geboortedatum=date(1990, 1, 2))) == []


@pytest.mark.parametrize("persona", ["partner_a", "beleid", "beheerder"])
def test_earlier_questions_are_only_found_for_who_may_see_cases(persona, request):
    HulpvraagFactory(inwoner=InwonerFactory(telefoon="0612345678"))
    user = request.getfixturevalue(persona)
    assert list(eerdere_hulpvragen(user=user, telefoon="0612345678")) == []


def test_joining_keeps_new_contact_details_and_never_erases_old_ones(medewerker):
    inwoner = InwonerFactory(telefoon="0612345678", email="oud@example.org")
    hulpvraag = HulpvraagFactory(inwoner=inwoner)
    vraag_toevoegen(
        hulpvraag=hulpvraag,
        vraag="Nog een vraag",
        kanaal="telefoon",
        door=medewerker,
        aanvulling={"telefoon": "", "email": "nieuw@example.org", "geboortedatum": None},
    )
    inwoner.refresh_from_db()
    assert (inwoner.telefoon, inwoner.email) == ("0612345678", "nieuw@example.org")
    assert hulpvraag.tijdlijn.filter(soort="gegevens", tekst="Aangevuld: e-mail").exists()


def test_a_new_case_for_a_known_resident_keeps_a_new_phone_number(medewerker):
    inwoner = InwonerFactory(telefoon="0612345678")
    hulpvraag, _ = hulpvraag_indienen(
        inwoner=inwoner,
        vraag="Andere vraag",
        kanaal="telefoon",
        door=medewerker,
        aanvulling={"telefoon": "0543 123 456"},
    )
    inwoner.refresh_from_db()
    assert inwoner.telefoon == "0543 123 456"
    assert hulpvraag.tijdlijn.filter(soort="gegevens").exists()


def test_a_new_question_joins_a_closed_case_and_reopens_it(medewerker):
    hulpvraag = HulpvraagFactory()
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Maatje gevonden."
    )
    vraag_toevoegen(
        hulpvraag=hulpvraag,
        vraag="Het maatje is verhuisd.",
        kanaal=Kanaal.TELEFOON,
        door=medewerker,
    )
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.VRAAG).count() == 1


# --- feedback -----------------------------------------------------------------------------


def sluiten(hulpvraag, door):
    hulpvraag_sluiten(
        hulpvraag=hulpvraag,
        door=door,
        route=Route.VOORLIGGEND_VELD,
        uitkomst="Naar de kledingbank.",
    )


def test_closing_a_case_invites_the_resident_to_a_survey_once(
    medewerker, django_capture_on_commit_callbacks
):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(email="els@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        sluiten(hulpvraag, medewerker)

    assert [bericht.to for bericht in verzonden_mail()] == [["els@example.org"]]
    uitnodiging = Feedbackuitnodiging.objects.get()
    assert uitnodiging.kanaal == Kanaal.WEBSITE
    assert uitnodiging.token in verzonden_mail()[0].body
    assert feedback_vragen(hulpvraag_id=hulpvraag.pk) is False
    assert len(verzonden_mail()) == 1
    assert Feedbackuitnodiging.objects.count() == 1


def test_no_survey_without_an_e_mail(medewerker, django_capture_on_commit_callbacks):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        sluiten(hulpvraag, medewerker)
    assert verzonden_mail() == []
    assert not Feedbackuitnodiging.objects.exists()


def test_no_survey_for_an_open_case():
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(email="els@example.org"))
    assert feedback_vragen(hulpvraag_id=hulpvraag.pk) is False
    assert verzonden_mail() == []


@pytest.mark.parametrize("model", [Feedbackuitnodiging, Feedback])
def test_feedback_cannot_be_traced_to_the_case_or_the_person(model):
    velden = model._meta.get_fields()
    assert not [veld.name for veld in velden if veld.is_relation]
    namen = {veld.name for veld in velden}
    assert not namen & {"hulpvraag", "inwoner", "referentie", "email", "naam", "telefoon"}


def test_feedback_is_stored_once_per_invitation():
    uitnodiging = Feedbackuitnodiging.objects.create(kanaal=Kanaal.BALIE_HOFSTRAAT)
    antwoorden = {"bereikbaar": 5, "gehoord": 4, "geholpen": 3, "opmerking": "Fijn geholpen"}
    eerste = feedback_geven(uitnodiging=uitnodiging, **antwoorden)
    tweede = feedback_geven(uitnodiging=uitnodiging, **antwoorden)
    assert eerste is not None and tweede is None
    feedback = Feedback.objects.get()
    assert (feedback.kanaal, feedback.bereikbaar, feedback.opmerking) == (
        Kanaal.BALIE_HOFSTRAAT,
        5,
        "Fijn geholpen",
    )


def test_a_question_and_its_confirmation_task_are_stored_together(monkeypatch):
    """The outbox row is written in the question's own transaction: a failure writing it
    stores no question, so there is never a question whose confirmation is forgotten."""

    def database_weg(*args, **kwargs):
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr("intake.services.hulpvraag.taak_plannen", database_weg)
    with pytest.raises(DatabaseError):
        hulpvraag_indienen(
            inwoner={"naam": "Anna", "email": "anna@example.org"},
            vraag="Ik heb schulden.",
            kanaal=Kanaal.WEBSITE,
        )
    assert not Hulpvraag.objects.exists()
    assert not Inwoner.objects.exists()
