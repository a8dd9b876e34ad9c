"""Report tests: the working-day calendar in place, Celery tasks run in-process."""

from datetime import date

import pytest

from rapportage.services import werkdagen_zeker
from toegang.celery import app


@pytest.fixture
def kalender(db):
    """The numbered working-day calendar (a migration fills it, but a transactional test
    that ran earlier may have emptied the table)."""
    werkdagen_zeker(date(2027, 12, 31))


@pytest.fixture(autouse=True)
def celery_in_proces():
    vorige = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = vorige
