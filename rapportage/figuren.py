"""The dashboard as figures: each one a chart and the table under it.

This module turns the counts of `cijfers` into what a page, a CSV or an XLSX shows. Every
count passes the small-numbers rule (`afscherming`) on its way: cells that appear in more
than one table (the total of the questions that came in, the questions closed per route)
are one cell, protected once, so no table can undo another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from intake.models import Kanaal, Route
from locaties.models import Kern, Toegangslocatie
from sociale_kaart.models import Levensdomein, Organisatie
from toegang.accounts.roles import Team

from . import cijfers, maandcijfers
from .afscherming import Cel, Tabel, aandeel, enkel, genoeg, paar
from .cijfers import LOCATIE_VAN_KANAAL, Filters
from .perioden import Periode

PROCENT, DAGEN, SCORE = "procent", "dagen", "score"
GEEN = "–"  # not shown: too few to show, or does not apply


def _komma(getal: float, decimalen: int = 1) -> str:
    tekst = f"{getal:.{decimalen}f}".replace(".", ",")
    return tekst.removesuffix(",0") if decimalen == 1 else tekst


@dataclass(frozen=True)
class Waarde:
    """A figure that is not a count: a percentage, a number of working days, a score."""

    getal: float | None
    soort: str

    @property
    def zichtbaar(self) -> bool:
        return self.getal is not None

    @property
    def tekst(self) -> str:
        if self.getal is None:
            return GEEN
        if self.soort == PROCENT:
            return f"{round(self.getal)}%"
        return _komma(self.getal)

    def __str__(self):
        return self.tekst

    @property
    def exportwaarde(self) -> float | str:
        return GEEN if self.getal is None else round(self.getal, 1)


def procent(deel: Cel, geheel: Cel) -> Waarde:
    return Waarde(aandeel(deel, geheel), PROCENT)


def dagen(verdeling: cijfers.Verdeling, fractie: float = 0.5) -> Waarde:
    """A median (or other percentile) of working days, only over enough cases."""
    if not genoeg(verdeling.n):
        return Waarde(None, DAGEN)
    return Waarde(verdeling.percentiel(fractie), DAGEN)


def gemiddelde(scores: cijfers.Scores, vraag: str) -> Waarde:
    if not genoeg(scores.aantal):
        return Waarde(None, SCORE)
    return Waarde(scores.gemiddelde(vraag), SCORE)


@dataclass
class Rij:
    label: str
    cellen: list
    totaal: bool = False


@dataclass
class Reeks:
    naam: str
    waarden: list


@dataclass
class Grafiek:
    """What a chart shows. `soort`: "staven" (horizontal bars per label), "kolommen" (vertical
    bars over time), "gestapeld" (stacked vertical bars over time)."""

    soort: str
    labels: list[str]
    reeksen: list[Reeks]
    maximum: float | None = None
    eenheid: str = ""


@dataclass
class Figuur:
    sleutel: str
    titel: str
    uitleg: str
    kolommen: list[str]
    rijen: list[Rij]
    grafiek: Grafiek | None = None
    opmerking: str = ""


@dataclass
class Tegel:
    titel: str
    waarde: object
    vorige: object
    vorig_jaar: object


@dataclass
class Dashboard:
    periode: Periode
    vorige: Periode
    vorig_jaar: Periode
    filters: Filters
    gegevens_van: datetime
    tegels: list[Tegel] = field(default_factory=list)
    figuren: list[Figuur] = field(default_factory=list)

    def figuur(self, sleutel: str) -> Figuur | None:
        return next((f for f in self.figuren if f.sleutel == sleutel), None)


# --- the three periods ----------------------------------------------------------------------------


class Drie:
    """The chosen period, the one before and the same one a year earlier, each computed once
    (for a whole year the period before is last year)."""

    def __init__(self, periode: Periode):
        self.perioden = [periode, periode.vorige(), periode.vorig_jaar()]
        self.uniek: list[Periode] = []
        self.index = []
        for p in self.perioden:
            sleutel = [(u.van, u.tot) for u in self.uniek]
            if (p.van, p.tot) in sleutel:
                self.index.append(sleutel.index((p.van, p.tot)))
            else:
                self.index.append(len(self.uniek))
                self.uniek.append(p)

    def drie(self, uitkomst: list) -> list:
        """Per unique period → per chosen, previous, last-year period."""
        return [uitkomst[i] for i in self.index]


# --- building the dashboard -------------------------------------------------------------------------


def dashboard_maken(*, periode: Periode, filters: Filters, vandaag: date) -> Dashboard:
    """Every figure for `periode` (with its comparisons) under `filters`."""
    drie = Drie(periode)
    perioden = drie.uniek
    geteld = drie.drie(maandcijfers.periodecijfers(perioden, filters, vandaag))
    instroom = [g.instroom for g in geteld]
    afsluiting = [g.afsluiting for g in geteld]
    contact = [g.contact for g in geteld]
    verwijzingen = [g.verwijzingen for g in geteld]
    afspraken = [g.afspraken for g in geteld]
    te_laat = cijfers.afspraken_te_laat(filters, vandaag)
    bezetting = drie.drie(cijfers.bezetting(perioden, filters))
    tevreden = drie.drie(cijfers.tevredenheid(perioden, filters))
    redenen = cijfers.redenen(periode, filters)

    # As recent as the oldest count used: a kept month, or now.
    van = min((g.van for g in geteld if g.van), default=None) or cijfers.gegevens_van()
    dashboard = Dashboard(periode, drie.perioden[1], drie.perioden[2], filters, van)
    instroom_figuren, instroom_totaal = _instroom_figuren(instroom[0], periode)
    route_figuren, route = _route_figuren(afsluiting, periode)
    verwijzing_figuren, verwijzing = _verwijzing_figuren(verwijzingen[0], redenen)
    bezetting_figuur, bezet = _bezetting_figuur(bezetting[0], filters)
    afspraak_figuur, op_tijd = _afspraken_figuur(afspraken, te_laat, filters, drie)
    tevreden_figuur = _tevredenheid_figuur(tevreden[0], filters)

    # The key figures with their comparisons: for the chosen period the very cells of the
    # tables below, for the others their own (one count each, or a part with its whole).
    n_in = [instroom_totaal] + [enkel(i.totaal) for i in instroom[1:]]
    laagdrempelig = [route["laagdrempelig%"]] + [
        procent(r["laagdrempelig"], r["totaal"]) for r in map(_route_reeks, afsluiting[1:])
    ]
    geaccepteerd = [verwijzing["geaccepteerd%"]] + [
        procent(*paar(v.totaal.geaccepteerd, v.totaal.verstuurd)) for v in verwijzingen[1:]
    ]
    op_sterkte = [bezet] + [procent(*paar(b.op_sterkte, b.openingen)) for b in bezetting[1:]]
    kern = [
        ("Hulpvragen binnengekomen", n_in),
        ("Hulpvragen afgesloten", [route["afgesloten"]] + [enkel(a.totaal) for a in afsluiting[1:]]),
        ("Beantwoord in de sociale basis of het voorliggend veld", laagdrempelig),
        ("Werkdagen tot het eerste contact (mediaan)", [dagen(c) for c in contact]),
        ("Werkdagen van vraag tot afsluiten (mediaan)", [dagen(a.werkdagen) for a in afsluiting]),
        ("Doorverwijzingen verstuurd", [verwijzing["verstuurd"]] + [enkel(v.totaal.verstuurd) for v in verwijzingen[1:]]),
        ("Doorverwijzingen geaccepteerd", geaccepteerd),
        ("Werkdagen tot een doorverwijzing is geaccepteerd (mediaan)", [dagen(v.totaal.werkdagen) for v in verwijzingen]),
        ("Afspraken op tijd nagekomen", op_tijd),
        ("Openingen met genoeg bezetting", op_sterkte),
        ("Tevredenheid: ‘ik ben geholpen’ (1 tot 5)", [gemiddelde(t.totaal, "geholpen") for t in tevreden]),
    ]  # fmt: skip
    dashboard.tegels = [
        Tegel(titel, *waarden)
        for titel, waarden in kern
        if titel
        in (
            "Hulpvragen binnengekomen",
            "Beantwoord in de sociale basis of het voorliggend veld",
            "Werkdagen tot het eerste contact (mediaan)",
            "Doorverwijzingen geaccepteerd",
            "Afspraken op tijd nagekomen",
            "Openingen met genoeg bezetting",
        )
    ]
    kerncijfers = Figuur(
        "kerncijfers",
        "Kerncijfers en vergelijking",
        "De belangrijkste cijfers van deze periode, naast de periode ervoor en dezelfde "
        "periode een jaar eerder.",
        [
            "Cijfer",
            f"Deze periode: {periode.naam}",
            f"Periode ervoor: {drie.perioden[1].naam}",
            f"Een jaar eerder: {drie.perioden[2].naam}",
        ],
        [Rij(titel, waarden) for titel, waarden in kern],
    )
    dashboard.figuren = [
        kerncijfers,
        *instroom_figuren,
        *route_figuren,
        _doorlooptijden_figuur(contact[0], afsluiting[0], verwijzingen[0], route, verwijzing),
        *verwijzing_figuren,
        afspraak_figuur,
        bezetting_figuur,
        tevreden_figuur,
    ]
    return dashboard


def _bekend(aantallen: dict, bekend, anders) -> dict:
    """Counts under the known values; anything else (written to the database by hand, say)
    under `anders`, so a table still adds up."""
    uitkomst: dict = {}
    for sleutel, aantal in aantallen.items():
        sleutel = sleutel if sleutel in bekend else anders
        uitkomst[sleutel] = uitkomst.get(sleutel, 0) + aantal
    return uitkomst


def _instroom_figuren(instroom: cijfers.Instroom, periode: Periode):
    """Per tijd, kanaal, toegangslocatie and kern one table, all on the same total."""
    per_kern = _bekend(instroom.per_kern, Kern.values, "")
    per_kanaal = _bekend(instroom.per_kanaal, Kanaal.values, "")
    kanalen = [*Kanaal.values, *([""] if per_kanaal.get("") else [])]
    t = Tabel()
    t.cel("totaal", instroom.totaal)
    for kanaal in kanalen:
        t.cel(("kanaal", kanaal), per_kanaal.get(kanaal, 0))
    t.lijn([("kanaal", k) for k in kanalen], "totaal")
    # Toegangslocatie follows from the kanaal: the counter kanalen are their cells.
    zonder = [k for k in kanalen if k not in LOCATIE_VAN_KANAAL]
    t.cel("geen-locatie", sum(per_kanaal.get(k, 0) for k in zonder))
    t.lijn([("kanaal", k) for k in zonder], "geen-locatie")
    t.lijn([*(("kanaal", k) for k in LOCATIE_VAN_KANAAL), "geen-locatie"], "totaal")
    kernen = [*Kern.values, ""]
    for kern in kernen:
        t.cel(("kern", kern), per_kern.get(kern, 0))
    t.lijn([("kern", k) for k in kernen], "totaal")
    emmers = periode.emmers()
    per_emmer = periode.per_emmer(instroom.per_emmer)
    for emmer in emmers:
        t.cel(("emmer", emmer), per_emmer.get(emmer, 0))
    t.lijn([("emmer", e) for e in emmers], "totaal")
    c = t.afschermen()
    totaal = c["totaal"]

    def deel(cel):
        return [cel, procent(cel, totaal)]

    per = {"day": "dag", "week": "week", "month": "maand", "quarter": "kwartaal"}[periode.eenheid]
    tijd = Figuur(
        "instroom-tijd",
        f"Hulpvragen binnengekomen per {per}",
        "Alle nieuwe hulpvragen, via elk kanaal, op de dag dat ze binnenkwamen.",
        [per.capitalize(), "Hulpvragen"],
        [Rij(periode.emmer_naam(e), [c["emmer", e]]) for e in emmers]
        + [Rij("Totaal", [totaal], totaal=True)],
        Grafiek(
            "kolommen",
            [periode.emmer_naam(e) for e in emmers],
            [Reeks("Hulpvragen", [c["emmer", e] for e in emmers])],
        ),
    )
    kanaal = Figuur(
        "instroom-kanaal",
        "Hulpvragen per kanaal",
        "Hoe de hulpvragen binnenkwamen.",
        ["Kanaal", "Hulpvragen", "Aandeel"],
        [Rij(_kanaal_naam(k), deel(c["kanaal", k])) for k in kanalen]
        + [Rij("Totaal", [totaal, procent(totaal, totaal)], totaal=True)],
        Grafiek(
            "staven",
            [_kanaal_naam(k) for k in kanalen],
            [Reeks("Hulpvragen", [c["kanaal", k] for k in kanalen])],
        ),
    )
    namen = dict(Toegangslocatie.objects.values_list("slug", "naam"))
    locatie_rijen = [
        (namen.get(slug, slug), c["kanaal", k]) for k, slug in LOCATIE_VAN_KANAAL.items()
    ] + [("Niet aan een balie (telefoon, website, e-mail, via een partner)", c["geen-locatie"])]
    locatie = Figuur(
        "instroom-locatie",
        "Hulpvragen per toegangslocatie",
        "Aan welke balie de hulpvraag binnenkwam. Vragen via telefoon, website, e-mail of "
        "een partner horen bij geen locatie.",
        ["Toegangslocatie", "Hulpvragen", "Aandeel"],
        [Rij(naam, deel(cel)) for naam, cel in locatie_rijen]
        + [Rij("Totaal", [totaal, procent(totaal, totaal)], totaal=True)],
        Grafiek(
            "staven",
            [naam for naam, _ in locatie_rijen],
            [Reeks("Hulpvragen", [cel for _, cel in locatie_rijen])],
        ),
    )
    kern_namen = [(Kern(k).label if k else "Onbekend", k) for k in kernen]
    kern = Figuur(
        "instroom-kern",
        "Hulpvragen per kern",
        "Uit welke kern of buurtschap de inwoner komt. ‘Onbekend’: niet gevraagd of niet gezegd.",
        ["Kern", "Hulpvragen", "Aandeel"],
        [Rij(naam, deel(c["kern", k])) for naam, k in kern_namen]
        + [Rij("Totaal", [totaal, procent(totaal, totaal)], totaal=True)],
        Grafiek(
            "staven",
            [naam for naam, _ in kern_namen],
            [Reeks("Hulpvragen", [c["kern", k] for _, k in kern_namen])],
        ),
    )
    domeinen = list(Levensdomein.objects.order_by("volgorde", "naam").values_list("pk", "naam"))
    domein_cellen = [(naam, enkel(instroom.per_levensdomein.get(pk, 0))) for pk, naam in domeinen]
    domein = Figuur(
        "instroom-levensdomein",
        "Hulpvragen per levensdomein",
        "Over welke levensdomeinen de hulpvragen gaan. Eén hulpvraag kan over meer "
        "levensdomeinen gaan; daarom staat hier geen totaal.",
        ["Levensdomein", "Hulpvragen"],
        [Rij(naam, [cel]) for naam, cel in domein_cellen],
        Grafiek(
            "staven",
            [naam for naam, _ in domein_cellen],
            [Reeks("Hulpvragen", [cel for _, cel in domein_cellen])],
        ),
    )
    return [tijd, kanaal, locatie, kern, domein], totaal


ROUTES = list(Route.values)
# What policy wants to grow: answered in the sociale basis or the voorliggend veld.
LAAGDREMPELIG = (Route.SOCIALE_BASIS, Route.VOORLIGGEND_VELD)


def _route_naam(route: str) -> str:
    return Route(route).label if route in ROUTES else "Onbekende route"


def _kanaal_naam(kanaal: str) -> str:
    return Kanaal(kanaal).label if kanaal in Kanaal.values else "Onbekend kanaal"


def _route_figuren(afsluiting: list[cijfers.Afsluiting], periode: Periode):
    """The council's steering figure: where the closed questions were answered."""
    nu = afsluiting[0]
    emmers = periode.emmers()
    per_emmer = periode.per_emmer(
        {(d, r if r in ROUTES else ""): n for (d, r), n in nu.per_emmer_route.items()}
    )
    per_route = _bekend(nu.per_route, ROUTES, "")
    routes = [*ROUTES, *([""] if per_route.get("") else [])]
    t = Tabel()
    for e in emmers:
        for r in routes:
            t.cel((e, r), per_emmer.get((e, r), 0))
        t.cel(("emmer", e), sum(per_emmer.get((e, r), 0) for r in routes))
        t.lijn([(e, r) for r in routes], ("emmer", e))
    for r in routes:
        t.cel(("route", r), per_route.get(r, 0))
        t.lijn([(e, r) for e in emmers], ("route", r))
    t.cel("totaal", nu.totaal)
    t.lijn([("emmer", e) for e in emmers], "totaal")
    t.lijn([("route", r) for r in routes], "totaal")
    # Sociale basis + voorliggend veld: what policy wants to grow.
    t.cel(
        "laagdrempelig",
        per_route.get(Route.SOCIALE_BASIS, 0) + per_route.get(Route.VOORLIGGEND_VELD, 0),
    )
    t.lijn([("route", Route.SOCIALE_BASIS), ("route", Route.VOORLIGGEND_VELD)], "laagdrempelig")
    t.lijn(["laagdrempelig", *(("route", r) for r in routes if r not in LAAGDREMPELIG)], "totaal")
    c = t.afschermen()
    totaal = c["totaal"]
    vergelijk = [_route_reeks(a) for a in afsluiting[1:]]
    rijen = []
    for r in routes:
        rijen.append(
            Rij(
                _route_naam(r),
                [
                    c["route", r],
                    procent(c["route", r], totaal),
                    *(procent(v.get(r, Cel(0)), v["totaal"]) for v in vergelijk),
                ],
            )
        )
    rijen.append(
        Rij(
            "Waarvan sociale basis en voorliggend veld samen",
            [
                c["laagdrempelig"],
                procent(c["laagdrempelig"], totaal),
                procent(vergelijk[0]["laagdrempelig"], vergelijk[0]["totaal"]),
                procent(vergelijk[1]["laagdrempelig"], vergelijk[1]["totaal"]),
            ],
        )
    )
    rijen.append(Rij("Totaal afgesloten", [totaal, procent(totaal, totaal), GEEN, GEEN], True))
    verdeling = Figuur(
        "route",
        "Routeverdeling: waar de vraag werd beantwoord",
        "Afgesloten hulpvragen per route. Het beleid wil meer in de sociale basis en het "
        "voorliggend veld beantwoorden en minder in maatwerk.",
        ["Route", "Afgesloten", "Aandeel", "Aandeel periode ervoor", "Aandeel een jaar eerder"],
        rijen,
        Grafiek(
            "staven",
            [_route_naam(r) for r in routes],
            [Reeks("Aandeel", [procent(c["route", r], totaal) for r in routes])],
            maximum=100,
            eenheid="%",
        ),
    )
    tijd = Figuur(
        "route-tijd",
        "Routeverdeling door de tijd",
        "Afgesloten hulpvragen per route, op de dag van afsluiten.",
        ["Periode", *(_route_naam(r) for r in routes), "Totaal"],
        [Rij(periode.emmer_naam(e), [*(c[e, r] for r in routes), c["emmer", e]]) for e in emmers]
        + [Rij("Totaal", [*(c["route", r] for r in routes), totaal], totaal=True)],
        Grafiek(
            "gestapeld",
            [periode.emmer_naam(e) for e in emmers],
            [Reeks(_route_naam(r), [c[e, r] for e in emmers]) for r in routes],
        ),
    )
    samen = {
        "afgesloten": totaal,
        "laagdrempelig%": procent(c["laagdrempelig"], totaal),
    }
    return [verdeling, tijd], samen


