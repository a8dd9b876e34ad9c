"""Names typed instead of lists of hundreds: a colleague, an organisation, a partner on the
case and referral pages. Suggestions come while typing (htmx); the server matches what was
typed, so every form works without JavaScript, and says in words when none or several fit."""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Doorverwijzing, Gegevenscategorie, Grondslag
from sociale_kaart.models import Organisatie
from tests.accounts.factories import UserFactory
from tests.intake.factories import HulpvraagFactory
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db


@pytest.fixture
def balie(client, medewerker):
    client.force_login(medewerker)
    return client


@pytest.fixture
def zaak(medewerker):
    hulpvraag = HulpvraagFactory()
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    return hulpvraag


def toewijzen(client, zaak, naam):
    return client.post(f"{zaak.get_absolute_url()}toewijzen/", {"toewijzen-medewerker": naam})


def collega(voornaam, achternaam, **velden):
    return UserFactory(first_name=voornaam, last_name=achternaam, **velden)


# --- a colleague by name ---------------------------------------------------------------------


def test_a_colleague_typed_by_full_name_in_any_case_is_assigned(balie, zaak):
    anna = collega("Anna", "Brouwer")
    antwoord = toewijzen(balie, zaak, "  anna BROUWER ")
    assert antwoord.status_code == 303
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt == anna


def test_part_of_a_name_that_fits_one_colleague_is_enough(balie, zaak):
    anna = collega("Anna", "Brouwer")
    collega("Bert", "Jansen")
    assert toewijzen(balie, zaak, "brouw").status_code == 303
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt == anna


def test_no_colleague_with_that_name_is_said_in_dutch_and_the_input_is_kept(balie, zaak):
    antwoord = toewijzen(balie, zaak, "Zwaantje")
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Er is geen medewerker met ‘Zwaantje’ in de naam." in html
    assert 'value="Zwaantje"' in html
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt is not None  # unchanged: still the medewerker


def test_several_colleagues_fitting_are_named_and_nothing_is_assigned(balie, zaak, medewerker):
    # The fixture's name is random ("Johanna", "Susanna" would fit too): fix it here.
    medewerker.first_name, medewerker.last_name = "Piet", "Klaassen"
    medewerker.save(update_fields=["first_name", "last_name"])
    collega("Anna", "Brouwer")
    collega("Anna", "de Vries")
    antwoord = toewijzen(balie, zaak, "anna")
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Meer medewerkers passen bij ‘anna’: Anna Brouwer, Anna de Vries." in html
    assert 'value="anna"' in html
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt == medewerker


def test_two_colleagues_with_the_same_name_are_told_apart_by_username(balie, zaak):
    collega("Jan", "Jansen", username="jjansen")
    tweede = collega("Jan", "Jansen", username="jjansen2")
    html = toewijzen(balie, zaak, "Jan Jansen").content.decode()
    assert "Jan Jansen (jjansen), Jan Jansen (jjansen2)" in html
    assert toewijzen(balie, zaak, "JJANSEN2").status_code == 303
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt == tweede


def test_a_repeated_name_is_suggested_and_taken_with_its_username(balie, zaak):
    eerste = collega("Jan", "Jansen", username="jjansen")
    collega("Jan", "Jansen", username="jjansen2")
    collega("Jan", "Smit", username="jsmit")
    html = balie.get("/balie/suggesties/medewerkers/", {"q": "jan"}).content.decode()
    assert '<option value="Jan Jansen (jjansen)">' in html
    assert '<option value="Jan Jansen (jjansen2)">' in html
    assert '<option value="Jan Smit">' in html
    assert toewijzen(balie, zaak, "jan jansen (JJANSEN)").status_code == 303
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt == eerste


def test_a_partner_user_or_an_inactive_colleague_is_no_match(balie, zaak, partner_a):
    weg = collega("Oud", "Gediende", is_active=False)
    for naam in (partner_a.weergavenaam, weg.weergavenaam):
        assert toewijzen(balie, zaak, naam).status_code == 400


@pytest.mark.parametrize(
    "invoer",
    ["%", "_", "\\", "' OR 1=1 --", "<script>alert(1)</script>", "Anna\x00Brouwer", "a" * 5000],
)
def test_hostile_input_matches_nobody_and_comes_back_escaped(balie, zaak, invoer):
    collega("Anna", "Brouwer")
    collega("Bert", "Jansen")
    antwoord = toewijzen(balie, zaak, invoer)
    html = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "<script>alert(1)" not in html
    zaak.refresh_from_db()
    assert zaak.vast_aanspreekpunt.username == "medewerker"


