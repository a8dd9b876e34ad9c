"""A real Celery worker (Redis in CI, the filesystem broker locally) runs our task to the end."""

import os
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.werker import Werker, wacht_tot
from toegang.celery import app
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


def test_health_is_200_while_a_worker_runs(worker, client):
    _, name = worker
    assert wacht_tot(lambda: bool(app.control.ping(timeout=1.0)))
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "ok"}


def test_broker_matches_environment():
    if os.environ.get("REDIS_URL"):
        assert os.environ["REDIS_URL"] == settings.CELERY_BROKER_URL
    else:
        assert settings.CELERY_BROKER_URL.startswith("filesystem://")
