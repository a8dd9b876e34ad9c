"""The large export: every month of a year, for every filter value, the key figures.

One row per filter value per month. The kernen together make up "alle" (with the questions
whose kern is unknown), and so do the kanalen: a month's small count for one kern could
be found again by subtracting the other kernen from "alle". So per month every count
column is protected over those lines too, with the same rule as the page (afscherming).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from intake.models import Kanaal, Route
from locaties.models import Kern
from locaties.openingstijden import MAANDEN
from sociale_kaart.models import Levensdomein

from . import cijfers, maandcijfers
from .afscherming import ALLE, Cel, Tabel, genoeg
from .cijfers import Filters
from .exports import LEGENDA, Werkmap
from .figuren import afspraken, instroom, kerncijfers, route, tevredenheid
from .figuren.figuur import GEEN, SCORE, Waarde, dagen, procent
from .maandcijfers import Periodecijfers
from .perioden import MAAND, Periode, periode_voor, tot_vandaag


@dataclass
class Stap:
    soort: str  # "Alle", "Kern", "Levensdomein", "Kanaal"
    waarde: str  # the label of the value
    filters: Filters


def stappen() -> list[Stap]:
    """Every filter value: all figures, then per kern, levensdomein and kanaal."""
    lijst = [Stap("Alle", "", Filters())]
    lijst += [Stap("Kern", label, Filters(kern=k)) for k, label in Kern.choices]
    lijst += [
        Stap("Levensdomein", naam, Filters(levensdomein=pk))
        for pk, naam in Levensdomein.objects.order_by("volgorde", "naam").values_list("pk", "naam")
    ]
    lijst += [Stap("Kanaal", label, Filters(kanaal=k)) for k, label in Kanaal.choices]
    return lijst


def maanden(jaar: int, vandaag: date) -> list:
    """The months of `jaar` up to today; the running month ends today."""
    return [
        tot_vandaag(periode_voor(MAAND, date(jaar, maand, 1)), vandaag)
        for maand in range(1, 13)
        if date(jaar, maand, 1) <= vandaag
    ]


# The counts of a row; "rest" cells are never shown but follow from shown ones.
TELLINGEN = [
    "binnengekomen",
    "afgesloten",
    *Route.values,
    "laagdrempelig",
    "verstuurd",
    "geaccepteerd",
    "afgewezen",
    "verlopen",
    "afspraken",
    "op tijd",
    "openingen",
    "op sterkte",
    "reacties",
]
# The counts read from the dashboard's own tables of the month (whatever the filter).
VAN_DASHBOARD = {
    "binnengekomen",
    "afgesloten",
    *Route.values,
    "andere route",
    "laagdrempelig",
    "afspraken",
    "op tijd",
}
DELEN = [  # (part, whole): the rest is protected with them
    ("laagdrempelig", "afgesloten"),
    ("geaccepteerd", "verstuurd"),
    ("afgewezen", "verstuurd"),
    ("verlopen", "verstuurd"),
    ("op tijd", "afspraken"),
    ("op sterkte", "openingen"),
]


@dataclass
class Rij:
    stap: Stap
    maand: int
    tellingen: dict[str, int | None] = field(default_factory=dict)  # None: does not apply
    waarden: dict[str, Waarde] = field(default_factory=dict)
    # The counts of the month without a kern or kanaal filter: of "Alle" and each
    # levensdomein only (what the dashboard's tables of the month are made of).
    geteld: Periodecijfers | None = None


def rijen_berekenen(stap: Stap, perioden: list, vandaag: date) -> list[Rij]:
    """The raw figures of one filter value for each month."""
    f = stap.filters
    geteld = maandcijfers.periodecijfers(perioden, f, vandaag)
    bezetting = cijfers.bezetting(perioden, f) if not f.levensdomein else None
    tevreden = cijfers.tevredenheid(perioden, f) if not (f.kern or f.levensdomein) else None
    rijen = []
    for p, periode in enumerate(perioden):
        g = geteld[p]
        a, v = g.afsluiting, g.verwijzingen.totaal
        t = {
            "binnengekomen": g.instroom.totaal,
            "afgesloten": a.totaal,
            **{r: a.per_route.get(r, 0) for r in Route.values},
            # A route the application does not know (written to the database by hand).
            "andere route": a.totaal - sum(a.per_route.get(r, 0) for r in Route.values),
            "laagdrempelig": route.laagdrempelig(a.per_route),
            "verstuurd": v.verstuurd,
            "geaccepteerd": v.geaccepteerd,
            "afgewezen": v.afgewezen,
            "verlopen": v.verlopen,
            "afspraken": g.afspraken.beoordeeld,
            "op tijd": g.afspraken.op_tijd,
            "openingen": bezetting[p].openingen if bezetting else None,
            "op sterkte": bezetting[p].op_sterkte if bezetting else None,
            "reacties": tevreden[p].totaal.aantal if tevreden else None,
        }
        w = {
            "contact": dagen(g.contact),
            "afsluiten": dagen(a.werkdagen),
            "afsluiten90": dagen(a.werkdagen, 0.9),
            "accepteren": dagen(v.werkdagen),
        }
        for vraag in tevredenheid.VRAGEN:
            scores = tevreden[p].totaal if tevreden else None
            w[vraag] = Waarde(
                scores.gemiddelde(vraag) if scores and genoeg(scores.aantal) else None, SCORE
            )
        laag = g if stap.soort in ("Alle", "Levensdomein") else None
        rijen.append(Rij(stap, periode.van.month, t, w, laag))
    return rijen


def afschermen(rijen: list[Rij], maand: Periode) -> dict:
    """Protect every count of every row of one month, over the lines between them. The
    questions that came in, those closed and the commitments kept are the very cells of the
    month's tables the dashboard shows under each filter (figuren.instroom, .route,
    .afspraken), not protected here a second way."""
    alle_rij = next(r for r in rijen if r.stap.soort == "Alle")
    ingekomen = instroom.atoom(alle_rij.geteld.instroom, maand)

    def tabellen(g: Periodecijfers) -> tuple[dict, dict]:
        return route.atoom(g.afsluiting, maand), afspraken.atoom(g.afspraken, maand)

    per_laag = {None: tabellen(alle_rij.geteld)}
    tabel = Tabel()
    for i, rij in enumerate(rijen):
        t = rij.tellingen
        if rij.stap.soort == "Levensdomein":
            per_laag[i] = tabellen(rij.geteld)
        for k, n in t.items():
            if n is not None and k not in VAN_DASHBOARD:
                tabel.cel((i, k), n)
        for deel, geheel in DELEN:
            if deel in VAN_DASHBOARD:
                continue
            if t[deel] is not None:
                tabel.cel((i, f"rest {deel}"), t[geheel] - t[deel])
                tabel.lijn([(i, deel), (i, f"rest {deel}")], (i, geheel))
    # Across filter values: the kernen (and the unknown kern) add up to "alle", and so do
    # the kanalen.
    alle = next(i for i, rij in enumerate(rijen) if rij.stap.soort == "Alle")
    for soort in ("Kern", "Kanaal"):
        leden = [i for i, rij in enumerate(rijen) if rij.stap.soort == soort]
        for k in (k for k in TELLINGEN if k not in VAN_DASHBOARD):
            if rijen[alle].tellingen[k] is None or any(
                rijen[i].tellingen[k] is None for i in leden
            ):
                continue
            rest = rijen[alle].tellingen[k] - sum(rijen[i].tellingen[k] for i in leden)
            if rest < 0:  # cannot happen for a partition; never guess
                continue
            tabel.cel((soort, "rest", k), rest)
            tabel.lijn([*((i, k) for i in leden), (soort, "rest", k)], (alle, k))
    cellen = tabel.afschermen()
    for i, rij in enumerate(rijen):
        f = rij.stap.filters
        cellen[i, "binnengekomen"] = instroom.gefilterd(ingekomen, f)["totaal"]
        gesloten, toegezegd = per_laag[i if f.levensdomein else None]
        r = route.gefilterd(gesloten, f)
        cellen[i, "afgesloten"] = r.get("totaal", Cel(0))
        cellen[i, "laagdrempelig"] = r.get("laagdrempelig", Cel(0))
        for naam in Route.values:
            cellen[i, naam] = r.get(("route", naam), Cel(0))
        plek = (f.kern or ALLE, f.kanaal or ALLE)
        cellen[i, "afspraken"] = toegezegd.get(("beoordeeld", *plek), Cel(0))
        cellen[i, "op tijd"] = toegezegd.get(("op tijd", *plek), Cel(0))
    return cellen


KOLOMMEN = [
    "Filter",
    "Waarde",
    "Maand",
    kerncijfers.TITELS["binnengekomen"],
    kerncijfers.TITELS["afgesloten"],
    *(f"Afgesloten: {label}" for label in Route.labels),
    "Sociale basis en voorliggend veld (%)",
    "Werkdagen tot eerste contact (mediaan)",
    "Werkdagen tot afsluiten (mediaan)",
    "Werkdagen tot afsluiten (90% binnen)",
    kerncijfers.TITELS["verstuurd"],
    "Geaccepteerd (%)",
    "Afgewezen (%)",
    "Verlopen",
    "Werkdagen tot accepteren (mediaan)",
    "Afspraken met uiterste datum voorbij",
    "Op tijd nagekomen (%)",
    "Openingen",
    "Met genoeg bezetting (%)",
    "Reacties",
    *(f"{naam} (1-5)" for naam in tevredenheid.VRAGEN.values()),
]


def _regel(rij: Rij, i: int, c: dict) -> list:
    def n(k):
        return c[i, k] if rij.tellingen.get(k) is not None else GEEN

    def pct(deel, geheel):
        if rij.tellingen.get(geheel) is None:
            return GEEN
        return procent(c[i, deel], c[i, geheel])

    w = rij.waarden
    return [
        rij.stap.soort,
        rij.stap.waarde or "Alle hulpvragen",
        MAANDEN[rij.maand - 1],
        n("binnengekomen"),
        n("afgesloten"),
        *(n(r) for r in Route.values),
        pct("laagdrempelig", "afgesloten"),
        w["contact"],
        w["afsluiten"],
        w["afsluiten90"],
        n("verstuurd"),
        pct("geaccepteerd", "verstuurd"),
        pct("afgewezen", "verstuurd"),
        n("verlopen"),
        w["accepteren"],
        n("afspraken"),
        pct("op tijd", "afspraken"),
        n("openingen"),
        pct("op sterkte", "openingen"),
        n("reacties"),
        *(w[vraag] for vraag in tevredenheid.VRAGEN),
    ]


def maken(*, jaar: int, vandaag: date, voortgang: Callable[[int, int], None]) -> bytes:
    """The year overview as XLSX; `voortgang(done, total)` is called after every step."""
    lijst = stappen()
    perioden = maanden(jaar, vandaag)
    voortgang(0, len(lijst) + 1)
    per_stap = []
    for n, stap in enumerate(lijst, start=1):
        per_stap.append(rijen_berekenen(stap, perioden, vandaag))
        voortgang(n, len(lijst) + 1)
    regels = []
    for m in range(len(perioden)):
        maand = [rijen[m] for rijen in per_stap]
        cellen = afschermen(maand, perioden[m])
        regels += [(rij, i, cellen) for i, rij in enumerate(maand)]
    # Sorted as people read it: per filter value, January to December.
    regels.sort(key=lambda r: (lijst.index(r[0].stap), r[0].maand))
    werkmap = Werkmap()
    werkmap.blad(
        f"Jaaroverzicht {jaar}",
        f"Jaaroverzicht {jaar}: cijfers per maand, voor alle filters",
        [
            f"Gemaakt op {vandaag:%d-%m-%Y}; de lopende maand tot en met vandaag.",
            "Afgesloten, doorlooptijden en routes: wat in die maand gebeurde. Doorverwijzingen: "
            "die in die maand zijn verstuurd. Feedback is anoniem: per kern of levensdomein "
            "bestaat die niet. De bezetting hoort bij een locatie, niet bij een levensdomein.",
        ],
        KOLOMMEN,
        (_regel(rij, i, cellen) for rij, i, cellen in regels),
    )
    werkmap.uitleg(LEGENDA)
    inhoud = werkmap.bytes()
    voortgang(len(lijst) + 1, len(lijst) + 1)
    return inhoud
