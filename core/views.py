import json
import logging
import uuid
from urllib.parse import urlsplit, urlunsplit

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .outbox import outbox_health
from .ratelimit import client_ip, over_limit

csp_logger = logging.getLogger("csp")


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


# What browsers send: report-uri posts application/csp-report (some application/json), the
# Reporting API (report-to) posts application/reports+json, a list of reports of several kinds.
_REPORT_TYPES = ("application/csp-report", "application/json", "application/reports+json")
_MAX_REPORTS_LOGGED = 20  # a batch holds a few; more is someone filling the log
_MAX_FIELD_LENGTH = 300


@login_not_required
@csrf_exempt
@require_POST
def csp_report(request):
    """Where browsers report what the Content Security Policy blocked: 204, and a warning logged.

    Each violation is logged by the "csp" logger with the blocked address, the directive and
    the page, their query strings dropped (they can hold what someone typed). A body over
    CSP_REPORT_MAX_BYTES gets 413; more than CSP_REPORTS_PER_MINUTE_PER_ADDRESS reports from one
    address in a minute get 429 (with the cache down nothing is counted). A body that is not a
    report is dropped with 204 too: browsers do nothing with the answer.
    """
    limit = settings.CSP_REPORT_MAX_BYTES
    if _declared_length(request) > limit:
        return HttpResponse(status=413)
    if over_limit(
        f"csp-report:{client_ip(request)}",
        limit=settings.CSP_REPORTS_PER_MINUTE_PER_ADDRESS,
        window_seconds=60,
    ):
        return HttpResponse(status=429)
    body = request.read(limit + 1)
    if len(body) > limit:
        return HttpResponse(status=413)
    if request.content_type in _REPORT_TYPES:
        for violation in _violations(body)[:_MAX_REPORTS_LOGGED]:
            csp_logger.warning(
                "Content Security Policy %s %s (directive %s) on %s",
                "reported" if violation["disposition"] == "report" else "blocked",
                violation["blocked"],
                violation["directive"],
                violation["page"],
            )
    return HttpResponse(status=204)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _violations(body: bytes) -> list[dict]:
    """The CSP violations in a report body of either format, each field made safe to log."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python goes
        return []
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        report = data["csp-report"]
        found = [
            {
                "blocked": report.get("blocked-uri"),
                "directive": report.get("effective-directive") or report.get("violated-directive"),
                "page": report.get("document-uri"),
                "disposition": report.get("disposition"),
            }
        ]
    elif isinstance(data, list):
        found = [
            {
                "blocked": item["body"].get("blockedURL"),
                "directive": item["body"].get("effectiveDirective"),
                "page": item["body"].get("documentURL") or item.get("url"),
                "disposition": item["body"].get("disposition"),
            }
            for item in data
            if isinstance(item, dict)
            and item.get("type") == "csp-violation"
            and isinstance(item.get("body"), dict)
        ]
    else:
        return []
    return [
        {
            "blocked": _loggable(found_one["blocked"], address=True),
            "directive": _loggable(found_one["directive"]),
            "page": _loggable(found_one["page"], address=True),
            "disposition": found_one["disposition"],
        }
        for found_one in found
    ]


def _loggable(value, *, address: bool = False) -> str:
    """A report's field as one short printable line, an address without its query string."""
    if value is None or value == "":
        return "-"
    text = str(value)
    if address and "://" in text:
        try:
            parts = urlsplit(text)
            host = parts.netloc.rpartition("@")[2]  # never a user name or password
            text = urlunsplit((parts.scheme, host, parts.path, "", ""))
        except ValueError:
            text = text.split("?", 1)[0].split("#", 1)[0]
    # Nothing that could start a new line of the log or hide in a terminal.
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if len(text) > _MAX_FIELD_LENGTH:
        text = text[:_MAX_FIELD_LENGTH] + "…"
    return text
