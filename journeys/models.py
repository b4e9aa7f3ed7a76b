"""People asking for support, and the journeys, sessions and milestones of those a hub works with.

This is personal workflow data: it lives only in the site's own staff views,
behind journeys.access, never in the CMS. Each organisation keeps its own record
of a person (a Client); the same person helped by two hubs has two records.
A person has at most one open (active or paused) journey at an organisation: whatever
brings them back (a referral, a request, a row of a file) joins that journey rather than
starting another (journeys.selectors.person_known_to says who is the same person).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.fields import uuid_primary_key
from ecosystem.models import Organisation, Place, TaxonomyTerm


class Stage(models.TextChoices):
    """Where a venture is. "Enquiry" is where every journey starts until staff know more."""

    ENQUIRY = "enquiry", "Enquiry"
    EXPLORING = "exploring", "Exploring an idea"
    PLANNING = "planning", "Planning"
    STARTING = "starting", "Starting up"
    TRADING = "trading", "Trading"
    GROWING = "growing", "Growing"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"


class ApplicantKind(models.TextChoices):
    PERSON = "person", "A person"
    GROUP = "group", "A group of people"


class Barrier(models.TextChoices):
    """Things that can make starting a business harder. The last two are special category data."""

    LANGUAGE = "language", "English is not my first language"
    BENEFITS = "benefits", "Worried about how it affects my benefits"
    HOUSING = "housing", "Housing problems"
    CHILDCARE = "childcare", "Childcare or caring responsibilities"
    FINANCE = "finance", "Getting hold of money to start"
    DISABILITY = "disability", "A disability or health condition"
    FAITH_FINANCE = "faith-finance", "Finance that fits my faith (for example, without interest)"


# Health and religion are special category data (UK GDPR article 9): asked only
# under explicit consent, shown only to the staff working with the person.
SENSITIVE_BARRIERS = (Barrier.DISABILITY, Barrier.FAITH_FINANCE)
ORDINARY_BARRIERS = tuple(b for b in Barrier if b not in SENSITIVE_BARRIERS)

PRIVACY_NOTICE_VERSION = "2026-12"


class PersonDetails(models.Model):
    """Who a request or a client record is about, how to reach them, and what they agreed to."""

    kind = models.CharField(
        "asking as", max_length=10, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    name = models.CharField(max_length=120)
    group_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    contact_method = models.CharField(
        "how to contact them",
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    contact_times = models.CharField("best times", max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="%(class)ss"
    )
    barriers = models.JSONField(default=list, blank=True)
    sensitive_barriers = models.JSONField(default=list, blank=True)
    sensitive_consent_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        return f"{self.group_name} ({self.name})" if self.group_name else self.name

    def barrier_labels(self, *, sensitive: bool = False) -> list[str]:
        """The barriers as words; health and faith only when the reader may see them."""
        codes = list(self.barriers) + (list(self.sensitive_barriers) if sensitive else [])
        return [Barrier(code).label for code in codes if code in Barrier.values]


class SupportRequest(PersonDetails):
    """Someone asking for support through the public form, waiting for a hub to pick it up."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        DUPLICATE = "duplicate", "A duplicate of another request"
        NOT_ELIGIBLE = "not-eligible", "Not something we can help with"
        NO_REPLY = "no-reply", "We could not get in touch"
        WITHDRAWN = "withdrawn", "They no longer want support"
        SIGNPOSTED = "signposted", "Signposted to another service"
        SPAM = "spam", "Not a real request"

    id = uuid_primary_key()
    reference = models.CharField(max_length=12, unique=True)
    email = models.EmailField()
    postcode = models.CharField(max_length=8)
    local_authority_code = models.CharField(max_length=9, blank=True)
    idea = models.TextField("their idea or business")
    business_type = models.ForeignKey(
        TaxonomyTerm,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The kind of business they have in mind; the form offers “Not sure yet”.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.EXPLORING)
    help_wanted = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="+")
    help_details = models.TextField("help they want", blank=True)
    consented_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    # Which hub holds it: empty while every hub serving the place may pick it up.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    suspected_spam = models.BooleanField(
        default=False, help_text="Sent many times from one address in a short time."
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    decision_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference}: {self.display_name}"

    def get_absolute_url(self):
        return reverse("triage:detail", kwargs={"pk": self.pk})


