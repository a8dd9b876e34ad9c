"""Referrals through the browser's eyes: the front desk refers, the partner answers in its
portal, partners see only what is theirs (404 on every partner URL), signals come in."""

import re
import uuid

import pytest
from django.utils import timezone
from django.utils.html import escape

from intake.forms import DoorverwijzingForm
from intake.models import (
    Doorverwijzing,
    DoorverwijzingStatus,
    Gegevenscategorie,
    Grondslag,
    Hulpvraag,
    Kanaal,
    Reactietermijnen,
    Status,
)
from intake.services.doorverwijzing import (
    doorverwijzing_accepteren,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_versturen,
)
from sociale_kaart.models import AanbodStatus
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from tests.post import verzonden_mail
from tests.sociale_kaart.factories import AanbodFactory
from toegang.accounts.roles import Rol, Team
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db
S = DoorverwijzingStatus


@pytest.fixture
def zaak(medewerker):
    hulpvraag = HulpvraagFactory(
        inwoner=InwonerFactory(
            naam="Gerda Wolters", telefoon="06-12345678", email="gerda@example.org"
        ),
        vraag="Ik kom niet rond en de brieven stapelen zich op.",
    )
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    return hulpvraag


@pytest.fixture
def balie(client, medewerker):
    client.force_login(medewerker)
    return client


@pytest.fixture
def verstuurd(zaak, medewerker, partner_organisatie_a, partner_a):
    verwijzing = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=partner_organisatie_a,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        samenvatting="Budgetcoaching gevraagd; zij heeft drie schuldeisers.",
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    return verwijzing


def formulier(organisatie, **extra):
    data = {
        "ontvanger_soort": "organisatie",
        "organisatie": organisatie.naam,
        "samenvatting": "Budgetcoaching gevraagd; drie schuldeisers.",
        "al_gedaan": "Brieven doorgenomen.",
        "contactvoorkeur": "Bellen in de ochtend",
        "urgentie": "normaal",
        "grondslag": Grondslag.TOESTEMMING,
        "toestemming_op": timezone.localdate().isoformat(),
        "toestemming_wijze": "mondeling",
        "gegevens": [Gegevenscategorie.NAAM, Gegevenscategorie.TELEFOON],
        "inzending": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


# --- the front desk refers ------------------------------------------------------------------


def test_the_referral_form_prefills_the_contact_preference_and_an_aanbod(
    balie, zaak, partner_organisatie_a
):
    aanbod = AanbodFactory(organisatie=partner_organisatie_a, naam="Budgetcoaching")
    html = balie.get(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/?aanbod={aanbod.slug}")
    assert html.status_code == 200
    tekst = html.content.decode()
    assert f'<option value="{aanbod.pk}" selected>Budgetcoaching</option>' in tekst


def test_the_partner_reads_the_contact_preference_as_a_sentence(balie, zaak, partner_organisatie_a):
    zaak.contactvoorkeur, zaak.contacttijd = "telefoon", "maakt-niet-uit"
    zaak.save(update_fields=["contactvoorkeur", "contacttijd"])
    tekst = balie.get(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/").content.decode()
    zin = "De inwoner wil graag gebeld worden, het maakt niet uit wanneer."
    assert f'value="{zin}"' in tekst
    assert "Bel mij" not in tekst
    balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        formulier(partner_organisatie_a, contactvoorkeur=zin),
    )
    assert Doorverwijzing.objects.get().contactvoorkeur == zin


def test_referring_sends_it_and_tells_the_partner(balie, zaak, partner_organisatie_a, partner_a):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", formulier(partner_organisatie_a)
    )
    assert antwoord.status_code == 303
    verwijzing = Doorverwijzing.objects.get()
    assert verwijzing.status == S.VERSTUURD
    assert Bericht.objects.filter(ontvanger=partner_a).exists()
    zaak.refresh_from_db()
    assert zaak.status == Status.DOORVERWEZEN
    pagina = balie.get(zaak.get_absolute_url()).content.decode()
    assert "Figulus Welzijn" in pagina and "Verstuurd" in pagina


def test_a_double_submit_of_the_referral_form_makes_one(balie, zaak, partner_organisatie_a):
    data = formulier(partner_organisatie_a)
    balie.post(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", data)
    tweede = balie.post(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", data)
    assert tweede.status_code == 303
    assert Doorverwijzing.objects.count() == 1


def test_without_a_summary_nothing_is_sent_and_the_input_stays(
    balie, zaak, partner_organisatie_a, partner_a
):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        formulier(partner_organisatie_a, samenvatting="", al_gedaan="Samen gebeld met de bank"),
    )
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "Schrijf een samenvatting voor de ontvanger." in tekst
    assert "Samen gebeld met de bank" in tekst
    assert not Doorverwijzing.objects.exists()
    assert not Bericht.objects.filter(ontvanger=partner_a).exists()


def test_personal_data_without_a_basis_is_refused_with_a_clear_message(
    balie, zaak, partner_organisatie_a
):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        formulier(partner_organisatie_a, grondslag=Grondslag.GEEN),
    )
    assert antwoord.status_code == 400
    assert "Zonder grondslag gaan er geen persoonsgegevens mee" in antwoord.content.decode()
    assert not Doorverwijzing.objects.exists()


def test_an_inactive_aanbod_is_refused_in_the_form(balie, zaak, partner_organisatie_a):
    aanbod = AanbodFactory(organisatie=partner_organisatie_a, status=AanbodStatus.INACTIEF)
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        formulier(partner_organisatie_a, aanbod=str(aanbod.pk)),
    )
    assert antwoord.status_code == 400
    assert not Doorverwijzing.objects.exists()


