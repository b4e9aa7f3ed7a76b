from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The front page: a welcome, the main ways in, and flexible content below."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    max_count = 1
    subpage_types = ["website.StandardPage", "stories.CaseStudyIndexPage"]
    parent_page_types = ["wagtailcore.Page"]


class StandardPage(Page):
    """An ordinary content page, such as the privacy notice or the accessibility statement."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["website.StandardPage"]


class _Link(Orderable):
    """A link to a page on the site or to another address."""

    label = models.CharField(max_length=60)
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    link_url = models.CharField(
        max_length=300, blank=True, help_text="A path such as /directory/ or a full address."
    )

    panels = [FieldPanel("label"), PageChooserPanel("link_page"), FieldPanel("link_url")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.label

    @property
    def href(self):
        if self.link_page_id:
            return self.link_page.url
        return self.link_url or "#"


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """The site's name, contact details, navigation and footer, edited in the CMS."""

    site_name = models.CharField(max_length=100, default="Empowering Places")
    tagline = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_address = models.TextField(blank=True)
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("tagline")], heading="Site"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_address"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [PageChooserPanel("privacy_page"), PageChooserPanel("accessibility_page")],
            heading="Statements",
        ),
        InlinePanel("navigation_links", heading="Main navigation", label="Link"),
        InlinePanel("footer_links", heading="Footer links", label="Link"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = "site settings"


class NavigationLink(_Link):
    settings = ParentalKey(SiteSettings, related_name="navigation_links", on_delete=models.CASCADE)


class FooterLink(_Link):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
