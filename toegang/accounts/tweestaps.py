"""Two-factor login: authenticator apps (django-otp TOTP) and one-time recovery codes
(django-otp static tokens), and the QR code to set an app up.

Recovery codes are stored as a slow, salted fingerprint (`herstelcode_vingerafdruk`), never
as themselves: whoever reads the table (a backup, a support query) cannot log in with them.
They are shown once, when they are made. An app being set up is not stored at all until its
first right code: its key lives in the set-up page (and a signed cookie, see
toegang.accounts.views), so opening that page writes nothing.
"""

import hashlib
import time
from base64 import b32decode, b32encode
from dataclasses import dataclass

import qrcode
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

AANTAL_HERSTELCODES = 10
AUTHENTICATOR = "Authenticator-app"
HERSTELCODES = "Herstelcodes"
# A recovery code holds 40 random bits. PBKDF2 at this many rounds makes trying them all for
# one account take days of a strong GPU, while a login with a code costs one derivation
# (tens of milliseconds). The fingerprint fills django-otp's token column (16 characters,
# 80 bits: far more than the code has, so nothing is lost by cutting it there).
HERSTELCODE_RONDEN = 50_000
VINGERAFDRUK_LENGTE = 16


def tweestaps_status(*, user: User) -> dict:
    """What the login needs to know: an authenticator set up, recovery codes left."""
    return {
        "authenticator": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "herstelcodes": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    }


def nieuwe_authenticator(*, user: User, sleutel: str | None = None) -> TOTPDevice:
    """The authenticator being set up, in memory only: with `sleutel` (hex) the one the
    set-up page showed before, else a new random key. Nothing is written until
    `authenticator_bevestigen`."""
    apparaat = TOTPDevice(user=user, name=AUTHENTICATOR, confirmed=False)
    if sleutel is not None:
        apparaat.key = sleutel
    return apparaat


def authenticator_bevestigen(
    *, user: User, sleutel: str, code: str
) -> tuple[TOTPDevice, list[str]] | None:
    """Store the app being set up (key `sleutel`, hex) once it shows a right code. It
    replaces any earlier app, and there are new recovery codes (returned, to be shown once).
    None when the code is wrong."""
    apparaat = nieuwe_authenticator(user=user, sleutel=sleutel)
    code = _code(code)
    if not (code.isascii() and code.isdigit() and len(code) == apparaat.digits):
        return None
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    totp.time = time.time()
    if not totp.verify(int(code), apparaat.tolerance):
        return None
    with transaction.atomic():
        # One confirmation at a time per person (two tabs, a double click).
        User.objects.select_for_update().filter(pk=user.pk).first()
        apparaat.confirmed = True
        apparaat.last_t = totp.t()  # this code is used; the next login needs a later one
        apparaat.drift = totp.drift  # as django-otp's own verify_token (OTP_TOTP_SYNC)
        apparaat.save()
        TOTPDevice.objects.filter(user_id=user.pk).exclude(pk=apparaat.pk).delete()
        return apparaat, herstelcodes_maken(user=user)


def demo_authenticator(*, user: User, geheim: str) -> TOTPDevice:
    """For demo accounts only (demo_data): an authenticator with a known base32 secret, so
    anyone trying the demo can log in. Keeps a device that already has that secret."""
    sleutel = b32decode(geheim).hex()
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=True, key=sleutel).first()
    if apparaat is None:
        TOTPDevice.objects.filter(user=user).delete()
        apparaat = TOTPDevice.objects.create(
            user=user, name=AUTHENTICATOR, confirmed=True, key=sleutel
        )
    return apparaat


def herstelcode_vingerafdruk(code: str, apparaat_id: int) -> str:
    """What is stored of a recovery code: PBKDF2-SHA256 of the code as typed (see `_code`),
    salted with its device (each device its own salt, so one guess tries one account), in
    base32 like the codes themselves."""
    sleutel = hashlib.pbkdf2_hmac(
        "sha256",
        code.encode(),
        f"toegang-herstelcode:{apparaat_id}".encode(),
        HERSTELCODE_RONDEN,
    )
    return b32encode(sleutel).decode()[:VINGERAFDRUK_LENGTE].lower()


def herstelcodes_maken(*, user: User) -> list[str]:
    """New recovery codes, returned to be shown once; stored only as fingerprints. The old
    ones stop working. Each works once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        apparaat = StaticDevice.objects.create(user=user, name=HERSTELCODES, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
        StaticToken.objects.bulk_create(
            StaticToken(device=apparaat, token=herstelcode_vingerafdruk(c, apparaat.pk))
            for c in codes
        )
    return codes


def _code(code: str) -> str:
    """As typed: spaces and dashes between groups of digits are fine."""
    return "".join(code.split()).replace("-", "").lower()


def code_controleren(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`: six digits go to the authenticator, anything else is
    tried as a recovery code (by its fingerprint; it is then used up). Each device slows
    down after wrong codes (django-otp throttling); axes counts the failures of the login as
    a whole."""
    code = _code(code)
    if not code:
        return None
    herstelcode = not (code.isdigit() and len(code) == 6)
    apparaten = (StaticDevice if herstelcode else TOTPDevice).objects.filter(
        user=user, confirmed=True
    )
    with transaction.atomic():
        for apparaat in apparaten.select_for_update():
            token = herstelcode_vingerafdruk(code, apparaat.pk) if herstelcode else code
            if apparaat.verify_token(token):
                return apparaat
    return None


def tweestaps_vertraagd(*, user: User) -> bool:
    """After a wrong code a device refuses every code for a few seconds (doubling with each
    failure): then the person is told to wait, not that the right code is wrong."""
    apparaten = [
        *TOTPDevice.objects.filter(user=user),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    return any(not apparaat.verify_is_allowed()[0] for apparaat in apparaten)


@dataclass(frozen=True)
class QR:
    """A QR code as the page draws it (templates/accounts/tweestaps_instellen.html): `pad`
    the SVG path of its dark modules, one unit each, on a square of `grootte` units."""

    grootte: int
    pad: str


def qr_code(tekst: str) -> QR:
    """The QR code of `tekst`, made on our own server: the secret never leaves it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(tekst)
    modules = code.get_matrix()  # with its border
    delen = []
    for y, rij in enumerate(modules):
        x = 0
        while x < len(rij):
            if not rij[x]:
                x += 1
                continue
            lengte = next((n for n, donker in enumerate(rij[x:]) if not donker), len(rij) - x)
            delen.append(f"M{x},{y}h{lengte}v1h-{lengte}z")
            x += lengte
    return QR(len(modules), "".join(delen))
