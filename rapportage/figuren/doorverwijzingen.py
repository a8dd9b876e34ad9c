"""Referrals per receiver and the reasons for declining them (one table, protected
together: the declined per receiver add up to the declined per reason; per month, and a
longer period shows the sums of its months, see rapportage.afscherming)."""

from __future__ import annotations

from sociale_kaart.models import Organisatie
from toegang.accounts.roles import Team

from ..afscherming import Cel, Tabel, per_periode
from ..cijfers import Doorverwijzingen
from ..perioden import Periode
from .figuur import GEEN, Grafiek, Reeks, Rij, Soort, bouwstenen, dagen, procent

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


def atoom(maand_cijfers: tuple[Doorverwijzingen, dict], maand: Periode) -> dict:
    """One month's referrals, protected as one table: per receiver sent, accepted, declined
    and expired, with the rest of each (what a percentage would give away); the receivers
    add up to the total, and the reasons of declining to the total declined."""
    d, redenen = maand_cijfers
    t = Tabel()
    for o in [*d.per_ontvanger, "totaal"]:
        v = d.totaal if o == "totaal" else d.per_ontvanger[o]
        for k in KOLOMMEN:
            t.cel((o, k), getattr(v, k))
        for k in KOLOMMEN[1:]:
            t.cel((o, f"niet {k}"), v.verstuurd - getattr(v, k))
            t.lijn([(o, k), (o, f"niet {k}")], (o, "verstuurd"))
    for k in KOLOMMEN:
        t.lijn([(o, k) for o in d.per_ontvanger], ("totaal", k))
    for r, aantal in redenen.items():
        t.cel(("reden", r), aantal)
    t.lijn([("reden", r) for r in redenen], ("totaal", "afgewezen"))
    return t.afschermen()


def samen(maanden: list[tuple[Doorverwijzingen, dict]], periode: Periode) -> dict:
    """The protected cells of a period: the sums of its months'."""
    return per_periode(bouwstenen(periode, maanden, atoom))


def figuren(
    maanden: list[tuple[Doorverwijzingen, dict]], d: Doorverwijzingen, periode: Periode
) -> tuple[list, dict]:
    """Per receiver: sent, accepted, declined and expired; and the reasons for declining,
    each the sums of the months of `periode` (`maanden`: per month its counts and reasons;
    `d`: the whole period's, for the medians). Also the protected cells the key figures
    show."""
    c = samen(maanden, periode)
    redenen: dict = {}
    for _, per_maand in maanden:
        for r, aantal in per_maand.items():
            redenen[r] = redenen.get(r, 0) + aantal
    organisaties = {
        str(pk): naam
        for pk, naam in Organisatie.objects.filter(
            pk__in=[s for soort, s in d.per_ontvanger if soort == "organisatie"]
        ).values_list("pk", "naam")
    }
    ontvangers = sorted(
        d.per_ontvanger, key=lambda o: (o[0] != "organisatie", _ontvanger_naam(*o, organisaties))
    )
    gesorteerd = sorted(redenen, key=lambda r: (r is None, -redenen[r], r or ""))
    c = {("totaal", k): Cel(0) for k in KOLOMMEN} | c

    def rij(o, naam, v, totaal=False):
        return Rij(
            naam,
            [
                c[o, "verstuurd"],
                procent(c[o, "geaccepteerd"], c[o, "verstuurd"]),
                procent(c[o, "afgewezen"], c[o, "verstuurd"]),
                dagen(v.werkdagen),
                c[o, "verlopen"],
            ],
            totaal,
        )

    namen = {o: _ontvanger_naam(*o, organisaties) for o in ontvangers}
    per_ontvanger = PER_ONTVANGER.figuur(
        [rij(o, namen[o], d.per_ontvanger[o]) for o in ontvangers]
        + [rij("totaal", "Totaal", d.totaal, totaal=True)],
        Grafiek(
            "staven",
            [namen[o] for o in ontvangers],
            [Reeks("Verstuurd", [c[o, "verstuurd"] for o in ontvangers])],
        ),
    )
    reden_naam = {r: r or "Andere redenen" for r in gesorteerd}
    afgewezen = c["totaal", "afgewezen"]
    per_reden = REDENEN.figuur(
        [Rij(reden_naam[r], [c["reden", r], procent(c["reden", r], afgewezen)]) for r in gesorteerd]
        + [Rij("Totaal afgewezen", [afgewezen, GEEN], totaal=True)],
        Grafiek(
            "staven",
            [reden_naam[r] for r in gesorteerd],
            [Reeks("Afgewezen", [c["reden", r] for r in gesorteerd])],
        ),
    )
    getoond = {
        "verstuurd": c["totaal", "verstuurd"],
        "geaccepteerd": c["totaal", "geaccepteerd"],
        "geaccepteerd%": procent(c["totaal", "geaccepteerd"], c["totaal", "verstuurd"]),
    }
    return [per_ontvanger, per_reden], getoond
