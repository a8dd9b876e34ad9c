"""Two-factor logins in tests.

Every account needs a code after its password (toegang.accounts.views). So that tests
keep logging in with one line, `tests/conftest.py` makes `client.force_login(user)` and
`client.login(...)` count as a full login with the second step done; `half_ingelogd`
logs in without it, for tests about exactly that. Browser tests log in through the
real form with `tests.browser.inloggen.inloggen`, which types a code from `geldige_code`.
"""

import time
from base64 import b32decode
from datetime import UTC, datetime

from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from toegang.accounts.middleware import INGELOGD_OP, LAATST_ACTIEF

# A fixed test secret (base32), like the documented demo secret.
TEST_GEHEIM = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Django's own, before tests/conftest.py wraps them.
ORIGINELE_LOGIN = Client._login


def authenticator(user, geheim: str = TEST_GEHEIM) -> TOTPDevice:
    """The user's confirmed authenticator; made with `geheim` when there is none."""
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(
            user=user, name="Authenticator-app", confirmed=True, key=b32decode(geheim).hex()
        )
    return apparaat


def code_uit_geheim(geheim: str, *, stap: int | None = None) -> str:
    """What an authenticator app shows now (or at time step `stap`) for a base32 secret."""
    totp = TOTP(b32decode(geheim.replace(" ", "")))
    totp.time = time.time() if stap is None else stap * totp.step
    return f"{totp.token():06d}"


def geldige_code(apparaat: TOTPDevice) -> str:
    """A code the device accepts now: the current one, or the next one when the current one
    was used already (codes work once; django-otp accepts one step of clock drift)."""
    apparaat.refresh_from_db()
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time()
    stap = max(totp.t(), apparaat.last_t + 1)
    if stap > totp.t() + apparaat.tolerance:
        raise AssertionError("Deze app heeft zijn codes voor nu al gebruikt; wacht een stap.")
    totp.time = apparaat.t0 + (stap - apparaat.drift) * apparaat.step
    return f"{totp.token():0{apparaat.digits}d}"


# Forced logins are not subject to the idle and absolute session clocks: many tests log
# in and then travel in time (time-machine) to a fixed date. Tests of the clocks log in
# through the real pages instead.
BUITEN_DE_KLOK = datetime(2100, 1, 1, tzinfo=UTC)


def tweestaps_afronden(client: Client, user) -> None:
    """Mark the client's session as logged in with the second step, as the code page does,
    and take it off the session clocks (see BUITEN_DE_KLOK)."""
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    sessie[INGELOGD_OP] = sessie[LAATST_ACTIEF] = int(BUITEN_DE_KLOK.timestamp())
    sessie.set_expiry(BUITEN_DE_KLOK)
    sessie.save()


def half_ingelogd(client: Client, user) -> None:
    """Logged in without the second step: what an old session or a skipped step looks like."""
    ORIGINELE_LOGIN(client, user, "django.contrib.auth.backends.ModelBackend")


def _login_met_tweestaps(self, user, backend=None):
    ORIGINELE_LOGIN(self, user, backend)
    tweestaps_afronden(self, user)


def _wachtwoord_login(self, **credentials):
    """client.login(): the password is checked for real (django-axes wants a request)."""
    user = authenticate(RequestFactory().post("/account/inloggen/"), **credentials)
    if user is None:
        return False
    _login_met_tweestaps(self, user)
    return True


def inloggen_met_tweestaps(monkeypatch) -> None:
    monkeypatch.setattr(Client, "_login", _login_met_tweestaps)
    monkeypatch.setattr(Client, "login", _wachtwoord_login)
