"""Prepared statements (settings: DATABASE_PREPARED): what a worker asks again and again is
prepared on its connection; inside the reports (toegang.databases.rapportage_lezen) nothing
is, so each of their aggregates is planned for its own period. Read from PostgreSQL's own
list of the connection's prepared statements."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from intake.models import Hulpvraag
from toegang import databases

ROOT = Path(__file__).resolve().parents[2]


def vragen(keer: int) -> None:
    for _ in range(keer):
        Hulpvraag.objects.filter(referentie="HV-VOORBEREID").exists()


def voorbereid() -> bool:
    """Is the question of `vragen` prepared on this connection?"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE '%%intake_hulpvraag%%' AND statement LIKE '%%referentie%%'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_a_question_asked_again_and_again_is_prepared_after_the_fifth_time():
    vragen(5)
    assert not voorbereid()
    vragen(1)
    assert voorbereid()


@pytest.mark.django_db
def test_inside_the_reports_nothing_is_prepared_and_after_them_again_as_before():
    with databases.rapportage_lezen():
        vragen(8)
        assert not voorbereid()
    vragen(6)
    assert voorbereid()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("waarde", "verwacht"), [(None, "True 5"), ("1", "True 5"), ("0", "None None")]
)
def test_database_prepared_0_switches_prepared_statements_off(waarde, verwacht):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARED"}
    env |= {"DJANGO_SETTINGS_MODULE": "toegang.settings.base", "DEBUG": "1"}
    if waarde is not None:
        env["DATABASE_PREPARED"] = waarde
    uitkomst = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " o = settings.DATABASES['default']['OPTIONS'];"
         " print(o.get('server_side_binding'), o.get('prepare_threshold'))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.strip() == verwacht
