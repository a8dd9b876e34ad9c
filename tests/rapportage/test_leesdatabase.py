"""REPORTING_DATABASE_URL: every query of the reports reads from the second database.

The test settings define the alias "rapportage" as a mirror of the test database (another
connection to the same data, as a replica would be); these tests switch reading from it on.
Their data are committed, so the other connection sees them.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from locaties import demo
from rapportage.services import werkdagen_zeker
from toegang import databases

from .gegevens import hulpvraag, moment

ROOT = Path(__file__).resolve().parents[2]
RAPPORTAGETABELLEN = ("intake_", "locaties_", "sociale_kaart_", "rapportage_")


@pytest.fixture(autouse=True)
def vers_gemeten():
    databases._gemeten.clear()
    yield
    databases._gemeten.clear()


@pytest.fixture
def met_leesdatabase(settings):
    settings.RAPPORTAGE_DATABASE = "rapportage"


def lezingen(vastgelegd) -> list[str]:
    return [
        q["sql"]
        for q in vastgelegd.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
        and any(tabel in q["sql"] for tabel in RAPPORTAGETABELLEN)
    ]


@pytest.mark.django_db(transaction=True, databases=["default", "rapportage"])
def test_every_figure_is_read_from_the_reporting_database(
    met_leesdatabase, client, beleid, levensdomeinen
):
    werkdagen_zeker(moment(2027, 1, 1).date())
    demo.load()
    hulpvraag(moment(2025, 3, 3), afgesloten=moment(2025, 3, 5))
    client.force_login(beleid)
    with (
        CaptureQueriesContext(connections["rapportage"]) as rapportage,
        CaptureQueriesContext(connections["default"]) as standaard,
    ):
        for adres in (
            "/rapportage/?periode=jaar&datum=2025-01-01",
            "/rapportage/tabel/instroom-kanaal.csv?periode=jaar&datum=2025-01-01",
            "/rapportage/tabel/alles.xlsx?periode=kwartaal&datum=2025-01-01&kern=aalten",
        ):
            assert client.get(adres).status_code == 200
    gelezen = " ".join(lezingen(rapportage))
    for tabel in ("intake_hulpvraag", "intake_doorverwijzing", "intake_afspraak", "intake_feedback",
                  "locaties_dienst", "rapportage_maandcijfer", "rapportage_werkdagkalender"):  # fmt: skip
        assert tabel in gelezen
    # On the primary only what is written (the fact table) and the login.
    assert lezingen(standaard) == []


@pytest.mark.django_db(transaction=True, databases=["default", "rapportage"])
def test_a_replica_that_lags_more_than_the_promise_is_skipped(met_leesdatabase, monkeypatch):
    monkeypatch.setattr(databases, "achterstand_seconden", lambda alias: 3 * 3600)
    with databases.rapportage_lezen():
        assert databases.rapportage_alias() is None


@pytest.mark.django_db(transaction=True, databases=["default", "rapportage"])
def test_a_replica_that_cannot_tell_is_skipped_and_a_fresh_one_used(met_leesdatabase, monkeypatch):
    monkeypatch.setattr(databases, "achterstand_seconden", lambda alias: None)
    with databases.rapportage_lezen():
        assert databases.rapportage_alias() is None
    databases._gemeten.clear()
    monkeypatch.setattr(databases, "achterstand_seconden", lambda alias: 12.0)
    with databases.rapportage_lezen():
        assert databases.rapportage_alias() == "rapportage"


@pytest.mark.django_db(transaction=True, databases=["default", "rapportage"])
def test_the_delay_of_a_database_that_is_no_replica_is_zero(met_leesdatabase):
    assert databases.achterstand_seconden("rapportage") == 0


def test_outside_the_reports_everything_reads_from_the_primary(met_leesdatabase):
    assert databases.rapportage_alias() is None


def test_the_replica_is_never_migrated(met_leesdatabase):
    router = databases.RapportageRouter()
    assert router.allow_migrate("rapportage", "intake") is False
    assert router.allow_migrate("default", "intake") is None


def test_without_a_reporting_database_reports_read_from_the_primary(settings):
    settings.RAPPORTAGE_DATABASE = None
    with databases.rapportage_lezen():
        assert databases.rapportage_alias() is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("waarde", "alias"),
    [(None, "None"), ("postgres://rapport@replica.example:5432/toegang", "rapportage")],
)
def test_reporting_database_url_adds_the_alias(waarde, alias):
    env = {k: v for k, v in os.environ.items() if k != "REPORTING_DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "toegang.settings.base", "DEBUG": "1"}
    if waarde:
        env["REPORTING_DATABASE_URL"] = waarde
    uitkomst = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " print(settings.RAPPORTAGE_DATABASE, settings.DATABASES.get('rapportage', {}).get('HOST'))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.split()[0] == alias
    if waarde:
        assert uitkomst.stdout.split()[1] == "replica.example"


@pytest.mark.slow
def test_a_malformed_reporting_database_url_stops_with_one_line():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="toegang.settings.base", DEBUG="1",
               REPORTING_DATABASE_URL="mysql://root@localhost/toegang")  # fmt: skip
    uitkomst = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )  # fmt: skip
    assert uitkomst.returncode == 2
    assert "REPORTING_DATABASE_URL must point to PostgreSQL" in uitkomst.stderr
