"""The partner portal (/partner/): the inbox of referrals to the partner's organisation, what
became of the signals it passed on, and passing on a new signal. A single referral and its
actions are in intake/views/doorverwijzing.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from toegang.accounts.roles import Rol, rol_vereist
from toegang.formulieren import opmaken
from toegang.http import zie_andere
from toegang.privacy.services import (
    Actie as Logactie,
)
from toegang.privacy.services import (
    Verwerkingsactiviteit,
    vastgelegd,
    verwerkingen_vastleggen,
)

from ..forms import SignaalForm
from ..models import DoorverwijzingStatus, Hulpvraag, Reactietermijnen, Status, Urgentie
from ..services.hulpvraag import signaal_doorgeven
from .doorverwijzing import partner_verwijzingen

S = DoorverwijzingStatus


# --- the partner portal ---------------------------------------------------------------------


@rol_vereist(Rol.PARTNER)
def partner(request):
    """The partner's inbox: new, in progress, overdue; their signals; their messages."""
    organisatie = request.user.organisatie
    nu = timezone.now()
    termijnen = Reactietermijnen.voor(organisatie)
    verwijzingen = partner_verwijzingen(request).annotate(
        spoed=Case(
            When(urgentie=Urgentie.HOOG, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    open_ = list(
        verwijzingen.filter(
            status__in=[S.VERSTUURD, S.TERUGGESTUURD, S.GEACCEPTEERD, S.CONTACT_GELEGD]
        ).order_by("spoed", "termijn_vanaf")
    )
    for v in open_:
        v.te_laat = v.is_te_laat(nu, termijnen)
    afgehandeld = list(
        verwijzingen.filter(
            status__in=[S.AFGEROND, S.AFGEWEZEN, S.VERLOPEN, S.INGETROKKEN],
            bijgewerkt__gte=nu - timedelta(days=30),
        ).order_by("-bijgewerkt")
    )
    with vastgelegd():
        # The inbox shows the names that were shared: that is a view of personal data.
        verwerkingen_vastleggen(
            gebruiker=request.user,
            actie=Logactie.INZIEN,
            zaken=[
                (v.hulpvraag.referentie, v.hulpvraag.inwoner_id)
                for v in open_ + afgehandeld
                if v.gedeelde_gegevens
            ],
            activiteit=Verwerkingsactiviteit.PARTNER,
            toelichting="inbox",
        )
        return _inbox(request, organisatie, open_, afgehandeld)


def _inbox(request, organisatie, open_, afgehandeld):
    return render(
        request,
        "intake/partner.html",
        {
            "organisatie": organisatie,
            "levensdomeinen": organisatie.levensdomeinen.all(),
            "te_laat": [v for v in open_ if v.te_laat],
            "nieuw": [v for v in open_ if v.status == S.VERSTUURD and not v.te_laat],
            "lopend": [
                v for v in open_ if v.status in (S.GEACCEPTEERD, S.CONTACT_GELEGD) and not v.te_laat
            ],
            "wacht_op_toegang": [v for v in open_ if v.status == S.TERUGGESTUURD],
            "afgehandeld": afgehandeld,
            "signalen": [
                _signaal_stand(s) for s in Hulpvraag.objects.signalen_voor(request.user)[:20]
            ],
            "berichten": request.user.berichten.ongelezen()[:10],
        },
    )


def _signaal_stand(signaal: dict) -> dict:
    """What a partner may know of its signal: how far the front door got, nothing more."""
    if signaal["status"] == Status.AFGEROND:
        stand = "Afgerond door de toegang"
    elif signaal["eerste_contact_op"]:
        stand = "De toegang heeft contact gehad met de inwoner"
    elif signaal["vast_aanspreekpunt_id"]:
        stand = "Opgepakt door de toegang"
    else:
        stand = "Ontvangen, nog niet opgepakt"
    return {
        "referentie": signaal["referentie"],
        "aangemaakt": signaal["aangemaakt"],
        "stand": stand,
    }


@rol_vereist(Rol.PARTNER)
def signaal(request):
    """A partner passes a concern or a resident to the front door."""
    if request.method == "POST":
        form = SignaalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            hulpvraag, nieuw = signaal_doorgeven(
                door=request.user,
                inwoner=form.inwoner_gegevens(),
                vraag=data["vraag"],
                toestemming_wijze=data["toestemming_wijze"],
                inzending=data["inzending"],
                levensdomeinen=data["levensdomeinen"],
                veiligheid=data["veiligheid"],
                kern=data["kern"],
                contactvoorkeur=data["contactvoorkeur"],
            )
            if nieuw:
                messages.success(
                    request,
                    f"Uw signaal is doorgegeven aan de toegang ({hulpvraag.referentie}). Binnen "
                    "2 werkdagen neemt een medewerker contact op met de inwoner.",
                )
            else:
                messages.info(request, f"Dit signaal was al doorgegeven ({hulpvraag.referentie}).")
            return zie_andere(reverse("intake:partner") + "#signalen")
        status = 400
    else:
        form = SignaalForm()
        status = 200
    return render(request, "intake/signaal.html", {"form": opmaken(form)}, status=status)
