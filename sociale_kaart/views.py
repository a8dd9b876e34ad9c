from datetime import timedelta
from html import escape as _e
from urllib.parse import quote

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from locaties import openingstijden
from locaties.models import Kern, Toegangslocatie
from toegang.limiet import ZOEKEN, begrensd, token_opzoeken

from .models import (
    Aanbod,
    AanbodStatus,
    Kosten,
    Levensdomein,
    Organisatie,
    laad_vestigingschemas,
)
from .services import organisatie_bevestigen, organisatie_uit_token
from .zoeken import Filters, vaste_gegevens, zoek

WEKEN_OPENINGSTIJDEN = 2
FACET_TITELS = [
    ("levensdomein", "Onderwerp"),
    ("kern", "Plaats"),
    ("doelgroep", "Voor wie"),
    ("kosten", "Kosten"),
]


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
    return render(
        request,
        "sociale_kaart/levensdomein.html",
        {
            "domein": domein,
            "organisaties": domein.organisaties.all(),
            "locaties": Toegangslocatie.objects.met_schema(),
        },
    )


@begrensd(ZOEKEN)
def zoeken(request):
    """The public search. With htmx (HX-Request) only the results are sent back.

    Nothing is cached between searches but each process's index (zoeken, zoekindex):
    computing and rendering a search costs about as much as reading a cached page back
    from Redis would, and "Nu open" and every change are fresh by construction.
    """
    resultaat = zoek(
        request.GET.get("q", ""), Filters.uit(request.GET), request.GET.get("pagina", 1)
    )
    context = {
        **resultaat_context(resultaat, _query_zonder(request, "pagina")),
        **zoek_keuzes(resultaat),
    }
    if request.headers.get("HX-Request"):
        return render(request, "sociale_kaart/_resultaten.html", context)
    return render(request, "sociale_kaart/zoeken.html", context)


def resultaat_context(resultaat, query_zonder_pagina: str, intern: bool = False) -> dict:
    """What sociale_kaart/_resultaten.html shows, for the public page and the counter
    (`intern`: with the internal notes)."""
    return {
        "r": resultaat,
        "query_zonder_pagina": query_zonder_pagina,
        "kaarten": SimpleLazyObject(lambda: _kaarten(resultaat, intern)),
        "facetblokken": SimpleLazyObject(lambda: _facetblokken(resultaat, query_zonder_pagina)),
    }


# The repeated parts of the results are built here rather than in the template: twenty
# results and their facet links are most of the page, and the template engine (or
# format_html) takes about 1 ms for them where this takes 0.2 (benchmarks/search.py).
# Every value from the data goes through html.escape (`_e`) on its way in.
_STATUS = {
    "dicht": '<span class="status status--dicht">Tijdelijk gesloten</span>',
    "open": '<span class="status status--open">Nu open</span>',
    "gesloten": "<span>Nu gesloten</span>",
}


def _kaarten(resultaat, intern: bool) -> SafeString:
    # One reverse() for the page: a slug is [-a-zA-Z0-9_], so it needs no quoting.
    voor, na = reverse("sociale_kaart:aanbod", args=["SLUG"]).rsplit("SLUG", 1)
    delen = []
    for a in resultaat.pagina:
        if a.status == AanbodStatus.TIJDELIJK_GESLOTEN:
            status = _STATUS["dicht"]
        else:
            status = _STATUS["open" if a.pk in resultaat.open_nu else "gesloten"]
        kernen = resultaat.kernen.get(a.pk)
        notitie = intern and a.interne_notitie
        delen.append(
            f'<li class="resultaat"><h3 class="h5 mb-1"><a href="{_e(voor + a.slug + na)}">'
            f"{_e(a.naam)}</a></h3>"
            f'<p class="mb-1 organisatie-naam">{_e(a.organisatie.naam)}</p>'
            f'<p class="mb-1">{_e(a.korte_beschrijving)}</p>'
            + (
                f'<p class="interne-notitie mb-1"><strong>Intern:</strong> {_e(notitie)}</p>'
                if notitie
                else ""
            )
            + '<p class="mb-0 small">'
            + (f"<span>{_e(', '.join(kernen))}</span> · " if kernen else "")
            + f"{status}</p></li>\n"
        )
    return SafeString("".join(delen))


def _facetblokken(resultaat, query_zonder_pagina: str) -> list[tuple[str, SafeString]]:
    query = _e(query_zonder_pagina)
    return [
        (
            titel,
            SafeString(
                "".join(
                    f'<li><a href="?{query}&amp;{_e(soort)}={_e(quote(waarde))}">'
                    f'{_e(capfirst(naam))}</a> <span class="aantal">({int(n)})</span></li>'
                    for waarde, naam, n in resultaat.facetten[soort]
                )
            ),
        )
        for soort, titel in FACET_TITELS
        if resultaat.facetten.get(soort)
    ]


def zoek_keuzes(resultaat) -> dict:
    """The options of the search form's four lists, with the chosen filters selected;
    shared by the public page and the counter. From the taxonomy this process keeps for
    the data version (zoeken.vaste_gegevens); made only when the form is rendered (an
    htmx request renders only the results)."""

    def opties() -> dict[str, SafeString]:
        vast = vaste_gegevens(resultaat.versie)
        filters = resultaat.filters
        gekozen = {
            "levensdomein": filters.levensdomein.slug if filters.levensdomein else "",
            "doelgroep": filters.doelgroep.slug if filters.doelgroep else "",
            "kern": filters.kern,
            "kosten": filters.kosten,
        }
        keuzes = {
            "levensdomein": [(d.slug, d.naam) for d in vast.levensdomeinen],
            "doelgroep": [(d.slug, d.naam) for d in vast.doelgroepen],
            "kern": Kern.choices,
            "kosten": [(waarde, capfirst(naam)) for waarde, naam in Kosten.choices],
        }
        return {
            soort: SafeString(
                "".join(
                    f'<option value="{_e(waarde)}"'
                    f"{' selected' if waarde == gekozen[soort] else ''}>{_e(str(naam))}</option>"
                    for waarde, naam in lijst
                )
            )
            for soort, lijst in keuzes.items()
        }

    return {"opties": SimpleLazyObject(opties)}


def aanbod(request, slug):
    item = get_object_or_404(
        Aanbod.objects.zichtbaar()
        .select_related("organisatie")
        .prefetch_related("levensdomeinen", "doelgroepen", "contactpersonen"),
        slug=slug,
    )
    return render(
        request,
        "sociale_kaart/aanbod.html",
        {
            "aanbod": item,
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


@token_opzoeken
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
