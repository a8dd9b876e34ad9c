"""The rota and its recurring shifts through the coordinator's browser (the test client):
the rota opens on this week, the past is read-only, recurring shifts are set, changed and
stopped without JavaScript, and the minimum check over the coming weeks follows."""

import re
from datetime import date

import pytest
import time_machine

from locaties.models import Dienst, TerugkerendeDienst
from locaties.services import dienst_inroosteren, terugkerende_dienst_instellen
from tests.accounts.factories import UserFactory
from tests.locaties.test_schema import om

pytestmark = pytest.mark.django_db
WOENSDAG = om(2027, 3, 10, 13, 0)  # Wednesday 10 March 2027, after the morning


@pytest.fixture
def rooster(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def anna(db):
    return UserFactory(first_name="Anna", last_name="Aalbers")


def rijen(html: str) -> dict[str, str]:
    """Each opening's row of the rota, by its data-opening key."""
    return dict(re.findall(r'<tr[^>]*data-opening="([^"]+)">(.*?)</tr>', html, re.S))


@pytest.mark.parametrize(
    "moment, week",
    [
        (om(2027, 3, 10, 13, 0), "maandag 8 maart t/m zondag 14 maart"),
        (om(2027, 3, 14, 12, 0), "maandag 15 maart t/m zondag 21 maart"),  # a Sunday
    ],
)
def test_the_rota_opens_on_this_week_or_from_saturday_the_coming_one(
    rooster, dinxperlo, moment, week
):
    with time_machine.travel(moment, tick=False):
        html = rooster.get("/balie/rooster/").content.decode()
    assert f"Week van {week}" in html


def test_openings_that_are_over_are_read_only_and_not_warned_about(rooster, dinxperlo, anna):
    with time_machine.travel(om(2027, 3, 9, 9, 30), tick=False):
        dienst_inroosteren(
            locatie=dinxperlo, datum=date(2027, 3, 9), dagdeel="ochtend", medewerker=anna,
            door=anna,
        )  # fmt: skip
    with time_machine.travel(WOENSDAG, tick=False):
        html = rooster.get("/balie/rooster/?locatie=dinxperlo").content.decode()
    voorbij, komend = rijen(html).values()
    assert "Voorbij" in voorbij and "1/2" in voorbij and "Anna Aalbers" in voorbij
    assert "<form" not in voorbij  # no Verwijder, no Inroosteren
    assert "Inroosteren" in komend
    # Only Thursday, still to come, is warned about.
    assert "nog 1 opening in deze week heeft te weinig mensen" in html
    assert "Openingen die voorbij zijn, kunt u alleen bekijken." in html


def test_a_week_that_is_over_says_so_and_has_no_controls(rooster, dinxperlo):
    with time_machine.travel(WOENSDAG, tick=False):
        html = rooster.get("/balie/rooster/?week=2027-03-01").content.decode()
    assert "Deze week is voorbij." in html
    assert "te weinig mensen" not in html and "op sterkte." not in html
    assert "Inroosteren</button>" not in html


def test_posting_into_the_past_is_refused_in_dutch(rooster, dinxperlo, anna, coordinator):
    with time_machine.travel(om(2027, 3, 9, 9, 30), tick=False):
        dienst = dienst_inroosteren(
            locatie=dinxperlo, datum=date(2027, 3, 9), dagdeel="ochtend", medewerker=anna,
            door=coordinator,
        )  # fmt: skip
    with time_machine.travel(WOENSDAG, tick=False):
        response = rooster.post(
            "/balie/rooster/inroosteren/",
            {
                "locatie": "dinxperlo",
                "datum": "2027-03-09",
                "dagdeel": "ochtend",
                "medewerker": coordinator.weergavenaam,
                "week": "2027-03-08",
            },
            follow=True,
        )
        assert "Niet ingeroosterd: De opening van dinsdag 9 maart (ochtend) is al voorbij." in (
            response.content.decode()
        )
        response = rooster.post(
            f"/balie/rooster/diensten/{dienst.pk}/verwijderen/", {"week": "2027-03-08"}, follow=True
        )
        assert "Niet uitgeroosterd: De opening van dinsdag 9 maart (ochtend) is al voorbij." in (
            response.content.decode()
        )
    assert list(Dienst.objects.values_list("medewerker", flat=True)) == [anna.pk]


def formulier(wie, **extra):
    return {
        "medewerker": wie.weergavenaam,
        "locatie": "dinxperlo",
        "weekdag": "1",
        "dagdeel": "ochtend",
        "van": "2027-03-10",
        "tot": "2027-04-28",
        **extra,
    }


def controle(html: str) -> str:
    return html[html.index('id="controle"') : html.index('id="lopend-titel"')]


@time_machine.travel(WOENSDAG, tick=False)
def test_a_coordinator_sets_a_recurring_shift_and_the_minimum_check_follows(
    rooster, dinxperlo, anna
):
    bert = UserFactory(first_name="Bert", last_name="Bosch")
    voor = controle(rooster.get("/balie/rooster/terugkerend/").content.decode())
    assert 'data-opening="dinxperlo-2027-03-16-ochtend"' in voor
    response = rooster.post("/balie/rooster/terugkerend/", formulier(anna), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/balie/rooster/terugkerend/#controle"
    assert (
        "Anna Aalbers staat elke dinsdag in de ochtend bij Inlooppunt Dinxperlo, tot en met "
        "woensdag 28 april. Ingeroosterd: 6 diensten." in html
    )
    assert "Niet ingeroosterd op: dinsdag 27 april: gesloten (Koningsdag)." in html
    # 1/2 is still short; with Bert the Tuesdays drop out of the check.
    assert "dinxperlo-2027-03-16-ochtend" in controle(html)
    html = rooster.post("/balie/rooster/terugkerend/", formulier(bert), follow=True)
    assert "dinxperlo-2027-03-16-ochtend" not in controle(html.content.decode())
    assert TerugkerendeDienst.objects.count() == 2
    assert Dienst.objects.filter(datum=date(2027, 3, 16)).count() == 2
    # The rota marks them as recurring.
    week = rooster.get("/balie/rooster/?week=2027-03-15&locatie=dinxperlo").content.decode()
    assert rijen(week)["dinxperlo-2027-03-16-ochtend"].count("elke week") == 2


@time_machine.travel(WOENSDAG, tick=False)
@pytest.mark.parametrize(
    "veld, waarde, melding",
    [
        ("tot", "2027-03-01", "De laatste dag ligt vóór de eerste dag."),
        ("van", "2027-03-01", "De eerste dag ligt in het verleden."),
        ("tot", "9999-12-31", "hoogstens een jaar vooruit"),
        ("tot", "morgen", "Vul een datum in als dd-mm-jjjj."),
        ("weekdag", "0", "Inlooppunt Dinxperlo is op maandag in de ochtend niet open."),
        ("weekdag", "9", "Kies een dag uit de lijst."),
        ("locatie", "<script>alert(1)</script>", "Kies een locatie uit de lijst."),
        ("medewerker", "", "Kies wie u wilt inroosteren."),
        ("medewerker", "Niemand Bekend", "Er is geen medewerker met"),
    ],
)
def test_bad_recurring_input_keeps_what_was_typed_and_saves_nothing(
    rooster, dinxperlo, anna, veld, waarde, melding
):
    response = rooster.post("/balie/rooster/terugkerend/", formulier(anna, **{veld: waarde}))
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html
    assert "Er is nog niets opgeslagen" in html
    assert "<script>alert(1)</script>" not in html
    assert 'value="2027-03-10"' in html or veld == "van"
    assert not TerugkerendeDienst.objects.exists() and not Dienst.objects.exists()


def test_changing_and_stopping_a_recurring_shift_in_the_browser(rooster, dinxperlo, anna):
    with time_machine.travel(WOENSDAG, tick=False):
        reeks = terugkerende_dienst_instellen(
            medewerker=anna, locatie=dinxperlo, weekdag=1, dagdeel="ochtend",
            van=date(2027, 3, 10), tot=date(2027, 4, 28), door=anna,
        ).reeks  # fmt: skip
        overzicht = rooster.get("/balie/rooster/terugkerend/").content.decode()
        assert f'href="/balie/rooster/terugkerend/{reeks.pk}/"' in overzicht
        pagina = rooster.get(f"/balie/rooster/terugkerend/{reeks.pk}/").content.decode()
        assert 'value="Anna Aalbers"' in pagina and 'value="2027-04-28"' in pagina
    with time_machine.travel(om(2027, 3, 24, 9, 0), tick=False):
        response = rooster.post(
            f"/balie/rooster/terugkerend/{reeks.pk}/",
            formulier(anna, tot="2027-04-06"),
            follow=True,
        )
        assert "Uit het rooster gehaald: 2 diensten." in response.content.decode()
        response = rooster.post(f"/balie/rooster/terugkerend/{reeks.pk}/stoppen/", follow=True)
        assert "is gestopt. Uit het rooster gehaald: 2 diensten die nog zouden komen." in (
            response.content.decode()
        )
        assert "Er lopen nog geen terugkerende diensten." in response.content.decode()
        again = rooster.post(f"/balie/rooster/terugkerend/{reeks.pk}/stoppen/", follow=True)
        assert response.status_code == again.status_code == 200
    assert sorted(Dienst.objects.values_list("datum", flat=True)) == [
        date(2027, 3, 16),
        date(2027, 3, 23),
    ]


@pytest.mark.parametrize("persona", ["medewerker", "partner_a", "beleid", "beheerder"])
def test_only_the_coordinator_sets_recurring_shifts(request, client, dinxperlo, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/balie/rooster/terugkerend/").status_code == 403
    assert client.post("/balie/rooster/terugkerend/", {}).status_code == 403
