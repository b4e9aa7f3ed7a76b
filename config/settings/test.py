"""Test settings: PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (CI), SQLite otherwise."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "tests-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One folder per pytest-xdist worker, so a test that checks what is stored sees only its own.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
MEDIA_ROOT = env.path(
    "DJANGO_MEDIA_ROOT",
    default=f"/tmp/empowering-places-test-media/{_WORKER}",  # noqa: S108
)
PRIVATE_MEDIA_ROOT = env.path(
    "DJANGO_PRIVATE_MEDIA_ROOT",
    default=f"/tmp/empowering-places-test-private-media/{_WORKER}",  # noqa: S108
)
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
# Tests read sent mail from the outbox relay's backend.
# (A test that starts a worker process points it at a file-based backend instead.)
OUTBOX_EMAIL_BACKEND = env(
    "OUTBOX_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/empowering-places-test-mail")  # noqa: S108
# Within a test, tasks run in-process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
ACCOUNT_RATE_LIMITS = False
# Tests post wrong passwords for the shared personas; the tests of the rule set this back down.
PASSWORD_FAILURES_BEFORE_CODE = 10_000
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Parallel test workers share one Redis: keep their cache keys apart.
# Each test process has its own keys, so counters (rate limits) never carry over between runs.
CACHES["default"]["KEY_PREFIX"] = f"{env('PYTEST_XDIST_WORKER', default='main')}-{os.getpid()}"  # noqa: F405

# Every test posts from 127.0.0.1: the tests of the limit itself set these back down.
SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS = 10_000
SUPPORT_REQUESTS_PER_HOUR_PER_EMAIL = 10_000

# Each test reads the figures it has just recorded; tests/insights/test_dashboard_cache.py
# turns the dashboard's cache back on.
INSIGHTS_CACHE_SECONDS = 0
