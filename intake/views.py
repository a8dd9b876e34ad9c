from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from locaties.models import Toegangslocatie
from sociale_kaart.models import Aanbod, Organisatie
from sociale_kaart.views import zoek_keuzes
from sociale_kaart.zoeken import Filters, zoek
from toegang.accounts.roles import BALIE, Rol, rol_vereist


def vraag_stellen(request):
    """Every way a resident can ask a question: phone, e-mail, or walk in.

    From a sociale kaart entry (?aanbod=<slug>) the page names what the question is about.
    """
    slug = request.GET.get("aanbod", "")[:170]
    over = (
        Aanbod.objects.zichtbaar().select_related("organisatie").filter(slug=slug).first()
        if slug
        else None
    )
    return render(
        request,
        "intake/vraag_stellen.html",
        {"locaties": Toegangslocatie.objects.met_schema(), "over": over},
    )


@rol_vereist(*BALIE)
def balie(request):
    """Start page of the front desk: today's openings and the partners' direct lines."""
    vandaag = timezone.localdate()
    locaties = Toegangslocatie.objects.met_schema()
    vandaag_open = [(locatie, *locatie.schema.dag(vandaag)) for locatie in locaties]
    return render(
        request,
        "intake/balie.html",
        {
            "vandaag": vandaag,
            "vandaag_open": vandaag_open,
            "partners": Organisatie.objects.filter(is_partner=True),
            "berichten": request.user.berichten.ongelezen()[:10],
        },
    )


@rol_vereist(Rol.PARTNER)
def partner(request):
    """Start page of a partner organisation's staff: their own organisation only."""
    organisatie = request.user.organisatie
    return render(
        request,
        "intake/partner.html",
        {"organisatie": organisatie, "levensdomeinen": organisatie.levensdomeinen.all()},
    )


@rol_vereist(*BALIE)
def balie_sociale_kaart(request):
    """The public search at the counter, with the internal notes residents never see."""
    resultaat = zoek(
        request.GET.get("q", ""), Filters.uit(request.GET), request.GET.get("pagina", 1)
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "r": resultaat,
        "intern": True,
        "query_zonder_pagina": query.urlencode(),
        **zoek_keuzes(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "sociale_kaart/_resultaten.html", context)
    return render(request, "intake/balie_sociale_kaart.html", context)


@rol_vereist(*BALIE)
def nieuw(request):
    raise PermissionDenied


@rol_vereist(*BALIE)
def hulpvraag(request, referentie):
    raise PermissionDenied


@rol_vereist(*BALIE)
def actie(request, referentie, actie):
    raise PermissionDenied


@rol_vereist(*BALIE)
def afspraak_gedaan(request, referentie, afspraak_id):
    raise PermissionDenied
