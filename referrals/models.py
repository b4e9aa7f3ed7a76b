"""Closed-loop referrals: one organisation passes a person to another, and hears how it went.

What the receiver sees of the person is a copy taken when the referral is sent, holding
only what the person agreed to share; without consent the copy is empty (an anonymous
enquiry). Personal workflow data: only the site's own staff views show it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.fields import uuid_primary_key
from ecosystem.models import Organisation, Service
from journeys.models import Journey


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine: within a few weeks"
    SOON = "soon", "Soon: within a week"
    URGENT = "urgent", "Urgent: within two working days"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    PHONE = "phone", "On the phone"
    EMAIL = "email", "By email or message"
    WRITTEN = "written", "On a signed form"


class Shared(models.TextChoices):
    """What the person may agree to share with the receiving organisation."""

    NAME = "name", "Name (and group name)"
    CONTACT = "contact", "Email address, phone number and how they like to be contacted"
    POSTCODE = "postcode", "Postcode"
    VENTURE = "venture", "Their idea or business, its type and stage"
    BARRIERS = "barriers", "What makes it harder for them (not health or faith)"


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"
        CLOSED = "closed", "Closed: no contact"
        REROUTED = "rerouted", "Passed to another organisation"
        EXPIRED = "expired", "Expired: no answer"

    class Outcome(models.TextChoices):
        HELPED = "helped", "Helped"
        PARTLY = "partly", "Partly helped"
        NOT_HELPED = "not-helped", "Did not help"

    OPEN = (Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS)
    FINISHED = (
        Status.DECLINED,
        Status.WITHDRAWN,
        Status.COMPLETED,
        Status.CLOSED,
        Status.REROUTED,
        Status.EXPIRED,
    )
    # Ways a referral ends before the receiver takes the person on. Once it has, the receiver
    # sees only that the referral happened, and the copy of the details goes after a while.
    ENDED_BEFORE_ACCEPTING = (
        Status.DECLINED,
        Status.WITHDRAWN,
        Status.REROUTED,
        Status.EXPIRED,
    )

    id = uuid_primary_key()
    reference = models.CharField(max_length=12, unique=True)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referrals_sent"
    )
    from_journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_out"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referrals_received"
    )
    to_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    need = models.TextField("what they need")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    # Consent to share: who gave it, when, how and for what.
    consent_given = models.BooleanField(default=False)
    consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_scope = models.JSONField(default=list, blank=True)
    shared = models.JSONField(
        default=dict, blank=True, help_text="What the receiver may see, copied when it was sent."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    decline_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    receiving_journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals_in"
    )
    rerouted_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rerouted_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    shared_cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the copy of the person's details was cleared."
    )
    # The form carries a one-time token, so sending the same form twice makes one referral.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="referral_to_status_idx"),
            models.Index(fields=["from_organisation", "status"], name="referral_from_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token"],
                condition=models.Q(submission_token__isnull=False),
                name="referral_submitted_once",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.from_organisation} to {self.to_organisation}"

    def get_absolute_url(self):
        return reverse("referrals:detail", kwargs={"pk": self.pk})

    @property
    def outbox_about(self) -> str:
        """How the outbox names the emails about this referral (OutboxMessage.about)."""
        return f"referral:{self.pk}"

    @property
    def is_anonymous(self) -> bool:
        return not self.consent_given

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def shared_name(self) -> str:
        return self.shared.get("name") or f"Anonymous enquiry {self.reference}"

    @property
    def ended_before_accepting(self) -> bool:
        return self.status in self.ENDED_BEFORE_ACCEPTING and self.accepted_at is None

    def hides_person_from(self, side: str) -> bool:
        """Whether this side of the referral no longer sees the person's details: the receiver,
        once it ended without being accepted."""
        return side == "receiver" and self.ended_before_accepting

    def shared_for(self, side: str) -> dict:
        """The copy of the person's details as one side of the referral may see it."""
        return {} if self.hides_person_from(side) else self.shared

    def person_label(self, side: str) -> str:
        """How a list names the person to one side of the referral."""
        if self.hides_person_from(side):
            return "Not shown: the referral ended"
        return self.shared_name


class ReferralChange(models.Model):
    """A move of a referral from one status to another: who, when, and why."""

    id = uuid_primary_key()
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.referral.reference}: {self.from_status or 'new'} to {self.to_status}"

    @property
    def from_label(self) -> str:
        return Referral.Status(self.from_status).label if self.from_status else ""

    @property
    def to_label(self) -> str:
        return Referral.Status(self.to_status).label


class ReferralMessage(models.Model):
    """A message on a referral's thread, between the two organisations."""

    id = uuid_primary_key()
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Message on {self.referral.reference}"


class Notification(models.Model):
    """A note in the site for one person (the same news also goes by email, through the outbox)."""

    id = uuid_primary_key()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.text
