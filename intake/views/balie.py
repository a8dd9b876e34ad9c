"""The front desk (balie): the work queues, registering a question at the counter or on the
phone, the case page with every action on it, break the glass, and printing a case.

Every case is fetched through `zaak_ophalen`, the one access scope
(`Hulpvraag.objects.zichtbaar_voor`); every change on the case page is one service call
(`hulpvraag_wijzigen`), which also writes its row in the logboek. The views log what they
show.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from locaties import openingstijden
from locaties.models import Toegangslocatie
from sociale_kaart.models import Organisatie
from sociale_kaart.views import resultaat_context, zoek_keuzes
from sociale_kaart.zoeken import Filters, zoek
from toegang.accounts.roles import BALIE, Rol, heeft_rol, mag_contactgegevens_zien, rol_vereist
from toegang.formulieren import opmaken
from toegang.http import zie_andere
from toegang.invoer import paginanummer
from toegang.privacy.services import (
    Actie,
    vastgelegd,
    verwerking_vastleggen,
    verwerkingen_vastleggen,
)

from ..forms import (
    KEUZELIJSTEN,
    AfspraakForm,
    BalieForm,
    BalieTerugbelForm,
    ContactmomentForm,
    GebeldForm,
    GegevensForm,
    NotitieForm,
    RedenForm,
    SluitenForm,
    ToewijzenForm,
    VeiligContactForm,
)
from ..models import (
    Afspraak,
    Contactweg,
    Doorbraak,
    Hulpvraag,
    Inwoner,
    Kanaal,
    OngeldigeOvergang,
    Status,
    Terugbelverzoek,
    VeiligContact,
    VersieConflict,
    contact_toegestaan,
)
from ..services.hulpvraag import (
    doorbraak_vastleggen,
    eerdere_hulpvragen,
    hulpvraag_indienen,
    hulpvraag_wijzigen,
    vraag_toevoegen,
)
from ..services.terugbellen import terugbellen_vastleggen, terugbelverzoek_oppakken
from ..services.wachtrijen import (
    TITELS,
    getoonde_zaken,
    wachtrij_pagina,
    werkvoorraad,
)


@rol_vereist(*BALIE)
def balie_sociale_kaart(request):
    """The public search at the counter, with the internal notes residents never see."""
    resultaat = zoek(
        request.GET.get("q", ""),
        Filters.uit(request.GET),
        paginanummer(request.GET.get("pagina"), naam="pagina", standaard=1),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        **resultaat_context(resultaat, query.urlencode(), intern=True),
        **zoek_keuzes(resultaat),
    }
    if request.headers.get("HX-Request"):
        return render(request, "sociale_kaart/_resultaten.html", context)
    return render(request, "intake/balie_sociale_kaart.html", context)


@rol_vereist(*BALIE)
def suggesties(request, lijst):
    """htmx: the names that fit what is typed in a name field (toegang.keuzelijst.NaamVeld)
    on the counter's forms, as the options of its datalist. The field sends its own name:
    the one value here."""
    keuzelijst = KEUZELIJSTEN.get(lijst)
    if keuzelijst is None:
        raise Http404
    tekst = next(iter(request.GET.values()), "")
    return render(request, "keuzelijst/_opties.html", {"namen": keuzelijst.suggesties_voor(tekst)})


# --- helpers for the front desk's pages ---------------------------------------------------


def _zichtbaar(request):
    return Hulpvraag.objects.zichtbaar_voor(request.user)


class DoorbraakNodig(Exception):
    """The case exists but lies outside this medewerker's work: a reason is needed."""


def zaak_ophalen(request, referentie, *, doorbraak: bool = False) -> Hulpvraag:
    """Every case is fetched through the one access scope. With `doorbraak`, a case outside
    a medewerker's own work raises DoorbraakNodig (break the glass) instead of a 404."""
    zaak = (
        _zichtbaar(request)
        .select_related("inwoner", "vast_aanspreekpunt")
        .filter(referentie=referentie[:20])
        .first()
    )
    if zaak is not None:
        return zaak
    if (
        doorbraak
        and heeft_rol(request.user, Rol.MEDEWERKER)
        and Hulpvraag.objects.filter(referentie=referentie[:20]).exists()
    ):
        raise DoorbraakNodig
    raise Http404


