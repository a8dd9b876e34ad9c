"""What residents answered after their question was closed, per touchpoint."""

from __future__ import annotations

from intake.models import Kanaal

from ..afscherming import Tabel
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


def figuur(t: Tevredenheid, filters: Filters) -> Figuur:
    """The reactions per kanaal (`t`: of all kanalen). The table of all kanalen is protected
    whatever the filter, and a kanaal's page shows its row of it: so the page of one
    kanaal next to the table of all gives no small count back."""
    tabel = Tabel()
    for k in Kanaal.values:
        tabel.cel(k, t.per_kanaal.get(k, Scores()).aantal)
    tabel.cel("totaal", t.totaal.aantal)
    tabel.lijn(Kanaal.values, "totaal")
    c = tabel.afschermen()
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
