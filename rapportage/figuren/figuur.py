"""What a figure is: its definition (name, title, explanation, column headers), the table
it shows, the chart above it, and the values in its cells that are not counts."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from intake.models import Kanaal
from locaties.models import Kern

from ..afscherming import (
    ALLE,
    Cel,
    Tabel,
    aandeel,
    genoeg,
    kruistabel,
    per_periode,
    samenvoegen,
)
from ..cijfers import Filters, Scores, Verdeling
from ..perioden import DAG, Periode

PROCENT, DAGEN, SCORE = "procent", "dagen", "score"
GEEN = "–"  # not shown: too few to show, or does not apply


def _komma(getal: float) -> str:
    return f"{getal:.1f}".replace(".", ",").removesuffix(",0")


@dataclass(frozen=True)
class Waarde:
    """A figure that is not a count: a percentage, a number of working days, a score."""

    getal: float | None
    soort: str

    @property
    def tekst(self) -> str:
        if self.getal is None:
            return GEEN
        if self.soort == PROCENT:
            return f"{round(self.getal)}%"
        return _komma(self.getal)

    def __str__(self):
        return self.tekst

    @property
    def exportwaarde(self) -> float | str:
        return GEEN if self.getal is None else round(self.getal, 1)


def procent(deel: Cel, geheel: Cel) -> Waarde:
    return Waarde(aandeel(deel, geheel), PROCENT)


def dagen(verdeling: Verdeling, fractie: float = 0.5) -> Waarde:
    """A median (or other percentile) of working days, only over enough cases."""
    if not genoeg(verdeling.n):
        return Waarde(None, DAGEN)
    return Waarde(verdeling.percentiel(fractie), DAGEN)


def gemiddelde(scores: Scores, vraag: str) -> Waarde:
    if not genoeg(scores.aantal):
        return Waarde(None, SCORE)
    return Waarde(scores.gemiddelde(vraag), SCORE)


Bouwsteen = Mapping[Hashable, Cel]


def bouwstenen(periode: Periode, maanden: Sequence, atoom: Callable) -> list[Bouwsteen]:
    """The protected cells of each month of `periode` (`maanden`: the counts of each month,
    in order), by `atoom(counts, month)`: each month's own table, protected the same way
    whatever period it is part of (see rapportage.afscherming)."""
    return [
        atoom(cijfers, maand) for cijfers, maand in zip(maanden, periode.maanden(), strict=True)
    ]


def per_emmer(
    periode: Periode, stenen: Sequence[Bouwsteen], dag: Callable[[date], Hashable], maand: Hashable
) -> dict[date, Cel]:
    """A chart's cell per bucket: a month shows its days (cells `dag(d)` of its own table),
    a longer period its months or quarters, each the sum of its months' cell `maand`."""
    if periode.eenheid == DAG:
        samen = per_periode(stenen)
        return {d: samen.get(dag(d), Cel(0)) for d in periode.emmers()}
    groepen: dict[date, list[Cel]] = {}
    for m, steen in zip(periode.maanden(), stenen, strict=True):
        groepen.setdefault(periode.emmer_van(m.van), []).append(steen.get(maand, Cel(0)))
    return {e: samenvoegen(groepen.get(e, [])) for e in periode.emmers()}


# The kernen of a table per kern: "" for not asked or not said. The kanalen known. (Once
# each: `Kanaal.values` builds its list anew, and a month's table asked it per count: a
# tenth of the dashboard's time at region size.)
KERNEN = [*Kern.values, ""]
KANALEN = list(Kanaal.values)


def per_kern_kanaal(aantallen: Mapping[tuple[str, str], int]) -> tuple[dict, list[str]]:
    """Counts per (kern, kanaal) under the known values ("" for any other, written to the
    database by hand, say), and the kanalen of the table: the known ones, and "" when
    another was counted. What `afscherming.kruistabel` takes."""
    uitkomst: dict = {}
    for (kern, kanaal), n in aantallen.items():
        sleutel = (kern if kern in KERNEN else "", kanaal if kanaal in KANALEN else "")
        uitkomst[sleutel] = uitkomst.get(sleutel, 0) + n
    kanalen = [*KANALEN, *([""] if any(k == "" for _, k in uitkomst) else [])]
    return uitkomst, kanalen