def test_a_commitment_for_a_colleague_or_an_organisation_by_name(balie, zaak):
    OrganisatieFactory(naam="Stichting Schuldhulp Achterhoek")
    data = {
        "afspraak-wat": "Eerste gesprek",
        "afspraak-deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    antwoord = balie.post(
        f"{zaak.get_absolute_url()}afspraak/",
        data | {"afspraak-eigenaar_soort": "partner", "afspraak-organisatie": "schuldhulp"},
    )
    assert antwoord.status_code == 303
    assert zaak.afspraken.get().organisatie.naam == "Stichting Schuldhulp Achterhoek"


# --- suggestions while typing ------------------------------------------------------------------


def test_suggestions_are_the_fitting_names_those_that_begin_with_it_first(balie, medewerker):
    # The logged-in medewerker's generated name could fit "ann" too (Giovanni).
    medewerker.first_name, medewerker.last_name = "Piet", "Jansen"
    medewerker.save()
    collega("Bert", "Annema")
    collega("Anna", "Brouwer")
    collega("Kees", "Smit")
    antwoord = balie.get("/balie/suggesties/medewerkers/", {"toewijzen-medewerker": "ann"})
    assert antwoord.content.decode() == (
        '<option value="Anna Brouwer"></option><option value="Bert Annema"></option>\n'
    )


def test_suggestions_are_few_and_escaped(balie):
    for i in range(15):
        OrganisatieFactory(naam=f'Huis "<b>{i:02}" ')
    html = balie.get("/balie/suggesties/organisaties/", {"q": "huis"}).content.decode()
    assert html.count("<option") == 10
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_partner_suggestions_are_only_partners(balie):
    OrganisatieFactory(naam="Vitaal Partner", is_partner=True)
    OrganisatieFactory(naam="Vitaal Anders", is_partner=False)
    html = balie.get("/balie/suggesties/partners/", {"organisatie": "vitaal"}).content.decode()
    assert "Vitaal Partner" in html
    assert "Vitaal Anders" not in html


def test_the_case_page_carries_no_list_of_colleagues_or_organisations(balie, zaak):
    anna = collega("Anna", "Brouwer")
    OrganisatieFactory(naam="Stichting Schuldhulp Achterhoek")
    html = balie.get(zaak.get_absolute_url()).content.decode()
    assert anna.weergavenaam not in html
    assert "Stichting Schuldhulp Achterhoek" not in html
    # The field is a text input with its (empty) datalist, filled by htmx while typing.
    assert 'list="id_toewijzen-medewerker-suggesties"' in html
    assert '<datalist id="id_toewijzen-medewerker-suggesties"></datalist>' in html
    assert 'hx-get="/balie/suggesties/medewerkers/"' in html


def test_the_case_page_reads_the_same_statements_with_more_colleagues_and_organisations(
    balie, zaak
):
    def tellen() -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert balie.get(zaak.get_absolute_url()).status_code == 200
        return len(vastgelegd)

    eerst = tellen()
    for i in range(30):
        collega(f"Collega{i}", "Test", rol=Rol.MEDEWERKER)
        OrganisatieFactory()
    assert tellen() == eerst


def test_the_case_page_reads_its_life_domains_once(balie, zaak):
    with CaptureQueriesContext(connection) as vastgelegd:
        balie.get(zaak.get_absolute_url())
    relatie = [q for q in vastgelegd if "intake_hulpvraag_levensdomeinen" in q["sql"]]
    assert len(relatie) == 1


# --- the referral: a partner by name, the aanbod of that partner ----------------------------


def verwijzing(organisatie: str, **extra):
    return {
        "ontvanger_soort": "organisatie",
        "organisatie": organisatie,
        "samenvatting": "Budgetcoaching gevraagd.",
        "urgentie": "normaal",
        "grondslag": Grondslag.TOESTEMMING,
        "toestemming_op": timezone.localdate().isoformat(),
        "toestemming_wijze": "mondeling",
        "gegevens": [Gegevenscategorie.NAAM],
        "inzending": str(uuid.uuid4()),
    } | extra


