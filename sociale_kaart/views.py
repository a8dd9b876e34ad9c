from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from locaties import openingstijden
from locaties.models import Toegangslocatie
from toegang.http import zie_andere
from toegang.invoer import paginanummer
from toegang.limiet import ZOEKEN, begrensd, token_opzoeken

from .capaciteit import (
    KEUZES,
    capaciteit_aanvullen,
    capaciteit_doorgeven,
    capaciteitslink_uit_token,
)
from .forms import SIGNAAL_PARAMETER, CapaciteitForm, ZoekantwoordForm
from .models import (
    Aanbod,
    AanbodStatus,
    Kosten,
    Levensdomein,
    Organisatie,
    VestigingKern,
    laad_vestigingschemas,
    vertalingen_laden,
)
from .services import organisatie_bevestigen, organisatie_uit_token
from .zoeken import Filters, zoek
from .zoeksignalen import (
    antwoord_vastleggen,
    geopend_vastleggen,
    is_zoekopdracht,
    zoeksignaal_vastleggen,
)

WEKEN_OPENINGSTIJDEN = 2
# A life domain's page lists its organisations this many at a time (a region has hundreds).
ORGANISATIES_PER_PAGINA = 25


def home(request):
    """The direct entry to the social domain: what you can come with, where, when, how."""
    return render(
        request,
        "sociale_kaart/home.html",
        {
            "levensdomeinen": Levensdomein.objects.all(),
            "locaties": Toegangslocatie.objects.met_schema(),
        },
    )


def levensdomein(request, slug):
    domein = get_object_or_404(Levensdomein, slug=slug)
    organisaties = Paginator(domein.organisaties.order_by("naam", "pk"), ORGANISATIES_PER_PAGINA)
    return render(
        request,
        "sociale_kaart/levensdomein.html",
        {
            "domein": domein,
            "organisaties": organisaties.get_page(
                paginanummer(request.GET.get("pagina"), naam="pagina", standaard=1)
            ),
            "locaties": Toegangslocatie.objects.met_schema(),
        },
    )


@begrensd(ZOEKEN)
def zoeken(request):
    """The public search. With htmx (HX-Request) only the results are sent back.

    Each search leaves one anonymous signal (sociale_kaart.zoeksignalen); a request over the
    rate limit never gets here, so it is not counted. The signal's token travels in the
    page's links and forms, never in a cookie."""
    live = bool(request.headers.get("HX-Request"))
    resultaat = zoek(
        request.GET.get("q", ""),
        Filters.uit(request.GET),
        paginanummer(request.GET.get("pagina"), naam="pagina", standaard=1),
    )
    signaal = None
    if is_zoekopdracht(request.GET):
        signaal = zoeksignaal_vastleggen(
            resultaat=resultaat, vorig_token=request.GET.get(SIGNAAL_PARAMETER, ""), live=live
        )
    vertalingen_laden(resultaat.pagina)
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop(SIGNAAL_PARAMETER, None)
    if signaal is not None:
        query[SIGNAAL_PARAMETER] = signaal.token
    context = {
        **resultaat_context(resultaat, query.urlencode(), zoeksignaal=signaal),
        **zoek_keuzes(resultaat),
    }
    if signaal is not None and not signaal.beantwoord:
        context["antwoord_form"] = ZoekantwoordForm(
            initial={SIGNAAL_PARAMETER: signaal.token, "terug": _terug(request, signaal)}
        )
    if live:
        return render(request, "sociale_kaart/_resultaten.html", context)
    return render(request, "sociale_kaart/zoeken.html", context)


def _terug(request, signaal) -> str:
    """The query string of this page of results, with the signal's own token."""
    query = request.GET.copy()
    query[SIGNAAL_PARAMETER] = signaal.token
    return query.urlencode()


