import logging
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from django.utils import timezone

from core import outbox
from core.models import OutboxMessage
from core.tasks import outbox_purge, outbox_sweep
from tests.support.services import require_postgresql

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


# Claim, commit, send, record ---------------------------------------------------------

SIGN_IN_CODE = "Your sign-in code is 493817."


def _send_sign_in_code():
    send_mail("Sign-in code", SIGN_IN_CODE, "hello@demo.test", ["person@demo.test"])


def _in_another_connection(work):
    """Run work on a second database connection (a thread has its own) and return its result."""
    result = {}

    def run():
        try:
            result["value"] = work()
        except Exception as exc:  # handed back to the test
            result["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if "error" in result:
        raise result["error"]
    return result["value"]


def _lock_at_once(message_id):
    from django.db import DatabaseError

    try:
        with transaction.atomic():
            row = OutboxMessage.objects.select_for_update(nowait=True).get(pk=message_id)
    except DatabaseError:
        return "locked"
    return row.state


@pytest.mark.django_db(transaction=True)
def test_it_sends_with_no_transaction_open_and_the_row_unlocked(monkeypatch):
    require_postgresql()
    seen = {}

    def probe(payload, *, message_id, delivery_id):
        seen["in_atomic_block"] = connection.in_atomic_block
        seen["row_from_elsewhere"] = _in_another_connection(lambda: _lock_at_once(message_id))
        seen["delivery_id"] = delivery_id

    monkeypatch.setitem(outbox._handlers, "probe", probe)
    with transaction.atomic():  # as a request does; the relay runs on commit (eager Celery)
        message = outbox.outbox_enqueue(kind="probe", payload={"n": 1})
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.DELIVERED
    assert seen["in_atomic_block"] is False
    # Another worker could lock the row during the send: the claim was committed first.
    assert seen["row_from_elsewhere"] == OutboxMessage.State.SENDING
    assert seen["delivery_id"] == str(message.delivery_id)


@pytest.mark.django_db(transaction=True)
def test_two_deliverers_never_both_send_while_the_lease_is_live(monkeypatch):
    require_postgresql()
    sending, finish, sends = threading.Event(), threading.Event(), []

    def slow_server(payload, *, message_id, delivery_id):
        sends.append(delivery_id)
        sending.set()
        assert finish.wait(30)

    monkeypatch.setitem(outbox._handlers, "probe", slow_server)
    message = OutboxMessage.objects.create(kind="probe", payload={"n": 1})

    def first_worker():
        outbox.outbox_deliver_message(message_id=message.pk)
        connection.close()

    first = threading.Thread(target=first_worker)
    first.start()
    try:
        assert sending.wait(30)
        assert outbox.outbox_deliver_message(message_id=message.pk) is False
        with time_machine.travel(timezone.now() + timedelta(minutes=4)):  # due, lease live
            outbox_sweep.apply()
    finally:
        finish.set()
        first.join(30)
    assert len(sends) == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.DELIVERED
    assert message.attempts == 1


def test_a_worker_that_dies_after_sending_leaves_the_message_to_retry_after_its_lease(
    monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _send_sign_in_code()
    message = OutboxMessage.objects.get()

    def the_process_dies(claim):
        raise SystemExit("killed after the mail server took the message")

    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_mark_delivered", the_process_dies)
        with pytest.raises(SystemExit):
            outbox.outbox_deliver_message(message_id=message.pk)
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENDING
    first_delivery = message.delivery_id

    with time_machine.travel(timezone.now() + timedelta(minutes=4)):  # the lease still holds
        outbox_sweep.apply()
        assert outbox.outbox_deliver_message(message_id=message.pk) is False
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        outbox_sweep.apply()
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.DELIVERED
    assert message.attempts == 2
    assert message.delivery_id != first_delivery
    first, again = mail.outbox
    assert again.body == first.body == SIGN_IN_CODE
    # One Message-ID for the message, one delivery id for each attempt: a repeat shows.
    assert again.message()["Message-ID"] == first.message()["Message-ID"]
    assert first.extra_headers["X-Outbox-Delivery-Id"] == str(first_delivery)
    assert again.extra_headers["X-Outbox-Delivery-Id"] == str(message.delivery_id)


def test_a_lease_that_runs_out_on_the_last_attempt_gives_up(monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    message = OutboxMessage.objects.create(kind="probe", payload={"n": 1})
    sends = []
    monkeypatch.setitem(outbox._handlers, "probe", lambda payload, **ids: sends.append(ids))
    with monkeypatch.context() as patch:
        patch.setattr(outbox, "_mark_delivered", lambda claim: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            outbox.outbox_deliver_message(message_id=message.pk)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        outbox_sweep.apply()
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.FAILED
    assert len(sends) == 1


# Giving up loudly ------------------------------------------------------------------


def _fail_until_given_up(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_EMAIL_BACKEND = "tests.core.failing_backend.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _send_sign_in_code()
    message = OutboxMessage.objects.get()
    for hours in (1, 2):
        with time_machine.travel(timezone.now() + timedelta(hours=hours)):
            outbox_sweep.apply()
    message.refresh_from_db()
    return message


def test_after_the_last_attempt_it_gives_up_and_logs_an_error_without_the_body(
    settings, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING, logger="core.outbox"):
        message = _fail_until_given_up(settings, django_capture_on_commit_callbacks)
    assert message.state == OutboxMessage.State.FAILED
    assert message.failed_at is not None
    assert message.attempts == 3
    assert message.delivered_at is None
    [given_up] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert str(message.pk) in given_up.getMessage()
    assert "email" in given_up.getMessage()
    assert all("493817" not in r.getMessage() for r in caplog.records)
    assert all(r.exc_info is None for r in caplog.records)  # no traceback with the payload in it
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        outbox_sweep.apply()  # it is not tried again
    message.refresh_from_db()
    assert message.attempts == 3
    assert mail.outbox == []


def test_failed_messages_show_in_healthz(settings, django_capture_on_commit_callbacks, client):
    settings.REDIS_URL = ""
    assert client.get("/healthz").json()["outbox"] == {
        "status": "ok",
        "overdue": 0,
        "failed_recently": 0,
    }
    _fail_until_given_up(settings, django_capture_on_commit_callbacks)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["outbox"] == {"status": "degraded", "overdue": 0, "failed_recently": 1}
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert client.get("/healthz").json()["outbox"]["failed_recently"] == 0


def test_many_overdue_messages_show_in_healthz(client, settings):
    settings.REDIS_URL = ""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind="email", payload={}, next_attempt_at=an_hour_ago) for _ in range(3)
    )
    assert outbox.outbox_health(overdue_alarm=3) == {
        "status": "degraded",
        "overdue": 3,
        "failed_recently": 0,
    }
    body = client.get("/healthz").json()
    assert body["outbox"]["overdue"] == 3
    OutboxMessage.objects.bulk_create(
        OutboxMessage(kind="email", payload={}, next_attempt_at=an_hour_ago) for _ in range(7)
    )
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["outbox"] == {"status": "degraded", "overdue": 10, "failed_recently": 0}


ADMIN_LIST = "/django-admin/core/outboxmessage/"


def test_administrators_see_failed_messages_without_their_body(
    settings, django_capture_on_commit_callbacks, client_for
):
    message = _fail_until_given_up(settings, django_capture_on_commit_callbacks)
    response = client_for("admin").get(ADMIN_LIST, {"state": "failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "person@demo.test" in html
    assert "Sign-in code" in html
    assert "SMTP server unavailable" in html
    assert "493817" not in html
    detail = client_for("admin").get(f"{ADMIN_LIST}{message.pk}/change/")
    assert detail.status_code == 200
    assert "person@demo.test" in detail.content.decode()
    assert "493817" not in detail.content.decode()
    assert (
        client_for("admin").get(ADMIN_LIST, {"state": "delivered"}).context["cl"].result_count == 0
    )
    assert (
        client_for("admin").get(ADMIN_LIST, {"q": str(message.pk)}).context["cl"].result_count == 1
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("staff_a", 404), ("editor", 404)]
)
def test_only_administrators_see_the_outbox(client_for, persona, status):
    assert client_for(persona).get(ADMIN_LIST).status_code == status


def test_try_again_sends_a_failed_message_afresh(
    settings, django_capture_on_commit_callbacks, client_for
):
    message = _fail_until_given_up(settings, django_capture_on_commit_callbacks)
    delivered = OutboxMessage.objects.create(
        kind="email", payload={}, state=OutboxMessage.State.DELIVERED, delivered_at=timezone.now()
    )
    settings.OUTBOX_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("admin").post(
            ADMIN_LIST,
            {
                "action": "try_again",
                "index": 0,
                "_selected_action": [str(message.pk), str(delivered.pk)],
            },
            follow=True,
        )
    notes = [str(m) for m in response.context["messages"]]
    assert "1 message will be tried again now." in notes
    assert any("1 message left alone" in note for note in notes)
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.DELIVERED
    assert message.failed_at is None
    assert message.attempts == 1
    assert [m.body for m in mail.outbox] == [SIGN_IN_CODE]


def test_the_admin_cannot_add_change_or_delete_outbox_messages(client_for):
    message = OutboxMessage.objects.create(kind="email", payload={"to": ["a@demo.test"]})
    admin = client_for("admin")
    assert admin.get(f"{ADMIN_LIST}add/").status_code == 403
    assert (
        admin.post(f"{ADMIN_LIST}{message.pk}/change/", {"state": "delivered"}).status_code == 403
    )
    assert admin.get(f"{ADMIN_LIST}{message.pk}/delete/").status_code == 403
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING


# Purging ---------------------------------------------------------------------------


def test_failed_messages_are_purged_after_the_set_period_and_not_before(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_PURGE_FAILED_AFTER_DAYS = 7
    _fail_until_given_up(settings, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Waiting", "Body", "hello@demo.test", ["other@demo.test"])
    waiting = OutboxMessage.objects.get(state=OutboxMessage.State.PENDING)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        outbox_purge.apply()
    assert OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED).count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        outbox_purge.apply()
    assert list(OutboxMessage.objects.all()) == [waiting]  # a message still being tried stays
