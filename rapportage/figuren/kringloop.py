"""The loop closed with the resident (issue 16): of the referrals whose resident was asked
"Is de hulp gestart?", how many the partner closed with an outcome, how many the resident
confirmed, how many both (closed with a good outcome), and how often the two differ."""

from __future__ import annotations

from ..cijfers import Filters, Kringloop
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, kern_kanaal_tabel, lezen, procent

KRINGLOOP = Soort(
    "kringloop",
    "Doorverwijzingen: klopt het volgens de inwoner?",
    "Doorverwijzingen waarvan de inwoner in de periode werd gevraagd: is de hulp gestart? "
    "Partner: de partner heeft de doorverwijzing afgerond met een uitkomst. Inwoner: de "
    "inwoner antwoordde ja. Een doorverwijzing telt pas als afgerond met een goede uitkomst "
    "als allebei kloppen. Verschillen: van de inwoners die ja of nee antwoordden, hoe vaak "
    "hun antwoord niet past bij wat de partner vastlegde.",
    (
        "Periode",
        "Gevraagd",
        "Goede uitkomst volgens partner",
        "Hulp gestart volgens inwoner",
        "Afgerond met goede uitkomst",
        "Beantwoord",
        "Verschillen",
    ),
)

_CELLEN = ("goed_ja", "goed_nee", "goed_open", "open_ja", "open_nee", "open_open")
_SOMMEN = {
    "goed": ("goed_ja", "goed_nee", "goed_open"),
    "niet_goed": ("open_ja", "open_nee", "open_open"),
    "ja": ("goed_ja", "open_ja"),
    "nee": ("goed_nee", "open_nee"),
    "geen_antwoord": ("goed_open", "open_open"),
    "gelijk": ("goed_ja", "open_nee"),
    "verschil": ("goed_nee", "open_ja"),
    "beantwoord": ("goed_ja", "goed_nee", "open_ja", "open_nee"),
    "gevraagd": _CELLEN,
}
_LIJNEN = [
    *((delen, totaal) for totaal, delen in _SOMMEN.items() if totaal not in ("beantwoord", "gevraagd")),
    (("ja", "nee"), "beantwoord"),
    (("gelijk", "verschil"), "beantwoord"),
    (("goed", "niet_goed"), "gevraagd"),
    (("ja", "nee", "geen_antwoord"), "gevraagd"),
    (("beantwoord", "geen_antwoord"), "gevraagd"),
]  # fmt: skip


def atoom(k: Kringloop) -> dict:
    """One month's two-by-three table (partner closed or not, by ja / nee / no answer) with
    every sum a figure shows, per kern × kanaal with every margin, protected as one table
    whatever filter a page has (`figuur.kern_kanaal_tabel`): no small count follows from
    the others. `k`: the month's counts without a kern or kanaal filter."""
    tellingen = {
        naam: {s: sum(c.get(d, 0) for d in delen) for s, c in k.per_kern_kanaal.items()}
        for naam, delen in [*((c, (c,)) for c in _CELLEN), *_SOMMEN.items()]
    }
    return kern_kanaal_tabel(tellingen, _LIJNEN)


_GETOOND = ("gevraagd", "goed", "ja", "goed_ja", "beantwoord", "verschil")


def figuur(kringloop: list[list[Kringloop]], drie: Drie, filters: Filters) -> Figuur:
    """Per period the sums of its months (counted without a kern or kanaal filter), each
    month one table protected on its own, a page its cells (`figuur.lezen`), so comparing
    periods or filters tells no small count. `kringloop`: per period of `drie.uniek`."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = drie.drie(
        [lezen([atoom(k) for k in maanden], _GETOOND, filters) for maanden in kringloop]
    )
    rijen, partner, inwoner, beide = [], [], [], []
    for naam, periode, c in zip(namen, drie.perioden, cellen, strict=True):
        waarden = [
            procent(c["goed"], c["gevraagd"]),
            procent(c["ja"], c["gevraagd"]),
            procent(c["goed_ja"], c["gevraagd"]),
        ]
        partner.append(waarden[0])
        inwoner.append(waarden[1])
        beide.append(waarden[2])
        rijen.append(
            Rij(
                f"{naam} ({periode.naam})",
                [c["gevraagd"], *waarden, c["beantwoord"], procent(c["verschil"], c["beantwoord"])],
            )
        )
    return KRINGLOOP.figuur(
        rijen,
        Grafiek(
            "staven",
            namen,
            [
                Reeks("Goede uitkomst volgens partner", partner),
                Reeks("Hulp gestart volgens inwoner", inwoner),
                Reeks("Afgerond met goede uitkomst", beide),
            ],
            maximum=100,
            eenheid="%",
        ),
    )
