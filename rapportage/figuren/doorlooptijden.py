"""Lead times in working days: to the first contact, to an accepted referral, to closing."""

from __future__ import annotations

from ..afscherming import Cel
from ..cijfers import Afsluiting, Verdeling, Verwijzingen
from .figuur import Figuur, Grafiek, Reeks, Rij, Soort, dagen

DOORLOOPTIJDEN = Soort(
    "doorlooptijden",
    "Doorlooptijden in werkdagen",
    "Hoeveel werkdagen het duurde (weekenden en feestdagen tellen niet mee). Eerste "
    "contact en afsluiten: wat in deze periode gebeurde. Doorverwijzingen: die in deze "
    "periode zijn verstuurd en geaccepteerd. ‘90% binnen’: negen van de tien waren binnen "
    "zoveel werkdagen klaar.",
    ("Doorlooptijd", "Aantal", "Mediaan", "90% binnen"),
)


def figuur(
    contact: Verdeling,
    afsluiting: Afsluiting,
    verwijzingen: Verwijzingen,
    *,
    gecontacteerd: Cel,
    geaccepteerd: Cel,
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
