"""The warm-data store: stories of change, the consent that says how far each may go, and
the rounds that pick the most significant ones.

A raw story is personal workflow data: it lives only in the site's own views, behind
stories.access. What reaches the public website is a separate CaseStudyPage (see
stories.pages), made only from a story whose consent reaches the public, and taken
down with everything Wagtail keeps of it when that consent is withdrawn.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from core.fields import uuid_primary_key
from ecosystem.models import Organisation, Place
from journeys.models import Journey, Stage


def private_storage():
    """Where story images live until a story is published: never served by URL, only by
    stories.views.image after an access check (files on disk, or a private bucket)."""
    return storages["private"]


def story_image_path(instance, filename):
    # The name the person's file had is not kept: it can say who or where they are.
    return f"stories/{instance.story_id}/{instance.id}.{instance.extension}"


class Theme(models.Model):
    """A kind of venture or change a story is about (food, digital...); site editors add more."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.name)
        super().save(*args, **kwargs)


class Story(models.Model):
    """A story of change told by an entrepreneur, a member of staff or a peer member."""

    class Teller(models.TextChoices):
        ENTREPRENEUR = "entrepreneur", "The entrepreneur, in their own words"
        STAFF = "staff", "A member of staff"
        PEER = "peer", "A peer-support member"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for a check"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "On the website"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Approved stories reach as far as their consent inside the platform.
    SHARED = (Status.APPROVED, Status.PUBLISHED)

    id = uuid_primary_key()
    title = models.CharField(max_length=150)
    narrative = models.TextField(
        "the story", help_text="What changed, for whom, and why it mattered."
    )
    teller = models.CharField("told by", max_length=20, choices=Teller.choices)
    told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_told",
        help_text="Who wrote it down here.",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_about",
        help_text="The account of the person the story is about, when they have one.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stories",
        help_text="The organisation whose story it is; none for a peer member's own.",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    stage = models.CharField("stage at the time", max_length=20, choices=Stage.choices, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="stories")
    elements = models.ManyToManyField(
        "logicmodel.Element",
        blank=True,
        related_name="stories",
        verbose_name="outcomes and impacts",
        help_text="The model's outcomes and impacts the story shows.",
    )
    changed_on = models.DateField("when the change happened")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # An anonymous story reaches the public only through a separate text staff approve.
    public_title = models.CharField("public title", max_length=150, blank=True)
    public_text = models.TextField("public version", blank=True)
    public_text_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_text_approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-changed_on", "-created_at"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["organisation", "status"], name="story_org_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class Consent(models.Model):
    """What the person a story is about agreed to: how far it may go, named or not, and how."""

    class Level(models.TextChoices):
        ORGANISATION = "organisation", "Only the organisation that captured it"
        NETWORK = "network", "The partner network (hubs, peer members and commissioners)"
        PUBLIC = "public", "The public website"

    class Method(models.TextChoices):
        WRITTEN = "written", "In writing"
        VERBAL = "verbal", "Spoken (recorded by staff)"
        ONLINE = "online", "Online, on this site"

    # Levels in order of reach: a story reaches every level up to its own.
    REACH = {Level.ORGANISATION: 0, Level.NETWORK: 1, Level.PUBLIC: 2}

    id = uuid_primary_key()
    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="consent")
    level = models.CharField(
        "who may read it", max_length=20, choices=Level.choices, default=Level.ORGANISATION
    )
    named = models.BooleanField(
        "the person may be named", default=False, help_text="Otherwise the story is anonymous."
    )
    given_by = models.CharField(
        "consent given by", max_length=200, help_text="The person the story is about."
    )
    method = models.CharField("how consent was given", max_length=20, choices=Method.choices)
    given_on = models.DateField("date consent was given")
    wording = models.TextField("the wording they agreed to")
    review_on = models.DateField("review consent by")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_method = models.CharField(
        "how it was withdrawn", max_length=20, choices=Method.choices, blank=True
    )

    class Meta:
        indexes = [models.Index(fields=["level"], name="consent_level_idx")]

    def __str__(self):
        return f"Consent for {self.story_id}: {self.get_level_display()}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def reaches(self, level: str) -> bool:
        return not self.is_withdrawn and self.REACH[self.level] >= self.REACH[level]


