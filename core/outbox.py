"""The outbox: every email and notification is a row first, delivered after commit.

A request writes the row inside its own transaction. After commit the row is
relayed to Celery; if the broker is down the row simply waits, and the periodic
sweep delivers it later. Handlers are registered per kind by the app that owns it.

Delivery is claim, send, record. A worker claims a row in a short transaction
(a lease of OUTBOX_LEASE_SECONDS and a fresh delivery id) and commits, sends with
no transaction open and no row locked, then records the outcome in a second short
transaction. So a slow mail server holds up only its own message, and a worker
that dies mid-send leaves a lease that runs out, after which the sweep tries again.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# A handler is called as handler(payload, message_id=..., delivery_id=...).
Handler = Callable[..., None]
_handlers: dict[str, Handler] = {}

State = OutboxMessage.State


def register_handler(kind: str, handler: Handler) -> None:
    """Name the function that delivers outbox messages of one kind."""
    _handlers[kind] = handler


def outbox_enqueue(*, kind: str, payload: dict, about: str = "") -> OutboxMessage:
    """Write a message to the outbox and relay it to the workers once the transaction commits."""
    message = OutboxMessage.objects.create(kind=kind, payload=payload, about=about)
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


@dataclass(frozen=True)
class _Claim:
    message_id: uuid.UUID
    kind: str
    payload: dict
    attempts: int
    delivery_id: uuid.UUID


def _claim(message_id) -> _Claim | None:
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id)
            .filter(
                # Waiting and due (a first attempt need not wait for the sweep's time) ...
                Q(state=State.PENDING) & (Q(attempts=0) | Q(next_attempt_at__lte=now))
                # ... or claimed by a worker whose lease ran out (it crashed, or was killed).
                | Q(state=State.SENDING, claim_expires_at__lte=now)
            )
            .first()
        )
        if message is None:  # delivered, given up, not due, or another worker holds it
            return None
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            # Only a lease that ran out gets here: its last attempt never reported back.
            _give_up(message, now=now, error=message.last_error or "The last attempt never ended.")
            return None
        lease_ends = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        message.state = State.SENDING
        message.attempts += 1  # counted now, so a send that kills the worker still counts
        message.claimed_at = now
        message.claim_expires_at = lease_ends
        message.next_attempt_at = lease_ends  # when the sweep may look again
        message.delivery_id = uuid.uuid4()
        message.save(
            update_fields=[
                "state",
                "attempts",
                "claimed_at",
                "claim_expires_at",
                "next_attempt_at",
                "delivery_id",
            ]
        )
    return _Claim(message.pk, message.kind, message.payload, message.attempts, message.delivery_id)


def _give_up(message: OutboxMessage, *, now, error: str) -> None:
    message.state = State.FAILED
    message.failed_at = now
    message.claim_expires_at = None
    message.last_error = error[:2000]
    message.save(update_fields=["state", "failed_at", "claim_expires_at", "last_error"])
    # Never the payload: it may hold a sign-in code or a password reset link.
    logger.error(
        "Outbox gave up on message %s (kind %s) after %s attempts; "
        "see System administration > Outbox messages.",
        message.pk,
        message.kind,
        message.attempts,
    )


def _mark_delivered(claim: _Claim) -> bool:
    # Only while the claim is still ours: if the lease ran out and another worker
    # has claimed the message since, its attempt decides the outcome.
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(
            pk=claim.message_id, state=State.SENDING, delivery_id=claim.delivery_id
        ).update(
            state=State.DELIVERED,
            delivered_at=timezone.now(),
            claim_expires_at=None,
            last_error="",
        )
    if not updated:
        logger.warning(
            "Outbox message %s was sent (delivery %s) after its lease ran out; "
            "it may be sent again.",
            claim.message_id,
            claim.delivery_id,
        )
    return bool(updated)


def _record_failure(claim: _Claim, exc: Exception) -> None:
    now = timezone.now()
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning(
        "Outbox delivery %s of message %s (kind %s) failed, attempt %s: %s",
        claim.delivery_id,
        claim.message_id,
        claim.kind,
        claim.attempts,
        type(exc).__name__,
    )
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=claim.message_id, state=State.SENDING, delivery_id=claim.delivery_id)
            .first()
        )
        if message is None:  # the lease ran out and another worker has it now
            return
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            _give_up(message, now=now, error=error)
            return
        message.state = State.PENDING
        message.last_error = error
        message.claim_expires_at = None
        message.next_attempt_at = now + _backoff(message.attempts)
        message.save(update_fields=["state", "last_error", "claim_expires_at", "next_attempt_at"])


def outbox_deliver_message(*, message_id) -> bool:
    """Claim one message, send it with no transaction open, and record the outcome.

    Delivery is at least once, never exactly once: SMTP has no way to take part in
    our transaction, so a worker that dies after the mail server accepted a message
    and before it recorded that leaves a lease that runs out, and the message is
    sent again. Each attempt carries a new delivery id (the email's
    X-Outbox-Delivery-Id header, and our logs), and every attempt of one message
    carries the same Message-ID, so a repeat can be recognised. While a lease is live
    no other worker sends the message. Call it outside any transaction (Celery does,
    and so does the relay after commit): inside one, nothing is committed before the
    send. Returns whether the message is now delivered.
    """
    claim = _claim(message_id)
    if claim is None:
        return OutboxMessage.objects.filter(pk=message_id, state=State.DELIVERED).exists()
    try:
        _handlers[claim.kind](
            claim.payload, message_id=str(claim.message_id), delivery_id=str(claim.delivery_id)
        )
    except Exception as exc:
        _record_failure(claim, exc)
        return False
    return _mark_delivered(claim)


def outbox_due_ids(*, limit: int = 500) -> list:
    """Ids of messages whose next attempt is due, including those whose lease ran out."""
    return list(
        OutboxMessage.objects.filter(
            state__in=[State.PENDING, State.SENDING], next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_retry(*, message_ids) -> int:
    """Give messages the outbox gave up on a fresh set of attempts, starting now."""
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.filter(pk__in=message_ids, state=State.FAILED).values_list(
                "pk", flat=True
            )
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            state=State.PENDING,
            attempts=0,
            failed_at=None,
            next_attempt_at=timezone.now(),
        )
        for message_id in ids:
            transaction.on_commit(lambda message_id=message_id: outbox_relay(message_id=message_id))
    return len(ids)


def outbox_purge_delivered(*, older_than_days: int = 30) -> int:
    """Delete delivered messages after a while: they hold personal data we no longer need."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutboxMessage.objects.filter(delivered_at__lt=cutoff).delete()
    return deleted


