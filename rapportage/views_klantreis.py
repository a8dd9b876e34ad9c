"""The klantreis monitor (issue 18, part 4): the page for beleid, and the quarter summary as
a one-page PDF for the council. Figures only, never a person; same access as the dashboard."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from toegang import invoer
from toegang.formulieren import component_klassen

from . import grafieken, services
from .figuren.klantreis import klantreis_maken
from .forms import MaandVeld
from .pdf import html_naar_pdf, statisch
from .perioden import (
    AANGEPAST,
    EERSTE_DAG,
    KWARTAAL,
    MAANDEN,
    Periode,
    maand_einde,
    maanden_later,
    periode_voor,
    tot_vandaag,
)
from .views import fouten_koppelen, rapportage

LENGTES = [(3, "3 maanden"), (6, "6 maanden"), (12, "12 maanden"), (24, "24 maanden")]


class KlantreisForm(forms.Form):
    """The start of the new front door (a month: figures are whole months) and how many
    months before and after it to compare."""

    start = MaandVeld(
        label="Start van de nieuwe toegang",
        help_text="De maand waarin de nieuwe toegang begon, bijvoorbeeld 03-2027. "
        "Cijfers gaan altijd over hele maanden.",
    )
    maanden = forms.TypedChoiceField(
        label="Vergelijk telkens",
        choices=LENGTES,
        coerce=int,
        required=False,
        empty_value=12,
        error_messages={"invalid_choice": "Kies 3, 6, 12 of 24 maanden."},
    )

    def __init__(self, *args, vandaag: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        component_klassen(self)
        start = self.fields["start"].widget.attrs
        start |= {"max": f"{vandaag:%Y-%m}", "placeholder": "mm-jjjj"}
        start["aria-describedby"] = "id_start_helptext"

    def clean(self):
        data = super().clean()
        start, maanden = data.get("start"), data.get("maanden") or 12
        if self.errors:
            return data
        if start is None:
            start = maanden_later(self.vandaag, 1 - maanden)
        if start > self.vandaag:
            self.add_error(
                "start", "Kies deze maand of eerder: cijfers over de toekomst zijn er niet."
            )
        elif maanden_later(start, -maanden) < EERSTE_DAG:
            self.add_error("start", f"Cijfers zijn er vanaf {MAANDEN[0]} {EERSTE_DAG.year}.")
        else:
            data["voor"], data["na"] = perioden(start, maanden, self.vandaag)
        return data


def perioden(start: date, maanden: int, vandaag: date) -> tuple[Periode, Periode]:
    """`maanden` whole months before the month of `start`, and as many from it on (up to
    today)."""
    start = start.replace(day=1)
    voor = Periode(AANGEPAST, maanden_later(start, -maanden), start - timedelta(days=1))
    na = Periode(AANGEPAST, start, maand_einde(maanden_later(start, maanden - 1)))
    return voor, tot_vandaag(na, vandaag)


def kwartaalnummer(kwartaal: Periode) -> int:
    return (kwartaal.van.month - 1) // 3 + 1


def kwartalen(vandaag: date, aantal: int = 8) -> list[Periode]:
    """The latest quarters, newest first (the running one too)."""
    uitkomst, dag = [], vandaag
    while len(uitkomst) < aantal and dag >= EERSTE_DAG:
        kwartaal = periode_voor(KWARTAAL, dag)
        uitkomst.append(tot_vandaag(kwartaal, vandaag))
        dag = kwartaal.van - timedelta(days=1)
    return uitkomst


@rapportage
def klantreis(request):
    vandaag = timezone.localdate()
    gegevens = request.GET if {"start", "maanden"} & set(request.GET) else None
    form = KlantreisForm(gegevens, vandaag=vandaag)
    if form.is_bound and form.is_valid():
        voor, na = form.cleaned_data["voor"], form.cleaned_data["na"]
    else:
        voor, na = perioden(maanden_later(vandaag, -11), 12, vandaag)
        fouten_koppelen(form)
    services.werkdagen_zeker(vandaag)
    monitor = klantreis_maken(voor=voor, na=na)
    return render(
        request,
        "rapportage/klantreis.html",
        {
            "form": form,
            "monitor": monitor,
            "kwartalen": [
                (k.naam, urlencode({"jaar": k.van.year, "kwartaal": kwartaalnummer(k)}))
                for k in kwartalen(vandaag)
            ],
        },
    )


def _kwartaal(request, vandaag: date) -> Periode:
    """The quarter asked for (jaar, kwartaal); a Dutch 400 for anything else."""
    jaar = invoer.geheel_getal(
        request.GET.get("jaar", ""), naam="jaar", minimum=EERSTE_DAG.year + 1, maximum=vandaag.year
    )
    nummer = invoer.geheel_getal(
        request.GET.get("kwartaal", ""), naam="kwartaal", minimum=1, maximum=4
    )
    kwartaal = periode_voor(KWARTAAL, date(jaar, 3 * nummer - 2, 1))
    if kwartaal.van > vandaag:
        raise invoer.OngeldigeInvoer(
            "kwartaal", "ligt in de toekomst", "Kies dit kwartaal of een eerder kwartaal."
        )
    return tot_vandaag(kwartaal, vandaag)


def kwartaaloverzicht_pdf(*, kwartaal: Periode, gemaakt_op) -> bytes:
    """The one-page summary of `kwartaal` against the same quarter a year earlier."""
    monitor = klantreis_maken(voor=kwartaal.vorig_jaar(), na=kwartaal, per_maand=False)
    grafiek = grafieken.svg(
        monitor.figuren[0].grafiek, stijl=statisch("css/klantreis-pdf-grafiek.css")
    )
    html = render_to_string(
        "rapportage/klantreis_kwartaal.html",
        {"monitor": monitor, "kwartaal": kwartaal, "gemaakt_op": gemaakt_op, "grafiek": grafiek},
    )
    return html_naar_pdf(html)


@rapportage
def klantreis_pdf(request):
    vandaag = timezone.localdate()
    kwartaal = _kwartaal(request, vandaag)
    services.werkdagen_zeker(vandaag)
    pdf = kwartaaloverzicht_pdf(kwartaal=kwartaal, gemaakt_op=timezone.localtime())
    nummer = kwartaalnummer(kwartaal)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="klantreis-{kwartaal.van.year}-k{nummer}.pdf"'
    )
    return response
