"""Personas shared by every test: one logged-in client per role, and the anonymous resident."""

import os
from collections import Counter

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from sociale_kaart.levensdomeinen import seed
from sociale_kaart.models import Levensdomein
from tests.accounts.factories import UserFactory
from tests.accounts.tweestaps import inloggen_met_tweestaps
from tests.oidc.harness import oidc_provider  # noqa: F401 - the fixture, for every test
from tests.sociale_kaart.factories import OrganisatieFactory
from toegang.accounts.roles import Rol
from toegang.celery import app

# Playwright's sync API runs an event loop in this thread; Django's ORM may still be used.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Marks the tests that empty the database after them (transactional: the live server of
    browser tests, a second connection): `make test` runs them after the others, as
    pytest-django orders them in one process. Under pytest-xdist each process runs whole
    files, and one such test in a file would empty the data the migrations seeded (life
    domains, the terms, the calendar) for the files that process runs next."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactioneel = bool(
            marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
        ) or not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)
        if transactioneel:
            item.add_marker(pytest.mark.transactioneel)
    # pytest-xdist schedules by node id: of tests that share one, `--dist loadfile` (make
    # test) runs only one of them (schemathesis' parametrize gave three API
    # operations one id; two went untested).
    dubbel = sorted(
        nodeid for nodeid, aantal in Counter(i.nodeid for i in items).items() if aantal > 1
    )
    if dubbel:
        raise pytest.UsageError(f"tests that share a node id: {', '.join(dubbel)}")


@pytest.fixture(autouse=True)
def lege_cache():
    """Every test starts with an empty cache: the rate limit and search results live there.
    (The live server of browser tests runs in this process and shares it.)"""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def een_venster():
    """The clock stands still: every request of the test falls in one window of a rate limit
    (toegang.limiet counts per window of the clock, one minute for searches). Without it, two
    requests either side of a minute's turn are counted in two windows."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture(autouse=True)
def force_login_met_tweestaps(monkeypatch):
    """`client.force_login(user)` and `client.login(...)` log in with the second step done,
    as if the code from the app was typed (see tests/accounts/tweestaps.py)."""
    inloggen_met_tweestaps(monkeypatch)


@pytest.fixture
def celery_in_proces():
    """Celery tasks run in this process as they are queued (after the commit that queues
    them), their errors raised in the test."""
    vorige = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = vorige


@pytest.fixture
def resident(client):
    """An anonymous resident: no account, no login."""
    return client


@pytest.fixture
def levensdomeinen(db):
    """The seeded life domains. Migration 0002 adds them, but a transactional test that ran
    earlier flushed the tables, so tests that need them ask for them (seed is idempotent)."""
    seed(Levensdomein)
    return list(Levensdomein.objects.all())


@pytest.fixture
def partner_organisatie_a(db):
    return OrganisatieFactory(naam="Figulus Welzijn", slug="figulus")


@pytest.fixture
def partner_organisatie_b(db):
    return OrganisatieFactory(naam="Laborijn", slug="laborijn")


@pytest.fixture
def medewerker(db):
    return UserFactory(username="medewerker", rol=Rol.MEDEWERKER)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", rol=Rol.COORDINATOR)


@pytest.fixture
def partner_a(partner_organisatie_a):
    return UserFactory(username="partner-a", rol=Rol.PARTNER, organisatie=partner_organisatie_a)


@pytest.fixture
def partner_b(partner_organisatie_b):
    return UserFactory(username="partner-b", rol=Rol.PARTNER, organisatie=partner_organisatie_b)


@pytest.fixture
def beleid(db):
    return UserFactory(username="beleid", rol=Rol.BELEID)


@pytest.fixture
def beheerder(db):
    return UserFactory(username="beheerder", rol=Rol.BEHEERDER)
