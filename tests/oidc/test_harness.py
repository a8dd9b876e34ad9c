"""The test provider itself: discovery, the code flow with PKCE, claims that change between
logins, and RP-initiated logout, driven with plain HTTP (no Django)."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests

from tests.oidc.harness import oidc_client, oidc_gebruiker

TERUG = "http://127.0.0.1:9/terug/"


@pytest.fixture
def provider(oidc_provider):
    oidc_provider.configure(
        clients=[oidc_client(TERUG, post_logout_redirect_uris=["http://127.0.0.1:9/uit/"])],
        users=[
            oidc_gebruiker("jan", groups=["toegang"], email="jan@aalten.nl", amr=["pwd", "mfa"])
        ],
    )
    return oidc_provider


def inloggen(provider, sessie, login="jan"):
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    config = provider.discovery()
    params = {
        "client_id": "toegang",
        "response_type": "code",
        "scope": "openid email groups",
        "redirect_uri": TERUG,
        "state": "s1",
        "nonce": "n1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    antwoord = sessie.get(f"{config['authorization_endpoint']}?{urlencode(params)}", timeout=5)
    assert "Inloggen bij de toets-provider" in antwoord.text
    actie = antwoord.url.replace(
        urlparse(antwoord.url).path, urlparse(antwoord.url).path + "/login"
    )
    antwoord = sessie.post(
        actie, data={"login": login, "password": login}, allow_redirects=False, timeout=5
    )
    while antwoord.is_redirect and not antwoord.headers["location"].startswith(TERUG):
        antwoord = sessie.get(
            requests.compat.urljoin(antwoord.url, antwoord.headers["location"]),
            allow_redirects=False,
            timeout=5,
        )
    terug = parse_qs(urlparse(antwoord.headers["location"]).query)
    assert terug["state"] == ["s1"]
    tokens = requests.post(
        config["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": terug["code"][0],
            "redirect_uri": TERUG,
            "code_verifier": verifier,
        },
        auth=("toegang", "toets-geheim"),
        timeout=5,
    ).json()
    sleutels = jwt.PyJWKClient(config["jwks_uri"], timeout=5)
    return jwt.decode(
        tokens["id_token"],
        sleutels.get_signing_key_from_jwt(tokens["id_token"]).key,
        algorithms=["RS256"],
        audience="toegang",
    )


def test_code_flow_with_pkce_gives_signed_id_token_with_groups_and_amr(provider):
    voor = provider.sessies().get("jan", 0)
    claims = inloggen(provider, requests.Session())
    assert claims["sub"] == "jan"
    assert claims["groups"] == ["toegang"]
    assert claims["amr"] == ["pwd", "mfa"]
    assert claims["nonce"] == "n1"
    assert provider.sessies()["jan"] == voor + 1


def test_changed_groups_show_at_next_login(provider):
    inloggen(provider, requests.Session())
    provider.wijzig_gebruiker("jan", claims={"groups": ["beleid"]}, amr=["pwd"])
    claims = inloggen(provider, requests.Session())
    assert claims["groups"] == ["beleid"]
    assert claims["amr"] == ["pwd"]


def test_rp_initiated_logout_ends_provider_session(provider):
    sessie = requests.Session()
    inloggen(provider, sessie)
    voor = provider.sessies()["jan"]
    pagina = sessie.get(
        provider.discovery()["end_session_endpoint"], params={"client_id": "toegang"}, timeout=5
    )
    assert "Ja, uitloggen" in pagina.text
    actie = re.search(r'action="([^"]+)"', pagina.text).group(1)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', pagina.text).group(1)
    sessie.post(
        requests.compat.urljoin(pagina.url, actie), data={"xsrf": xsrf, "logout": "yes"}, timeout=5
    )
    assert provider.sessies().get("jan", 0) == voor - 1
