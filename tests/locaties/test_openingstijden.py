from datetime import time

import pytest
from django.core.exceptions import ValidationError

from locaties.models import Dagdeel, Toegangslocatie, Weekdag
from tests.locaties.factories import OpeningsregelFactory, ToegangslocatieFactory

pytestmark = pytest.mark.django_db


def regel(locatie, dag, start, einde, dagdeel=Dagdeel.OCHTEND):
    return OpeningsregelFactory(
        locatie=locatie, weekdag=dag, dagdeel=dagdeel, start=start, einde=einde
    )


def test_working_days_with_equal_hours_become_one_line():
    locatie = ToegangslocatieFactory()
    for dag in range(Weekdag.MAANDAG, Weekdag.ZATERDAG):
        regel(locatie, dag, time(9), time(12, 30))
        regel(locatie, dag, time(13, 30), time(17), Dagdeel.MIDDAG)
    [locatie] = Toegangslocatie.objects.filter(pk=locatie.pk).met_schema()
    assert locatie.openingstijden_samengevat() == ["maandag t/m vrijdag 9:00–12:30 en 13:30–17:00"]


def test_separate_days_stay_separate():
    locatie = ToegangslocatieFactory()
    regel(locatie, Weekdag.DINSDAG, time(9), time(12))
    regel(locatie, Weekdag.DONDERDAG, time(13, 30), time(16, 30), Dagdeel.MIDDAG)
    assert locatie.openingstijden_samengevat() == ["dinsdag 9:00–12:00", "donderdag 13:30–16:30"]


def test_two_adjacent_days_are_joined_with_en_and_a_gap_breaks_the_run():
    locatie = ToegangslocatieFactory()
    for dag in (Weekdag.MAANDAG, Weekdag.DINSDAG, Weekdag.DONDERDAG):
        regel(locatie, dag, time(9), time(12))
    assert locatie.openingstijden_samengevat() == [
        "maandag en dinsdag 9:00–12:00",
        "donderdag 9:00–12:00",
    ]


def test_location_without_rules_has_no_summary():
    assert ToegangslocatieFactory().openingstijden_samengevat() == []


def test_end_before_start_is_refused():
    ongeldig = OpeningsregelFactory.build(
        locatie=ToegangslocatieFactory(), start=time(12), einde=time(9)
    )
    with pytest.raises(ValidationError) as error:
        ongeldig.full_clean()
    assert "De eindtijd moet na de begintijd liggen." in str(error.value)