def test_a_second_open_referral_to_the_same_organisation_is_refused(
    balie, zaak, partner_organisatie_a, verstuurd
):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", formulier(partner_organisatie_a)
    )
    assert antwoord.status_code == 400
    assert "loopt al een doorverwijzing" in antwoord.content.decode()
    assert Doorverwijzing.objects.count() == 1


def test_a_concept_is_kept_and_sent_later_from_its_page(
    balie, zaak, partner_organisatie_a, partner_a
):
    balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        formulier(partner_organisatie_a) | {"concept": "1"},
    )
    verwijzing = Doorverwijzing.objects.get()
    assert verwijzing.status == S.CONCEPT
    assert not Bericht.objects.filter(ontvanger=partner_a).exists()
    balie.post(f"/balie/doorverwijzingen/{verwijzing.pk}/versturen/")
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.VERSTUURD


def test_hostile_text_in_the_overdracht_is_escaped_for_the_partner(
    client, zaak, medewerker, partner_organisatie_a, partner_a
):
    verwijzing = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=partner_organisatie_a,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
        samenvatting="<script>alert('x')</script> Zoë 王",
    )
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    client.force_login(partner_a)
    tekst = client.get(f"/partner/doorverwijzingen/{verwijzing.pk}/").content.decode()
    assert "<script>alert(" not in tekst
    assert "&lt;script&gt;" in tekst and "Zoë 王" in tekst


# --- the partner portal -----------------------------------------------------------------------


def test_the_partner_inbox_shows_new_referrals_with_only_the_shared_name(
    client, partner_a, verstuurd
):
    client.force_login(partner_a)
    tekst = client.get("/partner/").content.decode()
    assert verstuurd.hulpvraag.referentie in tekst
    assert "Gerda Wolters" in tekst
    assert "brieven stapelen" not in tekst  # the question itself stays at the front door


