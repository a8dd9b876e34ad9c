"""On a phone: a resident books an appointment in Dinxperlo (a Dutch error on the way),
moves it through the secret link; a medewerker sees it in the day agenda and records that
a resident of today did not come; the resident cancels, and the link used again says so. Every new page passes axe (WCAG 2.1 AA) and fits the
phone's width."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from intake.models import Bezoekafspraak, vrije_tijdvakken
from locaties.openingstijden import TZ
from tests.accounts.factories import UserFactory
from tests.browser.inloggen import inloggen
from tests.browser.test_hulpvraag import geen_horizontale_scroll
from tests.intake.factories import HulpvraagFactory, InwonerFactory, rooster_vullen, voordeur_openen
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_books_and_moves_an_appointment_in_dinxperlo_and_the_counter_sees_it(
    live_server, telefoon, assert_accessible, screenshot
):
    _, dinxperlo = voordeur_openen()
    vandaag = timezone.localdate()
    woensdag = vandaag + timedelta(days=(2 - vandaag.weekday()) % 7 or 7)
    for week in range(2):
        rooster_vullen(dinxperlo, woensdag + timedelta(weeks=week), "ochtend", 3)
    eerste, *_, laatste = vrije_tijdvakken(dinxperlo)
    page = telefoon

    # The resident, from the ways to ask.
    page.goto(live_server.url + "/vraag-stellen/")
    page.get_by_role("link", name="maak een afspraak").click()
    page.wait_for_url(live_server.url + "/afspraak-maken/")
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Kies een tijd in Dinxperlo")).click()
    page.wait_for_url(live_server.url + "/afspraak-maken/dinxperlo/")
    assert page.get_by_role("heading", level=1).inner_text() == "Afspraak maken in Dinxperlo"
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # Not a number, no time: Dutch messages, what was typed stays.
    page.get_by_label("Uw naam").fill("Riek")
    page.get_by_label("Uw telefoonnummer").fill("bel me")
    page.get_by_role("button", name="Maak de afspraak").click()
    samenvatting = page.get_by_role("alert")
    assert "geen telefoonnummer" in samenvatting.inner_text()
    assert "Kies een dag en tijd" in samenvatting.inner_text()
    assert page.get_by_label("Uw naam").input_value() == "Riek"
    screenshot(page, "afspraak-fouten-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    page.get_by_label("Wanneer wilt u komen?").select_option(eerste.waarde)
    page.get_by_label("Uw telefoonnummer").fill("06 12345678")
    page.get_by_label("Waarover wilt u praten?").fill("Ik krijg de huur niet betaald.")
    page.get_by_label("E-mailadres").fill("riek@example.org")
    page.get_by_role("checkbox", name=re.compile("bewaart")).check()
    page.get_by_role("button", name="Maak de afspraak").click()

    page.wait_for_url(re.compile(r"/afspraak/[\w-]+/$"))
    afspraak = Bezoekafspraak.objects.get()
    assert eerste.tekst in page.locator(".bevestiging").inner_text()
    assert afspraak.referentie in page.inner_text("main")
    screenshot(page, "afspraak-gemaakt-telefoon")
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # Moving it through the secret link.
    page.get_by_role("link", name="Andere tijd kiezen").click()
    page.wait_for_url(re.compile(r"/afspraak/[\w-]+/verzetten/$"))
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_label("Wanneer wilt u komen?").select_option(laatste.waarde)
    page.get_by_role("button", name="Kies deze tijd").click()
    page.wait_for_url(live_server.url + afspraak.get_absolute_url())
    assert laatste.tekst in page.locator(".bevestiging").inner_text()
    afspraak.refresh_from_db()
    assert afspraak.start == laatste.start

    # Cancelling asks first; "Nee, ik kom wel" changes nothing.
    page.get_by_role("link", name="Afspraak afzeggen").click()
    geen_horizontale_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name="Nee, ik kom wel").click()
    afspraak.refresh_from_db()
    assert afspraak.status == Bezoekafspraak.Status.GEPLAND

    # A resident who was expected today, booked earlier.
    start = datetime.combine(vandaag, time(9, 0), tzinfo=TZ)
    Bezoekafspraak.objects.create(
        hulpvraag=HulpvraagFactory(inwoner=InwonerFactory(naam="Bart Vos")),
        locatie=dinxperlo,
        naam="Bart Vos",
        telefoon="06 11112222",
        datum=vandaag,
        dagdeel="ochtend",
        start=start,
        einde=start + timedelta(minutes=30),
    )

    # The medewerker, on a phone too: today's agenda in Dinxperlo.
    medewerker = UserFactory(rol=Rol.MEDEWERKER, first_name="Marloes")
    inloggen(page, live_server, medewerker)
    page.get_by_role("link", name="Afspraken vandaag").click()
    page.get_by_role("link", name=re.compile("Inloop Dinxperlo")).click()
    rij = page.get_by_role("row", name=re.compile("Bart Vos"))
    geen_horizontale_scroll(page)
    assert_accessible(page)
    rij.get_by_role("button", name=re.compile("Niet gekomen")).click()
    assert "Bart Vos is niet gekomen" in page.inner_text("main")
    assert "Niet gekomen" in page.get_by_role("row", name=re.compile("Bart Vos")).inner_text()
    screenshot(page, "afspraken-agenda-telefoon")
    assert_accessible(page)

    # The resident's appointment in the agenda of its day, with its case.
    page.goto(
        live_server.url + f"/balie/afspraken/?locatie=dinxperlo&datum={afspraak.datum.isoformat()}"
    )
    rij = page.get_by_role("row", name=re.compile("Riek"))
    assert laatste.tijden in rij.inner_text() and afspraak.hulpvraag.referentie in rij.inner_text()
    geen_horizontale_scroll(page)
    assert_accessible(page)

    # The resident cancels; the link to move it, used again, says so clearly.
    page.goto(live_server.url + afspraak.get_absolute_url() + "afzeggen/")
    page.get_by_role("button", name="Ja, zeg de afspraak af").click()
    page.wait_for_url(live_server.url + afspraak.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Uw afspraak is afgezegd"
    assert_accessible(page)
    page.goto(live_server.url + afspraak.get_absolute_url() + "verzetten/")
    assert "niet meer wijzigen" in page.get_by_role("heading", level=1).inner_text()
    geen_horizontale_scroll(page)
    assert_accessible(page)
