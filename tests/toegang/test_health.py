import pytest

from toegang.celery import app


@pytest.fixture
def broker_unreachable(monkeypatch):
    # A port nothing listens on: the connection is refused at once.
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setitem(app.conf, "broker_connection_retry", False)


@pytest.mark.django_db
def test_health_reports_503_when_broker_is_unreachable(client, broker_unreachable):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "niet bereikbaar"
    assert body["worker"] != "ok"


@pytest.mark.django_db
def test_health_reports_503_when_no_worker_answers(client, monkeypatch):
    monkeypatch.setattr(app.control, "ping", lambda **kwargs: [])
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "geen worker actief"}


@pytest.mark.django_db
def test_health_is_never_cached(client):
    response = client.get("/health/")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