def test_the_partner_sees_the_overdracht_and_consented_data_only(client, partner_a, verstuurd):
    client.force_login(partner_a)
    tekst = client.get(f"/partner/doorverwijzingen/{verstuurd.pk}/").content.decode()
    assert "Budgetcoaching gevraagd" in tekst
    assert "Gerda Wolters" in tekst and "06-12345678" in tekst
    assert "gerda@example.org" not in tekst  # e-mail was not among the categories
    assert "brieven stapelen" not in tekst  # nor the question, the notes or the timeline


def test_the_partner_accepts_reports_contact_and_closes_with_an_outcome(
    client, partner_a, verstuurd, medewerker
):
    client.force_login(partner_a)
    basis = f"/partner/doorverwijzingen/{verstuurd.pk}"
    assert client.post(f"{basis}/accepteren/").status_code == 303
    assert client.post(f"{basis}/contact/", {"contact-tekst": "Gebeld."}).status_code == 303
    assert (
        client.post(f"{basis}/afronden/", {"afronden-tekst": "Budgetcursus gestart."}).status_code
        == 303
    )
    verstuurd.refresh_from_db()
    assert verstuurd.status == S.AFGEROND
    assert verstuurd.uitkomst == "Budgetcursus gestart."
    client.force_login(medewerker)
    zaak = client.get(verstuurd.hulpvraag.get_absolute_url()).content.decode()
    assert "Budgetcursus gestart." in zaak


def test_a_decline_with_an_empty_reason_is_refused_and_shows_the_form(client, partner_a, verstuurd):
    client.force_login(partner_a)
    antwoord = client.post(
        f"/partner/doorverwijzingen/{verstuurd.pk}/afwijzen/", {"afwijzen-tekst": "  "}
    )
    assert antwoord.status_code == 400
    assert "Geef een reden als u de doorverwijzing afwijst." in antwoord.content.decode()
    verstuurd.refresh_from_db()
    assert verstuurd.status == S.VERSTUURD


def test_a_decline_without_a_kind_of_reason_is_refused_and_keeps_the_text(
    client, partner_a, verstuurd
):
    client.force_login(partner_a)
    for soort in ("", "geen-zin"):
        antwoord = client.post(
            f"/partner/doorverwijzingen/{verstuurd.pk}/afwijzen/",
            {"afwijzen-tekst": "Wij zitten vol tot maart.", "afwijzen-reden_soort": soort},
        )
        assert antwoord.status_code == 400
        html = antwoord.content.decode()
        assert "Kies" in html and "Wij zitten vol tot maart." in html
    verstuurd.refresh_from_db()
    assert (verstuurd.status, verstuurd.reden_soort) == (S.VERSTUURD, "")


def test_a_partner_declines_with_a_kind_of_reason_the_front_door_sees(
    client, partner_a, medewerker, verstuurd
):
    client.force_login(partner_a)
    pagina = client.get(f"/partner/doorverwijzingen/{verstuurd.pk}/").content.decode()
    assert "Geen plek of capaciteit" in pagina and "Buiten onze doelgroep" in pagina
    antwoord = client.post(
        f"/partner/doorverwijzingen/{verstuurd.pk}/afwijzen/",
        {"afwijzen-tekst": "Alleen voor 18-plussers.", "afwijzen-reden_soort": "buiten-doelgroep"},
    )
    assert antwoord.status_code == 303
    verstuurd.refresh_from_db()
    assert (verstuurd.status, verstuurd.reden_soort) == (S.AFGEWEZEN, "buiten-doelgroep")
    client.force_login(medewerker)
    zaak = client.get(verstuurd.hulpvraag.get_absolute_url()).content.decode()
    assert "Buiten onze doelgroep. Alleen voor 18-plussers." in zaak


def test_a_second_accept_is_told_who_was_first(client, partner_a, verstuurd):
    collega = UserFactory(rol=Rol.PARTNER, organisatie=partner_a.organisatie)
    doorverwijzing_accepteren(doorverwijzing=verstuurd, door=collega)
    client.force_login(partner_a)
    antwoord = client.post(f"/partner/doorverwijzingen/{verstuurd.pk}/accepteren/", follow=True)
    assert f"{escape(collega.weergavenaam)} heeft deze doorverwijzing al geaccepteerd" in (
        antwoord.content.decode()
    )


