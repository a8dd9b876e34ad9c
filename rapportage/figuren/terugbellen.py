"""Call-backs made, and made on time ("zeg wat je doet en doe wat je zegt")."""

from __future__ import annotations

from ..afscherming import Tabel, per_periode
from ..cijfers import Terugbellen
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, procent

TERUGBELLEN = Soort(
    "terugbellen",
    "Terugbellen: gebeld en op tijd",
    "Inwoners die in de periode vroegen om teruggebeld te worden: hoe vaak wij belden, "
    "hoe vaak de eerste poging binnen het gekozen dagdeel viel, en hoe vaak wij de inwoner "
    "spraken.",
    ("Periode", "Gevraagd", "Gebeld", "Op tijd gebeld", "Op tijd", "Bereikt"),
)


def _cellen(t: Terugbellen) -> dict:
    """One period's counts, protected together: each part and its rest add up to the one
    above it, so no small count follows from the others."""
    tabel = Tabel()
    tabel.cel("gevraagd", t.gevraagd)
    tabel.cel("gebeld", t.gebeld)
    tabel.cel("niet_gebeld", t.gevraagd - t.gebeld)
    tabel.cel("op_tijd", t.op_tijd)
    tabel.cel("te_laat", t.gebeld - t.op_tijd)
    tabel.cel("bereikt", t.bereikt)
    tabel.cel("niet_bereikt", t.gebeld - t.bereikt)
    tabel.lijn(["gebeld", "niet_gebeld"], "gevraagd")
    tabel.lijn(["op_tijd", "te_laat"], "gebeld")
    tabel.lijn(["bereikt", "niet_bereikt"], "gebeld")
    return tabel.afschermen()


def figuur(terugbellen: list[list[Terugbellen]], drie: Drie) -> Figuur:
    """Per period the counts of its months: each month protected on its own, a period
    their sum (afscherming.per_periode), so comparing periods tells no small count."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = [per_periode([_cellen(t) for t in maanden]) for maanden in terugbellen]
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
