from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from core.tasks import outbox_sweep

pytestmark = pytest.mark.django_db(transaction=False)


def test_it_writes_email_to_the_outbox_and_delivers_it_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail("Hello", "Body text", "from@demo.test", ["to@demo.test"])
    message = OutboxMessage.objects.get()
    assert message.kind == "email"
    assert message.payload["to"] == ["to@demo.test"]
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert [m.subject for m in mail.outbox] == ["Hello"]


def test_it_sends_nothing_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Hello", "Body", "from@demo.test", ["to@demo.test"])
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_it_keeps_html_alternatives_and_attachments(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = EmailMultiAlternatives(
            "Hi", "Plain", "from@demo.test", ["to@demo.test"], cc=["cc@demo.test"]
        )
        message.attach_alternative("<p>Rich</p>", "text/html")
        message.attach("plan.ics", b"BEGIN:VCALENDAR", "text/calendar")
        message.send()
    sent = mail.outbox[0]
    assert sent.cc == ["cc@demo.test"]
    assert sent.alternatives[0][0] == "<p>Rich</p>"
    assert sent.attachments[0][0] == "plan.ics"
    assert sent.attachments[0][1] in (b"BEGIN:VCALENDAR", "BEGIN:VCALENDAR")


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Once", "Body", "from@demo.test", ["to@demo.test"])
    message = OutboxMessage.objects.get()
    assert outbox.outbox_deliver_message(message_id=message.pk) is True
    assert len(mail.outbox) == 1


def test_a_failed_delivery_is_kept_and_retried_by_the_sweep(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_EMAIL_BACKEND = "tests.core.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Retry me", "Body", "from@demo.test", ["to@demo.test"])
    message = OutboxMessage.objects.get()
    assert message.delivered_at is None
    assert message.attempts == 1
    assert "SMTP server unavailable" in message.last_error
    assert message.next_attempt_at > timezone.now()

    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox_sweep.apply()  # not yet due: nothing happens
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        outbox_sweep.apply()
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert [m.subject for m in mail.outbox] == ["Retry me"]


def test_the_sweep_delivers_messages_the_relay_never_handed_over(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        send_mail("Lost relay", "Body", "from@demo.test", ["to@demo.test"])
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        outbox_sweep.apply()
    assert [m.subject for m in mail.outbox] == ["Lost relay"]


def test_a_relay_failure_never_raises(monkeypatch):
    from core import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", broker_down)
    assert outbox.outbox_relay(message_id="00000000-0000-4000-8000-000000000000") is False


def test_delivered_messages_are_purged_after_thirty_days(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Old", "Body", "from@demo.test", ["to@demo.test"])
    assert outbox.outbox_purge_delivered() == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert outbox.outbox_purge_delivered() == 1
    assert OutboxMessage.objects.count() == 0