def test_a_partner_cannot_call_the_front_doors_actions(client, partner_a, verstuurd):
    client.force_login(partner_a)
    antwoord = client.post(
        f"/partner/doorverwijzingen/{verstuurd.pk}/intrekken/", {"intrekken-tekst": "x"}
    )
    assert antwoord.status_code == 404
    verstuurd.refresh_from_db()
    assert verstuurd.status == S.VERSTUURD


PARTNER_URLS = [
    ("get", "/partner/doorverwijzingen/{pk}/"),
    *[
        ("post", "/partner/doorverwijzingen/{pk}/" + actie + "/")
        for actie in ("accepteren", "afwijzen", "terugsturen", "contact", "afronden")
    ],
]


@pytest.mark.parametrize(("methode", "url"), PARTNER_URLS)
def test_partner_cannot_open_other_partners_referral(client, partner_b, verstuurd, methode, url):
    client.force_login(partner_b)
    antwoord = getattr(client, methode)(
        url.format(pk=verstuurd.pk), {"afwijzen-tekst": "x", "afronden-tekst": "x"}
    )
    assert antwoord.status_code == 404
    verstuurd.refresh_from_db()
    assert verstuurd.status == S.VERSTUURD


def test_partner_b_inbox_does_not_list_partner_as_referrals(client, partner_b, verstuurd):
    client.force_login(partner_b)
    tekst = client.get("/partner/").content.decode()
    assert verstuurd.hulpvraag.referentie not in tekst
    assert "Gerda" not in tekst


def test_a_partner_never_sees_a_concept(client, partner_a, zaak, medewerker, partner_organisatie_a):
    concept = DoorverwijzingFactory(
        hulpvraag=zaak,
        organisatie=partner_organisatie_a,
        contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )
    client.force_login(partner_a)
    assert client.get(f"/partner/doorverwijzingen/{concept.pk}/").status_code == 404


def test_partners_cannot_open_the_front_desks_referral_pages(client, partner_a, verstuurd):
    client.force_login(partner_a)
    assert client.get(f"/balie/doorverwijzingen/{verstuurd.pk}/").status_code == 403
    assert (
        client.get(f"/balie/hulpvragen/{verstuurd.hulpvraag.referentie}/doorverwijzen/").status_code
        == 403
    )


def test_a_malformed_referral_id_is_a_404_not_a_500(client, partner_a):
    client.force_login(partner_a)
    assert client.get("/partner/doorverwijzingen/niet-een-uuid/").status_code == 404


# --- questions back and internal teams -----------------------------------------------------------


def test_a_question_back_reaches_the_sender_who_answers_and_resends(
    client, partner_a, verstuurd, medewerker
):
    client.force_login(partner_a)
    client.post(
        f"/partner/doorverwijzingen/{verstuurd.pk}/terugsturen/",
        {"terugsturen-tekst": "Heeft zij al een bewindvoerder?"},
    )
    client.force_login(medewerker)
    balie = client.get("/balie/").content.decode()
    assert "De ontvanger heeft een vraag" in balie
    pagina = client.get(f"/balie/doorverwijzingen/{verstuurd.pk}/").content.decode()
    assert "Heeft zij al een bewindvoerder?" in pagina
    client.post(
        f"/balie/doorverwijzingen/{verstuurd.pk}/beantwoorden/",
        {"beantwoorden-tekst": "Nee, nog niet."},
    )
    verstuurd.refresh_from_db()
    assert verstuurd.status == S.VERSTUURD


