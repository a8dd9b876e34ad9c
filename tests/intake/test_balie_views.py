"""The front desk's pages: registering a question, the case page and every action on it."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from intake.models import Afspraak, Gebeurtenis, Hulpvraag, Kanaal, Route, Status
from intake.services.hulpvraag import hulpvraag_sluiten
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, HulpvraagFactory, InwonerFactory
from toegang.accounts.roles import Rol, Team

pytestmark = pytest.mark.django_db


def registratie(**velden):
    """A complete counter registration as the form posts it."""
    data = {
        "inzending": str(uuid.uuid4()),
        "kanaal": Kanaal.TELEFOON,
        "naam": "Gerrit Wikkerink",
        "geboortedatum": "1958-03-14",
        "telefoon": "0543 123 456",
        "email": "",
        "kern": "aalten",
        "vraag": "Mijn vrouw is overleden en ik red het niet met de post en de rekeningen.",
        "contactvoorkeur": "telefoon",
        "toestemming_inzien": "on",
    }
    data.update(velden)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def balie(client, medewerker):
    client.force_login(medewerker)
    return client


def pagina(response) -> str:
    return response.content.decode()


# --- who may open the pages ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["medewerker", "coordinator"])
def test_front_desk_staff_open_queues_registration_and_case(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    hulpvraag = HulpvraagFactory()
    assert client.get("/balie/").status_code == 200
    assert client.get("/balie/nieuw/").status_code == 200
    assert client.get(hulpvraag.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["partner_a", "beleid", "beheerder"])
def test_other_roles_get_403_on_every_front_desk_page(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    hulpvraag = HulpvraagFactory()
    afspraak = AfspraakFactory(hulpvraag=hulpvraag)
    url = hulpvraag.get_absolute_url()
    assert client.get("/balie/").status_code == 403
    assert client.get("/balie/nieuw/").status_code == 403
    assert client.post("/balie/nieuw/", registratie()).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(f"{url}notitie/", {"notitie-tekst": "x"}).status_code == 403
    assert client.post(f"{url}afspraken/{afspraak.pk}/gedaan/").status_code == 403
    assert not Gebeurtenis.objects.exists()
    assert Hulpvraag.objects.count() == 1


def test_anonymous_is_sent_to_login(client):
    hulpvraag = HulpvraagFactory()
    for url in ("/balie/", "/balie/nieuw/", hulpvraag.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    response = client.post(f"{hulpvraag.get_absolute_url()}notitie/", {"notitie-tekst": "x"})
    assert response.status_code == 302
    assert not Gebeurtenis.objects.exists()


# --- registering ---------------------------------------------------------------------------


def test_registration_page_starts_on_kanaal_with_phone_preselected(balie):
    html = pagina(balie.get("/balie/nieuw/"))
    assert 'name="kanaal" class="form-select" autofocus' in html or (
        "autofocus" in html.split('name="kanaal"')[1].split(">")[0]
    )
    assert '<option value="telefoon" selected>' in html
    assert "Zoek eerdere vragen en sla op" in html


def test_registration_without_earlier_cases_saves_at_once_with_me_as_contact(
    balie, medewerker, levensdomeinen
):
    response = balie.post("/balie/nieuw/", registratie(levensdomeinen=["zorg", "welzijn"]))
    hulpvraag = Hulpvraag.objects.get()
    assert response.status_code == 303
    assert response["Location"] == hulpvraag.get_absolute_url()
    assert hulpvraag.vast_aanspreekpunt == medewerker
    assert hulpvraag.geregistreerd_door == medewerker
    assert hulpvraag.kanaal == Kanaal.TELEFOON
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert hulpvraag.eerste_contact_op is not None
    assert hulpvraag.inwoner.geboortedatum == date(1958, 3, 14)
    assert {d.slug for d in hulpvraag.levensdomeinen.all()} == {"zorg", "welzijn"}
    html = pagina(balie.get(response["Location"]))
    assert f"Hulpvraag {hulpvraag.referentie} is opgeslagen" in html


def test_double_submit_creates_one_hulpvraag(balie):
    data = registratie()
    eerste = balie.post("/balie/nieuw/", data)
    tweede = balie.post("/balie/nieuw/", data)
    assert Hulpvraag.objects.count() == 1
    assert eerste["Location"] == tweede["Location"] == Hulpvraag.objects.get().get_absolute_url()


def test_double_submit_of_a_choice_creates_one_hulpvraag(balie):
    bekend = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    data = registratie(koppel_aan=f"inwoner:{bekend.inwoner.pk}")
    balie.post("/balie/nieuw/", data)
    balie.post("/balie/nieuw/", data)
    assert Hulpvraag.objects.count() == 2


@pytest.mark.parametrize(
    ("bekend", "ingevuld"),
    [
        ({"telefoon": "06-12345678"}, {"telefoon": "+31 6 1234 5678"}),
        ({"telefoon": "+31 6 1234 5678"}, {"telefoon": "06 12 34 56 78"}),
        (
            {"email": "J.Jansen@Example.org", "telefoon": ""},
            {"email": "j.jansen@example.ORG", "telefoon": ""},
        ),
        (
            {"naam": "Johanna Jansen", "geboortedatum": date(1960, 5, 1), "telefoon": ""},
            {"naam": "johanna jansen", "geboortedatum": "1960-05-01", "telefoon": ""},
        ),
    ],
    ids=["telefoon", "telefoon-internationaal", "email", "naam-en-geboortedatum"],
)
def test_earlier_cases_of_the_same_resident_are_shown_before_saving(
    balie, coordinator, bekend, ingevuld
):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(**bekend), vast_aanspreekpunt=coordinator)
    response = balie.post("/balie/nieuw/", registratie(**ingevuld))
    html = pagina(response)
    assert response.status_code == 200
    assert Hulpvraag.objects.count() == 1
    assert "Deze inwoner heeft eerder een vraag gesteld" in html
    assert f"Voeg toe aan {eerder.referentie}" in html
    assert escape(coordinator.weergavenaam) in html  # Faker names may hold an apostrophe
    assert "Ontvangen" in html
    assert "Nieuwe hulpvraag voor deze inwoner" in html
    assert "Nieuwe hulpvraag, andere inwoner" in html
    # Everything typed is still there.
    assert "Mijn vrouw is overleden" in html
    assert "Gerrit Wikkerink" in html or ingevuld.get("naam", "") in html


def test_a_different_resident_is_not_matched(balie):
    HulpvraagFactory(inwoner=InwonerFactory(naam="Gerrit Wikkerink", telefoon="0612345678"))
    response = balie.post("/balie/nieuw/", registratie(telefoon="0543 999 999"))
    assert response.status_code == 303
    assert Hulpvraag.objects.count() == 2


def test_joining_adds_the_question_to_the_earlier_case(balie, medewerker, levensdomeinen):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="06-12345678"))
    response = balie.post(
        "/balie/nieuw/",
        registratie(
            telefoon="+31 6 1234 5678", koppel_aan=eerder.referentie, levensdomeinen="zorg"
        ),
    )
    assert response.status_code == 303
    assert response["Location"] == eerder.get_absolute_url()
    assert Hulpvraag.objects.count() == 1
    vraag = eerder.tijdlijn.get(soort=Gebeurtenis.Soort.VRAAG)
    assert vraag.tekst.startswith("Mijn vrouw is overleden")
    assert vraag.door == medewerker
    eerder.refresh_from_db()
    assert eerder.vast_aanspreekpunt == medewerker
    assert "zorg" in {d.slug for d in eerder.levensdomeinen.all()}
    html = pagina(balie.get(response["Location"]))
    assert "Nieuwe vraag" in html
    assert "Mijn vrouw is overleden" in html


def test_joining_twice_with_the_same_form_adds_the_question_once(balie):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    data = registratie(koppel_aan=eerder.referentie)
    balie.post("/balie/nieuw/", data)
    balie.post("/balie/nieuw/", data)
    assert eerder.tijdlijn.filter(soort=Gebeurtenis.Soort.VRAAG).count() == 1
    assert Hulpvraag.objects.count() == 1


def test_joining_a_closed_case_reopens_it(balie, medewerker):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    hulpvraag_sluiten(
        hulpvraag=eerder, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Buurthuis gevonden."
    )
    balie.post("/balie/nieuw/", registratie(koppel_aan=eerder.referentie))
    eerder.refresh_from_db()
    assert eerder.status == Status.IN_BEHANDELING


def test_new_case_for_the_known_resident_reuses_the_inwoner(balie, medewerker):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    response = balie.post("/balie/nieuw/", registratie(koppel_aan=f"inwoner:{eerder.inwoner.pk}"))
    nieuw = Hulpvraag.objects.exclude(pk=eerder.pk).get()
    assert response["Location"] == nieuw.get_absolute_url()
    assert nieuw.inwoner == eerder.inwoner
    assert nieuw.vast_aanspreekpunt == medewerker


def test_new_case_for_a_new_resident_despite_matches(balie):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    balie.post("/balie/nieuw/", registratie(koppel_aan="nieuw"))
    nieuw = Hulpvraag.objects.exclude(pk=eerder.pk).get()
    assert nieuw.inwoner != eerder.inwoner


@pytest.mark.parametrize(
    "keuze", ["TA-1999-99999", "inwoner:abc", "inwoner:999999", "inwoner:²", "inwoner:٣"]
)
def test_a_tampered_choice_is_404_and_saves_nothing(balie, keuze):
    response = balie.post("/balie/nieuw/", registratie(koppel_aan=keuze))
    assert response.status_code == 404
    assert not Hulpvraag.objects.exists()


def test_safety_signal_at_registration_takes_the_fast_lane(balie):
    balie.post("/balie/nieuw/", registratie(veiligheid="on"))
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.veiligheid
    assert hulpvraag.route == Route.MAATWERK


def test_safety_signal_with_a_joined_question_is_kept(balie):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="0543123456"))
    balie.post("/balie/nieuw/", registratie(koppel_aan=eerder.referentie, veiligheid="on"))
    eerder.refresh_from_db()
    assert eerder.veiligheid


@pytest.mark.parametrize(
    ("veld", "waarde", "fout"),
    [
        ("vraag", "", "Schrijf de vraag op."),
        ("naam", "", "Vul de naam van de inwoner in."),
        ("telefoon", "bel me", "Vul een telefoonnummer in van 10 cijfers"),
        ("email", "geen-adres", "Vul een geldig e-mailadres in"),
        ("toestemming_inzien", None, "Vraag de inwoner om toestemming"),
        ("geboortedatum", "31-02-1990", "Vul een datum in als dd-mm-jjjj."),
    ],
)
def test_invalid_registration_shows_dutch_errors_and_keeps_input(balie, veld, waarde, fout):
    response = balie.post("/balie/nieuw/", registratie(**{veld: waarde}))
    html = pagina(response)
    assert response.status_code == 400
    assert not Hulpvraag.objects.exists()
    assert "Er is nog niets opgeslagen" in html
    assert fout in html
    assert f'id="id_{veld}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{veld}_error"', html)
    if veld != "vraag":
        assert "Mijn vrouw is overleden" in html


def test_question_of_10000_characters_is_refused_with_the_limit(balie):
    response = balie.post("/balie/nieuw/", registratie(vraag="a" * 10_000))
    assert response.status_code == 400
    assert "maximaal 4000 tekens" in pagina(response)


def test_live_matches_while_typing_are_a_partial(balie):
    eerder = HulpvraagFactory(inwoner=InwonerFactory(telefoon="06-12345678"))
    response = balie.post(
        "/balie/nieuw/",
        {"alleen_zoeken": "1", "telefoon": "+31 6 1234 5678"},
        headers={"HX-Request": "true"},
    )
    html = pagina(response)
    assert response.status_code == 200
    assert eerder.referentie in html
    assert "<html" not in html
    assert not Hulpvraag.objects.filter(inzending__isnull=False).exists()


# --- the case page -------------------------------------------------------------------------


def test_case_page_shows_question_resident_contact_person_and_timeline(balie, coordinator):
    hulpvraag = HulpvraagFactory(
        inwoner=InwonerFactory(naam="Fenna Bulten", telefoon="0543 111 222")
    )
    hulpvraag.wijs_toe(coordinator, door=coordinator)
    html = pagina(balie.get(hulpvraag.get_absolute_url()))
    assert hulpvraag.vraag in html
    assert "Fenna Bulten" in html
    assert "0543 111 222" in html
    assert escape(coordinator.weergavenaam) in html  # Faker names may hold an apostrophe
    assert "Status: in behandeling" in html
    assert "Aanspreekpunt" in html  # the timeline line of the assignment


def test_case_page_escapes_html_in_question_and_name(balie):
    hulpvraag = HulpvraagFactory(
        vraag="<script>alert('vraag')</script> & <b>vet</b>",
        inwoner=InwonerFactory(naam="<img src=x onerror=alert(1)> Zoë 王"),
    )
    html = pagina(balie.get(hulpvraag.get_absolute_url()))
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;vraag&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt; Zoë 王" in html


def test_unknown_case_is_404(balie):
    assert balie.get("/balie/hulpvragen/TA-1999-00001/").status_code == 404


def test_unknown_actie_is_404(balie):
    hulpvraag = HulpvraagFactory()
    assert balie.post(f"{hulpvraag.get_absolute_url()}verwijderen/").status_code == 404


def test_acties_only_accept_post(balie):
    hulpvraag = HulpvraagFactory()
    assert balie.get(f"{hulpvraag.get_absolute_url()}notitie/").status_code == 405


def actie(client, hulpvraag, naam, data=None):
    return client.post(f"{hulpvraag.get_absolute_url()}{naam}/", data or {})


def test_oppakken_makes_me_the_contact_person(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    response = actie(balie, hulpvraag, "oppakken")
    assert response.status_code == 303
    assert response["Location"] == hulpvraag.get_absolute_url()
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt == medewerker
    assert hulpvraag.status == Status.IN_BEHANDELING
    assert "U bent nu het vaste aanspreekpunt" in pagina(balie.get(response["Location"]))


def test_oppakken_a_case_a_colleague_just_took_is_refused(balie, coordinator):
    hulpvraag = HulpvraagFactory()
    hulpvraag.wijs_toe(coordinator, door=coordinator)
    response = actie(balie, hulpvraag, "oppakken")
    assert response.status_code == 400
    assert "heeft deze hulpvraag net opgepakt" in pagina(response)
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt == coordinator


def test_toewijzen_to_a_colleague(balie, coordinator):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie, hulpvraag, "toewijzen", {"toewijzen-medewerker": coordinator.weergavenaam}
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt == coordinator


def test_toewijzen_to_a_partner_user_is_not_offered(balie, partner_a):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie, hulpvraag, "toewijzen", {"toewijzen-medewerker": partner_a.weergavenaam}
    )
    assert response.status_code == 400
    hulpvraag.refresh_from_db()
    assert hulpvraag.vast_aanspreekpunt is None


def test_contact_vastleggen(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie,
        hulpvraag,
        "contact",
        {"contact-kanaal": Kanaal.TELEFOON, "contact-tekst": "Teruggebeld, afspraak gemaakt."},
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.eerste_contact_op is not None
    assert hulpvraag.tijdlijn.filter(
        soort=Gebeurtenis.Soort.CONTACTMOMENT, tekst="Teruggebeld, afspraak gemaakt."
    ).exists()


def test_notitie_maken(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    response = actie(balie, hulpvraag, "notitie", {"notitie-tekst": "Dochter helpt mee."})
    assert response.status_code == 303
    assert hulpvraag.tijdlijn.get(soort=Gebeurtenis.Soort.NOTITIE).door == medewerker


def test_empty_notitie_keeps_page_with_dutch_error(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(balie, hulpvraag, "notitie", {"notitie-tekst": ""})
    assert response.status_code == 400
    assert "Een lege notitie slaan we niet op." in pagina(response)
    assert not hulpvraag.tijdlijn.exists()


def test_afspraak_maken(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    deadline = timezone.localdate() + timedelta(days=3)
    response = actie(
        balie,
        hulpvraag,
        "afspraak",
        {
            "afspraak-wat": "Aanvraag Wmo samen invullen",
            "afspraak-eigenaar_soort": Afspraak.Eigenaar.MEDEWERKER,
            "afspraak-eigenaar": medewerker.weergavenaam,
            "afspraak-deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 303
    afspraak = hulpvraag.afspraken.get()
    assert (afspraak.wat, afspraak.eigenaar, afspraak.deadline) == (
        "Aanvraag Wmo samen invullen",
        medewerker,
        deadline,
    )
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.AFSPRAKEN_GEMAAKT


def test_afspraak_for_a_partner_needs_an_organisation(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie,
        hulpvraag,
        "afspraak",
        {
            "afspraak-wat": "Intake schuldhulp",
            "afspraak-eigenaar_soort": Afspraak.Eigenaar.PARTNER,
            "afspraak-deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    html = pagina(response)
    assert "Kies welke organisatie dit doet." in html
    assert 'value="Intake schuldhulp"' in html
    assert not hulpvraag.afspraken.exists()


def test_afspraak_gedaan_records_who_and_when(balie, medewerker):
    afspraak = AfspraakFactory()
    url = f"{afspraak.hulpvraag.get_absolute_url()}afspraken/{afspraak.pk}/gedaan/"
    response = balie.post(url)
    assert response.status_code == 303
    afspraak.refresh_from_db()
    assert afspraak.gedaan_door == medewerker
    assert afspraak.gedaan_op is not None
    assert balie.post(url).status_code == 303
    assert afspraak.hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.AFSPRAAK_GEDAAN).count() == 1


def test_afspraak_of_another_case_is_404(balie):
    afspraak = AfspraakFactory()
    ander = HulpvraagFactory()
    response = balie.post(f"{ander.get_absolute_url()}afspraken/{afspraak.pk}/gedaan/")
    assert response.status_code == 404


def test_sluiten_with_route_and_uitkomst(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie,
        hulpvraag,
        "sluiten",
        {"sluiten-route": Route.VOORLIGGEND_VELD, "sluiten-uitkomst": "Naar Figulus."},
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert (hulpvraag.status, hulpvraag.route) == (Status.AFGEROND, Route.VOORLIGGEND_VELD)


def test_sluiten_without_route_is_refused_with_input_kept(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(balie, hulpvraag, "sluiten", {"sluiten-uitkomst": "Opgelost aan de balie."})
    html = pagina(response)
    assert response.status_code == 400
    assert "Kies een route voordat u de hulpvraag afsluit." in html
    assert "Opgelost aan de balie." in html
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.ONTVANGEN


def test_heropenen_with_reason(balie, medewerker):
    hulpvraag = HulpvraagFactory()
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Klaar."
    )
    response = actie(balie, hulpvraag, "heropenen", {"heropenen-reden": "Belde opnieuw."})
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.IN_BEHANDELING


def test_veiligheid_markeren_routes_to_maatwerk(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie, hulpvraag, "veiligheid", {"veiligheid-reden": "Blauwe plekken bij kind gezien."}
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.veiligheid
    assert hulpvraag.route == Route.MAATWERK
    assert hulpvraag.team == Team.MAATWERK_WMO
    html = pagina(balie.get(hulpvraag.get_absolute_url()))
    assert "Veiligheid / meldcode" in html
    assert "Blauwe plekken bij kind gezien." in html


def test_gegevens_wijzigen(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(
        balie,
        hulpvraag,
        "gegevens",
        {
            "gegevens-naam": "Anna de Vries",
            "gegevens-telefoon": "0543 222 333",
            "gegevens-email": "anna@example.org",
            "gegevens-kern": "dinxperlo",
            "gegevens-versie": hulpvraag.versie,
        },
    )
    assert response.status_code == 303
    hulpvraag.refresh_from_db()
    assert hulpvraag.inwoner.naam == "Anna de Vries"
    assert hulpvraag.kern == "dinxperlo"
    assert hulpvraag.tijdlijn.filter(soort=Gebeurtenis.Soort.GEGEVENS).exists()


# --- refused transitions through the views --------------------------------------------------


@pytest.fixture
def gesloten(medewerker):
    hulpvraag = HulpvraagFactory()
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=medewerker, route=Route.SOCIALE_BASIS, uitkomst="Klaar."
    )
    return hulpvraag


@pytest.mark.parametrize(
    ("naam", "data", "melding"),
    [
        (
            "sluiten",
            {"sluiten-route": Route.MAATWERK, "sluiten-uitkomst": "Nog eens."},
            "kan niet naar ‘afgerond’",
        ),
        ("oppakken", {}, "Een afgeronde hulpvraag krijgt geen nieuw aanspreekpunt."),
        (
            "afspraak",
            {
                "afspraak-wat": "Bellen",
                "afspraak-eigenaar_soort": "inwoner",
                "afspraak-deadline": "2999-01-01",
            },
            "Heropen de hulpvraag eerst",
        ),
    ],
)
def test_refused_transitions_on_a_closed_case_show_the_message(
    balie, gesloten, naam, data, melding
):
    voor = list(gesloten.tijdlijn.values_list("pk", flat=True))
    response = actie(balie, gesloten, naam, data)
    html = pagina(response)
    assert response.status_code == 400
    assert melding in html
    assert f"Hulpvraag {gesloten.referentie}" in html
    gesloten.refresh_from_db()
    assert gesloten.status == Status.AFGEROND
    assert list(gesloten.tijdlijn.values_list("pk", flat=True)) == voor


def test_toewijzen_on_a_closed_case_is_refused(balie, gesloten, coordinator):
    response = actie(
        balie, gesloten, "toewijzen", {"toewijzen-medewerker": coordinator.weergavenaam}
    )
    assert response.status_code == 400
    assert "krijgt geen nieuw aanspreekpunt" in pagina(response)
    gesloten.refresh_from_db()
    assert gesloten.vast_aanspreekpunt is None


def test_heropenen_an_open_case_is_refused(balie):
    hulpvraag = HulpvraagFactory()
    response = actie(balie, hulpvraag, "heropenen", {"heropenen-reden": "Waarom niet."})
    assert response.status_code == 400
    assert "Alleen een afgeronde hulpvraag kan weer open." in pagina(response)
    hulpvraag.refresh_from_db()
    assert hulpvraag.status == Status.ONTVANGEN


def test_closed_case_offers_reopening_not_closing(balie, gesloten):
    html = pagina(balie.get(gesloten.get_absolute_url()))
    assert "Hulpvraag heropenen" in html
    assert "Hulpvraag afsluiten" not in html
    assert "Afspraak vastleggen" not in html


# --- two medewerkers saving at once ----------------------------------------------------------


def test_versie_conflict_tells_the_second_and_keeps_both_values(client, medewerker, coordinator):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(naam="Jan Oude", telefoon="0543111222"))
    versie = hulpvraag.versie
    basis = {
        "gegevens-naam": "Jan Oude",
        "gegevens-telefoon": "0543111222",
        "gegevens-email": hulpvraag.inwoner.email,
        "gegevens-kern": "aalten",
        "gegevens-versie": versie,
    }
    client.force_login(coordinator)
    eerste = actie(client, hulpvraag, "gegevens", {**basis, "gegevens-naam": "Jan Oude-Kamp"})
    assert eerste.status_code == 303

    client.force_login(medewerker)
    tweede = actie(client, hulpvraag, "gegevens", {**basis, "gegevens-telefoon": "0543 999 888"})
    html = pagina(tweede)
    assert tweede.status_code == 409
    assert "Iemand anders heeft deze hulpvraag net gewijzigd" in html
    assert "Jan Oude-Kamp" in html  # the first one's change, saved now
    assert "0543 999 888" in html  # the second one's input, not lost
    hulpvraag.refresh_from_db()
    assert hulpvraag.inwoner.naam == "Jan Oude-Kamp"
    assert hulpvraag.inwoner.telefoon == "0543111222"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert f'name="gegevens-versie" value="{hulpvraag.versie}"' in html


# --- afspraken on the page --------------------------------------------------------------------


def test_overdue_afspraak_is_flagged_with_text_on_the_case(balie):
    afspraak = AfspraakFactory(
        wat="Loonstrook opsturen", deadline=timezone.localdate() - timedelta(days=2)
    )
    html = pagina(balie.get(afspraak.hulpvraag.get_absolute_url()))
    assert "Te laat: was uiterlijk" in html
    assert "Loonstrook opsturen" in html


def test_done_afspraak_is_not_flagged(balie, medewerker):
    afspraak = AfspraakFactory(deadline=timezone.localdate() - timedelta(days=2))
    afspraak.markeer_gedaan(door=medewerker)
    html = pagina(balie.get(afspraak.hulpvraag.get_absolute_url()))
    assert "Te laat" not in html
    assert f"door {escape(medewerker.weergavenaam)}" in html


def test_partner_user_is_not_a_choice_for_contact_person(balie, partner_a):
    html = pagina(balie.get(HulpvraagFactory().get_absolute_url()))
    assert escape(partner_a.weergavenaam) not in html


def test_inactive_colleague_is_not_a_choice(balie):
    weg = UserFactory(rol=Rol.MEDEWERKER, is_active=False, first_name="Vertrokken")
    html = pagina(balie.get(HulpvraagFactory().get_absolute_url()))
    assert escape(weg.weergavenaam) not in html
