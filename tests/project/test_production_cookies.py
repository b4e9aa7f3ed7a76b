"""In production the session and CSRF cookies carry the __Host- prefix, and meet its rules.

A browser keeps a __Host- cookie only if it is Secure, has Path=/ and names no Domain; so a
page on a neighbouring subdomain cannot set or overwrite it. Production settings need their
environment, so each check runs in a fresh process with the variables of .env.example.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)

# Sets both cookies the way the site does (CSRF middleware, session middleware) and prints them.
PROGRAM = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory, override_settings


def view(request):
    get_token(request)
    request.session["seen"] = True
    return HttpResponse()


# Sessions live in the database, which is not there: the cookie is written the same way.
with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"):
    request = RequestFactory().get("/", secure=True, HTTP_HOST="support.example.org")
    response = SessionMiddleware(CsrfViewMiddleware(view))(request)
print(json.dumps({
    "names": [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],
    "cookies": {
        name: {key: str(value) for key, value in morsel.items()}
        for name, morsel in response.cookies.items()
    },
}))
"""


def _env_example() -> dict:
    values = {}
    for line in (BASE / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value.strip('"')
    return values


@pytest.fixture(scope="module")
def production_cookies() -> dict:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env = {
        **clean,
        **_env_example(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "sqlite:///:memory:",
        "REDIS_URL": "",  # the local cache: nothing here reaches a network
    }
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_names_both_cookies_with_the_host_prefix(production_cookies):
    assert production_cookies["names"] == ["__Host-sessionid", "__Host-csrftoken"]
    assert set(production_cookies["cookies"]) == {"__Host-sessionid", "__Host-csrftoken"}


@pytest.mark.parametrize("name", ["__Host-sessionid", "__Host-csrftoken"])
def test_each_cookie_meets_the_host_prefix_rules(production_cookies, name):
    cookie = production_cookies["cookies"][name]
    assert cookie["secure"] == "True"
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_out_of_reach_of_scripts(production_cookies):
    assert production_cookies["cookies"]["__Host-sessionid"]["httponly"] == "True"


def test_outside_production_the_cookies_keep_djangos_names():
    # Without HTTPS a browser refuses a __Host- cookie, so signing in locally would break.
    assert settings.SESSION_COOKIE_NAME == "sessionid"
    assert settings.CSRF_COOKIE_NAME == "csrftoken"