@require_POST
def zoekantwoord(request):
    """ "Vond u wat u zocht?" under the results: a plain POST (htmx swaps in the answer).
    Sent twice it changes nothing but the answer. Back to the results afterwards, where
    the thanks stand in the form's place."""
    form = ZoekantwoordForm(request.POST)
    htmx = bool(request.headers.get("HX-Request"))
    if form.is_valid():
        opgeslagen = antwoord_vastleggen(
            form.cleaned_data[SIGNAAL_PARAMETER],
            gevonden=form.cleaned_data["gevonden"] == "ja",
            toelichting=form.cleaned_data["toelichting"],
        )
        if opgeslagen:
            if htmx:
                return render(
                    request,
                    "sociale_kaart/_zoekantwoord.html",
                    {"bedankt": True, "gevonden": form.cleaned_data["gevonden"] == "ja"},
                )
            return zie_andere(
                reverse("sociale_kaart:zoeken") + "?" + form.cleaned_data["terug"] + "#zoekantwoord"
            )
        form.add_error(
            None,
            gettext(
                "Uw antwoord kon niet meer worden bewaard. Zoek opnieuw en probeer het nog eens."
            ),
        )
    if htmx:
        # htmx swaps only 2xx answers: the form with its message comes back as one.
        return render(request, "sociale_kaart/_zoekantwoord.html", {"antwoord_form": form})
    # The way back to the results, if the form could read it.
    terug = getattr(form, "cleaned_data", {}).get("terug", "")
    return render(
        request,
        "sociale_kaart/zoekantwoord.html",
        {"antwoord_form": form, "terug": terug},
        status=400,
    )


def resultaat_context(
    resultaat, query_zonder_pagina: str, intern: bool = False, zoeksignaal=None
) -> dict:
    """What sociale_kaart/_resultaten.html shows, for the public page and the counter
    (`intern`: with the internal notes and whether each aanbod takes new clients). The
    public page's `zoeksignaal` puts its token in the links to the results."""
    if intern:
        capaciteit_aanvullen(resultaat.pagina)
    return {
        "r": resultaat,
        "query_zonder_pagina": query_zonder_pagina,
        "intern": intern,
        "gekozen_filters": gekozen_filters(resultaat.filters, query_zonder_pagina),
        "zoeksignaal": zoeksignaal,
    }


def gekozen_filters(filters: Filters, query_zonder_pagina: str) -> list[tuple[str, str]]:
    """The chosen filters as removable chips: (the filter's name, the query string without
    that one filter), in the order of the search form."""
    namen = {
        "levensdomein": filters.levensdomein.naam if filters.levensdomein else "",
        "kern": VestigingKern(filters.kern).label if filters.kern else "",
        "doelgroep": filters.doelgroep.naam if filters.doelgroep else "",
        "kosten": capfirst(gettext(Kosten(filters.kosten).label)) if filters.kosten else "",
    }
    query = QueryDict(query_zonder_pagina)
    chips = []
    for sleutel, naam in namen.items():
        if naam:
            zonder = query.copy()
            zonder.pop(sleutel, None)
            chips.append((str(naam), zonder.urlencode()))
    return chips


def zoek_keuzes(resultaat) -> dict:
    """The fixed lists of the search form; its taxonomy comes with the result."""
    return {"kern_opties": VestigingKern.choices, "kosten_opties": Kosten.choices}


def aanbod(request, slug):
    if SIGNAAL_PARAMETER in request.GET:
        # Opened from the results: counted on the search's signal, then the page at its own
        # address (shared and bookmarked without the token).
        geopend_vastleggen(request.GET[SIGNAAL_PARAMETER])
        query = request.GET.copy()
        del query[SIGNAAL_PARAMETER]
        return redirect(request.path + (f"?{query.urlencode()}" if query else ""))
    item = get_object_or_404(
        Aanbod.objects.zichtbaar()
        .select_related("organisatie", "feedherkomst__feed")
        .prefetch_related("levensdomeinen", "doelgroepen", "contactpersonen"),
        slug=slug,
    )
    vertalingen_laden([item])
    return render(
        request,
        "sociale_kaart/aanbod.html",
        {
            "aanbod": item,
            # An entry from a feed says where it comes from and links there.
            "herkomst": getattr(item, "feedherkomst", None),
            "vestigingen": _vestigingen_met_tijden(item),
            "gesloten": item.status == AanbodStatus.TIJDELIJK_GESLOTEN,
        },
    )