def test_an_internal_team_receives_and_accepts_in_the_balie(client, zaak, medewerker):
    wmo = UserFactory(rol=Rol.MEDEWERKER, team=Team.MAATWERK_WMO)
    client.force_login(medewerker)
    client.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        {
            "ontvanger_soort": "team",
            "team": Team.MAATWERK_WMO,
            "samenvatting": "Aanvraag huishoudelijke hulp.",
            "urgentie": "normaal",
            "grondslag": Grondslag.GEEN,
            "inzending": str(uuid.uuid4()),
        },
    )
    verwijzing = Doorverwijzing.objects.get()
    client.force_login(wmo)
    assert "Aan u: accepteren of afwijzen" in client.get("/balie/").content.decode()
    assert client.post(f"/balie/doorverwijzingen/{verwijzing.pk}/accepteren/").status_code == 303
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.GEACCEPTEERD
    # The sender cannot accept on the team's behalf.
    client.force_login(medewerker)
    client.post(f"/balie/doorverwijzingen/{verwijzing.pk}/contact/")
    verwijzing.refresh_from_db()
    assert verwijzing.status == S.GEACCEPTEERD


# --- the resident's status page ---------------------------------------------------------------


def test_the_status_page_says_where_it_went_and_later_that_contact_was_made(
    client, verstuurd, partner_a
):
    url = verstuurd.hulpvraag.status_url
    tekst = client.get(url).content.decode()
    assert "Doorverwezen naar Figulus Welzijn — zij nemen binnen 2 werkdagen contact met u op." in (
        tekst
    )
    assert "Budgetcoaching" not in tekst
    doorverwijzing_accepteren(doorverwijzing=verstuurd, door=partner_a)
    doorverwijzing_contact_vastleggen(doorverwijzing=verstuurd, door=partner_a)
    assert "Figulus Welzijn heeft contact met u gehad." in client.get(url).content.decode()


# --- signals from partners ----------------------------------------------------------------------


def signaal(**extra):
    data = {
        "naam": "Henk Ribbers",
        "telefoon": "0543 123 456",
        "kern": "dinxperlo",
        "vraag": "Meneer is sinds de dood van zijn vrouw erg eenzaam en eet slecht.",
        "toestemming_wijze": "mondeling",
        "inzending": str(uuid.uuid4()),
    }
    data.update(extra)
    return data


def test_a_partner_signal_lands_in_the_queue_with_the_partner_as_source(
    client, partner_a, medewerker
):
    client.force_login(partner_a)
    antwoord = client.post("/partner/signaal/", signaal())
    assert antwoord.status_code == 303
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.kanaal == Kanaal.PARTNER
    assert hulpvraag.signaal_van == partner_a.organisatie
    assert hulpvraag.vast_aanspreekpunt is None
    client.force_login(medewerker)
    assert hulpvraag.referentie in client.get("/balie/").content.decode()


def test_a_signal_says_on_the_timeline_who_passed_it_on_and_with_what_consent(client, partner_a):
    client.force_login(partner_a)
    client.post("/partner/signaal/", signaal())
    hulpvraag = Hulpvraag.objects.get()
    assert (hulpvraag.gemeld_door, hulpvraag.toestemming_delen) == (partner_a, True)
    assert list(hulpvraag.tijdlijn.values_list("soort", "tekst", "door")) == [
        (
            "notitie",
            f"Signaal van Figulus Welzijn, gemeld door {partner_a.weergavenaam}. "
            "Toestemming van de inwoner: Mondeling, in een gesprek.",
            partner_a.pk,
        )
    ]


def test_the_partner_sees_what_became_of_its_signal_and_nothing_more(
    client, partner_a, partner_b, medewerker
):
    client.force_login(partner_a)
    client.post("/partner/signaal/", signaal())
    hulpvraag = Hulpvraag.objects.get()
    assert "Ontvangen, nog niet opgepakt" in client.get("/partner/").content.decode()
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag.contact_vastleggen(
        door=medewerker, kanaal=Kanaal.TELEFOON, tekst="Gebeld, gaat langs."
    )
    tekst = client.get("/partner/").content.decode()
    assert "De toegang heeft contact gehad met de inwoner" in tekst
    assert "Gebeld, gaat langs." not in tekst
    client.force_login(partner_b)
    assert hulpvraag.referentie not in client.get("/partner/").content.decode()


