import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from icalendar import Calendar

from locaties.models import Afwezigheid, Dienst, Dienstenfeed
from locaties.services import dienst_inroosteren
from tests.accounts.factories import UserFactory
from tests.locaties.test_schema import om
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol

pytestmark = pytest.mark.django_db
WEEK = "2027-03-08"


def post_inroosteren(
    client, medewerker, datum="2027-03-09", dagdeel="ochtend", locatie="dinxperlo"
):
    return client.post(
        "/balie/rooster/inroosteren/",
        {
            "locatie": locatie,
            "datum": datum,
            "dagdeel": dagdeel,
            "medewerker": medewerker.weergavenaam,
            "week": WEEK,
        },
        follow=True,
    )


@pytest.mark.parametrize("persona", ["medewerker", "partner_a", "beleid", "beheerder"])
def test_only_the_coordinator_opens_the_rota(request, client, dinxperlo, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/balie/rooster/").status_code == 403
    assert client.post("/balie/rooster/inroosteren/", {}).status_code == 403


def test_coordinator_schedules_through_the_week_grid(client, coordinator, medewerker, dinxperlo):
    client.force_login(coordinator)
    page = client.get(f"/balie/rooster/?week={WEEK}&locatie=dinxperlo").content.decode()
    assert "0/2" in page and "te weinig" in page
    response = post_inroosteren(client, medewerker)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/balie/rooster/?week={WEEK}"
    assert "staat op dinsdag 9 maart (ochtend) bij Inlooppunt Dinxperlo" in html
    assert "1/2" in html
    assert Dienst.objects.filter(medewerker=medewerker, datum=date(2027, 3, 9)).exists()


def _partnermedewerkers(aantal: int) -> None:
    for _ in range(aantal):
        UserFactory(rol=Rol.PARTNER, organisatie=OrganisatieFactory())


def test_every_opening_offers_everyone_with_their_organisation_from_one_list(
    client, coordinator, dinxperlo
):
    _partnermedewerkers(3)
    client.force_login(coordinator)
    page = client.get(f"/balie/rooster/?week={WEEK}&locatie=dinxperlo").content.decode()
    velden = re.findall(r'<input[^>]* name="medewerker"[^>]*>', page)
    assert len(velden) > 1
    assert all('list="rooster-medewerkers"' in veld for veld in velden)
    (lijst,) = re.findall(r'<datalist id="rooster-medewerkers">(.*?)</datalist>', page, re.S)
    namen = re.findall(r'<option value="([^"]+)">', lijst)
    assert escape(coordinator.weergavenaam) in namen  # Faker names may hold an apostrophe
    assert sum(1 for naam in namen if naam.endswith(")")) == 3  # partner staff: (organisation)
    assert all(page.count(f'<option value="{naam}">') == 1 for naam in namen)  # once a page


def test_two_people_with_one_name_are_told_apart_by_username(client, coordinator, dinxperlo):
    UserFactory(username="anna1", first_name="Anna", last_name="Aalbers")
    anna2 = UserFactory(username="anna2", first_name="Anna", last_name="Aalbers")
    client.force_login(coordinator)
    page = client.get(f"/balie/rooster/?week={WEEK}&locatie=dinxperlo").content.decode()
    assert '<option value="Anna Aalbers (anna1)">' in page
    assert '<option value="Anna Aalbers (anna2)">' in page
    data = {"locatie": "dinxperlo", "datum": "2027-03-09", "dagdeel": "ochtend", "week": WEEK}
    client.post("/balie/rooster/inroosteren/", data | {"medewerker": "Anna Aalbers (anna2)"})
    assert list(Dienst.objects.values_list("medewerker", flat=True)) == [anna2.pk]
    html = client.post(
        "/balie/rooster/inroosteren/", data | {"medewerker": "Anna Aalbers"}, follow=True
    ).content.decode()
    assert "Meer medewerkers passen bij ‘Anna Aalbers’: Anna Aalbers (anna1), Anna Aalbers" in html
    assert Dienst.objects.count() == 1
    datum = data | {"datum": "2027-03-11", "dagdeel": "middag"}
    client.post("/balie/rooster/inroosteren/", datum | {"medewerker": "ANNA1"})
    assert Dienst.objects.get(datum=date(2027, 3, 11)).medewerker.username == "anna1"


def inroosteren_als(client, naam):
    data = {"locatie": "dinxperlo", "datum": "2027-03-09", "dagdeel": "ochtend", "week": WEEK}
    return client.post("/balie/rooster/inroosteren/", data | {"medewerker": naam}, follow=True)


def test_the_rota_takes_a_name_as_the_counter_does_exact_or_the_one_that_fits(
    client, coordinator, dinxperlo
):
    vitaal = OrganisatieFactory(naam="Vitaal Thuis")
    piet = UserFactory(rol=Rol.PARTNER, organisatie=vitaal, first_name="Piet", last_name="Smit")
    UserFactory(first_name="Bert", last_name="Bosch")
    client.force_login(coordinator)
    inroosteren_als(client, "  piet SMIT (vitaal thuis) ")
    assert Dienst.objects.get().medewerker == piet
    Dienst.objects.all().delete()
    inroosteren_als(client, "bosc")  # part of one name is enough
    assert Dienst.objects.get().medewerker.first_name == "Bert"


def test_a_rota_name_that_fits_nobody_or_several_is_said_and_nobody_is_scheduled(
    client, coordinator, dinxperlo
):
    UserFactory(first_name="Anna", last_name="Aalbers")
    UserFactory(first_name="Anna", last_name="de Vries")
    client.force_login(coordinator)
    html = inroosteren_als(client, "Zwaantje").content.decode()
    assert "Niet ingeroosterd: Er is geen medewerker met ‘Zwaantje’ in de naam." in html
    html = inroosteren_als(client, "anna").content.decode()
    assert "Meer medewerkers passen bij ‘anna’: Anna Aalbers, Anna de Vries." in html
    assert not Dienst.objects.exists()


@pytest.mark.parametrize(
    "invoer",
    ["%", "_", "\\", "' OR 1=1 --", "<script>alert(1)</script>", "Anna\x00Aalbers", "a" * 5000],
)
def test_hostile_rota_input_schedules_nobody_and_comes_back_escaped(
    client, coordinator, dinxperlo, invoer
):
    UserFactory(first_name="Anna", last_name="Aalbers")
    UserFactory(first_name="Bert", last_name="Bosch")
    client.force_login(coordinator)
    antwoord = inroosteren_als(client, invoer)
    assert antwoord.status_code == 200
    assert "<script>alert(1)" not in antwoord.content.decode()
    assert not Dienst.objects.exists()


def test_rota_statement_count_does_not_grow_with_partner_staff(client, coordinator, dinxperlo):
    client.force_login(coordinator)
    _partnermedewerkers(1)
    with CaptureQueriesContext(connection) as weinig:
        client.get(f"/balie/rooster/?week={WEEK}")
    _partnermedewerkers(10)
    with CaptureQueriesContext(connection) as veel:
        client.get(f"/balie/rooster/?week={WEEK}")
    assert len(veel) == len(weinig)


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("medewerker", "Iemand anders", "Er is geen medewerker met ‘Iemand anders’ in de naam."),
        ("medewerker", "", "Kies wie u wilt inroosteren."),
        ("datum", "gisteren", "Niet ingeroosterd"),
        ("locatie", "<script>alert(1)</script>", "Niet ingeroosterd"),
        ("dagdeel", "nacht", "Niet ingeroosterd"),
    ],
)
def test_bad_rota_input_gives_a_message_not_an_error(
    client, coordinator, medewerker, dinxperlo, veld, waarde, melding
):
    client.force_login(coordinator)
    data = {
        "locatie": "dinxperlo",
        "datum": "2027-03-09",
        "dagdeel": "ochtend",
        "medewerker": medewerker.weergavenaam,
        "week": WEEK,
    }
    data[veld] = waarde
    response = client.post("/balie/rooster/inroosteren/", data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert melding in html
    assert "<script>alert(1)</script>" not in html
    assert not Dienst.objects.exists()


def test_double_submit_keeps_one_shift_and_says_so(client, coordinator, medewerker, dinxperlo):
    client.force_login(coordinator)
    post_inroosteren(client, medewerker)
    html = post_inroosteren(client, medewerker).content.decode()
    assert "staat al op deze opening" in html
    assert Dienst.objects.count() == 1


def test_removing_a_shift_twice_is_harmless(client, coordinator, medewerker, dinxperlo):
    dienst = dienst_inroosteren(
        locatie=dinxperlo,
        datum=date(2027, 3, 9),
        dagdeel="ochtend",
        medewerker=medewerker,
        door=coordinator,
    )
    client.force_login(coordinator)
    url = f"/balie/rooster/diensten/{dienst.pk}/verwijderen/"
    assert "is uitgeroosterd" in client.post(url, {"week": WEEK}, follow=True).content.decode()
    assert "was al verwijderd" in client.post(url, {"week": WEEK}, follow=True).content.decode()
    assert client.get(url).status_code == 405


@time_machine.travel(om(2027, 3, 1, 9, 0), tick=False)
def test_my_shifts_feed_is_secret_and_revocable(client, medewerker, dinxperlo, coordinator):
    dienst_inroosteren(
        locatie=dinxperlo,
        datum=date(2027, 3, 9),
        dagdeel="ochtend",
        medewerker=medewerker,
        door=coordinator,
    )
    client.force_login(medewerker)
    page = client.get("/mijn-diensten/").content.decode()
    assert "dinsdag 9 maart" in page
    feed = Dienstenfeed.objects.get(medewerker=medewerker)
    assert len(feed.token) >= 40
    client.logout()
    events = list(Calendar.from_ical(client.get(feed.get_absolute_url()).content).walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [om(2027, 3, 9, 9, 0)]
    oud = feed.get_absolute_url()
    client.force_login(medewerker)
    client.post("/mijn-diensten/nieuwe-link/")
    client.logout()
    assert client.get(oud).status_code == 404
    feed.refresh_from_db()
    assert client.get(feed.get_absolute_url()).status_code == 200


def test_absence_form_keeps_input_and_explains(client, medewerker):
    client.force_login(medewerker)
    response = client.post(
        "/mijn-diensten/", {"van": "2027-03-10", "tot": "2027-03-09", "omschrijving": "vakantie"}
    )
    html = response.content.decode()
    assert "De laatste dag ligt vóór de eerste dag." in html
    assert 'value="vakantie"' in html
    assert not Afwezigheid.objects.exists()
    response = client.post(
        "/mijn-diensten/", {"van": "2027-03-10", "tot": "2027-03-12"}, follow=True
    )
    assert "Uw afwezigheid is opgeslagen." in response.content.decode()


def test_inactive_users_feed_stops(client, medewerker):
    feed = Dienstenfeed.objects.create(medewerker=medewerker)
    medewerker.is_active = False
    medewerker.save()
    assert client.get(feed.get_absolute_url()).status_code == 404
