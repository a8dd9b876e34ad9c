"""Page numbers, dates and date-times from outside (toegang.invoer): one parser each, and the
edge input that once gave a 500 (issue 15, item 8) now answers 400 or 404 in Dutch."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.toegang.test_fuzz_formulieren import FUZZ
from toegang.invoer import (
    LAATST,
    MAX_PAGINA,
    MAX_VERSCHUIVING,
    VROEGST,
    OngeldigeInvoer,
    datum,
    datum_tijd,
    maand,
    paginanummer,
)

pytestmark = pytest.mark.django_db

# What Python calls a digit and int() refuses or reads otherwise, and what int() forgives.
GEEN_PAGINA = [
    "²",
    "١",
    "１",
    "⁵",
    "0",
    "-1",
    "+1",
    " 1",
    "1 ",
    "1_0",
    "1e3",
    "0x1",
    "1.0",
    "9" * 20,
]


@pytest.mark.parametrize("waarde", GEEN_PAGINA)
def test_a_page_number_is_ascii_digits_from_one(waarde):
    with pytest.raises(OngeldigeInvoer, match="'page' is geen heel getal"):
        paginanummer(waarde)
    assert paginanummer(waarde, standaard=1) == 1


def test_a_page_number_reads_plain_digits_and_defaults_to_the_first_page():
    assert paginanummer("12") == 12
    assert paginanummer(None) == paginanummer("") == 1
    assert paginanummer(str(MAX_PAGINA)) == MAX_PAGINA


@pytest.mark.parametrize(
    ("waarde", "melding"),
    [
        ("0001-01-01", "ligt buiten 1900–2999"),
        ("9999-12-31", "ligt buiten 1900–2999"),
        ("2026-02-30", "is geen datum"),
        ("２０２６-01-01", "is geen datum"),
        ("2026-W01-1", "is geen datum"),
        ("20260101", "is geen datum"),
        ("", "is geen datum"),
    ],
)
def test_a_date_is_refused_in_dutch_when_it_cannot_be(waarde, melding):
    with pytest.raises(OngeldigeInvoer, match=melding):
        datum(waarde, naam="week")


def test_a_month_is_read_as_a_browser_sends_it_or_as_people_type_it():
    eerste = date(2027, 3, 1)
    assert maand("2027-03") == maand("03-2027") == maand("3/2027") == maand("15-3-2027") == eerste
    for fout in ("2027-13", "13-2027", "maart", "２０２７-03"):
        with pytest.raises(OngeldigeInvoer, match="'van' is geen maand"):
            maand(fout, naam="van")
    with pytest.raises(OngeldigeInvoer, match="ligt buiten"):
        maand("9999-12", naam="van")


def test_a_date_may_be_typed_the_dutch_way():
    assert datum("15-3-2027") == datum("15/03/2027") == datum("2027-03-15") == date(2027, 3, 15)


@pytest.mark.parametrize(
    "waarde",
    [
        "0001-01-01T00:00:00+23:59",  # PostgreSQL refuses the offset, and year 0 follows
        "2027-03-15T09:00:00+14:01",
        "2027-03-15T09:00:00-15:00",
        "9999-12-31T23:59:59-14:00",
        "2027-03-15T24:00:00",
        "2027-03-15T09:00:00+01:00 OR 1=1",
    ],
)
def test_a_date_time_is_refused_when_no_clock_shows_it(waarde):
    with pytest.raises(OngeldigeInvoer, match="'modified_after' is geen datum-tijd|ligt buiten"):
        datum_tijd(waarde, naam="modified_after")


def test_a_date_time_without_an_offset_is_local_time():
    moment = datum_tijd("2027-07-01T12:00:00")
    assert moment.utcoffset() == timedelta(hours=2)
    assert datum_tijd("2027-07-01T10:00:00Z") == moment
    assert datum_tijd("2027-07-01").hour == 0


@FUZZ
@given(st.text(max_size=30))
def test_the_parsers_give_a_value_in_range_or_refuse_with_a_dutch_sentence(tekst):
    for parser in (paginanummer, datum, maand, datum_tijd):
        try:
            waarde = parser(tekst)
        except OngeldigeInvoer as fout:
            assert fout.zin
            continue
        if parser is paginanummer:
            assert 1 <= waarde <= MAX_PAGINA
        elif parser in (datum, maand):
            assert VROEGST <= waarde <= LAATST
        else:
            assert isinstance(waarde, datetime)
            assert abs(waarde.utcoffset()) <= MAX_VERSCHUIVING
            assert VROEGST <= waarde.date() <= LAATST
            waarde.astimezone(UTC)  # no OverflowError


# --- the five from the issue -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _geen_limiet():
    cache.clear()


def test_a_page_number_python_calls_a_digit_is_a_dutch_400_in_the_search_api(client, wereld):
    antwoord = client.get("/api/v1/aanbod/", {"page": "²"})
    assert antwoord.status_code == 400
    assert "'page' is geen heel getal" in antwoord.json()["fout"]


def test_an_offset_postgresql_refuses_is_a_dutch_400_in_hsds(client, wereld):
    antwoord = client.get("/api/hsds/services?modified_after=0001-01-01T00:00:00%2B23:59")
    assert antwoord.status_code == 400
    assert "'modified_after' is geen datum-tijd" in antwoord.json()["fout"]
    assert client.get("/api/hsds/services", {"page": "²"}).status_code == 400
    assert client.get("/api/hsds/services", {"per_page": "١"}).status_code == 400


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "9999-12-27", "morgen"])
def test_a_rota_week_at_the_ends_of_time_is_a_dutch_400_page(client, wereld, week):
    client.force_login(wereld.coordinator)
    antwoord = client.get("/balie/rooster/", {"week": week})
    assert antwoord.status_code == 400
    pagina = antwoord.content.decode()
    assert "Dit verzoek kunnen wij niet lezen" in pagina
    assert "&#x27;week&#x27;" in pagina  # says which parameter


def test_the_rota_weeks_at_the_ends_of_the_range_still_step(client, wereld):
    client.force_login(wereld.coordinator)
    assert client.get("/balie/rooster/", {"week": "1900-01-01"}).status_code == 200
    assert client.get("/balie/rooster/", {"week": "2999-12-31"}).status_code == 200


def test_a_custom_period_in_year_9999_is_a_dutch_message_on_the_report(client, wereld):
    client.force_login(wereld.beleid)
    antwoord = client.get(
        "/rapportage/", {"periode": "aangepast", "van": "9999-12-31", "tot": "9999-12-31"}
    )
    assert antwoord.status_code == 200
    assert "Kies een dag van 1-1-1900 tot en met 31-12-2999" in antwoord.content.decode()
    assert "van" in antwoord.context["form"].errors


def test_every_secret_link_is_kept_by_no_cache(client, wereld):
    """The shift calendar too: one decorator (toegang.limiet.token_opzoeken) for them all."""
    feed = client.get(f"/mijn-diensten/agenda/{wereld.dienstenfeed.token}.ics")
    assert feed.status_code == 200
    assert feed["Cache-Control"] == "no-store"
    assert feed["Referrer-Policy"] == "no-referrer"
    assert feed["X-Robots-Tag"] == "noindex"
    klopt = client.get(f"/sociale-kaart/klopt-nog/{wereld.bevestig_token}/")
    assert klopt.status_code == 200
    assert klopt["Cache-Control"] == "no-store"
    assert klopt["Referrer-Policy"] == "strict-origin"  # its form posts
    onbekend = Client().get("/mijn-diensten/agenda/" + "x" * 32 + ".ics")
    assert onbekend.status_code == 404
