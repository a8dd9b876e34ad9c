"""Every logged-in request: two-factor verified, not idle too long, not logged in too long,
and never stored by a browser or proxy cache."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from .sessies import tweede_stap_gedaan

INGELOGD_OP = "ingelogd_op"
LAATST_ACTIEF = "laatst_actief"
# Activity is written to the session at most this often, not on every request.
ACTIEF_BIJWERKEN_SECONDEN = 60


@receiver(user_logged_in)
def _klok_starten(sender, request, user, **kwargs):
    nu = int(time.time())
    request.session[INGELOGD_OP] = nu
    request.session[LAATST_ACTIEF] = nu


def _reden_om_te_stoppen(request) -> str | None:
    if not tweede_stap_gedaan(request):
        # A session from before two-factor logins, or one that skipped the second step.
        return "Log opnieuw in, met uw wachtwoord en de code uit uw app."
    nu = int(time.time())
    sessie = request.session
    ingelogd = sessie.get(INGELOGD_OP, 0)
    actief = sessie.get(LAATST_ACTIEF, 0)
    if nu - actief > settings.SESSIE_INACTIEF_SECONDEN:
        minuten = settings.SESSIE_INACTIEF_SECONDEN // 60
        return f"U was {minuten} minuten niet actief. Voor uw veiligheid bent u uitgelogd."
    if nu - ingelogd > settings.SESSIE_MAXIMAAL_SECONDEN:
        uren = settings.SESSIE_MAXIMAAL_SECONDEN // 3600
        return f"U was {uren} uur ingelogd. Voor uw veiligheid bent u uitgelogd."
    if nu - actief >= ACTIEF_BIJWERKEN_SECONDEN:
        sessie[LAATST_ACTIEF] = nu
    return None


def sessie_bewaken(get_response):
    def middleware(request):
        ingelogd = request.user.is_authenticated
        if ingelogd:
            reden = _reden_om_te_stoppen(request)
            if reden is not None:
                logout(request)
                messages.info(request, reden)
                volgende = request.get_full_path() if request.method == "GET" else ""
                return redirect_to_login(volgende or reverse("accounts:start"))
        response = get_response(request)
        # (The JSON API may have replaced request.user, even by None.)
        if ingelogd or getattr(request.user, "is_authenticated", False):
            # What a logged-in person sees is about residents: never kept in any cache.
            response["Cache-Control"] = "no-store"
            patch_vary_headers(response, ("Cookie",))
        return response

    return middleware
