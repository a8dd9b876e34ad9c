"""Two-factor login: authenticator apps (django-otp TOTP) and one-time recovery codes
(django-otp static tokens), and the QR code to set an app up."""

from base64 import b32decode
from dataclasses import dataclass

import qrcode
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

AANTAL_HERSTELCODES = 10
AUTHENTICATOR = "Authenticator-app"
HERSTELCODES = "Herstelcodes"


def tweestaps_status(*, user: User) -> dict:
    """What the login needs to know: an authenticator set up, recovery codes left."""
    return {
        "authenticator": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "herstelcodes": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    }


def authenticator_voorbereiden(*, user: User) -> TOTPDevice:
    """The authenticator of `user` that is not confirmed yet, made when there is none, so
    reloading the set-up page keeps showing the same QR code."""
    apparaat = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return apparaat


def authenticator_bevestigen(*, apparaat: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a new authenticator with a code it shows. It replaces any earlier one, and
    there are new recovery codes (returned, to be shown once). None when the code is wrong."""
    with transaction.atomic():
        apparaat = TOTPDevice.objects.select_for_update().get(pk=apparaat.pk)
        if apparaat.confirmed or not apparaat.verify_token(_code(code)):
            return None
        apparaat.confirmed = True
        apparaat.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=apparaat.user_id).exclude(pk=apparaat.pk).delete()
        return herstelcodes_maken(user=apparaat.user)


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


def herstelcodes_maken(*, user: User) -> list[str]:
    """New recovery codes; the old ones stop working. Each works once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        apparaat = StaticDevice.objects.create(user=user, name=HERSTELCODES, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(AANTAL_HERSTELCODES)]
        StaticToken.objects.bulk_create(StaticToken(device=apparaat, token=c) for c in codes)
    return codes


def _code(code: str) -> str:
    """As typed: spaces and dashes between groups of digits are fine."""
    return "".join(code.split()).replace("-", "").lower()


def code_controleren(*, user: User, code: str) -> Device | None:
    """The device that accepts `code`: six digits go to the authenticator, anything else is
    tried as a recovery code (which is then used up). Each device slows down after wrong
    codes (django-otp throttling); axes counts the failures of the login as a whole."""
    code = _code(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        apparaten = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        apparaten = StaticDevice.objects.filter(user=user, confirmed=True)
    with transaction.atomic():
        for apparaat in apparaten.select_for_update():
            if apparaat.verify_token(code):
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
