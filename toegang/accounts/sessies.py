"""Ending every session of a user at once, also one halfway through the login.

It needs no User model, so `models.py` can call it when an account is disabled.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

# Session key of the user who passed the password step and still owes the code.
TWEESTAPS_GEBRUIKER = "tweestaps_gebruiker"
# Set when the identity provider asserted multi-factor authentication: no local code.
MFA_BIJ_PROVIDER = "mfa_bij_provider"
# The ID token of a login through the identity provider, the hint for its logout.
OIDC_ID_TOKEN = "oidc_id_token_hint"  # noqa: S105 - a session key, not a secret


def tweede_stap_gedaan(request) -> bool:
    """Logged in with a second factor: a code here (django-otp's OTPMiddleware), or
    multi-factor authentication asserted by the identity provider."""
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified()) or bool(
        getattr(request, "session", {}).get(MFA_BIJ_PROVIDER)
    )


def sessies_beeindigen(*, user_id: int) -> int:
    """End every session of the user with id `user_id`. Sessions live at most
    SESSIE_MAXIMAAL_SECONDEN, so there are never many to look through."""
    eigen = str(user_id)
    weg = []
    for sessie in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        inhoud = sessie.get_decoded()
        if eigen in (str(inhoud.get(SESSION_KEY)), str(inhoud.get(TWEESTAPS_GEBRUIKER))):
            weg.append(sessie.pk)
    Session.objects.filter(pk__in=weg).delete()
    return len(weg)
