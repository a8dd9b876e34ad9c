"""Project-wide middleware that is not about accounts."""

from functools import wraps
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from toegang.api import MELDINGEN

# The health checks (toegang.views): a load balancer and a monitoring system call them.
GEZONDHEID = frozenset({"/health/", "/health/live/", "/health/status/"})


def gezondheid_eerst(get_response):
    """The health checks answer before any other middleware sees the request.

    A load balancer asks each web process at its own address over plain HTTP: that host is
    not in ALLOWED_HOSTS (400) and SECURE_SSL_REDIRECT would send it to HTTPS (301), so a
    healthy process would look broken. The answers hold no data of a request, a session or
    a host, so none of that is needed. The view is the one urls.py names for the path.
    """

    def middleware(request):
        if request.path_info in GEZONDHEID:
            response = resolve(request.path_info).func(request)
            response["X-Content-Type-Options"] = "nosniff"
            # An unhealthy answer is not an error of the request: each check logged what
            # failed, and a monitor asking every few seconds would repeat it as an ERROR.
            response._has_been_logged = True
            return response
        return get_response(request)

    return middleware


def verzoek_begrenzen(get_response):
    """Refuse a request whose body is larger than VERZOEK_MAX_BYTES before anything reads it.

    Django itself refuses a larger body only when a view reads it, and then with a bare 400;
    here the sender gets 413 and a Dutch page. A body without a length is never read past
    DATA_UPLOAD_MAX_MEMORY_SIZE (the same number) by Django.

    A view marked with `bestanden_toestaan` (an upload in /beheer/) takes up to
    UPLOAD_MAX_BYTES; the address is looked up only for a body above the usual limit.
    """

    def middleware(request):
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > settings.VERZOEK_MAX_BYTES:
            upload = _neemt_bestanden(request.path_info)
            grens = settings.UPLOAD_MAX_BYTES if upload else settings.VERZOEK_MAX_BYTES
            if lengte > grens:
                return render(
                    request,
                    "413.html",
                    {"max_kb": grens // 1024, "max_mb": grens // (1024 * 1024), "bestand": upload},
                    status=413,
                )
        return get_response(request)

    return middleware


def _neemt_bestanden(pad: str) -> bool:
    try:
        return getattr(resolve(pad).func, "neemt_bestanden", False)
    except Resolver404:
        return False


def bestanden_toestaan(view):
    """Mark a view that takes an uploaded file: its requests may be as large as
    UPLOAD_MAX_BYTES (see `verzoek_begrenzen`). Keep the view behind a login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.neemt_bestanden = True
    return wrapper


def nul_bytes_weren(get_response):
    """A NUL byte (%00) never reaches a view: PostgreSQL cannot compare or store it, so
    every lookup with one was a 500 (inside a logged read even a false "logboek
    onbereikbaar"), and no real link has one.

    In the path it names nothing: 404 (the API's JSON error under /api/). In the query
    string it is left out, so a mangled link still opens its page and junk in a filter is
    ignored as before. Form fields refuse NUL themselves (Django's CharField), so request
    bodies need nothing here.
    """

    def middleware(request):
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                response = JsonResponse({"fout": MELDINGEN[404]}, status=404)
            else:
                response = render(request, "404.html", status=404)
            response["Cache-Control"] = "no-store"
            return response
        if "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            schoon = QueryDict(mutable=True)
            for sleutel, waarden in request.GET.lists():
                schoon.setlist(
                    sleutel.replace("\x00", ""), [w.replace("\x00", "") for w in waarden]
                )
            schoon._mutable = False
            request.GET = schoon
        return get_response(request)

    return middleware


# Pages for medewerkers, partners and the beheerder: always Dutch, whatever language a
# resident's cookie on the same browser asks for (issue 17: only resident pages speak six
# languages). Everything behind a login lives under one of these prefixes; so do the
# partner's token pages of the sociale kaart and the API.
MEDEWERKER_PADEN = (
    "/balie/",
    "/partner/",
    "/rapportage/",
    "/beheer/",
    "/account/",
    "/mijn-diensten/",
    "/privacy/inzageverzoek/",
    "/sociale-kaart/klopt-nog/",
    "/sociale-kaart/capaciteit/",
    "/api/",
)


def taal_van(request) -> str:
    """The language of this request's page: Dutch on staff pages; elsewhere the language the
    resident chose with the switcher (the cookie set_language writes), Dutch when none was
    chosen or the cookie holds a code we do not speak.

    The browser's Accept-Language is not followed: the municipality's pages open in Dutch
    (a library computer or a phone set to English would otherwise show a Dutch resident
    English), and the switcher on every page is the one way to another language."""
    if request.path_info.startswith(MEDEWERKER_PADEN):
        return settings.LANGUAGE_CODE
    gekozen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")[:20]
    try:
        return translation.get_supported_language_variant(gekozen)
    except LookupError:
        return settings.LANGUAGE_CODE


def taal_kiezen(get_response):
    """After LocaleMiddleware (which still sets Content-Language and Vary on the response):
    the one rule for which language a page speaks, `taal_van`."""

    def middleware(request):
        taal = taal_van(request)
        translation.activate(taal)
        request.LANGUAGE_CODE = taal
        # The switcher (templates/_taalkeuze.html) shows only where a choice counts.
        request.taalkeuze = not request.path_info.startswith(MEDEWERKER_PADEN)
        response = get_response(request)
        # The same URL in another language: a shared cache must keep them apart.
        patch_vary_headers(response, ("Cookie",))
        return response

    return middleware