def test_a_signal_without_consent_is_refused_unless_it_is_about_safety(client, partner_a):
    client.force_login(partner_a)
    antwoord = client.post("/partner/signaal/", signaal(toestemming_wijze=""))
    assert antwoord.status_code == 400
    assert "Vraag eerst toestemming" in antwoord.content.decode()
    assert "Henk Ribbers" in antwoord.content.decode()
    assert not Hulpvraag.objects.exists()
    assert (
        client.post("/partner/signaal/", signaal(toestemming_wijze="", veiligheid="on")).status_code
        == 303
    )
    assert Hulpvraag.objects.get().veiligheid


def test_a_double_submitted_signal_makes_one_case(client, partner_a):
    client.force_login(partner_a)
    data = signaal()
    client.post("/partner/signaal/", data)
    client.post("/partner/signaal/", data)
    assert Hulpvraag.objects.count() == 1


# --- in-app messages -----------------------------------------------------------------------------


def test_the_header_shows_the_unread_count_and_the_list_marks_read(client, partner_a, verstuurd):
    client.force_login(partner_a)
    tekst = client.get("/partner/").content.decode()
    assert '1<span class="visueel-verborgen"> ongelezen</span>' in tekst
    berichten = client.get("/account/berichten/").content.decode()
    assert "Nieuwe doorverwijzing van de toegang" in berichten
    client.post("/account/berichten/gelezen/", {"terug": "/account/berichten/"})
    assert " ongelezen</span>" not in client.get("/partner/").content.decode()


# --- the beheerder sets the terms per organisation ----------------------------------------------


def test_the_beheerder_sets_an_organisations_terms_and_falling_terms_are_refused(
    client, beheerder, partner_organisatie_a
):
    client.force_login(beheerder)
    data = {
        "organisatie": str(partner_organisatie_a.pk),
        "herinneren_na": 3,
        "escaleren_na": 3,
        "verlopen_na": 5,
        "contact_herinneren_na": 5,
        "nagaan_na": 10,
    }
    antwoord = client.post("/beheer/intake/reactietermijnen/add/", data)
    assert antwoord.status_code == 200
    assert "kies oplopende termijnen" in antwoord.content.decode()
    assert not Reactietermijnen.objects.exists()
    antwoord = client.post("/beheer/intake/reactietermijnen/add/", data | {"escaleren_na": 4})
    assert antwoord.status_code == 302
    assert partner_organisatie_a.reactietermijnen.escaleren_na == 4


def test_notification_mails_greet_link_and_carry_no_personal_data(verstuurd, partner_a):
    [bericht] = [m for m in verzonden_mail() if m.to == [partner_a.email]]
    assert bericht.body.startswith(f"Beste {partner_a.first_name},")
    assert f"/partner/doorverwijzingen/{verstuurd.pk}/" in bericht.body
    assert "Gerda" not in bericht.body and "06-12345678" not in bericht.body


def test_a_decline_reason_reaches_the_sender_in_the_portal_but_not_by_e_mail(
    client, verstuurd, partner_a, medewerker
):
    reden = "Gerda Wolters staat bij ons nog op de wachtlijst van vorig jaar."
    client.force_login(partner_a)
    antwoord = client.post(
        f"/partner/doorverwijzingen/{verstuurd.pk}/afwijzen/",
        {"afwijzen-tekst": reden, "afwijzen-reden_soort": "geen-plek"},
    )
    assert antwoord.status_code == 303
    assert reden in Bericht.objects.get(ontvanger=medewerker).tekst
    [mail] = [m for m in verzonden_mail() if m.to == [medewerker.email]]
    assert reden not in mail.body and "Gerda" not in mail.subject + mail.body
    assert verstuurd.hulpvraag.get_absolute_url() in mail.body


