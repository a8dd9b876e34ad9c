"""Recurring shifts ("Anna, every Tuesday morning in Dinxperlo, until 1 July") and the
rota's past, which stays as it was."""

from datetime import date, timedelta

import pytest
import time_machine

from locaties.models import Afwezigheid, Dienst, TerugkerendeDienst
from locaties.services import (
    RoosterFout,
    dienst_inroosteren,
    dienst_verwijderen,
    onderbezetting,
    standaard_week,
    terugkerende_dienst_instellen,
    terugkerende_dienst_stoppen,
    terugkerende_dienst_wijzigen,
)
from tests.accounts.factories import UserFactory
from tests.locaties.test_schema import om

pytestmark = pytest.mark.django_db
MAANDAG = om(2027, 3, 8, 7, 0)  # Monday 8 March 2027, before opening time
DINSDAGEN = [date(2027, 3, 9) + timedelta(weeks=i) for i in range(8)]  # ... 27 April: Koningsdag


@pytest.fixture
def nu():
    with time_machine.travel(MAANDAG, tick=False) as reis:
        yield reis


@pytest.fixture
def anna(db):
    return UserFactory(first_name="Anna", last_name="Aalbers")


@pytest.fixture
def bert(db):
    return UserFactory(first_name="Bert", last_name="Bosch")


def elke_dinsdag(locatie, medewerker, door, van=date(2027, 3, 8), tot=date(2027, 4, 27)):
    return terugkerende_dienst_instellen(
        medewerker=medewerker,
        locatie=locatie,
        weekdag=1,
        dagdeel="ochtend",
        van=van,
        tot=tot,
        door=door,
    )


def wijzigen(reeks, door, **anders):
    """Change `reeks`; what is not named stays as it is."""
    velden = {
        "medewerker": reeks.medewerker,
        "locatie": reeks.locatie,
        "weekdag": reeks.weekdag,
        "dagdeel": reeks.dagdeel,
        "tot": reeks.tot,
        **anders,
    }
    return terugkerende_dienst_wijzigen(reeks=reeks, door=door, **velden)


def data(medewerker):
    return sorted(Dienst.objects.filter(medewerker=medewerker).values_list("datum", flat=True))


def test_a_recurring_shift_makes_every_week_and_skips_a_public_holiday(
    nu, dinxperlo, anna, coordinator
):
    uitkomst = elke_dinsdag(dinxperlo, anna, coordinator)
    assert data(anna) == DINSDAGEN[:7]
    assert [(o.datum, o.reden) for o in uitkomst.overgeslagen] == [
        (date(2027, 4, 27), "gesloten (Koningsdag)")
    ]
    assert uitkomst.overgeslagen[0].tekst == "dinsdag 27 april: gesloten (Koningsdag)"
    reeks = TerugkerendeDienst.objects.get()
    assert reeks.wanneer == "elke dinsdag in de ochtend"
    assert set(reeks.diensten.values_list("datum", flat=True)) == set(DINSDAGEN[:7])
    assert Dienst.objects.filter(ingeroosterd_door=coordinator).count() == 7


def test_a_recurring_shift_follows_the_rules_of_one_shift(
    nu, hofstraat, dinxperlo, anna, bert, coordinator
):
    Afwezigheid.objects.create(medewerker=anna, van=date(2027, 3, 16), tot=date(2027, 3, 16))
    dienst_inroosteren(  # elsewhere at the same time
        locatie=hofstraat, datum=date(2027, 3, 23), dagdeel="ochtend", medewerker=anna, door=bert
    )
    for _ in range(3):  # the maximum of 3 reached
        dienst_inroosteren(
            locatie=dinxperlo,
            datum=date(2027, 3, 30),
            dagdeel="ochtend",
            medewerker=UserFactory(),
            door=bert,
        )
    eigen = dienst_inroosteren(  # already on it: joins the series
        locatie=dinxperlo, datum=date(2027, 4, 6), dagdeel="ochtend", medewerker=anna, door=bert
    )
    uitkomst = elke_dinsdag(dinxperlo, anna, coordinator)
    assert {o.datum: o.reden for o in uitkomst.overgeslagen} == {
        date(2027, 3, 16): "afwezig",
        date(2027, 3, 23): "al ingeroosterd bij Gemeentekantoor Hofstraat (9:00–12:30)",
        date(2027, 3, 30): "al vol (3/3)",
        date(2027, 4, 27): "gesloten (Koningsdag)",
    }
    assert data(anna) == [
        date(2027, 3, 9),
        date(2027, 3, 23),  # the Hofstraat shift
        date(2027, 4, 6),
        date(2027, 4, 13),
        date(2027, 4, 20),
    ]
    eigen.refresh_from_db()
    assert eigen.terugkerende_dienst == uitkomst.reeks
    assert len(uitkomst.diensten) == 4


