"""The health checks: /health/live/ (the process), /health/ (readiness, for the load
balancer: only the database decides) and /health/status/ (monitoring: every part).

The broker is the test Redis (REDIS_URL) and no worker runs, as when the worker is down; a
test that needs one starts it (tests/toegang/test_celery_worker.py)."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.werker import StillePoort, broker_van_dit_proces
from toegang import gezondheid
from toegang.berichten.models import Mail, UitgaandeTaak
from toegang.celery import app
from toegang.models import Hartslag

GEZOND = {"database": "ok", "migraties": "ok", "cache": "ok", "broker": "ok"}


@pytest.fixture
def broker_onbereikbaar():
    # A port nothing listens on: the connection is refused at once.
    with broker_van_dit_proces("redis://127.0.0.1:9/0"):
        yield


def cache_op(settings, url):
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": url}}


# --- live ---------------------------------------------------------------------------------------


def test_live_asks_nothing_and_answers_while_database_and_broker_are_away(
    client, broker_onbereikbaar
):
    # No database access is allowed in this test: any query would fail it.
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# --- readiness ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readiness_is_200_when_no_worker_runs_and_says_so(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == GEZOND | {"worker": "geen worker actief"}


@pytest.mark.django_db
def test_readiness_is_200_when_the_broker_and_cache_are_down_and_says_so(
    client, settings, broker_onbereikbaar
):
    cache_op(settings, "redis://127.0.0.1:9/0")
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "migraties": "ok",
        "cache": "niet bereikbaar",
        "broker": "niet bereikbaar",
        "worker": "onbekend",
    }


def test_readiness_is_503_when_the_database_is_down(client, django_db_blocker):
    """The connection points at a port where no PostgreSQL listens."""
    instellingen = connection.settings_dict
    oud = instellingen["HOST"], instellingen["PORT"]
    with django_db_blocker.unblock():
        connection.close()
        instellingen["HOST"], instellingen["PORT"] = "127.0.0.1", "9"
        try:
            response = client.get("/health/")
            status = client.get("/health/status/")
        finally:
            connection.close()
            instellingen["HOST"], instellingen["PORT"] = oud
    assert response.status_code == 503
    assert response.json()["database"] == "niet bereikbaar"
    assert response.json()["migraties"] == "onbekend"
    assert status.status_code == 503
    assert status.json()["database"] == "niet bereikbaar"
    assert status.json()["mails"] == {"status": "onbekend"}


@pytest.mark.django_db(transaction=True)
def test_readiness_is_503_while_a_migration_of_this_code_is_not_applied(client):
    executor = MigrationExecutor(connection)
    executor.migrate([("toegang", None)])  # as before the upgrade that brings toegang 0001
    try:
        response = client.get("/health/")
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert response.status_code == 503
    assert response.json()["migraties"] == "niet bijgewerkt"
    assert client.get("/health/").status_code == 200


@pytest.mark.django_db
def test_health_checks_answer_any_host_over_plain_http(client, settings):
    """A load balancer asks each web process by its address, over HTTP, behind the TLS
    proxy: not a host in ALLOWED_HOSTS, and SECURE_SSL_REDIRECT would send it away."""
    settings.ALLOWED_HOSTS = ["toegang.aalten.nl"]
    settings.SECURE_SSL_REDIRECT = True
    for pad in ("/health/live/", "/health/", "/health/status/"):
        response = client.get(pad, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code in (200, 503), pad
        assert response["Content-Type"] == "application/json"
        assert response["X-Content-Type-Options"] == "nosniff"
    # Every other page still refuses that host.
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_health_checks_are_never_cached(client):
    for pad in ("/health/live/", "/health/", "/health/status/"):
        assert "no-store" in client.get(pad)["Cache-Control"], pad


@pytest.mark.django_db
def test_health_checks_accept_head_and_refuse_post(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


# --- monitoring ---------------------------------------------------------------------------------


@pytest.fixture
def worker_antwoordt(monkeypatch):
    """As if a worker answered the ping (tests/toegang/test_celery_worker.py has a real one)."""
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [{"w@host": {"ok": "pong"}}])


@pytest.mark.django_db
def test_status_is_200_when_every_part_is_well(client, worker_antwoordt):
    gezondheid.beat_tik()
    response = client.get("/health/status/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert {k: body[k] for k in GEZOND} == GEZOND
    assert body["worker"] == "ok"
    assert body["beat"]["status"] == "ok"
    assert body["uitgaande_taken"] == {"status": "ok", "wachtend": 0, "oudste_seconden": None}
    assert body["mails"]["status"] == "ok"


@pytest.mark.django_db
def test_status_reports_a_worker_that_is_down(client):
    gezondheid.beat_tik()
    response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["worker"] == "geen worker actief"
    assert response.json()["beat"]["status"] == "ok"


@pytest.mark.django_db
def test_status_reports_beat_never_seen_and_silent(client, worker_antwoordt):
    response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["beat"] == {
        "status": "nooit gezien",
        "laatste_tik": None,
        "seconden_geleden": None,
    }
    begin = timezone.now()
    gezondheid.beat_tik(begin)
    with time_machine.travel(begin + gezondheid.BEAT_STIL_NA - timedelta(seconds=1), tick=False):
        assert client.get("/health/status/").status_code == 200
    with time_machine.travel(begin + gezondheid.BEAT_STIL_NA + timedelta(seconds=1), tick=False):
        response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["beat"]["status"] == "stil"
    assert response.json()["beat"]["seconden_geleden"] == 181


@pytest.mark.django_db
def test_status_reports_an_outbox_backlog(client, worker_antwoordt):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        UitgaandeTaak.objects.create(taak="intake.tasks.bevestiging_sturen", argumenten=[1])
        UitgaandeTaak.objects.create(
            taak="intake.tasks.bevestiging_sturen", argumenten=[2], gepubliceerd_op=begin
        )
    later = begin + gezondheid.UITGAANDE_TAAK_TE_OUD + timedelta(seconds=30)
    with time_machine.travel(later, tick=False):
        gezondheid.beat_tik()
        response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["uitgaande_taken"] == {
        "status": "achterstand",
        "wachtend": 1,
        "oudste_seconden": 330,
    }


@pytest.mark.django_db
def test_status_reports_the_oldest_unsent_mail_and_recently_failed_ones(client, worker_antwoordt):
    begin = timezone.now()
    Mail.objects.create(
        sleutel="a", aan="a@example.org", onderwerp="A", tekst="-", aangemaakt=begin
    )
    Mail.objects.create(
        sleutel="b", aan="b@example.org", onderwerp="B", tekst="-", status=Mail.Status.VERZONDEN
    )
    gezondheid.beat_tik(begin)
    response = client.get("/health/status/")
    assert response.status_code == 200
    assert response.json()["mails"]["onverzonden"] == 1

    with time_machine.travel(begin + gezondheid.MAIL_TE_OUD + timedelta(minutes=1), tick=False):
        gezondheid.beat_tik()
        response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["mails"] == {
        "status": "achterstand",
        "onverzonden": 1,
        "oudste_onverzonden_seconden": 31 * 60,
        "mislukt_24_uur": 0,
        "mislukt_totaal": 0,
    }

    # Its retries used up: it is failed. Monitoring is told for a day, /beheer/ keeps it.
    Mail.objects.filter(sleutel="a").update(status=Mail.Status.MISLUKT, laatste_poging=begin)
    gezondheid.beat_tik()
    response = client.get("/health/status/")
    assert response.status_code == 503
    assert response.json()["mails"]["status"] == "mislukt"
    assert response.json()["mails"]["mislukt_24_uur"] == 1
    with time_machine.travel(begin + timedelta(hours=25), tick=False):
        gezondheid.beat_tik()
        response = client.get("/health/status/")
    assert response.status_code == 200
    assert response.json()["mails"]["mislukt_totaal"] == 1
    assert response.json()["mails"]["mislukt_24_uur"] == 0


# --- beat's tick --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # beat runs outside a transaction, as here
def test_beat_writes_its_tick_at_most_every_half_minute(tmp_path):
    planner = gezondheid.BeatMetHartslag(app=app, schedule_filename=str(tmp_path / "schema"))
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        planner.tick()
    assert Hartslag.objects.get(naam="beat").op == begin
    with time_machine.travel(begin + timedelta(seconds=20), tick=False):
        planner.tick()
    assert Hartslag.objects.get(naam="beat").op == begin
    with time_machine.travel(begin + timedelta(seconds=31), tick=False):
        planner.tick()
    assert Hartslag.objects.get().op == begin + timedelta(seconds=31)
    planner.close()


def test_beat_uses_the_scheduler_that_writes_its_tick():
    assert app.conf.beat_scheduler == "toegang.gezondheid:BeatMetHartslag"


# --- a hanging Redis, and what the answers never hold -------------------------------------------


@pytest.mark.django_db
def test_health_checks_answer_within_a_second_when_redis_hangs(client, settings):
    """Redis accepts the connection and never answers (cache and broker alike)."""
    with StillePoort() as stil, broker_van_dit_proces(stil.url):
        cache_op(settings, stil.url)
        for pad, status in (("/health/live/", 200), ("/health/", 200), ("/health/status/", 503)):
            begin = time.monotonic()
            response = client.get(pad)
            duur = time.monotonic() - begin
            assert response.status_code == status, pad
            assert duur < 1.0, f"{pad} took {duur:.2f} s"
    body = response.json()
    assert (body["cache"], body["broker"], body["worker"]) == (
        "geen antwoord",
        "geen antwoord",
        "onbekend",
    )
    assert settings.REDIS_TIMEOUT <= 0.5


@pytest.mark.django_db
def test_health_answers_hold_no_secrets_or_personal_data(client, settings):
    geheim = "Zeer-Geheim-Wachtwoord-42"
    with broker_van_dit_proces(f"redis://:{geheim}@127.0.0.1:9/0"):
        cache_op(settings, f"redis://:{geheim}@127.0.0.1:9/0")
        Mail.objects.create(
            sleutel="bevestiging:7",
            aan="anna.de.vries@example.org",
            onderwerp="Wij hebben uw vraag ontvangen (TA-2026-00042)",
            tekst="Beste Anna de Vries",
            status=Mail.Status.MISLUKT,
        )
        UitgaandeTaak.objects.create(taak="intake.tasks.bevestiging_sturen", argumenten=[4242])
        antwoorden = [client.get(pad) for pad in ("/health/", "/health/status/")]
    for response in antwoorden:
        tekst = response.content.decode()
        for verboden in (
            geheim,
            settings.SECRET_KEY,
            "anna",
            "Anna",
            "TA-2026",
            "4242",
            "bevestiging",
            "127.0.0.1",
            settings.DATABASES["default"]["NAME"],
        ):
            assert verboden not in tekst, verboden
