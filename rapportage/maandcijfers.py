"""The fact table of the reports: the counts of every finished month, per filter choice.

Counting a year of a busy front door straight from the cases takes more than a second, so
the counts of each month that is over are kept in `Maandcijfer` (one row per month per
filter choice: counts and distributions, never a person). A period is then the sum of its
whole months from this table plus its loose days (a running month, the ends of a chosen
span) counted straight from the cases — the same queries (`cijfers`) fill both, so both
count alike.

Beat keeps the table fresh (`maandcijfers_bijwerken`, every ten minutes): every month a
changed case, referral or commitment counts in is counted again, for every filter choice
kept. A row is also counted again when read if it is older than MAXIMALE_LEEFTIJD, so no
figure is older than an hour even when beat is down.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from intake.models import Kanaal
from locaties.models import Kern
from sociale_kaart.models import Levensdomein

from . import cijfers
from .cijfers import (
    Afsluiting,
    Afspraken,
    Contacten,
    Doorverwijzingen,
    Filters,
    Instroom,
    Verdeling,
    Verwijzingen,
)
from .models import Bijwerkstand, Maandcijfer
from .perioden import MAAND, Periode, periode_voor

# A kept month read after this long is counted again first.
MAXIMALE_LEEFTIJD = timedelta(minutes=50)
# Beat keeps this many finished months ready for every single filter: this year and the
# two before, what the dashboard compares with.
KLAAR_HOUDEN_MAANDEN = 36
# Changes committed just before the previous run started may not have been visible to it.
OVERLAP = timedelta(minutes=5)


@dataclass
class Periodecijfers:
    """Everything the dashboard counts for one period (what the fact table keeps)."""

    instroom: Instroom = field(default_factory=Instroom)
    afsluiting: Afsluiting = field(default_factory=Afsluiting)
    contact: Contacten = field(default_factory=Contacten)
    verwijzingen: Doorverwijzingen = field(default_factory=Doorverwijzingen)
    afspraken: Afspraken = field(default_factory=Afspraken)
    # The oldest moment any of it was counted.
    van: datetime | None = None


def filter_sleutel(filters: Filters) -> str:
    return f"kern={filters.kern};kanaal={filters.kanaal};levensdomein={filters.levensdomein or ''}"


def filters_uit(sleutel: str) -> Filters:
    waarden = dict(deel.split("=", 1) for deel in sleutel.split(";"))
    return Filters(
        kern=waarden["kern"],
        kanaal=waarden["kanaal"],
        levensdomein=int(waarden["levensdomein"]) if waarden["levensdomein"] else None,
    )


# --- adding up --------------------------------------------------------------------------------


def _som(doel: dict, bron: dict) -> None:
    for sleutel, aantal in bron.items():
        doel[sleutel] = doel.get(sleutel, 0) + aantal


def _verdeling(doel: Verdeling, bron: Verdeling) -> None:
    _som(doel.aantallen, bron.aantallen)


def optellen(delen: Iterable[Periodecijfers]) -> Periodecijfers:
    """The counts of several disjoint stretches of time, as one period."""
    totaal = Periodecijfers()
    for deel in delen:
        i, j = totaal.instroom, deel.instroom
        i.totaal += j.totaal
        for naam in (
            "per_kanaal",
            "per_kern",
            "per_emmer",
            "per_levensdomein",
            "per_kern_kanaal",
            "per_levensdomein_kern_kanaal",
        ):
            _som(getattr(i, naam), getattr(j, naam))
        a, b = totaal.afsluiting, deel.afsluiting
        a.totaal += b.totaal
        _som(a.per_route, b.per_route)
        _som(a.per_emmer_route, b.per_emmer_route)
        _verdeling(a.werkdagen, b.werkdagen)
        _som(a.per_route_kern_kanaal, b.per_route_kern_kanaal)
        _verdeling(totaal.contact, deel.contact)
        _som(totaal.contact.per_kern_kanaal, deel.contact.per_kern_kanaal)
        for ontvanger, v in [
            (None, deel.verwijzingen.totaal),
            *deel.verwijzingen.per_ontvanger.items(),
        ]:
            doel = (
                totaal.verwijzingen.totaal
                if ontvanger is None
                else totaal.verwijzingen.per_ontvanger.setdefault(ontvanger, Verwijzingen())
            )
            for naam in ("verstuurd", "geaccepteerd", "afgewezen", "verlopen"):
                setattr(doel, naam, getattr(doel, naam) + getattr(v, naam))
            _verdeling(doel.werkdagen, v.werkdagen)
        doel = totaal.verwijzingen.per_kern_kanaal
        for sleutel, aantallen in deel.verwijzingen.per_kern_kanaal.items():
            oud = doel.get(sleutel, (0, 0, 0, 0))
            doel[sleutel] = tuple(a + b for a, b in zip(oud, aantallen, strict=True))
        totaal.afspraken.op_tijd += deel.afspraken.op_tijd
        totaal.afspraken.beoordeeld += deel.afspraken.beoordeeld
        for sleutel, (o, b) in deel.afspraken.per_kern_kanaal.items():
            oud = totaal.afspraken.per_kern_kanaal.get(sleutel, (0, 0))
            totaal.afspraken.per_kern_kanaal[sleutel] = (oud[0] + o, oud[1] + b)
        if deel.van is not None and (totaal.van is None or deel.van < totaal.van):
            totaal.van = deel.van
    return totaal


# --- to and from the table ----------------------------------------------------------------------


def _histogram(v: Verdeling) -> dict:
    return {str(k): n for k, n in v.aantallen.items()}


def _uit_histogram(waarden: dict) -> Verdeling:
    return Verdeling({int(k): n for k, n in waarden.items()})


def naar_json(c: Periodecijfers) -> dict:
    v = c.verwijzingen

    def verwijzing(w: Verwijzingen) -> dict:
        return {
            "verstuurd": w.verstuurd,
            "geaccepteerd": w.geaccepteerd,
            "afgewezen": w.afgewezen,
            "verlopen": w.verlopen,
            "werkdagen": _histogram(w.werkdagen),
        }

    return {
        "instroom": {
            "totaal": c.instroom.totaal,
            "per_kanaal": c.instroom.per_kanaal,
            "per_kern": c.instroom.per_kern,
            "per_dag": {d.isoformat(): n for d, n in c.instroom.per_emmer.items()},
            "per_levensdomein": {str(k): n for k, n in c.instroom.per_levensdomein.items()},
            "per_kern_kanaal": [[*k, n] for k, n in c.instroom.per_kern_kanaal.items()],
            "per_levensdomein_kern_kanaal": [
                [*k, n] for k, n in c.instroom.per_levensdomein_kern_kanaal.items()
            ],
        },
        "afsluiting": {
            "per_route": c.afsluiting.per_route,
            "per_dag_route": [
                [d.isoformat(), r, n] for (d, r), n in c.afsluiting.per_emmer_route.items()
            ],
            "werkdagen": _histogram(c.afsluiting.werkdagen),
            "per_route_kern_kanaal": [
                [*k, n] for k, n in c.afsluiting.per_route_kern_kanaal.items()
            ],
        },
        "contact": _histogram(c.contact),
        "contact_per_kern_kanaal": [[*k, n] for k, n in c.contact.per_kern_kanaal.items()],
        "verwijzingen": {
            "totaal": verwijzing(v.totaal),
            "per_ontvanger": [[s, n, verwijzing(w)] for (s, n), w in v.per_ontvanger.items()],
            "per_kern_kanaal": [[*k, *n] for k, n in v.per_kern_kanaal.items()],
        },
        "afspraken": [c.afspraken.op_tijd, c.afspraken.beoordeeld],
        "afspraken_per_kern_kanaal": [[*k, *n] for k, n in c.afspraken.per_kern_kanaal.items()],
    }


def uit_json(gegevens: dict, van: datetime | None = None) -> Periodecijfers:
    def verwijzing(w: dict) -> Verwijzingen:
        return Verwijzingen(
            w["verstuurd"],
            w["geaccepteerd"],
            w["afgewezen"],
            w["verlopen"],
            _uit_histogram(w["werkdagen"]),
        )

    i, a, v = gegevens["instroom"], gegevens["afsluiting"], gegevens["verwijzingen"]
    return Periodecijfers(
        Instroom(
            i["totaal"],
            dict(i["per_kanaal"]),
            dict(i["per_kern"]),
            {date.fromisoformat(d): n for d, n in i["per_dag"].items()},
            {int(k): n for k, n in i["per_levensdomein"].items()},
            {(kern, kanaal): n for kern, kanaal, n in i["per_kern_kanaal"]},
            {(d, kern, kanaal): n for d, kern, kanaal, n in i["per_levensdomein_kern_kanaal"]},
        ),
        Afsluiting(
            sum(a["per_route"].values()),
            dict(a["per_route"]),
            {(date.fromisoformat(d), r): n for d, r, n in a["per_dag_route"]},
            _uit_histogram(a["werkdagen"]),
            {(r, kern, kanaal): n for r, kern, kanaal, n in a["per_route_kern_kanaal"]},
        ),
        Contacten(
            _uit_histogram(gegevens["contact"]).aantallen,
            {(kern, kanaal): n for kern, kanaal, n in gegevens["contact_per_kern_kanaal"]},
        ),
        Doorverwijzingen(
            verwijzing(v["totaal"]),
            {(s, n): verwijzing(w) for s, n, w in v["per_ontvanger"]},
            {(k, c): tuple(a) for k, c, *a in v["per_kern_kanaal"]},
        ),
        Afspraken(
            *gegevens["afspraken"],
            {(k, c): (o, b) for k, c, o, b in gegevens["afspraken_per_kern_kanaal"]},
        ),
        van,
    )


# --- counting straight from the cases -----------------------------------------------------------


# What a period counts (the fields of Periodecijfers), each by its query in cijfers.
DELEN = {
    "instroom": lambda perioden, filters, vandaag: cijfers.instroom(perioden, filters),
    "afsluiting": lambda perioden, filters, vandaag: cijfers.afsluiting(perioden, filters),
    "contact": lambda perioden, filters, vandaag: cijfers.eerste_contact(perioden, filters),
    "verwijzingen": lambda perioden, filters, vandaag: cijfers.doorverwijzingen(perioden, filters),
    "afspraken": cijfers.afspraken,
}


def tellen(
    perioden: list[Periode], filters: Filters, vandaag: date, delen: Iterable[str] = DELEN
) -> list[Periodecijfers]:
    """Count each period straight from the cases (a few queries for all of them): the
    parts named in `delen`; any other part stays empty."""
    if not perioden:
        return []
    nu = timezone.now()
    geteld = {deel: DELEN[deel](perioden, filters, vandaag) for deel in delen}
    return [
        Periodecijfers(**{deel: per_periode[i] for deel, per_periode in geteld.items()}, van=nu)
        for i in range(len(perioden))
    ]


def _maand(dag: date) -> Periode:
    return periode_voor(MAAND, dag)


def opdelen(periode: Periode, vandaag: date) -> tuple[list[date], list[Periode]]:
    """The finished months wholly inside `periode` (their first days), and the loose
    stretches of days around them."""
    maanden, los = [], []
    dag = periode.van
    begin_los = None
    while dag <= periode.tot:
        maand = _maand(dag)
        if maand.van == dag and maand.tot <= periode.tot and maand.tot < vandaag:
            if begin_los is not None:
                los.append(Periode(periode.soort, begin_los, dag - timedelta(days=1)))
                begin_los = None
            maanden.append(dag)
            dag = maand.tot + timedelta(days=1)
        else:
            begin_los = begin_los or dag
            dag = min(maand.tot, periode.tot) + timedelta(days=1)
    if begin_los is not None:
        los.append(Periode(periode.soort, begin_los, periode.tot))
    return maanden, los


def gelezen(maanden: list[date], filters: Filters, vandaag: date) -> dict[date, Periodecijfers]:
    """The kept counts of these finished months; what is missing or may be out of date is
    counted now and kept.

    Beat counts again every month a change touched, up to the moment of its last run: while
    that run is recent, every kept month is up to date as of then. When beat has not run
    for MAXIMALE_LEEFTIJD, a kept month counted longer ago than that is counted again."""
    sleutel = filter_sleutel(filters)
    nu = timezone.now()
    te_oud = nu - MAXIMALE_LEEFTIJD
    stand = (
        Bijwerkstand.objects.filter(naam="maandcijfers")
        .values_list("bijgewerkt_tot", flat=True)
        .first()
    )
    beat_bij = stand is not None and stand >= te_oud
    gevonden = {}
    for rij in Maandcijfer.objects.filter(filters=sleutel, maand__in=maanden):
        if "per_kern_kanaal" not in rij.gegevens["verwijzingen"]:
            continue  # kept before the counts per kern and kanaal were: counted again
        if beat_bij or rij.berekend_op >= te_oud:
            van = max(rij.berekend_op, stand) if beat_bij else rij.berekend_op
            gevonden[rij.maand] = uit_json(rij.gegevens, van)
    ontbreekt = [m for m in maanden if m not in gevonden]
    if ontbreekt:
        gevonden |= bewaren(ontbreekt, filters, vandaag)
    return gevonden


def bewaren(maanden: list[date], filters: Filters, vandaag: date) -> dict[date, Periodecijfers]:
    """Count these finished months straight from the cases and keep them."""
    geteld = dict(zip(maanden, tellen([_maand(m) for m in maanden], filters, vandaag), strict=True))
    sleutel = filter_sleutel(filters)
    Maandcijfer.objects.bulk_create(
        [
            Maandcijfer(maand=m, filters=sleutel, gegevens=naar_json(c), berekend_op=c.van)
            for m, c in geteld.items()
        ],
        update_conflicts=True,
        unique_fields=["maand", "filters"],
        update_fields=["gegevens", "berekend_op"],
    )
    return geteld


def periodecijfers(
    perioden: list[Periode], filters: Filters, vandaag: date, delen: Iterable[str] = DELEN
) -> list[Periodecijfers]:
    """The counts of each period: kept months plus loose days counted now. A caller that
    reads only some parts names them in `delen`: the loose days count only those (the
    kept months hold every part), and the other parts are not to be read."""
    stukken = [opdelen(p, vandaag) for p in perioden]
    maanden = sorted({m for ms, _ in stukken for m in ms})
    bewaard = gelezen(maanden, filters, vandaag) if maanden else {}
    losse = [los for _, losse in stukken for los in losse]
    geteld = iter(tellen(losse, filters, vandaag, delen))
    uitkomst = []
    for ms, losse in stukken:
        uitkomst.append(optellen([*(bewaard[m] for m in ms), *(next(geteld) for _ in losse)]))
    return uitkomst


# --- beat: keep it fresh -----------------------------------------------------------------------


def standaard_filters() -> list[Filters]:
    """No filter, and every single filter value: what beat keeps ready."""
    return [
        Filters(),
        *(Filters(kern=k) for k in Kern.values),
        *(Filters(kanaal=k) for k in Kanaal.values),
        *(Filters(levensdomein=pk) for pk in Levensdomein.objects.values_list("pk", flat=True)),
    ]


def maandcijfers_bijwerken(*, alles: bool = False, budget: float | None = 150.0) -> int:
    """Count again every kept month that changed since the last run (with `alles`: every
    kept month), then count the finished months of the last three years for every single
    filter that are missing, newest first. Stops starting new work after `budget` seconds
    (a first fill of a large database takes several runs); changes not yet counted are
    looked for again next time. Returns the number of months counted."""
    begin = timezone.now()
    klok = time.monotonic()
    vandaag = timezone.localdate(begin)
    stand, _ = Bijwerkstand.objects.get_or_create(naam="maandcijfers")
    bewaard = Maandcijfer.objects.all()
    if not alles and stand.bijgewerkt_tot is not None:
        bewaard = bewaard.filter(
            maand__in=cijfers.gewijzigde_maanden(stand.bijgewerkt_tot - OVERLAP)
        )
    opnieuw: dict[str, set[date]] = {}
    for sleutel, maand in bewaard.values_list("filters", "maand"):
        opnieuw.setdefault(sleutel, set()).add(maand)
    eerste = _maand(vandaag).van
    klaar = []
    for _ in range(KLAAR_HOUDEN_MAANDEN):
        eerste = _maand(eerste - timedelta(days=1)).van
        klaar.append(eerste)
    ontbreekt: dict[str, set[date]] = {}
    for filters in standaard_filters():
        sleutel = filter_sleutel(filters)
        aanwezig = set(
            Maandcijfer.objects.filter(filters=sleutel, maand__in=klaar).values_list(
                "maand", flat=True
            )
        )
        ontbreekt[sleutel] = {m for m in klaar if m not in aanwezig}

    def binnen_budget() -> bool:
        return budget is None or time.monotonic() - klok < budget

    geteld, alles_bijgewerkt = 0, True
    for werk in (opnieuw, ontbreekt):
        for sleutel, maanden in sorted(werk.items()):
            maanden = sorted((m for m in maanden if _maand(m).tot < vandaag), reverse=True)
            if not maanden:
                continue
            if not binnen_budget():
                alles_bijgewerkt = alles_bijgewerkt and werk is ontbreekt
                continue
            bewaren(maanden, filters_uit(sleutel), vandaag)
            geteld += len(maanden)
    if alles_bijgewerkt:
        stand.bijgewerkt_tot = begin
        stand.save(update_fields=["bijgewerkt_tot"])
    return geteld
