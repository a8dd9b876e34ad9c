"""/rapportage/klantreis/ counts in the database: the number of SQL statements of the page
stays the same whether there are ten cases or a hundred (no query per case)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.models import Doorverwijzing, DoorverwijzingStatus, Feedback, Gebeurtenis, HulpGestart
from tests.accounts.factories import UserFactory
from tests.intake.factories import DoorverwijzingFactory
from tests.rapportage.gegevens import hulpvraag, moment
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db

URL = "/rapportage/klantreis/"


@pytest.fixture(autouse=True)
def bevroren(kalender):
    with time_machine.travel(moment(2026, 7, 15, 12), tick=False):
        yield


def zaken(aantal: int, vanaf: int = 0) -> None:
    """`aantal` closed cases spread over the months compared, each with a contact at the
    front door, a toewijzing, a referral accepted with a summary and a "ja" to "Is de hulp
    gestart?", and a reaction."""
    balie = UserFactory(rol=Rol.MEDEWERKER)
    for i in range(vanaf, vanaf + aantal):
        maand = 1 + i % 6
        h = hulpvraag(
            moment(2026, maand, 2),
            contact=moment(2026, maand, 3),
            afgesloten=moment(2026, maand, 25),
        )
        for soort, dag, door in (
            (Gebeurtenis.Soort.CONTACTMOMENT, 3, balie),
            (Gebeurtenis.Soort.TOEWIJZING, 4 + i % 2, UserFactory(rol=Rol.MEDEWERKER)),
        ):
            Gebeurtenis.objects.create(
                hulpvraag=h, soort=soort, door=door, op=moment(2026, maand, dag)
            )
        v = DoorverwijzingFactory(hulpvraag=h)
        Doorverwijzing.objects.filter(pk=v.pk).update(
            status=DoorverwijzingStatus.GEACCEPTEERD,
            verstuurd_op=moment(2026, maand, 5),
            geaccepteerd_op=moment(2026, maand, 6 + i % 4),
            samenvatting="Mevrouw wil hulp met post.",
            inwoner_gevraagd_op=moment(2026, maand, 20),
            inwoner_antwoord=HulpGestart.JA,
            inwoner_antwoord_op=moment(2026, maand, 20 + i % 5),
        )
        Feedback.objects.create(
            kanaal="website", bereikbaar=4, gehoord=4, geholpen=4, ingevuld_op=date(2026, maand, 25)
        )


def statements(client) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        response = client.get(URL, {"start": "04-2026", "maanden": "3"})
    assert response.status_code == 200
    return len(vastgelegd.captured_queries)


def test_the_number_of_statements_does_not_grow_with_the_cases(client, beleid):
    client.force_login(beleid)
    zaken(10)
    weinig = statements(client)
    zaken(90, vanaf=10)
    monitor_na = client.get(URL, {"start": "04-2026", "maanden": "3"}).context["monitor"]
    assert statements(client) == weinig
    # The hundred cases are counted: the page is not empty.
    assert monitor_na.na.cellen["afgesloten"].zichtbaar
