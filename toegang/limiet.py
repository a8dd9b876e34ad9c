"""Rate limits on anonymous pages, shared by every web process through the cache (Redis).

One mechanism for all of them: a `Limiet` counts per client address per time window, and
`te_veel` answers with a Dutch page that gives the phone number, never a bare 429.

- online questions count when a question is stored (`intake.views.publiek`);
- requests for a link to Mijn vragen count per address and per e-mail address asked for;
- searches count every request (`sociale_kaart.views.zoeken`, the search API);
- secret links (status, confirmation, feedback, calendar) count only failed lookups, so
  guessing tokens stops after a few tries while a resident's own link keeps working.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render

from toegang.netwerk import client_adres

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limiet:
    """At most `aantal` per address per `seconden`; both read from settings on each use,
    so tests and load runs can change them. An `aantal` of 0 switches the limit off."""

    naam: str
    aantal_instelling: str
    seconden_instelling: str
    template: str = "429.html"

    @property
    def aantal(self) -> int:
        return getattr(settings, self.aantal_instelling)

    @property
    def seconden(self) -> int:
        return getattr(settings, self.seconden_instelling)

    def _sleutel(self, request, wie: str | None = None) -> str:
        """One counter per address (or per `wie`, such as an e-mail address) per window.
        The window's number is in the key (not only in the cache's expiry), so the count
        follows the application's clock, also on Redis. Hashed: the cache never holds an
        address in plain text."""
        venster = int(time.time()) // self.seconden
        adres = hashlib.sha256((wie or client_adres(request)).encode()).hexdigest()[:32]
        return f"limiet:{self.naam}:{venster}:{adres}"

    def tellen(self, request, *, wie: str | None = None) -> bool:
        """Count one for this address; False when that goes over the limit.

        cache.add starts the window only when there is none yet; cache.incr is atomic in
        Redis, so concurrent requests cannot slip past. When the cache itself is down the
        request is let through: the front door stays open.
        """
        if not self.aantal:
            return True
        sleutel = self._sleutel(request, wie)
        try:
            for _ in range(2):
                cache.add(sleutel, 0, timeout=self.seconden)
                try:
                    return cache.incr(sleutel) <= self.aantal
                except ValueError:
                    continue  # the window ended between add and incr: start a new one
        except Exception:
            logger.exception("Rate limit %s unavailable; request let through", self.naam)
        return True

    def bereikt(self, request) -> bool:
        """True when this address has used up the window, without counting."""
        if not self.aantal:
            return False
        try:
            return (cache.get(self._sleutel(request)) or 0) >= self.aantal
        except Exception:
            logger.exception("Rate limit %s unavailable; request let through", self.naam)
            return False

    def teruggeven(self, request) -> None:
        """Undo one count (the request turned out to store nothing)."""
        if not self.aantal:
            return
        # Expired in the meantime, or the cache is down: then there is nothing to give back.
        with contextlib.suppress(Exception):
            cache.decr(self._sleutel(request))


HULPVRAAG = Limiet(
    "hulpvraag",
    "HULPVRAAG_LIMIET",
    "HULPVRAAG_LIMIET_SECONDEN",
    template="intake/hulpvraag/te_veel.html",
)
# Call-back requests (website and status page): the same numbers as the question form, a
# counter of their own.
TERUGBELLEN = Limiet(
    "terugbellen",
    "HULPVRAAG_LIMIET",
    "HULPVRAAG_LIMIET_SECONDEN",
    template="intake/hulpvraag/te_veel.html",
)
# Veilig contact changed on the status page: the same numbers, a counter of its own.
VEILIG_CONTACT = Limiet(
    "veilig-contact",
    "HULPVRAAG_LIMIET",
    "HULPVRAAG_LIMIET_SECONDEN",
    template="intake/hulpvraag/te_veel.html",
)
# Appointments booked on the website: the same numbers again, a counter of their own.
AFSPRAAK = Limiet(
    "afspraak",
    "HULPVRAAG_LIMIET",
    "HULPVRAAG_LIMIET_SECONDEN",
    template="intake/hulpvraag/te_veel.html",
)
# Requests for a one-time link to Mijn vragen: per address, and per e-mail address asked for
# (`tellen(request, wie=email)`), so nobody floods one resident's mailbox.
MIJN_VRAGEN = Limiet(
    "mijn-vragen",
    "MIJN_VRAGEN_LIMIET",
    "MIJN_VRAGEN_LIMIET_SECONDEN",
)
MIJN_VRAGEN_EMAIL = Limiet(
    "mijn-vragen-email",
    "MIJN_VRAGEN_EMAIL_LIMIET",
    "MIJN_VRAGEN_LIMIET_SECONDEN",
)
ZOEKEN = Limiet("zoeken", "ZOEK_LIMIET", "ZOEK_LIMIET_SECONDEN")
TOKEN = Limiet("token", "TOKEN_LIMIET", "TOKEN_LIMIET_SECONDEN")


def wachttijd_minuten(limiet: Limiet) -> int:
    return max(1, -(-limiet.seconden // 60))


def te_veel(request, limiet: Limiet):
    """The friendly page for an address over a limit: 429 with Retry-After and the phone.
    For htmx (live search) only the message, shown in place of the results."""
    response = render(
        request,
        "_te_veel.html" if request.headers.get("HX-Request") else limiet.template,
        {"wachttijd_minuten": wachttijd_minuten(limiet)},
        status=429,
    )
    response["Retry-After"] = str(limiet.seconden)
    return response


def begrensd(limiet: Limiet):
    """View decorator: every request counts; over the limit the friendly page answers."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not limiet.tellen(request):
                return te_veel(request, limiet)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def token_opzoeken(view=None, *, referrer_policy: str = "no-referrer"):
    """View decorator for every page behind a secret link (the token in its address is the
    key): status, confirmation, feedback, "klopt het nog?" and the shift calendar.

    A view that answers 404 (unknown or expired token) counts one failure for the address;
    once over TOKEN_LIMIET every such page answers with the friendly 429 page, also for a
    token that does exist, so a guesser learns nothing more.

    Every answer is kept by no browser or proxy cache (`no-store`), indexed by no search
    engine, and sends no referrer. A page with a form of its own takes
    `referrer_policy="strict-origin"`: under `no-referrer` browsers send `Origin: null` with
    the POST and Django's CSRF check rightly refuses it; strict-origin still never sends the
    path (and so the token) anywhere."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if TOKEN.bereikt(request):
                return _geheim(te_veel(request, TOKEN), referrer_policy)
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                TOKEN.tellen(request)
                raise
            if response.status_code == 404:
                TOKEN.tellen(request)
            return _geheim(response, referrer_policy)

        return wrapper

    return decorator(view) if view is not None else decorator


def geheim(view=None, *, referrer_policy: str = "strict-origin"):
    """View decorator for a page with personal data that no secret link opens (Mijn vragen,
    opened by a session): the same headers as `token_opzoeken`, no counting."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return _geheim(view(request, *args, **kwargs), referrer_policy)

        return wrapper

    return decorator(view) if view is not None else decorator


def _geheim(response, referrer_policy: str):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = referrer_policy
    response["X-Robots-Tag"] = "noindex"
    return response