def _gezien(request, zaken, toelichting: str) -> None:
    """Log that these cases' personal data were shown (work queues, lists)."""
    verwerkingen_vastleggen(
        gebruiker=request.user,
        actie=Actie.INZIEN,
        zaken=[(h.referentie, h.inwoner_id) for h in zaken],
        toelichting=toelichting,
    )


def _melding(fout: ValidationError) -> str:
    return " ".join(fout.messages)


# --- queues -------------------------------------------------------------------------------


@rol_vereist(*BALIE)
def balie(request):
    """Start page of the front desk: the first rows of each work queue, today's openings, a
    link to the partners' lines."""
    vandaag = timezone.localdate()
    locaties = Toegangslocatie.objects.met_schema()
    vandaag_open = [(locatie, *locatie.schema.dag(vandaag)) for locatie in locaties]
    voorraad = werkvoorraad(request.user)
    rijen = voorraad.rijen
    with vastgelegd():
        _gezien(request, getoonde_zaken(rijen), "werkvoorraad")
        return render(
            request,
            "intake/balie.html",
            {
                "vandaag": vandaag,
                "volgende_werkdag": openingstijden.werkdagen_later(vandaag, 1),
                "rijen": rijen,
                "totalen": voorraad.totalen,
                "titels": TITELS,
                "vandaag_open": vandaag_open,
                # The footer's addresses (locaties.context_processors): read here already.
                "toegangslocaties": locaties,
                "berichten": request.user.berichten.ongelezen()[:10],
                "doorbraken": (
                    Doorbraak.objects.select_related("gebruiker", "hulpvraag").filter(
                        op__gte=timezone.now() - timedelta(days=14)
                    )[:50]
                    if request.user.rol == Rol.COORDINATOR
                    else []
                ),
            },
        )


@rol_vereist(*BALIE)
def wachtrij(request, naam):
    """One work queue, every row, PER_PAGINA at a time: where "Alle … bekijken" on /balie/
    leads."""
    if naam not in TITELS:
        raise Http404
    pagina = wachtrij_pagina(
        request.user,
        naam=naam,
        pagina=paginanummer(request.GET.get("pagina"), naam="pagina", standaard=1),
    )
    with vastgelegd():
        _gezien(request, getoonde_zaken({naam: pagina.object_list}), "werkvoorraad")
        return render(
            request,
            "intake/balie_wachtrij.html",
            {
                "naam": naam,
                "titel": TITELS[naam],
                "pagina": pagina,
                "volgende_werkdag": openingstijden.werkdagen_later(timezone.localdate(), 1),
            },
        )


@rol_vereist(*BALIE)
def partners(request):
    """The partners' direct lines, for the front desk that calls them."""
    return render(
        request,
        "intake/balie_partners.html",
        {"partners": Organisatie.objects.filter(is_partner=True)},
    )


# --- registering a question at the counter or on the phone ----------------------------------

# The choice buttons on /balie/nieuw/ post `koppel_aan`: a reference joins that case,
# "inwoner:<pk>" is a new case for a known resident, "nieuw" a new resident; empty means
# "look for earlier questions first".
NIEUWE_INWONER = "nieuw"
BEKENDE_INWONER = "inwoner:"


def _eerdere(request, *, telefoon="", email="", naam="", geboortedatum=None) -> list[Hulpvraag]:
    return list(
        eerdere_hulpvragen(
            user=request.user,
            telefoon=telefoon,
            email=email,
            naam=naam,
            geboortedatum=geboortedatum,
        )
    )


def _inwoners(eerdere: list[Hulpvraag]) -> list[Inwoner]:
    gezien = {}
    for hulpvraag in eerdere:
        gezien.setdefault(hulpvraag.inwoner_id, hulpvraag.inwoner)
    return list(gezien.values())


def _nieuw_pagina(request, form, *, eerdere=None, status=200):
    eerdere = eerdere or []
    opmaken(form)
    # Keyboard first: the cursor starts in the first field, or in the first one to correct;
    # with earlier cases the choice between them gets the focus (in the template).
    if not eerdere:
        eerste = next((veld for veld in form if veld.errors and not veld.is_hidden), None)
        (eerste or form["kanaal"]).field.widget.attrs["autofocus"] = True
    # Enhancement: earlier cases appear while typing; without JavaScript the first
    # submit shows them.
    for naam in ("telefoon", "email"):
        form.fields[naam].widget.attrs.update(
            {
                "hx-post": reverse("intake:nieuw"),
                "hx-trigger": "change, keyup changed delay:600ms",
                "hx-target": "#eerdere-live",
                "hx-vals": '{"alleen_zoeken": "1"}',
                "hx-sync": "this:replace",
            }
        )
    with vastgelegd():
        _gezien(request, eerdere, "eerdere hulpvragen bij registratie")
        return render(
            request,
            "intake/nieuw.html",
            {"form": form, "eerdere": eerdere, "inwoners": _inwoners(eerdere)},
            status=status,
        )


