"""docker-compose.yml is for deployment; no Docker engine runs here, so we check it by parsing."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_has_the_five_services_and_the_migrate_step(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis", "migrate"}


def test_web_runs_gunicorn_with_our_wsgi_app_and_migrates_nothing_itself(compose):
    command = compose["services"]["web"]["command"]
    assert command.startswith("gunicorn toegang.wsgi:application")
    assert "migrate" not in command


def test_migrations_run_once_before_web_worker_and_beat(compose):
    migrate = compose["services"]["migrate"]
    assert migrate["command"] == "python manage.py migrate --noinput"
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_the_web_healthcheck_asks_the_readiness_check(compose):
    """Readiness (/health/) is what decides whether web takes requests; a worker that is
    down does not make it unhealthy (README, "Gezondheid")."""
    assert "/health/'" in str(compose["services"]["web"]["healthcheck"]["test"])


def test_backups_land_in_a_volume_of_their_own(compose):
    assert "backups:/backups" in compose["services"]["web"]["volumes"]
    assert "backups" in compose["volumes"]
    assert "ENV BACKUP_DIR=/backups" in DOCKERFILE.read_text()


def test_the_container_checks_the_configuration_and_migrations_before_a_server_starts():
    dockerfile = DOCKERFILE.read_text()
    assert 'ENTRYPOINT ["scripts/container-start"]' in dockerfile
    start = (ROOT / "scripts" / "container-start").read_text()
    assert "python manage.py check --deploy --fail-level WARNING" in start
    assert "python manage.py migrate --check" in start
    assert (ROOT / "scripts" / "container-start").stat().st_mode & 0o111


def test_the_image_has_pg_dump_of_the_databases_major_version(compose):
    """pg_dump refuses a server newer than itself: backups need the server's version."""
    major = compose["services"]["db"]["image"].split(":")[1].split(".")[0]
    dockerfile = DOCKERFILE.read_text()
    assert f"ARG PG_MAJOR={major}" in dockerfile
    assert "postgresql-client-${PG_MAJOR}" in dockerfile


def test_every_long_running_service_has_a_healthcheck(compose):
    for name in ("web", "worker", "db", "redis"):
        assert compose["services"][name]["healthcheck"]["test"], name


def test_images_and_volume(compose):
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"
    assert "db-data:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    assert "db-data" in compose["volumes"]


def test_worker_and_beat_run_celery(compose):
    assert compose["services"]["worker"]["command"].startswith("celery -A toegang.celery worker")
    assert compose["services"]["beat"]["command"].startswith("celery -A toegang.celery beat")


def test_environment_comes_from_env_file(compose):
    for name in ("web", "worker", "beat"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")


def test_env_example_names_every_required_variable():
    example = (ROOT / ".env.example").read_text()
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD", "SECURE_PROXY_SSL_HEADER"):
        assert f"{variable}=" in example


def test_exactly_one_beat(compose):
    """Two beats would send every periodic task twice (claims keep that harmless, but it is
    double work); none would leave the outbox and the timers unswept."""
    beats = [
        naam
        for naam, dienst in compose["services"].items()
        if "celery" in str(dienst.get("command", "")) and " beat" in str(dienst["command"])
    ]
    assert beats == ["beat"]
    beat = compose["services"]["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat
    # No worker runs an embedded beat (-B) on the side.
    for naam, dienst in compose["services"].items():
        woorden = str(dienst.get("command", "")).split()
        assert "-B" not in woorden and "--beat" not in woorden, naam
