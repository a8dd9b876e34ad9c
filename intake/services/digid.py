"""DigiD for residents through the municipality's OpenID Connect broker (Signicat,
Connectis, an own Keycloak in front of DigiD…): the authorization code flow with PKCE,
state and nonce, the ID token's signature, audience and issuer checked.

Built on mozilla-django-oidc (the library the staff sign-in uses) for the token exchange
and the signature and nonce check, with the broker's own settings (DIGID_*, never the staff
OIDC's): `DigidClient` feeds those to the library in place of its OIDC_* settings.

Only the keyed hash of the BSN leaves this module (intake.models.bsn_sleutel); the BSN
itself is never stored, logged or put in the session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import generate_code_challenge

from ..models import bsn_sleutel, elfproef


class DigidFout(Exception):
    """Logging in with DigiD did not work. `reden` is for the logboek (never a BSN or a
    token); `onbereikbaar` when the broker could not be reached or answered too late."""

    def __init__(self, reden: str, *, onbereikbaar: bool = False):
        super().__init__(reden)
        self.reden = reden
        self.onbereikbaar = onbereikbaar


@dataclass(frozen=True)
class Broker:
    """What the broker's discovery document says (only what the flow needs)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""


def aan() -> bool:
    return bool(settings.DIGID_DISCOVERY_URL)


def broker_ophalen() -> Broker:
    """The discovery document, read with a timeout (DIGID_TIMEOUT)."""
    try:
        antwoord = requests.get(settings.DIGID_DISCOVERY_URL, timeout=settings.DIGID_TIMEOUT)
        antwoord.raise_for_status()
        document = antwoord.json()
        return Broker(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            userinfo_endpoint=document.get("userinfo_endpoint", ""),
        )
    except (requests.RequestException, ValueError, KeyError, TypeError) as fout:
        raise DigidFout("DigiD-broker niet bereikbaar", onbereikbaar=True) from fout


class DigidClient(OIDCAuthenticationBackend):
    """mozilla-django-oidc's client half, reading the DigiD broker's settings."""

    def __init__(self, broker: Broker):
        self.instellingen = {
            "OIDC_OP_TOKEN_ENDPOINT": broker.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": broker.userinfo_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": broker.jwks_uri,
            "OIDC_RP_CLIENT_ID": settings.DIGID_CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": settings.DIGID_CLIENT_SECRET,
            "OIDC_RP_SIGN_ALGO": settings.DIGID_SIGN_ALGO,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_TIMEOUT": settings.DIGID_TIMEOUT,
            "OIDC_TOKEN_USE_BASIC_AUTH": True,
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_SSL": True,
            "OIDC_VERIFY_KID": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_PROXY": None,
        }
        self.broker = broker
        super().__init__()

    def get_settings(self, attr, *args):
        if attr in self.instellingen:
            return self.instellingen[attr]
        if args:
            return args[0]
        raise KeyError(attr)


def inloggen_beginnen(*, redirect_uri: str) -> tuple[str, dict]:
    """The broker's address to send the resident to, and what the callback must find
    again in the session (state, nonce, the PKCE verifier)."""
    broker = broker_ophalen()
    stroom = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
    }
    parameters = {
        "response_type": "code",
        "client_id": settings.DIGID_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.DIGID_SCOPES,
        "state": stroom["state"],
        "nonce": stroom["nonce"],
        "code_challenge": generate_code_challenge(stroom["verifier"], "S256"),
        "code_challenge_method": "S256",
        # Every login asks for DigiD again, even while the broker still has a session:
        # on a shared computer (a library, the front desk's public PC) logging out of Mijn
        # vragen ends only our session, and the next person must not be let in as the
        # previous resident by the broker's.
        "prompt": "login",
    }
    return f"{broker.authorization_endpoint}?{urlencode(parameters)}", stroom


def _publiek(waarde) -> list:
    return [waarde] if isinstance(waarde, str) else list(waarde or [])


def inloggen_afronden(*, stroom: dict, state: str, code: str, redirect_uri: str) -> str:
    """The callback: check state, exchange the code (with the PKCE verifier), check the ID
    token (signature by the broker's keys, nonce, audience, issuer, expiry) and the BSN
    (elfproef). Returns the BSN's keyed hash; raises DigidFout."""
    if not stroom or not state or not secrets.compare_digest(str(stroom.get("state")), state):
        raise DigidFout("DigiD: state klopt niet")
    if not code:
        raise DigidFout("DigiD: geen code van de broker")
    broker = broker_ophalen()
    client = DigidClient(broker)
    try:
        tokens = client.get_token(
            {
                "client_id": settings.DIGID_CLIENT_ID,
                "client_secret": settings.DIGID_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": stroom["verifier"],
            }
        )
        id_token = tokens["id_token"]
        claims = client.verify_token(id_token, nonce=stroom["nonce"])
    except requests.HTTPError as fout:
        raise DigidFout("DigiD: code geweigerd door de broker") from fout
    except requests.RequestException as fout:
        raise DigidFout("DigiD-broker niet bereikbaar", onbereikbaar=True) from fout
    except (SuspiciousOperation, jwt.PyJWTError, KeyError, TypeError, ValueError) as fout:
        raise DigidFout("DigiD: ID-token ongeldig (handtekening of nonce)") from fout
    if settings.DIGID_CLIENT_ID not in _publiek(claims.get("aud")):
        raise DigidFout("DigiD: ID-token voor een andere ontvanger")
    if claims.get("iss") != broker.issuer:
        raise DigidFout("DigiD: ID-token van een andere uitgever")
    bsn = claims.get(settings.DIGID_BSN_CLAIM)
    if bsn is None and broker.userinfo_endpoint and tokens.get("access_token"):
        try:
            bsn = client.get_userinfo(tokens["access_token"], id_token, claims).get(
                settings.DIGID_BSN_CLAIM
            )
        except requests.RequestException as fout:
            raise DigidFout("DigiD-broker niet bereikbaar", onbereikbaar=True) from fout
    if not isinstance(bsn, str) or not elfproef(bsn):
        raise DigidFout("DigiD: BSN ontbreekt of voldoet niet aan de elfproef")
    return bsn_sleutel(bsn)