def _zoek_live(request):
    """htmx: earlier cases while the medewerker types phone or e-mail (an enhancement)."""
    form = BalieForm(request.POST)
    form.is_valid()  # only to convert what is there; errors are shown on saving
    data = form.cleaned_data
    eerdere = _eerdere(
        request,
        telefoon=data.get("telefoon", ""),
        email=data.get("email", ""),
        naam=data.get("naam", ""),
        geboortedatum=data.get("geboortedatum"),
    )
    with vastgelegd():
        _gezien(request, eerdere, "eerdere hulpvragen bij registratie")
        return render(
            request,
            "intake/_eerdere_live.html",
            {"eerdere": eerdere, "inwoners": _inwoners(eerdere), "live": True},
        )


@rol_vereist(*BALIE)
def nieuw(request):
    """Register a question in under a minute; earlier cases of the resident are shown first."""
    if request.method != "POST":
        return _nieuw_pagina(request, BalieForm(initial={"kanaal": Kanaal.TELEFOON}))
    if request.headers.get("HX-Request") and request.POST.get("alleen_zoeken"):
        return _zoek_live(request)
    form = BalieForm(request.POST)
    if not form.is_valid():
        return _nieuw_pagina(request, form, status=400)
    data = form.cleaned_data
    # A double submit of a form that was already saved: show that case.
    if bestaand := _zichtbaar(request).filter(inzending=data["inzending"]).first():
        messages.info(request, f"Deze vraag is al opgeslagen als {bestaand.referentie}.")
        return zie_andere(bestaand.get_absolute_url())
    keuze = data["koppel_aan"].strip()
    velden = form.hulpvraag_gegevens()
    if not keuze:
        eerdere = _eerdere(
            request,
            telefoon=data["telefoon"],
            email=data["email"],
            naam=data["naam"],
            geboortedatum=data["geboortedatum"],
        )
        if eerdere:
            return _nieuw_pagina(request, form, eerdere=eerdere)
        keuze = NIEUWE_INWONER
    if keuze == NIEUWE_INWONER:
        inwoner = form.inwoner_gegevens()
    elif keuze.startswith(BEKENDE_INWONER):
        pk = keuze.removeprefix(BEKENDE_INWONER)
        if not (pk.isascii() and pk.isdigit()):  # "²" is a digit to str, not to int()
            raise Http404
        inwoner = get_object_or_404(
            Inwoner.objects.filter(
                hulpvragen__in=_zichtbaar(request), geanonimiseerd_op__isnull=True
            ).distinct(),
            pk=pk,
        )
    else:
        hulpvraag = zaak_ophalen(request, keuze)
        if hulpvraag.is_geanonimiseerd:
            # Not offered as a choice; a forged post gets what an unknown reference gets.
            raise Http404
        toegevoegd = vraag_toevoegen(
            hulpvraag=hulpvraag,
            vraag=velden["vraag"],
            kanaal=data["kanaal"],
            door=request.user,
            levensdomeinen=velden["levensdomeinen"],
            inzending=data["inzending"],
            veiligheid=data["veiligheid"],
            aanvulling=form.inwoner_gegevens(),
            veilig_contact=form.veilig_contact_gegevens(),
        )
        if toegevoegd is None:
            messages.info(request, f"Deze vraag is al toegevoegd aan {hulpvraag.referentie}.")
        else:
            messages.success(request, f"De vraag is toegevoegd aan {hulpvraag.referentie}.")
        return zie_andere(hulpvraag.get_absolute_url())
    hulpvraag, _ = hulpvraag_indienen(
        inwoner=inwoner,
        kanaal=data["kanaal"],
        door=request.user,
        veiligheid=data["veiligheid"],
        aanvulling=form.inwoner_gegevens() if isinstance(inwoner, Inwoner) else None,
        veilig_contact=form.veilig_contact_gegevens(),
        **velden,
    )
    messages.success(
        request,
        f"Hulpvraag {hulpvraag.referentie} is opgeslagen. U bent het vaste aanspreekpunt.",
    )
    return zie_andere(hulpvraag.get_absolute_url())


