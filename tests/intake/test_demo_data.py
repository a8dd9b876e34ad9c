from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from intake.management.commands.demo_data import DEMO_TOTP_GEHEIM
from intake.models import Afspraak, Doorverwijzing, Hulpvraag, Status
from intake.services.hulpvraag import eerdere_hulpvragen
from intake.services.wachtrijen import wachtrijen
from locaties.models import Afwezigheid, TerugkerendeDienst, Toegangslocatie
from locaties.services import bezetting, standaard_week
from sociale_kaart.models import Organisatie
from tests.accounts.tweestaps import code_uit_geheim
from toegang.accounts.models import User
from toegang.accounts.roles import Rol, Team

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_demo_data_is_refused_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1 of --force"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_data_fills_aalten_and_is_idempotent(client):
    call_command("demo_data", "--force")
    call_command("demo_data", "--force")
    assert set(Toegangslocatie.objects.values_list("slug", flat=True)) == {"hofstraat", "dinxperlo"}
    assert Toegangslocatie.objects.get(slug="hofstraat").openingsregels.count() == 10
    assert Toegangslocatie.objects.get(slug="dinxperlo").openingsregels.count() == 2
    assert Organisatie.objects.filter(is_partner=True).count() == 4
    assert dict(User.objects.values_list("username", "rol")) == {
        "medewerker": Rol.MEDEWERKER,
        "medewerker-2": Rol.MEDEWERKER,
        "medewerker-3": Rol.MEDEWERKER,
        "coordinator": Rol.COORDINATOR,
        "partner-figulus": Rol.PARTNER,
        "partner-laborijn": Rol.PARTNER,
        "beleid": Rol.BELEID,
        "beheerder": Rol.BEHEERDER,
    }
    for user in User.objects.all():
        assert client.login(username=user.username, password=f"demo-{user.username}")
    # Every portal has something to show: Figulus a new and an accepted referral, the
    # maatwerkteam one to accept, Laborijn the signal it passed on.
    figulus = User.objects.get(username="partner-figulus")
    assert sorted(
        Doorverwijzing.objects.zichtbaar_voor(figulus).values_list("status", flat=True)
    ) == ["geaccepteerd", "verstuurd"]
    peter = User.objects.get(username="medewerker-3")
    assert Doorverwijzing.objects.voor_ontvanger(peter).count() == 1
    laborijn = User.objects.get(username="partner-laborijn")
    assert Hulpvraag.objects.signalen_voor(laborijn).count() == 1
    # A safety signal in the demo reaches someone: Peter is in the maatwerkteam.
    assert list(User.objects.filter(team=Team.MAATWERK_WMO).values_list("username", flat=True)) == [
        "medewerker-3"
    ]


def test_demo_users_log_in_with_the_documented_authenticator_secret(client):
    """README: password demo-<username>, code from `oathtool --totp -b <secret>`."""

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"oathtool --totp -b {DEMO_TOTP_GEHEIM}" in readme
    call_command("demo_data", "--force")
    call_command("demo_data", "--force")  # twice: still one authenticator each
    for user in User.objects.all():
        client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": f"demo-{user.username}"},
        )
        response = client.post(
            reverse("accounts:code"), {"code": code_uit_geheim(DEMO_TOTP_GEHEIM)}
        )
        assert response.status_code == 303, user.username
        assert client.get(response["Location"], follow=True).status_code == 200
        client.post(reverse("accounts:logout"))


def test_demo_contact_details_are_plainly_fictional():
    call_command("demo_data", "--force")
    for organisatie in Organisatie.objects.all():
        assert organisatie.email.endswith("example.org")
        assert organisatie.telefoon.startswith("+31543000")  # 0543-0000xx, stored as E.164


