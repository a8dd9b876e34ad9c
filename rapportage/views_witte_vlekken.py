"""The witte-vlekken page (issue 18, part 3) and its table downloads: for beleid and
coordinators, like every report page; figures only, never a person."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import exports, services
from .figuren.witte_vlekken import FIGUREN, witte_vlekken_maken
from .forms import filtervelden
from .views import XLSX, bestand_antwoord, bijschrift, periode_lezen, periode_query, rapportage
from .witte_vlekken import vlekfilters_lezen


def _pagina(request):
    form, periode, vorige_keuze, vandaag = periode_lezen(request)
    keuze = vlekfilters_lezen(request.GET)
    services.werkdagen_zeker(vandaag)
    pagina = witte_vlekken_maken(periode=periode, filters=keuze.filters, vandaag=vandaag)
    return form, periode, keuze, pagina


@rapportage
def witte_vlekken(request):
    form, periode, keuze, pagina = _pagina(request)
    return render(
        request,
        "rapportage/witte_vlekken.html",
        {
            "form": form,
            "keuze": {"periode": periode},
            "bijschrift": bijschrift(periode, keuze.omschrijving),
            "vlek": keuze,
            "filters": filtervelden(keuze.keuzes, keuze.gekozen),
            "pagina": pagina,
            "query": urlencode(periode_query(periode) | keuze.gekozen),
        },
    )


@rapportage
def witte_vlekken_tabel(request, sleutel: str, formaat: str):
    """One table as CSV or XLSX, or all of them (`alles`) as XLSX, for the chosen period."""
    if sleutel not in FIGUREN and (sleutel, formaat) != ("alles", "xlsx"):
        raise Http404
    _, periode, keuze, pagina = _pagina(request)
    context = [
        f"Periode: {periode.naam}",
        f"Filters: {keuze.omschrijving or 'geen (alles)'}",
        f"Cijfers van {timezone.localtime():%d-%m-%Y %H:%M}",
    ]
    naam = f"witte-vlekken-{sleutel}-{periode.van:%Y%m%d}-{periode.tot:%Y%m%d}"
    if sleutel == "alles":
        return bestand_antwoord(exports.figuren_xlsx(pagina.figuren, context), f"{naam}.xlsx", XLSX)
    figuur = pagina.figuur(sleutel)
    if formaat == "csv":
        return bestand_antwoord(
            exports.figuur_csv(figuur), f"{naam}.csv", "text/csv; charset=utf-8"
        )
    return bestand_antwoord(exports.figuren_xlsx([figuur], context), f"{naam}.xlsx", XLSX)
