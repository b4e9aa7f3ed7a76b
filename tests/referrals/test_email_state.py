"""A referral's page says whether the emails about it have gone out: an SMTP failure is tried
again with a growing wait, and staff read "not delivered yet" until it goes."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import OutboxMessage
from core.outbox import outbox_deliver_message
from tests.journeys.factories import JourneyFactory
from tests.referrals.factories import send_referral

pytestmark = pytest.mark.django_db


def test_staff_see_an_email_that_failed_as_not_delivered_yet_until_it_goes(
    cast, client_for, settings
):
    journey = JourneyFactory(organisation=cast.hub_a)
    referral = send_referral(
        journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b
    )
    [message] = OutboxMessage.objects.filter(about=referral.outbox_about)
    assert message.payload["to"] == ["staff.b@demo.test"]
    assert "X-Outbox-About" not in message.payload["headers"]  # kept on the row, not sent

    settings.OUTBOX_EMAIL_BACKEND = "tests.core.failing_backend.FailingBackend"
    outbox_deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.attempts == 1 and message.delivered_at is None
    first_wait = message.next_attempt_at - timezone.now()
    assert timedelta(minutes=1) < first_wait <= timedelta(minutes=2)
    page = client_for("staff_a").get(referral.get_absolute_url()).text
    assert "staff.b@demo.test: <strong>not delivered yet</strong>; we will try again at" in page

    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        outbox_deliver_message(message_id=message.pk)  # still failing: it waits longer
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - message.claimed_at > first_wait

    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        outbox_deliver_message(message_id=message.pk)
    message.refresh_from_db()
    assert message.delivered_at is not None
    page = client_for("staff_b").get(referral.get_absolute_url()).text
    assert "staff.b@demo.test: sent" in page
