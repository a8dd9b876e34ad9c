"""The figures, straight from the data: one aggregate query per group of figures.

Every query here returns counts (or sums of scores) only — never a row about one person or
one case, never a name, a question or a remark — and every query reads through the
database router (toegang.databases), so with a read replica configured it is the replica
that does the work.

Each figure is computed for several periods in the same query (the months and loose days
the fact table asks for, see rapportage.maandcijfers): the rows of each period carry its
number `p`.

Lead times are counted in working days (weekends and Dutch public holidays skipped) by the
rule of locaties.openingstijden, which rapportage.models.Werkdagkalender holds as a numbered
calendar: working days between two dates are the difference of their numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connections, router
from django.db.models import Count, Sum

from intake.models import (
    Afspraak,
    Bezoekafspraak,
    Doorverwijzing,
    DoorverwijzingStatus,
    Feedback,
    Gebeurtenis,
    Hulpvraag,
    Kanaal,
    Status,
    Terugbelpoging,
    Terugbelverzoek,
)
from locaties.models import Dienst, Toegangslocatie, laad_schemas
from locaties.openingstijden import TZ

from .afscherming import GRENS
from .models import Werkdagkalender
from .perioden import EERSTE_DAG, Periode

TIJDZONE = str(TZ)
# The front-door location a question came in at follows from its kanaal.
LOCATIE_VAN_KANAAL = {Kanaal.BALIE_HOFSTRAAT: "hofstraat", Kanaal.INLOOP_DINXPERLO: "dinxperlo"}


@dataclass(frozen=True)
class Filters:
    """What the figures are narrowed to; empty means everything."""

    kern: str = ""
    levensdomein: int | None = None
    kanaal: str = ""


# --- distributions ------------------------------------------------------------------------


@dataclass
class Verdeling:
    """How many cases took 0, 1, 2… working days: enough for an exact median and 90th
    percentile (linear between neighbours, as PostgreSQL's percentile_cont)."""

    aantallen: dict[int, int] = field(default_factory=dict)

    def voeg_toe(self, werkdagen: int | None, aantal: int) -> None:
        if werkdagen is not None:
            self.aantallen[werkdagen] = self.aantallen.get(werkdagen, 0) + aantal

    @property
    def n(self) -> int:
        return sum(self.aantallen.values())

    def percentiel(self, fractie: float) -> float | None:
        if not self.aantallen:
            return None
        positie = fractie * (self.n - 1)
        onder, boven = math.floor(positie), math.ceil(positie)
        waarde_onder = waarde_boven = None
        gezien = 0
        for waarde in sorted(self.aantallen):
            gezien += self.aantallen[waarde]
            if waarde_onder is None and gezien > onder:
                waarde_onder = waarde
            if gezien > boven:
                waarde_boven = waarde
                break
        return waarde_onder + (positie - onder) * (waarde_boven - waarde_onder)


@dataclass
class Contacten(Verdeling):
    """The working days to a first contact, and how many first contacts per kern and kanaal
    together: what the table of a month is made of that every filter reads its count from
    (rapportage.figuren.doorlooptijden)."""

    per_kern_kanaal: dict[tuple[str, str], int] = field(default_factory=dict)


# --- what each query returns ----------------------------------------------------------------


@dataclass
class Instroom:
    totaal: int = 0
    per_kanaal: dict[str, int] = field(default_factory=dict)
    per_kern: dict[str, int] = field(default_factory=dict)
    per_emmer: dict[date, int] = field(default_factory=dict)
    per_levensdomein: dict[int, int] = field(default_factory=dict)
    # The same questions per kern and kanaal together, and per levensdomein, kern and
    # kanaal: what the table of a month is made of that every filter reads from
    # (rapportage.figuren.instroom).
    per_kern_kanaal: dict[tuple[str, str], int] = field(default_factory=dict)
    per_levensdomein_kern_kanaal: dict[tuple[int, str, str], int] = field(default_factory=dict)


@dataclass
class Afsluiting:
    totaal: int = 0
    per_route: dict[str, int] = field(default_factory=dict)
    per_emmer_route: dict[tuple[date, str], int] = field(default_factory=dict)
    werkdagen: Verdeling = field(default_factory=Verdeling)
    # Per route, kern and kanaal together: what the table of a month is made of that every
    # filter reads from (rapportage.figuren.route).
    per_route_kern_kanaal: dict[tuple[str, str, str], int] = field(default_factory=dict)


@dataclass
class Verwijzingen:
    """Referrals sent in the period to one receiver (or all), and what became of them."""

    verstuurd: int = 0
    geaccepteerd: int = 0
    afgewezen: int = 0
    verlopen: int = 0
    werkdagen: Verdeling = field(default_factory=Verdeling)


@dataclass
class Doorverwijzingen:
    totaal: Verwijzingen = field(default_factory=Verwijzingen)
    # Receiver: ("organisatie", id), ("team", team) or ("collega", "") — never a person.
    per_ontvanger: dict[tuple[str, str], Verwijzingen] = field(default_factory=dict)
    # (sent, accepted, declined, expired) per kern and kanaal of the question: what the
    # table of a month is made of that every filter reads from
    # (rapportage.figuren.doorverwijzingen).
    per_kern_kanaal: dict[tuple[str, str], tuple[int, int, int, int]] = field(
        default_factory=dict, compare=False
    )


@dataclass
class Afspraken:
    op_tijd: int = 0
    beoordeeld: int = 0
    # (op_tijd, beoordeeld) per kern and kanaal of the question: what the table of a month
    # is made of that every filter reads from (rapportage.figuren.afspraken).
    per_kern_kanaal: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


@dataclass
class Bezetting:
    # Location slug -> (openings, openings at or above the minimum)
    per_locatie: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def openingen(self) -> int:
        return sum(o for o, _ in self.per_locatie.values())

    @property
    def op_sterkte(self) -> int:
        return sum(s for _, s in self.per_locatie.values())


@dataclass
class Scores:
    aantal: int = 0
    bereikbaar: int = 0
    gehoord: int = 0
    geholpen: int = 0

    def gemiddelde(self, vraag: str) -> float | None:
        return getattr(self, vraag) / self.aantal if self.aantal else None


@dataclass
class Tevredenheid:
    totaal: Scores = field(default_factory=Scores)
    per_kanaal: dict[str, Scores] = field(default_factory=dict)


# --- SQL helpers -------------------------------------------------------------------------------


def tabelnaam(model) -> str:
    """The quoted name of `model`'s table, for a statement written out."""
    return connections["default"].ops.quote_name(model._meta.db_table)


def leescursor(model):
    """A cursor on the database the router picks for reading `model`."""
    return connections[router.db_for_read(model) or "default"].cursor()


def _filter_sql(filters: Filters) -> tuple[str, dict]:
    """The WHERE conditions on hulpvraag `h` for these filters."""
    delen, params = [], {}
    if filters.kern:
        delen.append("h.kern = %(f_kern)s")
        params["f_kern"] = filters.kern
    if filters.kanaal:
        delen.append("h.kanaal = %(f_kanaal)s")
        params["f_kanaal"] = filters.kanaal
    if filters.levensdomein:
        through = tabelnaam(Hulpvraag.levensdomeinen.through)
        delen.append(
            f"h.id IN (SELECT hulpvraag_id FROM {through} WHERE levensdomein_id = %(f_domein)s)"
        )
        params["f_domein"] = filters.levensdomein
    return "".join(f" AND {deel}" for deel in delen), params


def _per_periode(perioden, kolom: str, select) -> tuple[str, dict]:
    """UNION ALL of `select(p)` per period, each limited to its period on `kolom`."""
    delen, params = [], {}
    for p, periode in enumerate(perioden):
        van, tot = periode.grenzen()
        params[f"van{p}"], params[f"tot{p}"] = van, tot
        delen.append(f"{select(p)} AND {kolom} >= %(van{p})s AND {kolom} < %(tot{p})s")
    return " UNION ALL ".join(delen), params


# Working days between two moments (their local dates), from the numbered calendar.
# The calendar's list, once per statement. `[:]` copies it out of its TOAST storage: read as
# stored, every element looked up would unpack the whole list again (seconds for a year).
KALENDER_CTE = (
    f"WITH kal AS MATERIALIZED (SELECT nummers[:] AS nr FROM {tabelnaam(Werkdagkalender)})"
)


def werkdagen_sql(van: str, tot: str) -> str:
    """Working days after the local day of `van` up to and including that of `tot`, as
    locaties.openingstijden.werkdagen_tussen counts them."""

    def nummer(kolom):
        return (
            f"(SELECT nr FROM kal)[(({kolom} AT TIME ZONE %(tz)s)::date"
            f" - DATE '{EERSTE_DAG.isoformat()}') + 1]"
        )

    return f"greatest(0, {nummer(tot)} - {nummer(van)})"


def _dag_sql(kolom: str) -> str:
    return f"({kolom} AT TIME ZONE %(tz)s)::date"


# --- the queries ----------------------------------------------------------------------------------


def instroom(perioden: list[Periode], filters: Filters) -> list[Instroom]:
    """Questions that came in: per period the total, and per kanaal, kern, day and
    levensdomein, and per kern and kanaal together (also per levensdomein)."""
    h = tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    kolommen = f"h.kanaal, h.kern, {_dag_sql('h.aangemaakt')}"
    unie, periode_params = _per_periode(
        perioden,
        "h.aangemaakt",
        lambda p: f"SELECT {p} AS p, {kolommen} FROM {h} h WHERE true{waar}",
    )
    params |= periode_params | {"tz": TIJDZONE}
    sets = "(p), (p, kanaal), (p, kern), (p, dag), (p, kanaal, kern)"
    uitkomst = [Instroom() for _ in perioden]
    with leescursor(Hulpvraag) as cursor:
        cursor.execute(
            "SELECT p, GROUPING(kanaal, kern, dag), kanaal, kern, dag, count(*)"
            f" FROM ({unie}) x (p, kanaal, kern, dag) GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for p, groep, kanaal, kern, dag, aantal in cursor.fetchall():
            cijfers = uitkomst[p]
            if groep == 0b111:
                cijfers.totaal = aantal
            elif groep == 0b011:
                cijfers.per_kanaal[kanaal] = aantal
            elif groep == 0b101:
                cijfers.per_kern[kern] = aantal
            elif groep == 0b110:
                cijfers.per_emmer[dag] = aantal
            elif groep == 0b001:
                cijfers.per_kern_kanaal[kern, kanaal] = aantal
        through = tabelnaam(Hulpvraag.levensdomeinen.through)
        unie, _ = _per_periode(
            perioden,
            "h.aangemaakt",
            lambda p: (
                f"SELECT {p} AS p, l.levensdomein_id, h.kern, h.kanaal FROM {h} h"
                f" JOIN {through} l ON l.hulpvraag_id = h.id WHERE true{waar}"
            ),
        )
        cursor.execute(
            f"SELECT p, levensdomein_id, kern, kanaal, count(*) FROM ({unie}) x GROUP BY 1, 2, 3, 4",
            params,
        )
        for p, domein, kern, kanaal, aantal in cursor.fetchall():
            cijfers = uitkomst[p]
            cijfers.per_levensdomein[domein] = cijfers.per_levensdomein.get(domein, 0) + aantal
            cijfers.per_levensdomein_kern_kanaal[domein, kern, kanaal] = aantal
    return uitkomst


def afsluiting(perioden: list[Periode], filters: Filters) -> list[Afsluiting]:
    """Questions closed: per period per route, per route per day, and the working days
    from question to closing."""
    h = tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    werkdagen = werkdagen_sql("h.aangemaakt", "h.afgesloten_op")
    dag = _dag_sql("h.afgesloten_op")
    unie, periode_params = _per_periode(
        perioden,
        "h.afgesloten_op",
        lambda p: (
            f"SELECT {p} AS p, h.route, {dag} AS dag, {werkdagen} AS wd, h.kern, h.kanaal"
            f" FROM {h} h WHERE true{waar}"
        ),
    )
    params |= periode_params | {"tz": TIJDZONE}
    sets = "(p, route), (p, wd), (p, route, dag), (p, route, kern, kanaal)"
    uitkomst = [Afsluiting() for _ in perioden]
    with leescursor(Hulpvraag) as cursor:
        cursor.execute(
            f"{KALENDER_CTE} SELECT p, GROUPING(route, dag, wd, kern, kanaal), route, dag, wd,"
            f" kern, kanaal, count(*) FROM ({unie}) x GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for p, groep, route, dag_, wd, kern, kanaal, aantal in cursor.fetchall():
            cijfers = uitkomst[p]
            if groep == 0b01111:
                cijfers.per_route[route] = aantal
                cijfers.totaal += aantal
            elif groep == 0b00111:
                cijfers.per_emmer_route[dag_, route] = aantal
            elif groep == 0b11011:
                cijfers.werkdagen.voeg_toe(wd, aantal)
            elif groep == 0b01100:
                cijfers.per_route_kern_kanaal[route, kern, kanaal] = aantal
    return uitkomst


def eerste_contact(perioden: list[Periode], filters: Filters) -> list[Contacten]:
    """Working days from question to first contact, for first contacts in each period:
    counted as the first-contact deadline counts them (intake's eerste_contact_uiterlijk; a
    contact on that day has waited EERSTE_CONTACT_WERKDAGEN working days); and how many
    per kern and kanaal."""
    h = tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    werkdagen = werkdagen_sql("h.aangemaakt", "h.eerste_contact_op")
    unie, periode_params = _per_periode(
        perioden,
        "h.eerste_contact_op",
        lambda p: (
            f"SELECT {p} AS p, {werkdagen} AS wd, h.kern, h.kanaal FROM {h} h WHERE true{waar}"
        ),
    )
    uitkomst = [Contacten() for _ in perioden]
    with leescursor(Hulpvraag) as cursor:
        cursor.execute(
            f"{KALENDER_CTE} SELECT p, GROUPING(wd, kern, kanaal), wd, kern, kanaal,"
            f" count(*) FILTER (WHERE wd IS NOT NULL) FROM ({unie}) x"
            " GROUP BY GROUPING SETS ((p, wd), (p, kern, kanaal))",
            params | periode_params | {"tz": TIJDZONE},
        )
        for p, groep, wd, kern, kanaal, aantal in cursor.fetchall():
            if groep == 0b011:
                uitkomst[p].voeg_toe(wd, aantal)
            elif aantal:
                uitkomst[p].per_kern_kanaal[kern, kanaal] = aantal
    return uitkomst


def doorverwijzingen(perioden: list[Periode], filters: Filters) -> list[Doorverwijzingen]:
    """Referrals sent in each period: how many, accepted, declined, expired, and working days
    from sending to acceptance, in all and per receiver. (The reasons for declining:
    `redenen`.)"""
    h = tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    werkdagen = werkdagen_sql("d.verstuurd_op", "d.geaccepteerd_op")
    soort = (
        "CASE WHEN d.organisatie_id IS NOT NULL THEN 'organisatie'"
        " WHEN d.team <> '' THEN 'team' ELSE 'collega' END"
    )
    naam = "CASE WHEN d.organisatie_id IS NOT NULL THEN d.organisatie_id::text ELSE d.team END"
    unie, periode_params = _per_periode(
        perioden,
        "d.verstuurd_op",
        lambda p: (
            f"SELECT {p} AS p, {soort} AS soort, {naam} AS naam,"
            " d.geaccepteerd_op IS NOT NULL AS geaccepteerd, d.afgewezen_op IS NOT NULL AS afgewezen,"
            " d.verlopen_op IS NOT NULL AS verlopen,"
            f" CASE WHEN d.geaccepteerd_op IS NOT NULL THEN {werkdagen} END AS wd,"
            f" h.kern, h.kanaal FROM {tabelnaam(Doorverwijzing)} d"
            f" JOIN {h} h ON h.id = d.hulpvraag_id WHERE true{waar}"
        ),
    )
    params |= periode_params | {"tz": TIJDZONE}
    sets = "(p), (p, wd), (p, soort, naam), (p, soort, naam, wd), (p, kern, kanaal)"
    uitkomst = [Doorverwijzingen() for _ in perioden]
    with leescursor(Doorverwijzing) as cursor:
        cursor.execute(
            f"{KALENDER_CTE} SELECT p, GROUPING(soort, naam, wd, kern, kanaal), soort, naam, wd,"
            " kern, kanaal, count(*), count(*) FILTER (WHERE geaccepteerd),"
            " count(*) FILTER (WHERE afgewezen), count(*) FILTER (WHERE verlopen)"
            f" FROM ({unie}) x GROUP BY GROUPING SETS ({sets})",
            params,
        )
        for p, groep, soort_, naam_, wd, kern, kanaal, *aantallen in cursor.fetchall():
            n, geaccepteerd, afgewezen, verlopen = aantallen
            if groep == 0b11100:
                uitkomst[p].per_kern_kanaal[kern, kanaal] = tuple(aantallen)
                continue
            groep >>= 2  # the kern and kanaal are in no other set
            if groep == 0b110:
                uitkomst[p].totaal.werkdagen.voeg_toe(wd, n)
            elif groep == 0b000:
                uitkomst[p].per_ontvanger.setdefault(
                    (soort_, naam_), Verwijzingen()
                ).werkdagen.voeg_toe(wd, n)
            else:
                if groep == 0b111:
                    cijfers = uitkomst[p].totaal
                else:
                    cijfers = uitkomst[p].per_ontvanger.setdefault((soort_, naam_), Verwijzingen())
                cijfers.verstuurd, cijfers.geaccepteerd = n, geaccepteerd
                cijfers.afgewezen, cijfers.verlopen = afgewezen, verlopen
    return uitkomst


def redenen(perioden: list[Periode], filters: Filters) -> list[dict[tuple, int]]:
    """Why referrals sent in each period were declined, per kern and kanaal of the question:
    (reason, kern, kanaal) → count. A reason is free text: it leaves the database only when
    the very same one was given for at least GRENS different questions (then it is a common
    answer, not a story about one resident); the rest are counted under None. Whether a
    reason is common is decided over every referral of the levensdomein filtered on (all,
    without one), not per period nor per kern or kanaal: so a month counts its reasons alike
    whatever period it is part of and whatever kern or kanaal a page shows (the building
    blocks of rapportage.afscherming). A kern or kanaal in `filters` only narrows the
    counts."""
    d, h = tabelnaam(Doorverwijzing), tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    laag, laag_params = _filter_sql(Filters(levensdomein=filters.levensdomein))
    koppeling = f" JOIN {h} h ON h.id = d.hulpvraag_id" if laag else ""
    unie, periode_params = _per_periode(
        perioden,
        "d.verstuurd_op",
        lambda p: (
            f"SELECT {p} AS p, lower(btrim(d.reden)) AS sleutel, h.kern, h.kanaal FROM {d} d"
            f" JOIN {h} h ON h.id = d.hulpvraag_id WHERE d.afgewezen_op IS NOT NULL{waar}"
        ),
    )
    uitkomst: list[dict[tuple, int]] = [{} for _ in perioden]
    # The common reasons are read once (index doorverwijzing_redenen), not once per
    # parallel worker that joins them.
    with leescursor(Doorverwijzing) as cursor:
        cursor.execute(
            "WITH gangbaar AS MATERIALIZED (SELECT lower(btrim(d.reden)) AS sleutel,"
            f" min(btrim(d.reden)) AS reden FROM {d} d{koppeling}"
            f" WHERE d.afgewezen_op IS NOT NULL{laag}"
            " GROUP BY 1 HAVING count(DISTINCT d.hulpvraag_id) >= %(grens)s)"
            f" SELECT x.p, g.reden, x.kern, x.kanaal, count(*) FROM ({unie}) x"
            " LEFT JOIN gangbaar g ON g.sleutel = x.sleutel GROUP BY 1, 2, 3, 4",
            params | laag_params | periode_params | {"grens": GRENS},
        )
        for p, reden, kern, kanaal, aantal in cursor.fetchall():
            uitkomst[p][reden, kern, kanaal] = aantal
    return uitkomst


def afspraken(perioden: list[Periode], filters: Filters, vandaag: date) -> list[Afspraken]:
    """Commitments due in each period whose due date has passed (or that were done): how
    many were done on or before the due date."""
    a, h = tabelnaam(Afspraak), tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    delen = []
    for p, periode in enumerate(perioden):
        params[f"van{p}"], params[f"tot{p}"] = periode.van, periode.tot
        delen.append(
            f"SELECT {p} AS p, a.gedaan_op, a.deadline, h.kern, h.kanaal FROM {a} a"
            f" JOIN {h} h ON h.id = a.hulpvraag_id"
            f" WHERE a.deadline >= %(van{p})s AND a.deadline <= %(tot{p})s{waar}"
        )
    uitkomst = [Afspraken() for _ in perioden]
    with leescursor(Afspraak) as cursor:
        cursor.execute(
            "SELECT p, GROUPING(kern, kanaal), kern, kanaal, count(*) FILTER (WHERE"
            " gedaan_op IS NOT NULL AND (gedaan_op AT TIME ZONE %(tz)s)::date <= deadline),"
            " count(*) FILTER (WHERE gedaan_op IS NOT NULL OR deadline < %(vandaag)s)"
            f" FROM ({' UNION ALL '.join(delen)}) x"
            " GROUP BY GROUPING SETS ((p), (p, kern, kanaal))",
            params | {"tz": TIJDZONE, "vandaag": vandaag},
        )
        for p, groep, kern, kanaal, op_tijd, beoordeeld in cursor.fetchall():
            if groep:
                uitkomst[p].op_tijd, uitkomst[p].beoordeeld = op_tijd, beoordeeld
            elif beoordeeld:
                uitkomst[p].per_kern_kanaal[kern, kanaal] = (op_tijd, beoordeeld)
    return uitkomst


@dataclass
class Terugbellen:
    gevraagd: int = 0
    gebeld: int = 0
    op_tijd: int = 0
    bereikt: int = 0
    # The same four per kern and kanaal of the question together: what the table of a month
    # is made of that every filter reads from (rapportage.figuren.terugbellen).
    per_kern_kanaal: dict[tuple[str, str], tuple[int, int, int, int]] = field(
        default_factory=dict, compare=False
    )


def terugbellen(perioden: list[Periode], filters: Filters) -> list[Terugbellen]:
    """Call-backs asked for in each period (by the day they were asked): how many were
    called at all, how many the first time within the window the resident chose, and how
    many reached the resident; in all and per kern and kanaal."""
    t, h, g = tabelnaam(Terugbelverzoek), tabelnaam(Hulpvraag), tabelnaam(Terugbelpoging)
    waar, params = _filter_sql(filters)
    unie, periode_params = _per_periode(
        perioden,
        "t.aangemaakt",
        lambda p: (
            f"SELECT {p} AS p, t.id, t.status, h.kern, h.kanaal FROM {t} t"
            f" JOIN {h} h ON h.id = t.hulpvraag_id WHERE true{waar}"
        ),
    )
    uitkomst = [Terugbellen() for _ in perioden]
    with leescursor(Terugbelverzoek) as cursor:
        cursor.execute(
            "SELECT x.p, GROUPING(x.kern, x.kanaal), x.kern, x.kanaal, count(*), count(g.id),"
            " count(*) FILTER (WHERE g.gedaan_op BETWEEN g.venster_start AND g.venster_einde),"
            " count(*) FILTER (WHERE x.status = %(bereikt)s)"
            f" FROM ({unie}) x"
            f" LEFT JOIN {g} g ON g.terugbelverzoek_id = x.id AND g.nummer = 1"
            " GROUP BY GROUPING SETS ((x.p), (x.p, x.kern, x.kanaal))",
            params | periode_params | {"bereikt": Terugbelverzoek.Status.BEREIKT},
        )
        for p, groep, kern, kanaal, *aantallen in cursor.fetchall():
            if groep:
                totaal = uitkomst[p]
                totaal.gevraagd, totaal.gebeld, totaal.op_tijd, totaal.bereikt = aantallen
            else:
                uitkomst[p].per_kern_kanaal[kern, kanaal] = tuple(aantallen)
    return uitkomst


@dataclass
class Kringloop:
    """Referrals whose resident was asked "Is de hulp gestart?" in a period, by the partner's
    outcome (closed by the partner: `goed`, else `open`) and the resident's answer (ja, nee,
    or none yet / "nog niet": `open`): the six cells of that table."""

    goed_ja: int = 0
    goed_nee: int = 0
    goed_open: int = 0
    open_ja: int = 0
    open_nee: int = 0
    open_open: int = 0
    # The six cells per kern and kanaal of the question together (name → count): what the
    # table of a month is made of that every filter reads from (rapportage.figuren.kringloop).
    per_kern_kanaal: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=dict, compare=False
    )


def kringloop(perioden: list[Periode], filters: Filters) -> list[Kringloop]:
    """The loop closed with the resident, per period (by the day the question was asked): a
    referral closed by the partner and the resident's answer, as a two-by-three table; in
    all and per kern and kanaal."""
    d, h = tabelnaam(Doorverwijzing), tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    unie, periode_params = _per_periode(
        perioden,
        "d.inwoner_gevraagd_op",
        lambda p: (
            f"SELECT {p} AS p, d.status, d.inwoner_antwoord, h.kern, h.kanaal FROM {d} d"
            f" JOIN {h} h ON h.id = d.hulpvraag_id WHERE true{waar}"
        ),
    )
    uitkomst = [Kringloop() for _ in perioden]
    with leescursor(Doorverwijzing) as cursor:
        cursor.execute(
            "SELECT x.p, x.kern, x.kanaal,"
            " CASE WHEN x.status = %(afgerond)s THEN 'goed' ELSE 'open' END,"
            " CASE WHEN x.inwoner_antwoord IN ('ja', 'nee') THEN x.inwoner_antwoord"
            " ELSE 'open' END, count(*)"
            f" FROM ({unie}) x GROUP BY 1, 2, 3, 4, 5",
            params | periode_params | {"afgerond": DoorverwijzingStatus.AFGEROND},
        )
        for p, kern, kanaal, partner, inwoner, aantal in cursor.fetchall():
            k, naam = uitkomst[p], f"{partner}_{inwoner}"
            setattr(k, naam, getattr(k, naam) + aantal)
            k.per_kern_kanaal.setdefault((kern, kanaal), {})[naam] = aantal
    return uitkomst


@dataclass
class Bezoekafspraken:
    geboekt: int = 0
    afgezegd: int = 0
    geweest: int = 0
    niet_gekomen: int = 0
    # The same four per kern and kanaal of the question together: what the table of a month
    # is made of that every filter reads from (rapportage.figuren.bezoekafspraken).
    per_kern_kanaal: dict[tuple[str, str], tuple[int, int, int, int]] = field(
        default_factory=dict, compare=False
    )


def bezoekafspraken(perioden: list[Periode], filters: Filters) -> list[Bezoekafspraken]:
    """Visits booked at the front door for a day in each period: how many were cancelled
    (by the resident, or lapsed when the rota no longer carried them), how many residents
    came and how many did not (no-show)."""
    b, h = tabelnaam(Bezoekafspraak), tabelnaam(Hulpvraag)
    waar, params = _filter_sql(filters)
    unie, periode_params = _per_periode(
        perioden,
        "b.start",
        lambda p: (
            f"SELECT {p} AS p, b.status, h.kern, h.kanaal FROM {b} b"
            f" JOIN {h} h ON h.id = b.hulpvraag_id WHERE true{waar}"
        ),
    )
    uitkomst = [Bezoekafspraken() for _ in perioden]
    status = Bezoekafspraak.Status
    with leescursor(Bezoekafspraak) as cursor:
        cursor.execute(
            "SELECT p, GROUPING(kern, kanaal), kern, kanaal, count(*),"
            " count(*) FILTER (WHERE status IN (%(geannuleerd)s, %(vervallen)s)),"
            " count(*) FILTER (WHERE status = %(gekomen)s),"
            " count(*) FILTER (WHERE status = %(niet_gekomen)s)"
            f" FROM ({unie}) x GROUP BY GROUPING SETS ((p), (p, kern, kanaal))",
            params
            | periode_params
            | {
                "geannuleerd": status.GEANNULEERD,
                "vervallen": status.VERVALLEN,
                "gekomen": status.GEKOMEN,
                "niet_gekomen": status.NIET_GEKOMEN,
            },
        )
        for p, groep, kern, kanaal, *aantallen in cursor.fetchall():
            if groep:
                b = uitkomst[p]
                b.geboekt, b.afgezegd, b.geweest, b.niet_gekomen = aantallen
            else:
                uitkomst[p].per_kern_kanaal[kern, kanaal] = tuple(aantallen)
    return uitkomst


def afspraken_te_laat(levensdomein: int | None, vandaag: date) -> dict[tuple[str, str], int]:
    """Commitments overdue right now (as in the front desk's queue: intake's own rule), per
    kern and kanaal of their question (of the questions about `levensdomein`, when given):
    the table every filter reads its cell from (rapportage.figuren.afspraken)."""
    qs = Afspraak.objects.te_laat(vandaag)
    if levensdomein:
        qs = qs.filter(hulpvraag__levensdomeinen=levensdomein)
    return {
        (rij["hulpvraag__kern"], rij["hulpvraag__kanaal"]): rij["n"]
        for rij in qs.values("hulpvraag__kern", "hulpvraag__kanaal")
        .annotate(n=Count("id"))
        .order_by()
    }


def locaties_in_scope(filters: Filters) -> list[Toegangslocatie]:
    """The front-door locations a filter is about: by their kern, or the location of a
    counter kanaal (telefoon, website… have none). A levensdomein does not narrow them."""
    locaties = Toegangslocatie.objects.all()
    if filters.kern:
        locaties = locaties.filter(kern=filters.kern)
    if filters.kanaal:
        locaties = locaties.filter(slug=LOCATIE_VAN_KANAAL.get(filters.kanaal, ""))
    return list(locaties.only("id", "slug", "naam", "minimale_bezetting", "volgorde"))


def bezetting(perioden: list[Periode], filters: Filters) -> list[Bezetting]:
    """Openings per location, and how many had at least the minimum staffing."""
    locaties = locaties_in_scope(filters)
    uitkomst = [Bezetting() for _ in perioden]
    if not locaties:
        return uitkomst
    van = min(periode.van for periode in perioden)
    tot = max(periode.tot for periode in perioden)
    schemas = laad_schemas([locatie.pk for locatie in locaties], van, tot)
    # Counts per opening only: who worked is not something a report needs.
    bemensing = {
        (rij["locatie_id"], rij["datum"], rij["dagdeel"]): rij["n"]
        for rij in Dienst.objects.filter(locatie__in=locaties, datum__range=(van, tot))
        .values("locatie_id", "datum", "dagdeel")
        .annotate(n=Count("id"))
        .order_by()
    }
    for p, periode in enumerate(perioden):
        for locatie in locaties:
            momenten = schemas[locatie.pk].momenten(periode.van, periode.tot)
            op_sterkte = sum(
                1
                for moment in momenten
                if bemensing.get((locatie.pk, *moment.sleutel), 0) >= locatie.minimale_bezetting
            )
            uitkomst[p].per_locatie[locatie.slug] = (len(momenten), op_sterkte)
    return uitkomst


def tevredenheid(perioden: list[Periode], filters: Filters) -> list[Tevredenheid]:
    """The three scores per touchpoint. Feedback is anonymous and not tied to the case, so
    only the kanaal filter can apply. One query for all periods (per day and kanaal)."""
    uitkomst = [Tevredenheid() for _ in perioden]
    if not perioden:
        return uitkomst
    qs = Feedback.objects.filter(
        ingevuld_op__range=(min(p.van for p in perioden), max(p.tot for p in perioden))
    )
    if filters.kanaal:
        qs = qs.filter(kanaal=filters.kanaal)
    rijen = (
        qs.values("ingevuld_op", "kanaal")
        .annotate(n=Count("id"), b=Sum("bereikbaar"), ho=Sum("gehoord"), he=Sum("geholpen"))
        .order_by()
    )
    velden = ("aantal", "bereikbaar", "gehoord", "geholpen")
    for rij in rijen:
        waarden = (rij["n"], rij["b"], rij["ho"], rij["he"])
        for p, periode in enumerate(perioden):
            if periode.van <= rij["ingevuld_op"] <= periode.tot:
                scores = uitkomst[p].per_kanaal.setdefault(rij["kanaal"], Scores())
                for doel in (scores, uitkomst[p].totaal):
                    for veld, waarde in zip(velden, waarden, strict=True):
                        setattr(doel, veld, getattr(doel, veld) + waarde)
    return uitkomst


def gegevens_van() -> datetime:
    """How recent the data read are: now on the primary (or a replica that has replayed all
    it received), else the moment of the last change the replica replayed."""
    with leescursor(Hulpvraag) as cursor:
        cursor.execute(
            "SELECT CASE WHEN pg_is_in_recovery()"
            " AND pg_last_wal_receive_lsn() IS DISTINCT FROM pg_last_wal_replay_lsn()"
            " THEN pg_last_xact_replay_timestamp() ELSE now() END"
        )
        return cursor.fetchone()[0]


def werkdagen_in_orde(tot: date) -> bool:
    """Does the calendar run without a gap from its first day to at least `tot`?"""
    with leescursor(Werkdagkalender) as cursor:
        cursor.execute(f"SELECT tot, cardinality(nummers) FROM {tabelnaam(Werkdagkalender)}")
        rij = cursor.fetchone()
    if rij is None:
        return False
    laatste, aantal = rij
    return laatste >= tot and aantal == (laatste - EERSTE_DAG).days + 1


def gewijzigde_maanden(vanaf: datetime) -> set[date]:
    """Every month a case, referral or commitment changed since `vanaf` counts in: the
    months of its dates now, and the months it counted in before (a reopened case was
    closed in another month: its timeline says when)."""
    h, g = tabelnaam(Hulpvraag), tabelnaam(Gebeurtenis)
    d, a = tabelnaam(Doorverwijzing), tabelnaam(Afspraak)
    gewijzigd = f"SELECT id FROM {h} WHERE bijgewerkt >= %(vanaf)s"
    with leescursor(Hulpvraag) as cursor:
        cursor.execute(
            "SELECT DISTINCT date_trunc('month', x)::date FROM ("
            f" SELECT (aangemaakt AT TIME ZONE %(tz)s)::date FROM {h} WHERE bijgewerkt >= %(vanaf)s"
            f" UNION ALL SELECT (afgesloten_op AT TIME ZONE %(tz)s)::date FROM {h} WHERE bijgewerkt >= %(vanaf)s"
            f" UNION ALL SELECT (eerste_contact_op AT TIME ZONE %(tz)s)::date FROM {h} WHERE bijgewerkt >= %(vanaf)s"
            f" UNION ALL SELECT (op AT TIME ZONE %(tz)s)::date FROM {g}"
            f"   WHERE soort = 'status' AND status = %(afgerond)s AND hulpvraag_id IN ({gewijzigd})"
            f" UNION ALL SELECT (verstuurd_op AT TIME ZONE %(tz)s)::date FROM {d}"
            f"   WHERE bijgewerkt >= %(vanaf)s OR hulpvraag_id IN ({gewijzigd})"
            f" UNION ALL SELECT deadline FROM {a} WHERE aangemaakt >= %(vanaf)s OR gedaan_op >= %(vanaf)s"
            f"   OR hulpvraag_id IN ({gewijzigd})"
            ") x (x) WHERE x IS NOT NULL",
            {"vanaf": vanaf, "tz": TIJDZONE, "afgerond": Status.AFGEROND},
        )
        return {rij[0] for rij in cursor.fetchall()}
