"""The logic model: columns, numbered sections, elements and their checklists, and self-assessments.

All of it is reference data with stable UUIDs, edited in the Wagtail admin as
snippets. The shipped national model is loaded by a data migration from
logicmodel/content/empowering-places.yaml; a place's local model is a copy
whose parts remember what they were copied from.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, PreviewableMixin, RevisionMixin
from wagtail.search import index

from core.fields import uuid_primary_key

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class FoundationKind(models.TextChoices):
    """The seven foundations named in the body of the model."""

    PARTNER_VISIONS = "partner-visions", "Partner visions"
    EXTERNAL_CONDITIONS = "external-conditions", "External conditions"
    LOCAL_CONDITIONS = "local-conditions", "Local conditions"
    SYSTEM_SUPPORT = "system-support", "System support"
    DELIVERY_SUPPORT = "delivery-support", "Delivery support"
    OUTCOME_CATALYSTS = "outcome-catalysts", "Outcome catalysts"
    IMPACT_CATALYSTS = "impact-catalysts", "Impact catalysts"


class FoundationGroup(models.TextChoices):
    """The five foundations of the model's appendix, one per column."""

    PARTNER_VISIONS = "partner-visions", "Partner visions"
    EXTERNAL_CONDITIONS = "external-conditions", "External conditions"
    SYSTEM_SUPPORT = "system-support", "System support"
    OUTCOME_CATALYSTS = "outcome-catalysts", "Outcome catalysts"
    IMPACT_CATALYSTS = "impact-catalysts", "Impact catalysts"


# How the appendix merges the body's seven foundations into five.
FOUNDATION_GROUP_OF_KIND = {
    FoundationKind.PARTNER_VISIONS: FoundationGroup.PARTNER_VISIONS,
    FoundationKind.EXTERNAL_CONDITIONS: FoundationGroup.EXTERNAL_CONDITIONS,
    FoundationKind.LOCAL_CONDITIONS: FoundationGroup.EXTERNAL_CONDITIONS,
    FoundationKind.SYSTEM_SUPPORT: FoundationGroup.SYSTEM_SUPPORT,
    FoundationKind.DELIVERY_SUPPORT: FoundationGroup.SYSTEM_SUPPORT,
    FoundationKind.OUTCOME_CATALYSTS: FoundationGroup.OUTCOME_CATALYSTS,
    FoundationKind.IMPACT_CATALYSTS: FoundationGroup.IMPACT_CATALYSTS,
}


class LogicModel(models.Model):
    """A whole model: the national one, or a place's local model derived from another."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "National"
        LOCAL = "local", "Local"

    id = uuid_primary_key()
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    place = models.ForeignKey(
        "ecosystem.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="logic_models",
        help_text="For a local model: the place it belongs to.",
    )
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived_models"
    )
    summary = models.TextField(blank=True)
    source = models.TextField(blank=True, help_text="Where the model comes from, and its authors.")
    guide = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="The opening of the guide to navigating the model.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("source"),
        FieldPanel("guide"),
    ]

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="national", place__isnull=True)
                | models.Q(kind="local", place__isnull=False),
                name="local_models_have_a_place",
            ),
            models.UniqueConstraint(
                fields=["place", "derived_from"],
                condition=models.Q(kind="local"),
                name="one_local_model_per_place_and_source",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_local(self):
        return self.kind == self.Kind.LOCAL


class Column(RevisionMixin, models.Model):
    """One of the five columns of the model table, left to right."""

    id = uuid_primary_key()
    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="columns")
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    slug = models.SlugField(max_length=100)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    guide = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="How to read this column: shown in the guide to navigating the model.",
    )
    foundation_group = models.CharField(max_length=30, choices=FoundationGroup.choices)
    foundation_description = models.TextField(blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("guide"),
        MultiFieldPanel(
            [FieldPanel("foundation_group"), FieldPanel("foundation_description")],
            heading="Foundation",
        ),
    ]

    class Meta:
        ordering = ["logic_model", "position"]
        constraints = [
            models.UniqueConstraint(fields=["logic_model", "slug"], name="unique_column_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "logicmodel:column",
            kwargs={"model_slug": self.logic_model.slug, "column_slug": self.slug},
        )


class Section(RevisionMixin, ClusterableModel):
    """A numbered section (1 conditions ... 6 impacts); 5 and 6 have sub-sections (5a, 5b, ...)."""

    id = uuid_primary_key()
    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="sections")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subsections",
        editable=False,
    )
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    number = models.CharField(
        max_length=5, blank=True, help_text="As numbered in the model: 1, 2, 5a…"
    )
    slug = models.SlugField(max_length=100)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=100, blank=True)
    introduction = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    foundation_kind = models.CharField(max_length=30, choices=FoundationKind.choices, blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("short_title"),
        FieldPanel("introduction"),
        InlinePanel("assumptions", heading="Assertions and assumptions", label="Assumption"),
        FieldPanel("foundation_kind"),
        InlinePanel("foundation_statements", heading="Foundation", label="Statement"),
    ]

    class Meta:
        ordering = ["logic_model", "position"]
        constraints = [
            models.UniqueConstraint(fields=["logic_model", "slug"], name="unique_section_slug"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def label(self):
        return str(self)


class Assumption(Orderable):
    """One of a section's assertions or assumptions."""

    id = uuid_primary_key()
    section = ParentalKey(Section, on_delete=models.CASCADE, related_name="assumptions")
    text = models.TextField()

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class FoundationStatement(Orderable):
    """A statement of what a section rests on; partner visions are quotations with attribution."""

    id = uuid_primary_key()
    section = ParentalKey(Section, on_delete=models.CASCADE, related_name="foundation_statements")
    text = models.TextField()
    attribution = models.CharField(
        max_length=200, blank=True, help_text="For a quotation: who said it."
    )

    panels = [FieldPanel("text"), FieldPanel("attribution")]

    def __str__(self):
        return self.text


