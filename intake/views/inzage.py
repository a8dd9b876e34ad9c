"""AVG inzageverzoek: find the resident who asked, and show everything stored about them,
as a printable page or as JSON. For the beheerder only; itself logged."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from toegang.accounts.roles import Rol, rol_vereist
from toegang.formulieren import component_klassen
from toegang.privacy.services import (
    Actie,
    Verwerkingsactiviteit,
    vastgelegd,
    verwerking_vastleggen,
)

from ..forms import InzageZoekForm
from ..models import Inwoner
from ..services.inzage import inzage_samenstellen


@rol_vereist(Rol.BEHEERDER)
def zoeken(request):
    """Find the resident who asked: by phone, e-mail, or name with date of birth."""
    form = InzageZoekForm(request.GET or None)
    gevonden = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        gevonden = list(
            Inwoner.objects.vergelijkbaar(
                telefoon=data["telefoon"],
                email=data["email"],
                naam=data["naam"],
                geboortedatum=data["geboortedatum"],
            ).order_by("naam")[:20]
        )
    component_klassen(form)
    return render(
        request,
        "intake/inzage_zoeken.html",
        {"form": form, "gevonden": gevonden},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@rol_vereist(Rol.BEHEERDER)
def inzage(request, inwoner_id):
    inwoner = get_object_or_404(Inwoner, pk=inwoner_id)
    als_json = request.GET.get("formaat") == "json"
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=request.user,
            actie=Actie.EXPORTEREN if als_json else Actie.PRINTEN,
            inwoner_id=inwoner.pk,
            activiteit=Verwerkingsactiviteit.INZAGEVERZOEK,
            toelichting="AVG-inzageverzoek",
        )
        gegevens = inzage_samenstellen(inwoner)
    if als_json:
        antwoord = JsonResponse(gegevens, json_dumps_params={"ensure_ascii": False, "indent": 2})
        antwoord["Content-Disposition"] = f'attachment; filename="inzage-inwoner-{inwoner.pk}.json"'
        return antwoord
    return render(request, "intake/inzage.html", {"g": gegevens, "inwoner": inwoner})
