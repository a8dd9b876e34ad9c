"""The dashboard as figures: each one a chart and the table under it.

Every figure is defined once, in the module of its subject, by its name (`Soort`): title,
explanation, column headers, and next to it how it is computed. `FIGUREN` is the register
of them by name, in the order of the page; the page, the table exports and the tests find
a figure there.

A module turns the counts of `cijfers` into what a page, a CSV or an XLSX shows. Every
count passes the small-numbers rule (`afscherming`) on its way: cells that appear in more
than one table (the total of the questions that came in, the questions closed per route)
are one cell, protected once, so no table can undo another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .. import cijfers, maandcijfers
from ..afscherming import enkel
from ..afscherming import samenvoegen as per_periode_cel
from ..cijfers import Filters
from ..perioden import Periode
from . import (
    afspraken,
    bezetting,
    bezoekafspraken,
    doorlooptijden,
    doorverwijzingen,
    instroom,
    kerncijfers,
    route,
    terugbellen,
    tevredenheid,
)
from .figuur import Drie, Figuur, Soort
from .kerncijfers import Tegel

# Every figure by name, in the order of the page.
FIGUREN: dict[str, Soort] = {
    soort.sleutel: soort
    for soort in (
        kerncijfers.KERNCIJFERS,
        *instroom.SOORTEN,
        *route.SOORTEN,
        doorlooptijden.DOORLOOPTIJDEN,
        *doorverwijzingen.SOORTEN,
        afspraken.AFSPRAKEN,
        terugbellen.TERUGBELLEN,
        bezoekafspraken.BEZOEKAFSPRAKEN,
        bezetting.BEZETTING,
        tevredenheid.TEVREDENHEID,
    )
}


@dataclass
class Dashboard:
    periode: Periode
    vorige: Periode
    vorig_jaar: Periode
    filters: Filters
    gegevens_van: datetime
    tegels: list[Tegel] = field(default_factory=list)
    figuren: list[Figuur] = field(default_factory=list)

    def figuur(self, sleutel: str) -> Figuur | None:
        return next((f for f in self.figuren if f.sleutel == sleutel), None)


def dashboard_maken(*, periode: Periode, filters: Filters, vandaag: date) -> Dashboard:
    """Every figure for `periode` (with its comparisons) under `filters`. Every count is
    the sum of the counts of the months of its period, each month protected on its own
    (rapportage.afscherming): the months of all three periods are counted once, and a
    period's distributions (for the medians) are its months' added up."""
    drie = Drie(periode)
    maanden = {(m.van, m.tot): m for p in drie.uniek for m in p.maanden()}
    lijst = list(maanden.values())
    per_maand = dict(
        zip(maanden, maandcijfers.periodecijfers(lijst, filters, vandaag), strict=True)
    )
    redenen_per_maand = dict(zip(maanden, cijfers.redenen(lijst, filters), strict=True))
    terugbellen_per_maand = dict(zip(maanden, cijfers.terugbellen(lijst, filters), strict=True))
    bezoek_per_maand = dict(zip(maanden, cijfers.bezoekafspraken(lijst, filters), strict=True))

    def van_maanden(p: Periode, bron: dict) -> list:
        return [bron[m.van, m.tot] for m in p.maanden()]

    per_periode = drie.drie([van_maanden(p, per_maand) for p in drie.uniek])
    redenen = drie.drie([van_maanden(p, redenen_per_maand) for p in drie.uniek])
    geteld = [maandcijfers.optellen(ms) for ms in per_periode]
    te_laat = cijfers.afspraken_te_laat(filters, vandaag)
    bezet = drie.drie(cijfers.bezetting(drie.uniek, filters))
    tevreden = drie.drie(cijfers.tevredenheid(drie.uniek, filters))
    teruggebeld = drie.drie([van_maanden(p, terugbellen_per_maand) for p in drie.uniek])
    bezocht = drie.drie([van_maanden(p, bezoek_per_maand) for p in drie.uniek])
    # As recent as the oldest count used: a kept month, or now.
    van = min((g.van for g in geteld if g.van), default=None) or cijfers.gegevens_van()

    nu, deze = geteld[0], per_periode[0]
    instroom_figuren, binnengekomen = instroom.figuren([m.instroom for m in deze], periode)
    route_figuren, routes = route.figuren(
        [[m.afsluiting for m in ms] for ms in per_periode], drie.perioden
    )
    verwijzing_figuren, verwijzingen = doorverwijzingen.figuren(
        list(zip([m.verwijzingen for m in deze], redenen[0], strict=True)),
        nu.verwijzingen,
        periode,
    )
    bezetting_figuur, op_sterkte = bezetting.figuur(bezet[0], filters)
    afspraken_figuur, op_tijd = afspraken.figuur(
        [[m.afspraken for m in ms] for ms in per_periode], te_laat, drie
    )
    doorlooptijden_figuur = doorlooptijden.figuur(
        nu.contact,
        nu.afsluiting,
        nu.verwijzingen.totaal,
        gecontacteerd=per_periode_cel([enkel(m.contact.n) for m in deze]),
        geaccepteerd=verwijzingen["geaccepteerd"],
        afgesloten=routes["afgesloten"],
    )
    kerncijfers_figuur, tegels = kerncijfers.figuur(
        drie,
        geteld,
        per_periode,
        redenen,
        bezet,
        tevreden,
        deze={
            "binnengekomen": binnengekomen,
            "afgesloten": routes["afgesloten"],
            "laagdrempelig": routes["laagdrempelig%"],
            "verstuurd": verwijzingen["verstuurd"],
            "geaccepteerd": verwijzingen["geaccepteerd%"],
            "afspraken": op_tijd,
            "bezetting": op_sterkte,
        },
    )
    berekend = {
        f.sleutel: f
        for f in (
            kerncijfers_figuur,
            *instroom_figuren,
            *route_figuren,
            doorlooptijden_figuur,
            *verwijzing_figuren,
            afspraken_figuur,
            terugbellen.figuur(teruggebeld, drie),
            bezoekafspraken.figuur(bezocht, drie),
            bezetting_figuur,
            tevredenheid.figuur(tevreden[0], filters),
        )
    }
    return Dashboard(
        periode,
        drie.perioden[1],
        drie.perioden[2],
        filters,
        van,
        tegels,
        [berekend[sleutel] for sleutel in FIGUREN],
    )
