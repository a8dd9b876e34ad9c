"""A partner gives opening hours that hold only for a period, in the browser."""

from datetime import date

import pytest

from sociale_kaart.models import AanbodOpVestiging, Soort, Vestiging, VrijVeld
from tests.browser.inloggen import inloggen
from tests.sociale_kaart.factories import AanbodFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_enters_summer_hours_and_corrects_a_wrong_end_date(
    live_server, desktop_page, assert_accessible, partner_a, levensdomeinen
):
    # Opening hours are free by a data migration, which an earlier transactional test flushed.
    VrijVeld.objects.get_or_create(soort=Soort.OPENINGSTIJDEN, veld="*")
    vestiging = Vestiging.objects.create(
        organisatie=partner_a.organisatie, naam="Kantoor", straat="Markt", huisnummer="1",
        postcode="7121 AA", plaats="Aalten", kern="aalten",
    )  # fmt: skip
    aanbod = AanbodFactory(organisatie=partner_a.organisatie)
    koppeling = AanbodOpVestiging.objects.create(aanbod=aanbod, vestiging=vestiging)
    page = desktop_page
    inloggen(page, live_server, partner_a)
    page.goto(live_server.url + f"/partner/sociale-kaart/openingstijden/{koppeling.pk}/")
    page.get_by_label("Weekdag (regel 1)").select_option(label="dinsdag")
    page.get_by_label("Dagdeel (regel 1)").select_option("ochtend")
    page.get_by_label("Begintijd (regel 1)").fill("09:00")
    page.get_by_label("Eindtijd (regel 1)").fill("12:00")
    page.get_by_label("Geldig vanaf (niet verplicht) (regel 1)").fill("2099-08-31")
    page.get_by_label("Geldig tot en met (niet verplicht) (regel 1)").fill("2099-06-01")
    page.get_by_role("button", name="Opslaan").click()

    page.get_by_text("Deze datum ligt vóór de begindatum").wait_for()
    assert (
        page.get_by_label("Geldig vanaf (niet verplicht) (regel 1)").input_value() == "2099-08-31"
    )
    assert_accessible(page)

    page.get_by_label("Geldig vanaf (niet verplicht) (regel 1)").fill("2099-06-01")
    page.get_by_label("Geldig tot en met (niet verplicht) (regel 1)").fill("2099-08-31")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(live_server.url + "/partner/sociale-kaart/")
    regel = koppeling.openingsregels.get()
    assert (regel.geldig_van, regel.geldig_tot) == (date(2099, 6, 1), date(2099, 8, 31))
