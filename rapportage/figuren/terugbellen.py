"""Call-backs made, and made on time ("zeg wat je doet en doe wat je zegt")."""

from __future__ import annotations

from ..cijfers import Filters, Terugbellen
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, kern_kanaal_tabel, lezen, procent

TERUGBELLEN = Soort(
    "terugbellen",
    "Terugbellen: gebeld en op tijd",
    "Inwoners die in de periode vroegen om teruggebeld te worden: hoe vaak wij belden, "
    "hoe vaak de eerste poging binnen het gekozen dagdeel viel, en hoe vaak wij de inwoner "
    "spraken.",
    ("Periode", "Gevraagd", "Gebeld", "Op tijd gebeld", "Op tijd", "Bereikt"),
)


def atoom(t: Terugbellen) -> dict:
    """One month's counts, protected as one table whatever filter a page has: each count
    and its rest, per kern × kanaal with every margin (`figuur.kern_kanaal_tabel`), each
    part and its rest adding up to the one above it, so no small count follows from the
    others. `t`: the month's counts without a kern or kanaal filter."""
    k = t.per_kern_kanaal
    return kern_kanaal_tabel(
        {
            "gevraagd": {s: n[0] for s, n in k.items()},
            "gebeld": {s: n[1] for s, n in k.items()},
            "niet_gebeld": {s: n[0] - n[1] for s, n in k.items()},
            "op_tijd": {s: n[2] for s, n in k.items()},
            "te_laat": {s: n[1] - n[2] for s, n in k.items()},
            "bereikt": {s: n[3] for s, n in k.items()},
            "niet_bereikt": {s: n[1] - n[3] for s, n in k.items()},
        },
        [
            (("gebeld", "niet_gebeld"), "gevraagd"),
            (("op_tijd", "te_laat"), "gebeld"),
            (("bereikt", "niet_bereikt"), "gebeld"),
        ],
    )


def figuur(terugbellen: list[list[Terugbellen]], drie: Drie, filters: Filters) -> Figuur:
    """Per period the counts of its months (without a kern or kanaal filter): each month
    one table, protected on its own, a page the sum of its cells (`figuur.lezen`), so
    comparing periods or filters tells no small count. `terugbellen`: per period of
    `drie.uniek`."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = drie.drie(
        [
            lezen(
                [atoom(t) for t in maanden], ("gevraagd", "gebeld", "op_tijd", "bereikt"), filters
            )
            for maanden in terugbellen
        ]
    )
    op_tijd = [procent(c["op_tijd"], c["gebeld"]) for c in cellen]
    return TERUGBELLEN.figuur(
        [
            Rij(
                f"{naam} ({periode.naam})",
                [c["gevraagd"], c["gebeld"], c["op_tijd"], waarde, c["bereikt"]],
            )
            for naam, periode, c, waarde in zip(namen, drie.perioden, cellen, op_tijd, strict=True)
        ],
        Grafiek("staven", namen, [Reeks("Op tijd gebeld", op_tijd)], maximum=100, eenheid="%"),
    )
