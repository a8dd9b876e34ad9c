"""Mijn vragen for residents: every open and recent question in one place, without an
account (a one-time link to the e-mail address they used) or with DigiD (intake/views
/digid.py).

A session opened here knows only which questions it may show (the ids the link opened, or
the keyed hash of a DigiD login) and until when (MIJN_VRAGEN_SESSIE_SECONDEN); nothing
else is kept in it. Every page that shows a question is sent with no-store, noindex and no
referrer, as every secret link is, and every look writes the logboek.

The link in the mail opens a page with one button: a GET changes nothing, so a mail
program or virus scanner that follows links does not use up the resident's link.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toegang import limiet
from toegang.formulieren import opmaken
from toegang.http import zie_andere

from ..forms import MijnVragenForm
from ..models import Inloglink
from ..services.mijn_vragen import inloglink_aanvragen, inloglink_gebruiken, mijn_vragen_tonen
from .inwonersessie import SESSIE, sessie_openen, sessie_van
from .publiek import TOKEN, niet_gevonden, status_gegevens

TEMPLATES = "intake/mijn_vragen/"


def _even_lang(begin: float) -> None:
    """Answer no sooner than MIJN_VRAGEN_ANTWOORD_MS after `begin`: a known address (a link
    made and mailed) and an unknown one (nothing) take the same time."""
    over = settings.MIJN_VRAGEN_ANTWOORD_MS / 1000 - (time.monotonic() - begin)
    if over > 0:
        time.sleep(over)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def mijn_vragen(request):
    """Ask for a link: the same answer whether the address is known or not, in the same
    time; counted per client address and per e-mail address."""
    if request.method == "POST":
        begin = time.monotonic()
        form = opmaken(MijnVragenForm(request.POST))
        if form.is_bot() or form.is_valid():
            if not form.is_bot():
                email = form.cleaned_data["email"]
                if not limiet.MIJN_VRAGEN.tellen(request):
                    return limiet.te_veel(request, limiet.MIJN_VRAGEN)
                if not limiet.MIJN_VRAGEN_EMAIL.tellen(request, wie=f"email:{email.lower()}"):
                    return limiet.te_veel(request, limiet.MIJN_VRAGEN_EMAIL)
                inloglink_aanvragen(email=email, taal=translation.get_language())
            _even_lang(begin)
            messages.success(
                request,
                gettext(
                    "Dank u wel. Kennen wij vragen van dit e-mailadres? Dan krijgt u binnen "
                    "een paar minuten een e-mail met een link. De link werkt 30 minuten en "
                    "één keer."
                ),
            )
            return zie_andere(reverse("intake:mijn_vragen"))
        status = 400
    else:
        form = opmaken(MijnVragenForm())
        status = 200
    return render(
        request,
        TEMPLATES + "aanvragen.html",
        {"form": form, "digid": bool(settings.DIGID_DISCOVERY_URL)},
        status=status,
    )


@limiet.token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def link(request, token):
    """The link from the mail: a button (GET changes nothing); the POST uses the link
    once and opens the session. A link used before or older than 30 minutes says so (410),
    opens nothing and is in the logboek as refused."""
    if not TOKEN.fullmatch(token):
        return niet_gevonden(request)
    if request.method != "POST":
        return render(request, TEMPLATES + "link.html", {"actie": request.path})
    ids, weigering = inloglink_gebruiken(token=token)
    if weigering == Inloglink.Weigering.ONBEKEND:
        return niet_gevonden(request)
    if weigering:
        request.session.pop(SESSIE, None)
        return render(
            request,
            TEMPLATES + "link_geweigerd.html",
            {"gebruikt": weigering == Inloglink.Weigering.GEBRUIKT},
            status=410,
        )
    return sessie_openen(request, ids=ids)


@limiet.geheim
@require_http_methods(["GET", "HEAD"])
def overzicht(request):
    """Every open and recent question of this session, each with what its status page
    shows in short, and a link to that page."""
    sessie = sessie_van(request)
    if sessie is None:
        return zie_andere(reverse("intake:mijn_vragen"))
    vragen = mijn_vragen_tonen(ids=sessie["ids"], digid_sleutel=sessie["digid"])
    return render(
        request,
        TEMPLATES + "overzicht.html",
        {
            "vragen": [status_gegevens(vraag) for vraag in vragen],
            "digid": bool(sessie["digid"]),
            "tot": timezone.localtime(datetime.fromtimestamp(sessie["tot"], tz=UTC)),
        },
    )


@require_POST
def uitloggen(request):
    """End the Mijn vragen session (and nothing else of the browser's session)."""
    request.session.pop(SESSIE, None)
    messages.success(request, gettext("U bent uitgelogd."))
    return zie_andere(reverse("intake:mijn_vragen"))
