"""Report periods: a month, quarter, year or a chosen span of whole months, and what to
compare with.

Every period is made of whole calendar months, and every count a report shows for it is
the sum of the counts of its months, each month protected once by the small-numbers rule
(rapportage.afscherming, "bouwstenen"): so no two periods, however they overlap, differ by
less than a month, and what one period shows can be worked out from its months, which
every other period shows alike. (A week or a chosen day would be a sliver: the difference
of two periods that a report would show exactly.)

A period that is still running ends today: "december 2026" on 1 December holds one day.
It is compared with the whole period before and the whole same period a year earlier:
part of a month would be a sliver again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from locaties.openingstijden import MAANDEN, TZ

MAAND, KWARTAAL, JAAR, AANGEPAST = "maand", "kwartaal", "jaar", "aangepast"
SOORTEN = [
    (MAAND, "Maand"),
    (KWARTAAL, "Kwartaal"),
    (JAAR, "Jaar"),
    (AANGEPAST, "Zelf kiezen"),
]
# The first day with figures (and of the working-day calendar, rapportage.Werkdagkalender).
EERSTE_DAG = date(2000, 1, 1)
MAXIMAAL_JAREN = 5
MAAND_KORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

# Chart buckets: the unit of PostgreSQL's date_trunc, by the length of the period. A month
# shows its days, a longer period its months (more than three years: its quarters).
DAG, MAANDEMMER, KWARTAALEMMER = "day", "month", "quarter"


def een_jaar_eerder(dag: date) -> date:
    try:
        return dag.replace(year=dag.year - 1)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - 1, day=28)


def _maand_begin(dag: date) -> date:
    return dag.replace(day=1)


def maanden_later(dag: date, maanden: int) -> date:
    """The first of the month `maanden` months after the month of `dag` (before: negative)."""
    jaar, maand = divmod(dag.year * 12 + dag.month - 1 + maanden, 12)
    return date(jaar, maand + 1, 1)


def maand_einde(dag: date) -> date:
    return _maand_einde(dag)


def _maand_einde(dag: date) -> date:
    volgende = (dag.replace(day=28) + timedelta(days=4)).replace(day=1)
    return volgende - timedelta(days=1)


def _kwartaal_begin(dag: date) -> date:
    return date(dag.year, 3 * ((dag.month - 1) // 3) + 1, 1)


@dataclass(frozen=True)
class Periode:
    """From `van` up to and including `tot`; `soort` says how it was chosen."""

    soort: str
    van: date
    tot: date
    # The end of the whole unit when `tot` was cut off at today (a running month).
    volledig_tot: date | None = None

    def __post_init__(self):
        if self.tot < self.van:
            raise ValueError("Een periode eindigt niet vóór haar begin.")

    @property
    def hele_maanden(self) -> bool:
        """Whether this is a report period: whole months (the last may be running). (The
        fact table also counts loose stretches of days; those are no report periods.)"""
        eind = self.volledig_tot or self.tot
        return self.van.day == 1 and eind == _maand_einde(eind)

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1

    @property
    def lopend(self) -> bool:
        return self.volledig_tot is not None and self.volledig_tot > self.tot

    def grenzen(self) -> tuple[datetime, datetime]:
        """Local midnight at the start, and at the end (exclusive), as aware datetimes."""
        return (
            datetime.combine(self.van, time(), TZ),
            datetime.combine(self.tot + timedelta(days=1), time(), TZ),
        )

    @property
    def naam(self) -> str:
        if self.soort == MAAND:
            naam = f"{MAANDEN[self.van.month - 1]} {self.van.year}"
        elif self.soort == KWARTAAL:
            naam = f"{(self.van.month - 1) // 3 + 1}e kwartaal {self.van.year}"
        elif self.soort == JAAR:
            naam = str(self.van.year)
        else:
            eerste = f"{MAANDEN[self.van.month - 1]} {self.van.year}"
            laatste = f"{MAANDEN[self.tot.month - 1]} {self.tot.year}"
            naam = eerste if eerste == laatste else f"{eerste} t/m {laatste}"
        if self.lopend:
            naam += f" (t/m {datum_kort(self.tot)})"
        return naam

    def maanden(self) -> list[Periode]:
        """The months this period is made of, each as the month's own report has it (the
        running one up to today): the building blocks every count is the sum of."""
        uitkomst = []
        dag = self.van
        while dag <= self.tot:
            maand = Periode(MAAND, dag, _maand_einde(dag))
            uitkomst.append(tot_vandaag(maand, self.tot) if maand.tot > self.tot else maand)
            dag = maand.tot + timedelta(days=1)
        return uitkomst

    @property
    def eenheid(self) -> str:
        """How the charts over time group the days of this period."""
        maanden = (self.tot.year - self.van.year) * 12 + self.tot.month - self.van.month + 1
        if maanden == 1:
            return DAG
        if maanden <= 36:
            return MAANDEMMER
        return KWARTAALEMMER

    def emmers(self) -> list[date]:
        """The first day of every chart bucket that overlaps this period."""
        eenheid = self.eenheid
        if eenheid == DAG:
            return [self.van + timedelta(days=n) for n in range(self.dagen)]
        if eenheid == MAANDEMMER:
            dag = _maand_begin(self.van)
            stap = lambda d: _maand_einde(d) + timedelta(days=1)  # noqa: E731
        else:
            dag = _kwartaal_begin(self.van)
            stap = lambda d: date(d.year + (d.month > 9), (d.month + 2) % 12 + 1, 1)  # noqa: E731
        emmers = []
        while dag <= self.tot:
            emmers.append(dag)
            dag = stap(dag)
        return emmers

    def emmer_van(self, dag: date) -> date:
        """The first day of the chart bucket `dag` falls in."""
        eenheid = self.eenheid
        if eenheid == DAG:
            return dag
        if eenheid == MAANDEMMER:
            return _maand_begin(dag)
        return _kwartaal_begin(dag)

    def per_emmer(self, per_dag: dict) -> dict:
        """Counts per day (or per (day, something)) added up per chart bucket."""
        uitkomst: dict = {}
        for sleutel, aantal in per_dag.items():
            if isinstance(sleutel, tuple):
                emmer = (self.emmer_van(sleutel[0]), *sleutel[1:])
            else:
                emmer = self.emmer_van(sleutel)
            uitkomst[emmer] = uitkomst.get(emmer, 0) + aantal
        return uitkomst

    def emmer_naam(self, dag: date) -> str:
        eenheid = self.eenheid
        if eenheid == DAG:
            return datum_kort(dag, jaar=False)
        if eenheid == MAANDEMMER:
            naam = MAAND_KORT[dag.month - 1]
            return naam if self.van.year == self.tot.year else f"{naam} {dag.year}"
        return f"K{(dag.month - 1) // 3 + 1} {dag.year}"

    def vorige(self) -> Periode:
        """The whole period before (for a chosen span: as many months before). A running
        period is compared with the whole one before too: a part of a month is no building
        block (see the module's docstring); its name says it is whole."""
        if self.soort == AANGEPAST:
            aantal = len(self.maanden())
            van = maanden_later(self.van, -aantal)
            return Periode(AANGEPAST, van, self.van - timedelta(days=1))
        return periode_voor(self.soort, self.van - timedelta(days=1))

    def vorig_jaar(self) -> Periode:
        """The same whole months a year earlier."""
        eind = self.volledig_tot or self.tot
        return Periode(self.soort, een_jaar_eerder(self.van), _maand_einde(een_jaar_eerder(eind)))

    def verschoven(self, richting: int) -> Periode | None:
        """The whole unit before (-1) or after (+1), for the arrows; None for a custom span."""
        if self.soort == AANGEPAST:
            return None
        eind = self.volledig_tot or self.tot
        dag = self.van - timedelta(days=1) if richting < 0 else eind + timedelta(days=1)
        return periode_voor(self.soort, dag)


def periode_voor(soort: str, dag: date) -> Periode:
    """The whole month, quarter or year around `dag`."""
    if soort == MAAND:
        return Periode(MAAND, _maand_begin(dag), _maand_einde(dag))
    if soort == KWARTAAL:
        van = _kwartaal_begin(dag)
        return Periode(KWARTAAL, van, _maand_einde(date(van.year, van.month + 2, 1)))
    if soort == JAAR:
        return Periode(JAAR, date(dag.year, 1, 1), date(dag.year, 12, 31))
    raise ValueError(f"Onbekende soort periode: {soort}")


def tot_vandaag(periode: Periode, vandaag: date) -> Periode:
    """A period that runs past today ends today (and remembers its full end)."""
    if periode.tot <= vandaag:
        return periode
    return replace(periode, tot=vandaag, volledig_tot=periode.tot)


def datum_kort(dag: date, jaar: bool = True) -> str:
    tekst = f"{dag.day} {MAANDEN[dag.month - 1]}"
    return f"{tekst} {dag.year}" if jaar else tekst
