import pytest
from django.test import Client

from tests.support.cast import ANONYMOUS, PERSONA_PASSWORD, Cast, restore_baseline

# tests/bench/minimal is the small project `make bench` measures against, not tests.
collect_ignore = ["bench"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the persona cast once per test database; each test rolls back to it."""
    with django_db_blocker.unblock():
        restore_baseline()


@pytest.fixture
def cast(db) -> Cast:
    # A transactional test (live_server, a worker process) flushes the database
    # when it ends; put the baseline back for the tests that follow it.
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(email="admin@demo.test").exists():
        restore_baseline()
    return Cast()


@pytest.fixture
def client_for(cast):
    """A test client signed in as one persona (or anonymous)."""

    def make(key: str) -> Client:
        client = Client()
        if key != ANONYMOUS:
            client.force_login(cast.user(key))
        return client

    return make


@pytest.fixture
def persona_password():
    return PERSONA_PASSWORD


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages cached by an earlier test (other data, same addresses) are stale for this one."""
    from core.pagecache import bump

    bump()


@pytest.fixture
def no_page_cache(settings):
    """Count what rendering a page costs, not what serving it (or its frame) from the cache costs.

    Query-count tests use it: otherwise the first request of a test pays for filling the cached
    site frame and a later one, after the test adds rows, may pay again."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _emails_go_through_the_outbox(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem; put the outbox back in front of it.

    OUTBOX_EMAIL_BACKEND (locmem in test settings) is what the relay delivers with,
    so django.core.mail.outbox still shows what was actually sent.
    """
    settings.EMAIL_BACKEND = "core.mail.OutboxEmailBackend"
