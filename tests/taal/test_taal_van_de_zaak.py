"""The resident's language follows the case (issue 17): stored with the hulpvraag, every
e-mail to them in that language, and the counter sees it."""

import uuid

import pytest
from django.conf import settings

from intake.models import (
    Contactvoorkeur,
    Hulpvraag,
    Route,
    Status,
    Terugbelverzoek,
    terugbelvensters,
)
from intake.services.hulpvraag import hulpvraag_sluiten
from tests.intake.factories import HulpvraagFactory, InwonerFactory, voordeur_openen

pytestmark = pytest.mark.django_db


def _taal_kiezen(client, taal):
    client.post("/taal/", {"language": taal, "next": "/hulpvraag/"})


def _vraag(**anders):
    return {
        "vraag": "Ich brauche Hilfe mit meinen Rechnungen.",
        "naam": "Anna Schmidt",
        "kern": "dinxperlo",
        "contactvoorkeur": Contactvoorkeur.EMAIL,
        "telefoon": "",
        "email": "anna@beispiel.de",
        "contacttijd": "ochtend",
        "toestemming_inzien": "on",
        "inzending": str(uuid.uuid4()),
        "aanbod": "",
        "website": "",
        **anders,
    }


def test_a_question_asked_in_german_gets_its_mails_in_german(
    client, celery_in_proces, django_capture_on_commit_callbacks, mailoutbox, medewerker
):
    _taal_kiezen(client, "de")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/hulpvraag/", _vraag()).status_code == 303
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.taal == "de"

    bevestiging = mailoutbox[0]
    assert bevestiging.subject == f"Wir haben Ihre Frage erhalten ({hulpvraag.referentie})"
    assert "Wir haben Ihre Frage erhalten. Vielen Dank." in bevestiging.body
    assert "Mit freundlichen Grüßen" in bevestiging.body
    # Dates in German too: the weekday of the promised first contact.
    dagen = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
    assert any(dag in bevestiging.body for dag in dagen)
    assert "Wij hebben" not in bevestiging.body

    # Later, from a medewerker's Dutch request: the resident's mail is still German.
    with django_capture_on_commit_callbacks(execute=True):
        hulpvraag_sluiten(
            hulpvraag=hulpvraag, door=medewerker, route=Route.VOORLIGGEND_VELD, uitkomst="Klaar."
        )
    feedback = mailoutbox[-1]
    assert feedback.subject == "Wie haben wir Ihnen geholfen?"
    assert "Ihre Antworten sind anonym." in feedback.body


