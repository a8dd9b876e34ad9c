"""The fact table: kept months plus loose days count the same as counting straight from the
cases, beat counts again what changed, and nothing kept is older than the promise."""

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Hulpvraag, Route
from rapportage import maandcijfers, tasks
from rapportage.cijfers import Filters
from rapportage.maandcijfers import (
    maandcijfers_bijwerken,
    naar_json,
    opdelen,
    periodecijfers,
    tellen,
    uit_json,
)
from rapportage.models import Bijwerkstand, Maandcijfer
from rapportage.perioden import AANGEPAST, JAAR, KWARTAAL, Periode, periode_voor
from sociale_kaart.models import Levensdomein
from tests.intake.factories import AfspraakFactory, DoorverwijzingFactory
from toegang.accounts.roles import Team

from .gegevens import hulpvraag, moment, week

pytestmark = pytest.mark.usefixtures("kalender", "levensdomeinen")

VANDAAG = date(2025, 6, 16)


@pytest.fixture(autouse=True)
def nu():
    with time_machine.travel(moment(2025, 6, 16, 12), tick=False) as reiziger:
        yield reiziger


@pytest.fixture
def gegevens(db):
    """Questions, referrals and commitments spread over the first half of 2025."""
    for maand, dag, kern, kanaal, route in [
        (1, 6, "aalten", "website", Route.SOCIALE_BASIS),
        (1, 31, "dinxperlo", "telefoon", Route.MAATWERK),
        (2, 3, "aalten", "balie-hofstraat", Route.VOORLIGGEND_VELD),
        (3, 14, "bredevoort", "website", Route.COMBINATIE),
        (3, 31, "aalten", "email", Route.SOCIALE_BASIS),
        (4, 17, "dinxperlo", "inloop-dinxperlo", Route.MAATWERK),
        (5, 2, "", "website", Route.VOORLIGGEND_VELD),
        (5, 28, "aalten", "partner", Route.SOCIALE_BASIS),
        (6, 2, "aalten", "website", Route.SOCIALE_BASIS),
        (6, 13, "dinxperlo", "telefoon", Route.MAATWERK),
    ]:
        h = hulpvraag(
            moment(2025, maand, dag), kern=kern, kanaal=kanaal, domeinen=["zorg", "wonen"][: maand % 3],
            contact=moment(2025, maand, dag) + timedelta(days=2),
            afgesloten=moment(2025, maand, dag) + timedelta(days=9), route=route,
        )  # fmt: skip
        AfspraakFactory(hulpvraag=h, deadline=(moment(2025, maand, dag) + timedelta(days=5)).date(),
                        gedaan_op=moment(2025, maand, dag) + timedelta(days=maand))  # fmt: skip
        DoorverwijzingFactory(
            hulpvraag=h, status="geaccepteerd", verstuurd_op=moment(2025, maand, dag, 11),
            geaccepteerd_op=moment(2025, maand, dag, 11) + timedelta(days=maand % 4),
            **({"organisatie": None, "team": Team.MAATWERK_WMO, "grondslag": "geen", "gegevens": []} if maand % 2 else {}),
        )  # fmt: skip


PERIODEN = [
    periode_voor(JAAR, date(2025, 1, 1)),
    periode_voor(KWARTAAL, date(2025, 2, 1)),
    week(date(2025, 3, 31)),
    Periode(AANGEPAST, date(2025, 1, 20), date(2025, 5, 10)),
    Periode(AANGEPAST, date(2024, 12, 30), date(2025, 6, 15)),
]


