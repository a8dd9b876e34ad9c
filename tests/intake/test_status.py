"""The resident follows the question at /hulpvraag/status/<token>/: steps, a first name,
their own commitments. Never the question, notes or anyone else's details."""

import math
import re
from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest
import time_machine
from django.db import DatabaseError
from django.utils import timezone

from intake.models import Afspraak, Hulpvraag, Route, Status
from intake.services.hulpvraag import hulpvraag_sluiten
from tests.accounts.factories import UserFactory
from tests.intake.factories import AfspraakFactory, HulpvraagFactory, InwonerFactory
from toegang.privacy.models import Verwerking

pytestmark = pytest.mark.django_db

VRAAG = "Mijn man drinkt en ik durf niet naar huis. Geheim-1234."
NOTITIE = "Interne notitie: schuld bij woningcorporatie, 4.300 euro."
NIET_GEVONDEN = "Deze pagina is niet (meer) beschikbaar"


@pytest.fixture
def hulpvraag(db):
    return HulpvraagFactory(
        vraag=VRAAG, inwoner=InwonerFactory(naam="Fatima Yilmaz", email="fatima@example.org")
    )


@pytest.fixture
def aanspreekpunt(db):
    return UserFactory(username="sanne", first_name="Sanne", last_name="de Wit-Geheim")


def html_van(response):
    return response.content.decode()


def in_behandeling_met_afspraken(hulpvraag, medewerker):
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag.notitie_maken(door=medewerker, tekst=NOTITIE)
    hulpvraag.contact_vastleggen(door=medewerker, kanaal="telefoon", tekst="Gebeld met Fatima.")
    morgen = timezone.localdate() + timedelta(days=1)
    hulpvraag.afspraak_maken(
        door=medewerker,
        wat="Loonstroken van drie maanden meenemen",
        deadline=morgen,
        eigenaar_soort=Afspraak.Eigenaar.INWONER,
    )
    hulpvraag.afspraak_maken(
        door=medewerker,
        wat="Schuldhulp bellen voor een intake",
        deadline=morgen,
        eigenaar_soort=Afspraak.Eigenaar.MEDEWERKER,
        eigenaar=medewerker,
    )
    hulpvraag.refresh_from_db()
    return hulpvraag


# --- what it shows --------------------------------------------------------------------------


def test_new_question_shows_received_and_the_promised_date(resident, hulpvraag):
    response = resident.get(hulpvraag.status_url)
    html = html_van(response)
    assert response.status_code == 200
    assert hulpvraag.referentie in html
    assert 'aria-current="step"' in html
    for label in ("Ontvangen", "In behandeling", "Afspraken gemaakt", "Doorverwezen", "Afgerond"):
        assert label in html
    assert "Nog niet" in html
    uiterlijk = hulpvraag.eerste_contact_uiterlijk()
    assert f"{uiterlijk.day} " in html and str(uiterlijk.year) in html
    assert "U krijgt een vaste contactpersoon" in html
    assert "0543-000000" in html


def test_status_shows_steps_dates_first_name_and_own_commitments(
    resident, hulpvraag, aanspreekpunt
):
    in_behandeling_met_afspraken(hulpvraag, aanspreekpunt)
    html = html_van(resident.get(hulpvraag.status_url))
    vandaag = timezone.localdate()
    assert re.search(
        r'stap--huidig" aria-current="step">\s*<span class="stap__naam">Afspraken gemaakt', html
    )
    assert html.count(f"Gedaan op {vandaag.day} ") == 2  # ontvangen, in behandeling
    assert "Sanne" in html
    assert "Loonstroken van drie maanden meenemen" in html
    morgen = vandaag + timedelta(days=1)
    assert (
        f"Uiterlijk {['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'][morgen.weekday()]} {morgen.day} "
        in html
    )


def test_status_never_shows_the_question_notes_timeline_or_other_names(
    resident, hulpvraag, aanspreekpunt
):
    in_behandeling_met_afspraken(hulpvraag, aanspreekpunt)
    html = html_van(resident.get(hulpvraag.status_url))
    assert "Geheim-1234" not in html
    assert VRAAG not in html
    assert "4.300" not in html
    assert "Gebeld met Fatima" not in html
    assert "de Wit-Geheim" not in html  # only the first name of the aanspreekpunt
    assert "sanne" not in html  # nor the username
    assert "Fatima" not in html and "Yilmaz" not in html
    assert "fatima@example.org" not in html
    assert "Schuldhulp bellen voor een intake" not in html  # the medewerker's commitment


