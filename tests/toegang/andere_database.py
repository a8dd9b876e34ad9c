"""Another database on the test's PostgreSQL server, and Django's connection pointed at it
for a while: a fresh one to restore a backup into, or to migrate from nothing."""

from __future__ import annotations

import contextlib
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection


@contextlib.contextmanager
def lege_database():
    """A new, empty database (its name), dropped afterwards with whatever is connected."""
    naam = f"{connection.settings_dict['NAME']}_{uuid.uuid4().hex[:8]}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{naam}"')
    try:
        yield naam
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


@contextlib.contextmanager
def op_database(naam: str):
    """Django's default connection (the test client's, the ORM's) on database `naam`."""
    instellingen = connection.settings_dict
    vorige = instellingen["NAME"]
    connection.close()
    instellingen["NAME"] = naam
    ContentType.objects.clear_cache()
    try:
        yield
    finally:
        connection.close()
        instellingen["NAME"] = vorige
        ContentType.objects.clear_cache()
