"""The world of tests/toegang/wereld.py, built once per test module that asks for it."""

import pytest
from django.db import transaction
from django.test import Client

from tests.accounts.tweestaps import ORIGINELE_LOGIN, tweestaps_afronden
from tests.toegang.wereld import bouw_wereld
from toegang import uitval


@pytest.fixture(scope="module")
def wereld(django_db_setup, django_db_blocker):
    """Built once per module; each test runs in a savepoint inside it (pytest-django's db)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield bouw_wereld()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessies(wereld):
    """Each persona's session key, logged in with the second step (as `force_login` in
    tests/conftest.py), once for the whole table."""
    gebruikers = {
        "medewerker": wereld.medewerker,
        "coordinator": wereld.coordinator,
        "partner_a": wereld.a.gebruiker,
        "partner_b": wereld.b.gebruiker,
        "beleid": wereld.beleid,
        "beheerder": wereld.beheerder,
    }
    uitkomst = {}
    for persona, user in gebruikers.items():
        client = Client()
        ORIGINELE_LOGIN(client, user, "django.contrib.auth.backends.ModelBackend")
        tweestaps_afronden(client, user)
        uitkomst[persona] = client.session.session_key
    return uitkomst


@pytest.fixture(autouse=True)
def geen_stilte():
    """No Redis is remembered as silent from one test to the next (toegang.uitval)."""
    uitval.vergeten()
    yield
    uitval.vergeten()
