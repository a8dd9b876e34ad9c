"""A resident asks a question online at /hulpvraag/: no account, one case per form."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from intake.models import VRAAG_MAX, Contactvoorkeur, Hulpvraag, Kanaal, Status
from sociale_kaart.models import AanbodStatus
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.celery import app
from toegang.limiet import HULPVRAAG

pytestmark = pytest.mark.django_db

URL = "/hulpvraag/"


@pytest.fixture
def celery_direct():
    """Run tasks in-process, so the confirmation mail lands in mailoutbox."""
    vorige = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = vorige


def gegevens(**anders):
    data = {
        "vraag": "Ik kan mijn rekeningen niet meer betalen.",
        "naam": "Anna",
        "kern": "dinxperlo",
        "contactvoorkeur": Contactvoorkeur.TELEFOON,
        "telefoon": "06 12345678",
        "email": "",
        "contacttijd": "ochtend",
        "toestemming_inzien": "on",
        "inzending": str(uuid.uuid4()),
        "aanbod": "",
        "website": "",
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


def html_van(response):
    return response.content.decode()


# --- the happy path ------------------------------------------------------------------------


def test_form_page_is_public_and_never_cached(resident):
    response = resident.get(URL)
    html = html_van(response)
    assert response.status_code == 200
    assert "Wat is uw vraag?" in html
    assert "no-store" in response["Cache-Control"]
    # Each form has its own inzending id, so a double submit is recognised.
    assert re.search(r'name="inzending" value="[0-9a-f-]{36}"', html)
    assert html_van(resident.get(URL)).count('name="inzending"') == 1
    # Without JavaScript the server says the limit.
    assert f"maximaal {VRAAG_MAX} tekens" in html
    assert 'maxlength="4000"' in html
    assert "js/tekenteller.js" in html
    assert "<script>" not in html


def test_valid_question_is_stored_once_and_redirects_to_confirmation(resident, levensdomeinen):
    data = gegevens(levensdomeinen=["werk-en-inkomen", "zorg"])
    response = resident.post(URL, data)
    hulpvraag = Hulpvraag.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/hulpvraag/verstuurd/{hulpvraag.token}/"
    assert re.fullmatch(rf"TA-{timezone.localdate().year}-\d{{5}}", hulpvraag.referentie)
    assert hulpvraag.kanaal == Kanaal.WEBSITE
    assert hulpvraag.status == Status.ONTVANGEN
    assert hulpvraag.vraag == "Ik kan mijn rekeningen niet meer betalen."
    assert hulpvraag.kern == "dinxperlo"
    assert hulpvraag.contactvoorkeur == Contactvoorkeur.TELEFOON
    assert hulpvraag.contacttijd == "ochtend"
    assert hulpvraag.inzending == uuid.UUID(data["inzending"])
    assert hulpvraag.toestemming_delen is False
    assert hulpvraag.vast_aanspreekpunt is None
    assert {d.slug for d in hulpvraag.levensdomeinen.all()} == {"werk-en-inkomen", "zorg"}
    assert hulpvraag.inwoner.naam == "Anna"
    assert hulpvraag.inwoner.telefoon == "06 12345678"


def test_sharing_with_a_partner_needs_its_own_yes(resident):
    resident.post(URL, gegevens(toestemming_delen="on"))
    assert Hulpvraag.objects.get().toestemming_delen is True


def test_without_consent_to_read_nothing_is_stored(resident):
    response = resident.post(URL, gegevens(toestemming_inzien=None))
    assert response.status_code == 200
    assert "Zonder uw toestemming" in html_van(response)
    assert not Hulpvraag.objects.exists()


# --- from the sociale kaart ---------------------------------------------------------------


def test_aanbod_link_prefills_the_question(resident):
    aanbod = AanbodFactory(
        naam="Schuldhulp & budgetcoach", organisatie=OrganisatieFactory(naam="Laborijn")
    )
    response = resident.get(URL, {"aanbod": aanbod.slug})
    html = html_van(response)
    assert response.status_code == 200
    assert "Ik heb een vraag over Schuldhulp &amp; budgetcoach (Laborijn). " in html
    assert f'name="aanbod" value="{aanbod.slug}"' in html


def test_question_about_an_aanbod_is_linked_to_it(resident):
    aanbod = AanbodFactory()
    resident.post(URL, gegevens(aanbod=aanbod.slug, vraag=f"Ik heb een vraag over {aanbod.naam}"))
    assert Hulpvraag.objects.get().over_aanbod == aanbod


@pytest.mark.parametrize("slug", ["bestaat-niet", "%00", "<script>", "a" * 5000, "x\x00y"])
def test_unknown_or_hostile_aanbod_is_ignored(resident, slug):
    response = resident.get(URL, {"aanbod": slug})
    assert response.status_code == 200
    assert "Ik heb een vraag over" not in html_van(response)
    assert resident.post(URL, gegevens(aanbod="bestaat-niet")).status_code == 303
    assert Hulpvraag.objects.get().over_aanbod is None


def test_inactive_aanbod_is_not_prefilled(resident):
    aanbod = AanbodFactory(status=AanbodStatus.INACTIEF)
    assert "Ik heb een vraag over" not in html_van(resident.get(URL, {"aanbod": aanbod.slug}))


# --- bad input ----------------------------------------------------------------------------


def test_empty_question_is_refused_with_message_next_to_field(resident):
    response = resident.post(URL, gegevens(vraag="   ", naam="Bert"))
    html = html_van(response)
    assert response.status_code == 200
    assert not Hulpvraag.objects.exists()
    assert "Schrijf uw vraag op. Een paar woorden is genoeg." in html
    # GOV.UK: a summary on top links to the field; the field says what is wrong.
    assert 'href="#id_vraag"' in html
    assert 'id="id_vraag_error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="id_vraag_helptext id_vraag_error"', html)
    assert "<title>Fout: " in html
    assert 'value="Bert"' in html


def test_question_of_ten_thousand_characters_is_refused_and_kept(resident):
    lang = "a" * 10_000
    response = resident.post(URL, gegevens(vraag=lang))
    html = html_van(response)
    assert response.status_code == 200
    assert not Hulpvraag.objects.exists()
    assert f"Uw vraag is te lang. Gebruik maximaal {VRAAG_MAX} tekens." in html
    assert lang in html


def test_html_and_script_are_stored_as_text_and_escaped(resident):
    kwaad = '<script>alert("x")</script><b>vet</b>'
    response = resident.post(URL, gegevens(vraag=kwaad, naam="<img src=x onerror=alert(1)>"))
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.vraag == kwaad
    assert hulpvraag.inwoner.naam == "<img src=x onerror=alert(1)>"
    # The confirmation and status pages never show the question or the name at all.
    for pad in (response["Location"], hulpvraag.status_url):
        html = html_van(resident.get(pad))
        assert "<script>alert" not in html
        assert 'alert("x")' not in html
        assert "onerror" not in html


def test_html_in_a_refused_form_is_escaped(resident):
    kwaad = "<script>alert(1)</script>"
    html = html_van(resident.post(URL, gegevens(vraag=kwaad, naam=kwaad, email="geen-mail")))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("naam", ["Zoë 👋", "محمد", "Łukasz", "李小龙", "Ngũgĩ wa Thiong'o"])
def test_emoji_and_non_latin_names_are_kept_intact(resident, naam):
    vraag = f"Hallo, ik ben {naam} en ik zoek hulp 🙏"
    response = resident.post(URL, gegevens(naam=naam, vraag=vraag))
    assert response.status_code == 303
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.inwoner.naam == naam
    assert hulpvraag.vraag == vraag


@pytest.mark.parametrize(
    "telefoon",
    [
        "0543-123456",
        "06 12345678",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "0031 543 123 456",
        "+49 2874 12345",
    ],
)
def test_the_usual_ways_to_write_a_phone_number_are_accepted(resident, telefoon):
    response = resident.post(URL, gegevens(telefoon=telefoon))
    assert response.status_code == 303
    assert Hulpvraag.objects.get().inwoner.telefoon == telefoon


def test_emoji_name_is_kept_on_a_refused_form(resident):
    html = html_van(resident.post(URL, gegevens(naam="Zoë 👋", vraag="")))
    assert 'value="Zoë 👋"' in html


@pytest.mark.parametrize("telefoon", ["12345", "06-1234", "bel me maar", "0612345678901"])
def test_invalid_phone_gets_a_dutch_message_and_is_kept(resident, telefoon):
    response = resident.post(URL, gegevens(telefoon=telefoon))
    html = html_van(response)
    assert response.status_code == 200
    assert not Hulpvraag.objects.exists()
    assert "Vul een telefoonnummer in van 10 cijfers" in html
    assert 'id="id_telefoon_error"' in html
    assert 'href="#id_telefoon"' in html
    assert f'value="{telefoon}"' in html


def test_invalid_email_gets_a_dutch_message_and_is_kept(resident):
    response = resident.post(URL, gegevens(email="anna@@voorbeeld", vraag="Mijn vraag"))
    html = html_van(response)
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in html
    assert 'id="id_email_error"' in html
    assert 'value="anna@@voorbeeld"' in html
    assert "Mijn vraag</textarea>" in html


def test_phone_preference_without_number_asks_for_the_number(resident):
    response = resident.post(URL, gegevens(telefoon=""))
    html = html_van(response)
    assert response.status_code == 200
    assert "Vul uw telefoonnummer in, dan bellen wij u." in html
    assert not Hulpvraag.objects.exists()


def test_missing_contact_choice_links_to_the_first_radio(resident):
    html = html_van(resident.post(URL, gegevens(contactvoorkeur=None)))
    assert "Kies hoe wij contact met u mogen opnemen." in html
    assert 'href="#id_contactvoorkeur_0"' in html
    assert 'aria-describedby="id_contactvoorkeur_error"' in html


def test_kept_choices_stay_checked_on_a_refused_form(resident, levensdomeinen):
    html = html_van(
        resident.post(
            URL, gegevens(vraag="", levensdomeinen=["wonen"], toestemming_delen="on", kern="barlo")
        )
    )
    assert re.search(r'value="wonen"[^>]*checked', html)
    assert re.search(r'value="telefoon"[^>]*checked', html)
    assert re.search(r'name="toestemming_delen"[^>]*checked', html)
    assert re.search(r'value="barlo" selected', html)


def test_tampered_inzending_never_gives_a_server_error(resident):
    response = resident.post(URL, gegevens(inzending="geen-uuid"))
    assert response.status_code == 200
    assert not Hulpvraag.objects.exists()


def test_only_get_and_post(resident):
    assert resident.put(URL).status_code == 405


# --- double submit ------------------------------------------------------------------------


def test_double_submit_creates_one_hulpvraag_and_both_see_the_same_confirmation(resident):
    data = gegevens()
    eerste = resident.post(URL, data)
    tweede = resident.post(URL, data)
    assert Hulpvraag.objects.count() == 1
    assert eerste.status_code == tweede.status_code == 303
    assert eerste["Location"] == tweede["Location"]


def test_back_and_resubmit_with_a_change_still_gives_one_hulpvraag(resident):
    data = gegevens()
    resident.post(URL, data)
    resident.post(URL, data | {"vraag": "Toch iets anders"})
    assert Hulpvraag.objects.count() == 1


# --- honeypot -----------------------------------------------------------------------------


def test_honeypot_filled_stores_nothing_and_shows_a_friendly_page(resident):
    response = resident.post(URL, gegevens(website="http://spam.example"))
    html = html_van(response)
    assert response.status_code == 200
    assert not Hulpvraag.objects.exists()
    assert "niet verstuurd" in html
    assert "0543-000000" in html


def test_honeypot_is_hidden_from_people_and_assistive_technology(resident):
    html = html_van(resident.get(URL))
    assert re.search(r'<div class="honingpot" aria-hidden="true">', html)
    assert re.search(r'name="website"[^>]*tabindex="-1"[^>]*autocomplete="off"', html)


# --- rate limit ---------------------------------------------------------------------------


def test_sixth_question_from_one_address_gets_a_friendly_429(resident, settings):
    settings.HULPVRAAG_LIMIET = 5
    with time_machine.travel(timezone.now(), tick=False) as reis:
        for _ in range(5):
            assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.7").status_code == 303
        zesde = resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.7")
        html = html_van(zesde)
        assert zesde.status_code == 429
        assert "0543-000000" in html
        assert "toegang@aalten.example.org" in html
        assert "nog niet verstuurd" in html
        assert zesde["Retry-After"] == "600"
        assert Hulpvraag.objects.count() == 5

        # Another address is not affected.
        assert resident.post(URL, gegevens(), REMOTE_ADDR="2001:db8::1").status_code == 303

        # After the window the first address may ask again.
        reis.shift(timedelta(seconds=601))
        assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.7").status_code == 303
    assert Hulpvraag.objects.count() == 7


def test_a_resubmit_does_not_count_and_is_not_refused(resident, settings):
    settings.HULPVRAAG_LIMIET = 2
    data = gegevens()
    for _ in range(4):
        assert resident.post(URL, data, REMOTE_ADDR="192.0.2.8").status_code == 303
    assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.8").status_code == 303
    # Two stored questions: the limit is reached now, the same forms still go through.
    assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.8").status_code == 429
    assert resident.post(URL, data, REMOTE_ADDR="192.0.2.8").status_code == 303
    assert Hulpvraag.objects.count() == 2


def test_refused_forms_do_not_count(resident, settings):
    settings.HULPVRAAG_LIMIET = 1
    for _ in range(3):
        assert resident.post(URL, gegevens(vraag=""), REMOTE_ADDR="192.0.2.9").status_code == 200
    assert resident.post(URL, gegevens(), REMOTE_ADDR="192.0.2.9").status_code == 303


def test_limit_zero_switches_it_off(resident, settings):
    settings.HULPVRAAG_LIMIET = 0
    for _ in range(8):
        assert resident.post(URL, gegevens()).status_code == 303


# --- the confirmation e-mail --------------------------------------------------------------


def test_confirmation_mail_is_sent_once_with_reference_and_status_link(
    resident, celery_direct, django_capture_on_commit_callbacks, mailoutbox, settings
):
    data = gegevens(email="anna@voorbeeld.nl", contactvoorkeur=Contactvoorkeur.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(URL, data)
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(URL, data)
    hulpvraag = Hulpvraag.objects.get()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@voorbeeld.nl"]
    assert hulpvraag.referentie in mail.subject
    assert hulpvraag.referentie in mail.body
    assert f"{settings.SITE_URL}/hulpvraag/status/{hulpvraag.token}/" in mail.body
    assert hulpvraag.vraag not in mail.body


def test_no_mail_without_an_email_address(
    resident, celery_direct, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        resident.post(URL, gegevens())
    assert Hulpvraag.objects.count() == 1
    assert mailoutbox == []


# --- the ways in ------------------------------------------------------------------------------


def test_vraag_stellen_page_offers_the_online_form_first(resident):
    html = html_van(resident.get("/vraag-stellen/"))
    online = html.index('href="/hulpvraag/"')
    assert "Stel uw vraag online" in html
    assert online < html.index("Bellen") < html.index("Langskomen")


def test_vraag_stellen_page_passes_the_aanbod_on(resident):
    aanbod = AanbodFactory()
    html = html_van(resident.get("/vraag-stellen/", {"aanbod": aanbod.slug}))
    assert f'href="/hulpvraag/?aanbod={aanbod.slug}"' in html


def test_aanbod_page_button_opens_the_prefilled_form(resident):
    aanbod = AanbodFactory(naam="Maatjesproject")
    html = html_van(resident.get(aanbod.get_absolute_url()))
    assert f'href="/hulpvraag/?aanbod={aanbod.slug}">Stel uw vraag over dit aanbod' in html


@pytest.mark.parametrize("slug", ["a%00b", "%00", "<script>", "b" * 5000])
def test_vraag_stellen_page_survives_hostile_aanbod(resident, slug):
    response = resident.get(f"/vraag-stellen/?aanbod={slug}")
    assert response.status_code == 200
    assert 'href="/hulpvraag/"' in html_van(response)


@pytest.mark.parametrize(
    "veld",
    ["vraag", "naam", "kern", "contactvoorkeur", "telefoon", "email", "contacttijd", "inzending"]
    + ["aanbod", "levensdomeinen", "toestemming_inzien"],
)
def test_nul_bytes_and_junk_in_any_field_never_give_a_server_error(resident, levensdomeinen, veld):
    for rommel in ("a\x00b", "\x00", "𝕏" * 300, ["zorg", "\x00"]):
        response = resident.post(URL, gegevens(**{veld: rommel}))
        assert response.status_code in (200, 303)


def test_concurrent_posts_cannot_slip_past_the_limit(settings, rf):
    settings.HULPVRAAG_LIMIET = 5
    verzoek = rf.post(URL, REMOTE_ADDR="198.51.100.4")
    with ThreadPoolExecutor(max_workers=16) as pool:
        uitkomsten = list(pool.map(lambda _: HULPVRAAG.tellen(verzoek), range(40)))
    assert uitkomsten.count(True) == 5
