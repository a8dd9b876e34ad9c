"""Appointments at the front door: booked, cancelled, came and did not come (no-show).
Not the commitments on a case (afspraken.py)."""

from __future__ import annotations

from ..cijfers import Bezoekafspraken, Filters
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, kern_kanaal_tabel, lezen, procent

BEZOEKAFSPRAKEN = Soort(
    "bezoekafspraken",
    "Afspraken aan de balie: geboekt en niet gekomen",
    "Afspraken die inwoners maakten om langs te komen bij de Hofstraat of in Dinxperlo, "
    "voor een dag in de periode: hoeveel er werden afgezegd (door de inwoner, of omdat het "
    "rooster de tijd niet meer had), hoeveel inwoners kwamen en hoeveel niet.",
    ("Periode", "Geboekt", "Afgezegd", "Geweest", "Niet gekomen", "Niet gekomen (%)"),
)


def atoom(b: Bezoekafspraken) -> dict:
    """One month's visits, protected as one table whatever filter a page has: each part and
    its rest add up to the one above it, so no small count follows from the others; per kern
    × kanaal of the question with every margin (`figuur.kern_kanaal_tabel`). `b`: the
    month's counts without a kern or kanaal filter."""
    k = b.per_kern_kanaal
    return kern_kanaal_tabel(
        {
            "geboekt": {s: n[0] for s, n in k.items()},
            "afgezegd": {s: n[1] for s, n in k.items()},
            "verwacht": {s: n[0] - n[1] for s, n in k.items()},
            "geweest": {s: n[2] for s, n in k.items()},
            "niet_gekomen": {s: n[3] for s, n in k.items()},
            "nog_open": {s: n[0] - n[1] - n[2] - n[3] for s, n in k.items()},
            "afgehandeld": {s: n[2] + n[3] for s, n in k.items()},
        },
        [
            (("verwacht", "afgezegd"), "geboekt"),
            (("afgehandeld", "nog_open"), "verwacht"),
            (("geweest", "niet_gekomen"), "afgehandeld"),
        ],
    )


_GETOOND = ("geboekt", "afgezegd", "geweest", "niet_gekomen", "afgehandeld")


def figuur(bezoekafspraken: list[list[Bezoekafspraken]], drie: Drie, filters: Filters) -> Figuur:
    """Per period the counts of its months (without a kern or kanaal filter): each month one
    table, protected on its own, a page the sum of its cells (`figuur.lezen`), so comparing
    periods or filters tells no small count. The no-show share is of the appointments whose
    outcome was recorded. `bezoekafspraken`: per period of `drie.uniek`."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = drie.drie(
        [lezen([atoom(b) for b in maanden], _GETOOND, filters) for maanden in bezoekafspraken]
    )
    niet_gekomen = [procent(c["niet_gekomen"], c["afgehandeld"]) for c in cellen]
    return BEZOEKAFSPRAKEN.figuur(
        [
            Rij(
                f"{naam} ({periode.naam})",
                [c["geboekt"], c["afgezegd"], c["geweest"], c["niet_gekomen"], waarde],
            )
            for naam, periode, c, waarde in zip(
                namen, drie.perioden, cellen, niet_gekomen, strict=True
            )
        ],
        Grafiek("staven", namen, [Reeks("Niet gekomen", niet_gekomen)], maximum=100, eenheid="%"),
    )