def _route_reeks(a: cijfers.Afsluiting) -> dict:
    per_route = _bekend(a.per_route, ROUTES, "")
    routes = [*ROUTES, *([""] if per_route.get("") else [])]
    t = Tabel()
    for r in routes:
        t.cel(r, per_route.get(r, 0))
    t.cel("totaal", a.totaal)
    t.lijn(routes, "totaal")
    t.cel(
        "laagdrempelig",
        per_route.get(Route.SOCIALE_BASIS, 0) + per_route.get(Route.VOORLIGGEND_VELD, 0),
    )
    t.lijn([Route.SOCIALE_BASIS, Route.VOORLIGGEND_VELD], "laagdrempelig")
    t.lijn(["laagdrempelig", *(r for r in routes if r not in LAAGDREMPELIG)], "totaal")
    return t.afschermen()


def _doorlooptijden_figuur(contact, afsluiting, verwijzingen, route, verwijzing) -> Figuur:
    regels = [
        ("Van vraag tot eerste contact", enkel(contact.n), contact),
        ("Van doorverwijzing tot geaccepteerd", verwijzing["geaccepteerd"], verwijzingen.totaal.werkdagen),
        ("Van vraag tot afsluiten", route["afgesloten"], afsluiting.werkdagen),
    ]  # fmt: skip
    return Figuur(
        "doorlooptijden",
        "Doorlooptijden in werkdagen",
        "Hoeveel werkdagen het duurde (weekenden en feestdagen tellen niet mee). Eerste "
        "contact en afsluiten: wat in deze periode gebeurde. Doorverwijzingen: die in deze "
        "periode zijn verstuurd en geaccepteerd. ‘90% binnen’: negen van de tien waren binnen "
        "zoveel werkdagen klaar.",
        ["Doorlooptijd", "Aantal", "Mediaan", "90% binnen"],
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


def _ontvanger_naam(soort: str, sleutel: str, organisaties: dict) -> str:
    if soort == "organisatie":
        return organisaties.get(sleutel, "Onbekende organisatie")
    if soort == "team":
        return f"{Team(sleutel).label} (intern)" if sleutel in Team.values else sleutel
    return "Een collega van de toegang (intern)"


def _verwijzing_figuren(d: cijfers.Doorverwijzingen, redenen_: dict):
    """Per receiver: sent, accepted, declined and expired, with the rest of each (what a
    percentage would give away) protected as well; and the reasons for declining."""
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
    rijen = [*ontvangers, "totaal"]
    for o in rijen:
        v = d.totaal if o == "totaal" else d.per_ontvanger[o]
        for k in kolommen:
            t.cel((o, k), getattr(v, k))
        for k in kolommen[1:]:
            t.cel((o, f"niet {k}"), v.verstuurd - getattr(v, k))
            t.lijn([(o, k), (o, f"niet {k}")], (o, "verstuurd"))
    for k in kolommen:
        t.lijn([(o, k) for o in ontvangers], ("totaal", k))
    redenen = sorted(redenen_, key=lambda r: (r is None, -redenen_[r], r or ""))
    for r in redenen:
        t.cel(("reden", r), redenen_[r])
    t.lijn([("reden", r) for r in redenen], ("totaal", "afgewezen"))
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
    partners = Figuur(
        "doorverwijzingen",
        "Doorverwijzingen per organisatie of team",
        "Doorverwijzingen die in deze periode zijn verstuurd, en wat ermee gebeurde: "
        "geaccepteerd, afgewezen of verlopen (niemand reageerde op tijd). Mediaan: werkdagen "
        "van versturen tot accepteren.",
        ["Ontvanger", "Verstuurd", "Geaccepteerd", "Afgewezen", "Mediaan werkdagen tot accepteren", "Verlopen"],
        [rij(o, namen[o], d.per_ontvanger[o]) for o in ontvangers]
        + [rij("totaal", "Totaal", d.totaal, totaal=True)],
        Grafiek(
            "staven",
            [namen[o] for o in ontvangers],
            [Reeks("Verstuurd", [c[o, "verstuurd"] for o in ontvangers])],
        ),
    )  # fmt: skip
    reden_naam = {r: r or "Andere redenen" for r in redenen}
    reden_figuur = Figuur(
        "redenen",
        "Redenen van afwijzen",
        "Waarom doorverwijzingen werden afgewezen. Een reden staat er alleen als hij bij "
        "minstens vijf verschillende hulpvragen precies zo is gegeven; andere redenen zijn "
        "samengenomen.",
        ["Reden", "Afgewezen", "Aandeel"],
        [
            Rij(reden_naam[r], [c["reden", r], procent(c["reden", r], c["totaal", "afgewezen"])])
            for r in redenen
        ]
        + [Rij("Totaal afgewezen", [c["totaal", "afgewezen"], GEEN], totaal=True)],
        Grafiek(
            "staven",
            [reden_naam[r] for r in redenen],
            [Reeks("Afgewezen", [c["reden", r] for r in redenen])],
        ),
    )
    samen = {
        "verstuurd": c["totaal", "verstuurd"],
        "geaccepteerd": c["totaal", "geaccepteerd"],
        "geaccepteerd%": procent(c["totaal", "geaccepteerd"], c["totaal", "verstuurd"]),
    }
    return [partners, reden_figuur], samen


def _afspraken_figuur(afspraken, te_laat: int, filters: Filters, drie: Drie):
    paren = [paar(a.op_tijd, a.beoordeeld) for a in afspraken]
    op_tijd = [procent(deel, geheel) for deel, geheel in paren]
    namen = ["Deze periode", "Periode ervoor", "Een jaar eerder"]
    figuur = Figuur(
        "afspraken",
        "Afspraken op tijd nagekomen",
        "Zeg wat je doet en doe wat je zegt: afspraken met een uiterste datum in de periode "
        "die al voorbij is, en hoeveel daarvan op of voor die datum zijn nagekomen.",
        ["Periode", "Afspraken", "Op tijd nagekomen"],
        [
            Rij(f"{naam} ({periode.naam})", [geheel, waarde])
            for naam, periode, (_, geheel), waarde in zip(
                namen, drie.perioden, paren, op_tijd, strict=True
            )
        ]
        + [Rij("Nu te laat (nog open, uiterste datum voorbij)", [enkel(te_laat), GEEN])],
        Grafiek("staven", namen, [Reeks("Op tijd nagekomen", op_tijd)], maximum=100, eenheid="%"),
    )
    return figuur, op_tijd


def _bezetting_figuur(b: cijfers.Bezetting, filters: Filters):
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
    figuur = Figuur(
        "bezetting",
        "Openingen met genoeg bezetting",
        "Openingen van de toegangslocaties in deze periode, en hoeveel daarvan minstens de "
        "minimale bezetting hadden (de raad vraagt er twee).",
        ["Toegangslocatie", "Openingen", "Met genoeg bezetting", "Aandeel"],
        [
            Rij(naam, [c[slug, "openingen"], c[slug, "op sterkte"], procent(c[slug, "op sterkte"], c[slug, "openingen"])])
            for slug, naam in locaties
        ]
        + [
            Rij(
                "Totaal",
                [c["totaal", "openingen"], c["totaal", "op sterkte"], procent(c["totaal", "op sterkte"], c["totaal", "openingen"])],
                totaal=True,
            )
        ],
        Grafiek(
            "staven",
            [naam for _, naam in locaties],
            [Reeks("Met genoeg bezetting", [procent(c[slug, "op sterkte"], c[slug, "openingen"]) for slug, _ in locaties])],
            maximum=100,
            eenheid="%",
        ),
        opmerking,
    )  # fmt: skip
    return figuur, procent(c["totaal", "op sterkte"], c["totaal", "openingen"])


def _tevredenheid_figuur(t: cijfers.Tevredenheid, filters: Filters) -> Figuur:
    kanalen = [k for k in Kanaal.values if not filters.kanaal or k == filters.kanaal]
    tabel = Tabel()
    for k in kanalen:
        tabel.cel(k, t.per_kanaal.get(k, cijfers.Scores()).aantal)
    tabel.cel("totaal", t.totaal.aantal)
    tabel.lijn(kanalen, "totaal")
    c = tabel.afschermen()
    vragen = [("bereikbaar", "Bereikbaar"), ("gehoord", "Gehoord"), ("geholpen", "Geholpen")]

    def rij(naam, n, scores, totaal=False):
        return Rij(naam, [n, *(gemiddelde(scores, v) for v, _ in vragen)], totaal)

    opmerking = ""
    if filters.kern or filters.levensdomein:
        opmerking = (
            "Feedback is anoniem en hoort niet bij een hulpvraag. Daarom gelden de filters "
            "kern en levensdomein hier niet: dit zijn de reacties van alle inwoners."
        )
    scores = {k: t.per_kanaal.get(k, cijfers.Scores()) for k in kanalen}
    return Figuur(
        "tevredenheid",
        "Tevredenheid per contactpunt",
        "Na het afsluiten vragen we inwoners drie dingen, met een cijfer van 1 (heel slecht) "
        "tot 5 (heel goed): was u goed bereikbaar, voelde u zich gehoord, bent u geholpen? "
        "Gemiddelden staan er alleen bij vijf of meer reacties.",
        ["Contactpunt", "Reacties", *(naam for _, naam in vragen)],
        [rij(Kanaal(k).label, c[k], scores[k]) for k in kanalen]
        + [rij("Alle contactpunten", c["totaal"], t.totaal, totaal=True)],
        Grafiek(
            "staven",
            [Kanaal(k).label for k in kanalen],
            [Reeks(naam, [gemiddelde(scores[k], v) for k in kanalen]) for v, naam in vragen],
            maximum=5,
        ),
        opmerking,
    )
