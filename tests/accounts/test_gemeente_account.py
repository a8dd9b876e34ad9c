"""Staff sign-in with the gemeente-account (OpenID Connect, issue 19) against a real provider
(tests/oidc/harness.py), and the refusals: every one a Dutch message, no session and a row
in the log of logins."""

import re
import time
from urllib.parse import urljoin

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY

from tests.accounts.factories import WACHTWOORD, UserFactory
from tests.accounts.gemeente import bij_provider_inloggen, instellen, medewerker_bij_provider
from tests.oidc.harness import oidc_gebruiker
from toegang.accounts import oidc
from toegang.accounts.models import Inlogbeleid, User
from toegang.accounts.roles import Rol
from toegang.accounts.tweestaps import tweestaps_status
from toegang.privacy.models import Inlogmoment, Resultaat

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(oidc_provider, settings):
    instellen(
        settings,
        oidc_provider,
        "http://testserver",
        [
            medewerker_bij_provider("jan"),
            medewerker_bij_provider("piet", amr=["pwd"]),
            medewerker_bij_provider("kees", groups=["kantine"]),
            oidc_gebruiker("geengroep", amr=["mfa"], email="g@aalten.nl"),
            oidc_gebruiker("tekst", amr=["mfa"], groups="toegang"),
        ],
    )
    return oidc_provider


def ingelogd(client) -> bool:
    return SESSION_KEY in client.session


def weigering(client, antwoord, tekst: str) -> Inlogmoment:
    """The refusal as the person sees it (login page with the message) and as it is logged."""
    assert antwoord.status_code == 302 and antwoord["Location"] == "/account/inloggen/"
    pagina = client.get("/account/inloggen/")
    assert tekst in pagina.content.decode()
    assert not ingelogd(client)
    rij = Inlogmoment.objects.filter(resultaat=Resultaat.GEWEIGERD).get()
    assert rij.methode == "gemeente-account" and rij.gebruiker_id is None
    return rij


def test_medewerker_with_mfa_at_provider_is_logged_in_without_code(client, provider):
    antwoord = client.get(bij_provider_inloggen(client, login="jan"))
    assert antwoord["Location"] == "/account/start/"
    assert client.get("/account/start/")["Location"] == "/balie/"
    assert client.get("/balie/").status_code == 200
    user = User.objects.get(oidc_sub="jan-sub")
    assert (user.username, user.rol, user.team, user.email) == (
        "jan",
        Rol.MEDEWERKER,
        "toegang",
        "jan@aalten.nl",
    )
    assert not user.has_usable_password()
    rij = Inlogmoment.objects.get()
    assert (rij.methode, rij.tweede_stap, rij.resultaat) == (
        "gemeente-account",
        "identity-provider",
        "gelukt",
    )


def test_without_mfa_at_provider_the_local_code_is_asked(client, provider):
    antwoord = client.get(bij_provider_inloggen(client, login="piet"))
    assert antwoord["Location"] == "/account/tweestaps/instellen/"
    assert not ingelogd(client)
    assert client.get("/balie/").status_code == 302


def test_role_and_team_follow_the_groups_at_every_login(client, provider):
    client.get(bij_provider_inloggen(client, login="jan"))
    provider.wijzig_gebruiker("jan", claims={"groups": ["beleid"]})
    client.post("/account/uitloggen/")
    client.get(bij_provider_inloggen(client, login="jan"))
    user = User.objects.get(oidc_sub="jan-sub")
    assert (user.rol, user.team) == (Rol.BELEID, "")
    assert client.get("/account/start/")["Location"] == "/rapportage/"


def test_removed_from_all_groups_is_refused_and_logged_out_everywhere(client, provider, settings):
    andere = type(client)()
    andere.get(bij_provider_inloggen(andere, login="jan"))
    assert ingelogd(andere)
    provider.wijzig_gebruiker("jan", claims={"groups": ["kantine"]})
    rij = weigering(
        client,
        client.get(bij_provider_inloggen(client, login="jan")),
        "geen toegang tot dit portaal",
    )
    assert rij.gebruikersnaam == "jan" and "geen gekoppelde groep" in rij.reden
    assert andere.get("/balie/").status_code == 302  # the other session ended too


