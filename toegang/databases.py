"""Where reports read from: a read replica when one is configured, and fresh enough.

With REPORTING_DATABASE_URL set, settings define a second database alias (RAPPORTAGE_DATABASE)
and every query made inside `rapportage_lezen()` reads from it: the heavy aggregates of the
dashboards and exports then never load the primary that the front desk works on. Writes
always go to the primary.

A replica that has fallen behind would show old figures, so before it is used its delay
is measured (once a minute per process): more than MAXIMALE_ACHTERSTAND behind, or not
answering, and the reports read from the primary until it has caught up.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

# No figure may be older than an hour; a little margin for the minute between two checks.
MAXIMALE_ACHTERSTAND = 55 * 60
CONTROLE_INTERVAL = 60

_lezen = ContextVar("rapportage_lezen", default=False)
_gemeten: dict[str, tuple[float, bool]] = {}
_slot = threading.Lock()


@contextmanager
def rapportage_lezen():
    """Everything read inside this block comes from the reporting database (when set)."""
    token = _lezen.set(True)
    try:
        yield
    finally:
        _lezen.reset(token)


def achterstand_seconden(alias: str) -> float | None:
    """How far the database behind `alias` is behind its primary: 0 for a primary or a
    replica that has replayed all it received; None when it cannot tell."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
            " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            " ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END"
        )
        (seconden,) = cursor.fetchone()
    return None if seconden is None else float(seconden)


def bij_genoeg(alias: str) -> bool:
    """Is the replica recent enough to report from? Measured at most once a minute."""
    nu = time.monotonic()
    gemeten = _gemeten.get(alias)
    if gemeten and nu - gemeten[0] < CONTROLE_INTERVAL:
        return gemeten[1]
    with _slot:
        try:
            achterstand = achterstand_seconden(alias)
        except DatabaseError as fout:
            log.warning(
                "Rapportagedatabase %s antwoordt niet; lees van de primaire: %s", alias, fout
            )
            achterstand = None
        goed = achterstand is not None and achterstand <= MAXIMALE_ACHTERSTAND
        if not goed:
            log.warning(
                "Rapportagedatabase %s loopt achter (%s s); lees van de primaire.",
                alias,
                achterstand,
            )
        _gemeten[alias] = (nu, goed)
    return goed


def rapportage_alias() -> str | None:
    """The alias reports read from right now, or None for the default database."""
    alias = getattr(settings, "RAPPORTAGE_DATABASE", None)
    if alias and _lezen.get() and bij_genoeg(alias):
        return alias
    return None


class RapportageRouter:
    """Reads inside `rapportage_lezen()` go to the reporting database; nothing else changes."""

    def db_for_read(self, model, **hints):
        return rapportage_alias()

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: objects from either may relate.
        alias = getattr(settings, "RAPPORTAGE_DATABASE", None)
        if alias and {obj1._state.db, obj2._state.db} <= {"default", alias}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica follows its primary; it is never migrated itself.
        if db == getattr(settings, "RAPPORTAGE_DATABASE", None):
            return False
        return None
