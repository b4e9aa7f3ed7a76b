from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel

from core.fields import uuid_primary_key
from ecosystem.models import Place


def private_storage():
    """Reports hold a place's figures: kept out of the public media, served only by
    insights.views.report_download after an access check."""
    return storages["private"]


class Report(models.Model):
    """A printable PDF of a place's dashboard for one period, made in the background for the
    person who asked for it (and for nobody else)."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        BUILDING = "building", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be made"

    id = uuid_primary_key()
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="reports")
    start = models.DateField()
    end = models.DateField()
    period_label = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insight_reports"
    )
    # The requester's own organisations serving the place when they asked: the report shows
    # what their dashboard showed then, whatever changes before it is built.
    organisation_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(storage=private_storage, upload_to="insights/reports/", blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When a worker began the current attempt: its lease, which runs out after a while so the
    # sweep can try again if the worker died.
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "requested_at"], name="report_status_idx")]

    def __str__(self):
        return f"Report for {self.place} ({self.period_label})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.BUILDING)

    @property
    def filename(self) -> str:
        return f"{self.place.slug}-report-{self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}.pdf"


# Checks of the model's assumptions against live data ---------------------------------------

# The wellbeing questions a rule may follow: journeys' keys, in short words for a sentence.
WELLBEING_QUESTION_CHOICES = [
    ("life_satisfaction", "Life satisfaction"),
    ("worthwhile", "Feeling that what they do is worthwhile"),
    ("happiness", "Happiness"),
    ("anxiety", "Anxiety (lower is better)"),
    ("confidence", "Confidence about their business"),
]
DEFAULT_WELLBEING_QUESTION = "life_satisfaction"


class AssumptionRule(models.Model):
    """A test of one of the model's assumptions against live data, which the element pages of
    its section run for the place and period they show (insights.assumptions)."""

    class Kind(models.TextChoices):
        REFERRALS_ACCEPTED_WITHIN = (
            "referrals-accepted-within",
            "Referrals are accepted within a number of days",
        )
        SESSIONS_BEFORE_MILESTONES = (
            "sessions-before-milestones",
            "Support comes before milestones",
        )
        WELLBEING_IMPROVES = "wellbeing-improves", "Wellbeing improves"

    id = uuid_primary_key()
    assumption = models.ForeignKey(
        "logicmodel.Assumption", on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField("what to check", max_length=40, choices=Kind.choices)
    days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="For referrals: accepted within this many days of being sent.",
    )
    share = models.PositiveSmallIntegerField(
        "share (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="For referrals and for support before milestones: the percentage that must "
        "meet it for the data to support the assumption.",
    )
    question = models.CharField(
        "wellbeing question",
        max_length=30,
        choices=WELLBEING_QUESTION_CHOICES,
        blank=True,
        help_text="For wellbeing: the question to follow (life satisfaction if left empty).",
    )
    description = models.TextField(
        blank=True,
        help_text="What the rule checks, in plain words, if the wording made from its kind "
        "does not read well.",
    )
    is_active = models.BooleanField(
        "shown on the model", default=True, help_text="Untick to stop checking it for now."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("assumption"),
        FieldPanel("kind"),
        FieldPanel("days"),
        FieldPanel("share"),
        FieldPanel("question"),
        FieldPanel("description"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "assumption check"
        ordering = ["assumption__section__position", "assumption__sort_order", "created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.parameters}"

    @property
    def wellbeing_question(self) -> str:
        return self.question or DEFAULT_WELLBEING_QUESTION

    @property
    def parameters(self) -> str:
        """The rule's settings in a few words, for the CMS list."""
        if self.kind == self.Kind.REFERRALS_ACCEPTED_WITHIN:
            return f"within {self.days} days, at least {self.share}%"
        if self.kind == self.Kind.SESSIONS_BEFORE_MILESTONES:
            return f"at least {self.share}%"
        if self.kind == self.Kind.WELLBEING_IMPROVES:
            return dict(WELLBEING_QUESTION_CHOICES)[self.wellbeing_question].lower()
        return ""

    parameters.fget.short_description = "Settings"

    @property
    def assumption_summary(self) -> str:
        return Truncator(self.assumption.text).chars(80)

    assumption_summary.fget.short_description = "Assumption"

    def clean(self):
        needs_days = self.kind == self.Kind.REFERRALS_ACCEPTED_WITHIN
        needs_share = self.kind in (
            self.Kind.REFERRALS_ACCEPTED_WITHIN,
            self.Kind.SESSIONS_BEFORE_MILESTONES,
        )
        errors = {}
        if needs_days and self.days is None:
            errors["days"] = "Say within how many days referrals should be accepted."
        if not needs_days and self.days is not None:
            errors["days"] = "Leave this empty: only a rule about referrals has days."
        if needs_share and self.share is None:
            errors["share"] = "Say what percentage must meet it, from 1 to 100."
        if not needs_share and self.share is not None:
            errors["share"] = "Leave this empty: a wellbeing rule asks only that it improves."
        if self.question and self.kind != self.Kind.WELLBEING_IMPROVES:
            errors["question"] = "Leave this empty: only a wellbeing rule follows a question."
        if errors:
            raise ValidationError(errors)
