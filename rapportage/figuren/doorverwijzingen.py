"""Referrals per receiver and the reasons for declining them (one table, protected
together: the declined per receiver add up to the declined per reason)."""

from __future__ import annotations

from sociale_kaart.models import Organisatie
from toegang.accounts.roles import Team

from ..afscherming import Tabel
from ..cijfers import Doorverwijzingen
from .figuur import GEEN, Grafiek, Reeks, Rij, Soort, dagen, procent

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


def figuren(d: Doorverwijzingen, redenen: dict) -> tuple[list, dict]:
    """Per receiver: sent, accepted, declined and expired, with the rest of each (what a
    percentage would give away) protected as well; and the reasons for declining. Also
    the protected cells the key figures show."""
    organisaties = {
        str(pk): naam
        for pk, naam in Organisatie.objects.filter(
            pk__in=[s for soort, s in d.per_ontvanger if soort == "organisatie"]
        ).values_list("pk", "naam")
    }
    ontvangers = sorted(
        d.per_ontvanger, key=lambda o: (o[0] != "organisatie", _ontvanger_naam(*o, organisaties))
    )
    kolommen = ("verstuurd", "geaccepteerd", "afgewezen", "verlopen")
    t = Tabel()
    for o in [*ontvangers, "totaal"]:
        v = d.totaal if o == "totaal" else d.per_ontvanger[o]
        for k in kolommen:
            t.cel((o, k), getattr(v, k))
        for k in kolommen[1:]:
            t.cel((o, f"niet {k}"), v.verstuurd - getattr(v, k))
            t.lijn([(o, k), (o, f"niet {k}")], (o, "verstuurd"))
    for k in kolommen:
        t.lijn([(o, k) for o in ontvangers], ("totaal", k))
    gesorteerd = sorted(redenen, key=lambda r: (r is None, -redenen[r], r or ""))
    for r in gesorteerd:
        t.cel(("reden", r), redenen[r])
    t.lijn([("reden", r) for r in gesorteerd], ("totaal", "afgewezen"))
    c = t.afschermen()

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
    samen = {
        "verstuurd": c["totaal", "verstuurd"],
        "geaccepteerd": c["totaal", "geaccepteerd"],
        "geaccepteerd%": procent(c["totaal", "geaccepteerd"], c["totaal", "verstuurd"]),
    }
    return [per_ontvanger, per_reden], samen
