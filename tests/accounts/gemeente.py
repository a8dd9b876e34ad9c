"""Staff sign-in against the test provider (tests/oidc/harness.py): the settings that point
this portal at it, and the login at the provider done with plain HTTP for client tests."""

import copy
import re
from urllib.parse import urljoin, urlsplit

import requests

from tests.oidc.harness import oidc_client, oidc_gebruiker

CLIENT_ID = "toegang"
GEHEIM = "toets-geheim"
TERUG = "/account/inloggen/gemeente/terug/"
UITGELOGD = "/account/uitgelogd/"


def instellen(settings, provider, basis: str, gebruikers: list[dict]) -> None:
    """Point the portal at `provider` (for a site at `basis`, e.g. http://testserver) with
    the groups toegang (medewerker, team toegang), coordinatoren and beleid, and the MFA
    amr values of the settings' default."""
    provider.configure(
        clients=[oidc_client(basis + TERUG, post_logout_redirect_uris=[basis + UITGELOGD])],
        users=gebruikers,
    )
    settings.OIDC_DISCOVERY_URL = provider.discovery_url
    settings.OIDC_INGESCHAKELD = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = GEHEIM
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_GROEP_ROL = {
        "coordinatoren": "coordinator",
        "toegang": "medewerker",
        "beleid": "beleid",
    }
    settings.OIDC_GROEP_TEAM = {"toegang": "toegang"}
    csp = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    csp["DIRECTIVES"]["form-action"] = [*csp["DIRECTIVES"]["form-action"], provider.issuer]
    settings.CONTENT_SECURITY_POLICY = csp


def medewerker_bij_provider(login: str = "jan", **claims) -> dict:
    claims.setdefault("groups", ["toegang"])
    claims.setdefault("amr", ["pwd", "mfa"])
    amr = claims.pop("amr")
    return oidc_gebruiker(
        login,
        sub=f"{login}-sub",
        amr=amr,
        email=f"{login}@aalten.nl",
        given_name=login.capitalize(),
        family_name="Jansen",
        preferred_username=login,
        **claims,
    )


def bij_provider_inloggen(
    client, *, login: str = "jan", sessie: requests.Session | None = None
) -> str:
    """Start at our login, log in at the provider with plain HTTP, and return the path (with
    query) of our callback the provider sends the browser to; the test GETs it."""
    start = client.get("/account/inloggen/gemeente/")
    assert start.status_code == 302, start
    sessie = sessie or requests.Session()
    pagina = sessie.get(start["Location"], timeout=5)
    actie = re.search(r'action="([^"]+)"', pagina.text).group(1)
    antwoord = sessie.post(
        urljoin(pagina.url, actie),
        data={"login": login, "password": login},
        allow_redirects=False,
        timeout=5,
    )
    while antwoord.is_redirect and TERUG not in antwoord.headers["location"]:
        antwoord = sessie.get(
            urljoin(antwoord.url, antwoord.headers["location"]), allow_redirects=False, timeout=5
        )
    terug = urlsplit(antwoord.headers["location"])
    return f"{terug.path}?{terug.query}"
