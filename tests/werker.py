"""Real Celery workers and a real Redis for tests, as subprocesses.

`Werker` runs `celery worker` on the test database with the settings of the tests, and
whatever broker, queue or mail server the test gives it. `PriveRedis` is a redis-server of
the test's own on a free port, so a test can stop and start it without touching the Redis
that other test runs on this machine share.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from toegang.celery import app

ROOT = Path(__file__).resolve().parents[1]


def wacht_tot(voorwaarde, seconden: float = 60.0) -> bool:
    """Poll `voorwaarde` until it holds; False after `seconden`."""
    deadline = time.monotonic() + seconden
    while time.monotonic() < deadline:
        if voorwaarde():
            return True
        time.sleep(0.1)
    return False


def database_url(naam: str | None = None) -> str:
    """The test database (or database `naam` on its server), as DATABASE_URL for another
    process."""
    config = connection.settings_dict
    host = config["HOST"] or ""
    naam = naam or config["NAME"]
    location = (
        f"@/{naam}?host={host}"
        if host.startswith("/")
        else (f"@{host or '127.0.0.1'}:{config['PORT'] or 5432}/{naam}")
    )
    return f"postgres://{config['USER']}{location}"


class Werker:
    """One `celery worker -P solo` on the test database. With `queue` it only takes that
    queue (no other worker on a shared broker takes our tasks); `env` adds variables, such
    as REDIS_URL for another broker or EMAIL_URL for a mail server."""

    def __init__(self, *, queue: str | None = None, env: dict[str, str] | None = None):
        self.queue = queue
        self.naam = f"test-{uuid.uuid4().hex[:8]}"
        self.env = dict(
            os.environ,
            DATABASE_URL=database_url(),
            DJANGO_SETTINGS_MODULE="toegang.settings.test",
            **(env or {}),
        )
        self.proces: subprocess.Popen | None = None

    def start(self) -> Werker:
        opdracht = [sys.executable, "-m", "celery", "-A", "toegang.celery", "worker"]
        opdracht += ["-P", "solo", "-n", f"{self.naam}@%h", "--without-gossip"]
        opdracht += ["--without-mingle", "--without-heartbeat", "-l", "WARNING"]
        if self.queue:
            opdracht += ["-Q", self.queue]
        self.proces = subprocess.Popen(opdracht, cwd=ROOT, env=self.env)
        return self

    def doden(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, nothing given back."""
        self.proces.send_signal(signal.SIGKILL)
        self.proces.wait(timeout=20)

    def stoppen(self) -> None:
        if self.proces is None or self.proces.poll() is not None:
            return
        self.proces.terminate()
        try:
            self.proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait(timeout=20)


def _vrije_poort() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PriveRedis:
    """A redis-server on a free port that keeps nothing on disk, like the one in CI."""

    def __init__(self):
        if shutil.which("redis-server") is None:
            pytest.fail("These tests need redis-server (Debian: apt-get install redis-server).")
        self.poort = _vrije_poort()
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.proces: subprocess.Popen | None = None

    def start(self) -> None:
        self.proces = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.poort), "--save", ""]
            + ["--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        assert wacht_tot(lambda: self._antwoordt(client), 20), "redis-server did not start"

    def stoppen(self) -> None:
        self.proces.terminate()
        self.proces.wait(timeout=20)

    @staticmethod
    def _antwoordt(client) -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False


def _pools_vergeten() -> None:
    """Celery keeps a pool of broker connections per app; after a change of broker the next
    publish must open a connection to the new one."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools per broker for the whole process, and the control mailbox
    # (ping, inspect) the one it first used: both still hold the connections closed above.
    kombu.pools.reset()
    app.control.mailbox.__dict__.pop("producer_pool", None)


class broker_van_dit_proces:  # noqa: N801 - used as a context manager, like a function
    """Publish from the test's own process (web requests, the dispatcher) to `url`."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        self.vorige = app.conf.broker_url, app.conf.broker_transport_options
        app.conf.broker_url = self.url
        if self.url.startswith(("redis://", "rediss://")):
            # Without REDIS_URL (`make test` on its own) the options are the filesystem
            # broker's, and a Redis without timeouts hangs a test of one that never answers.
            app.conf.broker_transport_options = settings.REDIS_BROKER_OPTIES
        _pools_vergeten()

    def __exit__(self, *exc):
        app.conf.broker_url, app.conf.broker_transport_options = self.vorige
        _pools_vergeten()


class StillePoort:
    """A port that accepts connections and never answers: a hung Redis (`url`) or a
    half-open connection after a failover; a mail server that never greets (`poort`). A
    thread accepts and keeps every connection, writing nothing, until the block ends."""

    def __init__(self):
        self.luisteraar = socket.socket()
        self.luisteraar.bind(("127.0.0.1", 0))
        self.luisteraar.listen(64)
        self.poort = self.luisteraar.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.poort}/0"
        self.verbindingen: list[socket.socket] = []
        self._stop = threading.Event()

    def _aannemen(self) -> None:
        self.luisteraar.settimeout(0.1)
        while not self._stop.is_set():
            try:
                verbinding, _ = self.luisteraar.accept()
            except TimeoutError:
                continue
            self.verbindingen.append(verbinding)

    def __enter__(self) -> StillePoort:
        self.draad = threading.Thread(target=self._aannemen, daemon=True)
        self.draad.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.draad.join(timeout=5)
        for verbinding in self.verbindingen:
            verbinding.close()
        self.luisteraar.close()
