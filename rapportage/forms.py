"""The period chooser and the filters of the dashboard. Forms only validate and convert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone

from intake.models import Kanaal
from locaties.models import Kern
from sociale_kaart.models import Levensdomein
from toegang.formulieren import bootstrap_klassen

from .cijfers import Filters
from .perioden import (
    AANGEPAST,
    EERSTE_DAG,
    MAAND,
    MAXIMAAL_JAREN,
    SOORTEN,
    Periode,
    datum_kort,
    jaren_later,
    periode_voor,
    tot_vandaag,
)

DATUM_FOUT = "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-03-2026."


class DatumVeld(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": DATUM_FOUT}

    def __init__(self, **kwargs):
        super().__init__(
            required=False, input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"], **kwargs
        )


class PeriodeForm(forms.Form):
    periode = forms.ChoiceField(
        label="Periode",
        choices=SOORTEN,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies week, maand, kwartaal, jaar of zelf kiezen."},
    )
    datum = DatumVeld(
        label="Welke periode",
        help_text="Een dag in de week, maand, kwartaal of jaar dat u wilt zien.",
    )
    van = DatumVeld(label="Van")
    tot = DatumVeld(label="Tot en met")

    def __init__(self, *args, vandaag: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag or timezone.localdate()
        bootstrap_klassen(self)
        for naam in ("datum", "van", "tot"):
            self.fields[naam].widget.attrs["max"] = self.vandaag.isoformat()
            self.fields[naam].widget.attrs["min"] = EERSTE_DAG.isoformat()

    def _niet_te_vroeg_of_laat(self, naam: str, dag: date | None) -> None:
        if dag is None:
            return
        if dag > self.vandaag:
            self.add_error(
                naam, "Kies een dag vandaag of eerder: cijfers over de toekomst zijn er niet."
            )
        elif dag < EERSTE_DAG:
            self.add_error(naam, f"Cijfers zijn er vanaf {datum_kort(EERSTE_DAG)}.")

    def clean(self):
        data = super().clean()
        soort = data.get("periode") or MAAND
        if soort == AANGEPAST:
            van, tot = data.get("van"), data.get("tot")
            if "van" not in self.errors and van is None:
                self.add_error("van", "Vul de eerste dag van de periode in.")
            if "tot" not in self.errors and tot is None:
                self.add_error("tot", "Vul de laatste dag van de periode in.")
            if van and tot:
                self._niet_te_vroeg_of_laat("van", van)
                self._niet_te_vroeg_of_laat("tot", tot)
                if tot < van:
                    self.add_error(
                        "tot", "De laatste dag ligt vóór de eerste dag. Kies een latere datum."
                    )
                elif tot >= jaren_later(van, MAXIMAAL_JAREN):
                    self.add_error("tot", f"Kies een periode van hoogstens {MAXIMAAL_JAREN} jaar.")
            if not self.errors:
                data["gekozen"] = Periode(AANGEPAST, van, tot)
        else:
            dag = data.get("datum") or self.vandaag
            self._niet_te_vroeg_of_laat("datum", data.get("datum"))
            if not self.errors:
                data["gekozen"] = tot_vandaag(periode_voor(soort, dag), self.vandaag)
        return data


def standaard_periode(vandaag: date) -> Periode:
    return tot_vandaag(periode_voor(MAAND, vandaag), vandaag)


@dataclass
class Filterkeuze:
    filters: Filters
    # Per filter what was chosen (the value in the URL), for the selects.
    gekozen: dict[str, str]
    # Dutch sentences for values we do not know; they were left out.
    genegeerd: list[str]
    # Readable description of the filters, e.g. "kern Dinxperlo, kanaal Website".
    omschrijving: str


def filter_keuzes() -> dict[str, list[tuple[str, str]]]:
    return {
        "kern": list(Kern.choices),
        "levensdomein": list(
            Levensdomein.objects.order_by("volgorde", "naam").values_list("slug", "naam")
        ),
        "kanaal": list(Kanaal.choices),
    }


MEERVOUD = {"kern": "kernen", "levensdomein": "levensdomeinen", "kanaal": "kanalen"}


def filters_lezen(gegevens) -> Filterkeuze:
    """The filters in a query string. An unknown value is ignored, and said so."""
    keuzes = filter_keuzes()
    gekozen, genegeerd, delen = {}, [], []
    waarden = {}
    for naam, opties in keuzes.items():
        waarde = (gegevens.get(naam) or "").strip()
        if not waarde:
            continue
        labels = dict(opties)
        if waarde in labels:
            gekozen[naam] = waarde
            waarden[naam] = waarde
            delen.append(f"{naam} {labels[waarde]}")
        else:
            genegeerd.append(
                f"Het filter {naam} ‘{waarde[:40]}’ kennen we niet. "
                f"U ziet daarom de cijfers van alle {MEERVOUD[naam]}."
            )
    levensdomein = None
    if "levensdomein" in waarden:
        levensdomein = Levensdomein.objects.get(slug=waarden["levensdomein"]).pk
    filters = Filters(
        kern=waarden.get("kern", ""), levensdomein=levensdomein, kanaal=waarden.get("kanaal", "")
    )
    return Filterkeuze(filters, gekozen, genegeerd, ", ".join(delen))
