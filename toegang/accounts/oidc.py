"""Staff sign-in through the municipal identity provider: OpenID Connect (issue 19).

mozilla-django-oidc does the protocol: the authorization code flow with PKCE, state and
nonce in the session, the token request. What this module adds:

- everything from the environment (settings OIDC_*), endpoints and issuer from the
  provider's discovery document, fetched when first needed with a timeout and kept an hour;
- ID tokens verified completely: signature against the provider's JWKS (RS256 only),
  audience (our client id), issuer, expiry and issue time; mozilla-django-oidc itself skips
  the audience and issuer;
- the account follows the claims at every login (`gebruiker_bijwerken`): name, e-mail, and
  role and team from the groups; someone in no mapped group is refused and logged out
  everywhere;
- every refusal is a `Weigering`: the reason for the log of logins and a Dutch message
  for the person. The views in toegang.accounts.views turn it into both.
"""

import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, register
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .roles import Rol, Team
from .sessies import sessies_beeindigen

BACKEND = "toegang.accounts.oidc.GemeenteAccountBackend"
DISCOVERY_SECONDEN = 3600
# Clocks of the provider and of this server may differ this much (seconds).
KLOKSPELING = 60

ONBEREIKBAAR = (
    "Inloggen met uw gemeente-account lukt nu niet: de inlogdienst van de gemeente antwoordt "
    "niet. Probeer het over een paar minuten opnieuw."
)
NIET_TE_CONTROLEREN = (
    "Inloggen met uw gemeente-account is niet gelukt: het antwoord van de inlogdienst klopte "
    "niet of was verlopen. Probeer het opnieuw. Lukt het weer niet, neem dan contact op met de "
    "beheerder."
)
AFGEBROKEN = "Het inloggen met uw gemeente-account is afgebroken. U bent niet ingelogd."
GEEN_GROEPEN = (
    "Uw gemeente-account geeft niet door bij welke groepen u hoort. U bent niet ingelogd. "
    "Neem contact op met de beheerder."
)
GEEN_TOEGANG = (
    "Uw gemeente-account geeft geen toegang tot dit portaal: u zit in geen van de groepen die "
    "daarvoor zijn ingesteld. Vraag uw leidinggevende om u toe te voegen."
)
UITGESCHAKELD = "Dit account is uitgeschakeld. Neem contact op met de beheerder."
NAAM_BEZET = (
    "Er is al een ander account met de gebruikersnaam van uw gemeente-account. Neem contact op "
    "met de beheerder."
)

_discovery: dict[str, tuple[float, dict]] = {}


class Weigering(Exception):
    """A login through the identity provider that is refused: `reden` for the log (no
    secrets), `melding` (Dutch) for the person."""

    def __init__(self, reden: str, melding: str, gebruikersnaam: str = ""):
        super().__init__(reden)
        self.reden = reden
        self.melding = melding
        self.gebruikersnaam = gebruikersnaam


def discovery() -> dict:
    """The provider's discovery document, fetched at most once an hour per URL."""
    url = settings.OIDC_DISCOVERY_URL
    bewaard = _discovery.get(url)
    if bewaard and bewaard[0] > time.monotonic():
        return bewaard[1]
    try:
        antwoord = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        antwoord.raise_for_status()
        document = antwoord.json()
    except (requests.RequestException, ValueError) as fout:
        raise Weigering(f"discovery niet te lezen: {type(fout).__name__}", ONBEREIKBAAR) from fout
    nodig = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or not all(isinstance(document.get(k), str) for k in nodig):
        raise Weigering("discovery mist issuer of endpoints", ONBEREIKBAAR)
    _discovery[url] = (time.monotonic() + DISCOVERY_SECONDEN, document)
    return document


def _lijst(waarde) -> list:
    if waarde is None:
        return []
    return waarde if isinstance(waarde, list) else [waarde]


def mfa_bij_provider(id_claims: dict) -> bool:
    """Did the provider assert multi-factor authentication (amr, RFC 8176, or acr)?"""
    amr = {str(a) for a in _lijst(id_claims.get("amr"))}
    if amr & set(settings.OIDC_MFA_AMR):
        return True
    return str(id_claims.get("acr", "")) in set(settings.OIDC_MFA_ACR)


def groepen_uit(claims: dict, gebruikersnaam: str = "") -> list[str]:
    """The groups claim: a list of strings, or the login is refused."""
    groepen = claims.get(settings.OIDC_GROEPEN_CLAIM)
    if groepen is None:
        raise Weigering(
            f"claim {settings.OIDC_GROEPEN_CLAIM!r} ontbreekt", GEEN_GROEPEN, gebruikersnaam
        )
    if not isinstance(groepen, list) or not all(isinstance(g, str) for g in groepen):
        raise Weigering(
            f"claim {settings.OIDC_GROEPEN_CLAIM!r} is geen lijst van namen ({type(groepen).__name__})",
            GEEN_GROEPEN,
            gebruikersnaam,
        )
    return groepen


def rol_en_team(groepen: list[str]) -> tuple[str | None, str]:
    """The role of the first group in OIDC_GROEP_ROL the user is in (None: no access), and
    likewise the team."""
    rol = next((r for g, r in settings.OIDC_GROEP_ROL.items() if g in groepen), None)
    team = next((t for g, t in settings.OIDC_GROEP_TEAM.items() if g in groepen), "")
    return rol, team


def _gebruikersnaam(claims: dict) -> str:
    naam = claims.get("preferred_username") or claims.get("email") or claims.get("sub") or ""
    return str(naam)[:150]


