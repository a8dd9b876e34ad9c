"""Shared by the benchmarks: a throwaway migrated database, a production-like gunicorn, a
Celery worker and a throwaway Redis, a free port, waiting for a server, p95."""

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
# Production settings require a mail server; benchmarks send nothing anywhere.
os.environ.setdefault("EMAIL_URL", "dummymail://")


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


@contextlib.contextmanager
def scratch_database(prefix: str):
    """Yield the URL of a fresh, migrated database; drop it afterwards."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        sys.exit("DATABASE_URL is not set")
    name = f"bench_{prefix}_{os.getpid()}"
    with psycopg.connect(_admin_url(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
    try:
        env = dict(os.environ, DATABASE_URL=url, DEBUG="1")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        yield url
    finally:
        with psycopg.connect(_admin_url(base), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wacht_op(url: str, seconden: float = 30) -> None:
    """Wait until `url` answers, or raise after `seconden`."""
    deadline = time.monotonic() + seconden
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def django_opzetten(url: str) -> None:
    """Set Django up on the scratch database as production runs it: without a query log
    (DEBUG is only on so the scratch database could be migrated)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


# --- servers -----------------------------------------------------------------------------

# Sessions and signed values made by a benchmark must be valid in its server: one key.
SLEUTEL = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def p95(tijden: list[float]) -> float:
    """The 95th percentile of durations in seconds, in milliseconds."""
    return statistics.quantiles(tijden, n=20)[-1] * 1000 if len(tijden) > 1 else float("nan")


def server_env(db_url: str, **extra: str) -> dict:
    """The environment of a production-like server on `db_url`: DEBUG off, the real site
    plus the benchmarks' reference views (bench_settings), plain HTTP on 127.0.0.1."""
    return dict(
        os.environ, DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="bench_settings", DEBUG="0",
        SECRET_KEY=SLEUTEL, ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING", PYTHONPATH=os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
    ) | extra  # fmt: skip


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 0, timeout: int = 30):
    """Collect the static files, start gunicorn (gthread with `threads`, else sync) on a
    free port, wait for the floor page, yield the origin; stop it afterwards."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    poort = free_port()
    soort = ["--worker-class", "gthread", "--threads", str(threads)] if threads else []
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "toegang.wsgi:application",
         "--bind", f"127.0.0.1:{poort}", "--workers", str(workers), *soort,
         "--backlog", "2048", "--timeout", str(timeout), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    origin = f"http://127.0.0.1:{poort}"
    try:
        wacht_op(origin + "/bench/floor/")
        yield origin
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def celery_worker(env: dict):
    """Start one Celery worker (solo pool) with a server's environment (its database, and
    its REDIS_URL as broker), wait until it answers a ping and has done what was queued;
    yield a function that waits for that again (after making more data); stop it after."""
    import redis
    from celery import Celery

    naam = f"bench-{os.getpid()}@{socket.gethostname()}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "toegang.celery", "worker", "-P", "solo",
         "-n", naam, "--without-gossip", "--without-mingle", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=sys.stderr,  # its banner is not a result line
    )  # fmt: skip
    wachtrij = redis.Redis.from_url(env["REDIS_URL"])
    try:
        with Celery(broker=env["REDIS_URL"]) as controle:
            inspectie = controle.control.inspect([naam], timeout=2)

            def bezig() -> bool:
                # A solo worker busy with a task does not answer: that counts as busy too.
                if wachtrij.llen("celery"):
                    return True
                antwoorden = [inspectie.active(), inspectie.reserved()]
                return any(a is None or any(a.values()) for a in antwoorden)

            def klaar(seconden: float = 600) -> None:
                """Wait until the worker has done what making the data queued (messages,
                mails), so it is idle when measuring starts, as between requests."""
                deadline = time.monotonic() + seconden
                while bezig():
                    if worker.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the Celery worker did not get through its queue")
                    time.sleep(0.5)

            deadline = time.monotonic() + 60
            while not controle.control.ping(destination=[naam], timeout=1):
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Celery worker did not start")
            klaar()
            yield klaar
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@contextlib.contextmanager
def redis_server():
    """A throwaway redis-server without persistence; yields its URL."""
    if shutil.which("redis-server") is None:
        sys.exit("this benchmark needs redis-server (production runs on Redis)")
    poort = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(poort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{poort}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