def test_done_commitments_are_not_listed(resident, hulpvraag, aanspreekpunt):
    afspraak = AfspraakFactory(hulpvraag=hulpvraag, wat="Paspoort kopiëren")
    AfspraakFactory(hulpvraag=hulpvraag, wat="Huurcontract opzoeken")
    afspraak.markeer_gedaan(door=aanspreekpunt)
    html = html_van(resident.get(hulpvraag.status_url))
    assert "Paspoort kopiëren" not in html
    assert "Huurcontract opzoeken" in html


def test_overdue_commitment_says_so_in_words(resident, hulpvraag):
    AfspraakFactory(hulpvraag=hulpvraag, deadline=timezone.localdate() - timedelta(days=3))
    assert "Deze datum is voorbij." in html_van(resident.get(hulpvraag.status_url))


def test_commitment_text_is_escaped(resident, hulpvraag):
    AfspraakFactory(hulpvraag=hulpvraag, wat="<script>alert(1)</script>")
    html = html_van(resident.get(hulpvraag.status_url))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_aanspreekpunt_without_first_name_is_not_named_by_username(resident, hulpvraag):
    medewerker = UserFactory(username="jdevries", first_name="")
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    html = html_van(resident.get(hulpvraag.status_url))
    assert "jdevries" not in html
    assert medewerker.last_name not in html


def test_skipped_steps_say_not_needed(resident, hulpvraag, aanspreekpunt):
    hulpvraag.wijs_toe(aanspreekpunt, door=aanspreekpunt)
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=aanspreekpunt, route=Route.SOCIALE_BASIS, uitkomst="Beantwoord."
    )
    html = html_van(resident.get(hulpvraag.status_url))
    assert html.count("Niet nodig") == 2  # afspraken gemaakt, doorverwezen
    assert "Uw vraag is afgerond" in html


def test_reopened_case_is_not_shown_as_afgerond(resident, hulpvraag, aanspreekpunt):
    hulpvraag.wijs_toe(aanspreekpunt, door=aanspreekpunt)
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=aanspreekpunt, route=Route.SOCIALE_BASIS, uitkomst="Beantwoord."
    )
    hulpvraag.heropen(door=aanspreekpunt, reden="Nieuwe vraag.")
    assert dict(hulpvraag.stappen())[Status.AFGEROND] is None
    html = html_van(resident.get(hulpvraag.status_url))
    assert "Uw vraag is afgerond" not in html
    assert re.search(r'stap--nog-niet">\s*<span class="stap__naam">Afgerond', html)


def test_secret_pages_are_not_cached_indexed_or_referred(resident, hulpvraag):
    for pad in (hulpvraag.status_url, "/hulpvraag/status/onbekend-token-dat-niet-bestaat/"):
        response = resident.get(pad)
        assert response["Cache-Control"] == "no-store"
        # The status page holds forms of its own ("Is de hulp gestart?"): under no-referrer a
        # browser posts them with `Origin: null` and the CSRF check refuses them. The origin
        # alone is sent, never the path with the token.
        assert response["Referrer-Policy"] == "strict-origin"
        assert response["X-Robots-Tag"] == "noindex"
    verstuurd = resident.get(f"/hulpvraag/verstuurd/{hulpvraag.token}/")
    assert verstuurd["Referrer-Policy"] == "no-referrer"


def test_opening_the_status_page_is_in_the_logboek(resident, hulpvraag):
    """Whoever holds the link sees the case: each opening is a row, as on Mijn vragen, so
    the resident's inzage shows when the link was used."""
    resident.get(hulpvraag.status_url)
    resident.get("/hulpvraag/status/onbekend-token-dat-niet-bestaat/")
    rijen = list(
        Verwerking.objects.values_list(
            "gebruikersnaam", "actie", "hulpvraag", "inwoner_id", "toelichting"
        )
    )
    assert rijen == [
        ("inwoner", "inzien", hulpvraag.referentie, hulpvraag.inwoner_id, "Statuspagina (link)")
    ]


def test_without_a_log_row_the_status_page_shows_nothing(resident, hulpvraag, monkeypatch):
    def kapot(self, *args, **kwargs):
        raise DatabaseError("logboek onbereikbaar")

    monkeypatch.setattr(Verwerking, "save", kapot)
    response = resident.get(hulpvraag.status_url)
    assert response.status_code == 503
    assert hulpvraag.referentie not in html_van(response)


# --- when it stops ----------------------------------------------------------------------------


def gesloten(hulpvraag, medewerker):
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    hulpvraag_sluiten(
        hulpvraag=hulpvraag, door=medewerker, route=Route.VOORLIGGEND_VELD, uitkomst="Doorgestuurd."
    )
    return hulpvraag


def test_status_works_29_days_after_closing(resident, hulpvraag, aanspreekpunt):
    gesloten(hulpvraag, aanspreekpunt)
    with time_machine.travel(hulpvraag.afgesloten_op + timedelta(days=29), tick=False):
        response = resident.get(hulpvraag.status_url)
    assert response.status_code == 200
    assert "Uw vraag is afgerond" in html_van(response)


