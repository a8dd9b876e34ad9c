"""Lead times in working days: to the first contact, to an accepted referral, to closing."""

from __future__ import annotations

from ..afscherming import ALLE, Cel, Tabel, kruistabel, per_periode
from ..cijfers import Afsluiting, Contacten, Filters, Verdeling, Verwijzingen
from ..perioden import Periode
from .figuur import KERNEN, Figuur, Grafiek, Reeks, Rij, Soort, bouwstenen, dagen, per_kern_kanaal

DOORLOOPTIJDEN = Soort(
    "doorlooptijden",
    "Doorlooptijden in werkdagen",
    "Hoeveel werkdagen het duurde (weekenden en feestdagen tellen niet mee). Eerste "
    "contact en afsluiten: wat in deze periode gebeurde. Doorverwijzingen: die in deze "
    "periode zijn verstuurd en geaccepteerd. ‘90% binnen’: negen van de tien waren binnen "
    "zoveel werkdagen klaar.",
    ("Doorlooptijd", "Aantal", "Mediaan", "90% binnen"),
)


def gecontacteerd(maanden: list[Contacten], periode: Periode, filters: Filters) -> Cel:
    """The first contacts of `periode` under `filters`: per month a cell of one table per
    kern × kanaal with every margin (`maanden`: the counts of each month without a kern or
    kanaal filter), added up over the months."""

    def atoom(c: Contacten, maand: Periode) -> dict:
        tellingen, kanalen = per_kern_kanaal(c.per_kern_kanaal)
        tabel = Tabel()
        kruistabel(tabel, "contact", tellingen, KERNEN, kanalen)
        return {
            "contact": tabel.afschermen()["contact", filters.kern or ALLE, filters.kanaal or ALLE]
        }

    return per_periode(bouwstenen(periode, maanden, atoom))["contact"]


def figuur(
    contact: Verdeling,
    afsluiting: Afsluiting,
    verwijzingen: Verwijzingen,
    *,
    gecontacteerd: Cel,
    geaccepteerd: Cel | str,
    afgesloten: Cel,
) -> Figuur:
    """The medians of the whole period; the counts next to them (`gecontacteerd`,
    `geaccepteerd`, `afgesloten`) are the sums of its months, protected as the other tables
    show them."""
    regels = [
        ("Van vraag tot eerste contact", gecontacteerd, contact),
        ("Van doorverwijzing tot geaccepteerd", geaccepteerd, verwijzingen.werkdagen),
        ("Van vraag tot afsluiten", afgesloten, afsluiting.werkdagen),
    ]
    return DOORLOOPTIJDEN.figuur(
        [Rij(naam, [n, dagen(v), dagen(v, 0.9)]) for naam, n, v in regels],
        Grafiek(
            "staven",
            [naam for naam, _, _ in regels],
            [
                Reeks("Mediaan", [dagen(v) for _, _, v in regels]),
                Reeks("90% binnen", [dagen(v, 0.9) for _, _, v in regels]),
            ],
            eenheid=" werkdagen",
        ),
    )