def kern_kanaal_tabel(
    tellingen: Mapping[Hashable, Mapping[tuple[str, str], int]],
    lijnen: Sequence[tuple[Sequence[Hashable], Hashable]] = (),
    marge: Mapping[Hashable, int] | None = None,
    marge_lijnen: Sequence[tuple[Sequence[Hashable], Hashable]] = (),
) -> dict:
    """One month's counts of a figure, protected as one table whatever filter a page has
    (issue 15, item 6): per name (`tellingen`: counted per (kern, kanaal) WITHOUT a kern or
    kanaal filter) a table kern × kanaal with every margin (`afscherming.kruistabel`), and
    each of `lijnen` ((parts, total) by name: kept on time + the rest = all due) for every
    kern, kanaal and margin, so a part that follows from the others is protected too. A page
    reads its cell with `lezen`.

    `marge`: counts a page shows only without a kern or kanaal filter (the referrals per
    receiver: per kern × kanaal nearly every one of them would be small), by name, as the
    cells (name, ALLE, ALLE); `marge_lijnen` ((parts, total) by name) tie them to each other
    and to the names of the table, at (ALLE, ALLE)."""
    per_naam = {naam: per_kern_kanaal(aantallen)[0] for naam, aantallen in tellingen.items()}
    anders = any(k == "" for aantallen in per_naam.values() for _, k in aantallen)
    kanalen = [*KANALEN, *([""] if anders else [])]
    t = Tabel()
    for naam, aantallen in per_naam.items():
        kruistabel(t, naam, aantallen, KERNEN, kanalen)
    for kern in [*KERNEN, ALLE]:
        for kanaal in [*kanalen, ALLE]:
            for delen, totaal in lijnen:
                t.lijn([(d, kern, kanaal) for d in delen], (totaal, kern, kanaal))
    for naam, aantal in (marge or {}).items():
        t.cel((naam, ALLE, ALLE), aantal)
    for delen, totaal in marge_lijnen:
        t.lijn([(d, ALLE, ALLE) for d in delen], (totaal, ALLE, ALLE))
    return t.afschermen()


def lezen(stenen: Sequence[Bouwsteen], namen: Iterable[str], filters: Filters) -> dict:
    """The cells a page under `filters` shows of a period: per name the cell of its kern and
    kanaal (ALLE for no filter) in each month's `kern_kanaal_tabel`, added up over the
    months (`afscherming.per_periode`)."""
    plek = (filters.kern or ALLE, filters.kanaal or ALLE)
    namen = list(namen)
    return per_periode([{n: steen.get((n, *plek), Cel(0)) for n in namen} for steen in stenen])


def bekend(aantallen: Mapping, bekende: Iterable, anders) -> dict:
    """Counts under the known values; anything else (written to the database by hand, say)
    under `anders`, so a table still adds up."""
    bekende = set(bekende)
    uitkomst: dict = {}
    for sleutel, aantal in aantallen.items():
        sleutel = sleutel if sleutel in bekende else anders
        uitkomst[sleutel] = uitkomst.get(sleutel, 0) + aantal
    return uitkomst


@dataclass
class Rij:
    label: str
    cellen: list
    totaal: bool = False


@dataclass
class Reeks:
    naam: str
    waarden: list


@dataclass
class Grafiek:
    """What a chart shows. `soort`: "staven" (horizontal bars per label), "kolommen" (vertical
    bars over time), "gestapeld" (stacked vertical bars over time)."""

    soort: str
    labels: list[str]
    reeksen: list[Reeks]
    maximum: float | None = None
    eenheid: str = ""


@dataclass
class Figuur:
    """One figure as the page and the exports show it: a table, maybe a chart."""

    sleutel: str
    titel: str
    uitleg: str
    kolommen: list[str]
    rijen: list[Rij]
    grafiek: Grafiek | None = None
    opmerking: str = ""


@dataclass(frozen=True)
class Soort:
    """A figure, written once: its name (the anchor on the page and the name of its table
    exports), its title, what it explains and its column headers.

    Title and headers may hold `{name}` fields, filled in by `figuur(**woorden)`: the unit
    of a chart over time, the names of the periods. A header that is nothing but the field
    of a list (`"{routes}"`) stands for one column per item."""

    sleutel: str
    titel: str
    uitleg: str
    kolommen: tuple[str, ...]

    def figuur(
        self, rijen: list[Rij], grafiek: Grafiek | None = None, opmerking: str = "", **woorden
    ) -> Figuur:
        kolommen = []
        for kolom in self.kolommen:
            veld = woorden.get(kolom[1:-1]) if kolom[:1] + kolom[-1:] == "{}" else None
            if isinstance(veld, list):
                kolommen += veld
            else:
                kolommen.append(kolom.format(**woorden))
        return Figuur(
            self.sleutel,
            self.titel.format(**woorden),
            self.uitleg,
            kolommen,
            rijen,
            grafiek,
            opmerking,
        )


class Drie:
    """The chosen period, the one before and the same one a year earlier, each computed once
    (for a whole year the period before is last year)."""

    def __init__(self, periode: Periode):
        self.perioden = [periode, periode.vorige(), periode.vorig_jaar()]
        self.uniek: list[Periode] = []
        self.index = []
        for p in self.perioden:
            sleutel = [(u.van, u.tot) for u in self.uniek]
            if (p.van, p.tot) in sleutel:
                self.index.append(sleutel.index((p.van, p.tot)))
            else:
                self.index.append(len(self.uniek))
                self.uniek.append(p)

    def drie(self, uitkomst: list) -> list:
        """Per unique period → per chosen, previous, last-year period."""
        return [uitkomst[i] for i in self.index]

    def eerder(self, uitkomst: Iterable) -> list:
        """Per other unique period (`uniek[1:]`) → per previous and last-year period (what
        the chosen one is compared with)."""
        return self.drie([None, *uitkomst])[1:]
