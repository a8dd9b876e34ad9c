"""Witte vlekken (issue 18, part 3): where the local offer falls short, counted per month.

What is counted, per month of a period and per kern of the question, for one choice of
levensdomein and doelgroep (each its own table, as the dashboard counts a levensdomein):
- referrals declined in the month, by the kind of reason the partner chose
  (intake.models.Afwijsreden);
- referrals sent in the month to an internal team rather than to an organisation: no
  partner's aanbod fitted (Doorverwijzing with a team and no organisation);
- questions closed in the month by maatwerk: read from the route figure's own table
  (rapportage.figuren.route), so the one count is one protected cell on every page;
- public searches without a result, and "nee" to "Vond u wat u zocht?" (the search
  signals of issue 18, part 1), per kern filtered on in the search;
and, as it stands today, the aanbod with a waiting list or full (the partners' capacity,
sociale_kaart.capaciteit): public facts about services, not about people.

Doelgroep belongs to an aanbod: a decline counts under the doelgroepen of the aanbod it was
for, a search under the doelgroep filtered on. A referral to a team and a question closed by
maatwerk have no aanbod, so under a doelgroep filter they are not counted ("–").

Only counts leave this module, never a row about a person or a case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import connections, router
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from intake.models import Afwijsreden, Doorverwijzing
from locaties.models import Kern
from locaties.openingstijden import TZ
from sociale_kaart.models import Aanbod, Capaciteit, Doelgroep, Levensdomein, Zoeksignaal
from sociale_kaart.zoeken import BEDIENDE_KERNEN

from . import maandcijfers
from .cijfers import Filters
from .forms import filter_keuzes, keuzes_lezen
from .perioden import Periode

# The kinds of reason, in the order of the tables.
REDENEN = list(Afwijsreden.values)
KERNEN = frozenset(Kern.values)  # once: `Kern.values` builds its list anew, per row here


@dataclass(frozen=True)
class Vlekfilters:
    """What the witte-vlekken page is narrowed to; empty means everything."""

    kern: str = ""
    levensdomein: int | None = None
    doelgroep: int | None = None


@dataclass
class Vlekkeuze:
    filters: Vlekfilters
    gekozen: dict[str, str]
    genegeerd: list[str]
    omschrijving: str
    keuzes: dict[str, list[tuple[str, str]]]


def vlekfilters_lezen(gegevens) -> Vlekkeuze:
    """kern, levensdomein and doelgroep from a query string; an unknown value is ignored,
    and said so."""
    keuzes = {k: v for k, v in filter_keuzes().items() if k != "kanaal"}
    keuzes["doelgroep"] = list(
        Doelgroep.objects.order_by("volgorde", "naam").values_list("slug", "naam")
    )
    gekozen, genegeerd, omschrijving = keuzes_lezen(gegevens, keuzes)
    filters = Vlekfilters(
        kern=gekozen.get("kern", ""),
        levensdomein=Levensdomein.objects.get(slug=gekozen["levensdomein"]).pk
        if "levensdomein" in gekozen
        else None,
        doelgroep=Doelgroep.objects.get(slug=gekozen["doelgroep"]).pk
        if "doelgroep" in gekozen
        else None,
    )
    return Vlekkeuze(filters, gekozen, genegeerd, omschrijving, keuzes)


@dataclass
class Maandtelling:
    """One month's counts for one levensdomein and doelgroep (None: all), per kern of the
    question ("" for not said). A count that does not apply (None) is not counted."""

    afgewezen: dict[tuple[str, str], int] = field(default_factory=dict)  # (kern, reden)
    naar_team: dict[str, int] | None = field(default_factory=dict)
    zoeken_leeg: dict[str, int] | None = None
    nee: dict[str, int] | None = None


def _maand(moment) -> date:
    return moment.astimezone(TZ).date().replace(day=1)


def _per_maand(
    qs: QuerySet, tijd: str, velden: Iterable[str], maanden: list[Periode]
) -> dict[tuple, int]:
    """Counts of `qs` per (month of `tijd`, *velden) over the months asked for."""
    van, tot = maanden[0].grenzen()[0], maanden[-1].grenzen()[1]
    rijen = (
        qs.filter(**{f"{tijd}__gte": van, f"{tijd}__lt": tot})
        .annotate(maand=TruncMonth(tijd, tzinfo=TZ))
        .values("maand", *velden)
        .annotate(n=Count("pk"))
        .order_by()
    )
    uitkomst: dict[tuple, int] = {}
    for rij in rijen:
        sleutel = (_maand(rij["maand"]), *(rij[v] for v in velden))
        uitkomst[sleutel] = uitkomst.get(sleutel, 0) + rij["n"]
    return uitkomst


def _per_domein(
    qs: QuerySet,
    domeinveld: str,
    levensdomeinen: Sequence[int | None],
    tijd: str,
    velden: list[str],
    maanden: list[Periode],
) -> dict[tuple, int]:
    """Counts of `qs` per (levensdomein, month, *velden) for each of `levensdomeinen`
    (None: all, whatever their levensdomein), two queries however many: one without the
    levensdomeinen, one grouped by them (`domeinveld`)."""
    uitkomst: dict[tuple, int] = {}
    if None in levensdomeinen:
        for sleutel, n in _per_maand(qs, tijd, velden, maanden).items():
            uitkomst[None, *sleutel] = n
    domeinen = [ld for ld in levensdomeinen if ld is not None]
    if domeinen:
        gefilterd = qs.filter(**{f"{domeinveld}__in": domeinen})
        for (maand, ld, *rest), n in _per_maand(
            gefilterd, tijd, [domeinveld, *velden], maanden
        ).items():
            uitkomst[ld, maand, *rest] = n
    return uitkomst


def _kern(kern) -> str:
    return kern if kern in KERNEN else ""


def _optellen(aantallen: dict, sleutel, n: int) -> None:
    aantallen[sleutel] = aantallen.get(sleutel, 0) + n


def tellen(
    maanden: list[Periode], *, levensdomeinen: Sequence[int | None], doelgroep: int | None
) -> dict[int | None, list[Maandtelling]]:
    """Every month's counts (not protected yet: rapportage.figuren.witte_vlekken does that)
    for each of `levensdomeinen` (None: all) under the doelgroep filter: a handful of
    queries, not a handful per levensdomein."""
    uitkomst = {ld: {m.van: Maandtelling() for m in maanden} for ld in levensdomeinen}
    verwijzingen = Doorverwijzing.objects.all()
    if doelgroep:
        verwijzingen = verwijzingen.filter(aanbod__doelgroepen=doelgroep)
    domein = "hulpvraag__levensdomeinen"
    afgewezen = _per_domein(
        verwijzingen.filter(afgewezen_op__isnull=False), domein, levensdomeinen,
        "afgewezen_op", ["hulpvraag__kern", "reden_soort"], maanden,
    )  # fmt: skip
    for (ld, maand, kern, reden), n in afgewezen.items():
        reden = reden if reden in REDENEN else Afwijsreden.ANDERS
        _optellen(uitkomst[ld][maand].afgewezen, (_kern(kern), reden), n)
    if doelgroep:
        for per_maand in uitkomst.values():
            for telling in per_maand.values():
                telling.naar_team = None
    else:
        naar_team = _per_domein(
            verwijzingen.filter(
                verstuurd_op__isnull=False, organisatie__isnull=True, collega__isnull=True
            ).exclude(team=""),
            domein, levensdomeinen, "verstuurd_op", ["hulpvraag__kern"], maanden,
        )  # fmt: skip
        for (ld, maand, kern), n in naar_team.items():
            _optellen(uitkomst[ld][maand].naar_team, _kern(kern), n)
    _zoeksignalen(uitkomst, maanden, levensdomeinen, doelgroep)
    return {ld: list(per_maand.values()) for ld, per_maand in uitkomst.items()}


def _zoeksignalen(
    uitkomst: dict[int | None, dict[date, Maandtelling]],
    maanden: list[Periode],
    levensdomeinen: Sequence[int | None],
    doelgroep: int | None,
) -> None:
    """The public searches of each month without a result, and the "nee" answers, per kern
    filtered on (sociale_kaart.models.Zoeksignaal; "" for none). A search counts under a
    levensdomein or doelgroep when it was filtered on it, and always under "all"."""
    qs = Zoeksignaal.objects.in_periode(maanden[0].van, maanden[-1].tot)
    if doelgroep:
        qs = qs.filter(doelgroep=doelgroep)
    for per_maand in uitkomst.values():
        for telling in per_maand.values():
            telling.zoeken_leeg, telling.nee = {}, {}
    domeinen = [ld for ld in levensdomeinen if ld is not None]
    for groep, gefilterd in [
        *([([], qs)] if None in levensdomeinen else []),
        *([(["levensdomein"], qs.filter(levensdomein__in=domeinen))] if domeinen else []),
    ]:
        rijen = (
            gefilterd.annotate(maand=TruncMonth("dag"))
            .values("maand", "kern", *groep)
            .annotate(
                leeg=Count("pk", filter=Q(aantal_resultaten=0)),
                nee=Count("pk", filter=Q(gevonden=False)),
            )
            .order_by()
        )
        for rij in rijen:
            telling = uitkomst[rij["levensdomein"] if groep else None][rij["maand"]]
            _optellen(telling.zoeken_leeg, _kern(rij["kern"]), rij["leeg"])
            _optellen(telling.nee, _kern(rij["kern"]), rij["nee"])


def afsluitingen(maanden: list[Periode], *, levensdomein: int | None, vandaag: date) -> list:
    """The questions closed in each month, of one levensdomein (None: all), as the route
    figure counts them (rapportage.maandcijfers: the fact table for finished months)."""
    return [
        c.afsluiting
        for c in maandcijfers.periodecijfers(
            maanden, Filters(levensdomein=levensdomein), vandaag, delen=["afsluiting"]
        )
    ]


# --- capacity, as it stands ---------------------------------------------------------------------

WACHT = (Capaciteit.WACHTLIJST, Capaciteit.VOL)


@dataclass
class Capaciteitstelling:
    """The aanbod residents can find that has a waiting list or is full, now: in all, and
    per levensdomein (an aanbod in two levensdomeinen counts in both rows)."""

    totaal: dict[str, int] = field(default_factory=dict)  # capaciteit -> aanbod
    per_levensdomein: dict[int, dict[str, int]] = field(default_factory=dict)


def _bediend_in(kern: str) -> set:
    """The aanbod that serves `kern` (the search's rule, sociale_kaart.zoeken)."""
    sql = BEDIENDE_KERNEN.format(bron=connections["default"].ops.quote_name(Aanbod._meta.db_table))
    with connections[router.db_for_read(Aanbod) or "default"].cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT id FROM ({sql}) b WHERE b.kern = %s OR b.kern IS NULL", [kern]
        )
        return {rij[0] for rij in cursor.fetchall()}


def capaciteit(filters: Vlekfilters) -> Capaciteitstelling:
    qs = Aanbod.objects.zichtbaar().filter(capaciteit__in=WACHT)
    if filters.doelgroep:
        qs = qs.filter(doelgroepen=filters.doelgroep)
    if filters.levensdomein:
        qs = qs.filter(levensdomeinen=filters.levensdomein)
    if filters.kern:
        qs = qs.filter(pk__in=_bediend_in(filters.kern))
    uitkomst = Capaciteitstelling()
    for rij in qs.values("capaciteit").annotate(n=Count("pk", distinct=True)).order_by():
        uitkomst.totaal[rij["capaciteit"]] = rij["n"]
    per_domein = (
        qs.filter(~Q(levensdomeinen=None))
        .values("levensdomeinen", "capaciteit")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for rij in per_domein:
        uitkomst.per_levensdomein.setdefault(rij["levensdomeinen"], {})[rij["capaciteit"]] = rij[
            "n"
        ]
    return uitkomst
