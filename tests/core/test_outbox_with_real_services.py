"""The outbox against a real Redis broker and a real Celery worker process."""

import signal
import time
import uuid

import pytest
from django.core.mail import send_mail
from django.urls import reverse

from core.models import OutboxMessage
from core.tasks import outbox_sweep
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


def _delivered(message_id):
    return OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_real_redis_delivers_an_email(tmp_path, settings):
    require_postgresql()
    redis_url = settings.REDIS_URL
    if not redis_url:
        pytest.skip("REDIS_URL is not set; make test sets it")
    queue = f"test-{uuid.uuid4().hex}"
    with use_broker(redis_url, queue), celery_worker(redis_url, queue, tmp_path):
        send_mail("Real worker", "Body", "from@demo.test", ["to@demo.test"])
        message = OutboxMessage.objects.get()
        wait_until(lambda: _delivered(message.pk))
    [sent] = read_sent_mail(tmp_path)
    assert sent["Subject"] == "Real worker"
    # The worker's attempt is named in the email, so a repeat after a crash can be recognised.
    message.refresh_from_db()
    assert sent["X-Outbox-Delivery-Id"] == str(message.delivery_id)
    assert sent["Message-ID"] == f"<outbox-{message.pk}@demo.test>"


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_request_still_succeeds_and_the_email_goes_out_later(
    tmp_path, settings, client, cast
):
    require_postgresql()
    settings.OUTBOX_RETRY_AFTER_SECONDS = 0
    queue = f"test-{uuid.uuid4().hex}"
    with private_redis() as redis, use_broker(redis.url, queue):
        redis.stop()
        response = client.post(
            reverse("account_reset_password"), {"email": "entrepreneur@demo.test"}
        )
        assert response.status_code == 302
        assert response.url == reverse("account_reset_password_done")
        message = OutboxMessage.objects.get()
        assert message.delivered_at is None
        assert message.payload["to"] == ["entrepreneur@demo.test"]

        redis.start()
        with celery_worker(redis.url, queue, tmp_path):
            outbox_sweep.apply_async()  # what celery beat sends every minute
            wait_until(lambda: _delivered(message.pk))
    [sent] = read_sent_mail(tmp_path)
    assert sent["To"] == "entrepreneur@demo.test"
    assert "/accounts/password/reset/key/" in text_of(sent)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_has_the_task_handed_out_again_and_the_email_goes_once(
    tmp_path, settings
):
    require_postgresql()
    queue = f"test-{uuid.uuid4().hex}"
    slow = {
        "OUTBOX_EMAIL_BACKEND": "tests.core.slow_backend.SlowFileBackend",
        "SLOW_EMAIL_SECONDS": "4",
        "OUTBOX_LEASE_SECONDS": "2",
        "CELERY_VISIBILITY_TIMEOUT": "3",
        # Look for unacknowledged tasks every second: by default the worker looks when it
        # starts (the task may not be 3 s old yet) and then only every 100 s.
        "CELERY_RESTORE_INTERVAL": "1",
        "CELERY_RESTORE_THROTTLE": "1",
        "SLOW_EMAIL_MARKER": str(tmp_path / "started"),
    }
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with private_redis() as redis, use_broker(redis.url, queue):
        with celery_worker(redis.url, queue, mail_dir, **slow) as first:
            send_mail("Killed mid-send", "Body", "from@demo.test", ["to@demo.test"])
            message = OutboxMessage.objects.get()
            wait_until(lambda: (tmp_path / "started").exists())
            first.send_signal(signal.SIGKILL)  # as kill -9: no chance to tidy up or to ack
            first.wait(10)
        assert read_sent_mail(mail_dir) == []
        message.refresh_from_db()
        assert message.delivered_at is None and message.attempts == 1
        # A new worker gets the same task again (it was never acknowledged) and sends it.
        with celery_worker(redis.url, queue, mail_dir, **{**slow, "SLOW_EMAIL_SECONDS": "0"}):
            wait_until(lambda: _delivered(message.pk), timeout=60)
            time.sleep(2)  # time for a second, wrong delivery to show up, if there were one
    sent = read_sent_mail(mail_dir)
    assert [m["Subject"] for m in sent] == ["Killed mid-send"]
    message.refresh_from_db()
    assert message.attempts == 2
    assert sent[0]["X-Outbox-Delivery-Id"] == str(message.delivery_id)
