"""The loop closed with the resident (issue 16): of the referrals whose resident was asked
"Is de hulp gestart?", how many the partner closed with an outcome, how many the resident
confirmed, how many both (closed with a good outcome), and how often the two differ."""

from __future__ import annotations

from ..afscherming import Tabel, per_periode
from ..cijfers import Kringloop
from .figuur import Drie, Figuur, Grafiek, Reeks, Rij, Soort, procent

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


def _cellen(k: Kringloop) -> dict:
    """One month's two-by-three table (partner closed or not, by ja / nee / no answer) with
    every sum a figure shows, protected together: no small count follows from the others."""
    t = Tabel()
    for naam in _CELLEN:
        t.cel(naam, getattr(k, naam))
    som = {
        "goed": ("goed_ja", "goed_nee", "goed_open"),
        "niet_goed": ("open_ja", "open_nee", "open_open"),
        "ja": ("goed_ja", "open_ja"),
        "nee": ("goed_nee", "open_nee"),
        "geen_antwoord": ("goed_open", "open_open"),
        "gelijk": ("goed_ja", "open_nee"),
        "verschil": ("goed_nee", "open_ja"),
    }
    for totaal, delen in som.items():
        t.cel(totaal, sum(getattr(k, d) for d in delen))
        t.lijn(list(delen), totaal)
    t.cel("beantwoord", k.goed_ja + k.goed_nee + k.open_ja + k.open_nee)
    t.lijn(["ja", "nee"], "beantwoord")
    t.lijn(["gelijk", "verschil"], "beantwoord")
    t.cel("gevraagd", sum(getattr(k, naam) for naam in _CELLEN))
    t.lijn(["goed", "niet_goed"], "gevraagd")
    t.lijn(["ja", "nee", "geen_antwoord"], "gevraagd")
    t.lijn(["beantwoord", "geen_antwoord"], "gevraagd")
    return t.afschermen()


def figuur(kringloop: list[list[Kringloop]], drie: Drie) -> Figuur:
    """Per period the sums of its months, each month protected on its own
    (afscherming.per_periode), so comparing periods tells no small count."""
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    cellen = [per_periode([_cellen(k) for k in maanden]) for maanden in kringloop]
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
