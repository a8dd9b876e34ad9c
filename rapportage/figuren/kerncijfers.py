"""The key figures: one table of the most important numbers of the period next to the
period before and a year earlier, and the tiles at the top of the page."""

from __future__ import annotations

from dataclasses import dataclass

from ..afscherming import Cel
from ..cijfers import Tevredenheid
from ..maandcijfers import Periodecijfers
from . import afspraken, bezetting
from .figuur import PROCENT, Drie, Figuur, Rij, Soort, Waarde, dagen, gemiddelde, procent

KERNCIJFERS = Soort(
    "kerncijfers",
    "Kerncijfers en vergelijking",
    "De belangrijkste cijfers van deze periode, naast de periode ervoor en dezelfde "
    "periode een jaar eerder.",
    (
        "Cijfer",
        "Deze periode: {deze}",
        "Periode ervoor: {ervoor}",
        "Een jaar eerder: {jaar_eerder}",
    ),
)
# Every key figure by name, in the order of the table.
TITELS = {
    "binnengekomen": "Hulpvragen binnengekomen",
    "afgesloten": "Hulpvragen afgesloten",
    "laagdrempelig": "Beantwoord in de sociale basis of het voorliggend veld",
    "contact": "Werkdagen tot het eerste contact (mediaan)",
    "afsluiten": "Werkdagen van vraag tot afsluiten (mediaan)",
    "verstuurd": "Doorverwijzingen verstuurd",
    "geaccepteerd": "Doorverwijzingen geaccepteerd",
    "accepteren": "Werkdagen tot een doorverwijzing is geaccepteerd (mediaan)",
    "afspraken": afspraken.AFSPRAKEN.titel,
    "bezetting": bezetting.BEZETTING.titel,
    "tevredenheid": "Tevredenheid: ‘ik ben geholpen’ (1 tot 5)",
}
# The key figures on the tiles at the top of the page.
TEGELS = ("binnengekomen", "laagdrempelig", "contact", "geaccepteerd", "afspraken", "bezetting")


@dataclass
class Tegel:
    titel: str
    waarde: object
    vorige: object
    vorig_jaar: object


def figuur(
    drie: Drie,
    geteld: list[Periodecijfers],
    verwijzingen: list[dict],
    bezet: list[Waarde],
    tevreden: list[Tevredenheid],
    ingekomen: list[Cel],
    routes: list[dict],
    op_tijd: list[Waarde],
    deze: dict[str, Cel | Waarde],
) -> tuple[Figuur, list[Tegel]]:
    """The key figures of the three periods of `drie` (each list holds one entry per period:
    its counts under the filters and its reactions; `verwijzingen`, `bezet`, `ingekomen`,
    `routes` and `op_tijd`: the referrals, the share of openings at strength, the questions
    in and closed and the commitments kept of the two periods compared with, see
    figuren.doorverwijzingen.samen, .bezetting, .instroom, .route and .afspraken)
    and the tiles. For the chosen period a key figure that a table below shows too is that
    very cell (`deze`, by name), so the page shows one number once; the counts of the other
    periods are the sums of their months, protected as everywhere (rapportage.afscherming)."""
    waarden = {
        "binnengekomen": [deze["binnengekomen"], *ingekomen],
        "afgesloten": [deze["afgesloten"], *(r["totaal"] for r in routes)],
        "laagdrempelig": [deze["laagdrempelig"], *(procent(r["laagdrempelig"], r["totaal"]) for r in routes)],
        "contact": [dagen(g.contact) for g in geteld],
        "afsluiten": [dagen(g.afsluiting.werkdagen) for g in geteld],
        "verstuurd": [deze["verstuurd"], *(v["totaal", "verstuurd"] for v in verwijzingen)],
        "geaccepteerd": [
            deze["geaccepteerd"],
            *(
                procent(v["totaal", "geaccepteerd"], v["totaal", "verstuurd"])
                if ("totaal", "geaccepteerd") in v
                else Waarde(None, PROCENT)  # not per kern or kanaal (figuren.doorverwijzingen)
                for v in verwijzingen
            ),
        ],
        "accepteren": [dagen(g.verwijzingen.totaal.werkdagen) for g in geteld],
        "afspraken": [deze["afspraken"], *op_tijd],
        "bezetting": [deze["bezetting"], *bezet],
        "tevredenheid": [gemiddelde(t.totaal, "geholpen") for t in tevreden],
    }  # fmt: skip
    tabel = KERNCIJFERS.figuur(
        [Rij(titel, waarden[naam]) for naam, titel in TITELS.items()],
        deze=drie.perioden[0].naam,
        ervoor=drie.perioden[1].naam,
        jaar_eerder=drie.perioden[2].naam,
    )
    return tabel, [Tegel(TITELS[naam], *waarden[naam]) for naam in TEGELS]
