"""Referrals per receiver and the reasons for declining them (one table, protected
together: the declined per receiver add up to the declined per reason; per month, per kern
× kanaal with every margin whatever filter a page has, and a longer period shows the sums
of its months, see rapportage.afscherming)."""

from __future__ import annotations

from sociale_kaart.models import Organisatie
from toegang.accounts.roles import Team

from ..afscherming import Cel
from ..cijfers import Doorverwijzingen, Filters, Verwijzingen
from .figuur import (
    GEEN,
    PROCENT,
    Bouwsteen,
    Grafiek,
    Reeks,
    Rij,
    Soort,
    Waarde,
    dagen,
    kern_kanaal_tabel,
    lezen,
    procent,
)

PER_ONTVANGER = Soort(
    "doorverwijzingen",
    "Doorverwijzingen per organisatie of team",
    "Doorverwijzingen die in deze periode zijn verstuurd, en wat ermee gebeurde: "
    "geaccepteerd, afgewezen of verlopen (niemand reageerde op tijd). Mediaan: werkdagen "
    "van versturen tot accepteren.",
    ("Ontvanger", "Verstuurd", "Geaccepteerd", "Afgewezen", "Mediaan werkdagen tot accepteren", "Verlopen"),
)  # fmt: skip
REDENEN = Soort(
    "redenen",
    "Redenen van afwijzen",
    "Waarom doorverwijzingen werden afgewezen. Een reden staat er alleen als hij bij "
    "minstens vijf verschillende hulpvragen precies zo is gegeven; andere redenen zijn "
    "samengenomen.",
    ("Reden", "Afgewezen", "Aandeel"),
)
SOORTEN = (PER_ONTVANGER, REDENEN)


def _ontvanger_naam(soort: str, sleutel: str, organisaties: dict) -> str:
    if soort == "organisatie":
        return organisaties.get(sleutel, "Onbekende organisatie")
    if soort == "team":
        return f"{Team(sleutel).label} (intern)" if sleutel in Team.values else sleutel
    return "Een collega van de toegang (intern)"


KOLOMMEN = ("verstuurd", "geaccepteerd", "afgewezen", "verlopen")
TOTAAL = "totaal"


def atoom(maand_cijfers: tuple[Doorverwijzingen, dict]) -> dict:
    """One month's referrals, protected as one table whatever filter a page has: the
    referrals sent per kern × kanaal with every margin (`figuur.kern_kanaal_tabel`), and at
    its margin of all (the page without a kern or kanaal filter) sent, accepted, declined
    and expired with the rest of each (what a percentage would give away), per receiver
    adding up to the total, and the reasons of declining adding up to the total declined.

    Per kern × kanaal a page shows what was sent, not what became of it nor who received
    it: per receiver nearly every count would be small, and a table of outcome × kern ×
    kanaal comes out all hidden under the small-numbers rule (three directions of lines;
    measured on the benchmark's region). `maand_cijfers`: the month's counts and reasons
    (per reason, kern and kanaal) without a kern or kanaal filter. Cells ((receiver or
    TOTAAL, column) or ("reden", reason), kern, kanaal), ALLE for a margin."""
    d, redenen = maand_cijfers

    def kolommen(v: Verwijzingen) -> dict:
        waarden = {k: getattr(v, k) for k in KOLOMMEN}
        return waarden | {f"niet {k}": v.verstuurd - waarden[k] for k in KOLOMMEN[1:]}

    def rest(o) -> list:
        """Each column and its rest add up to what was sent."""
        return [(((o, k), (o, f"niet {k}")), (o, "verstuurd")) for k in KOLOMMEN[1:]]

    verstuurd = {plek: aantallen[0] for plek, aantallen in d.per_kern_kanaal.items()}
    marge: dict = {}
    for o, v in [(TOTAAL, d.totaal), *d.per_ontvanger.items()]:
        for k, n in kolommen(v).items():
            if (o, k) != (TOTAAL, "verstuurd"):  # the corner of the table
                marge[o, k] = n
    for (reden, _, _), n in redenen.items():
        marge["reden", reden] = marge.get(("reden", reden), 0) + n
    return kern_kanaal_tabel(
        {(TOTAAL, "verstuurd"): verstuurd},
        (),
        marge,
        [
            *(lijn for o in [TOTAAL, *d.per_ontvanger] for lijn in rest(o)),
            *(([(o, k) for o in d.per_ontvanger], (TOTAAL, k)) for k in KOLOMMEN),
            ([n for n in marge if n[0] == "reden"], (TOTAAL, "afgewezen")),
        ],
    )