def outbox_purge_failed(*, older_than_days: int | None = None) -> int:
    """Delete messages given up on after OUTBOX_PURGE_FAILED_AFTER_DAYS: their codes and links are stale."""
    days = settings.OUTBOX_PURGE_FAILED_AFTER_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(state=State.FAILED, failed_at__lt=cutoff).delete()
    return deleted


def outbox_health(
    *,
    overdue_after: timedelta = timedelta(minutes=15),
    failed_within: timedelta = timedelta(days=1),
    overdue_alarm: int = 10,
) -> dict:
    """Counts for /healthz: messages long overdue (the workers are behind) and recent give-ups."""
    now = timezone.now()
    overdue = OutboxMessage.objects.filter(
        state__in=[State.PENDING, State.SENDING], next_attempt_at__lte=now - overdue_after
    ).count()
    failed = OutboxMessage.objects.filter(
        state=State.FAILED, failed_at__gte=now - failed_within
    ).count()
    degraded = failed > 0 or overdue >= overdue_alarm
    return {
        "status": "degraded" if degraded else "ok",
        "overdue": overdue,
        "failed_recently": failed,
    }


def outbox_about(about: str) -> list[OutboxMessage]:
    """The messages about one thing (oldest first), for a page to say whether they went."""
    return list(OutboxMessage.objects.filter(about=about).order_by("created_at"))