class RequestPass(models.Model):
    """A request passed from one hub (or the site's own queue) to another partner hub."""

    id = uuid_primary_key()
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="passes")
    from_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    passed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    passed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["passed_at"]

    def __str__(self):
        return f"{self.request.reference} passed to {self.to_organisation}"


class EqualityMonitoring(models.Model):
    """Optional equality answers, under their own consent; read only as totals, never one by one."""

    class AgeBand(models.TextChoices):
        UNDER_25 = "16-24", "16 to 24"
        FROM_25 = "25-34", "25 to 34"
        FROM_35 = "35-49", "35 to 49"
        FROM_50 = "50-64", "50 to 64"
        OVER_65 = "65+", "65 or over"
        NOT_SAY = "not-say", "Prefer not to say"

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        OTHER = "other", "In another way"
        NOT_SAY = "not-say", "Prefer not to say"

    class EthnicGroup(models.TextChoices):
        # The five high-level groups of the 2021 Census in England and Wales.
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Another ethnic group"
        NOT_SAY = "not-say", "Prefer not to say"

    class Disabled(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SAY = "not-say", "Prefer not to say"

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="equality"
    )
    consented_at = models.DateTimeField()
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    ethnic_group = models.CharField(max_length=10, choices=EthnicGroup.choices, blank=True)
    disabled = models.CharField(
        "disabled (Equality Act 2010)", max_length=10, choices=Disabled.choices, blank=True
    )

    def __str__(self):
        return f"Equality answers for {self.request.reference}"


class Client(PersonDetails):
    """One organisation's record of a person or group it works with."""

    id = uuid_primary_key()
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="clients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_records",
        help_text="Their account, when they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "email"], name="client_org_email_idx")]

    def __str__(self):
        return self.display_name


