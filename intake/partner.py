"""Warm referrals in the browser: the partner portal (/partner/), the same referral seen from
the front desk (/balie/doorverwijzingen/…), and partners' signals to the front door.

Every referral is fetched through `Doorverwijzing.objects.zichtbaar_voor(user)`: a referral of
another organisation is a 404 on every partner URL. Each action is one step of the referral
flow (intake/doorverwijzen.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from toegang.accounts.roles import BALIE, Rol, rol_vereist
from toegang.http import zie_andere
from toegang.privacy.services import (
    Actie as Logactie,
)
from toegang.privacy.services import (
    Resultaat,
    Verwerkingsactiviteit,
    vastgelegd,
    verwerking_vastleggen,
    verwerkingen_vastleggen,
)

from .doorverwijzen import (
    doorverwijzing_accepteren,
    doorverwijzing_afronden,
    doorverwijzing_afwijzen,
    doorverwijzing_beantwoorden,
    doorverwijzing_contact_vastleggen,
    doorverwijzing_intrekken,
    doorverwijzing_terugsturen,
    doorverwijzing_versturen,
    signaal_doorgeven,
)
from .forms import ReactieForm, SignaalForm
from .models import (
    Doorverwijzing,
    DoorverwijzingStatus,
    Hulpvraag,
    Reactietermijnen,
    Status,
    Urgentie,
)
from .views import _stijl

S = DoorverwijzingStatus


@dataclass(frozen=True)
class Actie:
    """One button on a referral: the step of the referral flow it takes and the text it
    asks for."""

    stap: Callable[..., None]
    naar: str
    knop: str
    melding: str
    ontvanger: bool  # True: the receiver's action; False: the sender's (the front door)
    argument: str = ""
    label: str = ""
    verplicht: bool = False
    fout: str = ""
    van: tuple[str, ...] = ()  # only from these states (besides the table)


ACTIES = {
    "accepteren": Actie(
        doorverwijzing_accepteren,
        S.GEACCEPTEERD,
        "Accepteren: wij pakken het op",
        "U heeft de doorverwijzing geaccepteerd. Neem contact op met de inwoner.",
        ontvanger=True,
    ),
    "afwijzen": Actie(
        doorverwijzing_afwijzen,
        S.AFGEWEZEN,
        "Afwijzen",
        "U heeft de doorverwijzing afgewezen. De toegang is op de hoogte.",
        ontvanger=True,
        argument="reden",
        label="Waarom wijst u af?",
        verplicht=True,
        fout="Geef een reden als u de doorverwijzing afwijst.",
    ),
    "terugsturen": Actie(
        doorverwijzing_terugsturen,
        S.TERUGGESTUURD,
        "Vraag stellen aan de toegang",
        "Uw vraag is naar de toegang gestuurd.",
        ontvanger=True,
        argument="vraag",
        label="Wat wilt u weten voordat u ja of nee zegt?",
        verplicht=True,
        fout="Schrijf op wat u wilt weten.",
    ),
    "contact": Actie(
        doorverwijzing_contact_vastleggen,
        S.CONTACT_GELEGD,
        "Er is contact gelegd",
        "Vastgelegd: u heeft contact gehad met de inwoner.",
        ontvanger=True,
        argument="toelichting",
        label="Toelichting",
    ),
    "afronden": Actie(
        doorverwijzing_afronden,
        S.AFGEROND,
        "Afronden",
        "De doorverwijzing is afgerond. De toegang ziet de uitkomst.",
        ontvanger=True,
        argument="uitkomst",
        label="Wat is de uitkomst?",
        verplicht=True,
        fout="Schrijf de uitkomst op voordat u afsluit.",
    ),
    "versturen": Actie(
        doorverwijzing_versturen,
        S.VERSTUURD,
        "Versturen",
        "De doorverwijzing is verstuurd. De ontvanger is op de hoogte.",
        ontvanger=False,
        van=(S.CONCEPT,),
    ),
    "beantwoorden": Actie(
        doorverwijzing_beantwoorden,
        S.VERSTUURD,
        "Beantwoorden en opnieuw versturen",
        "Uw antwoord is verstuurd; de doorverwijzing ligt weer bij de ontvanger.",
        ontvanger=False,
        argument="antwoord",
        label="Uw antwoord",
        verplicht=True,
        fout="Schrijf een antwoord op de vraag.",
        van=(S.TERUGGESTUURD,),
    ),
    "intrekken": Actie(
        doorverwijzing_intrekken,
        S.INGETROKKEN,
        "Intrekken",
        "De doorverwijzing is ingetrokken.",
        ontvanger=False,
        argument="reden",
        label="Waarom trekt u de doorverwijzing in?",
        verplicht=True,
        fout="Schrijf op waarom u de doorverwijzing intrekt.",
    ),
}


def _formulier(naam: str, actie: Actie, data=None):
    if not actie.argument:
        return None
    form = ReactieForm(
        data, prefix=naam, label=actie.label, verplicht=actie.verplicht, fout=actie.fout
    )
    return _stijl(form)


def mogelijke_acties(verwijzing: Doorverwijzing, user) -> list[str]:
    """The actions `user` may take on `verwijzing` now."""
    ontvanger = verwijzing.is_ontvanger(user)
    verzender = user.rol in BALIE
    return [
        naam
        for naam, actie in ACTIES.items()
        if verwijzing.mag_naar(actie.naar)
        and (not actie.van or verwijzing.status in actie.van)
        and (ontvanger if actie.ontvanger else verzender)
    ]


def _detail(request, verwijzing, *, gebonden=None, status=200):
    namen = mogelijke_acties(verwijzing, request.user)
    formulieren = []
    for naam in namen:
        actie = ACTIES[naam]
        form = gebonden[1] if gebonden and gebonden[0] == naam else _formulier(naam, actie)
        formulieren.append({"naam": naam, "actie": actie, "form": form})
    is_partner = request.user.rol == Rol.PARTNER
    context = {
        "v": verwijzing,
        "acties": formulieren,
        "verloop": verwijzing.verloop.select_related("door"),
        "gedeeld": verwijzing.gedeeld(),
        "is_partner": is_partner,
        "actie_url": "intake:partner_actie" if is_partner else "intake:doorverwijzing_actie",
        "levensdomeinen": verwijzing.hulpvraag.levensdomeinen.all(),
        "gebonden": gebonden[0] if gebonden else "",
    }
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=request.user,
            actie=Logactie.INZIEN,
            hulpvraag=verwijzing.hulpvraag.referentie,
            inwoner_id=verwijzing.hulpvraag.inwoner_id,
            activiteit=_activiteit(request),
            toelichting="doorverwijzing",
        )
        return render(request, "intake/doorverwijzing.html", context, status=status)


def _activiteit(request) -> str:
    if request.user.rol == Rol.PARTNER:
        return Verwerkingsactiviteit.PARTNER
    return Verwerkingsactiviteit.DOORVERWIJZING


def _uitvoeren(request, verwijzing: Doorverwijzing, naam: str, terug: str):
    if naam not in ACTIES:
        raise Http404
    actie = ACTIES[naam]
    argumenten = {}
    if actie.argument:
        form = _formulier(naam, actie, request.POST)
        if not form.is_valid():
            messages.warning(request, "Controleer het formulier: er is nog niets opgeslagen.")
            return _detail(request, verwijzing, gebonden=(naam, form), status=400)
        argumenten[actie.argument] = form.cleaned_data["tekst"]
    try:
        with vastgelegd():
            actie.stap(doorverwijzing=verwijzing, door=request.user, **argumenten)
            verwerking_vastleggen(
                gebruiker=request.user,
                actie=Logactie.WIJZIGEN,
                hulpvraag=verwijzing.hulpvraag.referentie,
                inwoner_id=verwijzing.hulpvraag.inwoner_id,
                activiteit=_activiteit(request),
                toelichting=f"doorverwijzing: {naam}",
            )
    except ValidationError as fout:
        # Someone else was first (accepted a moment ago), or the rules refuse it: say so.
        messages.warning(request, " ".join(fout.messages))
        return zie_andere(terug)
    messages.success(request, actie.melding)
    return zie_andere(terug)


# --- the partner portal ---------------------------------------------------------------------


def _partner_verwijzingen(request):
    return Doorverwijzing.objects.zichtbaar_voor(request.user).select_related(
        "hulpvraag", "aanbod", "organisatie"
    )


@rol_vereist(Rol.PARTNER)
def partner(request):
    """The partner's inbox: new, in progress, overdue; their signals; their messages."""
    organisatie = request.user.organisatie
    nu = timezone.now()
    try:
        termijnen = organisatie.reactietermijnen
    except Reactietermijnen.DoesNotExist:
        termijnen = Reactietermijnen.standaard()
    verwijzingen = _partner_verwijzingen(request).annotate(
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


def _partner_verwijzing(request, pk) -> Doorverwijzing:
    """A referral of the partner's own organisation, or a 404. Asking for another
    organisation's referral is logged as refused."""
    verwijzing = _partner_verwijzingen(request).filter(pk=pk).first()
    if verwijzing is not None:
        return verwijzing
    ander = Doorverwijzing.objects.select_related("hulpvraag").filter(pk=pk).first()
    if ander is not None:
        with vastgelegd():
            verwerking_vastleggen(
                gebruiker=request.user,
                actie=Logactie.INZIEN,
                hulpvraag=ander.hulpvraag.referentie,
                inwoner_id=ander.hulpvraag.inwoner_id,
                activiteit=Verwerkingsactiviteit.PARTNER,
                resultaat=Resultaat.GEWEIGERD,
                toelichting="doorverwijzing van een andere organisatie (of een concept)",
            )
    raise Http404


@rol_vereist(Rol.PARTNER)
def partner_doorverwijzing(request, pk):
    return _detail(request, _partner_verwijzing(request, pk))


@rol_vereist(Rol.PARTNER)
@require_POST
def partner_actie(request, pk, actie):
    verwijzing = _partner_verwijzing(request, pk)
    if actie not in ACTIES or not ACTIES[actie].ontvanger:
        raise Http404
    return _uitvoeren(
        request, verwijzing, actie, reverse("intake:partner_doorverwijzing", args=[pk])
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
    return render(request, "intake/signaal.html", {"form": _stijl(form)}, status=status)


# --- the same referral at the front desk ----------------------------------------------------


@rol_vereist(*BALIE)
def doorverwijzing(request, pk):
    verwijzing = get_object_or_404(
        Doorverwijzing.objects.zichtbaar_voor(request.user).select_related(
            "hulpvraag", "organisatie", "aanbod", "collega"
        ),
        pk=pk,
    )
    return _detail(request, verwijzing)


@rol_vereist(*BALIE)
@require_POST
def doorverwijzing_actie(request, pk, actie):
    verwijzing = get_object_or_404(Doorverwijzing.objects.zichtbaar_voor(request.user), pk=pk)
    terug = request.POST.get("terug") or reverse("intake:doorverwijzing", args=[pk])
    if terug != verwijzing.hulpvraag.get_absolute_url():
        terug = reverse("intake:doorverwijzing", args=[pk])
    return _uitvoeren(request, verwijzing, actie, terug)
