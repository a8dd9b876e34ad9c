"""A real OpenID provider for the tests: the npm package oidc-provider (a certified OP) started
from tests/oidc/provider.mjs on 127.0.0.1 with a free port.

Fixtures (imported into tests/conftest.py, so every test can ask for them):

- `oidc_provider` (session): the running provider, an `OidcProvider`. It starts without
  clients or users; a test calls `oidc_provider.configure(clients=[...], users=[...])`
  (which replaces both) and may change a user between logins with
  `oidc_provider.wijzig_gebruiker("jan", claims={"groups": ["beleid"]}, amr=["pwd"])`.
- `oidc_client(...)` and `oidc_gebruiker(...)` (plain functions, import them from here):
  builders for the config dicts (see their docstrings).

The provider is started once per test session and stopped at the end. Without node (or
without `npm ci` having installed oidc-provider) the tests that ask for it are skipped with
a message that says what to install.
"""

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
TIMEOUT = 5  # seconds, for every admin call


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oidc_client(
    redirect_uri: str,
    *,
    client_id: str = "toegang",
    client_secret: str | None = "toets-geheim",  # noqa: S107 - a test client
    post_logout_redirect_uris: list[str] | None = None,
) -> dict:
    """A client (relying party) in the provider's format. Without a secret it is a public
    client, for which the provider demands PKCE."""
    client = {
        "client_id": client_id,
        "redirect_uris": [redirect_uri],
        "post_logout_redirect_uris": post_logout_redirect_uris or [],
    }
    if client_secret:
        client["client_secret"] = client_secret
    return client


def oidc_gebruiker(
    login: str,
    *,
    sub: str | None = None,
    password: str | None = None,
    amr: list[str] | None = None,
    acr: str | None = None,
    **claims,
) -> dict:
    """A user of the provider: `login` (and password, default the login) on its login page,
    `sub` (default the login), `amr`/`acr` as the provider asserts them at login, and any
    claims (email, name, groups, bsn, ...)."""
    gebruiker = {"login": login, "sub": sub or login, "claims": claims}
    if password is not None:
        gebruiker["password"] = password
    if amr is not None:
        gebruiker["amr"] = amr
    if acr is not None:
        gebruiker["acr"] = acr
    return gebruiker


class OidcProvider:
    def __init__(self, issuer: str, proces: subprocess.Popen):
        self.issuer = issuer
        self.discovery_url = f"{issuer}/.well-known/openid-configuration"
        self.proces = proces

    def _admin(self, method: str, pad: str, data: dict | None = None) -> dict:
        antwoord = requests.request(
            method, f"{self.issuer}/__admin/{pad}", json=data, timeout=TIMEOUT
        )
        antwoord.raise_for_status()
        return antwoord.json()

    def configure(
        self, *, clients: list[dict], users: list[dict], scopes: dict | None = None
    ) -> None:
        """Replace every client and user (and extra scopes: {"bsn": ["bsn"]}). Provider
        sessions of users who still exist survive."""
        self._admin("POST", "config", {"clients": clients, "users": users, "scopes": scopes or {}})
        self.vertraging(0)

    def wijzig_gebruiker(self, login: str, *, claims: dict | None = None, **velden) -> dict:
        """Merge claims and set amr/acr/password of one user; the next login sees it."""
        return self._admin("PATCH", f"users/{login}", {"claims": claims or {}, **velden})

    def sessies(self) -> dict[str, int]:
        """Live provider sessions per sub."""
        return self._admin("GET", "sessions")

    def vertraging(self, seconden: float) -> None:
        """Make every later OP response wait (for timeout tests); 0 switches it off."""
        self._admin("POST", "delay", {"ms": int(seconden * 1000)})

    def discovery(self) -> dict:
        return requests.get(self.discovery_url, timeout=TIMEOUT).json()


def _start(tmp: Path) -> OidcProvider:
    node = shutil.which("node")
    if not node:
        pytest.skip("node ontbreekt: installeer Node.js 20+ voor de tests tegen de OpenID provider")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.skip("oidc-provider ontbreekt in node_modules: draai `make install` (npm ci)")
    poort = vrije_poort()
    config = tmp / "provider.json"
    config.write_text(json.dumps({"port": poort, "clients": [], "users": []}))
    log = open(tmp / "provider.log", "w")  # noqa: SIM115 - open for the life of the process
    proces = subprocess.Popen(
        [node, str(SCRIPT), str(config)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    provider = OidcProvider(f"http://127.0.0.1:{poort}", proces)
    einde = time.monotonic() + 20
    while time.monotonic() < einde:
        if proces.poll() is not None:
            log.close()
            pytest.fail(f"OpenID provider stopte meteen:\n{(tmp / 'provider.log').read_text()}")
        try:
            if requests.get(provider.discovery_url, timeout=1).status_code == 200:
                return provider
        except requests.RequestException:
            pass
        time.sleep(0.1)
    proces.kill()
    pytest.fail(f"OpenID provider niet binnen 20 s klaar:\n{(tmp / 'provider.log').read_text()}")


@pytest.fixture(scope="session")
def oidc_provider():
    with tempfile.TemporaryDirectory(prefix="oidc-provider-") as tmp:
        provider = _start(Path(tmp))
        yield provider
        provider.proces.terminate()
        try:
            provider.proces.wait(timeout=5)
        except subprocess.TimeoutExpired:
            provider.proces.kill()
