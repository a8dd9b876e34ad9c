"""The health of the portal, for the load balancer and for monitoring (toegang.views).

Three questions, three answers:

- live: the process answers (no I/O at all);
- gereedheid (readiness, `/health/`): may this web process get residents' requests? Only the
  database decides: reachable, and every migration of this code applied. Cache, broker and
  worker are reported, never a reason to fail: without them a question is still stored and
  its follow-up waits in the outbox, while a load balancer that took every web process out
  of service would close the door for everyone;
- status (`/health/status/`): is anything broken that someone should look at? Worker, beat
  (its last tick), the outbox backlog, the oldest unsent e-mail and recently failed ones.

Each check answers within about a second, even when Redis accepts connections but never
answers: every Redis call has a timeout (REDIS_TIMEOUT), and the cache is asked in a thread
of its own while the database and the broker are asked here. The answers hold statuses,
counts, ages and times only: never an error text (it can hold a password of a URL), an
address, a name or a task's arguments.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Wachttijd
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery.beat import PersistentScheduler
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, close_old_connections, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Min, Q
from django.utils import timezone

from toegang import uitval
from toegang.berichten.models import Mail, UitgaandeTaak
from toegang.cache import RedisCacheMetUitval
from toegang.celery import app
from toegang.models import Hartslag

log = logging.getLogger(__name__)

OK = "ok"
NIET_BEREIKBAAR = "niet bereikbaar"
GEEN_ANTWOORD = "geen antwoord"  # connected, but no answer within REDIS_TIMEOUT
ONBEKEND = "onbekend"

# How long a health check waits for a worker to answer its ping: a live worker answers in
# milliseconds (its main process does, also while its pool is busy).
WORKER_PING_SECONDEN = 0.3
# How often the ping's connection looks for the answer (kombu's default is every second).
PING_POLL_SECONDEN = 0.1
# Beat ticks at least every minute (the outbox dispatcher) and writes its tick at most every
# BEAT_TIK_ELKE; a tick older than BEAT_STIL_NA means no beat runs.
BEAT_TIK_ELKE = timedelta(seconds=30)
BEAT_STIL_NA = timedelta(minutes=3)
# The dispatcher publishes what waits every minute: a row waiting longer missed five rounds.
UITGAANDE_TAAK_TE_OUD = timedelta(minutes=5)
# A mail is retried for about twenty minutes before it is marked failed (toegang.berichten).
MAIL_TE_OUD = timedelta(minutes=30)
# Failed e-mails stay in /beheer/ for good; monitoring is told about recent ones.
MISLUKT_VENSTER = timedelta(hours=24)

HARTSLAG_BEAT = "beat"


@dataclass
class Uitslag:
    """What a health page answers: its JSON and whether it is healthy (200) or not (503)."""

    antwoord: dict = field(default_factory=dict)
    gezond: bool = True


# --- database -------------------------------------------------------------------------------


@functools.cache
def _laatste_migraties() -> frozenset[tuple[str, str]]:
    """The last migration of every app in this code, read from disk once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def ontbrekende_migraties() -> set[tuple[str, str]]:
    """The last migrations of this code that the database has not applied (one query);
    raises DatabaseError when it cannot be reached."""
    return set(_laatste_migraties() - set(MigrationRecorder(connection).applied_migrations()))


def _database() -> dict[str, str]:
    """Reachable, and every migration this code has is applied."""
    try:
        ontbreekt = ontbrekende_migraties()
    except DatabaseError as fout:
        log.warning("health: database niet bereikbaar: %s", str(fout).strip().splitlines()[-1:])
        return {"database": NIET_BEREIKBAAR, "migraties": ONBEKEND}
    return {"database": OK, "migraties": OK if not ontbreekt else "niet bijgewerkt"}


# --- Redis: cache, broker, worker -------------------------------------------------------


def _redis_fout(wat: str, fout: Exception, url: str) -> str:
    if uitval.is_time_out(fout):
        uitval.geen_antwoord(url)
        log.warning("health: %s antwoordt niet binnen %s s", wat, settings.REDIS_TIMEOUT)
        return GEEN_ANTWOORD
    log.warning("health: %s niet bereikbaar: %s", wat, type(fout).__name__)
    return NIET_BEREIKBAAR


def _cache_vragen(backend) -> str:
    """One PING to the cache's Redis (its own timeouts); a cache in memory is always ok."""
    if not isinstance(backend, RedisCacheMetUitval):
        return OK
    try:
        backend.ping()
    except Exception as fout:
        return _redis_fout("cache", fout, backend.adres)
    return OK


def _broker_en_worker() -> dict[str, str]:
    """One ping to the workers through the broker: a broker that cannot be reached fails
    the connection, a live worker answers within WORKER_PING_SECONDEN. Asked from the
    calling thread: Celery names the reply queue after it."""
    broker = app.conf.broker_url
    try:
        with app.connection_for_write(
            transport_options={"max_retries": 0, "polling_interval": PING_POLL_SECONDEN}
        ) as verbinding:
            antwoorden = app.control.ping(
                timeout=WORKER_PING_SECONDEN, limit=1, connection=verbinding
            )
    except Exception as fout:
        return {"broker": _redis_fout("broker", fout, broker), "worker": ONBEKEND}
    return {"broker": OK, "worker": OK if antwoorden else "geen worker actief"}


