"""Nothing hangs: Redis (cache and broker), the mail server and every outgoing HTTP call
have connect and read timeouts, and a Redis that accepts connections but never answers
holds up a resident no longer than one such timeout (toegang.uitval).

The silent Redis is a real listening socket that accepts and never writes
(tests/werker.py StillePoort); the rest is the real form, the real outbox and Django's SMTP
backend."""

import ast
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from intake.models import Hulpvraag
from tests.toegang.inwoner import online_vraag_stellen
from tests.werker import StillePoort, broker_van_dit_proces
from toegang import uitval
from toegang.berichten import services
from toegang.berichten.models import Mail, UitgaandeTaak

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stille_redis(settings):
    """Cache and broker on a Redis that never answers, as by default both are one Redis."""
    with StillePoort() as stil, broker_van_dit_proces(stil.url):
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": stil.url}}
        yield stil


@pytest.mark.django_db(transaction=True)  # the outbox publishes after a real commit
def test_a_residents_question_is_stored_and_confirmed_within_two_seconds_when_redis_hangs(
    client, stille_redis
):
    begin = time.monotonic()
    antwoord, inzending = online_vraag_stellen(
        client, "Ik krijg mijn boodschappen niet meer zelf gedaan sinds mijn operatie."
    )
    bevestiging = client.get(antwoord["Location"])
    duur = time.monotonic() - begin

    assert antwoord.status_code == 303, antwoord.content.decode()[:500]
    assert bevestiging.status_code == 200
    vraag = Hulpvraag.objects.get(inzending=inzending)
    assert vraag.referentie in bevestiging.content.decode()
    assert duur < 2.0, f"stored and confirmed in {duur:.2f} s"
    # The confirmation e-mail waits in the outbox for the dispatcher, as when Redis is down.
    assert UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).count() == 1


@pytest.mark.django_db
def test_the_cache_waits_for_a_silent_redis_once_and_then_lets_requests_through(
    stille_redis, settings
):
    begin = time.monotonic()
    assert cache.get("iets") is None
    eerste = time.monotonic() - begin
    assert settings.REDIS_TIMEOUT <= eerste < settings.REDIS_TIMEOUT + 0.5

    begin = time.monotonic()
    assert cache.add("limiet", 0) is False
    with pytest.raises(Exception, match="antwoordde kort geleden niet"):
        cache.incr("limiet")
    assert cache.get("iets", "standaard") == "standaard"
    assert time.monotonic() - begin < 0.1  # not asked again


@pytest.mark.django_db(transaction=True)
def test_publishing_to_a_silent_broker_waits_once_and_leaves_the_rows_for_the_dispatcher(
    stille_redis, settings
):
    eerste = UitgaandeTaak.objects.create(taak="toegang.tasks.sessies_opruimen")
    tweede = UitgaandeTaak.objects.create(taak="toegang.tasks.sessies_opruimen")

    begin = time.monotonic()
    assert services.uitgaande_taken_publiceren(ids=[eerste.pk]) == 0
    assert time.monotonic() - begin < settings.REDIS_TIMEOUT + 0.5
    begin = time.monotonic()
    assert services.uitgaande_taken_publiceren(ids=[tweede.pk]) == 0
    assert time.monotonic() - begin < 0.1  # a request's own publication skips it now
    assert UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).count() == 2


@pytest.mark.django_db
def test_a_refused_connection_does_not_make_redis_silent():
    """Redis down answers at once: the next publication simply tries again."""
    url = "redis://127.0.0.1:9/0"
    rij = UitgaandeTaak.objects.create(taak="toegang.tasks.sessies_opruimen")
    with broker_van_dit_proces(url):
        assert services.uitgaande_taken_publiceren(ids=[rij.pk]) == 0
    assert not uitval.stil(url)


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_fails_the_send_after_its_timeout(settings):
    with StillePoort() as stil:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", stil.poort
        settings.EMAIL_TIMEOUT = 1
        mail = Mail.objects.create(sleutel="m", aan="anna@example.org", onderwerp="O", tekst="T")
        begin = time.monotonic()
        with pytest.raises(OSError):
            services.mails_versturen(ids=[mail.pk])
        assert time.monotonic() - begin < 3
    mail.refresh_from_db()
    assert mail.status == Mail.Status.WACHT  # given back, for the task's retry


def test_every_timeout_is_set_in_the_settings(settings):
    assert 0 < settings.REDIS_TIMEOUT <= 0.5
    opties = settings.CACHES["default"]["OPTIONS"]
    assert opties == {
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
        "socket_timeout": settings.REDIS_TIMEOUT,
    }
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert transport["socket_timeout"] == transport["socket_connect_timeout"]
    assert transport["socket_timeout"] == settings.REDIS_TIMEOUT
    assert 0 < settings.EMAIL_TIMEOUT <= 30
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"]


# --- outgoing HTTP --------------------------------------------------------------------------

APPS = ("intake", "locaties", "sociale_kaart", "rapportage", "toegang")
# Calls that open a connection to another server, by the name they are called by.
VERBINDEN = {
    "urlopen",
    "HTTPConnection",
    "HTTPSConnection",
    "SMTP",
    "SMTP_SSL",
    "create_connection",
}
HTTP_BIBLIOTHEKEN = {"requests", "httpx"}
HTTP_VERBEN = {"get", "post", "put", "patch", "delete", "head", "request", "stream"}


def _broncode():
    for app in APPS:
        for pad in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in pad.parts:
                yield pad


def _zonder_timeout(bestanden) -> list[str]:
    fouten = []
    for pad in bestanden:
        for knoop in ast.walk(ast.parse(pad.read_text(), str(pad))):
            if not isinstance(knoop, ast.Call):
                continue
            functie = knoop.func
            naam = (
                functie.attr if isinstance(functie, ast.Attribute) else getattr(functie, "id", "")
            )
            bibliotheek = (
                functie.value.id
                if isinstance(functie, ast.Attribute) and isinstance(functie.value, ast.Name)
                else ""
            )
            verbindt = naam in VERBINDEN or (
                bibliotheek in HTTP_BIBLIOTHEKEN and naam in HTTP_VERBEN
            )
            if verbindt and not any(k.arg == "timeout" for k in knoop.keywords):
                fouten.append(f"{pad.name}:{knoop.lineno} {naam}()")
    return fouten


def test_every_outgoing_connection_in_the_code_has_a_timeout():
    """urllib, http.client, requests, httpx and smtplib wait forever (or minutes) without
    one. Django's SMTP backend has EMAIL_TIMEOUT, Redis REDIS_TIMEOUT."""
    assert _zonder_timeout(_broncode()) == []


def test_the_timeout_check_finds_a_call_without_one(tmp_path):
    voorbeeld = tmp_path / "voorbeeld.py"
    voorbeeld.write_text(
        "import urllib.request\nimport requests\n\n"
        "def halen(url):\n"
        "    urllib.request.urlopen(url)\n"
        "    requests.get(url)\n"
        "    urllib.request.urlopen(url, timeout=5)\n"
        "    {}.get(url)\n"
    )
    assert _zonder_timeout([voorbeeld]) == ["voorbeeld.py:5 urlopen()", "voorbeeld.py:6 get()"]