def test_a_question_asked_in_dutch_gets_its_mails_in_dutch(
    client, celery_in_proces, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/hulpvraag/", _vraag())
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.taal == "nl"
    assert mailoutbox[0].subject == f"Wij hebben uw vraag ontvangen ({hulpvraag.referentie})"


def test_the_mail_language_is_the_cases_not_the_senders(
    celery_in_proces, django_capture_on_commit_callbacks, mailoutbox
):
    """The mail is built in a worker or in someone else's request: the case decides."""
    from django.utils import translation

    from intake.services.hulpvraag import bevestiging_sturen

    hulpvraag = HulpvraagFactory(taal="en", inwoner=InwonerFactory(email="a@example.org"))
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        bevestiging_sturen(hulpvraag_id=hulpvraag.pk)
    assert mailoutbox[0].subject == f"We have received your question ({hulpvraag.referentie})"


def test_a_call_back_asked_in_polish_opens_a_polish_case(client):
    voordeur_openen()
    _taal_kiezen(client, "pl")
    response = client.post(
        "/terugbellen/",
        {
            "naam": "Jan Kowalski",
            "telefoon": "0611223344",
            "venster": terugbelvensters()[0].waarde,
            "toestemming": "on",
            "inzending": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 303
    assert Terugbelverzoek.objects.get().hulpvraag.taal == "pl"


def test_the_counter_sees_the_language_on_the_case_and_in_the_queue(client, medewerker):
    arabisch = HulpvraagFactory(taal="ar")
    nederlands = HulpvraagFactory(taal="nl")
    client.force_login(medewerker)
    _taal_kiezen(client, "ar")  # a medewerker's own cookie changes nothing on staff pages
    zaak = client.get(arabisch.get_absolute_url()).content.decode()
    assert "Spreekt Arabisch — tolk nodig?" in zaak
    assert '<html lang="nl"' in zaak
    assert "tolk nodig" not in client.get(nederlands.get_absolute_url()).content.decode()
    wachtrij = client.get("/balie/wachtrij/nieuw/").content.decode()
    assert wachtrij.count("tolk nodig?") == 1
    assert "Spreekt Arabisch — tolk nodig?" in wachtrij
    HulpvraagFactory(taal="uk", vast_aanspreekpunt=medewerker, status=Status.IN_BEHANDELING)
    mijn = client.get("/balie/wachtrij/mijn/").content.decode()
    assert mijn.count("tolk nodig?") == 1
    assert "Spreekt Oekraïens — tolk nodig?" in mijn


@pytest.mark.parametrize(
    ("taal", "melding"),
    [
        ("nl", ""),
        ("en", "Spreekt Engels — tolk nodig?"),
        ("de", "Spreekt Duits — tolk nodig?"),
        ("ar", "Spreekt Arabisch — tolk nodig?"),
        ("uk", "Spreekt Oekraïens — tolk nodig?"),
        ("pl", "Spreekt Pools — tolk nodig?"),
    ],
)
def test_the_notice_names_the_language_in_dutch_whatever_language_is_active(taal, melding):
    from django.utils import translation

    with translation.override("de"):
        assert Hulpvraag(taal=taal).taal_melding == melding


def test_staff_messages_stay_dutch_in_a_residents_request():
    """A message to staff set off while a resident's page speaks German is written in Dutch,
    dates included."""
    import datetime

    from django.utils import translation

    from toegang.berichten.services import bericht_uit_sjabloon

    with translation.override("de"):
        bericht = bericht_uit_sjabloon(
            "intake/meldingen/toestemming_ingetrokken.txt",
            referentie="HV-1",
            organisatie="Figulus",
            op=datetime.date(2026, 3, 2),
        )
        assert translation.get_language() == "de"
    assert "2 maart 2026" in bericht["tekst"]
    assert settings.LANGUAGE_CODE == "nl"


# --- Every reminder a resident can get follows the case's language --------------------------
# The reminders and questions that come later, from a worker or a medewerker's Dutch
# request: a commitment the resident made (afspraak), a visit at the front door
# (bezoekafspraak), "Is de hulp gestart?" after a referral, a call-back that did not reach
# them, and the survey (above). Each is sent while Dutch is active, as a worker would.


def _mails():
    """The mails as stored for sending (the send itself is a task after the commit)."""
    from toegang.berichten.models import Mail

    return list(Mail.objects.order_by("pk"))


def _duitse_zaak():
    return HulpvraagFactory(
        taal="de", inwoner=InwonerFactory(naam="Anna Schmidt", email="anna@beispiel.de")
    )


def test_a_commitment_reminder_of_a_german_case_is_german():
    import datetime

    from django.utils import translation

    from intake.services.afspraken import afspraken_herinneren
    from tests.intake.factories import AfspraakFactory

    hulpvraag = _duitse_zaak()
    # Monday 7 December 2026; due on Tuesday, and one due today.
    maandag = datetime.date(2026, 12, 7)
    AfspraakFactory(hulpvraag=hulpvraag, deadline=maandag + datetime.timedelta(days=1))
    AfspraakFactory(hulpvraag=hulpvraag, deadline=maandag, wat="Kontoauszüge mitbringen")
    with translation.override("nl"):
        assert afspraken_herinneren(vandaag=maandag) == {"morgen": 1, "vandaag": 1, "te_laat": 0}
    mails = _mails()
    assert len(mails) == 2
    for mail in mails:
        assert mail.onderwerp == (
            f"Erinnerung: Ihre Absprache mit der Anlaufstelle ({hulpvraag.referentie})"
        )
        assert "Mit freundlichen Grüßen" in mail.tekst
        assert "Beste" not in mail.tekst and "afgesproken" not in mail.tekst
    # The due date in German ("8. Dezember 2026").
    assert "Dezember" in mails[0].tekst + mails[1].tekst


def test_a_visit_reminder_of_a_german_case_is_german(
    celery_in_proces, django_capture_on_commit_callbacks
):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import translation

    from intake.services.bezoekafspraken import bezoekafspraken_herinneren
    from tests.intake.factories import bezoekafspraak_maken, rooster_vullen

    hofstraat, _ = voordeur_openen()
    rooster_vullen(hofstraat, datetime.date(2026, 12, 9), "ochtend", 2)
    ams = ZoneInfo("Europe/Amsterdam")
    maandag = datetime.datetime(2026, 12, 7, 9, tzinfo=ams)
    with time_machine.travel(maandag, tick=False), django_capture_on_commit_callbacks(execute=True):
        afspraak = bezoekafspraak_maken(
            hofstraat, "2026-12-09T09:30", email="anna@beispiel.de", taal="de"
        )
    assert afspraak.hulpvraag.taal == "de"
    # Tuesday 8 December is the working day before; the task runs in Dutch.
    dinsdag = datetime.datetime(2026, 12, 8, 10, tzinfo=ams)
    with time_machine.travel(dinsdag, tick=False), translation.override("nl"):
        assert bezoekafspraken_herinneren() == 1
    [herinnering] = [m for m in _mails() if ":herinnering:" in m.sleutel]
    assert herinnering.onderwerp.startswith("Erinnerung: Ihr Termin bei der Gemeinde am Mittwoch")
    assert "Dezember" in herinnering.onderwerp
    assert "Wij verwachten" not in herinnering.tekst


def test_the_question_whether_help_started_is_german_for_a_german_case():
    from django.utils import translation

    from intake.services.hulp_gestart import vraag_mailen
    from tests.intake.factories import DoorverwijzingFactory

    verwijzing = DoorverwijzingFactory(hulpvraag=_duitse_zaak())
    with translation.override("nl"):
        assert vraag_mailen(verwijzing)
    [mail] = _mails()
    assert mail.onderwerp == f"Hat die Hilfe begonnen? ({verwijzing.hulpvraag.referentie})"
    assert "Wij hebben u doorverwezen" not in mail.tekst


def test_a_call_back_that_did_not_reach_a_german_resident_is_told_in_german():
    from django.utils import translation

    from intake.services.terugbellen import niet_bereikt_melden
    from tests.intake.factories import terugbelverzoek_maken

    voordeur_openen()
    verzoek = terugbelverzoek_maken(_duitse_zaak(), venster=terugbelvensters()[0].waarde)
    # Three tries that did not reach her (the call-back tests walk that path).
    Terugbelverzoek.objects.filter(pk=verzoek.pk).update(status=Terugbelverzoek.Status.NIET_BEREIKT)
    with translation.override("nl"):
        assert niet_bereikt_melden(terugbelverzoek_id=verzoek.pk)
    [mail] = _mails()
    assert "Mit freundlichen Grüßen" in mail.tekst
    assert "Met vriendelijke groet" not in mail.tekst
