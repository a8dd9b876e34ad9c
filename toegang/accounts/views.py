"""Logging in: password (or the gemeente-account at the identity provider), then a code
from an authenticator app or a recovery code (unless the provider asserted multi-factor
authentication).

Nobody is logged in (`django.contrib.auth.login`) before both steps are done: after the
password the session only remembers who is halfway, for TWEESTAPS_SECONDEN. An account
without an authenticator sets one up as its second step. Wrong passwords and wrong codes
count together towards the lockout (django-axes).
"""

import logging
import re
import time
from base64 import b32encode

import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    login,
    logout,
    update_session_auth_hash,
    user_logged_in,
    user_login_failed,
)
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousOperation
from django.core.signing import BadSignature
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from toegang.http import zie_andere
from toegang.netwerk import client_ip
from toegang.privacy.models import Inlogmoment, Resultaat
from toegang.privacy.services import inlogmoment_vastleggen

from . import oidc, tweestaps
from .forms import CodeForm, InlogForm, WachtwoordForm
from .models import User
from .sessies import MFA_BIJ_PROVIDER, OIDC_ID_TOKEN, TWEESTAPS_GEBRUIKER

log = logging.getLogger(__name__)

TWEESTAPS_BACKEND = "tweestaps_backend"
TWEESTAPS_SINDS = "tweestaps_sinds"
TWEESTAPS_VOLGENDE = "tweestaps_volgende"
TE_TONEN_HERSTELCODES = "te_tonen_herstelcodes"
# The key of an app being set up, signed, between opening the set-up page and its code.
SLEUTEL_COOKIE = "tweestaps_sleutel"
SLEUTEL_SECONDEN = 15 * 60


class InlogView(auth_views.LoginView):
    """Step one: username and password. Then the code (or setting up the app)."""

    template_name = "accounts/login.html"
    authentication_form = InlogForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        return _tweede_stap_vragen(self.request, user, user.backend, self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"oidc": settings.OIDC_INGESCHAKELD}


def _tweede_stap_vragen(request, user: User, backend: str, volgende: str):
    """The first step is done (password or gemeente-account): remember who is halfway and
    ask the code, or to set up the app."""
    sessie = request.session
    sessie.cycle_key()
    sessie[TWEESTAPS_GEBRUIKER] = user.pk
    sessie[TWEESTAPS_BACKEND] = backend
    sessie[TWEESTAPS_SINDS] = int(time.time())
    sessie[TWEESTAPS_VOLGENDE] = volgende
    status = tweestaps.tweestaps_status(user=user)
    if status["authenticator"] or status["herstelcodes"]:
        return zie_andere(reverse("accounts:code"))
    return zie_andere(reverse("accounts:tweestaps_instellen"))


@receiver(user_logged_in, dispatch_uid="inlogmoment_vastleggen")
def _inlogmoment(sender, request, user, **kwargs):
    """Every completed login in the log of logins, with how it was done."""
    if request is None:
        return
    gemeente = request.session.get(BACKEND_SESSION_KEY) == oidc.BACKEND
    inlogmoment_vastleggen(
        gebruiker=user,
        methode=Inlogmoment.Methode.GEMEENTE_ACCOUNT
        if gemeente
        else Inlogmoment.Methode.WACHTWOORD,
        tweede_stap=(
            Inlogmoment.TweedeStap.IDENTITY_PROVIDER
            if getattr(request, "mfa_bij_provider", False)
            else Inlogmoment.TweedeStap.CODE
        ),
        ip_adres=client_ip(request),
    )


@never_cache
@require_GET
def gemeente_account(request):
    """Off to the identity provider (the button "Inloggen met je gemeente-account")."""
    if not settings.OIDC_INGESCHAKELD:
        raise Http404
    try:
        return oidc.GemeenteAccountStart.as_view()(request)
    except oidc.Weigering as weigering:
        return _geweigerd(request, weigering)


def _geweigerd(request, weigering: "oidc.Weigering"):
    """No session, a Dutch message on the login page, and a row in the log of logins."""
    log.warning("Inloggen met gemeente-account geweigerd: %s", weigering.reden)
    logout(request)
    inlogmoment_vastleggen(
        methode=Inlogmoment.Methode.GEMEENTE_ACCOUNT,
        resultaat=Resultaat.GEWEIGERD,
        gebruikersnaam=weigering.gebruikersnaam,
        reden=weigering.reden,
        ip_adres=client_ip(request),
    )
    messages.error(request, weigering.melding)
    return redirect("accounts:login")


