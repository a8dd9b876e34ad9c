"""The schedule engine with frozen time: holidays, DST, exceptions, open now, next opening."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from locaties.models import Dagdeel, Uitzondering, UitzonderingSoort
from locaties.openingstijden import TZ, Regel, Schema

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def om(jaar, maand, dag, uur=0, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def test_kings_day_and_christmas_close_hofstraat(hofstraat):
    momenten = {m.datum for m in hofstraat.openingsmomenten(date(2027, 4, 26), date(2027, 4, 28))}
    assert momenten == {date(2027, 4, 26), date(2027, 4, 28)}  # Tuesday 27 April: Koningsdag
    # Christmas 2026: Friday 25 (Eerste Kerstdag); Saturday 26 is a weekend day anyway.
    assert hofstraat.openingsmomenten(date(2026, 12, 25), date(2026, 12, 25)) == []
    _, sluitingen = hofstraat.schema_voor(date(2026, 12, 25), date(2026, 12, 25)).dag(
        date(2026, 12, 25)
    )
    assert {(s.dagdeel, s.reden) for s in sluitingen} == {
        ("ochtend", "Eerste kerstdag"),
        ("middag", "Eerste kerstdag"),
    }


def test_easter_monday_after_dst_is_closed_and_tuesday_opens_at_summer_time(hofstraat):
    assert hofstraat.openingsmomenten(date(2027, 3, 29), date(2027, 3, 29)) == []
    dinsdag = hofstraat.openingsmomenten(date(2027, 3, 30), date(2027, 3, 30))
    assert dinsdag[0].start.isoformat() == "2027-03-30T09:00:00+02:00"
    # The Friday before DST still runs on winter time.
    assert hofstraat.openingsmomenten(date(2027, 3, 25), date(2027, 3, 25))[
        0
    ].start.isoformat() == ("2027-03-25T09:00:00+01:00")


def test_autumn_dst_switch_keeps_local_times(hofstraat):
    maandag = hofstraat.openingsmomenten(date(2027, 11, 1), date(2027, 11, 1))
    assert [m.start.isoformat() for m in maandag] == [
        "2027-11-01T09:00:00+01:00",
        "2027-11-01T13:30:00+01:00",
    ]
    assert maandag[0].einde - maandag[0].start == timedelta(hours=3, minutes=30)


@time_machine.travel(om(2027, 5, 14, 19, 0), tick=False)
def test_next_opening_on_friday_evening_before_whit_monday_is_tuesday(hofstraat):
    status = hofstraat.status()
    assert not status.nu_open
    assert status.volgende.start.isoformat() == "2027-05-18T09:00:00+02:00"
    assert status.tekst == "Nu gesloten. Weer open dinsdag 18 mei om 9:00"


@time_machine.travel(om(2027, 3, 30, 10, 15), tick=False)
def test_open_now_until(hofstraat):
    status = hofstraat.status()
    assert status.nu_open
    assert status.tekst == "Nu open tot 12:30"


@time_machine.travel(om(2027, 3, 30, 12, 45), tick=False)
def test_lunch_break_says_open_again_today(hofstraat):
    assert hofstraat.status().tekst == "Nu gesloten. Weer open vandaag om 13:30"


@time_machine.travel(om(2027, 3, 31, 18, 0), tick=False)
def test_evening_says_tomorrow(hofstraat):
    assert hofstraat.status().tekst == "Nu gesloten. Weer open morgen om 9:00"


def test_a_dinxperlo_week_has_exactly_two_openingsmomenten(dinxperlo):
    week = dinxperlo.openingsmomenten(date(2027, 3, 8), date(2027, 3, 14))
    assert [(m.datum, m.dagdeel) for m in week] == [
        (date(2027, 3, 9), "ochtend"),
        (date(2027, 3, 11), "middag"),
    ]


def test_exception_closes_with_public_reason(hofstraat):
    Uitzondering.objects.create(
        locatie=hofstraat, datum=date(2027, 3, 10), soort=UitzonderingSoort.GESLOTEN,
        dagdeel=Dagdeel.MIDDAG, reden="Gesloten i.v.m. teamdag",
    )  # fmt: skip
    momenten, sluitingen = hofstraat.schema_voor(date(2027, 3, 10), date(2027, 3, 10)).dag(
        date(2027, 3, 10)
    )
    assert [m.dagdeel for m in momenten] == ["ochtend"]
    assert [(s.dagdeel, s.reden) for s in sluitingen] == [("middag", "Gesloten i.v.m. teamdag")]


def test_exception_can_open_on_a_holiday_and_change_times(hofstraat):
    Uitzondering.objects.create(
        locatie=hofstraat, datum=date(2027, 4, 27), soort=UitzonderingSoort.EXTRA,
        dagdeel=Dagdeel.OCHTEND, start=time(10), einde=time(12), reden="Extra open op Koningsdag",
    )  # fmt: skip
    Uitzondering.objects.create(
        locatie=hofstraat, datum=date(2027, 4, 28), soort=UitzonderingSoort.GEWIJZIGD,
        dagdeel=Dagdeel.MIDDAG, start=time(13, 30), einde=time(15), reden="Korter open",
    )  # fmt: skip
    koningsdag = hofstraat.openingsmomenten(date(2027, 4, 27), date(2027, 4, 27))
    assert [(m.dagdeel, m.start.time(), m.opmerking) for m in koningsdag] == [
        ("ochtend", time(10), "Extra open op Koningsdag")
    ]
    woensdag = hofstraat.openingsmomenten(date(2027, 4, 28), date(2027, 4, 28))
    assert [(m.dagdeel, m.einde.time()) for m in woensdag] == [
        ("ochtend", time(12, 30)),
        ("middag", time(15)),
    ]


def test_whole_day_closure_removes_both_dagdelen(hofstraat):
    Uitzondering.objects.create(
        locatie=hofstraat,
        datum=date(2027, 3, 10),
        soort=UitzonderingSoort.GESLOTEN,
        reden="Verbouwing",
    )
    assert hofstraat.openingsmomenten(date(2027, 3, 10), date(2027, 3, 10)) == []


def test_rule_validity_period_is_respected():
    schema = Schema(
        [
            Regel(
                0,
                "ochtend",
                time(9),
                time(12),
                geldig_van=date(2027, 3, 8),
                geldig_tot=date(2027, 3, 15),
            )
        ]
    )
    assert [m.datum for m in schema.momenten(date(2027, 3, 1), date(2027, 3, 31))] == [
        date(2027, 3, 8),
        date(2027, 3, 15),
    ]


def test_schema_refuses_dates_outside_its_loaded_window():
    schema = Schema([], van=date(2027, 1, 1), tot=date(2027, 1, 31))
    with pytest.raises(ValueError):
        schema.dag(date(2027, 2, 1))


def test_moments_are_in_amsterdam_time():
    schema = Schema([Regel(0, "ochtend", time(9), time(12))])
    moment = schema.momenten(date(2027, 7, 5), date(2027, 7, 5))[0]
    assert moment.start.tzinfo == TZ
    assert moment.start.utcoffset() == timedelta(hours=2)
