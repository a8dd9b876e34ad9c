"""Report periods: their bounds, names, chart buckets and what they are compared with."""

from datetime import date, datetime, time

from locaties.openingstijden import TZ
from rapportage.perioden import (
    AANGEPAST,
    JAAR,
    KWARTAAL,
    MAAND,
    SOORTEN,
    Periode,
    periode_voor,
    tot_vandaag,
)


def test_each_kind_of_period_around_a_day():
    dag = date(2025, 5, 14)  # a Wednesday
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


def test_every_kind_of_period_is_whole_months():
    """No week, no chosen day: two periods never differ by less than a month (see
    rapportage.afscherming and test_perioden_vergelijken.py)."""
    assert [soort for soort, _ in SOORTEN] == [MAAND, KWARTAAL, JAAR, AANGEPAST]
    dag = date(2025, 5, 14)
    for soort in (MAAND, KWARTAAL, JAAR):
        assert periode_voor(soort, dag).hele_maanden
    assert tot_vandaag(periode_voor(JAAR, dag), dag).hele_maanden  # running: up to today
    assert not Periode(AANGEPAST, date(2025, 1, 3), date(2025, 2, 9)).hele_maanden
    jaar = periode_voor(JAAR, dag)
    assert [(m.van, m.tot) for m in jaar.maanden()][:2] == [
        (date(2025, 1, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
    ]
    lopend = tot_vandaag(jaar, dag).maanden()
    assert len(lopend) == 5 and (lopend[-1].van, lopend[-1].tot) == (date(2025, 5, 1), dag)
    assert lopend[-1] == tot_vandaag(periode_voor(MAAND, dag), dag)  # as May's own page


def test_names_in_plain_dutch():
    assert periode_voor(MAAND, date(2025, 5, 14)).naam == "mei 2025"
    assert periode_voor(KWARTAAL, date(2025, 5, 14)).naam == "2e kwartaal 2025"
    assert periode_voor(JAAR, date(2025, 5, 14)).naam == "2025"
    assert (
        Periode(AANGEPAST, date(2025, 1, 1), date(2025, 2, 28)).naam
        == "januari 2025 t/m februari 2025"
    )
    assert Periode(AANGEPAST, date(2025, 3, 1), date(2025, 3, 31)).naam == "maart 2025"
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


def test_a_running_period_is_compared_with_the_whole_period_before_and_a_year_earlier():
    """Part of a month is no building block: 1-16 May next to 1-16 June would be a sliver
    of May next to the whole of May."""
    juni = tot_vandaag(periode_voor(MAAND, date(2025, 6, 1)), date(2025, 6, 16))
    assert (juni.vorige().van, juni.vorige().tot) == (date(2025, 5, 1), date(2025, 5, 31))
    assert (juni.vorig_jaar().van, juni.vorig_jaar().tot) == (date(2024, 6, 1), date(2024, 6, 30))
    eigen = Periode(AANGEPAST, date(2025, 3, 1), date(2025, 4, 30))
    assert (eigen.vorige().van, eigen.vorige().tot) == (date(2025, 1, 1), date(2025, 2, 28))


def test_a_year_earlier_than_february_of_a_leap_year_is_all_of_february():
    februari = Periode(AANGEPAST, date(2024, 2, 1), date(2024, 2, 29))
    assert (februari.vorig_jaar().van, februari.vorig_jaar().tot) == (
        date(2023, 2, 1),
        date(2023, 2, 28),
    )


def test_chart_buckets_follow_the_length_of_the_period():
    maand = periode_voor(MAAND, date(2025, 5, 14))
    assert maand.eenheid == "day" and len(maand.emmers()) == 31
    kwartaal = periode_voor(KWARTAAL, date(2025, 5, 14))
    assert kwartaal.eenheid == "month" and kwartaal.emmers() == [
        date(2025, 4, 1),
        date(2025, 5, 1),
        date(2025, 6, 1),
    ]
    assert periode_voor(JAAR, date(2025, 5, 14)).emmers()[-1] == date(2025, 12, 1)
    lang = Periode(AANGEPAST, date(2021, 2, 1), date(2025, 5, 31))
    assert lang.eenheid == "quarter" and lang.emmers()[0] == date(2021, 1, 1)
    assert lang.emmer_naam(date(2021, 1, 1)) == "K1 2021"
    assert kwartaal.per_emmer({date(2025, 4, 1): 2, date(2025, 4, 6): 1, date(2025, 5, 7): 4}) == {
        date(2025, 4, 1): 3,
        date(2025, 5, 1): 4,
    }


def test_the_arrows_go_to_the_whole_period_before_and_after():
    juni = tot_vandaag(periode_voor(MAAND, date(2025, 6, 1)), date(2025, 6, 16))
    assert juni.verschoven(-1).naam == "mei 2025"
    assert juni.verschoven(+1).van == date(2025, 7, 1)
    assert Periode(AANGEPAST, date(2025, 1, 1), date(2025, 1, 31)).verschoven(-1) is None
