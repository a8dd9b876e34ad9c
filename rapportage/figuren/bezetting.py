"""Openings of the toegangslocaties with at least the minimum staffing."""

from __future__ import annotations

from locaties.models import Toegangslocatie

from ..afscherming import Cel, Tabel, per_periode, samenvoegen
from ..cijfers import Bezetting, Filters, locaties_in_scope
from .figuur import Figuur, Grafiek, Reeks, Rij, Soort, Waarde, procent

BEZETTING = Soort(
    "bezetting",
    "Openingen met genoeg bezetting",
    "Openingen van de toegangslocaties in deze periode, en hoeveel daarvan minstens de "
    "minimale bezetting hadden (de raad vraagt er twee).",
    ("Toegangslocatie", "Openingen", "Met genoeg bezetting", "Aandeel"),
)


KOLOMMEN = ("openingen", "op sterkte", "onder")
TOTAAL = "totaal"


def atoom(b: Bezetting) -> dict:
    """One month's openings of every location (`b`: counted without a filter), protected as
    one table whatever filter a page has: per location the openings, those at strength and
    the rest, the locations adding up to the total. A page shows the rows of the locations
    its filter is about (`gefilterd`)."""
    t = Tabel()
    for slug in [*b.per_locatie, TOTAAL]:
        openingen, op_sterkte = (
            (b.openingen, b.op_sterkte) if slug == TOTAAL else b.per_locatie[slug]
        )
        t.cel((slug, "openingen"), openingen)
        t.cel((slug, "op sterkte"), op_sterkte)
        t.cel((slug, "onder"), openingen - op_sterkte)
        t.lijn([(slug, "op sterkte"), (slug, "onder")], (slug, "openingen"))
    for k in KOLOMMEN:
        t.lijn([(slug, k) for slug in b.per_locatie], (TOTAAL, k))
    return t.afschermen()


def gefilterd(maanden: list[Bezetting], filters: Filters) -> tuple[dict, list[str]]:
    """The cells a page under `filters` shows of a period (`maanden`: each month's openings
    of every location): the sums of the months' cells (`afscherming.per_periode`) of the
    locations in scope (`cijfers.locaties_in_scope`), and their total: of all, or (under a
    kern or kanaal filter) the sum of the rows shown, hidden as soon as one of them is. Also
    the slugs in scope."""
    cellen = per_periode([atoom(b) for b in maanden])
    slugs = [locatie.slug for locatie in locaties_in_scope(filters)]
    uitkomst = {(s, k): cellen.get((s, k), Cel(0)) for s in slugs for k in KOLOMMEN}
    for k in KOLOMMEN:
        if filters.kern or filters.kanaal:
            uitkomst[TOTAAL, k] = samenvoegen([uitkomst[s, k] for s in slugs])
        else:
            uitkomst[TOTAAL, k] = cellen.get((TOTAAL, k), Cel(0))
    return uitkomst, slugs


def aandeel(maanden: list[Bezetting], filters: Filters) -> Waarde:
    """The share of the openings in scope with enough staff in a period."""
    c, _ = gefilterd(maanden, filters)
    return procent(c[TOTAAL, "op sterkte"], c[TOTAAL, "openingen"])


def figuur(maanden: list[Bezetting], filters: Filters) -> tuple[Figuur, Waarde]:
    """The figure (`maanden`: each month's openings of every location), and the share of the
    openings in scope with enough staff."""
    c, slugs = gefilterd(maanden, filters)
    locaties = [
        (slug, naam)
        for slug, naam in Toegangslocatie.objects.order_by("volgorde", "naam").values_list(
            "slug", "naam"
        )
        if slug in slugs
    ]
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
                [c[TOTAAL, "openingen"], c[TOTAAL, "op sterkte"], aandeel(TOTAAL)],
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
    return figuur, aandeel(TOTAAL)
