"""scripts/container-start, the image's entrypoint, run for real: a server (gunicorn, a
Celery worker, beat) starts only with a production configuration that passes Django's
deployment checks and a database with every migration; other commands run as given."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.toegang.andere_database import lege_database
from tests.toegang.test_settings import ROOT, production_env
from tests.werker import database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

START = ROOT / "scripts" / "container-start"


def starten(*opdracht, **env):
    # The image's python and celery are on PATH; here those of this virtualenv.
    pad = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    return subprocess.run(
        [str(START), *opdracht],
        cwd=ROOT,
        env=production_env(PATH=pad, **env),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_server_starts_on_a_migrated_database():
    uitkomst = starten("celery", "--version", DATABASE_URL=database_url())
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert uitkomst.stdout.strip().splitlines()[-1][0].isdigit()  # celery's version
    gunicorn = starten("gunicorn", "--version", DATABASE_URL=database_url())
    assert gunicorn.returncode == 0, gunicorn.stdout + gunicorn.stderr
    assert "gunicorn" in gunicorn.stdout


def test_a_server_does_not_start_on_a_database_without_the_migrations():
    with lege_database() as naam:
        leeg = database_url(naam)
        uitkomst = starten("gunicorn", "--version", DATABASE_URL=leeg)
        assert uitkomst.returncode == 1
        assert "gunicorn" not in uitkomst.stdout
        assert "voer eerst 'python manage.py migrate' uit" in uitkomst.stderr

        # Other commands (migrate itself, backup, restore, shell) run on that database. The
        # plan of what migrate would do stands in for migrate, which takes half a minute.
        plan = starten("python", "manage.py", "migrate", "--plan", DATABASE_URL=leeg)
        assert plan.returncode == 0, plan.stderr
        assert "intake.0001_initial" in plan.stdout


def test_a_server_does_not_start_with_a_configuration_unsafe_for_production():
    uitkomst = starten(
        "gunicorn", "--version", DATABASE_URL=database_url(), SECURE_HSTS_SECONDS="0"
    )
    assert uitkomst.returncode != 0
    assert "security.W004" in uitkomst.stderr + uitkomst.stdout