def zonder_taalkeuze(html: str) -> str:
    return re.sub(r'<nav class="taalkeuze".*?</nav>', "", html, flags=re.DOTALL)


def test_status_is_gone_30_days_after_closing_exactly_like_an_unknown_token(
    resident, hulpvraag, aanspreekpunt
):
    gesloten(hulpvraag, aanspreekpunt)
    with time_machine.travel(hulpvraag.afgesloten_op + timedelta(days=30, seconds=1), tick=False):
        verlopen = resident.get(hulpvraag.status_url)
        verstuurd = resident.get(f"/hulpvraag/verstuurd/{hulpvraag.token}/")
        onbekend = resident.get("/hulpvraag/status/" + "A" * 43 + "/")
    assert verlopen.status_code == verstuurd.status_code == onbekend.status_code == 404
    assert NIET_GEVONDEN in html_van(verlopen)
    # The same page but for the language switcher, which echoes the path the resident typed
    # (to come back to it) and carries a CSRF token masked anew for every response.
    assert zonder_taalkeuze(html_van(verlopen)) == zonder_taalkeuze(html_van(onbekend))
    assert hulpvraag.referentie not in html_van(verlopen)
    assert hulpvraag.referentie not in html_van(verstuurd)


@pytest.mark.parametrize(
    "token",
    ["onbekend", "A" * 43, "%00", "a%00b" * 10, "<script>", "x" * 5000, "..", "%2e%2e"],
)
def test_unknown_or_hostile_token_gives_the_friendly_404(resident, token):
    for soort in ("status", "verstuurd", "feedback"):
        response = resident.get(f"/hulpvraag/{soort}/{token}/")
        assert response.status_code == 404
        assert response["Cache-Control"] == "no-store"


def test_unknown_token_page_gives_no_hint_and_a_way_to_reach_us(resident):
    html = html_van(resident.get("/hulpvraag/status/" + "B" * 43 + "/"))
    assert NIET_GEVONDEN in html
    assert "0543-000000" in html
    assert "toegang@aalten.example.org" in html


# --- the token --------------------------------------------------------------------------------


def test_token_carries_at_least_128_bits(db):
    tokens = [HulpvraagFactory().token for _ in range(20)]
    assert len(set(tokens)) == 20
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        # URL-safe base64: 6 bits per character.
        assert len(token) * 6 >= 128
    # The characters are spread like random ones: a rough entropy check over all tokens.
    tekens = Counter("".join(tokens))
    totaal = sum(tekens.values())
    entropie = -sum(n / totaal * math.log2(n / totaal) for n in tekens.values())
    assert entropie > 5.5  # a perfect spread over 64 symbols is 6 bits per character


def test_token_is_not_the_reference_or_a_counter(db):
    een, twee = HulpvraagFactory(), HulpvraagFactory()
    assert een.referentie not in een.token
    assert een.token[:10] != twee.token[:10]


# --- the confirmation page ----------------------------------------------------------------------


def test_confirmation_shows_reference_date_phone_and_full_status_link(resident, hulpvraag):
    response = resident.get(f"/hulpvraag/verstuurd/{hulpvraag.token}/")
    html = html_van(response)
    assert response.status_code == 200
    assert hulpvraag.referentie in html
    assert "Binnen 2 werkdagen neemt een medewerker contact met u op" in html
    uiterlijk = hulpvraag.eerste_contact_uiterlijk()
    assert f"{uiterlijk.day} " in html
    assert "0543-000000" in html
    assert f'value="http://testserver/hulpvraag/status/{hulpvraag.token}/"' in html
    assert "Wij hebben u ook een e-mail gestuurd" in html
    assert VRAAG not in html and "Geheim-1234" not in html
    assert "Fatima" not in html and "fatima@example.org" not in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"


def test_confirmation_mentions_mail_only_when_an_address_was_given(resident):
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(email=""))
    html = html_van(resident.get(f"/hulpvraag/verstuurd/{hulpvraag.token}/"))
    assert "e-mail gestuurd" not in html


def test_submitted_question_confirmation_end_to_end(resident):
    response = resident.post(
        "/hulpvraag/",
        {
            "vraag": "<b>Help</b> met mijn administratie",
            "naam": "Łukasz",
            "contactvoorkeur": "langskomen",
            "toestemming_inzien": "on",
            "inzending": str(uuid4()),
        },
        follow=True,
    )
    html = html_van(response)
    hulpvraag = Hulpvraag.objects.get()
    assert response.status_code == 200
    assert hulpvraag.referentie in html
    assert "administratie" not in html
    assert "Łukasz" not in html
    assert "e-mail gestuurd" not in html