@pytest.fixture
def partners():
    vitaal = OrganisatieFactory(naam="Vitaal Thuis", is_partner=True)
    plangroep = OrganisatieFactory(naam="Plangroep", is_partner=True)
    return {
        "vitaal": vitaal,
        "plangroep": plangroep,
        "coaching": AanbodFactory(organisatie=vitaal, naam="Budgetcoaching"),
        "administratie": AanbodFactory(organisatie=plangroep, naam="Thuisadministratie"),
    }


def test_the_referral_form_offers_only_the_aanbod_of_the_chosen_organisation(balie, zaak, partners):
    url = f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/"
    html = balie.get(url, {"aanbod": partners["coaching"].slug}).content.decode()
    assert 'value="Vitaal Thuis"' in html
    assert "Budgetcoaching" in html
    assert "Thuisadministratie" not in html
    leeg = balie.get(url).content.decode()
    assert "Kies eerst een organisatie" in leeg
    assert "Budgetcoaching" not in leeg


def test_a_referral_to_a_partner_typed_by_name_with_its_aanbod(balie, zaak, partners):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        verwijzing("vitaal thuis", aanbod=str(partners["coaching"].pk)),
    )
    assert antwoord.status_code == 303
    gemaakt = Doorverwijzing.objects.get()
    assert (gemaakt.organisatie, gemaakt.aanbod) == (partners["vitaal"], partners["coaching"])


def test_an_aanbod_of_another_organisation_is_refused(balie, zaak, partners):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        verwijzing("Vitaal Thuis", aanbod=str(partners["administratie"].pk)),
    )
    assert antwoord.status_code == 400
    assert "Dit aanbod is niet van de gekozen organisatie." in antwoord.content.decode()
    assert not Doorverwijzing.objects.exists()


def test_a_non_partner_organisation_is_no_match_for_a_referral(balie, zaak):
    OrganisatieFactory(naam="Bibliotheek", is_partner=False)
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/", verwijzing("Bibliotheek")
    )
    assert antwoord.status_code == 400
    assert "Er is geen organisatie die in dit portaal werkt met ‘Bibliotheek’" in (
        antwoord.content.decode()
    )


def test_without_javascript_show_aanbod_keeps_what_was_typed_and_saves_nothing(
    balie, zaak, partners
):
    antwoord = balie.post(
        f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/",
        verwijzing("Vitaal Thuis", aanbod_tonen="1", samenvatting="Drie schuldeisers."),
    )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Budgetcoaching" in html
    assert "Thuisadministratie" not in html
    assert "Drie schuldeisers." in html
    assert 'value="Vitaal Thuis"' in html
    assert "invalid-feedback" not in html
    assert not Doorverwijzing.objects.exists()


def test_the_aanbod_options_follow_the_organisation_typed(balie, partners):
    html = balie.get("/balie/aanbod-keuzes/", {"organisatie": "plangroep"}).content.decode()
    assert "Thuisadministratie" in html
    assert "Budgetcoaching" not in html
    niets = balie.get("/balie/aanbod-keuzes/", {"organisatie": "plan"}).content.decode()
    assert "Kies eerst een organisatie" in niets  # only an exact name: no guessing


def test_the_referral_form_reads_the_same_statements_with_more_partners_and_aanbod(
    balie, zaak, partners
):
    url = f"/balie/hulpvragen/{zaak.referentie}/doorverwijzen/"

    def tellen() -> int:
        with CaptureQueriesContext(connection) as vastgelegd:
            assert balie.get(url, {"aanbod": partners["coaching"].slug}).status_code == 200
        return len(vastgelegd)

    eerst = tellen()
    for _ in range(20):
        organisatie = OrganisatieFactory(is_partner=True)
        AanbodFactory(organisatie=organisatie)
        collega("Extra", "Collega")
    assert Organisatie.objects.filter(is_partner=True).count() > 20
    assert tellen() == eerst


def test_many_colleagues_fitting_are_named_five_and_an_ellipsis(balie, zaak):
    for i in range(7):
        collega(f"Jan{i}", "Smit")
    html = toewijzen(balie, zaak, "smit").content.decode()
    melding = re.search(r"Meer medewerkers passen bij ‘smit’: ([^.]*)\. Typ de naam", html)
    assert melding.group(1).count("Smit") == 5
    assert melding.group(1).endswith("Smit, …")
