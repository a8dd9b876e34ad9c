"""The council's steering figure: where the closed questions were answered, in the period
and over time (one table, protected together per month; a longer period shows the sums of
its months, see rapportage.afscherming)."""

from __future__ import annotations

from intake.models import Route

from ..afscherming import ALLE, Cel, Tabel, kruistabel, per_periode
from ..cijfers import Afsluiting, Filters
from ..perioden import DAG, Periode
from .figuur import (
    GEEN,
    KERNEN,
    Drie,
    Grafiek,
    Reeks,
    Rij,
    Soort,
    bekend,
    bouwstenen,
    per_emmer,
    per_kern_kanaal,
    procent,
)

VERDELING = Soort(
    "route",
    "Routeverdeling: waar de vraag werd beantwoord",
    "Afgesloten hulpvragen per route. Het beleid wil meer in de sociale basis en het "
    "voorliggend veld beantwoorden en minder in maatwerk.",
    ("Route", "Afgesloten", "Aandeel", "Aandeel periode ervoor", "Aandeel een jaar eerder"),
)
TIJD = Soort(
    "route-tijd",
    "Routeverdeling door de tijd",
    "Afgesloten hulpvragen per route, op de dag van afsluiten.",
    ("Periode", "{routes}", "Totaal"),
)
SOORTEN = (VERDELING, TIJD)

ROUTES = list(Route.values)
# What policy wants to grow: answered in the sociale basis or the voorliggend veld.
LAAGDREMPELIG = (Route.SOCIALE_BASIS, Route.VOORLIGGEND_VELD)


def laagdrempelig(per_route: dict[str, int]) -> int:
    return sum(per_route.get(r, 0) for r in LAAGDREMPELIG)


def route_naam(route: str) -> str:
    return Route(route).label if route in ROUTES else "Onbekende route"


def _routes(per_route: dict[str, int]) -> list[str]:
    """The known routes, and "" when a route the application does not know was counted."""
    return [*ROUTES, *([""] if per_route.get("") else [])]


def atoom(a: Afsluiting, maand: Periode) -> dict:
    """One month's closed questions, protected as one table whatever filter a page has: per
    route, the low-threshold ones and the total, each per kern × kanaal with every margin
    (`afscherming.kruistabel`), the routes adding up at every kern and kanaal; and per day
    per route for all. `a`: the month's counts without a kern or kanaal filter (of the
    levensdomein filtered on, if any). `gefilterd` reads a page's cells."""
    per_route_kern_kanaal: dict = {}
    for (r, kern, kanaal), n in a.per_route_kern_kanaal.items():
        r = r if r in ROUTES else ""
        per_route_kern_kanaal.setdefault(r, {})
        per_route_kern_kanaal[r][kern, kanaal] = per_route_kern_kanaal[r].get((kern, kanaal), 0) + n
    routes = _routes(bekend(a.per_route, ROUTES, ""))
    alle: dict = {}
    for aantallen in per_route_kern_kanaal.values():
        for sleutel, n in aantallen.items():
            alle[sleutel] = alle.get(sleutel, 0) + n
    _, kanalen = per_kern_kanaal(alle)
    t = Tabel()
    delen = {r: per_kern_kanaal(per_route_kern_kanaal.get(r, {}))[0] for r in routes}
    for naam, tellingen in [
        *((("route", r), delen[r]) for r in routes),
        ("totaal", per_kern_kanaal(alle)[0]),
        ("laagdrempelig", _som(delen[r] for r in LAAGDREMPELIG)),
    ]:
        kruistabel(t, naam, tellingen, KERNEN, kanalen)
    for kern in [*KERNEN, ALLE]:
        for kanaal in [*kanalen, ALLE]:
            t.lijn([(("route", r), kern, kanaal) for r in routes], ("totaal", kern, kanaal))
            laag = [(("route", r), kern, kanaal) for r in LAAGDREMPELIG]
            t.lijn(laag, ("laagdrempelig", kern, kanaal))
            overig = [(("route", r), kern, kanaal) for r in routes if r not in LAAGDREMPELIG]
            t.lijn([("laagdrempelig", kern, kanaal), *overig], ("totaal", kern, kanaal))
    per_dag: dict = {}
    for (d, r), n in a.per_emmer_route.items():
        sleutel = (d, r if r in ROUTES else "")
        per_dag[sleutel] = per_dag.get(sleutel, 0) + n
    dagen = maand.emmers()
    for d in dagen:
        for r in routes:
            t.cel((d, r), per_dag.get((d, r), 0))
        t.cel(("dag", d), sum(per_dag.get((d, r), 0) for r in routes))
        t.lijn([(d, r) for r in routes], ("dag", d))
    for r in routes:
        t.lijn([(d, r) for d in dagen], (("route", r), ALLE, ALLE))
    t.lijn([("dag", d) for d in dagen], ("totaal", ALLE, ALLE))
    return t.afschermen()


