import uuid

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .outbox import outbox_health


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"


def _cache_status() -> str:
    # Through the site's own cache, as pages use it. It fails open (core/cache.py), so Redis
    # being down shows as the value not coming back, not as an error.
    key = f"healthz:{uuid.uuid4().hex}"  # each check its own key: checks run side by side
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=10)
    came_back = cache.get(key) == token
    cache.delete(key)
    return "ok" if came_back else "error"


def _redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except Exception:
        return "error"
    return "ok"


def _outbox_status(database: str) -> dict:
    # Counted in the database: with it down there is nothing to count.
    if database != "ok":
        return {"status": "unknown"}
    try:
        return outbox_health()
    except Exception:
        return {"status": "error"}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers: 503 when the site cannot serve pages, which is when the database is down.

    Checks: "database" (a query), "cache" (a value written and read back through the site's
    cache) and "redis" (the broker the outbox's tasks go through). A failing cache or Redis
    makes the status "degraded" with 200: pages are still served, uncached, with limits not
    counted, and emails wait in the outbox until Redis is back. "outbox" counts messages long
    overdue and those it gave up on in the last day; either makes the status "degraded" too.
    """
    checks = {
        "database": _database_status(),
        "cache": _cache_status(),
        "redis": _redis_status(),
    }
    outbox = _outbox_status(checks["database"])
    if checks["database"] != "ok":
        status = "down"
    elif "error" in checks.values() or outbox["status"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, **checks, "outbox": outbox}, status=503 if status == "down" else 200
    )