def test_the_minimum_check_over_the_coming_weeks_sees_the_recurring_shifts(
    nu, dinxperlo, anna, bert, coordinator
):
    def dinsdagen_te_kort():
        return [
            b.moment.datum
            for b in onderbezetting(van=date(2027, 3, 8), tot=date(2027, 5, 2))
            if b.locatie == dinxperlo and b.moment.dagdeel == "ochtend"
        ]

    assert dinsdagen_te_kort() == DINSDAGEN[:7]
    elke_dinsdag(dinxperlo, anna, coordinator)
    assert dinsdagen_te_kort() == DINSDAGEN[:7]  # 1/2 is still short
    elke_dinsdag(dinxperlo, bert, coordinator)
    assert dinsdagen_te_kort() == []


@pytest.mark.parametrize(
    "van, tot, weekdag, veld, tekst",
    [
        (date(2027, 3, 1), date(2027, 4, 27), 1, "van", "in het verleden"),
        (date(2028, 3, 8), date(2028, 3, 31), 1, "van", "meer dan een jaar vooruit"),
        (date(2027, 3, 8), date(2027, 3, 1), 1, "tot", "vóór de eerste dag"),
        (date(2027, 3, 8), date(2028, 3, 9), 1, "tot", "hoogstens een jaar"),
        (date(2027, 3, 10), date(2027, 3, 15), 1, "tot", "valt geen dinsdag"),
        (
            date(2027, 3, 8),
            date(2027, 4, 27),
            0,
            "weekdag",
            "is op maandag in de ochtend niet open",
        ),
    ],
)
def test_an_impossible_recurring_shift_is_refused_per_field_and_saves_nothing(
    nu, dinxperlo, anna, coordinator, van, tot, weekdag, veld, tekst
):
    with pytest.raises(RoosterFout, match=tekst) as fout:
        terugkerende_dienst_instellen(
            medewerker=anna,
            locatie=dinxperlo,
            weekdag=weekdag,
            dagdeel="ochtend",
            van=van,
            tot=tot,
            door=coordinator,
        )
    assert fout.value.veld == veld
    assert not TerugkerendeDienst.objects.exists() and not Dienst.objects.exists()


def test_a_recurring_shift_without_a_single_shift_is_not_saved(nu, dinxperlo, anna, coordinator):
    Afwezigheid.objects.create(medewerker=anna, van=date(2027, 3, 8), tot=date(2027, 3, 31))
    with pytest.raises(RoosterFout, match="geen enkele dienst.*dinsdag 9 maart: afwezig"):
        elke_dinsdag(dinxperlo, anna, coordinator, tot=date(2027, 3, 31))
    assert not TerugkerendeDienst.objects.exists() and not Dienst.objects.exists()


def test_a_new_last_day_takes_off_only_shifts_to_come_and_keeps_a_week_taken_off_by_hand(
    nu, dinxperlo, anna, coordinator
):
    reeks = elke_dinsdag(dinxperlo, anna, coordinator, tot=date(2027, 4, 6)).reeks
    nu.move_to(om(2027, 3, 24, 13, 0))
    # Anna swapped the 30th with someone: taken off by hand.
    dienst_verwijderen(dienst=Dienst.objects.get(medewerker=anna, datum=date(2027, 3, 30)))
    langer = wijzigen(reeks, coordinator, tot=date(2027, 4, 20))
    assert [d.datum for d in langer.diensten] == [date(2027, 4, 13), date(2027, 4, 20)]
    assert date(2027, 3, 30) not in data(anna)
    korter = wijzigen(reeks, coordinator, tot=date(2027, 4, 6))
    assert korter.verwijderd == 2
    assert data(anna) == [date(2027, 3, 9), date(2027, 3, 16), date(2027, 3, 23), date(2027, 4, 6)]


