import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_reports_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_it_reports_redis_down_without_failing_the_check(client, settings):
    from tests.support.services import spare_port

    settings.REDIS_URL = f"redis://127.0.0.1:{spare_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "error"}


def test_it_reports_redis_up_when_it_answers(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set; make test sets it")
    assert client.get("/healthz").json()["redis"] == "ok"


def test_it_fails_the_check_when_the_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == "error"


def test_it_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
