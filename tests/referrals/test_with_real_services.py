"""Referring someone while Redis is down: the referral is kept, and its emails go out later.

The test starts a redis-server of its own on a spare port and points the broker and the
cache at it, so stopping it never touches the shared Redis other runs use.
"""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from core.models import OutboxMessage
from core.tasks import outbox_sweep
from journeys.models import Journey
from referrals.models import Notification, Referral
from tests.journeys.factories import JourneyFactory
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

# Told of the sending (hub B's team), of the acceptance (hub A's team), and the person.
RECEIVER = ["staff.b@demo.test"]
SENDER = ["manager.a@demo.test", "staff.a@demo.test"]
PERSON = "entrepreneur@demo.test"


def _use_cache(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": f"referrals-{uuid.uuid4().hex}",
        }
    }


def _waiting() -> list[str]:
    """Who the undelivered emails in the outbox are for."""
    return sorted(
        address
        for payload in OutboxMessage.objects.filter(delivered_at__isnull=True).values_list(
            "payload", flat=True
        )
        for address in payload["to"]
    )


def _all_delivered() -> bool:
    return not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_referral_is_sent_and_accepted_and_the_emails_go_out_later(
    tmp_path, settings, cast, client_for
):
    require_postgresql()
    settings.OUTBOX_RETRY_AFTER_SECONDS = 0
    queue = f"test-{uuid.uuid4().hex}"
    journey = JourneyFactory(
        organisation=cast.hub_a, client__user=cast.user("entrepreneur"), client__name="Dana Down"
    )
    sender, receiver = client_for("staff_a"), client_for("staff_b")
    with private_redis() as redis, use_broker(redis.url, queue):
        _use_cache(settings, redis.url)
        redis.stop()

        response = sender.post(
            reverse("referrals:new", args=[journey.pk]),
            {
                "destination": f"org:{cast.hub_b.pk}",
                "need": "Advice on a second site.",
                "urgency": "routine",
                "consent_given": "yes",
                "consent_method": "phone",
                "consent_scope": ["name", "contact"],
            },
        )
        assert response.status_code == 302
        referral = Referral.objects.get(from_journey=journey)
        assert response.url == referral.get_absolute_url()
        assert referral.shared["name"] == "Dana Down"
        assert _waiting() == RECEIVER

        response = receiver.post(reverse("referrals:accept", args=[referral.pk]))
        assert response.status_code == 302
        assert response.url == referral.get_absolute_url()
        referral.refresh_from_db()
        assert referral.status == "accepted"
        assert Journey.objects.get(pk=referral.receiving_journey_id).organisation == cast.hub_b
        # In the site the news is there already; by email it waits in the outbox.
        assert Notification.objects.filter(referral=referral).count() == 3
        assert _waiting() == sorted([*RECEIVER, *SENDER, PERSON])
        assert mail.outbox == []

        redis.start()
        with celery_worker(redis.url, queue, tmp_path):
            outbox_sweep.apply_async()  # what celery beat sends every minute
            wait_until(_all_delivered)
    # The worker is another process: it wrote what it sent to files, not to mail.outbox.
    sent = read_sent_mail(tmp_path)
    assert sorted(m["To"] for m in sent) == sorted([*RECEIVER, *SENDER, PERSON])
    [told] = [m for m in sent if m["To"] == PERSON]
    assert told["Subject"] == "Canal Side Enterprise Centre can help you"
    assert "/my-journey/" in text_of(told)
    news = [m for m in sent if m["To"] != PERSON]
    assert {m["Subject"] for m in news} == {f"Referral {referral.reference}: news"}
