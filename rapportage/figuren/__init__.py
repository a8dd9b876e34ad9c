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
    kringloop,
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
        kringloop.KRINGLOOP,
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
    # The questions that came in are read from one table per month of all questions,
    # whatever the filters (figuren.instroom): counted without them.
    alle_per_maand = (
        per_maand
        if filters == Filters()
        else dict(zip(maanden, maandcijfers.periodecijfers(lijst, Filters(), vandaag), strict=True))
    )
    # The closed questions: from one table per month of kern × kanaal (figuren.route), of
    # the levensdomein filtered on: counted without a kern or kanaal filter.
    laag = Filters(levensdomein=filters.levensdomein)
    if laag == filters:
        laag_per_maand = per_maand
    elif laag == Filters():
        laag_per_maand = alle_per_maand
    else:
        laag_per_maand = dict(
            zip(maanden, maandcijfers.periodecijfers(lijst, laag, vandaag), strict=True)
        )
    # Referrals with their reasons, call-backs, the loop closed and visits: one table per
    # month of kern × kanaal too.
    redenen_per_maand = dict(zip(maanden, cijfers.redenen(lijst, laag), strict=True))
    verwijzing_stenen = {
        m: doorverwijzingen.atoom((laag_per_maand[m].verwijzingen, redenen_per_maand[m]))
        for m in maanden
    }
    terugbellen_per_maand = dict(zip(maanden, cijfers.terugbellen(lijst, laag), strict=True))
    kringloop_per_maand = dict(zip(maanden, cijfers.kringloop(lijst, laag), strict=True))
    bezoek_per_maand = dict(zip(maanden, cijfers.bezoekafspraken(lijst, laag), strict=True))
    # The openings of every location and the reactions of every kanaal, per month: a page
    # shows the rows its filter is about.
    bezet_per_maand = dict(zip(maanden, cijfers.bezetting(lijst, Filters()), strict=True))
    reacties_per_maand = dict(zip(maanden, cijfers.tevredenheid(lijst, Filters()), strict=True))

    def van_maanden(p: Periode, bron: dict) -> list:
        return [bron[m.van, m.tot] for m in p.maanden()]

    per_periode = drie.drie([van_maanden(p, per_maand) for p in drie.uniek])
    verwijzing_cellen = drie.drie(
        [doorverwijzingen.samen(van_maanden(p, verwijzing_stenen), filters) for p in drie.uniek]
    )
    geteld = [maandcijfers.optellen(ms) for ms in per_periode]
    te_laat = afspraken.nu_te_laat(
        cijfers.afspraken_te_laat(filters.levensdomein, vandaag), filters
    )
    # The figures below get their months per distinct period (`drie.uniek`): each period's
    # months are protected once, also when the period before is the year before.
    bezet = [van_maanden(p, bezet_per_maand) for p in drie.uniek]
    alle_reacties = drie.drie([van_maanden(p, reacties_per_maand) for p in drie.uniek])
    tevreden = [tevredenheid.gefilterd(tevredenheid.optellen(t), filters) for t in alle_reacties]
    teruggebeld = [van_maanden(p, terugbellen_per_maand) for p in drie.uniek]
    gesloten_lus = [van_maanden(p, kringloop_per_maand) for p in drie.uniek]
    bezocht = [van_maanden(p, bezoek_per_maand) for p in drie.uniek]
    # As recent as the oldest count used: a kept month, or now.
    van = min((g.van for g in geteld if g.van), default=None) or cijfers.gegevens_van()

    nu = geteld[0]
    instroom_per_periode = [
        [m.instroom for m in van_maanden(p, alle_per_maand)] for p in drie.uniek
    ]
    instroom_figuren, binnengekomen = instroom.figuren(instroom_per_periode[0], periode, filters)
    ingekomen = drie.eerder(
        instroom.totaal(ms, p, filters)
        for ms, p in zip(instroom_per_periode[1:], drie.uniek[1:], strict=True)
    )
    gesloten = [[m.afsluiting for m in van_maanden(p, laag_per_maand)] for p in drie.uniek]
    route_figuren, routes, routes_eerder = route.figuren(gesloten, drie, filters)
    verwijzing_figuren, verwijzingen = doorverwijzingen.figuren(
        verwijzing_cellen[0], nu.verwijzingen, filters
    )
    bezetting_figuur, op_sterkte = bezetting.figuur(bezet[0], filters)
    afspraken_laag = [[m.afspraken for m in van_maanden(p, laag_per_maand)] for p in drie.uniek]
    afspraken_figuur, (op_tijd, *op_tijd_eerder) = afspraken.figuur(
        afspraken_laag, te_laat, drie, filters
    )
    doorlooptijden_figuur = doorlooptijden.figuur(
        nu.contact,
        nu.afsluiting,
        nu.verwijzingen.totaal,
        gecontacteerd=doorlooptijden.gecontacteerd(
            [m.contact for m in van_maanden(periode, laag_per_maand)], periode, filters
        ),
        geaccepteerd=verwijzingen["geaccepteerd"],
        afgesloten=routes["afgesloten"],
    )
    kerncijfers_figuur, tegels = kerncijfers.figuur(
        drie,
        geteld,
        verwijzing_cellen[1:],
        drie.eerder(bezetting.aandeel(b, filters) for b in bezet[1:]),
        tevreden,
        ingekomen,
        routes_eerder,
        op_tijd_eerder,
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
            kringloop.figuur(gesloten_lus, drie, filters),
            afspraken_figuur,
            terugbellen.figuur(teruggebeld, drie, filters),
            bezoekafspraken.figuur(bezocht, drie, filters),
            bezetting_figuur,
            tevredenheid.figuur(alle_reacties[0], filters),
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