def _gemeente_account_controleren(request) -> tuple[User, dict]:
    """The callback: state known in this session (and used up), then the code exchanged for
    tokens with the PKCE verifier, the ID token checked (signature, audience, issuer,
    expiry, nonce) and the account updated from the claims."""
    if request.GET.get("error"):
        raise oidc.Weigering(f"provider meldt: {request.GET['error'][:100]}", oidc.AFGEBROKEN)
    staten = request.session.get("oidc_states") or {}
    state, code = request.GET.get("state"), request.GET.get("code")
    if not state or not code or not isinstance(staten, dict) or state not in staten:
        raise oidc.Weigering("state onbekend of ontbreekt", oidc.NIET_TE_CONTROLEREN)
    verwacht = staten.pop(state)
    request.session["oidc_states"] = staten
    backend = oidc.GemeenteAccountBackend()
    try:
        user = backend.authenticate(
            request, nonce=verwacht.get("nonce"), code_verifier=verwacht.get("code_verifier")
        )
    except (requests.Timeout, requests.ConnectionError) as fout:
        raise oidc.Weigering(
            f"provider onbereikbaar: {type(fout).__name__}", oidc.ONBEREIKBAAR
        ) from fout
    except requests.RequestException as fout:
        raise oidc.Weigering(
            f"provider weigert: {type(fout).__name__}", oidc.NIET_TE_CONTROLEREN
        ) from fout
    except (SuspiciousOperation, KeyError, ValueError, TypeError, AttributeError) as fout:
        raise oidc.Weigering(
            f"antwoord afgewezen: {fout}"[:300], oidc.NIET_TE_CONTROLEREN
        ) from fout
    if user is None:
        raise oidc.Weigering("geen gebruiker uit de claims", oidc.NIET_TE_CONTROLEREN)
    return user, backend.id_claims


@never_cache
@require_GET
def gemeente_account_terug(request):
    """Back from the identity provider: logged in (the provider asserted multi-factor
    authentication), on to the local code, or refused."""
    if not settings.OIDC_INGESCHAKELD:
        raise Http404
    try:
        user, id_claims = _gemeente_account_controleren(request)
    except oidc.Weigering as weigering:
        return _geweigerd(request, weigering)
    volgende = request.session.pop("oidc_login_next", None) or reverse("accounts:start")
    id_token = request.session.pop("oidc_id_token", None)
    if oidc.mfa_bij_provider(id_claims):
        request.mfa_bij_provider = True
        login(request, user, backend=oidc.BACKEND)
        request.session[MFA_BIJ_PROVIDER] = True
        request.session[OIDC_ID_TOKEN] = id_token
        return redirect(volgende)
    antwoord = _tweede_stap_vragen(request, user, oidc.BACKEND, volgende)
    request.session[OIDC_ID_TOKEN] = id_token
    return antwoord


@require_POST
def uitloggen(request):
    """Logged out here, and at the identity provider when logged in through it and it
    offers RP-initiated logout (end_session_endpoint)."""
    id_token = request.session.get(OIDC_ID_TOKEN)
    logout(request)
    if id_token and settings.OIDC_INGESCHAKELD:
        terug = request.build_absolute_uri(reverse("accounts:uitgelogd"))
        if eind := oidc.eindsessie_url(id_token=id_token, terug=terug):
            return zie_andere(eind)
    return render(request, "accounts/logged_out.html")


@never_cache
@require_GET
def uitgelogd(request):
    """Where the identity provider sends the browser back after logging out there too."""
    return render(request, "accounts/logged_out.html")


def _halverwege(request) -> User | None:
    """The user who gave the right password in this session and still owes the code."""
    sessie = request.session
    pk = sessie.get(TWEESTAPS_GEBRUIKER)
    if pk is None:
        return None
    if int(time.time()) - sessie.get(TWEESTAPS_SINDS, 0) > settings.TWEESTAPS_SECONDEN:
        _halverwege_vergeten(request)
        messages.info(request, "Dat duurde te lang. Log opnieuw in.")
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def _halverwege_vergeten(request) -> None:
    for sleutel in (TWEESTAPS_GEBRUIKER, TWEESTAPS_BACKEND, TWEESTAPS_SINDS):
        request.session.pop(sleutel, None)


