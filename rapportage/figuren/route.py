"""The council's steering figure: where the closed questions were answered, in the period
and over time (one table, protected together)."""

from __future__ import annotations

from intake.models import Route

from ..afscherming import Cel, Tabel
from ..cijfers import Afsluiting
from ..perioden import Periode
from .figuur import GEEN, Grafiek, Reeks, Rij, Soort, bekend, procent

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


def figuren(afsluiting: list[Afsluiting], periode: Periode) -> tuple[list, dict]:
    """The two figures for the first of `afsluiting` (the others are compared with), and
    the protected cells the key figures show: closed, and the share answered low-threshold."""
    nu = afsluiting[0]
    emmers = periode.emmers()
    per_emmer = periode.per_emmer(
        {(d, r if r in ROUTES else ""): n for (d, r), n in nu.per_emmer_route.items()}
    )
    per_route = bekend(nu.per_route, ROUTES, "")
    routes = _routes(per_route)
    t = Tabel()
    for e in emmers:
        for r in routes:
            t.cel((e, r), per_emmer.get((e, r), 0))
        t.cel(("emmer", e), sum(per_emmer.get((e, r), 0) for r in routes))
        t.lijn([(e, r) for r in routes], ("emmer", e))
    for r in routes:
        t.cel(("route", r), per_route.get(r, 0))
        t.lijn([(e, r) for e in emmers], ("route", r))
    t.cel("totaal", nu.totaal)
    t.lijn([("emmer", e) for e in emmers], "totaal")
    t.lijn([("route", r) for r in routes], "totaal")
    t.cel("laagdrempelig", laagdrempelig(per_route))
    t.lijn([("route", r) for r in LAAGDREMPELIG], "laagdrempelig")
    t.lijn(["laagdrempelig", *(("route", r) for r in routes if r not in LAAGDREMPELIG)], "totaal")
    c = t.afschermen()
    totaal = c["totaal"]
    vergelijk = [route_reeks(a) for a in afsluiting[1:]]
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
        [Rij(periode.emmer_naam(e), [*(c[e, r] for r in routes), c["emmer", e]]) for e in emmers]
        + [Rij("Totaal", [*(c["route", r] for r in routes), totaal], totaal=True)],
        Grafiek(
            "gestapeld",
            [periode.emmer_naam(e) for e in emmers],
            [Reeks(route_naam(r), [c[e, r] for e in emmers]) for r in routes],
        ),
        routes=[route_naam(r) for r in routes],
    )
    samen = {"afgesloten": totaal, "laagdrempelig%": procent(c["laagdrempelig"], totaal)}
    return [verdeling, tijd], samen


def route_reeks(a: Afsluiting) -> dict:
    """The closed questions of one period per route, with the low-threshold ones and the
    total, protected: what another period is compared with."""
    per_route = bekend(a.per_route, ROUTES, "")
    routes = _routes(per_route)
    t = Tabel()
    for r in routes:
        t.cel(r, per_route.get(r, 0))
    t.cel("totaal", a.totaal)
    t.lijn(routes, "totaal")
    t.cel("laagdrempelig", laagdrempelig(per_route))
    t.lijn(list(LAAGDREMPELIG), "laagdrempelig")
    t.lijn(["laagdrempelig", *(r for r in routes if r not in LAAGDREMPELIG)], "totaal")
    return t.afschermen()
