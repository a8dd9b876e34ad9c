import json
import re
from datetime import date

import pytest
import time_machine
from icalendar import Calendar

from locaties.ical import Gebeurtenis, ical_response
from tests.locaties.test_schema import om

pytestmark = pytest.mark.django_db


@time_machine.travel(om(2027, 3, 22, 10, 0), tick=False)
def test_api_lists_locations_with_open_state_and_next_opening(client, hofstraat):
    data = client.get("/api/v1/locaties/").json()["locaties"]
    by_slug = {item["slug"]: item for item in data}
    assert by_slug["hofstraat"] == {
        "slug": "hofstraat",
        "naam": "Toegang Hofstraat",
        "adres": "Hofstraat 21, 7121 DL Aalten",
        "nu_open": True,
        "volgende_opening": "2027-03-22T13:30:00+01:00",
    }
    assert by_slug["dinxperlo"]["nu_open"] is False
    assert by_slug["dinxperlo"]["volgende_opening"] == "2027-03-23T09:00:00+01:00"


def test_api_openingsmomenten_in_range_sorted(client, hofstraat):
    response = client.get(
        "/api/v1/locaties/hofstraat/openingsmomenten/?van=2027-03-22&tot=2027-03-23"
    )
    assert response.status_code == 200
    assert response.json() == {
        "locatie": "hofstraat",
        "openingsmomenten": [
            {"datum": "2027-03-22", "dagdeel": "ochtend", "start": "2027-03-22T09:00:00+01:00", "einde": "2027-03-22T12:30:00+01:00"},
            {"datum": "2027-03-22", "dagdeel": "middag", "start": "2027-03-22T13:30:00+01:00", "einde": "2027-03-22T17:00:00+01:00"},
            {"datum": "2027-03-23", "dagdeel": "ochtend", "start": "2027-03-23T09:00:00+01:00", "einde": "2027-03-23T12:30:00+01:00"},
            {"datum": "2027-03-23", "dagdeel": "middag", "start": "2027-03-23T13:30:00+01:00", "einde": "2027-03-23T17:00:00+01:00"},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "fout"),
    [
        ("van=2027-03-23&tot=2027-03-22", "'van' ligt na 'tot'."),
        ("van=2027-01-01&tot=2028-01-02", "De periode is langer dan 366 dagen."),
        ("van=morgen&tot=2027-03-22", "'van' is geen datum"),
        ("van=2027-02-30&tot=2027-03-22", "'van' is geen datum"),
        ("tot=2027-03-22", "Geef 'van' op"),
        ("van=2027-03-22&tot=" + "9" * 5000, "tot"),
        ("van=2027-03-22&tot=2027-03-22' OR 1=1 --", "'tot' is geen datum"),
        # Amsterdam's own mean time before 1940 (UTC+00:19:32) fits no ISO 8601 offset
        ("van=1820-08-16&tot=1820-08-16", "'van' ligt buiten 2000–2099"),
        ("van=2099-12-31&tot=2100-01-01", "'tot' ligt buiten 2000–2099"),
        ("van=0001-01-01&tot=0001-01-01", "'van' ligt buiten 2000–2099"),
    ],
)
def test_api_bad_period_gives_dutch_400(client, hofstraat, query, fout):
    response = client.get(f"/api/v1/locaties/hofstraat/openingsmomenten/?{query}")
    assert response.status_code == 400
    assert fout in response.json()["fout"]


def test_api_full_year_is_allowed(client, hofstraat):
    response = client.get(
        "/api/v1/locaties/hofstraat/openingsmomenten/?van=2028-01-01&tot=2028-12-31"
    )
    assert response.status_code == 200
    assert 400 < len(response.json()["openingsmomenten"]) < 520