def samen(stenen: list[Bouwsteen], filters: Filters) -> dict:
    """The protected cells a page under `filters` shows of a period: the sums of its
    months' (`stenen`: each month's `atoom`), (receiver or TOTAAL, column) and ("reden",
    reason) → Cel; with a kern or kanaal filter only (TOTAAL, "verstuurd")."""
    if filters.kern or filters.kanaal:
        namen = {(TOTAAL, "verstuurd")}
    else:
        namen = {(TOTAAL, k) for k in KOLOMMEN}
        namen |= {sleutel[0] for steen in stenen for sleutel in steen}
    return lezen(stenen, namen, filters)


OPMERKING = (
    "Met een filter op kern of kanaal staat hier alleen hoeveel doorverwijzingen er zijn "
    "verstuurd: per {wat} zouden bijna alle aantallen te klein zijn om te tonen."
)


def figuren(c: dict, d: Doorverwijzingen, filters: Filters) -> tuple[list, dict]:
    """Per receiver: sent, accepted, declined and expired; and the reasons for declining
    (`c`: the period's cells under the filters, `samen`; `d`: the whole period's counts
    under the filters, for the medians). A receiver or reason is a row where its count is
    not 0; with a kern or kanaal filter only what was sent in all. Also the protected
    cells the key figures show."""
    nul = Cel(0)
    ontvangers = [
        naam[0] for naam in c if naam[0] not in (TOTAAL, "reden") and naam[1] == "verstuurd" and c[naam] != nul
    ]  # fmt: skip
    redenen = {naam[1]: c[naam] for naam in c if naam[0] == "reden" and c[naam] != nul}
    gefilterd = bool(filters.kern or filters.kanaal)

    def pct(o, k):
        if (o, k) not in c:
            return Waarde(None, PROCENT)
        return procent(c[o, k], c[o, "verstuurd"])

    organisaties = {
        str(pk): naam
        for pk, naam in Organisatie.objects.filter(
            pk__in=[s for soort, s in ontvangers if soort == "organisatie"]
        ).values_list("pk", "naam")
    }
    ontvangers.sort(key=lambda o: (o[0] != "organisatie", _ontvanger_naam(*o, organisaties)))
    # Largest first by what the page shows (a hidden count sorts by its name).
    gesorteerd = sorted(redenen, key=lambda r: (r is None, -(redenen[r].aantal or 0), r or ""))

    def rij(o, naam, v, totaal=False):
        return Rij(
            naam,
            [
                c[o, "verstuurd"],
                pct(o, "geaccepteerd"),
                pct(o, "afgewezen"),
                dagen(v.werkdagen),
                c.get((o, "verlopen"), GEEN),
            ],
            totaal,
        )

    namen = {o: _ontvanger_naam(*o, organisaties) for o in ontvangers}
    per_ontvanger = PER_ONTVANGER.figuur(
        [rij(o, namen[o], d.per_ontvanger.get(o, Verwijzingen())) for o in ontvangers]
        + [rij(TOTAAL, "Totaal", d.totaal, totaal=True)],
        Grafiek(
            "staven",
            [namen[o] for o in ontvangers],
            [Reeks("Verstuurd", [c[o, "verstuurd"] for o in ontvangers])],
        ),
        OPMERKING.format(wat="organisatie of team") if gefilterd else "",
    )
    reden_naam = {r: r or "Andere redenen" for r in gesorteerd}
    afgewezen = c.get((TOTAAL, "afgewezen"), GEEN)
    per_reden = REDENEN.figuur(
        [Rij(reden_naam[r], [c["reden", r], procent(c["reden", r], afgewezen)]) for r in gesorteerd]
        + [Rij("Totaal afgewezen", [afgewezen, GEEN], totaal=True)],
        Grafiek(
            "staven",
            [reden_naam[r] for r in gesorteerd],
            [Reeks("Afgewezen", [c["reden", r] for r in gesorteerd])],
        ),
        OPMERKING.format(wat="reden") if gefilterd else "",
    )
    getoond = {
        "verstuurd": c[TOTAAL, "verstuurd"],
        "geaccepteerd": c.get((TOTAAL, "geaccepteerd"), GEEN),
        "geaccepteerd%": pct(TOTAAL, "geaccepteerd"),
    }
    return [per_ontvanger, per_reden], getoond