# --- the referral form's marks say what is required --------------------------------------------


def merken(html: str) -> dict[str, str]:
    """Per field of the referral form the mark its label or legend carries: "" (required),
    "niet verplicht" or "verplicht bij …"."""
    uitkomst = {}
    for blok in re.findall(
        r"<(?:div|fieldset) class=\"utrecht-form-field(?:set)?[ \"].*?</(?:label|legend)>",
        html,
        re.S,
    ):
        naam = re.search(r'(?:for="id_|name=")(\w+)', blok) or re.search(r'id="id_(\w+)', blok)
        if naam is None:
            legenda = re.search(r"<legend[^>]*>([^<]+)", blok)
            naam = {v.label: k for k, v in DoorverwijzingForm.base_fields.items()}.get(
                legenda[1].strip()
            )
        else:
            naam = naam[1]
        if naam is None:
            continue  # a fieldset around several fields ("Ontvanger")
        merk = re.search(r'<span class="(?:niet-verplicht|verplicht-bij)">\((.*?)\)</span>', blok)
        uitkomst[naam] = merk[1] if merk else ""
    return uitkomst


def test_the_referral_form_marks_the_fields_a_choice_makes_required(balie, zaak):
    html = balie.get(f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/").content.decode()
    gemerkt = merken(html)
    assert gemerkt == {
        "ontvanger_soort": "",
        "organisatie": "verplicht bij doorverwijzen naar een organisatie",
        "aanbod": "niet verplicht",
        "team": "verplicht bij doorverwijzen naar een team",
        "collega": "verplicht bij doorverwijzen naar een collega",
        "samenvatting": "",
        "al_gedaan": "niet verplicht",
        "contactvoorkeur": "niet verplicht",
        "urgentie": "",
        "grondslag": "",
        "toestemming_op": "verplicht bij toestemming",
        "toestemming_wijze": "verplicht bij toestemming",
        "wettelijke_taak": "verplicht bij een wettelijke taak",
        "gegevens": "verplicht bij een organisatie, met toestemming of een wettelijke taak",
    }


@pytest.mark.parametrize("soort", ["organisatie", "team", "collega"])
@pytest.mark.parametrize("grondslag", [g.value for g in Grondslag])
def test_sending_without_what_a_choice_requires_names_exactly_the_marked_fields(
    balie, zaak, soort, grondslag
):
    """The errors come all at once and match the marks: every "(verplicht bij …)" field
    whose choice is made, and nothing marked "(niet verplicht)"."""
    response = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        {
            "ontvanger_soort": soort,
            "grondslag": grondslag,
            "samenvatting": "Wil graag hulp bij de administratie.",
            "urgentie": "normaal",
            "inzending": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    fouten = set(response.context["form"].errors)
    keuze = {"ontvanger_soort": soort, "grondslag": grondslag}
    verwacht = set()
    for naam, merk in merken(html).items():
        assert merk in ("", "niet verplicht") or merk.startswith("verplicht bij "), naam
        if merk.startswith("verplicht bij "):
            voorwaarde, tekst = DoorverwijzingForm.VERPLICHT_BIJ[naam]
            assert merk == f"verplicht {tekst}"
            if all(keuze[veld] in waarden for veld, waarden in voorwaarde.items()):
                verwacht.add(naam)
    assert fouten == verwacht
    assert not Doorverwijzing.objects.exists()


def test_an_empty_referral_form_names_the_unmarked_fields_and_none_marked_optional(balie, zaak):
    response = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", {"inzending": str(uuid.uuid4())}
    )
    gemerkt = merken(response.content.decode())
    assert set(response.context["form"].errors) == {
        naam for naam, merk in gemerkt.items() if merk == ""
    }