# --- the case page --------------------------------------------------------------------------

# The actions of the case page that carry a form; "oppakken" is a bare button.
FORMULIEREN = {
    "toewijzen": ToewijzenForm,
    "contact": ContactmomentForm,
    "notitie": NotitieForm,
    "afspraak": AfspraakForm,
    "sluiten": SluitenForm,
    "heropenen": RedenForm,
    "veiligheid": RedenForm,
    "gegevens": GegevensForm,
    "vasthouden": RedenForm,
    "loslaten": RedenForm,
    "terugbellen": BalieTerugbelForm,
    "veilig_contact": VeiligContactForm,
}
ACTIES = {"oppakken", *FORMULIEREN}


def _gegevens_initieel(hulpvraag: Hulpvraag) -> dict:
    inwoner = hulpvraag.inwoner
    return {
        "naam": inwoner.naam,
        "geboortedatum": inwoner.geboortedatum,
        "telefoon": inwoner.telefoon,
        "email": inwoner.email,
        "adres": inwoner.adres,
        "kern": hulpvraag.kern,
        "levensdomeinen": [d.slug for d in hulpvraag.levensdomeinen.all()],
        "versie": hulpvraag.versie,
    }


# The resident's contact details: hidden (*****) for roles without the right.
CONTACTVELDEN = ("geboortedatum", "telefoon", "email", "adres")
# The same for veilig contact: its number and code word (kept as they are when not shown).
VEILIGE_CONTACTVELDEN = ("veilig_alleen_nummer", "veilig_codewoord")


def _formulier(actie: str, hulpvraag: Hulpvraag, user, data=None):
    # Lambdas: only this action's initial data is worked out (the case's data costs queries).
    initieel = {
        "toewijzen": lambda: {"medewerker": hulpvraag.vast_aanspreekpunt},
        "contact": lambda: {"kanaal": Kanaal.TELEFOON},
        "afspraak": lambda: {
            "eigenaar_soort": Afspraak.Eigenaar.MEDEWERKER,
            "eigenaar": user,
            "deadline": openingstijden.werkdagen_later(timezone.localdate(), 2),
        },
        "gegevens": lambda: _gegevens_initieel(hulpvraag),
        # The number on file, for those who may see it.
        "terugbellen": lambda: (
            {"telefoon": hulpvraag.inwoner.telefoon} if mag_contactgegevens_zien(user) else {}
        ),
        "veilig_contact": lambda: VeiligContactForm.veilig_initieel(VeiligContact.van(hulpvraag)),
    }.get(actie, lambda: None)()
    form = FORMULIEREN[actie](data, prefix=actie, initial=initieel)
    if actie == "veiligheid":
        form.fields["reden"].label = "Toelichting"
        form.fields["reden"].required = False
    if actie == "heropenen":
        form.fields["reden"].label = "Waarom gaat de hulpvraag weer open?"
    if actie == "vasthouden":
        form.fields["reden"].label = "Waarom moet alles bewaard blijven?"
        form.fields[
            "reden"
        ].help_text = "Bijvoorbeeld een bezwaar, klacht, rechtszaak of een vraag van de politie."
    if actie == "loslaten":
        form.fields["reden"].label = "Waarom is vasthouden niet meer nodig?"
    if actie == "gegevens" and not mag_contactgegevens_zien(user):
        # Who may not see contact details does not edit them either.
        for veld in CONTACTVELDEN:
            del form.fields[veld]
    if actie == "veilig_contact" and not mag_contactgegevens_zien(user):
        for veld in VEILIGE_CONTACTVELDEN:
            del form.fields[veld]
    return opmaken(form)


