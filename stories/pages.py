"""Case studies on the public website: Wagtail pages made from stories whose consent reaches
the public. A page holds only the public version of a story; withdrawing consent deletes it
with its revisions, log entries, search entry and picture (see stories.publishing)."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.paging import page_of
from journeys.models import Stage

CASE_STUDIES_PAGE_SIZE = 12
CASE_STUDY_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3"]


class CaseStudyIndexPage(Page):
    """The list of published case studies, filterable by theme, place, stage and outcome."""

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["stories.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = "case study index page"

    def get_context(self, request, *args, **kwargs):
        from .selectors import case_studies_filtered

        context = super().get_context(request, *args, **kwargs)
        context.update(case_studies_filtered(self, request.GET))
        # The links to other pages keep only the filters chosen (case_studies_filtered's
        # query_string), not whatever else was in the address.
        context["page_obj"] = page_of(
            request, context["case_studies"], per_page=CASE_STUDIES_PAGE_SIZE
        ).page
        return context


class CaseStudyPage(Page):
    """A story told on the public website, as far as its consent allows."""

    story = models.OneToOneField(
        "stories.Story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_study",
        editable=False,
    )
    summary = models.TextField(help_text="One or two sentences shown in the list of case studies.")
    body = RichTextField(features=CASE_STUDY_FEATURES)
    attribution = models.CharField(
        max_length=200, help_text="Who the story is about, or “Anonymous” when not named."
    )
    place = models.ForeignKey(
        "ecosystem.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField("stage at the time", max_length=20, choices=Stage.choices, blank=True)
    changed_on = models.DateField("when the change happened", null=True, blank=True)
    themes = ParentalManyToManyField("stories.Theme", blank=True, related_name="case_studies")
    outcomes = ParentalManyToManyField(
        "logicmodel.Element",
        blank=True,
        related_name="case_studies",
        verbose_name="outcomes and impacts",
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt_text = models.CharField("description of the picture", max_length=250, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attribution"),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("stage"),
                FieldPanel("changed_on"),
                FieldPanel("themes"),
                FieldPanel("outcomes"),
            ],
            heading="Filters",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Picture"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("stage"),
    ]
    parent_page_types = ["stories.CaseStudyIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.themes.all()
        # Each outcome links to its element page, whose address names its model and column.
        context["outcomes"] = self.outcomes.select_related("logic_model", "section__column")
        return context

    class Meta:
        verbose_name = "case study"
