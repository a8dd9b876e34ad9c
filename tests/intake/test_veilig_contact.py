"""Veilig contact: the resident says how they may and may not be contacted, and every channel
honours it — e-mails it forbids are not sent (and the case says why), staff see it on the
case and the call-back, the partner on a referral that shared personal data."""

import uuid
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from intake.models import (
    Afspraak,
    Berichtsoort,
    Contactweg,
    EmailWens,
    Feedbackuitnodiging,
    Gebeurtenis,
    Gegevenscategorie,
    Grondslag,
    Hulpvraag,
    Route,
    Status,
    Terugbelverzoek,
    VeiligContact,
    contact_toegestaan,
)
from intake.services.afspraken import afspraken_herinneren
from intake.services.bewaren import bewaartermijnen_toepassen
from intake.services.doorverwijzing import doorverwijzing_versturen
from intake.services.feedback import feedback_vragen
from intake.services.hulpvraag import bevestiging_sturen
from intake.services.terugbellen import niet_bereikt_melden
from locaties import openingstijden
from tests.intake.factories import (
    AfspraakFactory,
    DoorverwijzingFactory,
    HulpvraagFactory,
    InwonerFactory,
)
from toegang.accounts.roles import Team
from toegang.berichten.models import Mail
from toegang.privacy.models import Verwerking

pytestmark = pytest.mark.django_db

TZ = openingstijden.TZ
CODEWOORD = "Zonnebloem42"


def wensen(hulpvraag, door=None, **velden):
    return VeiligContact.vastleggen(hulpvraag=hulpvraag, door=door, **velden)


@pytest.fixture
def zaak(medewerker):
    hulpvraag = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Sanne Bakker", telefoon="06 11112222", email="s@example.org")
    )
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    return hulpvraag


@pytest.fixture
def balie(client, medewerker):
    client.force_login(medewerker)
    return client


def regels_veilig_contact(hulpvraag) -> list[str]:
    return list(
        Gebeurtenis.objects.filter(
            hulpvraag=hulpvraag, soort=Gebeurtenis.Soort.VEILIG_CONTACT
        ).values_list("tekst", flat=True)
    )


# --- the one rule -----------------------------------------------------------------------------


def test_without_wishes_every_way_is_allowed(zaak):
    assert contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.HERINNERING)
    assert contact_toegestaan(zaak, Contactweg.POST)
    assert contact_toegestaan(zaak, Contactweg.VOICEMAIL)
    assert contact_toegestaan(zaak, Contactweg.BELLEN, nu=timezone.now(), nummer="0611112222")


def test_no_email_refuses_every_kind_of_mail(zaak):
    wensen(zaak, email=EmailWens.GEEN)
    for soort in Berichtsoort.values:
        oordeel = contact_toegestaan(zaak, Contactweg.EMAIL, soort=soort)
        assert not oordeel
        assert "geen e-mail" in oordeel.reden


def test_only_needed_email_allows_confirmations_but_not_reminders_or_surveys(zaak):
    wensen(zaak, email=EmailWens.ALLEEN_NODIG)
    assert contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.BEVESTIGING)
    assert contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.BERICHT)
    assert not contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.HERINNERING)
    assert not contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.VRAGENLIJST)


def test_an_email_must_say_what_kind_of_message_it_is(zaak):
    with pytest.raises(ValueError):
        contact_toegestaan(zaak, Contactweg.EMAIL)


def test_no_post_and_no_voicemail_are_refused(zaak):
    wensen(zaak, geen_post=True, geen_voicemail=True)
    assert not contact_toegestaan(zaak, Contactweg.POST)
    assert not contact_toegestaan(zaak, Contactweg.VOICEMAIL)
    assert contact_toegestaan(zaak, Contactweg.EMAIL, soort=Berichtsoort.HERINNERING)


def test_only_this_number_refuses_another_number_however_it_is_written(zaak):
    wensen(zaak, alleen_nummer="+31623456789")
    assert contact_toegestaan(zaak, Contactweg.BELLEN, nummer="06 23456789")
    assert contact_toegestaan(zaak, Contactweg.BELLEN, nummer="+31 (0)6-2345 6789")
    oordeel = contact_toegestaan(zaak, Contactweg.BELLEN, nummer="06 11112222")
    assert not oordeel
    assert "niet op dit nummer" in oordeel.reden


