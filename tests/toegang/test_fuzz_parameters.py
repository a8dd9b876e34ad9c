"""Fuzzing the query parameters every page and API reads (issue 15, item 8): page numbers,
dates, months and date-times, the kinds of input that gave 500s — a digit `int()` refuses ("²"),
a date whose week before or after does not exist (0001-01-01, 9999-12-31), an offset
PostgreSQL refuses (+23:59) — and whatever else hypothesis makes of them.

Each parameter of each URL that reads one gets values from these classes: never a 5xx; a
page that refuses says why in Dutch. Deterministic (derandomize) and modest in size.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import event, given
from hypothesis import strategies as st

from tests.accounts.tweestaps import ORIGINELE_LOGIN, tweestaps_afronden
from tests.toegang.test_fuzz_formulieren import FUZZ

pytestmark = pytest.mark.django_db

# Digits that are no ASCII digits, signs and separators int() forgives, sizes past any page.
PAGINA = st.one_of(
    st.sampled_from(["²", "١", "１", "⁵", "0", "-1", "+1", " 1", "1_0", "1e3", "0x1", "1.5"]),
    st.integers(min_value=-(10**6), max_value=10**25).map(str),
    st.text(st.characters(categories=["Nd", "No"]), min_size=1, max_size=4),
)
# The ends of what a date can hold, days that do not exist, other ISO 8601 forms.
DATUM = st.one_of(
    st.sampled_from(
        [
            "0001-01-01", "9999-12-31", "9999-12-27", "0000-00-00", "2026-02-29", "2024-02-29",
            "10000-01-01", "-2026-01-01", "2026-W01-1", "20260101", "２０２６-01-01",
            "31-12-9999", "1-1-0001", "2026-1-1",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day}-{d.month}-{d.year:04d}"),
)  # fmt: skip
# Offsets no clock shows, fractions, the end of a day, a date alone.
DATUM_TIJD = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-23:59",
            "2027-03-15T09:00:00+14:01",
            "2027-03-15T24:00:00",
            "2027-03-15T09:00:00.123456Z",
            "2027-03-15",
            "2027-03-15T09:00:00+01:00:30",
        ]
    ),
    st.datetimes().map(lambda d: d.isoformat()),
    st.builds(
        lambda d, uren, minuten, teken: f"{d.isoformat()}{teken}{uren:02d}:{minuten:02d}",
        st.datetimes(),
        st.integers(0, 99),
        st.integers(0, 59),
        st.sampled_from("+-"),
    ),
)
# Months as a browser's month field sends them and as people type them, and their ends.
MAAND = st.one_of(
    st.sampled_from(
        ["2025-13", "2025-00", "0000-01", "0001-01", "9999-12", "12-9999", "13-2025", "２０２５-01"]
    ),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}"),
    st.dates().map(lambda d: f"{d.month}-{d.year:04d}"),
    DATUM,
)
WAARDEN = {"pagina": PAGINA, "datum": DATUM, "maand": MAAND, "datum-tijd": DATUM_TIJD}

# Who opens it, the URL, and its parameters by kind.
ADRESSEN = [
    (None, "/api/v1/aanbod/", {"page": "pagina"}),
    (
        None,
        "/api/hsds/services",
        {"page": "pagina", "per_page": "pagina", "modified_after": "datum-tijd"},
    ),
    (None, "/api/hsds/organizations", {"page": "pagina", "per_page": "pagina"}),
    (None, "/api/v1/locaties/hofstraat/openingsmomenten/", {"van": "datum", "tot": "datum"}),
    (None, "/sociale-kaart/", {"pagina": "pagina"}),
    ("medewerker", "/balie/sociale-kaart/", {"pagina": "pagina"}),
    ("medewerker", "/balie/wachtrij/mijn/", {"pagina": "pagina"}),
    ("coordinator", "/balie/rooster/", {"week": "datum"}),
    ("beleid", "/rapportage/", {"datum": "datum", "van": "maand", "tot": "maand"}),
    ("beleid", "/rapportage/tabel/kerncijfers.csv", {"van": "maand", "tot": "maand"}),
]


@pytest.fixture
def clients(wereld):
    uitkomst = {None: Client()}
    for naam in ("medewerker", "coordinator", "beleid"):
        client = Client()
        user = getattr(wereld, naam)
        ORIGINELE_LOGIN(client, user, "django.contrib.auth.backends.ModelBackend")
        tweestaps_afronden(client, user)
        uitkomst[naam] = client
    return uitkomst


@st.composite
def verzoek(draw):
    wie, pad, parameters = draw(st.sampled_from(ADRESSEN))
    gekozen = draw(st.sets(st.sampled_from(sorted(parameters)), min_size=1))
    query = {naam: draw(WAARDEN[parameters[naam]]) for naam in gekozen}
    if "/rapportage/" in pad and {"van", "tot"} & gekozen:
        query["periode"] = "aangepast"
    return wie, pad, query


def test_no_page_number_date_or_date_time_gives_a_server_error(wereld, clients):
    @FUZZ
    @given(verzoek())
    def fuzz(gevraagd):
        wie, pad, query = gevraagd
        cache.clear()  # one address asking many times: the limits are tested elsewhere
        tekst = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in query.items())
        antwoord = clients[wie].get(f"{pad}?{tekst}")
        event(f"{pad} {antwoord.status_code}")
        assert antwoord.status_code < 500, (pad, query)
        if antwoord.status_code == 400 and antwoord["Content-Type"].startswith("text/html"):
            assert "Dit verzoek kunnen wij niet lezen" in antwoord.content.decode()

    fuzz()
