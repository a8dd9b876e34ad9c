"""Reports cannot be narrowed by comparing periods (issue 15, item 6).

The onlooker of test_afscherming.py, now with every period the dashboard offers: they ask
for each month, for every span of months, for quarters and years, under every filter, and
write everything down. They know exactly how the dashboard makes each number from the
counts (the rule is public), so a guess at the counts is still possible when making the
reports from it gives what they saw. A small count is narrowed when comparing periods
leaves fewer guesses for it than the months' own pages left.

The approach under test (rapportage.afscherming, rapportage.perioden): every period is
whole months; every month is protected once, the same way whatever period holds it; a
period shows the sums of its months, hidden as soon as one of them is. Then every period
is a function of its months' pages and no comparison can tell more. Protecting each period
on its own, as before, lets a comparison of two periods give a small count back; the first
tests show that, so the later ones show a real difference.
"""

import itertools
import random
from datetime import date

import pytest
import time_machine

from intake.models import Route
from locaties.models import Kern
from rapportage.afscherming import KLEIN, Cel, Tabel, per_periode, samenvoegen
from rapportage.cijfers import Filters
from rapportage.figuren import (
    afspraken,
    bezoekafspraken,
    dashboard_maken,
    instroom,
    kringloop,
    route,
    terugbellen,
)
from rapportage.figuren.figuur import Drie
from rapportage.figuren.witte_vlekken import witte_vlekken_maken
from rapportage.perioden import (
    AANGEPAST,
    JAAR,
    KWARTAAL,
    MAAND,
    Periode,
    periode_voor,
    tot_vandaag,
)
from rapportage.witte_vlekken import Vlekfilters
from tests.intake.factories import DoorverwijzingFactory

from .gegevens import hulpvraag, moment

# --- the onlooker, on a small table per month ----------------------------------------------------
#
# Per month two kernen, A and B, and their total: A + B = T, the table of "Hulpvragen per
# kern" cut down to what a brute-force search can try in full.

MAANDEN = 3
MAXIMUM = 9  # each kern's count per month: 0 to MAXIMUM


def maandtabel(a: int, b: int) -> dict:
    t = Tabel()
    t.cel("A", a)
    t.cel("B", b)
    t.cel("T", a + b)
    t.lijn(["A", "B"], "T")
    return t.afschermen()


def spans() -> list[tuple[int, int]]:
    """Every span of whole months in the window: each month, each run of months."""
    return [(i, j) for i in range(MAANDEN) for j in range(i, MAANDEN)]


def zoals_nu(tellingen) -> dict:
    """What the dashboard shows for every span: the sums of its months' own tables."""
    maanden = [maandtabel(a, b) for a, b in tellingen]
    return {(i, j): per_periode(maanden[i : j + 1]) for i, j in spans()}


def elk_op_zich(tellingen) -> dict:
    """The old way: a period's sums protected as a table of their own."""
    uitkomst = {}
    for i, j in spans():
        a = sum(t[0] for t in tellingen[i : j + 1])
        b = sum(t[1] for t in tellingen[i : j + 1])
        uitkomst[i, j] = maandtabel(a, b)
    return uitkomst


def mogelijk(gezien: dict, maak, alleen_maanden: bool) -> dict:
    """Per month and kern, the counts that fit what was seen: of every period, or only of
    the months' own pages."""
    sleutels = [(i, i) for i in range(MAANDEN)] if alleen_maanden else list(gezien)
    kandidaten = []
    for m in range(MAANDEN):  # per month the guesses its own page leaves
        kandidaten.append(
            [
                (a, b)
                for a in range(MAXIMUM + 1)
                for b in range(MAXIMUM + 1)
                if maandtabel(a, b) == gezien[m, m]
            ]
        )
    uitkomst = {(m, k): set() for m in range(MAANDEN) for k in "AB"}
    for gok in itertools.product(*kandidaten):
        if alleen_maanden or all(maak(gok)[s] == gezien[s] for s in sleutels):
            for m, (a, b) in enumerate(gok):
                uitkomst[m, "A"].add(a)
                uitkomst[m, "B"].add(b)
    return uitkomst


def vernauwd(tellingen, maak) -> list:
    """The small counts that comparing periods narrows down beyond the months' pages."""
    gezien = maak(tellingen)
    met_perioden = mogelijk(gezien, maak, alleen_maanden=False)
    zonder = mogelijk(gezien, maak, alleen_maanden=True)
    return [
        (m, k)
        for (m, k), waarden in met_perioden.items()
        if 0 < tellingen[m]["AB".index(k)] < 5 and waarden != zonder[m, k]
    ]


def test_protecting_each_period_on_its_own_gives_a_small_count_away_by_subtraction():
    """January–March minus February–March is January: seven in kern A over the quarter,
    five over its last two months, and January's "<5" is 2."""
    tellingen = [(2, 6), (0, 7), (5, 8)]
    assert maandtabel(*tellingen[0])["A"].reden == KLEIN
    assert (0, "A") in vernauwd(tellingen, elk_op_zich)


