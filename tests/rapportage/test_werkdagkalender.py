"""The working-day calendar the reports' SQL reads: one row, the same working days as
locaties.openingstijden, filled when missing or too short, and stored anew by beat."""

from datetime import date, timedelta

import pytest
from django.db import connection

from locaties.openingstijden import werkdagen_tussen
from rapportage.cijfers import KALENDER_CTE, TIJDZONE, werkdagen_in_orde, werkdagen_sql
from rapportage.models import Werkdagkalender
from rapportage.services import werkdagen_bijwerken, werkdagen_zeker

pytestmark = pytest.mark.django_db

PAREN = [
    (date(2025, 5, 28), date(2025, 5, 30)),  # Ascension Day in between
    (date(2025, 4, 15), date(2025, 5, 19)),  # Easter, King's Day, Liberation Day
    (date(2024, 12, 20), date(2025, 1, 3)),  # Christmas and New Year
    (date(2000, 1, 1), date(2000, 1, 10)),  # the calendar's first day
    (date(2026, 3, 6), date(2026, 3, 2)),  # backwards: none
    (date(2027, 12, 24), date(2027, 12, 31)),
]


def in_sql(van: date, tot: date) -> int:
    """The working days between two local noons, as the reports count them in SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{KALENDER_CTE} SELECT {werkdagen_sql('%(van)s::timestamptz', '%(tot)s::timestamptz')}",
            {"van": f"{van} 12:00+01", "tot": f"{tot} 12:00+01", "tz": TIJDZONE},
        )
        return cursor.fetchone()[0]


def test_sql_counts_the_working_days_as_the_one_rule_does():
    werkdagen_zeker(date(2027, 12, 31))
    for van, tot in PAREN:
        assert in_sql(van, tot) == max(0, werkdagen_tussen(van, tot)), (van, tot)


def test_an_empty_or_short_calendar_is_filled_and_stays_one_row():
    Werkdagkalender.objects.all().delete()
    assert not werkdagen_in_orde(date(2026, 1, 1))
    werkdagen_zeker(date(2026, 1, 1))
    assert werkdagen_in_orde(date(2026, 1, 1))
    kalender = Werkdagkalender.objects.get()
    verder = kalender.tot + timedelta(days=400)
    assert not werkdagen_in_orde(verder)
    werkdagen_zeker(verder)
    assert werkdagen_in_orde(verder)
    assert Werkdagkalender.objects.count() == 1
    assert Werkdagkalender.objects.get().tot == verder


def test_storing_again_renumbers_a_damaged_calendar():
    werkdagen_bijwerken(tot=date(2027, 12, 31))
    Werkdagkalender.objects.update(nummers=[0] * 10)
    assert not werkdagen_in_orde(date(2027, 12, 31))
    assert (
        werkdagen_bijwerken(tot=date(2027, 12, 31))
        == (date(2027, 12, 31) - date(2000, 1, 1)).days + 1
    )
    assert in_sql(date(2025, 4, 15), date(2025, 5, 19)) == werkdagen_tussen(
        date(2025, 4, 15), date(2025, 5, 19)
    )