def gebruiker_bijwerken(claims: dict):
    """The account of this gemeente-account, created or updated from the claims: name,
    e-mail, role and team. Found by `sub`; the first time also by username (an account
    the beheerder made before, never a partner's), which is then linked to it."""
    User = get_user_model()
    sub = str(claims.get("sub") or "")
    gebruikersnaam = _gebruikersnaam(claims)
    if not sub:
        raise Weigering("claim 'sub' ontbreekt", NIET_TE_CONTROLEREN, gebruikersnaam)
    groepen = groepen_uit(claims, gebruikersnaam)
    rol, team = rol_en_team(groepen)
    if rol is None:
        # Off-boarded at the municipality (or moved out of every group): logged out here too.
        if user := User.objects.filter(oidc_sub=sub).first():
            sessies_beeindigen(user_id=user.pk)
        raise Weigering(
            f"in geen gekoppelde groep (groepen: {', '.join(groepen)[:300]})",
            GEEN_TOEGANG,
            gebruikersnaam,
        )
    with transaction.atomic():
        user = User.objects.select_for_update().filter(oidc_sub=sub).first()
        if user is None:
            user = (
                User.objects.select_for_update()
                .filter(username__iexact=gebruikersnaam, oidc_sub__isnull=True)
                .exclude(rol=Rol.PARTNER)
                .first()
            )
        if user is None:
            if User.objects.filter(username__iexact=gebruikersnaam).exists():
                raise Weigering(
                    "gebruikersnaam al van een ander account", NAAM_BEZET, gebruikersnaam
                )
            user = User(username=gebruikersnaam)
            user.set_unusable_password()
        if not user.is_active:
            raise Weigering("account uitgeschakeld", UITGESCHAKELD, gebruikersnaam)
        user.oidc_sub = sub
        user.rol = rol
        user.team = team
        user.email = str(claims.get("email") or user.email)[:254]
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.save()
    return user


class GemeenteAccountBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with the endpoints from discovery and complete ID-token
    checks. Only the callback view calls `authenticate` (with a nonce); Django's own
    `authenticate` (a username and password) passes it by. No network in __init__: Django
    makes one for every request that reads the logged-in user."""

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        self.id_claims: dict = {}

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return discovery().get("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return discovery()["jwks_uri"]

    @property
    def OIDC_RP_CLIENT_ID(self):
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):
        return settings.OIDC_RP_CLIENT_SECRET

    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs or not settings.OIDC_INGESCHAKELD:
            return None
        return super().authenticate(request, **kwargs)

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except (KeyError, TypeError, jwt.PyJWKError) as fout:
            raise SuspiciousOperation(f"geen passende sleutel: {type(fout).__name__}") from fout

    def _verify_jws(self, payload, key):
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=discovery()["issuer"],
                leeway=KLOKSPELING,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as fout:
            raise SuspiciousOperation(f"ID-token afgewezen: {type(fout).__name__}") from fout

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            self.id_claims = payload
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = {}
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if (
                not isinstance(userinfo, dict)
                or userinfo.get("sub", payload["sub"]) != payload["sub"]
            ):
                raise SuspiciousOperation("userinfo hoort bij een ander subject")
        # The ID token's own claims (Entra ID puts the groups only there), then userinfo's.
        return gebruiker_bijwerken({**payload, **userinfo})


class GemeenteAccountStart(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE in the session). The
    endpoint comes from discovery at the request, not when the view is made."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    @property
    def OIDC_OP_AUTH_ENDPOINT(self):
        return discovery()["authorization_endpoint"]

    @property
    def OIDC_RP_CLIENT_ID(self):
        return settings.OIDC_RP_CLIENT_ID


def eindsessie_url(*, id_token: str, terug: str) -> str | None:
    """The provider's end_session_endpoint for RP-initiated logout, or None when it has none
    (or cannot be reached: the local session ends anyway)."""
    try:
        eind = discovery().get("end_session_endpoint")
    except Weigering:
        return None
    if not isinstance(eind, str) or not eind:
        return None
    scheiding = "&" if "?" in eind else "?"
    parameters = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": terug,
        "client_id": settings.OIDC_RP_CLIENT_ID,
    }
    return f"{eind}{scheiding}{urlencode(parameters)}"


@register()
def configuratie_controleren(app_configs, **kwargs):
    """A mapping to a role or team that does not exist is a configuration error at start."""
    fouten = []
    toegestaan = {Rol.MEDEWERKER, Rol.COORDINATOR, Rol.BELEID, Rol.BEHEERDER}
    for groep, rol in settings.OIDC_GROEP_ROL.items():
        if rol not in toegestaan:
            fouten.append(
                Error(
                    f"OIDC_GROEP_ROL: groep {groep!r} wijst naar rol {rol!r}; kies uit "
                    f"{', '.join(sorted(toegestaan))} (partners loggen in met een wachtwoord)",
                    id="toegang.E101",
                )
            )
    for groep, team in settings.OIDC_GROEP_TEAM.items():
        if team not in Team.values:
            fouten.append(
                Error(
                    f"OIDC_GROEP_TEAM: groep {groep!r} wijst naar team {team!r}; kies uit "
                    f"{', '.join(Team.values)}",
                    id="toegang.E102",
                )
            )
    if settings.OIDC_INGESCHAKELD and not settings.OIDC_GROEP_ROL:
        fouten.append(Error("OIDC_GROEP_ROL is leeg: niemand kan inloggen", id="toegang.E103"))
    return fouten