def test_existing_account_with_same_username_is_linked_not_a_partner(
    client, provider, partner_organisatie_a
):
    bestaand = UserFactory(username="jan", rol=Rol.COORDINATOR)
    client.get(bij_provider_inloggen(client, login="jan"))
    bestaand.refresh_from_db()
    assert bestaand.oidc_sub == "jan-sub" and bestaand.rol == Rol.MEDEWERKER


def test_partner_account_with_same_username_is_not_taken_over(
    client, provider, partner_organisatie_a
):
    UserFactory(username="jan", rol=Rol.PARTNER, organisatie=partner_organisatie_a)
    rij = weigering(
        client, client.get(bij_provider_inloggen(client, login="jan")), "al een ander account"
    )
    assert rij.reden == "gebruikersnaam al van een ander account"


@pytest.mark.parametrize(
    ("login", "reden"),
    [
        ("geengroep", "claim 'groups' ontbreekt"),
        ("tekst", "claim 'groups' is geen lijst van namen (str)"),
    ],
)
def test_groups_claim_missing_or_a_string_is_refused(client, provider, login, reden):
    rij = weigering(
        client,
        client.get(bij_provider_inloggen(client, login=login)),
        "niet door bij welke groepen",
    )
    assert rij.reden == reden
    assert not User.objects.filter(username=login).exists()


def test_tampered_state_is_refused(client, provider):
    terug = bij_provider_inloggen(client, login="jan")
    rij = weigering(client, client.get(terug.replace("state=", "state=x")), "klopte niet")
    assert rij.reden == "state onbekend of ontbreekt"


def test_state_is_used_once(client, provider):
    terug = bij_provider_inloggen(client, login="jan")
    client.get(terug)
    client.post("/account/uitloggen/")
    antwoord = client.get(terug)
    assert antwoord["Location"] == "/account/inloggen/" and not ingelogd(client)


def test_tampered_nonce_is_refused(client, provider):
    terug = bij_provider_inloggen(client, login="jan")
    sessie = client.session
    for staat in sessie["oidc_states"].values():
        staat["nonce"] = "een-andere-nonce"
    sessie.save()
    rij = weigering(client, client.get(terug), "klopte niet")
    assert "Nonce" in rij.reden


def test_callback_without_starting_is_refused(client, provider):
    weigering(
        client, client.get("/account/inloggen/gemeente/terug/?code=abc&state=def"), "klopte niet"
    )


def test_error_from_provider_is_refused(client, provider):
    weigering(
        client,
        client.get("/account/inloggen/gemeente/terug/?error=access_denied&state=x"),
        "afgebroken",
    )


def test_provider_down_is_refused_with_message(client, provider, settings):
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    rij = weigering(client, client.get("/account/inloggen/gemeente/"), "antwoordt niet")
    assert rij.reden.startswith("discovery niet te lezen")


def test_slow_provider_times_out(client, provider, settings):
    terug = bij_provider_inloggen(client, login="jan")
    settings.OIDC_TIMEOUT = 1
    provider.vertraging(3)
    try:
        begin = time.monotonic()
        rij = weigering(client, client.get(terug), "antwoordt niet")
        assert time.monotonic() - begin < 2.5
    finally:
        provider.vertraging(0)
    assert rij.reden == "provider onbereikbaar: ReadTimeout"


# --- ID tokens that must not pass: made here, signed with keys of our own ----------------