def test_only_at_these_times_follows_local_time_on_the_chosen_days(zaak):
    # Tuesday and Thursday mornings only.
    wensen(zaak, weekdagen=[1, 3], dagdelen=["ochtend"])
    dinsdag_ochtend = datetime(2026, 12, 8, 9, 30, tzinfo=TZ)
    dinsdag_middag = datetime(2026, 12, 8, 14, 0, tzinfo=TZ)
    woensdag_ochtend = datetime(2026, 12, 9, 9, 30, tzinfo=TZ)
    assert contact_toegestaan(zaak, Contactweg.BELLEN, nu=dinsdag_ochtend)
    assert not contact_toegestaan(zaak, Contactweg.BELLEN, nu=dinsdag_middag)
    oordeel = contact_toegestaan(zaak, Contactweg.BELLEN, nu=woensdag_ochtend)
    assert not oordeel
    assert oordeel.reden == (
        "de inwoner wil alleen gebeld worden op dinsdag en donderdag, in de ochtend (8–12 uur)."
    )
    # The same wall-clock hour in summer time (after the DST switch) is still the morning.
    assert contact_toegestaan(zaak, Contactweg.BELLEN, nu=datetime(2027, 4, 6, 9, 30, tzinfo=TZ))


def test_recording_wishes_writes_the_timeline_without_the_code_word(zaak, medewerker):
    wensen(zaak, door=medewerker, geen_post=True, codewoord=CODEWOORD, notitie="Mijn ex leest mee")
    (regel,) = regels_veilig_contact(zaak)
    assert "Stuur geen brieven naar het huisadres." in regel
    assert "codewoord" in regel
    assert CODEWOORD not in regel
    assert "Mijn ex" not in regel
    # The same again writes nothing; clearing everything removes the record.
    wensen(zaak, door=medewerker, geen_post=True, codewoord=CODEWOORD, notitie="Mijn ex leest mee")
    assert len(regels_veilig_contact(zaak)) == 1
    wensen(zaak, door=medewerker, geen_post=False, codewoord="", notitie="")
    assert not VeiligContact.objects.filter(hulpvraag=zaak).exists()
    assert "opgeheven" in regels_veilig_contact(zaak)[-1]


# --- e-mails it forbids are not sent, and the case says why ---------------------------------------


def test_a_forbidden_confirmation_is_not_sent_and_the_case_says_why(zaak):
    wensen(zaak, email=EmailWens.GEEN, codewoord=CODEWOORD)
    assert bevestiging_sturen(hulpvraag_id=zaak.pk) is False
    assert bevestiging_sturen(hulpvraag_id=zaak.pk) is False  # the task ran twice
    assert not Mail.objects.exists()
    (regel,) = [r for r in regels_veilig_contact(zaak) if r.startswith("E-mail niet verstuurd")]
    assert (
        regel == "E-mail niet verstuurd (bevestiging): de inwoner wil geen e-mail (veilig contact)."
    )
    assert CODEWOORD not in regel


def test_without_wishes_the_confirmation_is_sent(zaak):
    assert bevestiging_sturen(hulpvraag_id=zaak.pk) is True
    assert Mail.objects.get().aan == "s@example.org"
    assert regels_veilig_contact(zaak) == []


def test_only_needed_email_suppresses_the_reminder_but_not_the_confirmation(zaak):
    wensen(zaak, email=EmailWens.ALLEEN_NODIG)
    vandaag = timezone.localdate()
    while not openingstijden.is_werkdag(vandaag):
        vandaag += timedelta(days=1)
    AfspraakFactory(hulpvraag=zaak, eigenaar_soort=Afspraak.Eigenaar.INWONER, deadline=vandaag)
    afspraken_herinneren(vandaag=vandaag)
    assert not Mail.objects.exists()
    assert any("(herinnering)" in r for r in regels_veilig_contact(zaak))
    assert bevestiging_sturen(hulpvraag_id=zaak.pk) is True


