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
import time
import uuid
from pathlib import Path

import pytest
import redis
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


def database_url() -> str:
    """The test database, as DATABASE_URL for a worker process."""
    config = connection.settings_dict
    host = config["HOST"] or ""
    location = (
        f"@/{config['NAME']}?host={host}"
        if host.startswith("/")
        else (f"@{host or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}")
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


class broker_van_dit_proces:  # noqa: N801 - used as a context manager, like a function
    """Publish from the test's own process (web requests, the dispatcher) to `url`."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        self.vorige = app.conf.broker_url
        app.conf.broker_url = self.url
        _pools_vergeten()

    def __exit__(self, *exc):
        app.conf.broker_url = self.vorige
        _pools_vergeten()
