"""Commitments kept on time ("zeg wat je doet en doe wat je zegt")."""

from __future__ import annotations

from ..afscherming import ALLE, Cel
from ..cijfers import Afspraken, Filters
from ..perioden import Periode
from .figuur import (
    GEEN,
    Drie,
    Figuur,
    Grafiek,
    Reeks,
    Rij,
    Soort,
    Waarde,
    bouwstenen,
    kern_kanaal_tabel,
    lezen,
    procent,
)

AFSPRAKEN = Soort(
    "afspraken",
    "Afspraken op tijd nagekomen",
    "Zeg wat je doet en doe wat je zegt: afspraken met een uiterste datum in de periode "
    "die al voorbij is, en hoeveel daarvan op of voor die datum zijn nagekomen.",
    ("Periode", "Afspraken", "Op tijd nagekomen"),
)


def atoom(a: Afspraken, maand: Periode) -> dict:
    """One month's commitments, protected as one table whatever filter a page has: kept on
    time, the rest and all that were due, each per kern × kanaal with every margin
    (`figuur.kern_kanaal_tabel`). `a`: the month's counts without a kern or kanaal filter."""
    k = a.per_kern_kanaal
    return kern_kanaal_tabel(
        {
            "op tijd": {s: n[0] for s, n in k.items()},
            "rest": {s: n[1] - n[0] for s, n in k.items()},
            "beoordeeld": {s: n[1] for s, n in k.items()},
        },
        [(("op tijd", "rest"), "beoordeeld")],
    )


def _paar(maanden: list[Afspraken], periode: Periode, filters: Filters) -> tuple[Cel, Cel]:
    c = lezen(bouwstenen(periode, maanden, atoom), ("op tijd", "beoordeeld"), filters)
    return c["op tijd"], c["beoordeeld"]


def nu_te_laat(aantallen: dict[tuple[str, str], int], filters: Filters) -> Cel:
    """The commitments overdue now under `filters`: a cell of one table per kern × kanaal
    with every margin (`aantallen`: per kern and kanaal, of the levensdomein filtered on),
    so the pages of the kernen next to each other give no small count back."""
    cellen = kern_kanaal_tabel({"te laat": aantallen})
    return cellen["te laat", filters.kern or ALLE, filters.kanaal or ALLE]


def figuur(
    maanden: list[list[Afspraken]], te_laat: Cel, drie: Drie, filters: Filters
) -> tuple[Figuur, list[Waarde]]:
    """The figure over the three periods of `drie` (`maanden`: per period of `drie.uniek`
    the counts of each of its months, each period protected once; `te_laat`: see
    `nu_te_laat`), and the share kept on time in each of the three."""
    paren = drie.drie([_paar(m, p, filters) for m, p in zip(maanden, drie.uniek, strict=True)])
    op_tijd = [procent(deel, geheel) for deel, geheel in paren]
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    figuur = AFSPRAKEN.figuur(
        [
            Rij(f"{naam} ({periode.naam})", [geheel, waarde])
            for naam, periode, (_, geheel), waarde in zip(
                namen, drie.perioden, paren, op_tijd, strict=True
            )
        ]
        + [Rij("Nu te laat (nog open, uiterste datum voorbij)", [te_laat, GEEN])],
        Grafiek("staven", namen, [Reeks("Op tijd nagekomen", op_tijd)], maximum=100, eenheid="%"),
    )
    return figuur, op_tijd
