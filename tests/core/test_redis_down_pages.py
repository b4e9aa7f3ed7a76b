"""With the cache's Redis stopped, the public pages, signing in and asking for support still work.

Every page reads the cache (Wagtail's site root paths behind the base template, the rate
limits), so a cache that raised would answer 500 everywhere. Each test starts a redis-server
of its own on a spare port and points the site's cache at it, as production configures it.
"""

import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from demo.website import seed_website
from ecosystem.models import TaxonomyTerm
from journeys.models import SupportRequest
from tests.support.services import private_redis

pytestmark = [
    pytest.mark.services,
    pytest.mark.xdist_group("private-redis"),
    pytest.mark.django_db,
]

ASKER = "asker.while.cache.down@example.test"


@pytest.fixture
def cache_down(cast, settings):
    """The site's cache, configured as in production, on a Redis that has just stopped."""
    if not django_settings.REDIS_URL:
        pytest.skip("the site's cache is Redis only with REDIS_URL set; make test sets it")
    # Links to pages in the navigation and footer, as every real site has: building their
    # addresses reads Wagtail's site root paths from the cache on every page.
    seed_website()
    with private_redis() as redis:
        settings.CACHES = {
            "default": {
                **django_settings.CACHES["default"],
                "LOCATION": redis.url,
                "KEY_PREFIX": f"redis-down-{uuid.uuid4().hex}",
            }
        }
        cache.set("warm", "yes")  # the cache really was this Redis, and it answered
        assert cache.get("warm") == "yes"
        redis.stop()
        yield


def _answers() -> dict:
    business_type = (
        TaxonomyTerm.objects.filter(taxonomy__slug="business-types").order_by("position").first()
    )
    return {
        "kind": "person",
        "name": "Dana Downtime",
        "email": ASKER,
        "contact_method": "email",
        "postcode": "WN1 1AA",
        "idea": "A repair café in the old library.",
        "business_type": str(business_type.pk),
        "stage": "exploring",
        "consent": "on",
    }


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/directory/", "/ask-for-support/"])
def test_the_public_pages_answer_while_the_cache_is_down(cast, client, cache_down, url):
    assert client.get(url).status_code == 200


def test_asking_for_support_works_while_the_cache_is_down(
    cast, client, cache_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:ask"), _answers())

    assert response.status_code == 302
    assert response.url == reverse("support:thanks")
    support_request = SupportRequest.objects.get(email=ASKER)
    assert support_request.place == cast.place_a
    assert support_request.suspected_spam is False  # the limiter could not count: let through
    thanks = client.get(response.url)
    assert thanks.status_code == 200
    assert support_request.reference in thanks.content.decode()


def test_signing_in_works_with_allauths_limits_on_while_the_cache_is_down(
    cast, client, cache_down, settings, persona_password
):
    # allauth's own limits (30 sign-ins a minute per address, among others) take a lock in
    # the cache first, and refuse the visitor when they cannot.
    settings.ACCOUNT_RATE_LIMITS = {}
    response = client.post(
        reverse("account_login"), {"login": "staff.a@demo.test", "password": persona_password}
    )
    assert response.status_code == 302
    assert response.url == "/work/"
