from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.fields import uuid_primary_key


def _first_attempt_at():
    # The relay after commit normally delivers at once; the sweep only steps in later.
    return timezone.now() + timedelta(seconds=settings.OUTBOX_RETRY_AFTER_SECONDS)


class OutboxMessage(models.Model):
    """A notification or email waiting to go out, written in the same transaction as its cause."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        DELIVERED = "delivered", "Sent"
        FAILED = "failed", "Gave up"

    id = uuid_primary_key()
    kind = models.CharField(max_length=40, choices=Kind.choices)
    payload = models.JSONField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=_first_attempt_at)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A worker holds a lease, not a row lock, while it sends: a crashed worker's
    # lease runs out and the sweep tries again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    # A new id for every attempt, sent with the email, so a repeat can be told apart.
    delivery_id = models.UUIDField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    # What the message is about ("referral:<id>"), so a page about that can say whether its
    # emails have gone out yet.
    about = models.CharField(max_length=80, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending_idx",
                condition=models.Q(state__in=["pending", "sending"]),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_delivered(self):
        return self.delivered_at is not None