def test_demo_hulpvragen_fill_every_queue_and_load_once(client):
    call_command("demo_data", "--force")
    aantal = Hulpvraag.objects.count()
    call_command("demo_data", "--force")
    assert Hulpvraag.objects.count() == aantal == 9
    assert Afspraak.objects.count() == 1

    medewerker = User.objects.get(username="medewerker")
    rijen = wachtrijen(medewerker)
    # Two online questions, the signal from Laborijn and Hennie's call-back request.
    assert len(rijen["nieuw"]) == 4
    [terugbellen] = rijen["terugbellen"]
    assert terugbellen.hulpvraag.inwoner.naam == "Hennie Wikkerink"
    # The safety signal is the maatwerkteam's (need-to-know): Peter sees it, Marloes not.
    assert len(rijen["veiligheid"]) == 0
    assert len(wachtrijen(User.objects.get(username="medewerker-3"))["veiligheid"]) == 1
    assert len(rijen["te_laat"]) == 1
    assert len(rijen["geen_contact"]) == 1
    assert rijen["mijn"].exists()
    assert Hulpvraag.objects.filter(status=Status.AFGEROND).count() == 1
    # The matching demo: a phone number written another way finds Gerda's earlier case.
    [eerder] = eerdere_hulpvragen(user=medewerker, telefoon="+31 6 1234 5678")
    assert eerder.inwoner.naam == "Gerda Klein Gunnewiek"
    assert eerder.vast_aanspreekpunt.username == "medewerker-2"
    for hulpvraag in Hulpvraag.objects.select_related("inwoner"):
        assert not hulpvraag.inwoner.email or hulpvraag.inwoner.email.endswith("example.org")

    client.force_login(medewerker)
    assert client.get("/balie/").status_code == 200
    zichtbaar = set(Hulpvraag.objects.zichtbaar_voor(medewerker))
    for hulpvraag in Hulpvraag.objects.all():
        # Outside Marloes's work a case asks for a reason first (break the glass).
        verwacht = 200 if hulpvraag in zichtbaar else 403
        assert client.get(hulpvraag.get_absolute_url()).status_code == verwacht
    client.force_login(User.objects.get(username="coordinator"))
    for hulpvraag in Hulpvraag.objects.all():
        assert client.get(hulpvraag.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2027, 3, 14, 12, 0, tzinfo=AMS),  # a Sunday: the rota opens on the coming week
        datetime(2027, 3, 10, 10, 0, tzinfo=AMS),  # a Wednesday morning, openings under way
    ],
)
def test_demo_rota_is_staffed_around_today_with_exactly_one_gap(moment):
    with time_machine.travel(moment, tick=False):
        call_command("demo_data", "--force")
        call_command("demo_data", "--force")  # again: still one gap
        vandaag = moment.date()
        eerste = standaard_week(vandaag)
        locaties = list(Toegangslocatie.objects.all())
        rijen = bezetting(
            locaties=locaties,
            van=eerste - timedelta(weeks=1),
            tot=eerste + timedelta(weeks=8, days=-1),
        )
    # The week before and what is over since: staffed as it happened.
    assert all(rij.aantal == 2 for rij in rijen if rij.voorbij)
    assert any(rij.voorbij for rij in rijen)
    # Every opening to come staffed by recurring shifts, but one: someone is on leave.
    gaten = [rij for rij in rijen if rij.tekort]
    assert len(gaten) == 1
    gat = gaten[0]
    assert eerste <= gat.moment.datum < eerste + timedelta(weeks=1)  # in the rota's first week
    assert gat.aantal == 1
    assert Afwezigheid.objects.filter(van=gat.moment.datum, omschrijving="Verlof").count() == 1
    assert all(rij.aantal == 2 for rij in rijen if not rij.voorbij and rij is not gat)
    assert TerugkerendeDienst.objects.count() == 10 + 10 + 2 + 2


def test_demo_data_books_a_few_appointments_once_for_the_day_agenda(client):
    from intake.models import Bezoekafspraak

    # A Monday morning before the front door opens: every time of the week is still to come.
    with time_machine.travel(datetime(2026, 12, 7, 7, tzinfo=AMS), tick=False):
        call_command("demo_data", "--force")
        call_command("demo_data", "--force")
        afspraken = list(Bezoekafspraak.objects.select_related("locatie"))
        assert sorted(a.locatie.slug for a in afspraken) == ["dinxperlo", "hofstraat", "hofstraat"]
        eerste = min((a for a in afspraken if a.locatie.slug == "hofstraat"), key=lambda a: a.start)
        client.force_login(User.objects.get(username="medewerker"))
        pagina = client.get(
            f"/balie/afspraken/?locatie=hofstraat&datum={eerste.datum.isoformat()}"
        ).content.decode()
    assert "Johan Bulten" in pagina
    assert all(not a.nieuwe_hulpvraag for a in afspraken)
