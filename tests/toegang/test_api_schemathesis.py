"""Schemathesis against our OpenAPI schema (issue 7, item 8): every operation of
/api/v1/schema/ gets generated requests, valid and invalid; no 5xx on any of them, and
every response conforms to the schema (status, content type, body).

The requests go in-process to Django's WSGI application, inside the test's transaction,
against the small world of tests/toegang/wereld.py (so the location slugs and the search
find something). Deterministic and modest in size so CI stays stable and fast.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.django_db


class InDeTest:
    """Django's WSGI application as the test client runs it: a request does not close the
    database connection (and with it the test's transaction) when it starts or ends."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


# Read from /api/v1/schema/ as any client would (that view needs no database). Not a lazy
# fixture schema: schemathesis' lazy loader does not run on pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", InDeTest())


@schema.hook
def map_path_parameters(context, path_parameters):
    """Half of the generated location slugs become the world's real one, so the opening
    times and their date checks are reached too, not only the 404."""
    if path_parameters and "slug" in path_parameters and len(str(path_parameters["slug"])) % 2 == 0:
        return {**path_parameters, "slug": "hofstraat"}
    return path_parameters


@schema.hook
def map_query(context, query):
    """Likewise half of the generated periods become a real fortnight."""
    if query and "van" in query and len(str(query["van"])) % 2 == 0:
        return {**query, "van": "2027-03-22", "tot": "2027-04-04"}
    return query


# One test per operation, each with its own id. schemathesis' own `schema.parametrize()`
# gives its items one node id between them, and `make test`'s `--dist loadfile` then ran
# only one of the operations (`1 passed` against `3 passed` without xdist).
OPERATIES = [resultaat.ok() for resultaat in schema.get_all_operations()]


@pytest.mark.parametrize("operatie", OPERATIES, ids=lambda operatie: operatie.label)
def test_the_public_api_never_answers_5xx_and_conforms_to_its_schema(operatie, wereld):
    @given(case=operatie.as_strategy())
    @settings(
        max_examples=25,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    def controleren(case):
        cache.clear()  # one address making many requests: the rate limit is tested elsewhere
        # Every check but one: a filter value is one of the levensdomeinen and doelgroepen
        # the beheerder keeps, which a static schema cannot list, so an unknown one is a
        # documented 400 that schemathesis would count as "valid data rejected".
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    controleren()


def test_every_operation_of_the_schema_is_tested():
    """The list above is read from the schema: a new endpoint is in it without an edit."""
    assert {operatie.label for operatie in OPERATIES} >= {
        "GET /api/v1/aanbod/",
        "GET /api/v1/locaties/",
        "GET /api/v1/locaties/{slug}/openingsmomenten/",
    }
