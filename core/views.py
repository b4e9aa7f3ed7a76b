import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"


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


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers: 503 when the database is unreachable.

    Redis being down degrades the site (notifications wait in the outbox) but does
    not take it out of service, so it is reported without failing the check.
    """
    database = _database_status()
    redis_state = _redis_status()
    if database != "ok":
        status = "down"
    elif redis_state == "error":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "redis": redis_state},
        status=503 if status == "down" else 200,
    )