def _som(tabellen) -> dict:
    uitkomst: dict = {}
    for tellingen in tabellen:
        for sleutel, n in tellingen.items():
            uitkomst[sleutel] = uitkomst.get(sleutel, 0) + n
    return uitkomst


def gefilterd(cellen: dict, filters: Filters) -> dict:
    """The cells of one month's table (`atoom`) a page with these filters shows: per route,
    low-threshold and the total; per day per route only without a kern or kanaal filter."""
    kern, kanaal = filters.kern or ALLE, filters.kanaal or ALLE
    uitkomst = {s[0]: c for s, c in cellen.items() if len(s) == 3 and s[1:] == (kern, kanaal)}
    if not (filters.kern or filters.kanaal):
        uitkomst |= {s: c for s, c in cellen.items() if len(s) == 2}
    return uitkomst


def _stenen(maanden: list[Afsluiting], periode: Periode, filters: Filters) -> list[dict]:
    return [gefilterd(c, filters) for c in bouwstenen(periode, maanden, atoom)]


def route_reeks(maanden: list[Afsluiting], periode: Periode, filters: Filters) -> dict:
    """The closed questions of one period per route, with the low-threshold ones and the
    total, protected as the sums of its months: what another period is compared with.
    `maanden`: the counts of each month without a kern or kanaal filter."""
    c = per_periode(_stenen(maanden, periode, filters))
    uitkomst = {r: c.get(("route", r), Cel(0)) for r in [*ROUTES, ""] if ("route", r) in c}
    return uitkomst | {
        "totaal": c.get("totaal", Cel(0)),
        "laagdrempelig": c.get("laagdrempelig", Cel(0)),
    }


def figuren(
    maanden: list[list[Afsluiting]], drie: Drie, filters: Filters
) -> tuple[list, dict, list[dict]]:
    """The two figures for the chosen period, the protected cells the key figures show
    (closed, and the share answered low-threshold), and the period before and a year
    earlier as `route_reeks` (what the chosen one is compared with). `maanden`: per period
    of `drie.uniek` the counts of each of its months without a kern or kanaal filter; each
    is protected once, also when the period before is the year before."""
    periode = drie.uniek[0]
    stenen = _stenen(maanden[0], periode, filters)
    c = per_periode(stenen)
    routes = [*ROUTES, *([""] if ("route", "") in c else [])]
    totaal = c.get("totaal", Cel(0))
    if periode.eenheid == DAG and (filters.kern or filters.kanaal):
        # Per kern or kanaal the days are no cells of the month's table: the month itself.
        emmers = [periode.van]
        per_tijd = {r: {periode.van: c.get(("route", r), Cel(0))} for r in routes}
        per_tijd_totaal = {periode.van: totaal}
        naam = {periode.van: periode.naam}
    else:
        emmers = periode.emmers()
        per_tijd = {
            r: per_emmer(periode, stenen, lambda d, r=r: (d, r), ("route", r)) for r in routes
        }
        per_tijd_totaal = per_emmer(periode, stenen, lambda d: ("dag", d), "totaal")
        naam = {e: periode.emmer_naam(e) for e in emmers}
    vergelijk = drie.eerder(
        route_reeks(m, p, filters) for m, p in zip(maanden[1:], drie.uniek[1:], strict=True)
    )
    rijen = [
        Rij(
            route_naam(r),
            [
                c["route", r],
                procent(c["route", r], totaal),
                *(procent(v.get(r, Cel(0)), v["totaal"]) for v in vergelijk),
            ],
        )
        for r in routes
    ]
    rijen.append(
        Rij(
            "Waarvan sociale basis en voorliggend veld samen",
            [
                c["laagdrempelig"],
                procent(c["laagdrempelig"], totaal),
                *(procent(v["laagdrempelig"], v["totaal"]) for v in vergelijk),
            ],
        )
    )
    rijen.append(Rij("Totaal afgesloten", [totaal, procent(totaal, totaal), GEEN, GEEN], True))
    verdeling = VERDELING.figuur(
        rijen,
        Grafiek(
            "staven",
            [route_naam(r) for r in routes],
            [Reeks("Aandeel", [procent(c["route", r], totaal) for r in routes])],
            maximum=100,
            eenheid="%",
        ),
    )
    tijd = TIJD.figuur(
        [Rij(naam[e], [*(per_tijd[r][e] for r in routes), per_tijd_totaal[e]]) for e in emmers]
        + [Rij("Totaal", [*(c["route", r] for r in routes), totaal], totaal=True)],
        Grafiek(
            "gestapeld",
            [naam[e] for e in emmers],
            [Reeks(route_naam(r), [per_tijd[r][e] for e in emmers]) for r in routes],
        ),
        routes=[route_naam(r) for r in routes],
    )
    samen = {"afgesloten": totaal, "laagdrempelig%": procent(c["laagdrempelig"], totaal)}
    return [verdeling, tijd], samen, vergelijk
