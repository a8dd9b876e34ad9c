"""The rota: who staffs which opening, with the rules that keep it honest."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from locaties import services
from locaties.models import Afwezigheid, Bezettingsmelding, Dienst, Toegangslocatie
from locaties.services import RoosterFout, dienst_inroosteren
from locaties.tasks import onderbezetting_melden
from tests.accounts.factories import UserFactory
from tests.locaties.test_schema import om
from tests.post import verzonden_mail
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db
DINSDAG = date(2027, 3, 9)  # Dinxperlo: Tuesday morning


def roosteren(locatie, medewerker, datum=DINSDAG, dagdeel="ochtend", door=None):
    return dienst_inroosteren(
        locatie=locatie,
        datum=datum,
        dagdeel=dagdeel,
        medewerker=medewerker,
        door=door or medewerker,
    )


def test_shift_is_made_for_an_existing_opening(dinxperlo, medewerker):
    dienst = roosteren(dinxperlo, medewerker)
    assert Dienst.objects.get() == dienst


def test_no_shift_when_the_location_is_closed(dinxperlo, medewerker):
    with pytest.raises(RoosterFout, match="niet open"):
        roosteren(dinxperlo, medewerker, datum=date(2027, 3, 8))
    assert not Dienst.objects.exists()


def test_same_person_twice_on_one_opening_is_refused(dinxperlo, medewerker):
    roosteren(dinxperlo, medewerker)
    with pytest.raises(RoosterFout, match="staat al op deze opening"):
        roosteren(dinxperlo, medewerker)


def test_overlapping_openings_at_two_locations_are_refused(hofstraat, dinxperlo, medewerker):
    roosteren(hofstraat, medewerker)
    with pytest.raises(
        RoosterFout, match="staat dan al ingeroosterd bij Gemeentekantoor Hofstraat"
    ):
        roosteren(dinxperlo, medewerker)
    # The afternoon at the Hofstraat does not overlap the Dinxperlo morning.
    roosteren(hofstraat, medewerker, dagdeel="middag")


def test_absent_person_cannot_be_scheduled(dinxperlo, medewerker):
    Afwezigheid.objects.create(medewerker=medewerker, van=DINSDAG, tot=DINSDAG + timedelta(days=4))
    with pytest.raises(RoosterFout, match="afwezig"):
        roosteren(dinxperlo, medewerker)


def test_absence_is_refused_while_still_on_the_rota(dinxperlo, medewerker):
    roosteren(dinxperlo, medewerker)
    with pytest.raises(RoosterFout, match="nog ingeroosterd"):
        services.afwezigheid_melden(medewerker=medewerker, van=DINSDAG, tot=DINSDAG)
    assert not Afwezigheid.objects.exists()


def test_full_opening_refuses_one_more(dinxperlo):
    for _ in range(dinxperlo.maximale_bezetting):
        roosteren(dinxperlo, UserFactory())
    with pytest.raises(RoosterFout, match="al vol"):
        roosteren(dinxperlo, UserFactory())


@pytest.mark.parametrize("rol", [Rol.BELEID, Rol.BEHEERDER])
def test_only_staff_and_partner_staff_can_be_scheduled(dinxperlo, rol):
    with pytest.raises(RoosterFout, match="kan niet worden ingeroosterd"):
        roosteren(dinxperlo, UserFactory(rol=rol))


def test_partner_staff_can_be_scheduled(dinxperlo, partner_a):
    assert roosteren(dinxperlo, partner_a).medewerker == partner_a


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_filling_the_last_place_one_wins(dinxperlo):
    Toegangslocatie.objects.filter(pk=dinxperlo.pk).update(maximale_bezetting=2)
    dinxperlo.refresh_from_db()
    roosteren(dinxperlo, UserFactory())
    kandidaten = [UserFactory(), UserFactory()]
    coordinatoren = [UserFactory(rol=Rol.COORDINATOR), UserFactory(rol=Rol.COORDINATOR)]
    start = threading.Barrier(2)
    uitkomsten = []

    def poging(medewerker, coordinator):
        try:
            start.wait()
            roosteren(dinxperlo, medewerker, door=coordinator)
            uitkomsten.append("ok")
        except RoosterFout as fout:
            uitkomsten.append(str(fout))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=poging, args=pair)
        for pair in zip(kandidaten, coordinatoren, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(uitkomsten, key=lambda u: u != "ok")[0] == "ok"
    assert "al vol (2/2)" in [u for u in uitkomsten if u != "ok"][0]
    assert Dienst.objects.filter(locatie=dinxperlo).count() == 2


@time_machine.travel(om(2027, 3, 8, 7, 0), tick=False)
def test_bezetting_controle_prints_understaffed_openings(dinxperlo, medewerker, capsys):
    roosteren(dinxperlo, medewerker)
    roosteren(dinxperlo, UserFactory())
    call_command("bezetting_controle", "--dagen", "7")
    regels = capsys.readouterr().out.strip().splitlines()
    # Hofstraat has nobody all week; Dinxperlo Tuesday is full, Thursday empty.
    assert "dinxperlo 2027-03-11T13:30:00+01:00 0/2" in regels
    assert not any(r.startswith("dinxperlo 2027-03-09") for r in regels)
    assert "hofstraat 2027-03-08T09:00:00+01:00 0/2" in regels
    assert len(regels) == 10 + 1


@time_machine.travel(om(2027, 3, 8, 7, 0), tick=False)
def test_morning_warning_is_sent_once_even_if_the_task_runs_twice(dinxperlo, coordinator):
    UserFactory(rol=Rol.COORDINATOR, is_active=False, email="oud@example.org")
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    eerste = onderbezetting_melden.apply().get()
    tweede = onderbezetting_melden.apply().get()
    assert eerste == 2 * 10 + 2 * 2  # two weeks of openings at both locations, nobody scheduled
    assert tweede == 0
    assert len(verzonden_mail()) == 1
    assert verzonden_mail()[0].to == ["coordinator@example.org"]
    assert "Inlooppunt Dinxperlo, dinsdag 9 maart ochtend" in verzonden_mail()[0].body
    assert Bericht.objects.filter(ontvanger=coordinator).count() == 1
    assert Bezettingsmelding.objects.count() == eerste


@time_machine.travel(om(2027, 3, 8, 7, 0), tick=False)
def test_a_run_that_dies_before_the_warning_claims_nothing(dinxperlo, coordinator, monkeypatch):
    """A worker killed between claiming the openings and writing the warning: the task
    comes back (acks_late) and must still find every opening unclaimed."""

    def werker_weg(**kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(services, "bericht_sturen", werker_weg)
    with pytest.raises(SystemExit):
        services.onderbezetting_melden(dagen=3)
    assert not Bezettingsmelding.objects.exists()
    monkeypatch.undo()
    assert services.onderbezetting_melden(dagen=3) > 0
    assert Bericht.objects.filter(ontvanger=coordinator).count() == 1


@time_machine.travel(om(2027, 3, 29, 7, 0), tick=False)
def test_no_warning_on_a_public_holiday(dinxperlo, coordinator):
    assert onderbezetting_melden.apply().get() == 0
    assert not verzonden_mail()


def test_next_day_warns_again_about_what_is_still_short(dinxperlo, coordinator):
    with time_machine.travel(om(2027, 3, 8, 7, 0), tick=False):
        services.onderbezetting_melden(dagen=3)
    with time_machine.travel(om(2027, 3, 9, 7, 0), tick=False):
        assert services.onderbezetting_melden(dagen=3) > 0
    assert len(verzonden_mail()) == 2


@time_machine.travel(om(2027, 3, 8, 7, 0), tick=False)
def test_coordinator_sees_the_warning_in_the_app_and_can_mark_it_read(
    client, dinxperlo, coordinator
):
    services.onderbezetting_melden(dagen=3)
    client.force_login(coordinator)
    html = client.get("/balie/").content.decode()
    assert "Te weinig bezetting" in html
    client.post("/account/berichten/gelezen/")
    client.post("/account/berichten/gelezen/")
    assert "Te weinig bezetting" not in client.get("/balie/").content.decode()
    assert Bericht.objects.ongelezen().count() == 0


def test_taking_shifts_off_tells_who_planned_on_them_through_the_signal(db):
    """locaties.signals.rooster_gewijzigd names the location and the dates that lost
    people; locaties itself knows nothing of who listens (intake's appointments do)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from locaties.models import Dienst, TerugkerendeDienst
    from locaties.services import dienst_verwijderen, terugkerende_dienst_stoppen
    from locaties.signals import rooster_gewijzigd
    from tests.intake.factories import rooster_vullen, voordeur_openen

    gehoord = []

    def luister(sender, *, locatie_id, datums, **kwargs):
        gehoord.append((locatie_id, datums))

    hofstraat, _ = voordeur_openen()
    [dienst] = rooster_vullen(hofstraat, date(2026, 12, 8), "ochtend", 1)
    reeks = TerugkerendeDienst.objects.create(
        medewerker=dienst.medewerker, locatie=hofstraat, weekdag=1, dagdeel="ochtend",
        van=date(2026, 12, 15), tot=date(2026, 12, 22),
    )  # fmt: skip
    for dag in (15, 22):
        Dienst.objects.create(
            locatie=hofstraat, datum=date(2026, 12, dag), dagdeel="ochtend",
            medewerker=dienst.medewerker, terugkerende_dienst=reeks,
        )  # fmt: skip
    rooster_gewijzigd.connect(luister, dispatch_uid="test-luister")
    try:
        with time_machine.travel(datetime(2026, 12, 7, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))):
            dienst_verwijderen(dienst=dienst)
            terugkerende_dienst_stoppen(reeks=reeks)
    finally:
        rooster_gewijzigd.disconnect(dispatch_uid="test-luister")
    assert gehoord == [
        (hofstraat.pk, [date(2026, 12, 8)]),
        (hofstraat.pk, [date(2026, 12, 15), date(2026, 12, 22)]),
    ]