class StoryImage(models.Model):
    """A picture for a story, with its description for people who cannot see it.

    Kept in private storage with its metadata (EXIF: place, camera, time) stripped.
    """

    id = uuid_primary_key()
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(
        storage=private_storage,
        upload_to=story_image_path,
        width_field="width",
        height_field="height",
    )
    extension = models.CharField(max_length=5, default="jpg", editable=False)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(
        "description of the picture",
        max_length=250,
        help_text="What the picture shows, for people who cannot see it.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("stories:image", kwargs={"pk": self.pk})


class StoryChange(models.Model):
    """A step in a story's life: submitted, returned with a comment, approved, published,
    consent withdrawn. It keeps who and when, never the story's words."""

    id = uuid_primary_key()
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Story.Status.choices)
    comment = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.from_status or 'new'} to {self.to_status}"

    @property
    def to_label(self) -> str:
        return Story.Status(self.to_status).label


class StoryPrompt(models.Model):
    """A nudge to a journey's lead worker, after a stage change, to capture the story of it."""

    id = uuid_primary_key()
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="story_prompts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_prompts"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "stage"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_prompt_per_stage",
            )
        ]

    def __str__(self):
        return f"Story prompt for {self.journey_id} at {self.stage}"


class SelectionRound(models.Model):
    """A "most significant change" round: a panel reads a period's stories and picks, for each
    outcome domain, the one that matters most, saying why."""

    class Panel(models.TextChoices):
        ORGANISATION = "organisation", "An organisation"
        PLACE = "place", "A place"
        NETWORK = "network", "The whole network"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = uuid_primary_key()
    title = models.CharField(max_length=150)
    panel = models.CharField(max_length=20, choices=Panel.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField("stories of changes from")
    period_end = models.DateField("to")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Everyone the panel area reaches may read the round; only the named panel chooses,
    # and only the convenor closes, reopens and changes who is on the panel.
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person who runs the round: they close it, reopen it and name its panel.",
    )
    panel_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="selection_panels",
        help_text="The people who choose the round's stories.",
    )

    class Meta:
        ordering = ["-period_end", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="round_period_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(panel="organisation", organisation__isnull=False, place__isnull=True)
                    | models.Q(panel="place", place__isnull=False, organisation__isnull=True)
                    | models.Q(panel="network", place__isnull=True, organisation__isnull=True)
                ),
                name="round_panel_matches_scope",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stories:round", kwargs={"pk": self.pk})


class RoundEvent(models.Model):
    """Something the convenor did to a round (closed, reopened, changed its panel), kept so the
    round's page can say who did it, when and why."""

    class Action(models.TextChoices):
        CLOSED = "closed", "Closed the round"
        REOPENED = "reopened", "Reopened the round"
        MEMBER_ADDED = "member_added", "Added to the panel"
        MEMBER_REMOVED = "member_removed", "Removed from the panel"

    id = uuid_primary_key()
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who was added to or removed from the panel.",
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self):
        return f"{self.round}: {self.get_action_display()}"

    @property
    def summary(self) -> str:
        """What happened, as a sentence for the round's history ("Amira closed the round.")."""
        by = str(self.by) if self.by else "Someone no longer on the site"
        member = str(self.member) if self.member else "someone no longer on the site"
        return {
            self.Action.CLOSED: f"{by} closed the round.",
            self.Action.REOPENED: f"{by} reopened the round.",
            self.Action.MEMBER_ADDED: f"{by} added {member} to the panel.",
            self.Action.MEMBER_REMOVED: f"{by} removed {member} from the panel.",
        }[self.action]


class Selection(models.Model):
    """The story a round's panel picked for one outcome domain, and the panel's reasons."""

    id = uuid_primary_key()
    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="selections")
    domain = models.ForeignKey(
        "logicmodel.Section",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="One of the model's outcome or impact sections.",
    )
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="selections")
    reason = models.TextField("why the panel chose it")
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    selected_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "domain"], name="one_selection_per_domain")
        ]

    def __str__(self):
        return f"{self.round}: {self.domain}"


from .pages import CaseStudyIndexPage, CaseStudyPage  # noqa: E402, F401  (Wagtail finds pages in models)
