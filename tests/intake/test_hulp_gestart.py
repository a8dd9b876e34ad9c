"""The loop closed with the resident (issue 16, part 4): after an accepted referral's term in
working days the resident is asked "Is de hulp gestart?" once, on the status page and by
e-mail where they left an address; "nee" puts the case back in the contact person's queue.
Frozen time across Christmas and New Year."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from intake import tasks
from intake.models import (
    Afspraak,
    Doorverwijzing,
    EmailWens,
    Gebeurtenis,
    Grondslag,
    Reactietermijnen,
    Status,
    VeiligContact,
)
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_versturen,
)
from intake.services.hulp_gestart import hulp_gestart_vragen
from intake.services.hulpvraag import hulpvraag_sluiten
from intake.services.wachtrijen import wachtrij
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from toegang.berichten.models import Bericht, Mail

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def om(jaar, maand, dag, uur=10, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def vragen(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return hulp_gestart_vragen()


def maak_verwijzing(medewerker, partner_a, organisatie, *, email="gerda@example.org", **velden):
    """A referral sent and accepted on Thursday 17 December 2026 at 10:00. Ten working days
    later (the default term) is Monday 4 January 2027 10:00: Christmas (25 December) and New
    Year's Day (1 January 2027) fall on Fridays and do not count, nor do the weekends."""
    with time_machine.travel(om(2026, 12, 17), tick=False):
        hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(naam="Gerda Wolters", email=email))
        hulpvraag.wijs_toe(medewerker, door=medewerker)
        verwijzing = DoorverwijzingFactory(
            hulpvraag=hulpvraag,
            organisatie=organisatie,
            contactpersoon=medewerker,
            aangemaakt_door=medewerker,
            **velden,
        )
        doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
        doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner_a)
    return verwijzing


@pytest.fixture
def verwijzing(medewerker, partner_a, partner_organisatie_a):
    return maak_verwijzing(medewerker, partner_a, partner_organisatie_a)


def vraagmails():
    return Mail.objects.filter(onderwerp__startswith="Is de hulp gestart?")


def antwoord_url(verwijzing):
    return f"{verwijzing.hulpvraag.status_url}hulp-gestart/{verwijzing.pk}/"


def veld(verwijzing):
    return f"v{verwijzing.pk.hex[:12]}-antwoord"


def antwoorden(client, verwijzing, antwoord):
    return client.post(antwoord_url(verwijzing), {veld(verwijzing): antwoord})


# --- asked once, after the term in working days ------------------------------------------------


def test_the_question_waits_for_ten_working_days_across_christmas_and_new_year(verwijzing):
    assert vragen(om(2026, 12, 31, 17)) == 0  # nine working days
    assert vragen(om(2027, 1, 1)) == 0  # New Year's Day: nobody is mailed
    assert vragen(om(2027, 1, 4, 9, 59)) == 0
    assert vragen(om(2027, 1, 4, 10)) == 1
    verwijzing.refresh_from_db()
    assert verwijzing.inwoner_gevraagd_op == om(2027, 1, 4, 10)
    mail = vraagmails().get()
    assert mail.aan == "gerda@example.org"
    assert verwijzing.hulpvraag.status_url in mail.tekst
    assert "Figulus Welzijn" in mail.tekst


def test_the_question_is_asked_once_however_often_the_task_runs(verwijzing):
    assert vragen(om(2027, 1, 4, 10)) == 1
    assert vragen(om(2027, 1, 4, 11)) == 0
    assert vragen(om(2027, 1, 5, 10)) == 0
    with time_machine.travel(om(2027, 1, 6), tick=False):
        assert tasks.hulp_gestart_vragen.apply().get() == 0
    assert vraagmails().count() == 1
    assert verwijzing.verloop.filter(tekst__contains="is de hulp gestart").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_ask_once(medewerker, partner_a, partner_organisatie_a):
    maak_verwijzing(medewerker, partner_a, partner_organisatie_a)
    start = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def run():
        try:
            start.wait()
            uitkomsten.append(vragen(om(2027, 1, 4, 10)))
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=run) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert fouten == []
    assert sorted(uitkomsten) == [0, 1]
    assert vraagmails().count() == 1


