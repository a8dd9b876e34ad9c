"""A real Celery worker (Redis in CI, the filesystem broker locally) runs our task to the end."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from toegang.celery import app
from toegang.tasks import sessies_opruimen

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def worker_database_url():
    config = connection.settings_dict
    host = config["HOST"] or ""
    location = (
        f"@/{config['NAME']}?host={host}"
        if host.startswith("/")
        else (f"@{host or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}")
    )
    return f"postgres://{config['USER']}{location}"


@pytest.fixture
def worker():
    """Start a worker on a queue of its own, so no other worker can take our task."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(
        os.environ,
        DATABASE_URL=worker_database_url(),
        DJANGO_SETTINGS_MODULE="toegang.settings.test",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "toegang.celery",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    yield queue, f"{queue}@"
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_worker_runs_task_to_completion(worker, client):
    queue, _ = worker
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    current = SessionStore()
    current.create()

    sessies_opruimen.apply_async(queue=queue)

    assert wait_for(lambda: not Session.objects.filter(session_key=expired.session_key).exists())
    assert Session.objects.filter(session_key=current.session_key).exists()


def test_health_is_200_while_a_worker_runs(worker, client):
    _, name = worker
    assert wait_for(lambda: bool(app.control.ping(timeout=1.0)))
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_broker_matches_environment():
    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    else:
        assert settings.CELERY_BROKER_URL.startswith("filesystem://")
