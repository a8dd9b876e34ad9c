"""Commitments kept on time ("zeg wat je doet en doe wat je zegt")."""

from __future__ import annotations

from ..afscherming import Cel, enkel, paar, per_periode
from ..cijfers import Afspraken
from ..perioden import Periode
from .figuur import GEEN, Drie, Figuur, Grafiek, Reeks, Rij, Soort, Waarde, bouwstenen, procent

AFSPRAKEN = Soort(
    "afspraken",
    "Afspraken op tijd nagekomen",
    "Zeg wat je doet en doe wat je zegt: afspraken met een uiterste datum in de periode "
    "die al voorbij is, en hoeveel daarvan op of voor die datum zijn nagekomen.",
    ("Periode", "Afspraken", "Op tijd nagekomen"),
)


def atoom(a: Afspraken, maand: Periode) -> dict:
    """One month's commitments: kept on time, of all due, with the rest protected too."""
    deel, geheel = paar(a.op_tijd, a.beoordeeld)
    return {"op tijd": deel, "beoordeeld": geheel}


def _paar(maanden: list[Afspraken], periode: Periode) -> tuple[Cel, Cel]:
    c = per_periode(bouwstenen(periode, maanden, atoom))
    return c["op tijd"], c["beoordeeld"]


def op_tijd(maanden: list[Afspraken], periode: Periode) -> Waarde:
    """The share kept on time in `periode`, from the counts of each of its months."""
    return procent(*_paar(maanden, periode))


def figuur(maanden: list[list[Afspraken]], te_laat: int, drie: Drie) -> tuple[Figuur, Waarde]:
    """The figure over the three periods of `drie` (`maanden`: per period the counts of
    each of its months), and the share kept on time in the chosen one."""
    paren = [_paar(m, p) for m, p in zip(maanden, drie.perioden, strict=True)]
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