def test_an_organisation_with_its_own_term_is_asked_after_that_term(
    medewerker, partner_a, partner_organisatie_a
):
    Reactietermijnen.objects.create(organisatie=partner_organisatie_a, nagaan_na=3)
    maak_verwijzing(medewerker, partner_a, partner_organisatie_a)
    # 18, 21, 22 December: three working days.
    assert vragen(om(2026, 12, 21, 10)) == 0
    assert vragen(om(2026, 12, 22, 10)) == 1


def test_without_an_e_mail_address_the_question_is_only_on_the_status_page(
    resident, medewerker, partner_a, partner_organisatie_a
):
    verwijzing = maak_verwijzing(medewerker, partner_a, partner_organisatie_a, email="")
    assert vragen(om(2027, 1, 4, 10)) == 1
    assert not Mail.objects.filter(aan="").exists()
    assert not vraagmails().exists()
    with time_machine.travel(om(2027, 1, 4, 11), tick=False):
        html = resident.get(verwijzing.hulpvraag.status_url).content.decode()
    assert "Is de hulp gestart?" in html
    assert f'name="{veld(verwijzing)}"' in html


def test_not_asked_not_accepted_anonymous_or_long_closed(
    medewerker, partner_a, partner_organisatie_a, partner_organisatie_b
):
    with time_machine.travel(om(2026, 12, 17), tick=False):
        nooit = DoorverwijzingFactory(
            organisatie=partner_organisatie_b, contactpersoon=medewerker, aangemaakt_door=medewerker
        )
        doorverwijzing_versturen(doorverwijzing=nooit, door=medewerker)
    maak_verwijzing(
        medewerker, partner_a, partner_organisatie_a,
        grondslag=Grondslag.GEEN, gegevens=[], toestemming_op=None, toestemming_wijze="",
    )  # fmt: skip
    assert vragen(om(2027, 1, 4, 10)) == 0
    # Closed more than 30 days ago: the status page no longer works, so nobody is asked.
    oud = maak_verwijzing(medewerker, partner_a, partner_organisatie_a)
    with time_machine.travel(om(2026, 12, 17, 11), tick=False):
        hulpvraag_sluiten(
            hulpvraag=oud.hulpvraag, door=medewerker, route="voorliggend-veld", uitkomst="Klaar."
        )
    assert vragen(om(2027, 2, 1, 10)) == 0


# --- the resident answers ----------------------------------------------------------------------


@pytest.fixture
def gevraagd(verwijzing):
    vragen(om(2027, 1, 4, 10))
    verwijzing.refresh_from_db()
    return verwijzing


def test_nee_puts_the_case_back_in_the_contact_persons_queue(
    resident, client, gevraagd, medewerker
):
    with time_machine.travel(om(2027, 1, 5, 9), tick=False):
        antwoord = antwoorden(resident, gevraagd, "nee")
        assert antwoord.status_code == 303
        assert antwoord["Location"] == f"{gevraagd.hulpvraag.status_url}#hulp-gestart"
        mijn = list(wachtrij(medewerker, "mijn_afspraken"))
    assert [a.hulpvraag_id for a in mijn] == [gevraagd.hulpvraag_id]
    afspraak = mijn[0]
    assert afspraak.eigenaar == medewerker
    assert afspraak.deadline == om(2027, 1, 5).date()
    assert "niet is gestart" in afspraak.wat
    bericht = Bericht.objects.get(ontvanger=medewerker, onderwerp__contains="niet gestart")
    assert bericht.link == gevraagd.hulpvraag.get_absolute_url()
    regels = list(gevraagd.hulpvraag.tijdlijn.values_list("tekst", flat=True))
    assert any("De inwoner antwoordt: nee" in r for r in regels)
    gevraagd.refresh_from_db()
    assert gevraagd.inwoner_antwoord == "nee"
    # The status page says what they answered and asks no more.
    html = resident.get(gevraagd.hulpvraag.status_url).content.decode()
    assert "Uw contactpersoon neemt contact met u op" in html
    assert f'name="{veld(gevraagd)}"' not in html


