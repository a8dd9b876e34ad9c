"""Project-wide views: the health check used by load balancers and `make run`."""

import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from toegang.celery import app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2.0
WORKER_TIMEOUT = 1.5


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        logger.warning("health: database unreachable: %s", exc)
        return "niet bereikbaar"


def _broker() -> str:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
        return "ok"
    except Exception as exc:
        logger.warning("health: broker unreachable: %s", exc)
        return "niet bereikbaar"


def _worker() -> str:
    try:
        replies = app.control.ping(timeout=WORKER_TIMEOUT, limit=1)
    except Exception as exc:
        logger.warning("health: worker ping failed: %s", exc)
        return "niet bereikbaar"
    return "ok" if replies else "geen worker actief"


@never_cache
@require_GET
def health(request):
    status = {"database": _database(), "broker": _broker()}
    status["worker"] = (
        _worker() if status["broker"] == "ok" else "onbekend (broker niet bereikbaar)"
    )
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)