def test_the_call_back_failure_mail_is_suppressed(zaak):
    wensen(zaak, email=EmailWens.GEEN)
    verzoek = Terugbelverzoek.objects.create(
        hulpvraag=zaak,
        via=Terugbelverzoek.Via.BALIE,
        telefoon="06 11112222",
        status=Terugbelverzoek.Status.NIET_BEREIKT,
        datum=timezone.localdate(),
        dagdeel="ochtend",
        venster_start=timezone.now(),
        venster_einde=timezone.now(),
        mislukt=3,
    )
    assert niet_bereikt_melden(terugbelverzoek_id=verzoek.pk) is False
    assert not Mail.objects.exists()
    assert any("(bericht over de hulpvraag)" in r for r in regels_veilig_contact(zaak))


def test_a_refused_survey_leaves_no_invitation(zaak, medewerker):
    wensen(zaak, email=EmailWens.ALLEEN_NODIG)
    Hulpvraag.objects.filter(pk=zaak.pk).update(
        status=Status.AFGEROND,
        route=Route.SOCIALE_BASIS,
        uitkomst="Klaar",
        afgesloten_op=timezone.now(),
    )
    assert feedback_vragen(hulpvraag_id=zaak.pk) is False
    assert not Feedbackuitnodiging.objects.exists()
    assert not Mail.objects.exists()
    assert any("(vragenlijst)" in r for r in regels_veilig_contact(zaak))


# --- staff see it at the top of the case and the call-back ----------------------------------------


def test_the_case_page_shows_the_wishes_and_the_code_word_on_top(balie, zaak):
    wensen(zaak, geen_voicemail=True, alleen_nummer="+31623456789", codewoord=CODEWOORD)
    html = balie.get(zaak.get_absolute_url()).content.decode()
    assert 'aria-labelledby="veilig-contact-titel"' in html
    assert html.index("veilig-contact-titel") < html.index('id="vraag-titel"')
    assert "Spreek geen bericht in op de voicemail." in html
    assert "Bel alleen 06 23456789." in html
    assert CODEWOORD in html


@override_settings(CONTACTGEGEVENS_ROLLEN=["coordinator"])
def test_a_role_without_contact_details_sees_the_wishes_but_not_number_or_code_word(balie, zaak):
    wensen(zaak, geen_post=True, alleen_nummer="+31623456789", codewoord=CODEWOORD)
    html = balie.get(zaak.get_absolute_url()).content.decode()
    assert "Stuur geen brieven naar het huisadres." in html
    assert CODEWOORD not in html
    assert "23456789" not in html
    # Saving the form without those fields keeps the number and the code word.
    response = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/veilig_contact/",
        {"veilig_contact-veilig_geen_voicemail": "on", "veilig_contact-veilig_geen_post": "on"},
    )
    assert response.status_code == 303
    opgeslagen = VeiligContact.objects.get(hulpvraag=zaak)
    assert (opgeslagen.codewoord, opgeslagen.alleen_nummer) == (CODEWOORD, "+31623456789")
    assert opgeslagen.geen_voicemail


def test_viewing_the_case_with_its_code_word_is_in_the_access_log(balie, zaak, medewerker):
    wensen(zaak, codewoord=CODEWOORD)
    voor = Verwerking.objects.filter(gebruiker_id=medewerker.pk, hulpvraag=zaak.referentie).count()
    balie.get(zaak.get_absolute_url())
    rijen = Verwerking.objects.filter(gebruiker_id=medewerker.pk, hulpvraag=zaak.referentie)
    assert rijen.count() == voor + 1
    assert not Verwerking.objects.filter(toelichting__contains=CODEWOORD).exists()