class Journey(models.Model):
    """A person's or group's journey with their venture, as one organisation supports it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        TRADING_WELL = "trading-well", "Trading well without our support"
        MOVED_ON = "moved-on", "Moved on to other support"
        STOPPED = "stopped", "Decided not to go ahead"
        NO_CONTACT = "no-contact", "We lost touch"
        MOVED_AWAY = "moved-away", "Moved away"
        OTHER = "other", "Another reason"

    # Open journeys are still going on; a closed one can be reopened only while the person
    # has no other open journey with the organisation.
    OPEN = (Status.ACTIVE, Status.PAUSED)

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="journeys"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="journeys")
    request = models.OneToOneField(
        SupportRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journey",
    )
    venture_name = models.CharField(
        "venture", max_length=200, help_text="The idea or business, in a few words."
    )
    venture_description = models.TextField("about the venture", blank=True)
    business_type = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.ENQUIRY)
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_journeys",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    started_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["organisation", "status", "stage"], name="journey_org_status_idx")
        ]
        constraints = [
            # One open journey per client record (and a record belongs to one organisation).
            models.UniqueConstraint(
                fields=["client"],
                condition=~models.Q(status="closed"),
                name="one_open_journey_per_client",
                violation_error_message="This person already has an open journey here.",
            )
        ]

    def __str__(self):
        return f"{self.client.display_name}: {self.venture_name}"

    def get_absolute_url(self):
        return reverse("journeys:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class JourneyChange(models.Model):
    """A move of a journey's stage or status, or a referral or request accepted onto it rather
    than starting another: who, when and why."""

    class Field(models.TextChoices):
        STAGE = "stage", "Stage"
        STATUS = "status", "Status"
        # Joining an open journey: to_value is "accepted", the reason says which and from whom.
        REFERRAL = "referral", "Referral"
        REQUEST = "request", "Request for support"

    id = uuid_primary_key()
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=10, choices=Field.choices)
    from_value = models.CharField(max_length=20, blank=True)
    to_value = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.get_field_display()}: {self.from_label or 'new'} to {self.to_label}"

    def _label(self, value: str) -> str:
        if self.field not in (self.Field.STAGE, self.Field.STATUS):
            return value
        choices = Stage if self.field == self.Field.STAGE else Journey.Status
        return choices(value).label if value in choices.values else value

    @property
    def from_label(self) -> str:
        return self._label(self.from_value) if self.from_value else ""

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


class Session(models.Model):
    """A piece of support given: one person's coaching, or a workshop for many journeys at once."""

    class Kind(models.TextChoices):
        COACHING = "coaching", "Coaching"
        PEER_SUPPORT = "peer-support", "Peer support"
        ACTION_LEARNING = "action-learning", "Action learning set"
        WORKSHOP = "workshop", "Workshop or training"
        WRAP_AROUND = "wrap-around", "Wrap-around support"
        PRACTICAL = "practical", "Practical help"
        SIGNPOSTING = "signposting", "Signposting"

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField("type of session", max_length=20, choices=Kind.choices)
    activity = models.ForeignKey(
        TaxonomyTerm,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The logic model activity this session delivers.",
    )
    starts_at = models.DateTimeField("date and time", db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "length in minutes", validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="led by",
    )
    topics = models.TextField("what it covered", blank=True)
    notes = models.TextField("staff-only notes", blank=True)
    journeys = models.ManyToManyField(Journey, through="Attendance", related_name="sessions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.starts_at:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("journeys:session", kwargs={"pk": self.pk})


class Attendance(models.Model):
    """A journey taking part in a session; a group session counts once for each."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "journey"], name="one_attendance_each")
        ]

    def __str__(self):
        return f"{self.journey} at {self.session}"


class Action(models.Model):
    """Something agreed to do by a date, by the person supported or by staff."""

    class Owner(models.TextChoices):
        ENTREPRENEUR = "entrepreneur", "The person supported"
        STAFF = "staff", "Staff"

    id = uuid_primary_key()
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="actions")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.CharField("action", max_length=300)
    owner = models.CharField(
        "who does it", max_length=20, choices=Owner.choices, default=Owner.ENTREPRENEUR
    )
    due_on = models.DateField("due by", null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "created_at"]
        indexes = [
            models.Index(
                fields=["due_on"],
                name="action_open_due_idx",
                condition=models.Q(done_at__isnull=True),
            )
        ]

    def __str__(self):
        return self.description


class Milestone(models.Model):
    """Something the venture achieved: registered, a first sale, jobs, finance, premises..."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "Business registered"
        FIRST_SALE = "first-sale", "First sale"
        JOBS = "jobs", "Jobs created"
        VOLUNTEERS = "volunteers", "Volunteers involved"
        FINANCE = "finance", "Finance raised"
        PREMISES = "premises", "Premises secured"

    id = uuid_primary_key()
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField("milestone", max_length=20, choices=Kind.choices)
    achieved_on = models.DateField("date")
    legal_form = models.CharField(max_length=40, choices=Organisation.LegalForm.choices, blank=True)
    registration_number = models.CharField(max_length=40, blank=True)
    jobs_fte = models.DecimalField(
        "jobs (full-time equivalent)", max_digits=6, decimal_places=1, null=True, blank=True
    )
    volunteers = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(
        "amount (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["achieved_on", "recorded_at"]

    def __str__(self):
        return self.get_kind_display()


_score = [MinValueValidator(0), MaxValueValidator(10)]


class WellbeingCheck(models.Model):
    """The ONS four personal wellbeing questions and a confidence rating, each 0 to 10."""

    class Occasion(models.TextChoices):
        START = "start", "At the start"
        FOLLOW_UP = "follow-up", "Follow-up"

    id = uuid_primary_key()
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="wellbeing")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    taken_on = models.DateField("date")
    life_satisfaction = models.PositiveSmallIntegerField(validators=_score)
    worthwhile = models.PositiveSmallIntegerField(validators=_score)
    happiness = models.PositiveSmallIntegerField(validators=_score)
    anxiety = models.PositiveSmallIntegerField(validators=_score)
    confidence = models.PositiveSmallIntegerField(validators=_score)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_on", "recorded_at"]

    def __str__(self):
        return f"Wellbeing {self.get_occasion_display().lower()}, {self.taken_on:%d/%m/%Y}"


class AccessLogEntry(models.Model):
    """Someone opened a person's records: a request, a journey, a referral, a story, or a copy
    of their data. Kept for ACCESS_LOG_RETENTION_DAYS, shown to the organisation's managers,
    and part of the person's own copy of their data."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request for support"
        JOURNEY = "journey", "Journey and client record"
        REFERRAL = "referral", "Referral"
        STORY = "story", "Story"
        EXPORT = "export", "Copy of their data downloaded"
        ERASURE = "erasure", "Their data erased"

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Whose records they were: the organisation that holds them (none for the platform's own).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.CharField(max_length=40)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["organisation", "-at"], name="accesslog_org_at_idx"),
            models.Index(fields=["client", "-at"], name="accesslog_client_at_idx"),
            models.Index(fields=["at"], name="accesslog_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} opened {self.at:%d/%m/%Y %H:%M}"
