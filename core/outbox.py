"""The outbox: every email and notification is a row first, delivered after commit.

A request writes the row inside its own transaction. After commit the row is
relayed to Celery; if the broker is down the row simply waits, and the periodic
sweep delivers it later. Handlers are registered per kind by the app that owns it.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

_handlers: dict[str, Callable[[dict], None]] = {}


def register_handler(kind: str, handler: Callable[[dict], None]) -> None:
    """Name the function that delivers outbox messages of one kind."""
    _handlers[kind] = handler


def outbox_enqueue(*, kind: str, payload: dict) -> OutboxMessage:
    """Write a message to the outbox and relay it to the workers once the transaction commits."""
    message = OutboxMessage.objects.create(kind=kind, payload=payload)
    transaction.on_commit(lambda: outbox_relay(message_id=message.pk))
    return message


def outbox_relay(*, message_id) -> bool:
    """Hand one message to Celery; a broker failure is logged and left to the sweep."""
    from .tasks import outbox_deliver

    try:
        outbox_deliver.apply_async(args=[str(message_id)], retry=False)
    except Exception:  # the broker is down: the sweep will deliver it later
        logger.warning("Outbox relay failed for %s; the sweep will retry.", message_id)
        return False
    return True


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 360))


def outbox_deliver_message(*, message_id) -> bool:
    """Deliver one message at most once at a time; return whether it is now delivered."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, delivered_at__isnull=True)
            .first()
        )
        if message is None:  # delivered already, or another worker holds it
            return OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=False).exists()
        try:
            _handlers[message.kind](message.payload)
        except Exception as exc:
            logger.exception("Outbox delivery failed for %s", message.pk)
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = timezone.now() + _backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            return False
        message.delivered_at = timezone.now()
        message.attempts += 1
        message.last_error = ""
        message.save(update_fields=["delivered_at", "attempts", "last_error"])
        return True


def outbox_due_ids(*, limit: int = 500) -> list:
    """Ids of undelivered messages whose next attempt is due."""
    return list(
        OutboxMessage.objects.filter(
            delivered_at__isnull=True,
            next_attempt_at__lte=timezone.now(),
            attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_purge_delivered(*, older_than_days: int = 30) -> int:
    """Delete delivered messages after a while: they hold personal data we no longer need."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxMessage.objects.filter(delivered_at__lt=cutoff).delete()
    return deleted
