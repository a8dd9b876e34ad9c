"""The council's steering figure: where the closed questions were answered, in the period
and over time (one table, protected together per month; a longer period shows the sums of
its months, see rapportage.afscherming)."""

from __future__ import annotations

from intake.models import Route

from ..afscherming import Cel, Tabel, per_periode
from ..cijfers import Afsluiting
from ..perioden import Periode
from .figuur import GEEN, Grafiek, Reeks, Rij, Soort, bekend, bouwstenen, per_emmer, procent

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
    """One month's closed questions, protected as one table: per route per day, per day,
    per route, the low-threshold ones and the total."""
    per_dag = {(d, r if r in ROUTES else ""): n for (d, r), n in a.per_emmer_route.items()}
    per_dag_route: dict = {}
    for sleutel, n in per_dag.items():
        per_dag_route[sleutel] = per_dag_route.get(sleutel, 0) + n
    per_route = bekend(a.per_route, ROUTES, "")
    routes = _routes(per_route)
    dagen = maand.emmers()
    t = Tabel()
    for d in dagen:
        for r in routes:
            t.cel((d, r), per_dag_route.get((d, r), 0))
        t.cel(("dag", d), sum(per_dag_route.get((d, r), 0) for r in routes))
        t.lijn([(d, r) for r in routes], ("dag", d))
    for r in routes:
        t.cel(("route", r), per_route.get(r, 0))
        t.lijn([(d, r) for d in dagen], ("route", r))
    t.cel("totaal", a.totaal)
    t.lijn([("dag", d) for d in dagen], "totaal")
    t.lijn([("route", r) for r in routes], "totaal")
    t.cel("laagdrempelig", laagdrempelig(per_route))
    t.lijn([("route", r) for r in LAAGDREMPELIG], "laagdrempelig")
    t.lijn(["laagdrempelig", *(("route", r) for r in routes if r not in LAAGDREMPELIG)], "totaal")
    return t.afschermen()


def route_reeks(maanden: list[Afsluiting], periode: Periode) -> dict:
    """The closed questions of one period per route, with the low-threshold ones and the
    total, protected as the sums of its months: what another period is compared with."""
    c = per_periode(bouwstenen(periode, maanden, atoom))
    uitkomst = {r: c.get(("route", r), Cel(0)) for r in [*ROUTES, ""] if ("route", r) in c}
    return uitkomst | {
        "totaal": c.get("totaal", Cel(0)),
        "laagdrempelig": c.get("laagdrempelig", Cel(0)),
    }


def figuren(maanden: list[list[Afsluiting]], perioden: list[Periode]) -> tuple[list, dict]:
    """The two figures for the first period (the others are compared with; `maanden`: per
    period the counts of each of its months), and the protected cells the key figures show:
    closed, and the share answered low-threshold."""
    periode = perioden[0]
    stenen = bouwstenen(periode, maanden[0], atoom)
    c = per_periode(stenen)
    routes = [*ROUTES, *([""] if ("route", "") in c else [])]
    emmers = periode.emmers()
    per_tijd = {r: per_emmer(periode, stenen, lambda d, r=r: (d, r), ("route", r)) for r in routes}
    per_tijd_totaal = per_emmer(periode, stenen, lambda d: ("dag", d), "totaal")
    totaal = c.get("totaal", Cel(0))
    vergelijk = [route_reeks(m, p) for m, p in zip(maanden[1:], perioden[1:], strict=True)]
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
        [
            Rij(periode.emmer_naam(e), [*(per_tijd[r][e] for r in routes), per_tijd_totaal[e]])
            for e in emmers
        ]
        + [Rij("Totaal", [*(c["route", r] for r in routes), totaal], totaal=True)],
        Grafiek(
            "gestapeld",
            [periode.emmer_naam(e) for e in emmers],
            [Reeks(route_naam(r), [per_tijd[r][e] for e in emmers]) for r in routes],
        ),
        routes=[route_naam(r) for r in routes],
    )
    samen = {"afgesloten": totaal, "laagdrempelig%": procent(c["laagdrempelig"], totaal)}
    return [verdeling, tijd], samen
