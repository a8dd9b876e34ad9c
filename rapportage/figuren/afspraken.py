"""Commitments kept on time ("zeg wat je doet en doe wat je zegt")."""

from __future__ import annotations

from ..afscherming import enkel, paar
from ..cijfers import Afspraken
from .figuur import GEEN, Drie, Figuur, Grafiek, Reeks, Rij, Soort, Waarde, procent

AFSPRAKEN = Soort(
    "afspraken",
    "Afspraken op tijd nagekomen",
    "Zeg wat je doet en doe wat je zegt: afspraken met een uiterste datum in de periode "
    "die al voorbij is, en hoeveel daarvan op of voor die datum zijn nagekomen.",
    ("Periode", "Afspraken", "Op tijd nagekomen"),
)


def figuur(afspraken: list[Afspraken], te_laat: int, drie: Drie) -> tuple[Figuur, Waarde]:
    """The figure over the three periods, and the share kept on time in the chosen one."""
    paren = [paar(a.op_tijd, a.beoordeeld) for a in afspraken]
    op_tijd = [procent(deel, geheel) for deel, geheel in paren]
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    figuur = AFSPRAKEN.figuur(
        [
            Rij(f"{naam} ({periode.naam})", [geheel, waarde])
            for naam, periode, (_, geheel), waarde in zip(
                namen, drie.perioden, paren, op_tijd, strict=True
            )
        ]
        + [Rij("Nu te laat (nog open, uiterste datum voorbij)", [enkel(te_laat), GEEN])],
        Grafiek("staven", namen, [Reeks("Op tijd nagekomen", op_tijd)], maximum=100, eenheid="%"),
    )
    return figuur, op_tijd[0]
