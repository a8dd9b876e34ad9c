"""Abuse of anonymous pages: one shared rate-limit mechanism (toegang.limiet) with a Dutch
page and the phone number, and a bounded request body."""

import secrets
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from intake.models import Hulpvraag
from tests.intake.factories import HulpvraagFactory
from tests.sociale_kaart.factories import OrganisatieFactory

TELEFOON = "0543-000000"


def html(response) -> str:
    return response.content.decode()


# --- search ------------------------------------------------------------------------------


def test_search_over_the_limit_gets_the_friendly_page_with_the_phone(client, settings, db):
    settings.ZOEK_LIMIET = 3
    with time_machine.travel(timezone.now(), tick=False) as reis:
        for _ in range(3):
            assert client.get("/sociale-kaart/", {"q": "schulden"}).status_code == 200
        response = client.get("/sociale-kaart/", {"q": "schulden"})
        assert response.status_code == 429
        assert response["Retry-After"] == str(settings.ZOEK_LIMIET_SECONDEN)
        assert TELEFOON in html(response)
        assert ">Even wachten</h1>" in html(response)
        # Another address searches on.
        assert client.get("/sociale-kaart/", REMOTE_ADDR="192.0.2.60").status_code == 200
        reis.shift(timedelta(seconds=settings.ZOEK_LIMIET_SECONDEN + 1))
        assert client.get("/sociale-kaart/").status_code == 200