def _zaak_pagina(request, hulpvraag, *, gebonden=None, conflict=None, status=200):
    user = request.user
    # The case's life domains are shown and fill the edit form: read once.
    prefetch_related_objects([hulpvraag], "levensdomeinen")
    formulieren = {actie: _formulier(actie, hulpvraag, user) for actie in FORMULIEREN}
    if gebonden is not None:
        actie, form = gebonden
        formulieren[actie] = opmaken(form)
    context = {
        "h": hulpvraag,
        "inwoner": hulpvraag.inwoner,
        "tijdlijn": hulpvraag.tijdlijn.select_related("door"),
        "afspraken": hulpvraag.afspraken.select_related("eigenaar", "organisatie", "gedaan_door"),
        "terugbelverzoeken": hulpvraag.terugbelverzoeken.select_related("opgepakt_door"),
        "bezoekafspraken": hulpvraag.bezoekafspraken.select_related("locatie"),
        "doorverwijzingen": hulpvraag.doorverwijzingen.select_related(
            "organisatie", "aanbod", "collega"
        ).order_by("aangemaakt"),
        "levensdomeinen": hulpvraag.levensdomeinen.all(),
        "mag_sluiten": hulpvraag.mag_naar(Status.AFGEROND),
        "mag_heropenen": hulpvraag.status == Status.AFGEROND,
        "is_open": hulpvraag.status != Status.AFGEROND,
        "mag_wijzigen": not hulpvraag.is_geanonimiseerd,
        "mag_vasthouden": heeft_rol(user, Rol.COORDINATOR) and not hulpvraag.is_geanonimiseerd,
        "volgende": [
            s for s in Status if hulpvraag.mag_naar(s) and not hulpvraag.is_geanonimiseerd
        ],
        "open_actie": gebonden[0] if gebonden else "",
        "gebonden_form": gebonden[1] if gebonden else None,
        "conflict": conflict,
        "f": formulieren,
        "vandaag": timezone.localdate(),
        "contact_zichtbaar": mag_contactgegevens_zien(user),
        "veilig_contact": VeiligContact.van(hulpvraag),
    }
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=user,
            actie=Actie.INZIEN,
            hulpvraag=hulpvraag.referentie,
            inwoner_id=hulpvraag.inwoner_id,
        )
        return render(request, "intake/hulpvraag.html", context, status=status)


@rol_vereist(*BALIE)
def hulpvraag(request, referentie):
    try:
        zaak = zaak_ophalen(request, referentie, doorbraak=True)
    except DoorbraakNodig:
        return _doorbraak_pagina(request, referentie, RedenForm(prefix="doorbraak"))
    return _zaak_pagina(request, zaak)


def _doorbraak_pagina(request, referentie, form, status=403):
    form.fields["reden"].label = "Waarom moet u deze hulpvraag inzien?"
    form.fields["reden"].error_messages["required"] = (
        "Schrijf op waarom u deze hulpvraag moet inzien."
    )
    return render(
        request,
        "intake/doorbraak.html",
        {"referentie": referentie, "form": opmaken(form)},
        status=status,
    )


@rol_vereist(Rol.MEDEWERKER)
@require_POST
def doorbraak(request, referentie):
    """Break the glass: open a case outside one's own work, with a reason that is logged and
    shown to the coordinators."""
    zaak = get_object_or_404(Hulpvraag, referentie=referentie[:20])
    form = RedenForm(request.POST, prefix="doorbraak")
    if not form.is_valid():
        return _doorbraak_pagina(request, referentie, form, status=400)
    doorbraak_vastleggen(hulpvraag=zaak, door=request.user, reden=form.cleaned_data["reden"])
    messages.warning(
        request,
        "U ziet deze hulpvraag zonder betrokkenheid. Dat is vastgelegd met uw reden; de "
        "coördinator ziet het.",
    )
    return zie_andere(zaak.get_absolute_url())


# What the medewerker is told after each change on the case page.
GELUKT = {
    "oppakken": "U bent nu het vaste aanspreekpunt van deze hulpvraag.",
    "contact": "Het contactmoment is vastgelegd.",
    "notitie": "De notitie is toegevoegd.",
    "afspraak": "De afspraak is vastgelegd.",
    "sluiten": "De hulpvraag is afgesloten.",
    "heropenen": "De hulpvraag is weer open.",
    "veiligheid": "Veiligheid / meldcode is gemarkeerd. Het maatwerkteam is ingelicht.",
    "vasthouden": "De hulpvraag wordt vastgehouden: er wordt niets verwijderd tot u dit opheft.",
    "loslaten": "Vasthouden is opgeheven. De gewone bewaartermijn geldt weer.",
    "terugbellen": "Het terugbelverzoek staat in de wachtrij Terugbellen.",
    "veilig_contact": "Veilig contact is opgeslagen. Iedereen die contact opneemt, ziet het.",
}


