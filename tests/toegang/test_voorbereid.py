"""Prepared statements (settings: DATABASE_PREPARED): what a worker asks again and again is
prepared on its connection, and every run of it is still planned for its own values: a
plan kept for any value made the search for a common word in one kern take 12.9 s at
region size. Read from PostgreSQL's own list of the connection's prepared statements."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from intake.models import Hulpvraag
from sociale_kaart.zoeken import Filters, zoek, zoekindex_bijwerken
from tests.sociale_kaart.factories import AanbodFactory

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
def test_a_prepared_search_is_planned_for_its_own_words_every_time():
    """The kern-filtered search of one word has the same text whatever the word; PostgreSQL
    would switch it to one plan for any word after five runs."""
    gemaakt = [
        AanbodFactory(naam=f"Hulp {woord}", beschrijving=f"Over {woord} en meer.")
        for woord in ["thuis", "geld", "werk", "taal", "buren", "eten"]
    ]
    zoekindex_bijwerken(aanbod_ids=[a.pk for a in gemaakt])
    for _ in range(3):
        for woord in ["thuis", "geld", "werk", "taal", "buren", "eten", "hulp"]:
            zoek(woord, Filters(kern="dinxperlo"))
            zoek(woord, Filters())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE '%%sociale_kaart_aanbod%%' AND statement LIKE '%%tsquery%%'"
        )
        plannen = cursor.fetchall()
    assert plannen, "the search was not prepared"
    assert [(generic, custom > 0) for generic, custom in plannen] == [(0, True)] * len(plannen)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [(None, "True 5 True"), ("1", "True 5 True"), ("0", "None None False")],
)
def test_database_prepared_0_switches_prepared_statements_off(waarde, verwacht):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARED"}
    env |= {"DJANGO_SETTINGS_MODULE": "toegang.settings.base", "DEBUG": "1"}
    if waarde is not None:
        env["DATABASE_PREPARED"] = waarde
    uitkomst = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " o = settings.DATABASES['default']['OPTIONS'];"
         " print(o.get('server_side_binding'), o.get('prepare_threshold'),"
         " 'plan_cache_mode=force_custom_plan' in o['options'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert uitkomst.stdout.strip() == verwacht
