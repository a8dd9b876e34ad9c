"""The beheerder changes schedules in /beheer/: bad input is refused whole, in Dutch."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from locaties.models import Dienst, Openingsregel, Toegangslocatie, Uitzondering
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def inline_data(locatie, regels, uitzonderingen=()):
    data = {
        "naam": locatie.naam, "slug": locatie.slug, "korte_naam": locatie.korte_naam,
        "straat": locatie.straat, "huisnummer": locatie.huisnummer, "postcode": locatie.postcode,
        "plaats": locatie.plaats, "kern": locatie.kern, "telefoon": locatie.telefoon,
        "toegankelijkheid": "", "route": "", "minimale_bezetting": 2, "maximale_bezetting": 3, "volgorde": 1,
        "openingsregels-TOTAL_FORMS": len(regels), "openingsregels-INITIAL_FORMS": 0,
        "openingsregels-MIN_NUM_FORMS": 0, "openingsregels-MAX_NUM_FORMS": 1000,
        "uitzonderingen-TOTAL_FORMS": 0, "uitzonderingen-INITIAL_FORMS": 0,
        "uitzonderingen-MIN_NUM_FORMS": 0, "uitzonderingen-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, regel in enumerate(regels):
        for key, value in regel.items():
            data[f"openingsregels-{i}-{key}"] = value
    return data


@pytest.fixture
def nieuwe_locatie(db):
    return Toegangslocatie.objects.create(
        naam="Toegang Bredevoort", slug="bredevoort", korte_naam="Bredevoort", straat="Markt", huisnummer="1",
        postcode="7126 AA", plaats="Bredevoort", kern="bredevoort", telefoon="0543-000002",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("regels", "melding"),
    [
        (
            [{"weekdag": 0, "dagdeel": "ochtend", "start": "12:00", "einde": "09:00"}],
            "De eindtijd moet na de begintijd liggen.",
        ),
        (
            [
                {
                    "weekdag": 0,
                    "dagdeel": "ochtend",
                    "start": "09:00",
                    "einde": "12:00",
                    "geldig_van": "2027-03-01",
                    "geldig_tot": "2027-02-01",
                }
            ],
            "ligt vóór de begindatum",
        ),
        (
            [
                {"weekdag": 0, "dagdeel": "ochtend", "start": "09:00", "einde": "12:00"},
                {"weekdag": 0, "dagdeel": "ochtend", "start": "10:00", "einde": "11:00"},
            ],
            "Er is al een openingsregel voor maandagochtend in deze periode.",
        ),
        (
            [
                {"weekdag": 1, "dagdeel": "ochtend", "start": "09:00", "einde": "13:00"},
                {"weekdag": 1, "dagdeel": "middag", "start": "12:30", "einde": "17:00"},
            ],
            "De tijden overlappen",
        ),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_saved(
    client, beheerder, nieuwe_locatie, regels, melding
):
    client.force_login(beheerder)
    response = client.post(
        f"/beheer/locaties/toegangslocatie/{nieuwe_locatie.pk}/change/",
        inline_data(nieuwe_locatie, regels),
    )
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not Openingsregel.objects.filter(locatie=nieuwe_locatie).exists()


def test_same_dagdeel_in_separate_periods_is_fine(client, beheerder, nieuwe_locatie):
    client.force_login(beheerder)
    regels = [
        {
            "weekdag": 0,
            "dagdeel": "ochtend",
            "start": "09:00",
            "einde": "12:00",
            "geldig_tot": "2027-03-31",
        },
        {
            "weekdag": 0,
            "dagdeel": "ochtend",
            "start": "08:30",
            "einde": "12:00",
            "geldig_van": "2027-04-01",
        },
    ]
    response = client.post(
        f"/beheer/locaties/toegangslocatie/{nieuwe_locatie.pk}/change/",
        inline_data(nieuwe_locatie, regels),
    )
    assert response.status_code == 302
    assert Openingsregel.objects.filter(locatie=nieuwe_locatie).count() == 2


def test_model_clean_checks_overlap_outside_the_admin(hofstraat):
    dubbel = Openingsregel(
        locatie=hofstraat, weekdag=0, dagdeel="ochtend", start="10:00", einde="11:00"
    )
    with pytest.raises(ValidationError, match="maandagochtend"):
        dubbel.full_clean()


def test_deleting_a_location_counts_its_shifts_at_the_same_cost(client, beheerder, hofstraat):
    """The delete summary counts the shifts that go along (toegang.admin.verwijderoverzicht)
    instead of naming each: the same statements however many there are."""
    client.force_login(beheerder)
    pad = f"/beheer/locaties/toegangslocatie/{hofstraat.pk}/delete/"

    def diensten(aantal):
        for dag in range(aantal):
            Dienst.objects.create(
                locatie=hofstraat, datum=f"2027-03-{1 + dag:02d}", dagdeel="ochtend",
                medewerker=UserFactory(),
            )  # fmt: skip

    diensten(1)
    client.get(pad)
    with CaptureQueriesContext(connection) as een:
        assert client.get(pad).status_code == 200
    diensten(9)
    with CaptureQueriesContext(connection) as tien:
        html = client.get(pad).content.decode()
    assert "Diensten: 10" in html
    assert html.count("Dienst: <a") == 0
    assert len(tien) == len(een)


def test_the_location_page_lists_exceptions_from_today_and_saving_keeps_the_past_ones(
    client, beheerder, nieuwe_locatie
):
    vandaag = timezone.localdate()
    for dagen in (-400, -30, -1, 0, 14):
        Uitzondering.objects.create(
            locatie=nieuwe_locatie,
            datum=vandaag + timedelta(days=dagen),
            soort="gesloten",
            reden=f"Reden {dagen}",
        )
    client.force_login(beheerder)
    html = client.get(f"/beheer/locaties/toegangslocatie/{nieuwe_locatie.pk}/change/").content
    html = html.decode()
    assert "Reden 0" in html and "Reden 14" in html
    assert not any(f"Reden {dagen}" in html for dagen in (-400, -30, -1))

    response = client.post(
        f"/beheer/locaties/toegangslocatie/{nieuwe_locatie.pk}/change/",
        inline_data(nieuwe_locatie, []),
    )
    assert response.status_code == 302
    assert Uitzondering.objects.filter(locatie=nieuwe_locatie).count() == 5
