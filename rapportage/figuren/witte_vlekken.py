"""Witte vlekken as figures: the counts of rapportage.witte_vlekken, protected.

Each month's counts for one levensdomein and doelgroep are one table (`atoom`): per signal
a column of kernen with its total (the declines per kern × kind of reason with every margin,
`afscherming.kruistabel`), protected together. A page filtered on a kern reads that kern's
cells, one without the margins: every page reads cells of the same table, so no two pages
undo each other. A period shows the sums of its months (rapportage.afscherming). The
questions closed by maatwerk are the route figure's own cells (figuren.route.atoom), not a
second count of the same thing.

The aanbod with a waiting list or full is what the sociale kaart shows every resident: a
count of services, not of people, so it is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from intake.models import Afwijsreden, Route
from locaties.models import Kern
from sociale_kaart.models import Capaciteit, Levensdomein

from .. import witte_vlekken
from ..afscherming import ALLE, Cel, Tabel, kruistabel, per_periode
from ..perioden import Periode
from ..witte_vlekken import REDENEN, Capaciteitstelling, Maandtelling, Vlekfilters
from . import route
from .figuur import GEEN, KERNEN, Figuur, Grafiek, Reeks, Rij, Soort, bouwstenen

AFGEWEZEN, NAAR_TEAM, MAATWERK, ZOEKEN_LEEG, NEE = (
    "afgewezen",
    "naar-team",
    "maatwerk",
    "zoeken-leeg",
    "nee",
)
# The signals per kern besides the declines, by their name in the month's table.
ENKEL = (NAAR_TEAM, ZOEKEN_LEEG, NEE)

# Every column of the tables: ((signal, part), header); a cell is (signal, kern, part).
KOLOMMEN: list[tuple[tuple, str]] = [
    *(((AFGEWEZEN, r), f"Afgewezen: {Afwijsreden(r).label.lower()}") for r in REDENEN),
    ((AFGEWEZEN, ALLE), "Afgewezen, samen"),
    ((NAAR_TEAM, ALLE), "Geen passend aanbod: naar een team"),
    ((MAATWERK, ALLE), "Afgesloten via maatwerk"),
    ((ZOEKEN_LEEG, ALLE), "Gezocht, niets gevonden"),
    ((NEE, ALLE), "‘Nee’ op ‘Vond u wat u zocht?’"),
]
KOPPEN = [kop for _, kop in KOLOMMEN]

UITLEG_DOELGROEP = (
    "De doelgroep hoort bij het aanbod: een afwijzing telt bij de doelgroepen van het "
    "aanbod waarvoor ze was, een zoekopdracht bij de doelgroep waarop werd gezocht. Een "
    "doorverwijzing naar een team en maatwerk hebben geen aanbod (–)."
)

OVERZICHT = Soort(
    "witte-vlekken",
    "Witte vlekken: waar het aanbod tekortschiet",
    "Doorverwijzingen die partners afwezen, naar de soort reden; doorverwijzingen naar een "
    "team van de gemeente omdat geen aanbod van een partner paste; hulpvragen die werden "
    "afgesloten via maatwerk; en zoekopdrachten op de website zonder resultaat of met "
    "‘nee’ op de vraag of de inwoner vond wat hij zocht. " + UITLEG_DOELGROEP,
    ("Signaal", "Aantal"),
)
PER_KERN = Soort(
    "witte-vlekken-kern",
    "Witte vlekken per kern",
    "Dezelfde signalen per kern van de hulpvraag (bij zoeken: de kern waarop werd gezocht). "
    "‘Onbekend’: geen kern genoemd.",
    ("Kern", "{signalen}"),
)
PER_LEVENSDOMEIN = Soort(
    "witte-vlekken-levensdomein",
    "Witte vlekken per levensdomein",
    "Dezelfde signalen per levensdomein. Een hulpvraag over twee levensdomeinen telt bij "
    "allebei; de rijen tellen dus niet op tot het totaal van de eerste tabel.",
    ("Levensdomein", "{signalen}"),
)
CAPACITEIT = Soort(
    "witte-vlekken-capaciteit",
    "Aanbod met een wachtlijst of vol, nu",
    "Aanbod in de sociale kaart waarvan de organisatie zegt dat er een wachtlijst is of dat "
    "het vol is, zoals het vandaag staat (niet per periode). Dit staat voor iedereen in de "
    "sociale kaart en gaat over aanbod, niet over personen: de aantallen zijn niet "
    "afgeschermd. Met een kern: het aanbod voor inwoners van die kern.",
    ("Levensdomein", "Wachtlijst", "Vol", "Samen"),
)
SOORTEN = (OVERZICHT, PER_KERN, PER_LEVENSDOMEIN, CAPACITEIT)
FIGUREN = {s.sleutel: s for s in SOORTEN}


def _per_kern(tabel: Tabel, naam: str, aantallen: Mapping[str, int]) -> None:
    """A column of counts per kern with its total, one line."""
    for kern in KERNEN:
        tabel.cel((naam, kern, ALLE), aantallen.get(kern, 0))
    tabel.cel((naam, ALLE, ALLE), sum(aantallen.get(k, 0) for k in KERNEN))
    tabel.lijn([(naam, k, ALLE) for k in KERNEN], (naam, ALLE, ALLE))


def atoom(telling: tuple[Maandtelling, dict | None], maand: Periode) -> dict:
    """One month's signals for one levensdomein and doelgroep, protected as one table; with
    the route figure's protected cells of the questions closed by maatwerk (None: not
    counted under this filter)."""
    t, route_cellen = telling
    tabel = Tabel()
    kruistabel(tabel, AFGEWEZEN, t.afgewezen, KERNEN, REDENEN)
    for naam, aantallen in ((NAAR_TEAM, t.naar_team), (ZOEKEN_LEEG, t.zoeken_leeg), (NEE, t.nee)):
        if aantallen is not None:
            _per_kern(tabel, naam, aantallen)
    cellen = tabel.afschermen()
    if route_cellen is not None:
        cellen |= {
            (MAATWERK, kern, ALLE): cel
            for (r, kern, kanaal), cel in ((s, c) for s, c in route_cellen.items() if len(s) == 3)
            if r == ("route", Route.MAATWERK) and kanaal == ALLE
        }
    return cellen


@dataclass
class Vlekcijfers:
    """The protected cells of a period, and what the figures read of them."""

    cellen: dict

    def cel(self, kolom: tuple, kern: str) -> Cel | str:
        """The cell of a column for a kern (ALLE: every kern); GEEN where it is not counted."""
        naam, deel = kolom
        return self.cellen.get((naam, kern, deel), GEEN)

    def rij(self, kern: str) -> list:
        return [self.cel(kolom, kern) for kolom, _ in KOLOMMEN]

    @property
    def leeg(self) -> bool:
        """Nothing counted at all (every cell shown, and 0)."""
        return all(isinstance(c, Cel) and c.aantal == 0 for c in self.cellen.values())


def samen(
    tellingen: Sequence[Maandtelling],
    afsluitingen: Sequence | None,
    periode: Periode,
) -> Vlekcijfers:
    """The protected cells of a period: the sums of its months' tables (`tellingen`: the
    counts of each month; `afsluitingen`: each month's closed questions as the route figure
    counts them, None under a doelgroep filter)."""
    route_cellen = (
        bouwstenen(periode, list(afsluitingen), route.atoom)
        if afsluitingen is not None
        else [None] * len(tellingen)
    )
    stenen = bouwstenen(periode, list(zip(tellingen, route_cellen, strict=True)), atoom)
    cellen = per_periode(stenen)
    return Vlekcijfers(cellen)


def _kernnaam(kern: str) -> str:
    return Kern(kern).label if kern else "Onbekend"


def _capaciteit(aantallen: Mapping[str, int]) -> list[Cel]:
    """Waiting list, full, both: counts of aanbod, public, shown as they are."""
    wacht, vol = aantallen.get(Capaciteit.WACHTLIJST, 0), aantallen.get(Capaciteit.VOL, 0)
    return [Cel(wacht), Cel(vol), Cel(wacht + vol)]


def figuren(
    cijfers: Vlekcijfers,
    per_levensdomein: Mapping[str, Vlekcijfers],
    capaciteit: Capaciteitstelling,
    levensdomeinen: Mapping[int, str],
    *,
    kern: str,
) -> list[Figuur]:
    """The four figures of the page for one kern ("" for all): the signals, per kern, per
    levensdomein (`per_levensdomein`: by name, each its own table) and the capacity now."""
    plek = kern or ALLE
    waarden = cijfers.rij(plek)
    overzicht = OVERZICHT.figuur(
        [Rij(kop, [w]) for kop, w in zip(KOPPEN, waarden, strict=True)],
        Grafiek("staven", KOPPEN, [Reeks("Aantal", waarden)]),
    )
    kernen = [kern] if kern else KERNEN
    rijen = [Rij(_kernnaam(k), cijfers.rij(k)) for k in kernen]
    if not kern:
        rijen.append(Rij("Alle kernen", cijfers.rij(ALLE), totaal=True))
    grafiek_kolommen = [KOLOMMEN[len(REDENEN)], *KOLOMMEN[len(REDENEN) + 1 : len(REDENEN) + 4]]
    per_kern = PER_KERN.figuur(
        rijen,
        Grafiek(
            "staven",
            [_kernnaam(k) for k in kernen],
            [
                Reeks(kop, [cijfers.cel(kolom, k) for k in kernen])
                for kolom, kop in grafiek_kolommen
            ],
        ),
        signalen=KOPPEN,
    )
    per_domein = PER_LEVENSDOMEIN.figuur(
        [Rij(naam, c.rij(plek)) for naam, c in per_levensdomein.items()],
        Grafiek(
            "staven",
            list(per_levensdomein),
            [
                Reeks(
                    "Afgewezen, samen",
                    [c.cel((AFGEWEZEN, ALLE), plek) for c in per_levensdomein.values()],
                )
            ],
        ),
        signalen=KOPPEN,
    )
    vol = [
        Rij(naam, _capaciteit(capaciteit.per_levensdomein[pk]))
        for pk, naam in levensdomeinen.items()
        if pk in capaciteit.per_levensdomein
    ]
    vol.append(Rij("Al het aanbod", _capaciteit(capaciteit.totaal), totaal=True))
    capaciteit_figuur = CAPACITEIT.figuur(
        vol,
        Grafiek(
            "staven",
            [r.label for r in vol[:-1]],
            [
                Reeks("Wachtlijst", [r.cellen[0] for r in vol[:-1]]),
                Reeks("Vol", [r.cellen[1] for r in vol[:-1]]),
            ],
        )
        if len(vol) > 1
        else None,
    )
    return [overzicht, per_kern, per_domein, capaciteit_figuur]


@dataclass
class Vlekpagina:
    periode: Periode
    filters: Vlekfilters
    figuren: list[Figuur]
    leeg: bool  # nothing counted in the period under these filters

    def figuur(self, sleutel: str) -> Figuur | None:
        return next((f for f in self.figuren if f.sleutel == sleutel), None)


def witte_vlekken_maken(*, periode: Periode, filters: Vlekfilters, vandaag: date) -> Vlekpagina:
    """The page's figures for `periode` under `filters`: each levensdomein's own tables
    (the one filtered on, or every one for the table per levensdomein)."""
    maanden = periode.maanden()
    namen = dict(Levensdomein.objects.order_by("volgorde", "naam").values_list("pk", "naam"))
    domeinen = [filters.levensdomein] if filters.levensdomein else list(namen)
    gevraagd = [filters.levensdomein] if filters.levensdomein else [None, *domeinen]
    tellingen = witte_vlekken.tellen(maanden, levensdomeinen=gevraagd, doelgroep=filters.doelgroep)

    def cijfers_van(ld: int | None) -> Vlekcijfers:
        afsluitingen = (
            None
            if filters.doelgroep
            else witte_vlekken.afsluitingen(maanden, levensdomein=ld, vandaag=vandaag)
        )
        return samen(tellingen[ld], afsluitingen, periode)

    per_domein = {ld: cijfers_van(ld) for ld in gevraagd}
    cijfers = per_domein[filters.levensdomein]
    per_levensdomein = {namen[pk]: per_domein[pk] for pk in domeinen}
    capaciteit = witte_vlekken.capaciteit(filters)
    getoond = {pk: namen[pk] for pk in domeinen}
    return Vlekpagina(
        periode,
        filters,
        figuren(cijfers, per_levensdomein, capaciteit, getoond, kern=filters.kern),
        leeg=cijfers.leeg and not capaciteit.totaal,
    )