def test_a_medewerker_records_the_wishes_on_the_case_page(balie, zaak):
    response = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/veilig_contact/",
        {
            "veilig_contact-veilig_geen_post": "on",
            "veilig_contact-veilig_email": EmailWens.GEEN,
            "veilig_contact-veilig_alleen_nummer": "06-2345 6789",
            "veilig_contact-veilig_weekdagen": ["0", "2"],
            "veilig_contact-veilig_dagdelen": ["middag"],
            "veilig_contact-veilig_codewoord": f"  {CODEWOORD} ",
            "veilig_contact-veilig_notitie": "Alleen overdag",
        },
    )
    assert response.status_code == 303
    opgeslagen = VeiligContact.objects.get(hulpvraag=zaak)
    assert opgeslagen.alleen_nummer == "+31623456789"
    assert opgeslagen.weekdagen == [0, 2]
    assert opgeslagen.dagdelen == ["middag"]
    assert opgeslagen.codewoord == CODEWOORD
    assert Verwerking.objects.filter(
        hulpvraag=zaak.referentie, toelichting="veilig_contact"
    ).exists()


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("veilig_alleen_nummer", "bel me maar", "Vul een telefoonnummer in"),
        ("veilig_alleen_nummer", "06 123", "Vul een telefoonnummer in"),
        ("veilig_codewoord", "x" * 51, "maximaal 50 tekens"),
        ("veilig_notitie", "x" * 501, "maximaal 500 tekens"),
        ("veilig_weekdagen", "9", "Kies dagen uit de lijst"),
        ("veilig_email", "misschien", "Kies wat wij met e-mail mogen doen"),
    ],
)
def test_bad_input_on_the_case_page_is_refused_kept_and_saves_nothing(
    balie, zaak, veld, waarde, melding
):
    data = {"veilig_contact-veilig_geen_post": "on", f"veilig_contact-{veld}": waarde}
    response = balie.post(f"/balie/hulpvragen/{zaak.referentie}/veilig_contact/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html
    if veld == "veilig_alleen_nummer":
        assert f'value="{waarde}"' in html
    assert not VeiligContact.objects.filter(hulpvraag=zaak).exists()


def test_hostile_text_in_the_note_is_shown_escaped(balie, zaak):
    kwaad = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/veilig_contact/",
        {"veilig_contact-veilig_notitie": kwaad, "veilig_contact-veilig_codewoord": "<b>x</b>"},
    )
    html = balie.get(zaak.get_absolute_url()).content.decode()
    assert kwaad not in html
    assert escape(kwaad) in html
    assert "<b>x</b>" not in html


def test_the_call_back_shows_the_wishes_and_warns_about_another_number(balie, zaak):
    wensen(zaak, alleen_nummer="+31623456789", geen_voicemail=True)
    verzoek = Terugbelverzoek.objects.create(
        hulpvraag=zaak,
        via=Terugbelverzoek.Via.BALIE,
        telefoon="06 11112222",
        datum=timezone.localdate(),
        dagdeel="ochtend",
        venster_start=timezone.now(),
        venster_einde=timezone.now() + timedelta(hours=3),
    )
    html = balie.get(verzoek.get_absolute_url()).content.decode()
    assert "Spreek geen bericht in op de voicemail." in html
    assert "Nu niet bellen:" in html
    assert "De inwoner wil alleen gebeld worden op het nummer bij veilig contact" in html
    assert "Bel alleen 06 23456789." in html
    wachtrij = balie.get("/balie/wachtrij/terugbellen/").content.decode()
    assert 'class="label-veilig-contact"' in wachtrij


# --- who sees it --------------------------------------------------------------------------------


def test_a_medewerker_outside_the_case_cannot_see_or_change_the_wishes(client, medewerker):
    buiten = HulpvraagFactory(team=Team.MAATWERK_WMO)
    wensen(buiten, codewoord=CODEWOORD)
    client.force_login(medewerker)
    response = client.get(buiten.get_absolute_url())
    assert CODEWOORD not in response.content.decode()
    assert response.status_code == 403  # break the glass first
    post = client.post(
        f"/balie/hulpvragen/{buiten.referentie}/veilig_contact/",
        {"veilig_contact-veilig_codewoord": "overgenomen"},
    )
    assert post.status_code == 404
    assert VeiligContact.objects.get(hulpvraag=buiten).codewoord == CODEWOORD