class Element(DraftStateMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """A box of the model, such as "Collective local vision", with its explainer and checklist."""

    id = uuid_primary_key()
    logic_model = models.ForeignKey(LogicModel, on_delete=models.CASCADE, related_name="elements")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="elements")
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    slug = models.SlugField(max_length=100)
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="One line, as in the model table.")
    explainer = RichTextField(features=[*RICH_TEXT_FEATURES, "h3"], blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("explainer"),
        InlinePanel("examples", heading="Examples", label="Example"),
        InlinePanel("checklist_items", heading="Checklist", label="Item"),
        InlinePanel("resources", heading="Resources to download", label="Resource"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("explainer"),
        index.FilterField("logic_model_id"),
        index.FilterField("live"),
        index.RelatedFields("examples", [index.SearchField("title"), index.SearchField("text")]),
        index.RelatedFields(
            "checklist_items", [index.SearchField("text"), index.SearchField("guidance")]
        ),
    ]

    class Meta:
        ordering = ["logic_model", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["logic_model", "slug"], name="unique_element_slug"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "logicmodel:element",
            kwargs={
                "model_slug": self.logic_model.slug,
                "column_slug": self.section.column.slug,
                "element_slug": self.slug,
            },
        )

    def get_preview_template(self, request, mode_name):
        return "logicmodel/element.html"

    def get_preview_context(self, request, mode_name):
        from .selectors import element_page_context

        return element_page_context(self, preview=True)


class Example(Orderable):
    id = uuid_primary_key()
    element = ParentalKey(Element, on_delete=models.CASCADE, related_name="examples")
    title = models.CharField(max_length=200)
    text = models.TextField()

    panels = [FieldPanel("title"), FieldPanel("text")]

    def __str__(self):
        return self.title


class ChecklistItem(Orderable):
    """Something a hub or a place assesses itself against: not yet, partly, or in place."""

    id = uuid_primary_key()
    element = ParentalKey(Element, on_delete=models.CASCADE, related_name="checklist_items")
    source = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    text = models.TextField()
    guidance = models.TextField(
        blank=True, help_text="What 'in place' looks like and what evidence to keep."
    )

    panels = [FieldPanel("text"), FieldPanel("guidance")]

    def __str__(self):
        return self.text


class Resource(Orderable):
    """A document or link to download from an element's page."""

    id = uuid_primary_key()
    element = ParentalKey(Element, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.URLField(blank=True, help_text="Used when no document is chosen.")

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("url"),
    ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.document.url if self.document_id else self.url


class Assessment(models.Model):
    """A self-assessment ("regular reflection") of an organisation or a place against a model's checklists."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETE = "complete", "Complete"

    id = uuid_primary_key()
    logic_model = models.ForeignKey(
        LogicModel, on_delete=models.PROTECT, related_name="assessments"
    )
    organisation = models.ForeignKey(
        "ecosystem.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    place = models.ForeignKey(
        "ecosystem.Place",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    title = models.CharField(max_length=200)
    assessed_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(blank=True, help_text="What stood out, and what to do next.")
    summary_is_public = models.BooleanField(
        default=False, help_text="Show the summary and the scores per column on the public site."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, place__isnull=True)
                | models.Q(organisation__isnull=True, place__isnull=False),
                name="assessment_of_an_organisation_or_a_place",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.assessed_on:%d/%m/%Y})"

    @property
    def subject(self):
        return self.organisation or self.place


class AssessmentAnswer(models.Model):
    class Score(models.TextChoices):
        NOT_YET = "not-yet", "Not yet"
        PARTLY = "partly", "Partly"
        IN_PLACE = "in-place", "In place"

    SCORE_POINTS = {Score.NOT_YET: 0, Score.PARTLY: 1, Score.IN_PLACE: 2}

    id = uuid_primary_key()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    score = models.CharField(max_length=20, choices=Score.choices, blank=True)
    note = models.TextField(blank=True)
    evidence = models.TextField(
        blank=True, help_text="Where the evidence is: a document, a link, a record."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_item"),
        ]

    def __str__(self):
        return f"{self.item}: {self.get_score_display() or 'not answered'}"
