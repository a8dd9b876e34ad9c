"""Production configuration: safe defaults, and one clear line for every mistake."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def production_env(**overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_", "DEBUG", "SECRET_KEY"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="toegang.settings.base",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="toegang.aalten.nl",
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_passes_with_the_gemeente_account_configured_without_asking_the_provider():
    oidc = {
        "OIDC_DISCOVERY_URL": "https://sso.example.invalid/.well-known/openid-configuration",
        "OIDC_CLIENT_ID": "toegang",
        "OIDC_CLIENT_SECRET": "geheim",
        "OIDC_GROEP_ROL": "toegang=medewerker,beleid=beleid",
        "OIDC_GROEP_TEAM": "toegang=toegang",
    }
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(**oidc))
    assert result.returncode == 0, result.stdout + result.stderr
    result = manage("check", env=production_env(**oidc | {"OIDC_GROEP_ROL": "extern=partner"}))
    assert result.returncode == 1 and "toegang.E101" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/toegang"}, "DATABASE_URL"),
        ({"DEBUG": "misschien"}, "DEBUG"),
        ({"CONN_MAX_AGE": "lang"}, "CONN_MAX_AGE"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}, "SECURE_PROXY_SSL_HEADER"),
        (
            {"OIDC_DISCOVERY_URL": "https://sso.example.org/.well-known/openid-configuration"},
            "OIDC_CLIENT_ID",
        ),
        ({"OIDC_DISCOVERY_URL": "sso.example.org"}, "OIDC_DISCOVERY_URL"),
        ({"OIDC_GROEP_ROL": "toegang"}, "OIDC_GROEP_ROL"),
    ],
)
def test_bad_environment_gives_one_line_naming_the_variable(overrides, variable):
    result = manage("check", env=production_env(**overrides))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_celery_entry_point_reports_configuration_errors_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "toegang.celery", "inspect", "ping"],
        cwd=ROOT,
        env=production_env(SECRET_KEY=None),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_are_safe():
    # The test settings relax cookies and HTTPS for the test client; production does not.
    env = production_env()
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[false, true, true, true, 31536000, ["toegang.aalten.nl"]]'


def test_language_and_time_zone_are_dutch():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ


def test_celery_is_configured_for_safe_retries():
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0
    assert settings.CELERY_BEAT_SCHEDULE


def test_a_rotated_secret_key_keeps_the_old_one_as_fallback():
    oud, nieuw = secrets.token_urlsafe(50), secrets.token_urlsafe(50)
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.core import signing; "
        f"oud = signing.dumps('x', key={oud!r}); "
        "print(signing.loads(oud, fallback_keys=settings.SECRET_KEY_FALLBACKS))",
        env=production_env(SECRET_KEY=nieuw, SECRET_KEY_FALLBACKS=oud),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "x"


@pytest.mark.django_db
def test_postgresql_compiles_no_statement_just_in_time():
    """The reports' statements are estimated costly enough for PostgreSQL's JIT, which then
    spent 640 ms compiling a statement that ran in 100 ms (the klantreis year at region
    size): every connection turns it off, unless DATABASE_URL says otherwise."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_the_database_url_may_turn_the_jit_back_on():
    uit = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['options'])"],
        env=production_env(DATABASE_URL="postgres://u@db/toegang?options=-c%20jit%3Don"),
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert uit.stdout.strip() == "-c jit=on"
