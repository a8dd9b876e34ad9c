"""The klantreis monitor (issue 18, part 4): the customer journey before and after a date
the beleidsmedewerker chooses (the start of the new front door), and the quarter summary
for the council, from the counts of rapportage.klantreis and the residents' anonymous
feedback (rapportage.cijfers.tevredenheid).

Each month's counts are protected on their own (rapportage.afscherming), the same way
whatever period holds the month; a period shows the sum of its months. A share is shown
only when its part and whole are, a median or an average only over enough cases (GRENS).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from intake.models import Kanaal

from .. import cijfers, klantreis
from ..afscherming import Cel, Tabel, enkel, genoeg, paar, per_periode
from ..cijfers import Filters, Scores, Verdeling
from ..perioden import MAAND_KORT, Periode, datum_kort
from .figuur import DAGEN, GEEN, SCORE, Figuur, Grafiek, Reeks, Rij, Soort, Waarde, dagen, procent

VOOR, NA = "Vóór", "Na"

KLANTREIS = Soort(
    "klantreis",
    "De klantreis vóór en na {start}",
    "Drie beloften van de nieuwe toegang. Eén vast aanspreekpunt: de afgesloten hulpvragen "
    "die van begin tot eind hetzelfde aanspreekpunt hadden. Warme overdracht: de verstuurde "
    "doorverwijzingen met een samenvatting voor de ontvanger, die de ontvanger binnen zijn "
    "termijn accepteerde (vóór de herinnering). Hulp gestart: werkdagen van het eerste "
    "contact tot de inwoner zei dat de hulp gestart is (mediaan, alleen bij vijf of meer).",
    ("Maatstaf", VOOR, NA, "Verschil"),
)
KLANTREIS_TEVREDENHEID = Soort(
    "klantreis-tevredenheid",
    "Tevredenheid per contactpunt, vóór en na {start}",
    "Het gemiddelde cijfer (1 heel slecht tot 5 heel goed) van de drie vragen na het "
    "afsluiten: bereikbaar, gehoord, geholpen. Een gemiddelde staat er alleen bij vijf of "
    "meer reacties.",
    ("Contactpunt", "Reacties vóór", "Reacties na", "Cijfer vóór", "Cijfer na"),
)
KLANTREIS_PER_MAAND = Soort(
    "klantreis-per-maand",
    "Tevredenheid per maand en contactpunt",
    "Het gemiddelde cijfer van de drie vragen per maand, voor alle contactpunten samen en "
    "per contactpunt: eerst de maanden vóór de start, dan de maanden erna.",
    ("Maand", "Reacties", "Alle contactpunten", "{kanalen}"),
)
SOORTEN = (KLANTREIS, KLANTREIS_TEVREDENHEID, KLANTREIS_PER_MAAND)

TOTAAL = "totaal"


def _steen(telling: klantreis.Maandtelling, reacties: cijfers.Tevredenheid) -> dict:
    """One month's cells, protected: each share's part and whole together, the reactions
    per kanaal with their total."""
    cellen: dict[Hashable, Cel] = {}
    cellen["een"], cellen["afgesloten"] = paar(telling.een_aanspreekpunt, telling.afgesloten)
    cellen["warm"], cellen["verstuurd"] = paar(telling.warm, telling.verstuurd)
    cellen["gestart"] = enkel(telling.gestart.n)
    tabel = Tabel()
    for k in Kanaal.values:
        tabel.cel(k, reacties.per_kanaal.get(k, Scores()).aantal)
    tabel.cel(TOTAAL, reacties.totaal.aantal)
    tabel.lijn(Kanaal.values, TOTAAL)
    cellen |= {("reacties", k): c for k, c in tabel.afschermen().items()}
    return cellen


def _scores_optellen(delen: list[Scores]) -> Scores:
    som = Scores()
    for s in delen:
        for veld in ("aantal", "bereikbaar", "gehoord", "geholpen"):
            setattr(som, veld, getattr(som, veld) + getattr(s, veld))
    return som


def _verdeling_optellen(delen: list[Verdeling]) -> Verdeling:
    som = Verdeling()
    for v in delen:
        for werkdagen, aantal in v.aantallen.items():
            som.voeg_toe(werkdagen, aantal)
    return som


def cijfer(scores: Scores, cel: Cel) -> Waarde:
    """The average of the three questions, over enough reactions whose count is shown."""
    if not (cel.zichtbaar and genoeg(scores.aantal)):
        return Waarde(None, SCORE)
    return Waarde(
        (scores.bereikbaar + scores.gehoord + scores.geholpen) / (3 * scores.aantal), SCORE
    )


@dataclass
class Stand:
    """One period of the klantreis: its protected cells and what is shown of them."""

    periode: Periode
    cellen: dict
    scores: dict[str, Scores]  # per kanaal and TOTAAL
    gestart: Verdeling
    # Per month: the month, its counts, its scores per kanaal and its protected cells.
    per_maand: list[tuple[Periode, klantreis.Maandtelling, dict[str, Scores], dict]] = field(
        default_factory=list
    )

    @property
    def een_aanspreekpunt(self) -> Waarde:
        return procent(self.cellen["een"], self.cellen["afgesloten"])

    @property
    def warme_overdracht(self) -> Waarde:
        return procent(self.cellen["warm"], self.cellen["verstuurd"])

    @property
    def werkdagen_tot_hulp(self) -> Waarde:
        if not self.cellen["gestart"].zichtbaar:
            return Waarde(None, DAGEN)
        return dagen(self.gestart)

    def cijfer(self, kanaal: str) -> Waarde:
        return cijfer(self.scores.get(kanaal, Scores()), self.cellen[("reacties", kanaal)])

    @property
    def leeg(self) -> bool:
        """Nothing at all to count in this period."""
        return not any(
            (
                self.scores[TOTAAL].aantal,
                self.gestart.n,
                *(m[1].afgesloten + m[1].verstuurd for m in self.per_maand),
            )
        )


def stand(periode: Periode) -> Stand:
    """The klantreis of `periode` (whole months): its months counted and protected."""
    maanden = periode.maanden()
    tellingen = klantreis.tellen(maanden)
    reacties = cijfers.tevredenheid(maanden, Filters())
    stenen = [_steen(t, r) for t, r in zip(tellingen, reacties, strict=True)]
    kanaal_scores = [{**r.per_kanaal, TOTAAL: r.totaal} for r in reacties]
    scores = {
        k: _scores_optellen([s.get(k, Scores()) for s in kanaal_scores])
        for k in [*Kanaal.values, TOTAAL]
    }
    return Stand(
        periode,
        per_periode(stenen),
        scores,
        _verdeling_optellen([t.gestart for t in tellingen]),
        list(zip(maanden, tellingen, kanaal_scores, stenen, strict=True)),
    )


def _verschil(voor: Waarde, na: Waarde) -> str:
    if voor.getal is None or na.getal is None:
        return GEEN
    verschil = na.getal - voor.getal
    if voor.soort == "procent":
        tekst, eenheid = f"{round(verschil):+d}".replace("+0", "0"), " procentpunt"
    else:
        tekst = f"{verschil:+.1f}".replace(".", ",").removesuffix(",0")
        eenheid = " werkdagen" if voor.soort == DAGEN else ""
    return tekst.replace("-", "−") + eenheid


def _maatstaven(voor: Stand, na: Stand) -> list[Rij]:
    rijen = [
        ("Afgesloten hulpvragen", voor.cellen["afgesloten"], na.cellen["afgesloten"], ""),
        (
            "Eén vast aanspreekpunt van begin tot eind",
            voor.een_aanspreekpunt,
            na.een_aanspreekpunt,
            None,
        ),
        ("Verstuurde doorverwijzingen", voor.cellen["verstuurd"], na.cellen["verstuurd"], ""),
        ("Met warme overdracht", voor.warme_overdracht, na.warme_overdracht, None),
        ("Hulpvragen waarvan de hulp startte", voor.cellen["gestart"], na.cellen["gestart"], ""),
        (
            "Werkdagen van eerste contact tot hulp gestart (mediaan)",
            voor.werkdagen_tot_hulp,
            na.werkdagen_tot_hulp,
            None,
        ),
    ]
    return [
        Rij(label, [a, b, _verschil(a, b) if verschil is None else verschil])
        for label, a, b, verschil in rijen
    ]


@dataclass
class Klantreis:
    """The monitor: the klantreis before and after a start, as figures."""

    voor: Stand
    na: Stand
    start: str
    figuren: list[Figuur]

    @property
    def leeg(self) -> bool:
        return self.voor.leeg and self.na.leeg

    @property
    def bijschrift(self) -> str:
        """What a table's caption says after its title."""
        return f": vóór is {self.voor.periode.naam}, na is {self.na.periode.naam}"


