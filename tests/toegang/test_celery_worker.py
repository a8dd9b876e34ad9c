"""A real Celery worker (Redis in CI, the filesystem broker locally) runs our task to the end."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.werker import PriveRedis, Werker, database_url, wacht_tot
from toegang import gezondheid
from toegang.celery import app
from toegang.models import Hartslag
from toegang.tasks import sessies_opruimen

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """Start a worker on a queue of its own, so no other worker can take our task."""
    werker = Werker(queue=f"test-{uuid.uuid4().hex[:8]}").start()
    yield werker.queue, f"{werker.naam}@"
    werker.stoppen()


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

    assert wacht_tot(lambda: not Session.objects.filter(session_key=expired.session_key).exists())
    assert Session.objects.filter(session_key=current.session_key).exists()


def test_health_finds_the_running_worker(worker, client):
    assert wacht_tot(lambda: bool(app.control.ping(timeout=1.0)))
    gezondheid.beat_tik()  # as beat does every half minute
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "migraties": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
    }
    response = client.get("/health/status/")
    assert response.status_code == 200, response.json()
    assert response.json()["worker"] == "ok"


def test_broker_matches_environment():
    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    else:
        assert settings.CELERY_BROKER_URL.startswith("filesystem://")


def test_a_running_beat_writes_its_tick_for_monitoring(tmp_path):
    """`celery beat` as docker-compose.yml and `make run` start it, on a Redis of its own
    (its periodic tasks go there, for no worker)."""
    redis = PriveRedis()
    redis.start()
    env = dict(os.environ, DATABASE_URL=database_url(), REDIS_URL=redis.url)
    env["DJANGO_SETTINGS_MODULE"] = "toegang.settings.test"
    opdracht = [sys.executable, "-m", "celery", "-A", "toegang.celery", "beat", "-l", "WARNING"]
    beat = subprocess.Popen([*opdracht, "-s", str(tmp_path / "celerybeat-schedule")], env=env)
    try:
        assert wacht_tot(lambda: Hartslag.objects.filter(naam="beat").exists())
    finally:
        beat.terminate()
        beat.wait(timeout=20)
        redis.stoppen()
    assert timezone.now() - Hartslag.objects.get().op < timedelta(minutes=1)