def _gelukt(actie: str, data: dict, resultaat) -> str:
    if actie == "toewijzen":
        return f"{data['medewerker'].weergavenaam} is nu het vaste aanspreekpunt."
    if actie == "gegevens":
        return "De gegevens zijn opgeslagen." if resultaat else "Er was niets gewijzigd."
    return GELUKT[actie]


def _weergave(waarde) -> str:
    if waarde in (None, "", []):
        return "—"
    if hasattr(waarde, "strftime"):
        return f"{waarde:%d-%m-%Y}"
    if isinstance(waarde, list | tuple) or hasattr(waarde, "model"):
        return ", ".join(str(w) for w in waarde) or "—"
    return str(waarde)


def _verschillen(huidig: Hulpvraag, data: dict) -> list[dict]:
    """What is saved now next to what this medewerker typed, for every field that differs."""
    form = GegevensForm()
    opgeslagen = _gegevens_initieel(huidig)
    opgeslagen["kern"] = huidig.get_kern_display()
    opgeslagen["levensdomeinen"] = list(huidig.levensdomeinen.all())
    eigen = dict(data)
    eigen["kern"] = dict(form.fields["kern"].choices).get(data["kern"], data["kern"])
    eigen["levensdomeinen"] = list(data["levensdomeinen"])
    rijen = []
    for naam, veld in form.fields.items():
        if naam == "versie" or naam not in eigen:
            continue
        nu, ingevuld = _weergave(opgeslagen[naam]), _weergave(eigen[naam])
        if nu != ingevuld:
            rijen.append({"label": veld.label, "nu": nu, "ingevuld": ingevuld})
    return rijen


@rol_vereist(*BALIE)
@require_POST
def actie(request, referentie, actie):
    """Every change on the case page: one form, one service, back to the case."""
    if actie not in ACTIES:
        raise Http404
    hulpvraag = zaak_ophalen(request, referentie)
    form = None
    data = {}
    if actie in FORMULIEREN:
        form = _formulier(actie, hulpvraag, request.user, request.POST)
        if not form.is_valid():
            messages.warning(request, "Controleer het formulier: er is nog niets opgeslagen.")
            return _zaak_pagina(request, hulpvraag, gebonden=(actie, form), status=400)
        data = form.cleaned_data
    try:
        resultaat = hulpvraag_wijzigen(hulpvraag=hulpvraag, door=request.user, actie=actie, **data)
    except VersieConflict:
        huidig = zaak_ophalen(request, referentie)
        opnieuw = request.POST.copy()
        opnieuw[f"{actie}-versie"] = str(huidig.versie)
        messages.warning(
            request,
            "Iemand anders heeft deze hulpvraag net gewijzigd. Uw wijziging is nog niet "
            "opgeslagen. Hieronder ziet u wat nu is opgeslagen en wat u invulde; controleer "
            "het en sla opnieuw op.",
        )
        return _zaak_pagina(
            request,
            huidig,
            gebonden=(actie, _formulier(actie, huidig, request.user, opnieuw)),
            conflict=_verschillen(huidig, data),
            status=409,
        )
    except ValidationError as fout:
        messages.warning(request, _melding(fout))
        hulpvraag = zaak_ophalen(request, referentie)
        return _zaak_pagina(
            request, hulpvraag, gebonden=(actie, form) if form else None, status=400
        )
    messages.success(request, _gelukt(actie, data, resultaat))
    return zie_andere(hulpvraag.get_absolute_url())


@rol_vereist(*BALIE)
@require_POST
def afspraak_gedaan(request, referentie, afspraak_id):
    """Zeg wat je doet en doe wat je zegt: record who kept the commitment and when."""
    hulpvraag = zaak_ophalen(request, referentie)
    afspraak = get_object_or_404(
        Afspraak.objects.zichtbaar_voor(request.user), pk=afspraak_id, hulpvraag=hulpvraag
    )
    if afspraak.markeer_gedaan(door=request.user):
        messages.success(request, f"Afspraak afgevinkt: {afspraak.wat}")
    else:
        messages.info(request, "Deze afspraak was al afgevinkt.")
    return zie_andere(hulpvraag.get_absolute_url())


# --- terugbellen (call-back) --------------------------------------------------------------


def _terugbelverzoek_ophalen(request, pk) -> Terugbelverzoek:
    """A call-back through the cases' one access scope; anything else is a 404."""
    return get_object_or_404(
        Terugbelverzoek.objects.zichtbaar_voor(request.user).select_related(
            "hulpvraag__inwoner", "hulpvraag__veilig_contact", "opgepakt_door"
        ),
        pk=pk,
    )


