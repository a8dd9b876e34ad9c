"""On a phone: a resident whose referral was accepted answers "Is de hulp gestart?" on their
status page (first without a choice: a Dutch message), sees which organisation received
which kinds of data, and withdraws consent for one. Every page passes axe (WCAG 2.1 AA) and
fits the phone's width."""

import re

import pytest
from django.utils import timezone

from intake.models import Afspraak, Doorverwijzing, Toestemmingsintrekking
from intake.services.doorverwijzing import doorverwijzing_accepteren, doorverwijzing_versturen
from tests.accounts.factories import UserFactory
from tests.browser.test_hulpvraag import geen_horizontale_scroll
from tests.intake.factories import DoorverwijzingFactory, HulpvraagFactory, InwonerFactory
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_answers_the_question_and_withdraws_consent_on_a_phone(
    live_server, telefoon, assert_accessible, screenshot
):
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes")
    figulus = OrganisatieFactory(naam="Figulus Welzijn", slug="figulus")
    partner = UserFactory(rol=Rol.PARTNER, organisatie=figulus)
    hulpvraag = HulpvraagFactory(inwoner=InwonerFactory(naam="Riek Jansen", telefoon="0612345678"))
    hulpvraag.wijs_toe(medewerker, door=medewerker)
    verwijzing = DoorverwijzingFactory(
        hulpvraag=hulpvraag, organisatie=figulus, contactpersoon=medewerker,
        aangemaakt_door=medewerker,
    )  # fmt: skip
    doorverwijzing_versturen(doorverwijzing=verwijzing, door=medewerker)
    doorverwijzing_accepteren(doorverwijzing=verwijzing, door=partner)
    # The term passed and the hourly task asked (tested on its own in tests/intake).
    Doorverwijzing.objects.filter(pk=verwijzing.pk).update(inwoner_gevraagd_op=timezone.now())

    page = telefoon
    page.goto(live_server.url + hulpvraag.status_url)
    vraag = page.get_by_role("region", name="Is de hulp gestart?")
    assert "Figulus Welzijn" in vraag.inner_text()
    gedeeld = page.get_by_role("region", name="Met wie wij uw gegevens deelden")
    assert "naam, telefoonnummer" in gedeeld.inner_text()
    assert "Riek Jansen" not in page.content() and "0612345678" not in page.content()
    screenshot(page, "status-hulp-gestart-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # No choice: a Dutch message on its own page, and the question again.
    vraag.get_by_role("button", name=re.compile("Antwoord versturen")).click()
    assert "Kies ja, nee of nog niet." in page.get_by_role("alert").inner_text()
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("radio", name="Nee").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_url(re.compile(r"/hulpvraag/status/[\w-]+/#hulp-gestart$"))
    assert "Uw contactpersoon neemt contact met u op" in page.content()
    assert Afspraak.objects.filter(eigenaar=medewerker, wat__contains="niet is gestart").exists()
    assert_accessible(page)

    # Withdraw consent for Figulus: a page that says what it means, then the button.
    page.get_by_role("link", name="Toestemming intrekken voor Figulus Welzijn").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Toestemming intrekken voor Figulus Welzijn"
    )
    screenshot(page, "toestemming-intrekken-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Ja, trek mijn toestemming in").click()
    page.wait_for_url(re.compile(r"/hulpvraag/status/[\w-]+/#toestemmingen$"))
    gedeeld = page.get_by_role("region", name="Met wie wij uw gegevens deelden")
    assert "uw toestemming ingetrokken" in gedeeld.inner_text()
    assert page.get_by_role("link", name=re.compile("Toestemming intrekken")).count() == 0
    assert Toestemmingsintrekking.objects.filter(organisatie=figulus).exists()
    geen_horizontale_scroll(page)
    assert_accessible(page)
