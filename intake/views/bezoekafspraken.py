"""Bezoekafspraken: a resident books a visit to the Hofstraat or Dinxperlo without an
account, and moves or cancels it through the secret link; the counter's day agenda per
location with "came / did not come". (Commitments on a case, `Afspraak`, live on the case
page: another thing.)

The secret link follows the status page's rules (`token_opzoeken`): never cached or
indexed, no Referer, an unknown token a 404 that counts against the address.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from locaties import openingstijden
from locaties.models import Toegangslocatie
from toegang import limiet
from toegang.accounts.roles import BALIE, mag_contactgegevens_zien, rol_vereist
from toegang.http import zie_andere
from toegang.invoer import datum as datum_lezen
from toegang.limiet import token_opzoeken
from toegang.privacy.services import Actie, vastgelegd, verwerkingen_vastleggen

from ..forms import BezoekafspraakForm, TijdvakKeuze
from ..models import Bezoekafspraak, OngeldigeOvergang, TijdvakVol
from ..services.bezoekafspraken import (
    bezoekafspraak_afhandelen,
    bezoekafspraak_boeken,
    bezoekafspraak_verplaatsen,
)
from .publiek import SLUG, TOKEN, formulier_opmaken, niet_gevonden

TEMPLATES = "intake/bezoekafspraak/"


def _locatie(slug: str) -> Toegangslocatie:
    if not SLUG.fullmatch(slug):
        raise Http404
    return get_object_or_404(Toegangslocatie, slug=slug)


# --- the resident ------------------------------------------------------------------------


def afspraak_maken(request):
    """Where do you want to come? The front-door locations, each with its openings."""
    return render(
        request, TEMPLATES + "locaties.html", {"locaties": Toegangslocatie.objects.met_schema()}
    )


def _al_geboekt(inzending: str) -> Bezoekafspraak | None:
    try:
        sleutel = uuid.UUID(inzending[:64])
    except ValueError:
        return None
    return Bezoekafspraak.objects.filter(inzending=sleutel).first()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def afspraak_maken_bij(request, locatie):
    """Book a time at one location: only free times are offered; a time taken in the
    meantime offers the next one, with the input kept. Never cached: each form carries its
    own inzending id."""
    locatie = _locatie(locatie)
    status = 200
    if request.method == "POST":
        form = formulier_opmaken(BezoekafspraakForm(request.POST, locatie=locatie))
        if form.is_bot():
            return render(request, "intake/hulpvraag/niet_verstuurd.html")
        # The same form again (double click, refresh, back and resend): its booking, before
        # the time is checked again (the booking itself may have taken the last place).
        if (bestaand := _al_geboekt(request.POST.get("inzending", ""))) is not None:
            return zie_andere(bestaand.get_absolute_url())
        if form.is_valid():
            data = form.cleaned_data
            if not limiet.AFSPRAAK.tellen(request):
                return limiet.te_veel(request, limiet.AFSPRAAK)
            try:
                afspraak, nieuw = bezoekafspraak_boeken(
                    locatie=locatie,
                    start=data["tijdvak"].start,
                    telefoon=data["telefoon"],
                    naam=data["naam"],
                    email=data["email"],
                    notitie=data["notitie"],
                    inzending=data["inzending"],
                    taal=translation.get_language(),
                )
            except TijdvakVol as vol:
                # Taken between the check and the booking: nothing stored, nothing counted.
                limiet.AFSPRAAK.teruggeven(request)
                form.volgende_kiezen(vol)
                form.add_error("tijdvak", vol)
                form = formulier_opmaken(form)
            else:
                if not nieuw:
                    limiet.AFSPRAAK.teruggeven(request)
                return zie_andere(afspraak.get_absolute_url())
        status = 400
    else:
        form = formulier_opmaken(BezoekafspraakForm(locatie=locatie))
    return render(
        request,
        TEMPLATES + "maken.html",
        {"form": form, "locatie": locatie},
        status=status,
    )


def _afspraak_van(token: str) -> Bezoekafspraak | None:
    if not TOKEN.fullmatch(token):
        return None
    return Bezoekafspraak.objects.select_related("locatie", "hulpvraag").filter(token=token).first()


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD"])
def bezoekafspraak(request, token):
    """The resident's own page: when and where, the reference, the calendar file, and
    moving or cancelling; a cancelled or lapsed one says so."""
    afspraak = _afspraak_van(token)
    if afspraak is None:
        return niet_gevonden(request)
    hulpvraag = afspraak.hulpvraag if afspraak.nieuwe_hulpvraag else None
    return render(
        request,
        TEMPLATES + "afspraak.html",
        {
            "afspraak": afspraak,
            "locatie": afspraak.locatie,
            "status_url": request.build_absolute_uri(hulpvraag.status_url) if hulpvraag else "",
            "link": request.build_absolute_uri(afspraak.get_absolute_url()),
        },
    )


@token_opzoeken
@require_http_methods(["GET", "HEAD"])
def bezoekafspraak_agenda(request, token):
    """The appointment as a calendar file (the same one the confirmation carries)."""
    afspraak = _afspraak_van(token)
    if afspraak is None:
        return niet_gevonden(request)
    if afspraak.status != Bezoekafspraak.Status.GEPLAND:
        return _niet_meer(request, afspraak)
    response = HttpResponse(afspraak.agenda().encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="afspraak.ics"'
    return response


def _niet_meer(request, afspraak: Bezoekafspraak):
    """A link used after the appointment was cancelled, handled or is over: a clear page."""
    return render(request, TEMPLATES + "niet_meer.html", {"afspraak": afspraak}, status=409)


def _te_wijzigen(request, token):
    """(the appointment, None) when it may still be moved or cancelled, else (None, the
    page that says why: unknown, or no longer to change)."""
    afspraak = _afspraak_van(token)
    if afspraak is None:
        return None, niet_gevonden(request)
    if not afspraak.te_wijzigen:
        return None, _niet_meer(request, afspraak)
    return afspraak, None


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def bezoekafspraak_verzetten(request, token):
    afspraak, anders = _te_wijzigen(request, token)
    if anders is not None:
        return anders
    status = 200
    if request.method == "POST":
        form = formulier_opmaken(
            TijdvakKeuze(request.POST, locatie=afspraak.locatie, behalve=afspraak.pk)
        )
        if form.is_valid():
            try:
                bezoekafspraak_verplaatsen(
                    afspraak=afspraak, start=form.cleaned_data["tijdvak"].start
                )
            except TijdvakVol as vol:
                form.volgende_kiezen(vol)
                form.add_error("tijdvak", vol)
                form = formulier_opmaken(form)
            except OngeldigeOvergang:
                afspraak.refresh_from_db()
                return _niet_meer(request, afspraak)
            else:
                return zie_andere(afspraak.get_absolute_url())
        status = 400
    else:
        form = formulier_opmaken(TijdvakKeuze(locatie=afspraak.locatie, behalve=afspraak.pk))
    return render(
        request,
        TEMPLATES + "verzetten.html",
        {"form": form, "afspraak": afspraak, "locatie": afspraak.locatie},
        status=status,
    )


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def bezoekafspraak_afzeggen(request, token):
    afspraak, anders = _te_wijzigen(request, token)
    if anders is not None:
        return anders
    if request.method == "POST":
        try:
            afspraak.annuleren()
        except OngeldigeOvergang:
            afspraak.refresh_from_db()
            return _niet_meer(request, afspraak)
        return zie_andere(afspraak.get_absolute_url())
    return render(request, TEMPLATES + "afzeggen.html", {"afspraak": afspraak})


# --- the counter -------------------------------------------------------------------------


@rol_vereist(*BALIE)
@require_http_methods(["GET", "HEAD"])
def agenda(request):
    """The day agenda of one location: who comes when, through the cases' one access
    scope (Bezoekafspraak.objects.zichtbaar_voor), each with "came / did not come"."""
    locaties = list(Toegangslocatie.objects.all())
    if not locaties:
        raise Http404
    slug = request.GET.get("locatie", "")[:170]
    locatie = next((loc for loc in locaties if loc.slug == slug), locaties[0])
    vandaag = timezone.localdate()
    dag = datum_lezen(request.GET.get("datum") or vandaag.isoformat(), naam="datum")
    afspraken = list(
        Bezoekafspraak.objects.zichtbaar_voor(request.user)
        .filter(locatie=locatie, datum=dag)
        .exclude(status=Bezoekafspraak.Status.GEANNULEERD)
        .select_related("hulpvraag__inwoner", "afgehandeld_door")
    )
    per_locatie = dict(
        Bezoekafspraak.objects.zichtbaar_voor(request.user)
        .filter(datum=dag, status=Bezoekafspraak.Status.GEPLAND)
        .values_list("locatie")
        .annotate(aantal=Count("pk"))
    )
    with vastgelegd():
        verwerkingen_vastleggen(
            gebruiker=request.user,
            actie=Actie.INZIEN,
            zaken=[(a.hulpvraag.referentie, a.hulpvraag.inwoner_id) for a in afspraken],
            toelichting="afsprakenagenda",
        )
        return render(
            request,
            "intake/afsprakenagenda.html",
            {
                "locatie": locatie,
                "locaties": [(loc, per_locatie.get(loc.pk, 0)) for loc in locaties],
                "dag": dag,
                "dag_tekst": openingstijden.datum_tekst(dag),
                "vandaag": vandaag,
                "vorige": dag - timedelta(days=1),
                "volgende": dag + timedelta(days=1),
                "afspraken": afspraken,
                "af_te_handelen": dag <= vandaag,
                "contact_zichtbaar": mag_contactgegevens_zien(request.user),
            },
        )


@rol_vereist(*BALIE)
@require_POST
def bezoekafspraak_actie(request, pk, actie):
    """One action: the resident came ("gekomen") or did not ("niet-gekomen")."""
    if actie not in ("gekomen", "niet-gekomen"):
        raise Http404
    afspraak = get_object_or_404(
        Bezoekafspraak.objects.zichtbaar_voor(request.user).select_related("hulpvraag", "locatie"),
        pk=pk,
    )
    terug = (
        reverse("intake:afsprakenagenda")
        + f"?locatie={afspraak.locatie.slug}&datum={afspraak.datum.isoformat()}"
    )
    try:
        bezoekafspraak_afhandelen(afspraak=afspraak, door=request.user, gekomen=actie == "gekomen")
    except OngeldigeOvergang as fout:
        messages.warning(request, fout.messages[0])
        return zie_andere(terug)
    naam = afspraak.naam or afspraak.hulpvraag.referentie
    if actie == "gekomen":
        messages.success(request, f"{naam} is geweest. Het staat als contactmoment op de tijdlijn.")
    else:
        messages.success(request, f"{naam} is niet gekomen. Dat staat nu bij de afspraak.")
    return zie_andere(terug)
