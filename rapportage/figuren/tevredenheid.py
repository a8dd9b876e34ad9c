"""What residents answered after their question was closed, per touchpoint."""

from __future__ import annotations

from intake.models import Kanaal

from ..afscherming import Tabel, per_periode
from ..cijfers import Filters, Scores, Tevredenheid
from .figuur import Figuur, Grafiek, Reeks, Rij, Soort, gemiddelde

TEVREDENHEID = Soort(
    "tevredenheid",
    "Tevredenheid per contactpunt",
    "Na het afsluiten vragen we inwoners drie dingen, met een cijfer van 1 (heel slecht) "
    "tot 5 (heel goed): was u goed bereikbaar, voelde u zich gehoord, bent u geholpen? "
    "Gemiddelden staan er alleen bij vijf of meer reacties.",
    ("Contactpunt", "Reacties", "{vragen}"),
)
# The three questions (fields of cijfers.Scores) and their names in a table.
VRAGEN = {"bereikbaar": "Bereikbaar", "gehoord": "Gehoord", "geholpen": "Geholpen"}


def gefilterd(t: Tevredenheid, filters: Filters) -> Tevredenheid:
    """The reactions of all kanalen (`t`) narrowed to a kanaal filter."""
    if not filters.kanaal:
        return t
    scores = t.per_kanaal.get(filters.kanaal, Scores())
    return Tevredenheid(scores, {filters.kanaal: scores})


def atoom(t: Tevredenheid) -> dict:
    """One month's reactions of all kanalen, protected as one table whatever the filter: a
    kanaal's page shows its row of it, so the page of one kanaal next to the table of all
    gives no small count back."""
    tabel = Tabel()
    for k in Kanaal.values:
        tabel.cel(k, t.per_kanaal.get(k, Scores()).aantal)
    tabel.cel("totaal", sum(s.aantal for k, s in t.per_kanaal.items() if k in Kanaal.values))
    tabel.lijn(Kanaal.values, "totaal")
    return tabel.afschermen()


def optellen(maanden: list[Tevredenheid]) -> Tevredenheid:
    """The reactions of a period: its months' added up."""
    samen = Tevredenheid()
    for t in maanden:
        for k, scores in [(None, t.totaal), *t.per_kanaal.items()]:
            doel = samen.totaal if k is None else samen.per_kanaal.setdefault(k, Scores())
            for veld in ("aantal", "bereikbaar", "gehoord", "geholpen"):
                setattr(doel, veld, getattr(doel, veld) + getattr(scores, veld))
    return samen


def figuur(maanden: list[Tevredenheid], filters: Filters) -> Figuur:
    """The reactions per kanaal (`maanden`: each month's, of all kanalen): the counts are the
    sums of each month's table (`atoom`, `afscherming.per_periode`), the averages of the
    period's scores."""
    c = per_periode([atoom(m) for m in maanden])
    t = optellen(maanden)
    kanalen = [k for k in Kanaal.values if not filters.kanaal or k == filters.kanaal]
    if filters.kanaal:
        c["totaal"] = c[filters.kanaal]
    t = gefilterd(t, filters)

    def rij(naam, n, scores, totaal=False):
        return Rij(naam, [n, *(gemiddelde(scores, v) for v in VRAGEN)], totaal)

    opmerking = ""
    if filters.kern or filters.levensdomein:
        opmerking = (
            "Feedback is anoniem en hoort niet bij een hulpvraag. Daarom gelden de filters "
            "kern en levensdomein hier niet: dit zijn de reacties van alle inwoners."
        )
    scores = {k: t.per_kanaal.get(k, Scores()) for k in kanalen}
    return TEVREDENHEID.figuur(
        [rij(Kanaal(k).label, c[k], scores[k]) for k in kanalen]
        + [rij("Alle contactpunten", c["totaal"], t.totaal, totaal=True)],
        Grafiek(
            "staven",
            [Kanaal(k).label for k in kanalen],
            [
                Reeks(naam, [gemiddelde(scores[k], v) for k in kanalen])
                for v, naam in VRAGEN.items()
            ],
            maximum=5,
        ),
        opmerking,
        vragen=list(VRAGEN.values()),
    )
