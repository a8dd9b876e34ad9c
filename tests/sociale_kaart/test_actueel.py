"""Keeping the directory current: reminders after six months, a warning after nine."""

from datetime import date, timedelta

import pytest
import time_machine

from sociale_kaart.models import Controleherinnering
from sociale_kaart.services import bevestig_token, controle_herinneringen_sturen
from sociale_kaart.tasks import controle_herinneringen_sturen as taak
from tests.accounts.factories import UserFactory
from tests.locaties.test_schema import om
from tests.post import verzonden_mail
from tests.sociale_kaart.factories import AanbodFactory, OrganisatieFactory
from toegang.accounts.roles import Rol
from toegang.berichten.models import Bericht

pytestmark = pytest.mark.django_db
MAANDAG = date(2027, 3, 8)


@pytest.fixture
def oude_organisatie():
    organisatie = OrganisatieFactory(laatst_gecontroleerd=MAANDAG - timedelta(days=200))
    UserFactory(rol=Rol.PARTNER, organisatie=organisatie, email="partner@example.org")
    return organisatie


@time_machine.travel(om(2027, 3, 8, 8, 0), tick=False)
def test_reminder_goes_once_per_month_even_if_the_task_runs_twice(oude_organisatie):
    OrganisatieFactory(laatst_gecontroleerd=MAANDAG - timedelta(days=20))  # recent: no reminder
    assert taak.apply().get() == 1
    assert taak.apply().get() == 0
    assert len(verzonden_mail()) == 1
    assert verzonden_mail()[0].to == ["partner@example.org"]
    assert "/sociale-kaart/klopt-nog/" in verzonden_mail()[0].body
    assert Bericht.objects.count() == 1
    with time_machine.travel(om(2027, 3, 9, 8, 0), tick=False):
        assert controle_herinneringen_sturen() == 0
    with time_machine.travel(om(2027, 4, 1, 8, 0), tick=False):
        assert controle_herinneringen_sturen() == 1  # a new month, still not checked
    assert Controleherinnering.objects.count() == 2


def test_no_reminder_on_a_holiday_or_for_organisations_without_partner_users(oude_organisatie):
    OrganisatieFactory(laatst_gecontroleerd=MAANDAG - timedelta(days=400))
    assert controle_herinneringen_sturen(vandaag=date(2027, 3, 29)) == 0  # Tweede paasdag
    assert controle_herinneringen_sturen(vandaag=MAANDAG) == 1


def test_one_click_confirmation_resets_the_date(client, oude_organisatie):
    url = f"/sociale-kaart/klopt-nog/{bevestig_token(oude_organisatie)}/"
    pagina = client.get(url)
    assert "Ja, alles klopt nog" in pagina.content.decode()
    oude_organisatie.refresh_from_db()
    # GET changes nothing.
    assert oude_organisatie.laatst_gecontroleerd == MAANDAG - timedelta(days=200)
    assert "Dank u wel" in client.post(url).content.decode()
    oude_organisatie.refresh_from_db()
    assert oude_organisatie.laatst_gecontroleerd == date.today()


@pytest.mark.parametrize("token", ["onzin", "a" * 300, "12345:abc:def"])
def test_bad_or_tampered_tokens_get_a_friendly_404(client, token):
    response = client.get(f"/sociale-kaart/klopt-nog/{token}/")
    assert response.status_code == 404
    assert "Deze link werkt niet meer" in response.content.decode()


def test_public_page_warns_after_nine_months(client):
    oud = OrganisatieFactory(laatst_gecontroleerd=date.today() - timedelta(days=280))
    vers = OrganisatieFactory(laatst_gecontroleerd=date.today() - timedelta(days=200))
    aanbod = AanbodFactory(organisatie=oud)
    assert "mogelijk niet actueel" in client.get(oud.get_absolute_url()).content.decode()
    assert "mogelijk niet actueel" in client.get(aanbod.get_absolute_url()).content.decode()
    assert "mogelijk niet actueel" not in client.get(vers.get_absolute_url()).content.decode()