def test_no_comparison_of_periods_narrows_a_small_count_down():
    assert vernauwd([(2, 6), (0, 7), (5, 8)], zoals_nu) == []


@pytest.mark.parametrize("zaad", range(12))
def test_no_comparison_of_periods_narrows_a_small_count_in_random_months(zaad):
    """Random months with small counts here and there (deterministic seeds)."""
    kansen = random.Random(zaad)
    tellingen = [
        tuple(kansen.choice([0, 1, 2, 3, 4, 5, 6, 8, 9]) for _ in "AB") for _ in range(MAANDEN)
    ]
    assert vernauwd(tellingen, zoals_nu) == []


def test_a_period_shows_its_months_added_up_and_hides_what_any_month_hides():
    assert samenvoegen([Cel(5), Cel(0), Cel(7)]) == Cel(12)
    # One month "<5", the others none at all: still "<5".
    assert samenvoegen([Cel(0), Cel(None, KLEIN), Cel(0)]) == Cel(None, KLEIN)
    # Two months "<5" could be 2 or 8: neither "<5" nor a number.
    assert not samenvoegen([Cel(None, KLEIN), Cel(None, KLEIN)]).zichtbaar
    assert samenvoegen([Cel(None, KLEIN), Cel(None, KLEIN)]).reden != KLEIN
    assert samenvoegen([Cel(9), Cel(None, KLEIN)]).reden != KLEIN


# --- the dashboard itself: every period is its months added up ----------------------------------


# Tables whose rows are the same for every period (not over time): each of their counts must
# be the sum of what the months' own pages show.
VASTE_TABELLEN = [
    "instroom-kanaal",
    "instroom-locatie",
    "instroom-kern",
    "instroom-levensdomein",
    "route",
    "doorverwijzingen",
    "redenen",
]
VANDAAG = date(2025, 6, 16)


@pytest.fixture
def voorjaar(db):
    """March to May 2025: most counts per kern small, some not; every kind of figure."""
    kansen = random.Random(15)
    kernen = [Kern.AALTEN, Kern.DINXPERLO, Kern.BREDEVOORT, Kern.BARLO, Kern.DALE]
    for maand in (3, 4, 5):
        for kern in kernen:
            for n in range(kansen.choice([0, 1, 2, 3, 6, 7])):
                dag = 3 + 2 * n
                hulpvraag(
                    moment(2025, maand, dag),
                    kern=kern,
                    kanaal=kansen.choice(["website", "telefoon", "balie-hofstraat"]),
                    afgesloten=moment(2025, maand, dag + 1),
                    route=kansen.choice(list(Route.values)),
                    domeinen=kansen.sample(["zorg", "wonen", "werk-en-inkomen"], 1),
                )


def _cellen(dashboard) -> dict:
    """Every count of the fixed tables, by table, row and column."""
    uitkomst = {}
    for sleutel in VASTE_TABELLEN:
        figuur = dashboard.figuur(sleutel)
        for rij in figuur.rijen:
            for k, waarde in enumerate(rij.cellen):
                if isinstance(waarde, Cel):
                    uitkomst[sleutel, rij.label, k] = waarde
    return uitkomst


def _periodes() -> tuple[list[Periode], list[Periode]]:
    """The months March to June (June running, up to today), and what overlaps them: every
    span of whole months, and the second quarter (running)."""
    maanden = [tot_vandaag(periode_voor(MAAND, date(2025, m, 1)), VANDAAG) for m in (3, 4, 5, 6)]
    spans = [
        Periode(AANGEPAST, maanden[i].van, maanden[j].tot)
        for i in range(3)
        for j in range(i + 1, 3)
    ]
    return maanden, [*spans, tot_vandaag(periode_voor(KWARTAAL, VANDAAG), VANDAAG)]


@pytest.mark.usefixtures("kalender", "levensdomeinen")
@pytest.mark.parametrize(
    "filters", [Filters(), Filters(kanaal="website"), Filters(kern=Kern.DINXPERLO)]
)
def test_every_count_of_every_period_is_what_its_months_show_added_up(voorjaar, filters):
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        eigen, overlappend = _periodes()
        maanden = {
            p.van.month: _cellen(dashboard_maken(periode=p, filters=filters, vandaag=VANDAAG))
            for p in eigen
        }
        klein = [c for cellen in maanden.values() for c in cellen.values() if c.reden == KLEIN]
        assert klein, "the data should have small counts, or this tests nothing"
        for periode in overlappend:
            getoond = _cellen(dashboard_maken(periode=periode, filters=filters, vandaag=VANDAAG))
            delen = [maanden[m.van.month] for m in periode.maanden()]
            for plek, cel in getoond.items():
                verwacht = samenvoegen([deel.get(plek, Cel(0)) for deel in delen])
                assert cel == verwacht, (periode.naam, plek)


