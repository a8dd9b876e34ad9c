"""The session a resident opens on Mijn vragen (a one-time link or DigiD): which questions
it may show (the ids the link opened, or the keyed hash of a DigiD login) and until when
(MIJN_VRAGEN_SESSIE_SECONDEN). Nothing else is kept in it: no e-mail address, no BSN."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from toegang.http import zie_andere

SESSIE = "mijn_vragen"


def sessie_openen(request, *, ids=(), digid_sleutel: str = "") -> HttpResponseRedirect:
    """Start a Mijn vragen session in a new session key (no fixation) and go to the list."""
    request.session.cycle_key()
    request.session[SESSIE] = {
        "ids": [int(i) for i in ids],
        "digid": digid_sleutel,
        "tot": time.time() + settings.MIJN_VRAGEN_SESSIE_SECONDEN,
    }
    return zie_andere(reverse("intake:mijn_vragen_overzicht"))


def sessie_van(request) -> dict | None:
    """The open Mijn vragen session, or None (never opened, or its time is up: then it is
    ended here)."""
    if not hasattr(request, "session"):  # a request built without the middleware
        return None
    sessie = request.session.get(SESSIE)
    if not isinstance(sessie, dict):
        return None
    if sessie.get("tot", 0) < time.time():
        del request.session[SESSIE]
        return None
    return sessie


def digid_sleutel(request) -> str:
    """The keyed hash of the BSN of an open DigiD session, or ""."""
    sessie = sessie_van(request)
    return sessie["digid"] if sessie else ""
