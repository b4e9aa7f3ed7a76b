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

    id = uuid_primary_key()
    kind = models.CharField(max_length=40, choices=Kind.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(default=_first_attempt_at)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending_idx",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_delivered(self):
        return self.delivered_at is not None