def test_a_period_splits_into_finished_months_and_loose_days():
    maanden, los = opdelen(Periode(AANGEPAST, date(2025, 1, 20), date(2025, 5, 10)), VANDAAG)
    assert maanden == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]
    assert [(p.van, p.tot) for p in los] == [
        (date(2025, 1, 20), date(2025, 1, 31)),
        (date(2025, 5, 1), date(2025, 5, 10)),
    ]
    # The running month is never kept: it still changes.
    maanden, los = opdelen(periode_voor(JAAR, date(2025, 1, 1)), VANDAAG)
    assert maanden[-1] == date(2025, 5, 1)
    assert [(p.van, p.tot) for p in los] == [(date(2025, 6, 1), date(2025, 12, 31))]


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(kern="aalten"), Filters(kanaal="website"), "zorg"]
)
def test_kept_months_and_loose_days_count_the_same_as_the_cases(gegevens, filters):
    if filters == "zorg":
        filters = Filters(levensdomein=Levensdomein.objects.get(slug="zorg").pk)
    rechtstreeks = tellen(PERIODEN, filters, VANDAAG)
    via_tabel = periodecijfers(PERIODEN, filters, VANDAAG)
    assert Maandcijfer.objects.exists()
    for a, b in zip(rechtstreeks, via_tabel, strict=True):
        assert replace(a, van=None) == replace(b, van=None)
    # And again, now from what was kept.
    for a, b in zip(rechtstreeks, periodecijfers(PERIODEN, filters, VANDAAG), strict=True):
        assert replace(a, van=None) == replace(b, van=None)


def test_a_caller_that_reads_one_part_has_only_that_part_counted_for_loose_days(gegevens):
    """The witte-vlekken page reads only the closed questions, per levensdomein: the loose
    days of its periods are counted with one query, not five, and count the same."""
    filters = Filters(levensdomein=Levensdomein.objects.get(slug="zorg").pk)
    volledig = periodecijfers(PERIODEN, filters, VANDAAG)
    with CaptureQueriesContext(connection) as alles:
        periodecijfers(PERIODEN, filters, VANDAAG)
    with CaptureQueriesContext(connection) as een_deel:
        alleen = periodecijfers(PERIODEN, filters, VANDAAG, delen=["afsluiting"])
    # Beat's state, the kept months and one count, where all parts take five more.
    assert len(een_deel.captured_queries) == 3
    assert len(alles.captured_queries) > 3
    assert [c.afsluiting for c in alleen] == [c.afsluiting for c in volledig]


def test_the_kept_counts_survive_the_round_trip_and_hold_no_text(gegevens):
    (jaar,) = tellen([PERIODEN[0]], Filters(), VANDAAG)
    terug = uit_json(json.loads(json.dumps(naar_json(jaar))), jaar.van)
    assert terug == jaar
    tekst = json.dumps([r.gegevens for r in Maandcijfer.objects.all()])
    assert "schulden" not in tekst and "Mevrouw" not in tekst


def test_beat_keeps_the_last_three_years_ready_for_every_single_filter(gegevens, nu):
    geteld = maandcijfers_bijwerken()
    filters = len(maandcijfers.standaard_filters())
    assert geteld == filters * 36
    assert Maandcijfer.objects.filter(filters="kern=;kanaal=;levensdomein=").count() == 36
    # Changes from just before a run are looked at once more by the next one (they may not
    # have been committed when it started); after that, with nothing changed, nothing is
    # counted again.
    nu.shift(timedelta(minutes=10))
    maandcijfers_bijwerken()
    nu.shift(timedelta(minutes=10))
    assert maandcijfers_bijwerken() == 0


def test_beat_counts_again_the_months_a_change_touched(gegevens, nu):
    maandcijfers_bijwerken()
    (kwartaal,) = periodecijfers([periode_voor(KWARTAAL, date(2025, 1, 1))], Filters(), VANDAAG)
    # Closed 15 January, 9 and 12 February, 23 March.
    assert kwartaal.afsluiting.totaal == 4
    nu.shift(timedelta(minutes=10))
    # A case closed in March (created 14 March) is reopened now: March counts one less.
    heropend = Hulpvraag.objects.get(aangemaakt=moment(2025, 3, 14))
    heropend.heropen(door=None, reden="De inwoner belde terug.")
    geteld = maandcijfers_bijwerken()
    assert geteld > 0
    (kwartaal,) = periodecijfers([periode_voor(KWARTAAL, date(2025, 1, 1))], Filters(), VANDAAG)
    assert kwartaal.afsluiting.totaal == 3


