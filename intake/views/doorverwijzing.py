"""Warm referrals in the browser: making one from a case (/balie/hulpvragen/…/doorverwijzen/),
and one referral's page with its actions, for the front door (/balie/doorverwijzingen/…)
and for the receiving partner (/partner/doorverwijzingen/…).

Every referral is fetched through `Doorverwijzing.objects.zichtbaar_voor(user)`: a referral of
another organisation is a 404 on every partner URL. Each action is one step of the referral
flow, taken with its row in the logboek by `doorverwijzing_wijzigen`
(intake/services/doorverwijzing.py); the views log what they show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from sociale_kaart.models import Aanbod
from toegang.accounts.roles import BALIE, Rol, mag_contactgegevens_zien, rol_vereist
from toegang.formulieren import opmaken
from toegang.http import zie_andere
from toegang.privacy.services import (
    Actie as Logactie,
)
from toegang.privacy.services import (
    Resultaat,
    Verwerkingsactiviteit,
    vastgelegd,
    verwerking_vastleggen,
)

from ..forms import PARTNERS, AfwijsForm, DoorverwijzingForm, ReactieForm, aanbod_keuzes
from ..models import Doorverwijzing, DoorverwijzingStatus, Grondslag, VeiligContact
from ..services.doorverwijzing import (
    doorverwijzing_maken,
    doorverwijzing_wijzigen,
    verwerkingsactiviteit,
)
from .balie import zaak_ophalen

S = DoorverwijzingStatus


# --- making one from a case -----------------------------------------------------------------


def _doorverwijzen_pagina(request, hulpvraag, form, status=200):
    return render(
        request,
        "intake/doorverwijzen.html",
        {
            "h": hulpvraag,
            "form": opmaken(form),
            # The receiver gets the restrictions; the code word only when shared (below).
            "veilig_contact": VeiligContact.van(hulpvraag),
            "contact_zichtbaar": mag_contactgegevens_zien(request.user),
        },
        status=status,
    )


@rol_vereist(*BALIE)
def doorverwijzen(request, referentie):
    """Refer the case warmly: to a partner (optionally one aanbod), a team or a colleague."""
    hulpvraag = zaak_ophalen(request, referentie)
    if request.method != "POST":
        initieel = {
            "ontvanger_soort": DoorverwijzingForm.ORGANISATIE,
            "contactvoorkeur": hulpvraag.contactwens,
            "grondslag": Grondslag.TOESTEMMING if hulpvraag.toestemming_delen else Grondslag.GEEN,
            "toestemming_op": timezone.localdate() if hulpvraag.toestemming_delen else None,
        }
        if slug := request.GET.get("aanbod", "")[:170]:
            aanbod = Aanbod.objects.filter(slug=slug).first()
            if aanbod:
                initieel["aanbod"] = str(aanbod.pk)
                initieel["organisatie"] = aanbod.organisatie
        return _doorverwijzen_pagina(request, hulpvraag, DoorverwijzingForm(initial=initieel))
    if "aanbod_tonen" in request.POST:
        # Without JavaScript: show the aanbod of the organisation typed, save nothing yet.
        data = {**request.POST.dict(), "gegevens": request.POST.getlist("gegevens")}
        return _doorverwijzen_pagina(request, hulpvraag, DoorverwijzingForm(initial=data))
    form = DoorverwijzingForm(request.POST)
    if not form.is_valid():
        return _doorverwijzen_pagina(request, hulpvraag, form, status=400)
    versturen = "concept" not in request.POST
    try:
        verwijzing, nieuw = doorverwijzing_maken(
            hulpvraag=hulpvraag,
            door=request.user,
            versturen=versturen,
            inzending=form.cleaned_data["inzending"],
            **form.doorverwijzing_gegevens(),
        )
    except ValidationError as fout:
        velden = getattr(fout, "error_dict", {})
        for veld, fouten in (velden or {None: fout.error_list}).items():
            form.add_error(veld if veld in form.fields else None, fouten)
        return _doorverwijzen_pagina(request, hulpvraag, form, status=400)
    if not nieuw:
        messages.info(request, "Deze doorverwijzing was al opgeslagen.")
    elif verwijzing.status == DoorverwijzingStatus.CONCEPT:
        messages.success(
            request, f"De doorverwijzing naar {verwijzing.ontvanger_naam} is bewaard als concept."
        )
    else:
        messages.success(
            request,
            f"De doorverwijzing naar {verwijzing.ontvanger_naam} is verstuurd. U hoort het als "
            "de ontvanger reageert.",
        )
    return zie_andere(hulpvraag.get_absolute_url() + "#doorverwijzingen")


@rol_vereist(*BALIE)
def aanbod_kiezen(request):
    """htmx: the aanbod options of the organisation just typed in the referral form."""
    organisatie = PARTNERS.precies(request.GET.get("organisatie", ""))
    return render(request, "intake/_aanbod_keuzes.html", {"keuzes": aanbod_keuzes(organisatie)})


# --- one referral and its actions -------------------------------------------------------------


@dataclass(frozen=True)
class Actie:
    """One button on a referral, for the step of the referral flow of the same name
    (intake.services.doorverwijzing.STAPPEN), and the text it asks for."""

    naar: str
    knop: str
    melding: str
    ontvanger: bool  # True: the receiver's action; False: the sender's (the front door)
    argument: str = ""
    label: str = ""
    verplicht: bool = False
    fout: str = ""
    van: tuple[str, ...] = ()  # only from these states (besides the table)
    # The form of the text; one with more fields passes those to the step by their names.
    formulier: type[ReactieForm] = ReactieForm


ACTIES = {
    "accepteren": Actie(
        S.GEACCEPTEERD,
        "Accepteren: wij pakken het op",
        "U heeft de doorverwijzing geaccepteerd. Neem contact op met de inwoner.",
        ontvanger=True,
    ),
    "afwijzen": Actie(
        S.AFGEWEZEN,
        "Afwijzen",
        "U heeft de doorverwijzing afgewezen. De toegang is op de hoogte.",
        ontvanger=True,
        argument="reden",
        label="Waarom wijst u af?",
        verplicht=True,
        fout="Geef een reden als u de doorverwijzing afwijst.",
        formulier=AfwijsForm,
    ),
    "terugsturen": Actie(
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
        S.CONTACT_GELEGD,
        "Er is contact gelegd",
        "Vastgelegd: u heeft contact gehad met de inwoner.",
        ontvanger=True,
        argument="toelichting",
        label="Toelichting",
    ),
    "afronden": Actie(
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
        S.VERSTUURD,
        "Versturen",
        "De doorverwijzing is verstuurd. De ontvanger is op de hoogte.",
        ontvanger=False,
        van=(S.CONCEPT,),
    ),
    "beantwoorden": Actie(
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
    form = actie.formulier(
        data, prefix=naam, label=actie.label, verplicht=actie.verplicht, fout=actie.fout
    )
    return opmaken(form)


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
        "veilig_contact": verwijzing.veilig_contact_regels(),
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
            activiteit=verwerkingsactiviteit(request.user),
            toelichting="doorverwijzing",
        )
        return render(request, "intake/doorverwijzing.html", context, status=status)


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
        argumenten = {k: v for k, v in form.cleaned_data.items() if k != "tekst"}
        argumenten[actie.argument] = form.cleaned_data["tekst"]
    try:
        doorverwijzing_wijzigen(
            doorverwijzing=verwijzing, door=request.user, actie=naam, **argumenten
        )
    except ValidationError as fout:
        # Someone else was first (accepted a moment ago), or the rules refuse it: say so.
        messages.warning(request, " ".join(fout.messages))
        return zie_andere(terug)
    messages.success(request, actie.melding)
    return zie_andere(terug)


# --- as the partner sees it -------------------------------------------------------------------


def partner_verwijzingen(request):
    """The referrals to the partner's own organisation, through the one access scope."""
    return Doorverwijzing.objects.zichtbaar_voor(request.user).select_related(
        "hulpvraag", "aanbod", "organisatie"
    )


def _partner_verwijzing(request, pk) -> Doorverwijzing:
    """A referral of the partner's own organisation, or a 404. Asking for another
    organisation's referral is logged as refused."""
    verwijzing = partner_verwijzingen(request).filter(pk=pk).first()
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


# --- as the front door sees it ----------------------------------------------------------------


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