SLEUTEL = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ANDERE_SLEUTEL = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def eigen_tokens(provider, monkeypatch):
    """The provider's token answer replaced by a token the test makes; the keys are ours."""
    issuer = provider.issuer
    gemaakt = {}

    def token_maken(nonce, **anders):
        nu = int(time.time())
        claims = {
            "iss": issuer,
            "aud": "toegang",
            "sub": "jan-sub",
            "iat": nu,
            "exp": nu + 300,
            "nonce": nonce,
        }
        claims |= {"groups": ["toegang"], "amr": ["mfa"], "preferred_username": "jan"}
        sleutel = anders.pop("sleutel", SLEUTEL)
        claims |= anders
        return jwt.encode(claims, sleutel, algorithm="RS256", headers={"kid": "toets"})

    def get_token(self, payload):
        return {"id_token": gemaakt["maker"](), "access_token": None}

    monkeypatch.setattr(oidc.GemeenteAccountBackend, "get_token", get_token)
    monkeypatch.setattr(
        oidc.GemeenteAccountBackend,
        "retrieve_matching_jwk",
        lambda self, token: SLEUTEL.public_key(),
    )

    def inloggen(client, **anders):
        terug = bij_provider_inloggen(client, login="jan")
        nonce = next(iter(client.session["oidc_states"].values()))["nonce"]
        gemaakt["maker"] = lambda: token_maken(nonce, **anders)
        return client.get(terug)

    return inloggen


def test_own_token_maker_passes_when_all_is_right(client, eigen_tokens):
    assert eigen_tokens(client)["Location"] == "/account/start/"
    assert ingelogd(client)


@pytest.mark.parametrize(
    ("anders", "reden"),
    [
        ({"aud": "een-andere-app"}, "InvalidAudienceError"),
        ({"sleutel": ANDERE_SLEUTEL}, "InvalidSignatureError"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "ExpiredSignatureError"),
        ({"iss": "https://elders.example.org"}, "InvalidIssuerError"),
    ],
    ids=["andere-audience", "andere-sleutel", "verlopen", "andere-issuer"],
)
def test_bad_id_token_is_refused(client, eigen_tokens, anders, reden):
    rij = weigering(client, eigen_tokens(client, **anders), "klopte niet")
    assert reden in rij.reden


def test_unsigned_id_token_is_refused(client, provider, monkeypatch):
    monkeypatch.setattr(
        oidc.GemeenteAccountBackend,
        "get_token",
        lambda self, payload: {"id_token": jwt.encode({"sub": "jan-sub"}, None, algorithm="none")},
    )
    weigering(client, client.get(bij_provider_inloggen(client, login="jan")), "klopte niet")


# --- password logins beside it ----------------------------------------------------------


def test_login_page_offers_gemeente_account_when_configured(client, provider, settings):
    assert "Inloggen met je gemeente-account" in client.get("/account/inloggen/").content.decode()
    settings.OIDC_INGESCHAKELD = False
    assert "gemeente-account" not in client.get("/account/inloggen/").content.decode()
    assert client.get("/account/inloggen/gemeente/").status_code == 404


def test_beheerder_can_switch_password_login_off_for_municipal_roles(
    client, provider, partner_organisatie_a
):
    Inlogbeleid.objects.create(wachtwoord_voor_gemeente=False)
    medewerker = UserFactory(username="mw", rol=Rol.MEDEWERKER)
    partner = UserFactory(username="pa", rol=Rol.PARTNER, organisatie=partner_organisatie_a)
    antwoord = client.post(
        "/account/inloggen/", {"username": medewerker.username, "password": WACHTWOORD}
    )
    assert antwoord.status_code == 200
    assert "loggen in met hun gemeente-account" in antwoord.content.decode()
    assert "tweestaps_gebruiker" not in client.session
    antwoord = client.post(
        "/account/inloggen/", {"username": partner.username, "password": WACHTWOORD}
    )
    assert antwoord.status_code == 303


def test_password_login_is_logged_with_its_method(client, db):
    user = UserFactory(username="mw", rol=Rol.MEDEWERKER)
    client.force_login(user)
    rij = Inlogmoment.objects.get()
    assert (rij.methode, rij.tweede_stap, rij.gebruikersnaam) == ("wachtwoord", "code", "mw")


