"""The policy tells browsers where to report what it blocks, and core.views.csp_report logs it."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.ecosystem.factories import ServiceFactory
from tests.support.services import private_redis

pytestmark = pytest.mark.django_db

URL = "/csp-report/"

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://support.example.org/directory/?q=Jo+Bloggs#results",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "https://someone:hunter2@evil.example/steal.js?token=secret",
        "status-code": 200,
        "script-sample": "",
    }
}

REPORTING_API_BODY = [
    {
        "type": "csp-violation",
        "age": 10,
        "url": "https://support.example.org/model/",
        "user_agent": "Mozilla/5.0",
        "body": {
            "documentURL": "https://support.example.org/model/?element=x",
            "blockedURL": "inline",
            "effectiveDirective": "style-src-attr",
            "disposition": "enforce",
            "sample": "color: red",
        },
    },
    {"type": "deprecation", "age": 5, "url": "https://support.example.org/", "body": {}},
    {
        "type": "csp-violation",
        "age": 3,
        "url": "https://support.example.org/",
        "body": {
            "documentURL": "https://support.example.org/",
            "blockedURL": "https://fonts.example/font.woff2",
            "effectiveDirective": "font-src",
            "disposition": "enforce",
        },
    },
]


def _client(address: str | None = None) -> Client:
    # Each test its own address, so the per-address limit never carries over between tests.
    return Client(REMOTE_ADDR=address or f"198.51.100.{uuid.uuid4().int % 250 + 1}")


def _post(client: Client, body, content_type: str):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type)


def _csp_warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "csp" and r.levelname == "WARNING"]


# The policy and its headers ----------------------------------------------------------


def test_it_is_mounted_where_the_policy_points():
    assert reverse("csp_report") == URL


def test_every_page_says_where_to_report(client_for):
    for persona, url in [("anonymous", "/"), ("staff_a", "/work/"), ("editor", "/cms/")]:
        response = client_for(persona).get(url)
        assert response.status_code == 200, url
        policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
        assert "report-to csp-endpoint" in policy, url
        assert "report-uri /csp-report/" in policy, url
        assert response["Reporting-Endpoints"] == 'csp-endpoint="/csp-report/"', url


def test_public_pages_send_a_strict_policy(cast, client_for):
    service = ServiceFactory(organisation=cast.hub_a, name="Report coaching")
    pages = [
        "/",
        reverse("directory:index"),
        reverse("logicmodel:model", kwargs={"model_slug": "empowering-places"}),
        reverse(
            "directory:service",
            kwargs={"organisation_slug": cast.hub_a.slug, "slug": service.slug},
        ),
    ]
    for url in pages:
        response = client_for("anonymous").get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "unsafe-eval" not in policy, url
        assert "report-to csp-endpoint" in policy, url


# The report endpoint --------------------------------------------------------------------


def test_it_logs_a_report_uri_report_without_query_strings(caplog):
    response = _post(_client(), REPORT_URI_BODY, "application/csp-report")

    assert response.status_code == 204
    assert response.content == b""
    [message] = _csp_warnings(caplog)
    assert "https://evil.example/steal.js" in message
    assert "script-src-elem" in message
    assert "https://support.example.org/directory/" in message
    # What someone typed into a page, or a token, never reaches the log.
    assert "secret" not in message and "Bloggs" not in message and "hunter2" not in message


def test_it_logs_each_violation_of_a_reporting_api_batch(caplog):
    response = _post(_client(), REPORTING_API_BODY, "application/reports+json")

    assert response.status_code == 204
    messages = _csp_warnings(caplog)
    assert len(messages) == 2  # the deprecation report is not a policy violation
    assert "inline" in messages[0] and "style-src-attr" in messages[0]
    assert "https://support.example.org/model/" in messages[0]
    assert "color: red" not in messages[0] and "element=x" not in messages[0]
    assert "https://fonts.example/font.woff2" in messages[1] and "font-src" in messages[1]


def test_it_keeps_each_report_to_one_line_of_the_log(caplog):
    body = json.loads(json.dumps(REPORT_URI_BODY))
    body["csp-report"]["blocked-uri"] = "inline\n2026-01-01 ERROR django Forged line"
    body["csp-report"]["effective-directive"] = "x" * 5000

    assert _post(_client(), body, "application/csp-report").status_code == 204

    [message] = _csp_warnings(caplog)
    assert "\n" not in message
    assert "inline?2026-01-01 ERROR django Forged line" in message
    assert len(message) < 1000


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("not json", "application/csp-report"),
        ("{}", "application/csp-report"),
        ('{"csp-report": "a string"}', "application/csp-report"),
        ('[1, "two", {"type": "csp-violation", "body": []}]', "application/reports+json"),
        (json.dumps(REPORT_URI_BODY), "text/plain"),
        ("[" * 30_000 + "]" * 30_000, "application/reports+json"),  # deeper than Python parses
    ],
    ids=["not json", "empty", "not an object", "no violations", "not a report type", "deep"],
)
def test_it_drops_what_is_not_a_report(caplog, body, content_type):
    assert _post(_client(), body, content_type).status_code == 204
    assert _csp_warnings(caplog) == []


def test_it_needs_no_session_and_no_csrf_token(client_for):
    for persona in ("anonymous", "staff_a"):
        client = client_for(persona)
        client.handler.enforce_csrf_checks = True
        response = _post(client, REPORT_URI_BODY, "application/csp-report")
        assert response.status_code == 204, persona


def test_it_answers_only_posts():
    client = _client()
    assert client.get(URL).status_code == 405
    assert client.put(URL, data="{}", content_type="application/csp-report").status_code == 405


def test_it_refuses_a_body_over_64_kb(caplog):
    client = _client()
    body = json.loads(json.dumps(REPORT_URI_BODY))
    body["csp-report"]["script-sample"] = "x" * (64 * 1024)

    assert _post(client, body, "application/csp-report").status_code == 413
    assert _csp_warnings(caplog) == []
    just_under = "[" + " " * (64 * 1024 - 2) + "]"
    assert _post(client, just_under, "application/reports+json").status_code == 204


def test_it_limits_reports_per_address(settings, caplog):
    settings.CSP_REPORTS_PER_MINUTE_PER_ADDRESS = 3
    flooding = _client()
    answers = [
        _post(flooding, REPORT_URI_BODY, "application/csp-report").status_code for _ in range(5)
    ]

    assert answers == [204, 204, 204, 429, 429]
    assert len(_csp_warnings(caplog)) == 3
    assert _post(_client(), REPORT_URI_BODY, "application/csp-report").status_code == 204


@pytest.mark.services
@pytest.mark.xdist_group("private-redis")
def test_the_limit_fails_open_while_the_cache_is_down(settings, caplog):
    settings.CSP_REPORTS_PER_MINUTE_PER_ADDRESS = 1
    with private_redis() as redis:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FailOpenRedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
                "KEY_PREFIX": f"csp-report-{uuid.uuid4().hex}",
            }
        }
        cache.set("warm", "yes")
        assert cache.get("warm") == "yes"  # the limit's cache really was this Redis
        redis.stop()
        client = _client()
        answers = [
            _post(client, REPORT_URI_BODY, "application/csp-report").status_code for _ in range(3)
        ]

    assert answers == [204, 204, 204]
    assert len(_csp_warnings(caplog)) == 3