def test_nee_reopens_a_case_closed_in_the_meantime(resident, gevraagd, medewerker):
    with time_machine.travel(om(2027, 1, 4, 11), tick=False):
        doorverwijzing_contact_vastleggen(doorverwijzing=gevraagd, door=gevraagd.geaccepteerd_door)
        hulpvraag_sluiten(
            hulpvraag=gevraagd.hulpvraag, door=medewerker, route="voorliggend-veld", uitkomst="Ok"
        )
    with time_machine.travel(om(2027, 1, 8, 9), tick=False):
        assert antwoorden(resident, gevraagd, "nee").status_code == 303
        gevraagd.hulpvraag.refresh_from_db()
        assert gevraagd.hulpvraag.status == Status.IN_BEHANDELING
        assert [h.pk for h in wachtrij(medewerker, "mijn")] == [gevraagd.hulpvraag_id]
    heropend = gevraagd.hulpvraag.tijdlijn.filter(tekst__startswith="Heropend").get()
    assert "niet is gestart" in heropend.tekst


def test_a_double_submit_of_nee_tells_the_contact_person_once(resident, gevraagd, medewerker):
    antwoorden(resident, gevraagd, "nee")
    assert antwoorden(resident, gevraagd, "nee").status_code == 303
    assert Afspraak.objects.filter(hulpvraag=gevraagd.hulpvraag, wat__contains="niet").count() == 1
    assert Bericht.objects.filter(onderwerp__contains="niet gestart").count() == 1


def test_nog_niet_keeps_the_question_open_and_ja_closes_it(resident, gevraagd, medewerker):
    antwoorden(resident, gevraagd, "nog-niet")
    html = resident.get(gevraagd.hulpvraag.status_url).content.decode()
    assert "U zei eerder: nog niet" in html
    assert antwoorden(resident, gevraagd, "ja").status_code == 303
    # Ja and nee are final: a later nee is refused with a message, and nothing moves.
    later = antwoorden(resident, gevraagd, "nee")
    assert later.status_code == 400
    assert "U heeft deze vraag al beantwoord" in later.content.decode()
    gevraagd.refresh_from_db()
    assert gevraagd.inwoner_antwoord == "ja"
    assert not Afspraak.objects.filter(wat__contains="niet is gestart").exists()


@pytest.mark.parametrize(
    "waarde", ["", "misschien", "<script>alert(1)</script>", "x" * 100_000, "ja' OR 1=1--"]
)
def test_a_bad_answer_gets_a_dutch_message_and_saves_nothing(resident, gevraagd, waarde):
    antwoord = antwoorden(resident, gevraagd, waarde)
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Kies ja, nee of nog niet." in html
    assert "<script>alert(1)</script>" not in html
    gevraagd.refresh_from_db()
    assert gevraagd.inwoner_antwoord == ""


def test_a_referral_not_asked_yet_cannot_be_answered(resident, verwijzing):
    assert antwoorden(resident, verwijzing, "ja").status_code == 404
    verwijzing.refresh_from_db()
    assert verwijzing.inwoner_antwoord == ""


def test_another_cases_token_cannot_answer_this_referral(resident, gevraagd):
    ander = HulpvraagFactory()
    pad = f"{ander.status_url}hulp-gestart/{gevraagd.pk}/"
    assert resident.post(pad, {veld(gevraagd): "nee"}).status_code == 404
    assert not Doorverwijzing.objects.exclude(inwoner_antwoord="").exists()


# --- who sees the answer, per role -----------------------------------------------------------


def test_the_answer_shows_to_the_front_door_and_the_receiving_partner_only(
    resident, client, gevraagd, medewerker, partner_a, partner_b
):
    antwoorden(resident, gevraagd, "nee")
    client.force_login(medewerker)
    html = client.get(gevraagd.hulpvraag.get_absolute_url()).content.decode()
    assert "De inwoner antwoordt: nee" in html
    client.force_login(partner_a)
    html = client.get(gevraagd.get_absolute_url()).content.decode()
    assert "Antwoord: <strong>nee</strong>" in html
    client.force_login(partner_b)
    assert client.get(gevraagd.get_absolute_url()).status_code == 404
    assert Gebeurtenis.objects.filter(tekst__contains="antwoordt").count() == 1


def test_veilig_contact_without_questionnaires_by_e_mail_keeps_the_question_on_the_status_page(
    verwijzing,
):
    VeiligContact.vastleggen(
        hulpvraag=verwijzing.hulpvraag, door=None, email=EmailWens.ALLEEN_NODIG
    )
    assert vragen(om(2027, 1, 4, 10)) == 1
    assert not vraagmails().exists()
    assert verwijzing.hulpvraag.tijdlijn.filter(
        soort=Gebeurtenis.Soort.VEILIG_CONTACT, tekst__contains="(vragenlijst)"
    ).exists()
