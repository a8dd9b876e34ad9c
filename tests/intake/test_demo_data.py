import pytest
from django.core.management import CommandError, call_command

from locaties.models import Toegangslocatie
from sociale_kaart.models import Organisatie
from toegang.accounts.models import User
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db


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


def test_demo_contact_details_are_plainly_fictional():
    call_command("demo_data", "--force")
    for organisatie in Organisatie.objects.all():
        assert organisatie.email.endswith("example.org")
        assert organisatie.telefoon.startswith("0543-0000")
