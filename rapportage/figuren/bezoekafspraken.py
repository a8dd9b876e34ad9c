"""Appointments at the front door: booked, cancelled, came and did not come (no-show).
Not the commitments on a case (afspraken.py)."""

from __future__ import annotations

from ..afscherming import Tabel, per_periode
from ..cijfers import Bezoekafspraken
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, procent

BEZOEKAFSPRAKEN = Soort(
    "bezoekafspraken",
    "Afspraken aan de balie: geboekt en niet gekomen",
    "Afspraken die inwoners maakten om langs te komen bij de Hofstraat of in Dinxperlo, "
    "voor een dag in de periode: hoeveel er werden afgezegd (door de inwoner, of omdat het "
    "rooster de tijd niet meer had), hoeveel inwoners kwamen en hoeveel niet.",
    ("Periode", "Geboekt", "Afgezegd", "Geweest", "Niet gekomen", "Niet gekomen (%)"),
)


def _cellen(b: Bezoekafspraken) -> dict:
    """One period's counts, protected together: each part and its rest add up to the one
    above it, so no small count follows from the others."""
    verwacht = b.geboekt - b.afgezegd
    tabel = Tabel()
    tabel.cel("geboekt", b.geboekt)
    tabel.cel("afgezegd", b.afgezegd)
    tabel.cel("verwacht", verwacht)
    tabel.cel("geweest", b.geweest)
    tabel.cel("niet_gekomen", b.niet_gekomen)
    tabel.cel("nog_open", verwacht - b.geweest - b.niet_gekomen)
    tabel.cel("afgehandeld", b.geweest + b.niet_gekomen)
    tabel.lijn(["verwacht", "afgezegd"], "geboekt")
    tabel.lijn(["afgehandeld", "nog_open"], "verwacht")
    tabel.lijn(["geweest", "niet_gekomen"], "afgehandeld")
    return tabel.afschermen()


def figuur(bezoekafspraken: list[list[Bezoekafspraken]], drie: Drie) -> Figuur:
    """Per period the counts of its months: each month protected on its own, a period
    their sum (afscherming.per_periode), so comparing periods tells no small count. The
    no-show share is of the appointments whose outcome was recorded."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = [per_periode([_cellen(b) for b in maanden]) for maanden in bezoekafspraken]
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
