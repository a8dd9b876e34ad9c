"""Working days: weekends and Dutch public holidays are skipped everywhere."""

from datetime import date, timedelta

import pytest

from locaties.openingstijden import is_werkdag, werkdagen_eerder, werkdagen_later, werkdagen_tussen


@pytest.mark.parametrize(
    ("dag", "werkdag"),
    [
        (date(2026, 4, 27), False),  # Koningsdag, a Monday
        (date(2025, 4, 26), False),  # Koningsdag on the Saturday when the 27th is a Sunday
        (date(2026, 4, 6), False),  # Tweede paasdag
        (date(2026, 12, 25), False),  # Eerste kerstdag
        (date(2026, 12, 26), False),  # Tweede kerstdag
        (date(2027, 1, 1), False),  # Nieuwjaarsdag
        (date(2026, 5, 14), False),  # Hemelvaartsdag
        (date(2026, 5, 25), False),  # Tweede pinksterdag
        (date(2026, 3, 7), False),  # a Saturday
        (date(2026, 3, 8), False),  # a Sunday
        (date(2026, 3, 9), True),  # an ordinary Monday
        (date(2026, 12, 24), True),  # Christmas Eve is a working day
        (date(2026, 12, 31), True),  # so is New Year's Eve
        (date(2026, 4, 28), True),  # the day after Koningsdag
    ],
)
def test_is_werkdag(dag, werkdag):
    assert is_werkdag(dag) is werkdag


@pytest.mark.parametrize(
    ("van", "aantal", "uitkomst"),
    [
        (date(2026, 3, 9), 2, date(2026, 3, 11)),  # Monday + 2 = Wednesday
        (date(2026, 3, 12), 2, date(2026, 3, 16)),  # Thursday + 2 = Monday
        (date(2026, 3, 14), 1, date(2026, 3, 16)),  # from a Saturday: Monday
        (date(2026, 12, 24), 2, date(2026, 12, 29)),  # Christmas and a weekend skipped
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # across the year: New Year and weekend
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Goede vrijdag, Easter, Tweede paasdag
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Friday before Koningsdag: Tuesday
        (date(2026, 3, 9), 0, date(2026, 3, 9)),
    ],
)
def test_werkdagen_later(van, aantal, uitkomst):
    assert werkdagen_later(van, aantal) == uitkomst


@pytest.mark.parametrize(
    ("van", "tot", "aantal"),
    [
        (date(2026, 3, 9), date(2026, 3, 9), 0),  # same day
        (date(2026, 3, 13), date(2026, 3, 16), 1),  # Friday → Monday
        (date(2026, 3, 13), date(2026, 3, 15), 0),  # Friday → Sunday
        (date(2026, 12, 24), date(2026, 12, 30), 3),  # 28, 29, 30
        (date(2026, 4, 24), date(2026, 4, 28), 1),  # Koningsdag not counted
        (date(2026, 3, 16), date(2026, 3, 13), 0),  # backwards: nothing
    ],
)
def test_werkdagen_tussen(van, tot, aantal):
    assert werkdagen_tussen(van, tot) == aantal


def test_werkdagen_later_and_tussen_agree():
    van = date(2026, 12, 17)
    for aantal in range(15):
        assert werkdagen_tussen(van, werkdagen_later(van, aantal)) == aantal


@pytest.mark.parametrize(
    ("dag", "aantal", "uitkomst"),
    [
        (date(2026, 3, 11), 2, date(2026, 3, 9)),  # Wednesday - 2 = Monday
        (date(2026, 3, 16), 2, date(2026, 3, 12)),  # Monday - 2 = Thursday
        (date(2026, 12, 29), 2, date(2026, 12, 24)),  # back across Christmas and a weekend
        (date(2027, 1, 4), 1, date(2026, 12, 31)),  # back across New Year
        (date(2026, 4, 28), 1, date(2026, 4, 24)),  # Koningsdag skipped
    ],
)
def test_werkdagen_eerder(dag, aantal, uitkomst):
    assert werkdagen_eerder(dag, aantal) == uitkomst


def test_werkdagen_eerder_mirrors_later_on_working_days():
    dag = date(2026, 12, 17)
    for aantal in range(15):
        assert werkdagen_eerder(werkdagen_later(dag, aantal), aantal) == dag


def test_werkdagen_tussen_counts_as_walking_day_by_day_over_years():
    """The counted working days are the days walked one by one, over any span."""
    begin = date(2023, 12, 20)
    for van in (begin + timedelta(days=n) for n in range(0, 500, 5)):
        for lengte in (0, 1, 2, 3, 4, 5, 6, 7, 13, 40, 366, 800):
            tot = van + timedelta(days=lengte)
            gelopen = sum(1 for n in range(1, lengte + 1) if is_werkdag(van + timedelta(days=n)))
            assert werkdagen_tussen(van, tot) == gelopen, (van, tot)
    assert werkdagen_tussen(date(2026, 12, 3), date(2026, 12, 1)) == 0
