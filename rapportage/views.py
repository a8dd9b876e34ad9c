"""The dashboard, its exports and the large export's progress. Figures only, never a person.

Every read of these pages goes through `rapportage_lezen()`: with a reporting database
configured (REPORTING_DATABASE_URL), that is where the queries run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from toegang.accounts.roles import Rol, rol_vereist
from toegang.databases import rapportage_lezen
from toegang.http import zie_andere

from . import exports, services
from .figuren import FIGUREN, dashboard_maken
from .forms import Filterkeuze, PeriodeForm, filters_lezen, filtervelden, standaard_periode
from .models import Export
from .perioden import AANGEPAST, EERSTE_DAG, MAAND, SOORTEN, Periode

ROLLEN = (Rol.BELEID, Rol.COORDINATOR)


def rapportage(view):
    """For beleid and coordinators, and every query of the view (and its page) read from the
    reporting database when one is configured."""

    @rol_vereist(*ROLLEN)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with rapportage_lezen():
            return view(request, *args, **kwargs)

    return wrapper


SESSIE = "rapportage-periode"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def periode_query(p: Periode) -> dict[str, str]:
    """The query string's fields of a period shown."""
    if p.soort == AANGEPAST:
        return {"periode": AANGEPAST, "van": f"{p.van:%Y-%m}", "tot": f"{p.tot:%Y-%m}"}
    return {"periode": p.soort, "datum": p.van.isoformat()}


def bijschrift(periode: Periode, filters: str) -> str:
    """What a table's caption says after its title: the period and the filters."""
    return f", {periode.naam}" + (f" ({filters})" if filters else "")


@dataclass
class Keuze:
    form: PeriodeForm
    periode: Periode
    filters: Filterkeuze
    vorige_keuze: bool  # the chosen period was refused; the previous one is shown
    vandaag: date

    @property
    def query(self) -> str:
        """The query string of what is shown (not of what was typed, when that was refused)."""
        return urlencode(periode_query(self.periode) | self.filters.gekozen)

    @property
    def bijschrift(self) -> str:
        return bijschrift(self.periode, self.filters.omschrijving)

    def context(self) -> list[str]:
        regels = [f"Periode: {self.periode.naam}"]
        regels.append(f"Filters: {self.filters.omschrijving or 'geen (alle hulpvragen)'}")
        return regels


def _bewaar(request, periode: Periode) -> None:
    waarden = {
        "soort": periode.soort,
        "van": periode.van.isoformat(),
        "tot": periode.tot.isoformat(),
        "volledig_tot": periode.volledig_tot.isoformat() if periode.volledig_tot else None,
    }
    if request.session.get(SESSIE) != waarden:
        request.session[SESSIE] = waarden


def _uit_sessie(request) -> Periode | None:
    """The period shown before, kept in the session; not one of days (from before periods
    were whole months)."""
    waarden = request.session.get(SESSIE)
    try:
        periode = Periode(
            waarden["soort"],
            date.fromisoformat(waarden["van"]),
            date.fromisoformat(waarden["tot"]),
            date.fromisoformat(waarden["volledig_tot"]) if waarden["volledig_tot"] else None,
        )
    except (TypeError, KeyError, ValueError):
        return None
    return periode if periode.hele_maanden and periode.soort in dict(SOORTEN) else None


def _keuze(request) -> Keuze:
    """The period and filters asked for; a refused period keeps the previous choice."""
    form, periode, vorige_keuze, vandaag = periode_lezen(request)
    return Keuze(form, periode, filters_lezen(request.GET), vorige_keuze, vandaag)


def periode_lezen(request) -> tuple[PeriodeForm, Periode, bool, date]:
    """The period asked for, its form, whether it was refused (then the previous choice,
    kept in the session, is shown) and today: for every report page."""
    vandaag = timezone.localdate()
    gegevens = request.GET if any(k in request.GET for k in PeriodeForm.base_fields) else None
    form = PeriodeForm(
        gegevens, vandaag=vandaag, initial={"periode": MAAND, "datum": vandaag.isoformat()}
    )
    vorige_keuze = False
    if form.is_bound and form.is_valid():
        periode = form.cleaned_data["gekozen"]
        _bewaar(request, periode)
    elif form.is_bound:
        periode = _uit_sessie(request) or standaard_periode(vandaag)
        vorige_keuze = True
    else:
        periode = standaard_periode(vandaag)
    fouten_koppelen(form)
    return form, periode, vorige_keuze, vandaag


