"""Openings of the toegangslocaties with at least the minimum staffing."""

from __future__ import annotations

from locaties.models import Toegangslocatie

from ..afscherming import Tabel
from ..cijfers import Bezetting, Filters
from .figuur import Figuur, Grafiek, Reeks, Rij, Soort, Waarde, procent

BEZETTING = Soort(
    "bezetting",
    "Openingen met genoeg bezetting",
    "Openingen van de toegangslocaties in deze periode, en hoeveel daarvan minstens de "
    "minimale bezetting hadden (de raad vraagt er twee).",
    ("Toegangslocatie", "Openingen", "Met genoeg bezetting", "Aandeel"),
)


def figuur(b: Bezetting, filters: Filters) -> tuple[Figuur, Waarde]:
    """The figure, and the share of all openings with enough staff."""
    locaties = [
        (slug, naam)
        for slug, naam in Toegangslocatie.objects.order_by("volgorde", "naam").values_list(
            "slug", "naam"
        )
        if slug in b.per_locatie
    ]
    t = Tabel()
    for slug, _ in [*locaties, ("totaal", "")]:
        openingen, op_sterkte = (
            (b.openingen, b.op_sterkte) if slug == "totaal" else b.per_locatie[slug]
        )
        t.cel((slug, "openingen"), openingen)
        t.cel((slug, "op sterkte"), op_sterkte)
        t.cel((slug, "onder"), openingen - op_sterkte)
        t.lijn([(slug, "op sterkte"), (slug, "onder")], (slug, "openingen"))
    for k in ("openingen", "op sterkte", "onder"):
        t.lijn([(slug, k) for slug, _ in locaties], ("totaal", k))
    c = t.afschermen()
    opmerking = ""
    if filters.levensdomein:
        opmerking = "Het filter levensdomein geldt niet voor de bezetting: die is per locatie."
    if (filters.kern or filters.kanaal) and not locaties:
        opmerking = "Bij deze keuze hoort geen toegangslocatie, dus ook geen openingen."

    def aandeel(slug):
        return procent(c[slug, "op sterkte"], c[slug, "openingen"])

    figuur = BEZETTING.figuur(
        [
            Rij(naam, [c[slug, "openingen"], c[slug, "op sterkte"], aandeel(slug)])
            for slug, naam in locaties
        ]
        + [
            Rij(
                "Totaal",
                [c["totaal", "openingen"], c["totaal", "op sterkte"], aandeel("totaal")],
                totaal=True,
            )
        ],
        Grafiek(
            "staven",
            [naam for _, naam in locaties],
            [Reeks("Met genoeg bezetting", [aandeel(slug) for slug, _ in locaties])],
            maximum=100,
            eenheid="%",
        ),
        opmerking,
    )
    return figuur, aandeel("totaal")
