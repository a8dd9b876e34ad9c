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


def figuur(t: Tevredenheid, filters: Filters) -> Figuur:
    kanalen = [k for k in Kanaal.values if not filters.kanaal or k == filters.kanaal]
    tabel = Tabel()
    for k in kanalen:
        tabel.cel(k, t.per_kanaal.get(k, Scores()).aantal)
    tabel.cel("totaal", t.totaal.aantal)
    tabel.lijn(kanalen, "totaal")
    c = tabel.afschermen()

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