def klantreis_figuur(voor: Stand, na: Stand, start: str) -> Figuur:
    return KLANTREIS.figuur(
        _maatstaven(voor, na),
        Grafiek(
            "staven",
            ["Eén vast aanspreekpunt", "Warme overdracht"],
            [
                Reeks(VOOR, [voor.een_aanspreekpunt, voor.warme_overdracht]),
                Reeks(NA, [na.een_aanspreekpunt, na.warme_overdracht]),
            ],
            maximum=100,
        ),
        start=start,
    )


def tevredenheid_figuur(voor: Stand, na: Stand, start: str) -> Figuur:
    kanalen = [*Kanaal.values, TOTAAL]
    namen = [*Kanaal.labels, "Alle contactpunten"]
    rijen = [
        Rij(
            naam,
            [voor.cellen["reacties", k], na.cellen["reacties", k], voor.cijfer(k), na.cijfer(k)],
            totaal=k == TOTAAL,
        )
        for k, naam in zip(kanalen, namen, strict=True)
    ]
    return KLANTREIS_TEVREDENHEID.figuur(
        rijen,
        Grafiek(
            "staven",
            list(namen),
            [
                Reeks(VOOR, [voor.cijfer(k) for k in kanalen]),
                Reeks(NA, [na.cijfer(k) for k in kanalen]),
            ],
            maximum=5,
        ),
        start=start,
    )


