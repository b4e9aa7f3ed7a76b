"""Copies of a person's data made for them (subject access) and the record of each erasure."""

import hashlib
import hmac

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from core.fields import uuid_primary_key
from core.personal_data import normalise_email
from ecosystem.models import Organisation


def private_storage():
    """A copy holds everything about a person: kept out of the public media, served only by
    privacy.views.export_download after an access check."""
    return storages["private"]


def email_fingerprint(email: str) -> str:
    """A one-way keyed hash of an address, so a second request from it can be recognised
    without keeping the address (keyed, so a list of addresses cannot be tried against it)."""
    key = (settings.PRIVACY_FINGERPRINT_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


class DataExport(models.Model):
    """A copy of everything held about one person, made in the background, kept for a few days."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        BUILDING = "building", "Being made"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be made"
        EXPIRED = "expired", "Deleted: it was kept for a few days only"

    id = uuid_primary_key()
    # Whose records: one organisation's, or everything the platform holds (None).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="data_exports"
    )
    # How the person was found (an address, a reference or a client record's id); cleared
    # with the file when the copy expires.
    query = models.CharField(max_length=254, blank=True)
    subject_label = models.CharField("about", max_length=200, blank=True)
    for_self = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(storage=private_storage, upload_to="privacy/exports/", blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveSmallIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"], name="export_status_idx")]

    def __str__(self):
        return f"Copy of data about {self.subject_label or 'a person'}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.BUILDING)

    @property
    def filename(self) -> str:
        return f"data-copy-{self.requested_at:%Y-%m-%d}-{str(self.pk)[:8]}.zip"


class Erasure(models.Model):
    """The record an organisation keeps of erasing a person: who asked, who did it, when and
    what went, with no way back to the person except recognising the same address again."""

    class HowAsked(models.TextChoices):
        EMAIL = "email", "By email"
        LETTER = "letter", "By letter"
        IN_PERSON = "in-person", "In person"
        PHONE = "phone", "By phone"
        ONLINE = "online", "On this site"
        RETENTION = "retention", "Kept for as long as our retention period allows"

    id = uuid_primary_key()
    reference = models.CharField(max_length=12, unique=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="erasures"
    )
    everywhere = models.BooleanField(default=False)
    email_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    how_asked = models.CharField("how they asked", max_length=20, choices=HowAsked.choices)
    asked_on = models.DateField("when they asked")
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict, blank=True)
    organisations_told = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-done_at"]

    def __str__(self):
        return f"Erasure {self.reference}"
