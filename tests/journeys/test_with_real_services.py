"""Asking for support while Redis is down: nobody is turned away, and the email goes out later.

Each test starts a redis-server of its own on a spare port and points the broker and
the cache at it, so stopping it never touches the shared Redis other runs use.
"""

import uuid

import pytest
from django.urls import reverse

from core.models import OutboxMessage
from core.tasks import outbox_sweep
from ecosystem.models import TaxonomyTerm
from journeys.models import SupportRequest
from tests.support.services import (
    celery_worker,
    private_redis,
    read_sent_mail,
    require_postgresql,
    text_of,
    use_broker,
    wait_until,
)

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("celery-worker")]

ASKER = "asker.while.down@example.test"


def _use_cache(settings, url: str) -> None:
    """Point the default cache (what the rate limiter counts in) at one Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",  # as in production
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": f"journeys-{uuid.uuid4().hex}",
        }
    }


def _answers(email: str = ASKER) -> dict:
    business_type = (
        TaxonomyTerm.objects.filter(taxonomy__slug="business-types").order_by("position").first()
    )
    return {
        "kind": "person",
        "name": "Dana Downtime",
        "email": email,
        "contact_method": "email",
        "postcode": "WN1 1AA",
        "idea": "A repair café in the old library.",
        "business_type": str(business_type.pk),
        "stage": "exploring",
        "consent": "on",
    }


def _delivered(message_id) -> bool:
    return OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_asking_for_support_still_works_and_the_email_goes_out_later(
    tmp_path, settings, client, cast
):
    require_postgresql()
    settings.OUTBOX_RETRY_AFTER_SECONDS = 0
    queue = f"test-{uuid.uuid4().hex}"
    with private_redis() as redis, use_broker(redis.url, queue):
        _use_cache(settings, redis.url)
        redis.stop()

        response = client.post(reverse("support:ask"), _answers())
        assert response.status_code == 302
        assert response.url == reverse("support:thanks")
        support_request = SupportRequest.objects.get(email=ASKER)
        assert support_request.place == cast.place_a
        assert support_request.suspected_spam is False  # the limiter could not count: let through
        thanks = client.get(response.url)
        assert thanks.status_code == 200
        assert support_request.reference in thanks.content.decode()

        [confirmation] = OutboxMessage.objects.filter(payload__to=[ASKER])
        assert confirmation.delivered_at is None
        # The hub's team is told too, in its own message, also kept for later.
        assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 2

        redis.start()
        with celery_worker(redis.url, queue, tmp_path):
            outbox_sweep.apply_async()  # what celery beat sends every minute
            wait_until(lambda: _delivered(confirmation.pk))
    # The worker is another process: it wrote what it sent to files, not to mail.outbox.
    [sent] = [m for m in read_sent_mail(tmp_path) if m["To"] == ASKER]
    assert sent["Subject"] == f"We have your request ({support_request.reference})"
    assert support_request.reference in text_of(sent)


def test_the_rate_limiter_lets_requests_through_unmarked_while_the_cache_is_down(
    settings, client, cast, monkeypatch
):
    # One request an hour from an address: while Redis counts, the second is marked.
    settings.SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS = 1
    with private_redis() as redis:
        _use_cache(settings, redis.url)
        for email in ("first@example.test", "counted@example.test"):
            response = client.post(reverse("support:ask"), _answers(email))
            assert response.url == reverse("support:thanks")
        assert SupportRequest.objects.get(email="first@example.test").suspected_spam is False
        assert SupportRequest.objects.get(email="counted@example.test").suspected_spam is True

        redis.stop()
        for email in (ASKER, "again@example.test"):
            response = client.post(reverse("support:ask"), _answers(email))
            assert response.status_code == 302
            assert response.url == reverse("support:thanks")
            assert SupportRequest.objects.get(email=email).suspected_spam is False