def _inloggen_afronden(request, user: User, apparaat) -> str:
    """Both steps done: log in for real and return where to go."""
    volgende = request.session.get(TWEESTAPS_VOLGENDE) or reverse("accounts:start")
    backend = request.session[TWEESTAPS_BACKEND]
    _halverwege_vergeten(request)
    request.session.pop(TWEESTAPS_VOLGENDE, None)
    login(request, user, backend=backend)
    otp_login(request, apparaat)
    return volgende


def _geblokkeerd(request, user: User) -> bool:
    """Locked out by axes (too many wrong passwords or codes)? AxesMiddleware then shows
    the lockout page instead of whatever the view answers."""
    if AxesProxyHandler.is_allowed(request, {"username": user.username}):
        return False
    request.axes_locked_out = True
    request.axes_credentials = {"username": user.username}
    return True


def geblokkeerd(request, original_response=None, credentials=None):
    """The page django-axes shows while a login is locked out: 429, in Dutch."""
    minuten = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds()) // 60)
    response = render(request, "accounts/geblokkeerd.html", {"minuten": minuten}, status=429)
    response["Retry-After"] = str(minuten * 60)
    return response


def _code_fout(request, user: User, form: CodeForm) -> None:
    """A wrong code counts like a wrong password (django-axes may lock the login now)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.username}, request=request
    )
    form.add_error("code", _foutmelding(user))


def _foutmelding(user: User) -> str:
    if tweestaps.tweestaps_vertraagd(user=user):
        return (
            "Deze code klopt niet, of kwam te snel na een verkeerde code. Wacht een halve "
            "minuut en vul dan de nieuwste code uit uw app in."
        )
    return (
        "Deze code klopt niet. Kijk of u de nieuwste code uit uw app overneemt, "
        "en of de klok van uw telefoon goed staat."
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def code(request):
    """Step two: the six digits from the app, or one recovery code."""
    user = _halverwege(request)
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _geblokkeerd(request, user):
        return render(request, "accounts/code.html", {"form": CodeForm(), "gebruiker": user})
    if request.method == "POST" and form.is_valid():
        apparaat = tweestaps.code_controleren(user=user, code=form.cleaned_data["code"])
        if apparaat is None:
            _code_fout(request, user, form)
        else:
            volgende = _inloggen_afronden(request, user, apparaat)
            if apparaat.name == tweestaps.HERSTELCODES:
                over = tweestaps.tweestaps_status(user=user)["herstelcodes"]
                messages.warning(
                    request,
                    f"U bent ingelogd met een herstelcode. U heeft er nog {over}. "
                    "Bent u uw telefoon kwijt? Stel dan een nieuwe app in via Mijn account.",
                )
            return zie_andere(volgende)
    return render(request, "accounts/code.html", {"form": form, "gebruiker": user})


def _geheim_leesbaar(apparaat) -> str:
    """The secret in base32, in groups of four, for typing it into an app by hand."""
    geheim = b32encode(apparaat.bin_key).decode().rstrip("=")
    return " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4))


def _sleutel_zout(request, user: User) -> str:
    """The signed key of an app being set up is good for this person in this session only."""
    return f"tweestaps-instellen:{user.pk}:{request.session.session_key}"


def _sleutel_lezen(request, user: User) -> str | None:
    """The key (hex) of the app this session is setting up, from its signed cookie; None when
    there is none, or it was made for someone else, another session or too long ago."""
    try:
        sleutel = request.get_signed_cookie(
            SLEUTEL_COOKIE, salt=_sleutel_zout(request, user), max_age=SLEUTEL_SECONDEN
        )
    except (KeyError, BadSignature):
        return None
    return sleutel if re.fullmatch(r"[0-9a-f]{40}", sleutel) else None


def _sleutel_cookie(response, request, user: User, sleutel: str | None) -> None:
    """Keep the key for the next request to this page (a reload, the code), or (None) drop
    it. Only this page's path, never sent cross-site, not readable by scripts."""
    pad = reverse("accounts:tweestaps_instellen")
    if sleutel is None:
        response.delete_cookie(SLEUTEL_COOKIE, path=pad, samesite="Strict")
        return
    response.set_signed_cookie(
        SLEUTEL_COOKIE,
        sleutel,
        salt=_sleutel_zout(request, user),
        max_age=SLEUTEL_SECONDEN,
        path=pad,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def tweestaps_instellen(request):
    """Set up an authenticator app: as the second step of a first login, or later to
    replace a lost phone. The QR code is drawn here; the secret never leaves the server
    but in this page (and the signed cookie that keeps it for a reload and for the code).

    Opening the page writes nothing: the app is stored once it shows a right code."""
    if request.user.is_authenticated:
        user, halverwege = request.user, False
    else:
        user, halverwege = _halverwege(request), True
        if user is None:
            return redirect("accounts:login")
        status = tweestaps.tweestaps_status(user=user)
        if status["authenticator"] or status["herstelcodes"]:
            # Someone who has an app proves it first; a lost phone: the beheerder resets it.
            return redirect("accounts:code")
    sleutel = _sleutel_lezen(request, user)
    apparaat = tweestaps.nieuwe_authenticator(user=user, sleutel=sleutel)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and halverwege and _geblokkeerd(request, user):
        return redirect("accounts:login")
    if request.method == "POST" and sleutel is None:
        # The page was open too long (or the cookie was refused): a new key, a new QR code.
        form.add_error(
            "code",
            "Deze pagina was te lang open. Scan de nieuwe QR-code hieronder en vul dan de "
            "code uit uw app in.",
        )
    elif request.method == "POST" and form.is_valid():
        bevestigd = tweestaps.authenticator_bevestigen(
            user=user, sleutel=sleutel, code=form.cleaned_data["code"]
        )
        if bevestigd is None:
            if halverwege:
                _code_fout(request, user, form)
            else:
                form.add_error("code", _foutmelding(user))
        else:
            apparaat, codes = bevestigd
            if halverwege:
                request.session[TWEESTAPS_VOLGENDE] = _inloggen_afronden(request, user, apparaat)
            else:
                # The old app no longer counts; this session continues on the new one.
                otp_login(request, apparaat)
                messages.success(request, "Uw nieuwe app is ingesteld. De oude werkt niet meer.")
            request.session[TE_TONEN_HERSTELCODES] = codes
            response = zie_andere(reverse("accounts:herstelcodes"))
            _sleutel_cookie(response, request, user, None)
            return response
    response = render(
        request,
        "accounts/tweestaps_instellen.html",
        {
            "form": form,
            "halverwege": halverwege,
            "qr": tweestaps.qr_code(apparaat.config_url),
            "geheim": _geheim_leesbaar(apparaat),
            "gebruiker": user,
        },
    )
    if sleutel is None:
        _sleutel_cookie(response, request, user, apparaat.key)
    return response


@never_cache
@login_required
def herstelcodes(request):
    """The recovery codes, shown once: they are taken from the session as they are shown."""
    codes = request.session.pop(TE_TONEN_HERSTELCODES, None)
    if not codes:
        return redirect("accounts:tweestaps")
    return render(
        request,
        "accounts/herstelcodes.html",
        {
            "codes": codes,
            "verder": request.session.pop(TWEESTAPS_VOLGENDE, None) or reverse("accounts:start"),
        },
    )


@require_POST
@login_required
def herstelcodes_vernieuwen(request):
    request.session[TE_TONEN_HERSTELCODES] = tweestaps.herstelcodes_maken(user=request.user)
    return zie_andere(reverse("accounts:herstelcodes"))


@never_cache
@login_required
def mijn_account(request):
    """My account: the app that is set up, recovery codes left, the password."""
    return render(
        request,
        "accounts/tweestaps.html",
        tweestaps.tweestaps_status(user=request.user) | {"nu": timezone.now()},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def wachtwoord(request):
    form = WachtwoordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Uw wachtwoord is gewijzigd.")
        return zie_andere(reverse("accounts:tweestaps"))
    return render(request, "accounts/wachtwoord.html", {"form": form})


@login_required
def start(request):
    """Send each role to its own start page."""
    return redirect(request.user.start_url)
