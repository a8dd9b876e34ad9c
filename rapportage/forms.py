"""The period chooser and the filters of the dashboard. Forms only validate and convert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone

from intake.models import Kanaal
from locaties.models import Kern
from sociale_kaart.models import Levensdomein
from toegang import invoer
from toegang.formulieren import component_klassen

from .cijfers import Filters
from .perioden import (
    AANGEPAST,
    EERSTE_DAG,
    MAAND,
    MAXIMAAL_JAREN,
    SOORTEN,
    Periode,
    datum_kort,
    maand_einde,
    maanden_later,
    periode_voor,
    tot_vandaag,
)


class DatumVeld(invoer.DatumVeld):
    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class MaandVeld(forms.Field):
    """A month (its first day), read by toegang.invoer.maand: what a browser's month field
    sends (2026-03), what people type (03-2026), or any day in it."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return invoer.maand(value, naam="")
        except invoer.OngeldigeInvoer as fout:
            raise forms.ValidationError(fout.zin, code="invalid") from None


class PeriodeForm(forms.Form):
    """A month, quarter or year around a day, or a span of whole months (see
    rapportage.perioden: a report period is made of whole months)."""

    periode = forms.ChoiceField(
        label="Periode",
        choices=SOORTEN,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Kies maand, kwartaal, jaar of zelf kiezen."},
    )
    datum = DatumVeld(
        label="Welke periode",
        help_text="Een dag in de maand, het kwartaal of het jaar dat u wilt zien.",
    )
    van = MaandVeld(label="Eerste maand")
    tot = MaandVeld(label="Laatste maand")

    def __init__(self, *args, vandaag: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag or timezone.localdate()
        component_klassen(self)
        self.fields["datum"].widget.attrs["max"] = self.vandaag.isoformat()
        self.fields["datum"].widget.attrs["min"] = EERSTE_DAG.isoformat()
        for naam in ("van", "tot"):
            self.fields[naam].widget.attrs["max"] = f"{self.vandaag:%Y-%m}"
            self.fields[naam].widget.attrs["min"] = f"{EERSTE_DAG:%Y-%m}"
            self.fields[naam].widget.attrs["placeholder"] = "mm-jjjj"
            self.fields[naam].widget.attrs["aria-describedby"] = "keuze-maanden-uitleg"

    def _niet_te_vroeg_of_laat(self, naam: str, dag: date | None, wat: str = "dag") -> None:
        if dag is None:
            return
        if dag > self.vandaag:
            eerder = "vandaag of eerder" if wat == "dag" else "deze maand of eerder"
            self.add_error(naam, f"Kies een {wat} {eerder}: cijfers over de toekomst zijn er niet.")
        elif dag < EERSTE_DAG.replace(day=1) or (wat == "dag" and dag < EERSTE_DAG):
            self.add_error(naam, f"Cijfers zijn er vanaf {datum_kort(EERSTE_DAG)}.")

    def clean(self):
        data = super().clean()
        soort = data.get("periode") or MAAND
        if soort == AANGEPAST:
            van, tot = data.get("van"), data.get("tot")
            if "van" not in self.errors and van is None:
                self.add_error("van", "Vul de eerste maand van de periode in.")
            if "tot" not in self.errors and tot is None:
                self.add_error("tot", "Vul de laatste maand van de periode in.")
            if van and tot:
                self._niet_te_vroeg_of_laat("van", van, "maand")
                self._niet_te_vroeg_of_laat("tot", tot, "maand")
            # The span only between two months that could be: a refused month is out of
            # cleaned_data, but not out of these names.
            if van and tot and not {"van", "tot"} & set(self.errors):
                if tot < van:
                    self.add_error(
                        "tot", "De laatste maand ligt vóór de eerste maand. Kies een latere maand."
                    )
                elif maanden_later(van, 12 * MAXIMAAL_JAREN) <= tot:
                    self.add_error(
                        "tot",
                        f"Kies een periode van hoogstens {MAXIMAAL_JAREN} jaar "
                        f"({12 * MAXIMAAL_JAREN} maanden).",
                    )
            if not self.errors:
                data["gekozen"] = tot_vandaag(
                    Periode(AANGEPAST, van, maand_einde(tot)), self.vandaag
                )
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
    # Every filter's options (filter_keuzes), for the selects.
    keuzes: dict[str, list[tuple[str, str]]]


def filter_keuzes() -> dict[str, list[tuple[str, str]]]:
    return {
        "kern": list(Kern.choices),
        "levensdomein": list(
            Levensdomein.objects.order_by("volgorde", "naam").values_list("slug", "naam")
        ),
        "kanaal": list(Kanaal.choices),
    }


# Per filter its label and the option for no filter, for the selects of every report page.
FILTERLABELS = {
    "kern": ("Kern", "Alle kernen"),
    "levensdomein": ("Levensdomein", "Alle levensdomeinen"),
    "kanaal": ("Kanaal", "Alle kanalen"),
    "doelgroep": ("Doelgroep", "Alle doelgroepen"),
}


def filtervelden(keuzes: dict[str, list[tuple[str, str]]], gekozen: dict[str, str]) -> list[dict]:
    """The selects of a page's filters (templates/rapportage/_filters.html)."""
    return [
        {
            "naam": naam,
            "label": FILTERLABELS[naam][0],
            "alle": FILTERLABELS[naam][1],
            "opties": opties,
            "gekozen": gekozen.get(naam, ""),
        }
        for naam, opties in keuzes.items()
    ]


MEERVOUD = {
    "kern": "kernen",
    "levensdomein": "levensdomeinen",
    "kanaal": "kanalen",
    "doelgroep": "doelgroepen",
}


def keuzes_lezen(
    gegevens, keuzes: dict[str, list[tuple[str, str]]]
) -> tuple[dict[str, str], list[str], str]:
    """The filters of `keuzes` in a query string: per filter the value chosen, Dutch
    sentences for the values we do not know (they are left out), and a readable description
    ("kern Dinxperlo, levensdomein Zorg")."""
    gekozen, genegeerd, delen = {}, [], []
    for naam, opties in keuzes.items():
        waarde = (gegevens.get(naam) or "").strip()
        if not waarde:
            continue
        labels = dict(opties)
        if waarde in labels:
            gekozen[naam] = waarde
            delen.append(f"{naam} {labels[waarde]}")
        else:
            genegeerd.append(
                f"Het filter {naam} ‘{waarde[:40]}’ kennen we niet. "
                f"U ziet daarom de cijfers van alle {MEERVOUD[naam]}."
            )
    return gekozen, genegeerd, ", ".join(delen)


def filters_lezen(gegevens) -> Filterkeuze:
    """The filters in a query string. An unknown value is ignored, and said so."""
    keuzes = filter_keuzes()
    gekozen, genegeerd, omschrijving = keuzes_lezen(gegevens, keuzes)
    levensdomein = None
    if "levensdomein" in gekozen:
        levensdomein = Levensdomein.objects.get(slug=gekozen["levensdomein"]).pk
    filters = Filters(
        kern=gekozen.get("kern", ""), levensdomein=levensdomein, kanaal=gekozen.get("kanaal", "")
    )
    return Filterkeuze(filters, gekozen, genegeerd, omschrijving, keuzes)
