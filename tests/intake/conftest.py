"""Intake tests run Celery tasks in-process: `.delay()` behind `transaction.on_commit` then
runs when a test executes the on-commit callbacks (django_capture_on_commit_callbacks)."""

import pytest

from toegang.celery import app


@pytest.fixture(autouse=True)
def celery_in_proces():
    vorige = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = vorige