@pytest.mark.parametrize("slug", ["bestaat-niet", "<script>", "a" * 300])
def test_api_unknown_location_is_404_json(client, hofstraat, slug):
    response = client.get(
        f"/api/v1/locaties/{slug}/openingsmomenten/?van=2027-03-22&tot=2027-03-22"
    )
    assert response.status_code == 404
    assert "fout" in response.json()


@time_machine.travel(om(2027, 3, 22, 10, 0), tick=False)
def test_ical_feed_parses_with_one_event_per_opening(client, dinxperlo):
    response = client.get("/locaties/dinxperlo.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    kalender = Calendar.from_ical(response.content)
    events = list(kalender.walk("VEVENT"))
    starts = sorted(event.decoded("dtstart") for event in events)
    expected = dinxperlo.openingsmomenten(date(2027, 2, 19), date(2028, 3, 22))
    assert len(events) == len(expected)
    assert starts[0] == expected[0].start
    assert starts[-1] == expected[-1].start
    assert len({event["uid"] for event in events}) == len(events)
    assert all(event.get("dtstamp") for event in events)
    assert kalender["version"] == "2.0"


def test_feed_text_reads_back_unchanged_escaped_and_folded():
    """Commas, semicolons, backslashes and line breaks are escaped; long lines are folded
    at 75 octets without splitting a character, so a calendar reads the text back whole."""
    tekst = "Hofstraat 1, 7121 AA Aalten; ingang \\ achterom\nbel aan bij " + "één " * 40
    response = ical_response(
        naam="Openingstijden; één, twee",
        gebeurtenissen=[
            Gebeurtenis(
                uid="proef@toegang.aalten.nl", start=om(2027, 3, 22, 9, 0), einde=om(2027, 3, 22, 12, 0),
                titel=tekst, plaats=tekst, beschrijving=tekst,
            )
        ],
        bestandsnaam="proef.ics",
    )  # fmt: skip
    regels = response.content.split(b"\r\n")
    assert max(len(regel) for regel in regels) <= 75
    assert "X-WR-CALNAME:Openingstijden\\; één\\, twee".encode() in regels
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event[veld]) for veld in ("summary", "location", "description")] == [tekst] * 3
    assert event.decoded("dtstart") == om(2027, 3, 22, 9, 0)
    assert event.decoded("dtend") == om(2027, 3, 22, 12, 0)


def test_unknown_location_pages_are_404(client, hofstraat):
    assert client.get("/locaties/bestaat-niet/").status_code == 404
    assert client.get("/locaties/bestaat-niet.ics").status_code == 404


@time_machine.travel(om(2027, 4, 20, 10, 0), tick=False)
def test_location_page_shows_four_weeks_with_closures_and_json_ld(client, hofstraat):
    html = client.get("/locaties/hofstraat/").content.decode()
    assert "Nu open tot 12:30" in html
    assert "dinsdag 27 april" in html.lower()
    assert "Koningsdag" in html
    assert "0543-000000" in html
    blok = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(blok)
    assert data["@type"] == "GovernmentOffice"
    specs = data["openingHoursSpecification"]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "12:30",
    } in specs
    assert {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": "2027-04-27", "validThrough": "2027-04-27"} in specs  # fmt: skip


def test_a_name_that_closes_the_script_stays_inside_the_json_ld(client, hofstraat):
    hofstraat.naam = 'Hofstraat </script><script>alert("x")</script> & <!-- co'
    hofstraat.save()
    html = client.get("/locaties/hofstraat/").content.decode()
    (blok,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in blok and ">" not in blok and "&" not in blok
    assert json.loads(blok)["name"] == hofstraat.naam
    assert "<script>alert" not in html


@time_machine.travel(om(2027, 3, 22, 10, 0), tick=False)
def test_home_and_list_show_the_now_open_line(client, hofstraat, levensdomeinen):
    for path in ("/", "/locaties/"):
        html = client.get(path).content.decode()
        assert "Nu open tot 12:30" in html
        assert "Nu gesloten. Weer open morgen om 9:00" in html  # Dinxperlo, Tuesday morning
