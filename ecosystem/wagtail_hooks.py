"""The directory's reference data in the CMS: site editors manage every place, organisation and service.

Only reference data is here. Memberships, invitations and people are personal
workflow data: they live in the site's own staff pages, never in the CMS.
Organisations and services keep their django-simple-history records when edited here.
"""

from django import forms
from django.core.exceptions import ValidationError
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import (
    Location,
    Organisation,
    OrganisationIdentifier,
    Place,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .services import location_place_from_postcode

TICK_BOXES = forms.CheckboxSelectMultiple


class LocationAdminForm(WagtailAdminModelForm):
    """A location's postcode is checked, normalised, and sets its place and position, as on the staff pages."""

    def clean(self):
        data = super().clean()
        if data.get("postcode"):
            probe = Location(postcode=data["postcode"])
            try:
                location_place_from_postcode(location=probe)
            except ValidationError as error:
                self.add_error("postcode", error.message_dict["postcode"])
            else:
                data["postcode"] = self.instance.postcode = probe.postcode
        return data

    def save(self, commit=True):
        location_place_from_postcode(location=self.instance)
        return super().save(commit=commit)


class PlaceViewSet(ModelViewSet):
    name = "directory_places"
    model = Place
    icon = "site"
    menu_label = "Places"
    list_display = ["name", "local_authority", "gss_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "local_authority", "gss_code"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("local_authority"), FieldPanel("gss_code")]),
        FieldPanel("region"),
        FieldPanel("description"),
    ]


class OrganisationViewSet(ModelViewSet):
    name = "directory_organisations"
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "kind", "is_catalyst_hub", "is_demo"]
    list_filter = ["kind", "is_catalyst_hub", "is_demo", "places"]
    search_fields = ["name", "description"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("kind"),
                FieldPanel("legal_form"),
                FieldPanel("description"),
                FieldPanel("is_catalyst_hub"),
                FieldPanel("is_demo"),
            ],
            heading="The organisation",
        ),
        FieldPanel("places", widget=TICK_BOXES),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")],
            heading="Contact",
        ),
    ]


class OrganisationIdentifierViewSet(ModelViewSet):
    name = "directory_identifiers"
    # Registration numbers have their own listing: an inline panel needs a ParentalKey,
    # and the organisation's model is a plain Django model.
    model = OrganisationIdentifier
    icon = "tag"
    menu_label = "Registration numbers"
    list_display = ["organisation", "scheme", "identifier"]
    list_filter = ["scheme"]
    search_fields = ["identifier", "organisation__name"]
    copy_view_enabled = False
    panels = [FieldPanel("organisation"), FieldPanel("scheme"), FieldPanel("identifier")]


class ServiceViewSet(ModelViewSet):
    name = "directory_services"
    model = Service
    icon = "list-ul"
    menu_label = "Services"
    list_display = ["name", "organisation", "status", "capacity", "delivery_mode"]
    list_filter = ["status", "capacity", "delivery_mode", "support_types", "organisation"]
    search_fields = ["name", "description", "organisation__name"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("status"),
            ],
            heading="What it is",
        ),
        FieldPanel("support_types", widget=TICK_BOXES),
        FieldPanel("activities", widget=TICK_BOXES),
        FieldPanel("in_kind_offer"),
        MultiFieldPanel(
            [FieldPanel("eligibility"), FieldPanel("business_types", widget=TICK_BOXES)],
            heading="Who it is for",
        ),
        MultiFieldPanel([FieldPanel("is_free"), FieldPanel("fees_description")], heading="Cost"),
        MultiFieldPanel(
            [
                FieldPanel("delivery_mode"),
                FieldPanel("languages", widget=TICK_BOXES),
                FieldPanel("capacity"),
                FieldPanel("accessibility"),
            ],
            heading="How it is delivered",
        ),
        MultiFieldPanel(
            [FieldPanel("url"), FieldPanel("email"), FieldPanel("phone")], heading="Contact"
        ),
    ]


class LocationViewSet(ModelViewSet):
    name = "directory_locations"
    model = Location
    icon = "home"
    menu_label = "Locations"
    list_display = ["name", "organisation", "city", "postcode", "place"]
    list_filter = ["place"]
    search_fields = ["name", "city", "postcode", "organisation__name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("name"),
            FieldPanel("address_1"),
            FieldPanel("address_2"),
            FieldRowPanel([FieldPanel("city"), FieldPanel("postcode")]),
            FieldPanel("description"),
            FieldPanel("accessibility"),
        ],
        base_form_class=LocationAdminForm,
    )


class ServiceAtLocationViewSet(ModelViewSet):
    name = "directory_service_locations"
    model = ServiceAtLocation
    icon = "pick"
    menu_label = "Services at locations"
    list_display = ["service", "location"]
    search_fields = ["service__name", "location__name"]
    copy_view_enabled = False
    panels = [FieldPanel("service"), FieldPanel("location")]


class TaxonomyViewSet(ModelViewSet):
    name = "directory_taxonomies"
    model = Taxonomy
    icon = "folder-open-inverse"
    menu_label = "Taxonomies"
    list_display = ["name", "slug", "version"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("uri"),
        FieldPanel("version"),
    ]


class TaxonomyTermViewSet(ModelViewSet):
    name = "directory_terms"
    model = TaxonomyTerm
    icon = "tag"
    menu_label = "Taxonomy terms"
    list_display = ["name", "code", "taxonomy", "position"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code", "description"]
    copy_view_enabled = False
    panels = [
        FieldPanel("taxonomy"),
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("parent"),
        FieldPanel("position"),
    ]


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = "Directory"
    menu_icon = "list-ul"
    menu_name = "directory"
    items = (
        OrganisationViewSet,
        ServiceViewSet,
        LocationViewSet,
        ServiceAtLocationViewSet,
        PlaceViewSet,
        OrganisationIdentifierViewSet,
        TaxonomyViewSet,
        TaxonomyTermViewSet,
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()
