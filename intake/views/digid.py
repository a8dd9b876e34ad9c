"""Inloggen met DigiD (intake/services/digid.py): the button links here, the broker sends
the resident back to `terug`. A login opens a Mijn vragen session on the keyed hash of the
BSN; a question asked in it is linked to that hash. Every refusal (cancelled, tampered
state or nonce, a token for someone else, a BSN failing the elfproef, a broker that is down
or too slow) is a Dutch page, no session, and a row in the logboek."""

from __future__ import annotations

import time

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toegang import limiet

from ..services import digid
from ..services.mijn_vragen import weigering_vastleggen
from .inwonersessie import SESSIE, sessie_openen

STROOM = "digid_stroom"
# The resident has this long at the broker before the state in the session is no good.
STROOM_SECONDEN = 600
VOLGENDE = {"overzicht": "intake:mijn_vragen_overzicht", "vraag": "intake:hulpvraag_stellen"}


def _terug_url(request) -> str:
    return request.build_absolute_uri(reverse("intake:digid_terug"))


def _geweigerd(request, fout: digid.DigidFout):
    request.session.pop(SESSIE, None)
    weigering_vastleggen(toelichting=fout.reden)
    return render(
        request,
        "intake/mijn_vragen/digid_mislukt.html",
        {"onbereikbaar": fout.onbereikbaar},
        status=503 if fout.onbereikbaar else 400,
    )


@never_cache
@require_GET
def inloggen(request):
    """A link, not a form: the browser follows a redirect to the broker after a GET, while
    the Content-Security-Policy (form-action 'self') stops one after a form's POST. Starting
    changes nothing but this session's state for the callback."""
    if not digid.aan():
        raise Http404
    volgende = request.GET.get("volgende", "")
    try:
        adres, stroom = digid.inloggen_beginnen(redirect_uri=_terug_url(request))
    except digid.DigidFout as fout:
        return _geweigerd(request, fout)
    request.session[STROOM] = {
        **stroom,
        "volgende": volgende if volgende in VOLGENDE else "overzicht",
        "tot": time.time() + STROOM_SECONDEN,
    }
    return redirect(adres)


@limiet.geheim
@require_GET
def terug(request):
    if not digid.aan():
        raise Http404
    stroom = request.session.pop(STROOM, None)
    if not isinstance(stroom, dict) or stroom.get("tot", 0) < time.time():
        stroom = None
    try:
        if request.GET.get("error"):
            raise digid.DigidFout("DigiD: inloggen afgebroken of geweigerd bij de broker")
        sleutel = digid.inloggen_afronden(
            stroom=stroom,
            state=request.GET.get("state", "")[:200],
            code=request.GET.get("code", "")[:2000],
            redirect_uri=_terug_url(request),
        )
    except digid.DigidFout as fout:
        return _geweigerd(request, fout)
    antwoord = sessie_openen(request, digid_sleutel=sleutel)
    if stroom["volgende"] != "overzicht":
        antwoord["Location"] = reverse(VOLGENDE[stroom["volgende"]])
    return antwoord