@pytest.mark.parametrize("persona", ["partner_a", "beleid", "beheerder"])
def test_other_roles_cannot_record_wishes(client, persona, request, zaak):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        f"/balie/hulpvragen/{zaak.referentie}/veilig_contact/",
        {"veilig_contact-veilig_geen_post": "on"},
    )
    assert response.status_code == 403
    assert not VeiligContact.objects.exists()


# --- referrals carry it to the partner -----------------------------------------------------------


def _verstuur(zaak, medewerker, organisatie, **velden):
    verwijzing = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=organisatie,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        **velden,
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    return verwijzing


def test_the_partner_sees_the_wishes_and_the_safe_number(
    client, zaak, medewerker, partner_organisatie_a, partner_a
):
    wensen(zaak, alleen_nummer="+31623456789", geen_post=True, codewoord=CODEWOORD)
    verwijzing = _verstuur(zaak, medewerker, partner_organisatie_a)
    client.force_login(partner_a)
    html = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").content.decode()
    assert "Veilig contact: zo neemt u contact op met de inwoner" in html
    assert "Bel alleen 06 23456789." in html
    assert "Stuur geen brieven naar het huisadres." in html
    # The phone number handed over is the safe one, never the one on file.
    assert "06 11112222" not in html
    # The code word was not among the data handed over: the partner is told to ask.
    assert CODEWOORD not in html
    assert "Vraag uw contactpersoon bij de toegang" in html


def test_the_code_word_goes_to_the_partner_only_when_handed_over(
    client, zaak, medewerker, partner_organisatie_a, partner_a
):
    wensen(zaak, codewoord=CODEWOORD)
    verwijzing = _verstuur(
        zaak,
        medewerker,
        partner_organisatie_a,
        gegevens=[Gegevenscategorie.NAAM, Gegevenscategorie.TELEFOON, Gegevenscategorie.CODEWOORD],
    )
    client.force_login(partner_a)
    html = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").content.decode()
    assert CODEWOORD in html
    assert "Vraag eerst naar het codewoord" in html


def test_a_wish_changed_after_sending_reaches_the_partner_at_once(
    client, zaak, medewerker, partner_organisatie_a, partner_a
):
    verwijzing = _verstuur(zaak, medewerker, partner_organisatie_a)
    wensen(zaak, geen_voicemail=True)
    client.force_login(partner_a)
    html = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").content.decode()
    assert "Spreek geen bericht in op de voicemail." in html


def test_an_anonymous_consultation_carries_no_wishes(
    client, zaak, medewerker, partner_organisatie_a, partner_a
):
    wensen(zaak, geen_voicemail=True, codewoord=CODEWOORD)
    verwijzing = _verstuur(
        zaak,
        medewerker,
        partner_organisatie_a,
        grondslag=Grondslag.GEEN,
        gegevens=[],
        toestemming_op=None,
        toestemming_wijze="",
    )
    client.force_login(partner_a)
    html = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").content.decode()
    assert "veilig-contact-titel" not in html
    assert CODEWOORD not in html


def test_another_partner_cannot_open_the_referral_with_its_wishes(
    client, zaak, medewerker, partner_organisatie_a, partner_b
):
    wensen(zaak, codewoord=CODEWOORD)
    verwijzing = _verstuur(zaak, medewerker, partner_organisatie_a)
    client.force_login(partner_b)
    response = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/")
    assert response.status_code == 404
    assert CODEWOORD not in response.content.decode()


# --- entry online and at the counter ---------------------------------------------------------------


def online(**anders):
    data = {
        "vraag": "Ik wil praten over thuis.",
        "naam": "Anna",
        "kern": "aalten",
        "contactvoorkeur": "telefoon",
        "telefoon": "06 12345678",
        "email": "anna@example.org",
        "contacttijd": "ochtend",
        "toestemming_inzien": "on",
        "inzending": str(uuid.uuid4()),
        "website": "",
    }
    data.update(anders)
    return data