def per_maand_figuur(voor: Stand, na: Stand, start: str) -> Figuur:
    """The reactions of every month of both periods, each month's cells as that month
    shows them on its own."""
    rijen, labels, waarden = [], [], []
    for s in (voor, na):
        for maand, _, scores, cellen in s.per_maand:
            label = maand.naam
            alle = cijfer(scores[TOTAAL], cellen["reacties", TOTAAL])
            rijen.append(
                Rij(
                    label,
                    [
                        cellen["reacties", TOTAAL],
                        alle,
                        *(
                            cijfer(scores.get(k, Scores()), cellen["reacties", k])
                            for k in Kanaal.values
                        ),
                    ],
                )
            )
            labels.append(f"{MAAND_KORT[maand.van.month - 1]} {maand.van:%y}")
            waarden.append(alle)
    return KLANTREIS_PER_MAAND.figuur(
        rijen,
        Grafiek("kolommen", labels, [Reeks("Alle contactpunten", waarden)], maximum=5),
        start=start,
        kanalen=list(Kanaal.labels),
    )


def klantreis_maken(*, voor: Periode, na: Periode, per_maand: bool = True) -> Klantreis:
    """The monitor for `voor` and `na` (each whole months)."""
    a, b = stand(voor), stand(na)
    start = datum_kort(na.van)
    figuren = [klantreis_figuur(a, b, start), tevredenheid_figuur(a, b, start)]
    if per_maand:
        figuren.append(per_maand_figuur(a, b, start))
    return Klantreis(a, b, start, figuren)
