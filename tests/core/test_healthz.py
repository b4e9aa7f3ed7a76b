import uuid

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.support.services import private_redis, spare_port

pytestmark = pytest.mark.django_db

# Nothing overdue and nothing given up on (tests/core/test_outbox.py covers the rest).
OUTBOX_OK = {"status": "ok", "overdue": 0, "failed_recently": 0}


def _point_the_cache_at(settings, url: str) -> None:
    """The site's cache as production configures it, on another Redis."""
    settings.CACHES = {
        "default": {
            **django_settings.CACHES["default"],
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"healthz-{uuid.uuid4().hex}",
        }
    }


def test_it_reports_ok_when_the_database_and_the_cache_answer(client, settings):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "redis": "not configured",
        "outbox": OUTBOX_OK,
    }


def test_it_reports_redis_down_without_failing_the_check(client, settings):
    url = f"redis://127.0.0.1:{spare_port()}/0"
    settings.REDIS_URL = url
    _point_the_cache_at(settings, url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "redis": "error",
        "outbox": OUTBOX_OK,
    }


@pytest.mark.services
def test_it_tries_the_cache_the_way_pages_use_it(client, settings):
    # Up, then stopped: the same Redis, so "cache" follows what pages actually get.
    with private_redis() as redis:
        settings.REDIS_URL = redis.url
        _point_the_cache_at(settings, redis.url)
        assert client.get("/healthz").json() == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
            "redis": "ok",
            "outbox": OUTBOX_OK,
        }
        redis.stop()
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "error"


def test_it_reports_redis_up_when_it_answers(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set; make test sets it")
    body = client.get("/healthz").json()
    assert body["redis"] == "ok"
    assert body["cache"] == "ok"


def test_it_fails_the_check_when_the_database_is_unreachable(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == "error"
    assert response.json()["outbox"] == {"status": "unknown"}


def test_it_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