def test_a_resident_gives_the_wishes_with_the_online_question(resident):
    response = resident.post(
        "/hulpvraag/",
        online(
            veilig_geen_post="on",
            veilig_email=EmailWens.GEEN,
            veilig_alleen_nummer="06 23456789",
            veilig_dagdelen=["ochtend"],
            veilig_codewoord=CODEWOORD,
        ),
    )
    assert response.status_code == 303
    opgeslagen = Hulpvraag.objects.get().veilig_contact
    assert opgeslagen.geen_post
    assert opgeslagen.email == EmailWens.GEEN
    assert opgeslagen.alleen_nummer == "+31623456789"
    assert opgeslagen.bijgewerkt_door is None
    # The confirmation that the outbox sends next follows the wishes already.
    assert bevestiging_sturen(hulpvraag_id=opgeslagen.hulpvraag_id) is False


def test_the_online_form_offers_the_wishes_closed_and_optional(resident):
    html = resident.get("/hulpvraag/").content.decode()
    assert "Is het niet veilig om u zomaar te bellen of te schrijven?" in html
    assert '<details class="veilig-contact-velden">' in html
    assert 'name="veilig_codewoord"' in html


def test_a_bad_safe_number_online_keeps_the_input_and_saves_nothing(resident):
    response = resident.post(
        "/hulpvraag/",
        online(veilig_alleen_nummer="<b>bel</b>", veilig_notitie="Niet na 17 uur"),
    )
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Vul een telefoonnummer in" in html
    assert "Niet na 17 uur" in html
    assert escape("<b>bel</b>") in html
    assert '<details class="veilig-contact-velden" open>' in html
    assert not Hulpvraag.objects.exists()
    assert not VeiligContact.objects.exists()


def test_choosing_email_contact_and_no_email_is_refused(resident):
    response = resident.post(
        "/hulpvraag/",
        online(contactvoorkeur="email", veilig_email=EmailWens.GEEN),
    )
    assert "Kies één van beide" in response.content.decode()
    assert not Hulpvraag.objects.exists()


def test_the_counter_records_the_wishes_with_a_new_question(balie):
    response = balie.post(
        "/balie/nieuw/",
        {
            "inzending": str(uuid.uuid4()),
            "kanaal": "balie-hofstraat",
            "naam": "Petra Jansen",
            "telefoon": "0543 123 456",
            "kern": "aalten",
            "vraag": "Ik wil weg bij mijn partner.",
            "toestemming_inzien": "on",
            "koppel_aan": "nieuw",
            "veilig_geen_voicemail": "on",
            "veilig_codewoord": CODEWOORD,
        },
    )
    assert response.status_code == 303, response.content.decode()[:2000]
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.veilig_contact.geen_voicemail
    assert hulpvraag.veilig_contact.codewoord == CODEWOORD
    html = balie.get(hulpvraag.get_absolute_url()).content.decode()
    assert "Spreek geen bericht in op de voicemail." in html


# --- retention ------------------------------------------------------------------------------------


def test_retention_removes_the_wishes_with_the_case_data(zaak, medewerker):
    wensen(zaak, codewoord=CODEWOORD, notitie="Mijn ex leest mee")
    drie_jaar = timezone.now() - timedelta(days=3 * 366)
    Hulpvraag.objects.filter(pk=zaak.pk).update(
        status=Status.AFGEROND, route=Route.SOCIALE_BASIS, uitkomst="Klaar", afgesloten_op=drie_jaar
    )
    with time_machine.travel(timezone.now(), tick=False):
        bewaartermijnen_toepassen()
    assert not VeiligContact.objects.exists()


def test_the_avg_request_lists_the_wishes_with_the_code_word(zaak):
    from intake.services.inzage import inzage_samenstellen

    wensen(zaak, geen_post=True, codewoord=CODEWOORD)
    (hulpvraag,) = inzage_samenstellen(zaak.inwoner)["hulpvragen"]
    assert hulpvraag["veilig_contact"]["codewoord"] == CODEWOORD
    assert "Stuur geen brieven naar het huisadres." in hulpvraag["veilig_contact"]["wensen"]


# --- the status page -------------------------------------------------------------------------------


