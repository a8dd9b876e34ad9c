"""Shared by the benchmarks: a throwaway migrated database, a free port, waiting for a server."""

import contextlib
import os
import socket
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
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