def organisatie(request, slug):
    org = get_object_or_404(Organisatie, slug=slug)
    return render(
        request,
        "sociale_kaart/organisatie.html",
        {
            "organisatie": org,
            "aanbod_lijst": org.aanbod.zichtbaar().order_by("naam"),
            "vestigingen": org.vestigingen.all(),
            "contactpersonen": org.contactpersonen.filter(aanbod__isnull=True),
        },
    )


def _vestigingen_met_tijden(item):
    """Each vestiging of this aanbod with its weekly hours and the next two weeks' openings."""
    koppelingen = list(item.op_vestigingen.select_related("vestiging"))
    vandaag = timezone.localdate()
    tot = vandaag + timedelta(weeks=WEKEN_OPENINGSTIJDEN) - timedelta(days=1)
    schemas = laad_vestigingschemas(
        [k.pk for k in koppelingen], vandaag, vandaag + timedelta(days=openingstijden.HORIZON_DAGEN)
    )
    nu = timezone.now()
    uitkomst = []
    for koppeling in koppelingen:
        schema = schemas[koppeling.pk]
        uitkomst.append(
            {
                "vestiging": koppeling.vestiging,
                "toelichting": koppeling.toelichting,
                "openingstijden_tekst": koppeling.openingstijden_tekst,
                "status": schema.status(nu),
                "momenten": schema.momenten(vandaag, tot),
                "sluitingen": schema.sluitingen(vandaag, tot),
                "weektijden": openingstijden.samenvatting(schema.regels, vandaag),
            }
        )
    return uitkomst


@token_opzoeken(referrer_policy="strict-origin")
def bevestigen(request, token):
    """The one-click check from the reminder: a page with one button, no login needed.

    GET only shows; the POST confirms, so a mail scanner that follows links changes nothing.
    """
    organisatie = organisatie_uit_token(token)
    if organisatie is None:
        return render(request, "sociale_kaart/bevestigen_verlopen.html", status=404)
    if request.method == "POST":
        organisatie_bevestigen(organisatie=organisatie)
        return render(request, "sociale_kaart/bevestigd.html", {"organisatie": organisatie})
    return render(
        request,
        "sociale_kaart/bevestigen.html",
        {
            "organisatie": organisatie,
            "aanbod_lijst": organisatie.aanbod.zichtbaar().order_by("naam"),
        },
    )


@token_opzoeken(referrer_policy="strict-origin")
@require_http_methods(["GET", "HEAD", "POST"])
def capaciteit(request, token):
    """One click from the monthly reminder: the answer chosen in the e-mail (?keuze=),
    and one button. No login; the link only reaches this aanbod's capacity, stated in the
    name of the partner user it was made for.

    GET only shows, so a mail scanner that follows the links changes nothing; the POST
    stores it."""
    link = capaciteitslink_uit_token(token)
    if link is None:
        return render(request, "sociale_kaart/bevestigen_verlopen.html", status=404)
    aanbod = link.aanbod
    status = 200
    if request.method == "POST":
        form = CapaciteitForm(request.POST)
        if form.is_valid():
            try:
                capaciteit_doorgeven(aanbod=aanbod, door=link.gebruiker, **form.cleaned_data)
            except ValidationError as fout:
                form.add_error(None, fout)
            else:
                return render(
                    request, "sociale_kaart/capaciteit_doorgegeven.html", {"aanbod": aanbod}
                )
        status = 400
    else:
        keuze = request.GET.get("keuze")
        form = CapaciteitForm(
            initial={
                "capaciteit": keuze if keuze in KEUZES else None,
                "wachtlijst_weken": aanbod.wachtlijst_weken,
            }
        )
    return render(
        request, "sociale_kaart/capaciteit.html", {"aanbod": aanbod, "form": form}, status=status
    )
