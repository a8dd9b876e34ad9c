from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from locaties import openingstijden
from locaties.models import Toegangslocatie
from toegang.invoer import paginanummer
from toegang.limiet import ZOEKEN, begrensd, token_opzoeken

from .capaciteit import (
    KEUZES,
    capaciteit_aanvullen,
    capaciteit_doorgeven,
    capaciteitslink_uit_token,
)
from .forms import CapaciteitForm
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
    """The public search. With htmx (HX-Request) only the results are sent back."""
    resultaat = zoek(
        request.GET.get("q", ""),
        Filters.uit(request.GET),
        paginanummer(request.GET.get("pagina"), naam="pagina", standaard=1),
    )
    vertalingen_laden(resultaat.pagina)
    context = {
        **resultaat_context(resultaat, _query_zonder(request, "pagina")),
        **zoek_keuzes(resultaat),
    }
    if request.headers.get("HX-Request"):
        return render(request, "sociale_kaart/_resultaten.html", context)
    return render(request, "sociale_kaart/zoeken.html", context)


def resultaat_context(resultaat, query_zonder_pagina: str, intern: bool = False) -> dict:
    """What sociale_kaart/_resultaten.html shows, for the public page and the counter
    (`intern`: with the internal notes and whether each aanbod takes new clients)."""
    if intern:
        capaciteit_aanvullen(resultaat.pagina)
    return {
        "r": resultaat,
        "query_zonder_pagina": query_zonder_pagina,
        "intern": intern,
        "gekozen_filters": gekozen_filters(resultaat.filters, query_zonder_pagina),
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


def _query_zonder(request, sleutel: str) -> str:
    query = request.GET.copy()
    query.pop(sleutel, None)
    return query.urlencode()


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