def test_logout_ends_provider_session_too(client, provider):
    client.get(bij_provider_inloggen(client, login="jan", sessie=(sessie := requests.Session())))
    voor = provider.sessies().get("jan-sub", 0)
    antwoord = client.post("/account/uitloggen/")
    assert antwoord.status_code == 303
    assert antwoord["Location"].startswith(provider.discovery()["end_session_endpoint"])
    assert "id_token_hint=" in antwoord["Location"]
    assert not ingelogd(client)
    pagina = sessie.get(antwoord["Location"], timeout=5)
    assert "Ja, uitloggen" in pagina.text
    actie = re.search(r'action="([^"]+)"', pagina.text).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', pagina.text).group(1)
    terug = sessie.post(
        urljoin(pagina.url, actie),
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=5,
    )
    assert terug.headers["location"] == "http://testserver/account/uitgelogd/"
    assert provider.sessies().get("jan-sub", 0) == voor - 1


def test_half_logged_in_through_provider_finishes_with_the_code(client, provider):
    from tests.accounts.tweestaps import authenticator, geldige_code

    client.get(bij_provider_inloggen(client, login="piet"))
    user = User.objects.get(oidc_sub="piet-sub")
    apparaat = authenticator(user)
    assert tweestaps_status(user=user)["authenticator"]
    client.get(bij_provider_inloggen(client, login="piet"))
    antwoord = client.post("/account/inloggen/code/", {"code": geldige_code(apparaat)})
    assert antwoord.status_code == 303 and ingelogd(client)
    rij = Inlogmoment.objects.filter(resultaat="gelukt").get()
    assert (rij.methode, rij.tweede_stap) == ("gemeente-account", "code")


def test_configuration_check_refuses_unknown_role_team_and_empty_mapping(settings):
    settings.OIDC_INGESCHAKELD = True
    settings.OIDC_GROEP_ROL = {"extern": "partner"}
    settings.OIDC_GROEP_TEAM = {"wmo": "wmo"}
    assert [f.id for f in oidc.configuratie_controleren(None)] == ["toegang.E101", "toegang.E102"]
    settings.OIDC_GROEP_ROL = {}
    settings.OIDC_GROEP_TEAM = {}
    assert [f.id for f in oidc.configuratie_controleren(None)] == ["toegang.E103"]


def test_the_first_mapped_group_decides_the_role(settings):
    settings.OIDC_GROEP_ROL = {"coordinatoren": "coordinator", "toegang": "medewerker"}
    settings.OIDC_GROEP_TEAM = {"wmo": "maatwerk-wmo"}
    assert oidc.rol_en_team(["toegang", "coordinatoren", "wmo"]) == ("coordinator", "maatwerk-wmo")
    assert oidc.rol_en_team(["kantine"]) == (None, "")


@pytest.mark.parametrize(
    ("claims", "mfa"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": "otp"}, True),
        ({"amr": ["pwd"]}, False),
        ({}, False),
        ({"acr": "2"}, True),
        ({"acr": "1"}, False),
    ],
)
def test_mfa_is_read_from_amr_or_configured_acr(settings, claims, mfa):
    settings.OIDC_MFA_ACR = ["2"]
    assert oidc.mfa_bij_provider(claims) is mfa


def test_beheerder_with_mfa_at_provider_opens_beheer(client, provider, settings):
    settings.OIDC_GROEP_ROL = {"beheer": "beheerder", **settings.OIDC_GROEP_ROL}
    provider.wijzig_gebruiker("jan", claims={"groups": ["beheer", "toegang"]})
    client.get(bij_provider_inloggen(client, login="jan"))
    assert User.objects.get(oidc_sub="jan-sub").rol == Rol.BEHEERDER
    assert client.get("/beheer/").status_code == 200
