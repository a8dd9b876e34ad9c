"""The large export: every month of a year, for every filter value, the key figures.

One row per filter value per month. The kernen together make up "alle" (with the questions
whose kern is unknown), and so do the kanalen: a month's small count for one kern could
be found again by subtracting the other kernen from "alle". So every count here is the very
cell of the month's table the dashboard shows under that filter (rapportage.figuren: per
kern × kanaal with every margin, per levensdomein; the openings per location, the reactions
per kanaal), protected once with the same rule (afscherming): no page, filter or export can
undo another.
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
from .afscherming import ALLE, Cel, genoeg
from .cijfers import Bezetting, Filters, Tevredenheid
from .exports import LEGENDA, Werkmap
from .figuren import (
    afspraken,
    bezetting,
    doorverwijzingen,
    instroom,
    kerncijfers,
    route,
    tevredenheid,
)
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


@dataclass
class Rij:
    stap: Stap
    maand: int
    # The count columns that apply to the filter value (feedback has no kern or levensdomein,
    # staffing no levensdomein).
    tellingen: set[str] = field(default_factory=set)
    waarden: dict[str, Waarde] = field(default_factory=dict)
    # The counts of the month without a kern or kanaal filter, and its reasons of declining:
    # of "Alle" and each levensdomein only (what the dashboard's tables of the month are
    # made of); of "Alle" also the openings of every location and the reactions of every
    # kanaal.
    geteld: Periodecijfers | None = None
    redenen: dict | None = None
    bezet: Bezetting | None = None
    reacties: Tevredenheid | None = None


# The count columns, and those that do not apply to every filter value.
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
BEZETTING = {"openingen", "op sterkte"}
# What became of the referrals is not shown per kern or kanaal (figuren.doorverwijzingen).
UITKOMSTEN = {"geaccepteerd", "afgewezen", "verlopen"}


def rijen_berekenen(stap: Stap, perioden: list, vandaag: date) -> list[Rij]:
    """The raw figures of one filter value for each month."""
    f = stap.filters
    geteld = maandcijfers.periodecijfers(perioden, f, vandaag)
    laag = stap.soort in ("Alle", "Levensdomein")
    redenen = cijfers.redenen(perioden, f) if laag else None
    alle = stap.soort == "Alle"
    bezet = cijfers.bezetting(perioden, f) if alle else None
    tevreden = cijfers.tevredenheid(perioden, f) if stap.soort in ("Alle", "Kanaal") else None
    tellingen = set(TELLINGEN)
    if f.levensdomein:
        tellingen -= BEZETTING
    if f.kern or f.levensdomein:
        tellingen -= {"reacties"}
    if f.kern or f.kanaal:
        tellingen -= UITKOMSTEN
    rijen = []
    for p, periode in enumerate(perioden):
        g = geteld[p]
        a, v = g.afsluiting, g.verwijzingen.totaal
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
        rijen.append(
            Rij(
                stap,
                periode.van.month,
                tellingen,
                w,
                g if laag else None,
                redenen[p] if laag else None,
                bezet[p] if alle else None,
                tevreden[p] if alle else None,
            )
        )
    return rijen


def afschermen(rijen: list[Rij], maand: Periode) -> dict:
    """The protected counts of every row of one month: the very cells of the month's tables
    the dashboard shows under each filter (figuren.instroom, .route, .afspraken,
    .doorverwijzingen, .bezetting, .tevredenheid), not protected here a second way."""
    alle_rij = next(r for r in rijen if r.stap.soort == "Alle")
    ingekomen = instroom.atoom(alle_rij.geteld.instroom, maand)
    openingen = alle_rij.bezet
    reacties = tevredenheid.atoom(alle_rij.reacties)

    def tabellen(rij: Rij) -> tuple[dict, dict, dict]:
        g = rij.geteld
        return (
            route.atoom(g.afsluiting, maand),
            afspraken.atoom(g.afspraken, maand),
            doorverwijzingen.atoom((g.verwijzingen, rij.redenen)),
        )

    per_laag = {None: tabellen(alle_rij)}
    cellen = {}
    for i, rij in enumerate(rijen):
        f = rij.stap.filters
        if f.levensdomein:
            per_laag[i] = tabellen(rij)
        cellen[i, "binnengekomen"] = instroom.gefilterd(ingekomen, f)["totaal"]
        gesloten, toegezegd, verwezen = per_laag[i if f.levensdomein else None]
        r = route.gefilterd(gesloten, f)
        cellen[i, "afgesloten"] = r.get("totaal", Cel(0))
        cellen[i, "laagdrempelig"] = r.get("laagdrempelig", Cel(0))
        for naam in Route.values:
            cellen[i, naam] = r.get(("route", naam), Cel(0))
        plek = (f.kern or ALLE, f.kanaal or ALLE)
        cellen[i, "afspraken"] = toegezegd.get(("beoordeeld", *plek), Cel(0))
        cellen[i, "op tijd"] = toegezegd.get(("op tijd", *plek), Cel(0))
        v = doorverwijzingen.samen([verwezen], f)
        for k in doorverwijzingen.KOLOMMEN:
            if k in rij.tellingen:
                cellen[i, k] = v[doorverwijzingen.TOTAAL, k]
        if "openingen" in rij.tellingen:
            b, _ = bezetting.gefilterd([openingen], f)
            cellen[i, "openingen"] = b[bezetting.TOTAAL, "openingen"]
            cellen[i, "op sterkte"] = b[bezetting.TOTAAL, "op sterkte"]
        if "reacties" in rij.tellingen:
            cellen[i, "reacties"] = reacties[f.kanaal or "totaal"]
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
        return c[i, k] if k in rij.tellingen else GEEN

    def pct(deel, geheel):
        if deel not in rij.tellingen or geheel not in rij.tellingen:
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