def test_another_person_takes_over_only_the_shifts_to_come(nu, dinxperlo, anna, bert, coordinator):
    reeks = elke_dinsdag(dinxperlo, anna, coordinator).reeks
    nu.move_to(om(2027, 3, 16, 10, 0))  # during Tuesday's opening: not over yet
    uitkomst = wijzigen(reeks, coordinator, medewerker=bert, tot=date(2027, 4, 27))
    assert data(anna) == [date(2027, 3, 9)]
    assert data(bert) == DINSDAGEN[1:7]
    assert uitkomst.verwijderd == 6
    reeks.refresh_from_db()
    assert reeks.medewerker == bert and reeks.van == date(2027, 3, 8)


def test_another_weekday_that_is_closed_is_refused_and_changes_nothing(
    nu, dinxperlo, anna, coordinator
):
    reeks = elke_dinsdag(dinxperlo, anna, coordinator).reeks
    with pytest.raises(RoosterFout, match="niet open"):
        wijzigen(reeks, coordinator, weekdag=2, tot=date(2027, 4, 27))
    assert data(anna) == DINSDAGEN[:7]
    reeks.refresh_from_db()
    assert reeks.weekdag == 1


def test_stopping_takes_off_what_is_to_come_and_keeps_what_is_over(
    nu, dinxperlo, anna, coordinator
):
    reeks = elke_dinsdag(dinxperlo, anna, coordinator).reeks
    nu.move_to(om(2027, 3, 16, 13, 0))  # Tuesday's opening is over
    assert terugkerende_dienst_stoppen(reeks=reeks) == 5
    assert data(anna) == [date(2027, 3, 9), date(2027, 3, 16)]
    reeks.refresh_from_db()
    assert reeks.tot == date(2027, 3, 16)
    assert terugkerende_dienst_stoppen(reeks=reeks) == 0


def test_stopping_before_the_first_shift_leaves_nothing(nu, dinxperlo, anna, coordinator):
    reeks = elke_dinsdag(dinxperlo, anna, coordinator).reeks
    assert terugkerende_dienst_stoppen(reeks=reeks) == 7
    assert not TerugkerendeDienst.objects.exists() and not Dienst.objects.exists()


# --- the past stays as it was ------------------------------------------------------------------


def test_nobody_is_scheduled_into_an_opening_that_is_over(dinxperlo, anna, coordinator):
    with time_machine.travel(om(2027, 3, 9, 10, 0), tick=False):
        # During the opening a colleague can still step in.
        dienst_inroosteren(
            locatie=dinxperlo, datum=date(2027, 3, 9), dagdeel="ochtend", medewerker=anna,
            door=coordinator,
        )  # fmt: skip
    with time_machine.travel(om(2027, 3, 9, 12, 0), tick=False):
        with pytest.raises(RoosterFout, match="is al voorbij"):
            dienst_inroosteren(
                locatie=dinxperlo, datum=date(2027, 3, 9), dagdeel="ochtend",
                medewerker=UserFactory(), door=coordinator,
            )  # fmt: skip
        with pytest.raises(RoosterFout, match="dinsdag 9 maart \\(ochtend\\) is al voorbij"):
            dienst_verwijderen(dienst=Dienst.objects.get())
    assert Dienst.objects.count() == 1


def test_no_warning_about_openings_that_are_over(dinxperlo):
    with time_machine.travel(om(2027, 3, 9, 13, 0), tick=False):
        te_kort = onderbezetting(van=date(2027, 3, 8), tot=date(2027, 3, 9))
    assert [(b.locatie.slug, b.moment.datum, b.moment.dagdeel) for b in te_kort] == [
        ("hofstraat", date(2027, 3, 9), "middag")
    ]


@pytest.mark.parametrize(
    "vandaag, maandag",
    [
        (date(2027, 3, 10), date(2027, 3, 8)),  # a Wednesday: this week
        (date(2027, 3, 12), date(2027, 3, 8)),  # a Friday: still this week
        (date(2027, 3, 13), date(2027, 3, 15)),  # a Saturday: the coming week
        (date(2027, 3, 14), date(2027, 3, 15)),  # a Sunday: the coming week
        (date(2027, 3, 29), date(2027, 3, 29)),  # Easter Monday: the week goes on
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas on a Friday: the coming week
    ],
)
def test_the_rota_opens_on_the_week_of_the_next_working_day(vandaag, maandag):
    assert standaard_week(vandaag) == maandag