def _rondvraag(met_database) -> dict:
    """The cache in a thread of its own, meanwhile `met_database()` and the broker here."""
    backend = caches["default"]  # this thread's: Django keeps one per thread
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        cache_antwoord = pool.submit(_cache_vragen, backend)
        antwoord = met_database()
        antwoord |= _broker_en_worker()
        try:
            antwoord["cache"] = cache_antwoord.result(timeout=settings.REDIS_TIMEOUT * 2)
        except Wachttijd:
            antwoord["cache"] = GEEN_ANTWOORD
    finally:
        pool.shutdown(wait=False)  # a probe still waiting ends at its own timeout
    return antwoord


# --- readiness ------------------------------------------------------------------------------


def gereedheid() -> Uitslag:
    """For the load balancer: only the database decides."""
    antwoord = _rondvraag(_database)
    gezond = antwoord["database"] == OK and antwoord["migraties"] == OK
    return Uitslag(_geordend(antwoord), gezond)


# --- monitoring -----------------------------------------------------------------------------


def _leeftijd(sinds: datetime | None, nu: datetime) -> int | None:
    return None if sinds is None else max(0, int((nu - sinds).total_seconds()))


def _beat(nu: datetime) -> dict:
    tik = Hartslag.objects.filter(naam=HARTSLAG_BEAT).values_list("op", flat=True).first()
    status = OK
    if tik is None or nu - tik > BEAT_STIL_NA:
        status = "nooit gezien" if tik is None else "stil"
    return {"status": status, "laatste_tik": tik, "seconden_geleden": _leeftijd(tik, nu)}


def _uitgaande_taken(nu: datetime) -> dict:
    wachtend = UitgaandeTaak.objects.filter(gepubliceerd_op__isnull=True).aggregate(
        aantal=Count("id"), oudste=Min("aangemaakt")
    )
    oudste = wachtend["oudste"]
    return {
        "status": OK if oudste is None or nu - oudste <= UITGAANDE_TAAK_TE_OUD else "achterstand",
        "wachtend": wachtend["aantal"],
        "oudste_seconden": _leeftijd(oudste, nu),
    }


def _mails(nu: datetime) -> dict:
    onverzonden = Mail.objects.filter(status__in=[Mail.Status.WACHT, Mail.Status.BEZIG]).aggregate(
        aantal=Count("id"), oudste=Min("aangemaakt")
    )
    mislukt = Mail.objects.filter(status=Mail.Status.MISLUKT).aggregate(
        aantal=Count("id"),
        recent=Count("id", filter=_recent_geprobeerd(nu - MISLUKT_VENSTER)),
    )
    oudste = onverzonden["oudste"]
    te_oud = oudste is not None and nu - oudste > MAIL_TE_OUD
    if te_oud:
        status = "achterstand"
    elif mislukt["recent"]:
        status = "mislukt"
    else:
        status = OK
    return {
        "status": status,
        "onverzonden": onverzonden["aantal"],
        "oudste_onverzonden_seconden": _leeftijd(oudste, nu),
        "mislukt_24_uur": mislukt["recent"],
        "mislukt_totaal": mislukt["aantal"],
    }


def _recent_geprobeerd(sinds: datetime) -> Q:
    return Q(laatste_poging__gte=sinds) | Q(laatste_poging__isnull=True, aangemaakt__gte=sinds)


def _database_en_werk() -> dict:
    antwoord = _database()
    nu = timezone.now()
    if antwoord["database"] != OK:
        return antwoord | {
            naam: {"status": ONBEKEND} for naam in ("beat", "uitgaande_taken", "mails")
        }
    try:
        return antwoord | {
            "beat": _beat(nu),
            "uitgaande_taken": _uitgaande_taken(nu),
            "mails": _mails(nu),
        }
    except DatabaseError:
        log.warning("health: status niet te lezen", exc_info=True)
        return {"database": NIET_BEREIKBAAR, "migraties": ONBEKEND} | {
            naam: {"status": ONBEKEND} for naam in ("beat", "uitgaande_taken", "mails")
        }


def status() -> Uitslag:
    """For monitoring: every part, and 503 as soon as one is not well."""
    antwoord = _rondvraag(_database_en_werk)
    gezond = all(
        (waarde.get("status") if isinstance(waarde, dict) else waarde) == OK
        for waarde in antwoord.values()
    )
    return Uitslag(_geordend(antwoord), gezond)


VOLGORDE = (
    "database",
    "migraties",
    "cache",
    "broker",
    "worker",
    "beat",
    "uitgaande_taken",
    "mails",
)


def _geordend(antwoord: dict) -> dict:
    return {naam: antwoord[naam] for naam in VOLGORDE if naam in antwoord}


# --- beat's tick ------------------------------------------------------------------------------


def beat_tik(nu: datetime | None = None) -> None:
    """Record that beat is alive (one row, written over)."""
    Hartslag.objects.update_or_create(naam=HARTSLAG_BEAT, defaults={"op": nu or timezone.now()})


class BeatMetHartslag(PersistentScheduler):
    """Celery's beat scheduler (the schedule file of `-s`) that also writes its tick to the
    database, at most every BEAT_TIK_ELKE, for /health/status/. Written by beat itself, not
    by a task, so a beat without workers still shows as alive, and a worker without beat
    not."""

    _laatste_tik: datetime | None = None

    def tick(self, *args, **kwargs):
        wacht = super().tick(*args, **kwargs)
        nu = timezone.now()
        if self._laatste_tik is None or nu - self._laatste_tik >= BEAT_TIK_ELKE:
            try:
                close_old_connections()
                beat_tik(nu)
                self._laatste_tik = nu
            except DatabaseError:
                # Beat goes on without the database; monitoring will show it silent.
                log.warning("beat: tik niet vastgelegd", exc_info=True)
        return wacht