@pytest.mark.usefixtures("kalender", "levensdomeinen")
def test_a_years_page_protects_each_month_once(voorjaar, monkeypatch):
    """For a whole year the period before is the year before: the page protects each month
    once, not once per comparison that shows it."""
    gemaakt = {}
    for module in (route, afspraken, kringloop, terugbellen, bezoekafspraken, instroom):

        def geteld(*args, _module=module, _atoom=module.atoom):
            gemaakt[_module.__name__] = gemaakt.get(_module.__name__, 0) + 1
            return _atoom(*args)

        monkeypatch.setattr(module, "atoom", geteld)
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        jaar = tot_vandaag(periode_voor(JAAR, VANDAAG), VANDAAG)
        drie = Drie(jaar)
        assert len(drie.uniek) == 2  # the period before is the year before
        dashboard_maken(periode=jaar, filters=Filters(), vandaag=VANDAAG)
    maanden = sum(len(p.maanden()) for p in drie.uniek)
    assert gemaakt == dict.fromkeys(
        [m.__name__ for m in (route, afspraken, kringloop, terugbellen, bezoekafspraken, instroom)],
        maanden,
    )


@pytest.mark.usefixtures("kalender", "levensdomeinen")
def test_a_sliver_cannot_be_asked_for(client, beleid, voorjaar):
    """A span one day shorter is the same whole months: the same report, to the count."""
    client.force_login(beleid)
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        heel = client.get("/rapportage/?periode=aangepast&van=2025-03-01&tot=2025-05-31")
        min_een_dag = client.get("/rapportage/?periode=aangepast&van=2025-03-02&tot=2025-05-31")
    assert _cellen(heel.context["d"]) == _cellen(min_een_dag.context["d"])
    assert (min_een_dag.context["d"].periode.van, min_een_dag.context["d"].periode.tot) == (
        date(2025, 3, 1),
        date(2025, 5, 31),
    )


# --- witte vlekken: the same rule ------------------------------------------------------------------


@pytest.fixture
def vlekken(voorjaar):
    """March to May 2025: declines of every kind and referrals to a team, few per kern."""
    kansen = random.Random(18)
    for maand in (3, 4, 5):
        for kern in [Kern.AALTEN, Kern.DINXPERLO, Kern.BREDEVOORT, Kern.BARLO]:
            for n in range(kansen.choice([0, 1, 2, 6, 7])):
                h = hulpvraag(moment(2025, maand, 3 + n), kern=kern, domeinen=["zorg"])
                DoorverwijzingFactory(
                    hulpvraag=h, status="afgewezen", verstuurd_op=moment(2025, maand, 3 + n),
                    afgewezen_op=moment(2025, maand, 4 + n), reden="x",
                    reden_soort=kansen.choice(["geen-plek", "buiten-doelgroep", "anders"]),
                )  # fmt: skip
            for n in range(kansen.choice([0, 1, 3, 6])):
                DoorverwijzingFactory(
                    hulpvraag=hulpvraag(moment(2025, maand, 5 + n), kern=kern), organisatie=None,
                    team="maatwerk-wmo", grondslag="geen", gegevens=[], toestemming_op=None,
                    toestemming_wijze="", status="verstuurd", verstuurd_op=moment(2025, maand, 5 + n),
                )  # fmt: skip


def _vlekcellen(pagina) -> dict:
    """Every count of the tables of people's signals, by table, row and column."""
    return {
        (sleutel, rij.label, k): waarde
        for sleutel in ("witte-vlekken", "witte-vlekken-kern", "witte-vlekken-levensdomein")
        for rij in pagina.figuur(sleutel).rijen
        for k, waarde in enumerate(rij.cellen)
        if isinstance(waarde, Cel)
    }


@pytest.mark.usefixtures("kalender", "levensdomeinen")
@pytest.mark.parametrize("kern", ["", Kern.DINXPERLO])
def test_every_witte_vlekken_count_of_every_period_is_what_its_months_show_added_up(vlekken, kern):
    filters = Vlekfilters(kern=kern)
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False):
        eigen, overlappend = _periodes()
        maanden = {
            p.van.month: _vlekcellen(
                witte_vlekken_maken(periode=p, filters=filters, vandaag=VANDAAG)
            )
            for p in eigen
        }
        klein = [c for cellen in maanden.values() for c in cellen.values() if c.reden == KLEIN]
        assert klein, "the data should have small counts, or this tests nothing"
        for periode in overlappend:
            getoond = _vlekcellen(
                witte_vlekken_maken(periode=periode, filters=filters, vandaag=VANDAAG)
            )
            delen = [maanden[m.van.month] for m in periode.maanden()]
            for plek, cel in getoond.items():
                verwacht = samenvoegen([deel.get(plek, Cel(0)) for deel in delen])
                assert cel == verwacht, (periode.naam, plek)
