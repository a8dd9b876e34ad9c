"""DigiD for residents against a real OpenID provider (the npm `oidc-provider`, started by
tests/oidc/harness.py) as the municipality's broker: the redirect flow by plain HTTP, the
Django test client on our side. Log in, ask a question, log in again and find it; every way
it can go wrong is a Dutch page, no session and a refused row in the logboek; the BSN is in
no table and no session."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
import time_machine
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from intake.models import Hulpvraag, bsn_sleutel
from intake.services import digid
from intake.views import digid as digid_views
from tests.oidc.harness import oidc_client, oidc_gebruiker, vrije_poort
from toegang.privacy.models import Resultaat, Verwerking

pytestmark = pytest.mark.django_db

TERUG = "http://testserver/mijn-vragen/digid/terug/"
BSN = "999993653"  # passes the elfproef (a test BSN)
CLIENT_ID = "digid-broker"


@pytest.fixture
def broker(oidc_provider, settings):
    oidc_provider.configure(
        clients=[oidc_client(TERUG, client_id=CLIENT_ID, client_secret="digid-geheim")],
        users=[
            oidc_gebruiker("anna", bsn=BSN),
            oidc_gebruiker("fout", bsn="123456789"),
            oidc_gebruiker("zonder"),
        ],
        scopes={"bsn": ["bsn"]},
    )
    settings.DIGID_DISCOVERY_URL = oidc_provider.discovery_url
    settings.DIGID_CLIENT_ID = CLIENT_ID
    settings.DIGID_CLIENT_SECRET = "digid-geheim"  # noqa: S105 - a test client
    settings.DIGID_SCOPES = "openid bsn"
    settings.DIGID_BSN_CLAIM = "bsn"
    settings.DIGID_BSN_SLEUTEL = "toets-sleutel-voor-bsn"
    settings.DIGID_TIMEOUT = 2
    return oidc_provider


def bij_de_broker(adres: str, login: str, sessie: requests.Session | None = None) -> str:
    """Log in at the provider's page as `login` (in the browser `sessie` at the broker, a
    fresh one by default); returns where it sends the browser back."""
    sessie = sessie or requests.Session()
    antwoord = sessie.get(adres, timeout=5)
    pad = urlparse(antwoord.url).path
    antwoord = sessie.post(
        antwoord.url.replace(pad, pad + "/login"),
        data={"login": login, "password": login},
        allow_redirects=False,
        timeout=5,
    )
    while not antwoord.headers["location"].startswith(TERUG):
        antwoord = sessie.get(
            requests.compat.urljoin(antwoord.url, antwoord.headers["location"]),
            allow_redirects=False,
            timeout=5,
        )
    return antwoord.headers["location"]


def digid_inloggen(client, login="anna", volgende="overzicht", knoeien=None):
    start = client.get("/mijn-vragen/digid/", {"volgende": volgende})
    assert start.status_code == 302
    terug = bij_de_broker(start["Location"], login)
    if knoeien:
        terug = knoeien(terug)
    return client.get(terug.removeprefix("http://testserver"))


def vraag_stellen(client, vraag):
    formulier = client.get("/hulpvraag/").content.decode()
    inzending = re.search(r'name="inzending" value="([^"]+)"', formulier).group(1)
    return client.post(
        "/hulpvraag/",
        {
            "vraag": vraag,
            "naam": "Anna",
            "contactvoorkeur": "telefoon",
            "telefoon": "0612345678",
            "toestemming_inzien": "on",
            "inzending": inzending,
        },
    )


def geweigerd(response, client, status=400, tekst="niet gelukt"):
    assert response.status_code == status
    assert tekst in response.content.decode()
    assert client.get("/mijn-vragen/overzicht/").status_code == 303
    assert Verwerking.objects.filter(resultaat=Resultaat.GEWEIGERD).exists()


def test_resident_logs_in_asks_a_question_and_finds_it_again_later(broker, client):
    assert "Inloggen met DigiD" in client.get("/hulpvraag/").content.decode()
    response = digid_inloggen(client, volgende="vraag")
    assert response.status_code == 303 and response["Location"] == "/hulpvraag/"
    assert "U bent ingelogd met DigiD" in client.get("/hulpvraag/").content.decode()
    assert vraag_stellen(client, "Ik zoek hulp bij de administratie.").status_code == 303
    hulpvraag = Hulpvraag.objects.get()
    assert hulpvraag.digid_sleutel == bsn_sleutel(BSN)
    assert BSN not in hulpvraag.digid_sleutel

    # Later, in another browser: log in again and see it.
    later = type(client)()
    response = digid_inloggen(later)
    assert response["Location"] == "/mijn-vragen/overzicht/"
    html = later.get("/mijn-vragen/overzicht/").content.decode()
    assert hulpvraag.referentie in html
    assert "U bent ingelogd met DigiD" in html
    assert Verwerking.objects.filter(
        hulpvraag=hulpvraag.referentie, toelichting="Mijn vragen (DigiD)"
    ).exists()


def test_after_logging_out_the_next_person_at_the_same_computer_must_log_in_again(broker, client):
    """The broker keeps its own session in the browser. Logging out of Mijn vragen ends
    only ours: without prompt=login the next person's "Inloggen met DigiD" would come back
    at once as the previous resident."""
    browser_bij_broker = requests.Session()
    start = client.get("/mijn-vragen/digid/")
    client.get(
        bij_de_broker(start["Location"], "anna", browser_bij_broker).removeprefix(
            "http://testserver"
        )
    )
    assert client.get("/mijn-vragen/overzicht/").status_code == 200
    assert client.post("/mijn-vragen/uitloggen/").status_code == 303

    opnieuw = client.get("/mijn-vragen/digid/")
    antwoord = browser_bij_broker.get(opnieuw["Location"], allow_redirects=False, timeout=5)
    while antwoord.is_redirect:
        adres = requests.compat.urljoin(antwoord.url, antwoord.headers["location"])
        assert not adres.startswith(TERUG), "the broker let the next person in without DigiD"
        antwoord = browser_bij_broker.get(adres, allow_redirects=False, timeout=5)
    assert 'name="password"' in antwoord.text  # the broker's login form
    assert client.get("/mijn-vragen/overzicht/").status_code == 303


def test_the_bsn_is_in_no_table_and_no_session(broker, client):
    digid_inloggen(client, volgende="vraag")
    vraag_stellen(client, "Een vraag na DigiD.")
    digid_inloggen(type(client)())
    gevonden = []
    with connection.cursor() as cursor:
        for tabel in connection.introspection.table_names():
            cursor.execute(
                f'SELECT 1 FROM "{tabel}" AS rij WHERE rij::text LIKE %s LIMIT 1',  # noqa: S608
                [f"%{BSN}%"],
            )
            if cursor.fetchone():
                gevonden.append(tabel)
    assert gevonden == []
    assert Session.objects.exists()
    for sessie in Session.objects.all():
        assert BSN not in str(sessie.get_decoded())


def test_a_tampered_state_is_refused(broker, client):
    def knoeien(adres):
        delen = urlparse(adres)
        query = {k: v[0] for k, v in parse_qs(delen.query).items()}
        query["state"] = "aangepast"
        return urlunparse(delen._replace(query=urlencode(query)))

    geweigerd(digid_inloggen(client, knoeien=knoeien), client)
    assert Verwerking.objects.filter(toelichting="Mijn vragen: DigiD: state klopt niet").exists()


def test_a_tampered_nonce_is_refused(broker, client):
    start = client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    sessie = client.session
    sessie["digid_stroom"] = {**sessie["digid_stroom"], "nonce": "een-andere-nonce"}
    sessie.save()
    terug = bij_de_broker(start["Location"], "anna")
    response = client.get(terug.removeprefix("http://testserver"))
    geweigerd(response, client)
    assert Verwerking.objects.filter(toelichting__contains="nonce").exists()


def test_a_callback_replayed_is_refused(broker, client):
    start = client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    terug = bij_de_broker(start["Location"], "anna").removeprefix("http://testserver")
    assert client.get(terug).status_code == 303
    client.post("/mijn-vragen/uitloggen/")
    geweigerd(client.get(terug), client)


@pytest.mark.parametrize("login", ["fout", "zonder"])
def test_a_bsn_failing_the_elfproef_or_missing_is_refused(broker, client, login):
    geweigerd(digid_inloggen(client, login=login), client)
    assert Verwerking.objects.filter(toelichting__contains="elfproef").exists()
    assert not Hulpvraag.objects.exists()


def test_a_cancelled_login_is_refused(broker, client):
    client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    state = client.session["digid_stroom"]["state"]
    response = client.get(f"/mijn-vragen/digid/terug/?error=access_denied&state={state}")
    geweigerd(response, client)


def test_a_broker_that_is_down_is_a_friendly_503(broker, client, settings):
    settings.DIGID_DISCOVERY_URL = (
        f"http://127.0.0.1:{vrije_poort()}/.well-known/openid-configuration"
    )
    response = client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    geweigerd(response, client, status=503, tekst="niet bereikbaar")


def test_a_slow_broker_times_out_into_the_same_503(broker, client, settings):
    settings.DIGID_TIMEOUT = 1
    broker.vertraging(3)
    try:
        response = client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    finally:
        broker.vertraging(0)
    geweigerd(response, client, status=503, tekst="niet bereikbaar")


def test_without_a_broker_there_is_no_digid(client, settings):
    settings.DIGID_DISCOVERY_URL = ""
    assert "Inloggen met DigiD" not in client.get("/mijn-vragen/").content.decode()
    assert "Inloggen met DigiD" not in client.get("/hulpvraag/").content.decode()
    assert client.get("/mijn-vragen/digid/").status_code == 404


def test_an_id_token_for_another_client_is_refused(broker, client, monkeypatch):
    echt = digid.DigidClient.verify_token

    def andere_ontvanger(self, token, **kwargs):
        return {**echt(self, token, **kwargs), "aud": "een-andere-dienst"}

    monkeypatch.setattr(digid.DigidClient, "verify_token", andere_ontvanger)
    geweigerd(digid_inloggen(client), client)
    assert Verwerking.objects.filter(toelichting__contains="andere ontvanger").exists()


def test_an_id_token_signed_with_another_key_is_refused(broker, client, monkeypatch):
    vreemd = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    monkeypatch.setattr(digid.DigidClient, "retrieve_matching_jwk", lambda self, token: vreemd)
    geweigerd(digid_inloggen(client), client)
    assert Verwerking.objects.filter(toelichting__contains="handtekening").exists()


def test_an_expired_id_token_is_refused(broker, client, monkeypatch):
    # The state in the session would run out first; here only the token's own expiry counts.
    monkeypatch.setattr(digid_views, "STROOM_SECONDEN", 10 * 3600)
    start = client.get("/mijn-vragen/digid/", {"volgende": "overzicht"})
    terug = bij_de_broker(start["Location"], "anna").removeprefix("http://testserver")
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        geweigerd(client.get(terug), client)