def _terugbel_pagina(request, verzoek, form=None, status=200):
    if form is None:
        form = GebeldForm(initial={"poging": verzoek.poging})
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=request.user,
            actie=Actie.INZIEN,
            hulpvraag=verzoek.hulpvraag.referentie,
            inwoner_id=verzoek.hulpvraag.inwoner_id,
            toelichting="terugbelverzoek",
        )
        return render(
            request,
            "intake/terugbelverzoek.html",
            {
                "verzoek": verzoek,
                "h": verzoek.hulpvraag,
                "pogingen": verzoek.pogingen.select_related("door"),
                "form": opmaken(form),
                "te_laat": verzoek.is_te_laat(),
                "contact_zichtbaar": mag_contactgegevens_zien(request.user),
                "veilig_contact": VeiligContact.van(verzoek.hulpvraag),
                # Veilig contact: may this number be called now?
                "bellen": contact_toegestaan(
                    verzoek.hulpvraag,
                    Contactweg.BELLEN,
                    nu=timezone.now(),
                    nummer=verzoek.telefoon,
                ),
            },
            status=status,
        )


@rol_vereist(*BALIE)
def terugbelverzoek(request, pk):
    """One call-back: the number, the window, the tries so far, and the one action: called."""
    return _terugbel_pagina(request, _terugbelverzoek_ophalen(request, pk))


@rol_vereist(*BALIE)
@require_POST
def terugbelverzoek_actie(request, pk, actie):
    """Take the call-back ("oppakken") or record a call ("gebeld")."""
    if actie not in ("oppakken", "gebeld"):
        raise Http404
    verzoek = _terugbelverzoek_ophalen(request, pk)
    try:
        if actie == "oppakken":
            terugbelverzoek_oppakken(verzoek=verzoek, door=request.user)
            messages.success(request, "U heeft dit terugbelverzoek opgepakt.")
            return zie_andere(verzoek.get_absolute_url())
        form = GebeldForm(request.POST)
        if not form.is_valid():
            messages.warning(request, "Controleer het formulier: er is nog niets opgeslagen.")
            return _terugbel_pagina(request, verzoek, form, status=400)
        data = form.cleaned_data
        terugbellen_vastleggen(
            verzoek=verzoek,
            door=request.user,
            poging=data["poging"],
            bereikt=data["uitkomst"] == "bereikt",
            notitie=data["notitie"],
        )
    except OngeldigeOvergang as fout:
        messages.warning(request, _melding(fout))
        return zie_andere(verzoek.get_absolute_url())
    if verzoek.status == Terugbelverzoek.Status.OPEN:
        messages.success(
            request, f"Niet bereikt. De volgende poging staat gepland: {verzoek.venster.tekst}."
        )
    elif verzoek.status == Terugbelverzoek.Status.BEREIKT:
        messages.success(request, "Bereikt. Het gesprek staat als contactmoment op de tijdlijn.")
    else:
        messages.success(
            request,
            "Niet bereikt na 3 pogingen. Het terugbelverzoek is gestopt; heeft de inwoner een "
            "e-mailadres, dan krijgt die een bericht.",
        )
    return zie_andere(reverse("intake:wachtrij", args=["terugbellen"]))


# --- on paper ------------------------------------------------------------------------------


@rol_vereist(*BALIE)
def afdrukken(request, referentie):
    """The case on paper: printed is logged like every other use of personal data."""
    zaak = zaak_ophalen(request, referentie)
    with vastgelegd():
        verwerking_vastleggen(
            gebruiker=request.user,
            actie=Actie.PRINTEN,
            hulpvraag=zaak.referentie,
            inwoner_id=zaak.inwoner_id,
        )
        return render(
            request,
            "intake/afdrukken.html",
            {
                "h": zaak,
                "inwoner": zaak.inwoner,
                "tijdlijn": zaak.tijdlijn.select_related("door"),
                "afspraken": zaak.afspraken.select_related("eigenaar", "organisatie"),
                "doorverwijzingen": zaak.doorverwijzingen.select_related(
                    "organisatie", "aanbod", "collega"
                ).order_by("aangemaakt"),
                "contact_zichtbaar": mag_contactgegevens_zien(request.user),
                "veilig_contact": VeiligContact.van(zaak),
                "nu": timezone.now(),
            },
        )