def fouten_koppelen(form) -> None:
    """Each error tied to its field for screen readers."""
    for veld in form:
        if form.is_bound and veld.errors:
            attrs = veld.field.widget.attrs
            attrs["aria-invalid"] = "true"
            beschreven = [f"{veld.auto_id}-fout"]
            if veld.help_text:
                beschreven.append(f"{veld.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(beschreven)


def _dashboard(keuze: Keuze):
    services.werkdagen_zeker(keuze.vandaag)
    return dashboard_maken(
        periode=keuze.periode, filters=keuze.filters.filters, vandaag=keuze.vandaag
    )


class JaaroverzichtForm(forms.Form):
    jaar = forms.TypedChoiceField(
        label="Jaar van het overzicht",
        coerce=int,
        error_messages={"invalid_choice": "Kies een jaar uit de lijst."},
    )

    def __init__(self, *args, vandaag: date, **kwargs):
        super().__init__(*args, **kwargs)
        jaren = range(vandaag.year, max(EERSTE_DAG.year, vandaag.year - 6) - 1, -1)
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]
        self.fields["jaar"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


@rapportage
def dashboard(request):
    keuze = _keuze(request)
    dashboard = _dashboard(keuze)
    p = keuze.periode
    vorige, volgende = p.verschoven(-1), p.verschoven(+1)
    if volgende and volgende.van > keuze.vandaag:
        volgende = None
    if vorige and vorige.van < EERSTE_DAG:
        vorige = None
    return render(
        request,
        "rapportage/dashboard.html",
        {
            "keuze": keuze,
            "form": keuze.form,
            "d": dashboard,
            "filters": filtervelden(keuze.filters.keuzes, keuze.filters.gekozen),
            "vorige": vorige,
            "volgende": volgende,
            "vorige_query": vorige and _navigatie(vorige, keuze),
            "volgende_query": volgende and _navigatie(volgende, keuze),
            "jaarform": JaaroverzichtForm(vandaag=keuze.vandaag, initial={"jaar": p.van.year}),
        },
    )


def _navigatie(periode: Periode, keuze: Keuze) -> str:
    return urlencode(
        {"periode": periode.soort, "datum": periode.van.isoformat()} | keuze.filters.gekozen
    )


def bestand_antwoord(inhoud: bytes, naam: str, soort: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@rapportage
def tabel(request, sleutel: str, formaat: str):
    """One table as CSV or XLSX, or all of them (`alles`) as XLSX, for the chosen period."""
    if sleutel not in FIGUREN and (sleutel, formaat) != ("alles", "xlsx"):
        raise Http404
    keuze = _keuze(request)
    dashboard = _dashboard(keuze)
    context = [
        *keuze.context(),
        f"Cijfers van {timezone.localtime(dashboard.gegevens_van):%d-%m-%Y %H:%M}",
    ]
    naam = f"rapportage-{sleutel}-{keuze.periode.van:%Y%m%d}-{keuze.periode.tot:%Y%m%d}"
    if sleutel == "alles":
        return bestand_antwoord(
            exports.figuren_xlsx(dashboard.figuren, context), f"{naam}.xlsx", XLSX
        )
    figuur = dashboard.figuur(sleutel)
    if formaat == "csv":
        return bestand_antwoord(
            exports.figuur_csv(figuur), f"{naam}.csv", "text/csv; charset=utf-8"
        )
    return bestand_antwoord(exports.figuren_xlsx([figuur], context), f"{naam}.xlsx", XLSX)


@require_POST
@rapportage
def export_aanvragen(request):
    form = JaaroverzichtForm(request.POST, vandaag=timezone.localdate())
    if not form.is_valid():
        messages.error(request, "Kies een jaar uit de lijst om het jaaroverzicht te maken.")
        return redirect(reverse("rapportage:dashboard") + "#jaaroverzicht")
    export, _ = services.export_aanvragen(jaar=form.cleaned_data["jaar"])
    return zie_andere(reverse("rapportage:export", args=[export.pk]))


def _export(pk) -> Export:
    """From the reporting database; right after asking it may not be there yet, then from
    the primary."""
    export = Export.objects.defer("bestand").filter(pk=pk).first()
    if export is None:
        export = Export.objects.using("default").defer("bestand").filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


@rapportage
def export_status(request, pk):
    export = _export(pk)
    context = {"export": export, "vorige_status": request.GET.get("status", "")}
    if request.headers.get("HX-Request"):
        return render(request, "rapportage/_export_voortgang.html", context)
    return render(request, "rapportage/export.html", context)


@rapportage
def export_bestand(request, pk):
    export = _export(pk)
    if export.status != Export.Status.KLAAR:
        return render(request, "rapportage/export.html", {"export": export}, status=404)
    inhoud = Export.objects.filter(pk=pk).values_list("bestand", flat=True).first()
    if inhoud is None:
        inhoud = (
            Export.objects.using("default").filter(pk=pk).values_list("bestand", flat=True).first()
        )
    if inhoud is None:
        raise Http404
    return bestand_antwoord(bytes(inhoud), export.bestandsnaam, XLSX)