def test_the_resident_changes_the_wishes_on_the_status_page_without_seeing_number_or_code(
    resident, zaak
):
    wensen(zaak, alleen_nummer="+31623456789", codewoord=CODEWOORD, geen_post=True)
    url = f"/hulpvraag/status/{zaak.token}/veilig-contact/"
    assert f'href="{url}"' in resident.get(zaak.status_url).content.decode()
    pagina = resident.get(url)
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert CODEWOORD not in html
    assert "23456789" not in html
    assert "U gaf dit al eerder op" in html
    # Empty number and code word keep them; the rest is what the resident ticks now.
    response = resident.post(url, {"veilig_geen_voicemail": "on", "veilig_email": "geen"})
    assert response.status_code == 303
    assert response["Location"] == zaak.status_url
    opgeslagen = VeiligContact.objects.get(hulpvraag=zaak)
    assert (opgeslagen.alleen_nummer, opgeslagen.codewoord) == ("+31623456789", CODEWOORD)
    assert (opgeslagen.geen_post, opgeslagen.geen_voicemail) == (False, True)
    assert opgeslagen.email == EmailWens.GEEN
    assert opgeslagen.bijgewerkt_door is None
    # And the checkbox removes both.
    resident.post(url, {"veilig_geen_voicemail": "on", "veilig_wissen": "on"})
    opgeslagen.refresh_from_db()
    assert (opgeslagen.alleen_nummer, opgeslagen.codewoord) == ("", "")


def test_bad_input_on_the_status_page_is_refused_and_kept(resident, zaak):
    url = f"/hulpvraag/status/{zaak.token}/veilig-contact/"
    response = resident.post(
        url, {"veilig_alleen_nummer": "'; DROP TABLE x;--", "veilig_notitie": "<i>na 5 uur</i>"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een telefoonnummer in" in html
    assert escape("<i>na 5 uur</i>") in html
    assert not VeiligContact.objects.exists()


def test_the_status_page_form_is_rate_limited_like_the_question_form(resident, zaak, settings):
    settings.HULPVRAAG_LIMIET = 2
    url = f"/hulpvraag/status/{zaak.token}/veilig-contact/"
    for _ in range(2):
        assert resident.post(url, {"veilig_geen_post": "on"}).status_code == 303
    assert resident.post(url, {"veilig_geen_post": "on"}).status_code == 429


def test_an_unknown_status_link_shows_nothing(resident):
    assert resident.get("/hulpvraag/status/onbekend-token/veilig-contact/").status_code == 404


def test_a_bad_safe_number_at_the_counter_opens_its_part_and_saves_nothing(balie):
    response = balie.post(
        "/balie/nieuw/",
        {
            "inzending": str(uuid.uuid4()),
            "kanaal": "balie-hofstraat",
            "naam": "Petra Jansen",
            "telefoon": "0543 123 456",
            "vraag": "Ik wil weg bij mijn partner.",
            "toestemming_inzien": "on",
            "koppel_aan": "nieuw",
            "veilig_alleen_nummer": "12",
            "veilig_codewoord": CODEWOORD,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vul een telefoonnummer in" in html
    assert '<details class="zaakkaart veilig-contact-balie" open>' in html
    assert f'value="{CODEWOORD}"' in html
    assert not Hulpvraag.objects.exists()


def test_referring_and_printing_show_the_wishes_on_top(balie, zaak):
    wensen(zaak, geen_post=True)
    for url in (
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        f"/balie/hulpvragen/{zaak.referentie}/afdrukken/",
    ):
        html = balie.get(url).content.decode()
        assert "Stuur geen brieven naar het huisadres." in html, url


def test_a_question_joined_at_the_counter_adds_wishes_without_clearing_others(balie, zaak):
    wensen(zaak, codewoord=CODEWOORD)
    response = balie.post(
        "/balie/nieuw/",
        {
            "inzending": str(uuid.uuid4()),
            "kanaal": "balie-hofstraat",
            "naam": zaak.inwoner.naam,
            "telefoon": "06 11112222",
            "vraag": "Nog een vraag.",
            "toestemming_inzien": "on",
            "koppel_aan": zaak.referentie,
            "veilig_geen_post": "on",
        },
    )
    assert response.status_code == 303
    opgeslagen = VeiligContact.objects.get(hulpvraag=zaak)
    assert opgeslagen.geen_post
    assert opgeslagen.codewoord == CODEWOORD
