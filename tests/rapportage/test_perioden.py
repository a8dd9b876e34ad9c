"""Report periods: their bounds, names, chart buckets and what they are compared with."""

from datetime import date, datetime, time

from locaties.openingstijden import TZ
from rapportage.perioden import (
    AANGEPAST,
    JAAR,
    KWARTAAL,
    MAAND,
    WEEK,
    Periode,
    periode_voor,
    tot_vandaag,
)


def test_each_kind_of_period_around_a_day():
    dag = date(2025, 5, 14)  # a Wednesday
    assert (periode_voor(WEEK, dag).van, periode_voor(WEEK, dag).tot) == (
        date(2025, 5, 12),
        date(2025, 5, 18),
    )
    assert (periode_voor(MAAND, dag).van, periode_voor(MAAND, dag).tot) == (
        date(2025, 5, 1),
        date(2025, 5, 31),
    )
    kwartaal = periode_voor(KWARTAAL, dag)
    assert (kwartaal.van, kwartaal.tot) == (date(2025, 4, 1), date(2025, 6, 30))
    assert (periode_voor(JAAR, dag).van, periode_voor(JAAR, dag).tot) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert periode_voor(MAAND, date(2024, 2, 10)).tot == date(2024, 2, 29)


def test_names_in_plain_dutch():
    assert periode_voor(WEEK, date(2025, 5, 14)).naam == "week 20 van 2025"
    assert periode_voor(MAAND, date(2025, 5, 14)).naam == "mei 2025"
    assert periode_voor(KWARTAAL, date(2025, 5, 14)).naam == "2e kwartaal 2025"
    assert periode_voor(JAAR, date(2025, 5, 14)).naam == "2025"
    assert (
        Periode(AANGEPAST, date(2025, 1, 3), date(2025, 2, 9)).naam
        == "3 januari 2025 t/m 9 februari 2025"
    )
    lopend = tot_vandaag(periode_voor(MAAND, date(2025, 6, 1)), date(2025, 6, 16))
    assert lopend.naam == "juni 2025 (t/m 16 juni 2025)"


def test_the_bounds_are_local_midnights():
    van, tot = periode_voor(MAAND, date(2025, 3, 1)).grenzen()
    assert van == datetime.combine(date(2025, 3, 1), time(), TZ)
    # 1 April is summer time: the end is 22:00 UTC on 31 March.
    assert tot.utcoffset().total_seconds() == 7200 and tot.date() == date(2025, 4, 1)


def test_a_whole_period_is_compared_with_the_whole_one_before():
    jaar = periode_voor(JAAR, date(2025, 1, 1))
    assert (jaar.vorige().van, jaar.vorige().tot) == (date(2024, 1, 1), date(2024, 12, 31))
    maart = periode_voor(MAAND, date(2025, 3, 1))
    assert (maart.vorige().van, maart.vorige().tot) == (date(2025, 2, 1), date(2025, 2, 28))


def test_a_running_period_is_compared_with_as_many_days_before_and_a_year_earlier():
    juni = tot_vandaag(periode_voor(MAAND, date(2025, 6, 1)), date(2025, 6, 16))
    assert (juni.vorige().van, juni.vorige().tot) == (date(2025, 5, 1), date(2025, 5, 16))
    assert (juni.vorig_jaar().van, juni.vorig_jaar().tot) == (date(2024, 6, 1), date(2024, 6, 16))
    eigen = Periode(AANGEPAST, date(2025, 3, 10), date(2025, 3, 19))
    assert (eigen.vorige().van, eigen.vorige().tot) == (date(2025, 2, 28), date(2025, 3, 9))


def test_a_year_earlier_than_a_leap_day_is_the_28th():
    dag = Periode(AANGEPAST, date(2024, 2, 29), date(2024, 2, 29))
    assert dag.vorig_jaar().van == date(2023, 2, 28)


def test_chart_buckets_follow_the_length_of_the_period():
    week = periode_voor(WEEK, date(2025, 5, 14))
    assert week.eenheid == "day" and len(week.emmers()) == 7
    kwartaal = periode_voor(KWARTAAL, date(2025, 5, 14))
    assert kwartaal.eenheid == "week" and kwartaal.emmers()[0] == date(2025, 3, 31)
    assert periode_voor(JAAR, date(2025, 5, 14)).emmers()[-1] == date(2025, 12, 1)
    lang = Periode(AANGEPAST, date(2021, 2, 1), date(2025, 5, 14))
    assert lang.eenheid == "quarter" and lang.emmers()[0] == date(2021, 1, 1)
    assert lang.emmer_naam(date(2021, 1, 1)) == "K1 2021"
    assert kwartaal.per_emmer({date(2025, 4, 1): 2, date(2025, 4, 6): 1, date(2025, 4, 7): 4}) == {
        date(2025, 3, 31): 3,
        date(2025, 4, 7): 4,
    }


def test_the_arrows_go_to_the_whole_period_before_and_after():
    juni = tot_vandaag(periode_voor(MAAND, date(2025, 6, 1)), date(2025, 6, 16))
    assert juni.verschoven(-1).naam == "mei 2025"
    assert juni.verschoven(+1).van == date(2025, 7, 1)
    assert Periode(AANGEPAST, date(2025, 1, 1), date(2025, 1, 9)).verschoven(-1) is None