def test_live_search_over_the_limit_gets_the_message_in_place_of_the_results(
    client, settings, db, een_venster
):
    settings.ZOEK_LIMIET = 1
    client.get("/sociale-kaart/", {"q": "eenzaam"}, HTTP_HX_REQUEST="true")
    response = client.get("/sociale-kaart/", {"q": "eenzaam"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert TELEFOON in html(response)
    assert "<html" not in html(response)


def test_search_api_counts_with_the_page_and_answers_dutch_json(client, settings, db, een_venster):
    settings.ZOEK_LIMIET = 2
    assert client.get("/sociale-kaart/").status_code == 200
    assert client.get("/api/v1/aanbod/").status_code == 200
    response = client.get("/api/v1/aanbod/")
    assert response.status_code == 429
    assert TELEFOON in response.json()["fout"]
    assert response["Retry-After"] == str(settings.ZOEK_LIMIET_SECONDEN)


def test_the_limit_is_shared_through_the_cache_not_kept_per_process(client, settings, db):
    settings.ZOEK_LIMIET = 5
    client.get("/sociale-kaart/")
    sleutels = [s for s in cache._cache.get_client().keys("*") if b"limiet:zoeken:" in s]
    assert len(sleutels) == 1
    # The address itself is never stored, only a hash of it.
    assert b"127.0.0.1" not in sleutels[0]


# --- secret links --------------------------------------------------------------------------


def onbekend() -> str:
    return secrets.token_urlsafe(32)


@pytest.mark.parametrize(
    "pad",
    [
        "/hulpvraag/status/{}/",
        "/hulpvraag/verstuurd/{}/",
        "/hulpvraag/feedback/{}/",
        "/sociale-kaart/klopt-nog/{}/",
        "/sociale-kaart/capaciteit/{}/",
        "/mijn-diensten/agenda/{}.ics",
    ],
)
def test_guessing_secret_links_stops_after_the_limit(client, settings, db, pad):
    settings.TOKEN_LIMIET = 3
    for _ in range(3):
        assert client.get(pad.format(onbekend())).status_code == 404
    response = client.get(pad.format(onbekend()))
    assert response.status_code == 429
    assert TELEFOON in html(response)


def test_a_guesser_learns_nothing_once_over_the_limit_not_even_from_a_real_token(
    client, settings, db
):
    settings.TOKEN_LIMIET = 3
    hulpvraag = HulpvraagFactory()
    for _ in range(3):
        client.get(f"/hulpvraag/status/{onbekend()}/")
    assert client.get(hulpvraag.status_url).status_code == 429
    # The resident at another address is not hindered.
    assert client.get(hulpvraag.status_url, REMOTE_ADDR="192.0.2.61").status_code == 200


def test_following_ones_own_link_never_counts(client, settings, db):
    settings.TOKEN_LIMIET = 2
    hulpvraag = HulpvraagFactory()
    for _ in range(20):
        assert client.get(hulpvraag.status_url).status_code == 200


def test_failed_lookups_count_across_the_kinds_of_links(client, settings, db):
    settings.TOKEN_LIMIET = 2
    client.get(f"/hulpvraag/status/{onbekend()}/")
    client.get(f"/sociale-kaart/klopt-nog/{onbekend()}/")
    assert client.get(f"/hulpvraag/feedback/{onbekend()}/").status_code == 429


def test_token_limit_zero_switches_it_off(client, settings, db):
    settings.TOKEN_LIMIET = 0
    for _ in range(15):
        assert client.get(f"/hulpvraag/status/{onbekend()}/").status_code == 404


def test_rate_limit_lets_requests_through_when_the_cache_is_down(client, settings, db, monkeypatch):
    # A real Redis client for a port where nothing listens.
    monkeypatch.setattr("toegang.limiet.cache", RedisCache("redis://127.0.0.1:1/0", {}))
    settings.TOKEN_LIMIET = 1
    settings.ZOEK_LIMIET = 1
    for _ in range(3):
        assert client.get(f"/hulpvraag/status/{onbekend()}/").status_code == 404
        assert client.get("/sociale-kaart/").status_code == 200


# --- request size --------------------------------------------------------------------------


def test_a_too_large_request_body_gets_413_and_stores_nothing(client, db, settings):
    te_groot = "x" * (settings.VERZOEK_MAX_BYTES + 1)
    response = client.post("/hulpvraag/", {"vraag": te_groot, "naam": "Anna"})
    assert response.status_code == 413
    assert "te veel om in één keer te versturen" in html(response)
    assert TELEFOON in html(response)
    assert not Hulpvraag.objects.exists()


def test_a_too_large_body_is_refused_on_every_address(client, db, settings):
    OrganisatieFactory()
    body = b"{" + b" " * settings.VERZOEK_MAX_BYTES + b"}"
    for pad in ("/api/v1/aanbod/", "/account/inloggen/", "/balie/nieuw/"):
        response = client.generic("POST", pad, body, content_type="application/json")
        assert response.status_code == 413, pad


# --- a NUL byte in the address ---------------------------------------------------------------


@pytest.mark.parametrize(
    "pad",
    [
        "/balie/hulpvragen/%00/",
        "/balie/hulpvragen/TA-2026-00001%00/afdrukken/",
        "/mijn-diensten/agenda/%00.ics",
    ],
)
def test_a_nul_byte_in_the_path_names_no_page(client, medewerker, pad):
    """PostgreSQL cannot compare a NUL: every lookup with one was a 500 (or, inside a
    logged read, a false "logboek onbereikbaar")."""
    client.force_login(medewerker)
    response = client.get(pad)
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_a_nul_byte_in_an_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/locaties/%00/openingsmomenten/?van=2026-01-05&tot=2026-01-09")
    assert response.status_code == 404
    assert response.json() == {"fout": "Niet gevonden."}


@pytest.mark.parametrize(
    "pad",
    [
        "/sociale-kaart/?levensdomein=%00",
        "/sociale-kaart/?%00=1&q=zo%00rg",
        "/balie/sociale-kaart/?q=zorg&doelgroep=%00",
        "/api/v1/aanbod/?levensdomein=%00",
    ],
)
def test_a_nul_byte_in_the_query_string_is_left_out(client, medewerker, pad):
    client.force_login(medewerker)
    assert client.get(pad).status_code == 200