def test_a_kept_month_older_than_the_promise_is_counted_again_when_read(gegevens, nu):
    periodecijfers([periode_voor(KWARTAAL, date(2025, 1, 1))], Filters(), VANDAAG)
    hulpvraag(moment(2025, 2, 20))  # written straight into February: no beat ran
    nu.shift(timedelta(minutes=49))
    (kwartaal,) = periodecijfers([periode_voor(KWARTAAL, date(2025, 1, 1))], Filters(), VANDAAG)
    assert kwartaal.instroom.totaal == 5
    nu.shift(timedelta(minutes=2))
    (kwartaal,) = periodecijfers([periode_voor(KWARTAAL, date(2025, 1, 1))], Filters(), VANDAAG)
    assert kwartaal.instroom.totaal == 6
    assert kwartaal.van >= timezone.now() - timedelta(minutes=1)


def test_a_commitment_made_now_counts_in_the_month_it_was_due(gegevens, nu):
    maandcijfers_bijwerken()
    februari = [periode_voor("maand", date(2025, 2, 1))]
    (voor,) = periodecijfers(februari, Filters(), VANDAAG)
    assert (voor.afspraken.op_tijd, voor.afspraken.beoordeeld) == (2, 2)
    nu.shift(timedelta(minutes=10))
    AfspraakFactory(hulpvraag=hulpvraag(moment(2025, 2, 1)), deadline=date(2025, 2, 10))
    maandcijfers_bijwerken()
    (na,) = periodecijfers(februari, Filters(), VANDAAG)
    assert (na.afspraken.op_tijd, na.afspraken.beoordeeld) == (2, 3)


def test_a_run_out_of_time_leaves_the_changes_for_the_next_run(gegevens, nu):
    maandcijfers_bijwerken()
    vorige = Bijwerkstand.objects.get(naam="maandcijfers").bijgewerkt_tot
    nu.shift(timedelta(minutes=10))
    hulpvraag(moment(2025, 2, 20))
    assert maandcijfers_bijwerken(budget=0) == 0
    assert Bijwerkstand.objects.get(naam="maandcijfers").bijgewerkt_tot == vorige
    nu.shift(timedelta(minutes=10))
    assert maandcijfers_bijwerken() > 0
    (februari,) = periodecijfers([periode_voor("maand", date(2025, 2, 1))], Filters(), VANDAAG)
    assert februari.instroom.totaal == 2


def test_the_beat_task_fills_the_fact_table(gegevens):
    tasks.maandcijfers_bijwerken.delay()
    assert Maandcijfer.objects.filter(filters="kern=dinxperlo;kanaal=;levensdomein=").count() == 36


def test_while_beat_runs_kept_months_stay_valid_however_old(gegevens, nu):
    maandcijfers_bijwerken()
    nu.shift(timedelta(minutes=10))
    maandcijfers_bijwerken()  # looks once more at what changed just before the first run
    kwartaal = [periode_voor(KWARTAAL, date(2025, 1, 1))]
    periodecijfers(kwartaal, Filters(), VANDAAG)
    geteld = set(Maandcijfer.objects.values_list("maand", "berekend_op"))
    for _ in range(12):  # two hours of beat every ten minutes, nothing changing
        nu.shift(timedelta(minutes=10))
        maandcijfers_bijwerken()
    (gelezen,) = periodecijfers(kwartaal, Filters(), VANDAAG)
    assert set(Maandcijfer.objects.values_list("maand", "berekend_op")) == geteld
    # The page says: as recent as beat's last look.
    assert gelezen.van == timezone.now()
