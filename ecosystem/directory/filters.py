"""The public directory's filters: plain GET parameters, so any filtered page can be bookmarked.

Choices are read from the database once per request and checked in Python, so an
unknown slug (or any odd value) becomes a message beside the filter, never an error page.
"""

import django_filters

from core.filters import choice_filter, ticks_filter, words_filter
from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES, Language, Organisation, Place, Service
from ecosystem.selectors import terms_of

from .selectors import (
    organisations_in_place,
    organisations_matching,
    services_in_language,
    services_in_place,
    services_matching,
    services_with_terms,
)


class ServiceFilter(django_filters.FilterSet):
    """Find services by words, place, support type, business type, language, capacity and delivery."""

    q = words_filter(
        help_text="In the name or description, for example “food” or “premises”.",
    )
    place = choice_filter(
        "Place",
        "place",
        method="filter_place",
        empty_label="Any place",
    )
    support_type = ticks_filter(
        "Type of support",
        "type of support",
        method="filter_support_types",
    )
    business_type = ticks_filter(
        "Kind of business",
        "kind of business",
        method="filter_business_types",
        help_text="Services for every kind of business are always included.",
    )
    language = choice_filter(
        "Language",
        "language",
        method="filter_language",
        empty_label="Any language",
    )
    capacity = ticks_filter(
        "Taking new people?",
        "capacity",
        field_name="capacity",
        choices=Service.Capacity.choices,
    )
    delivery = ticks_filter(
        "How it is delivered",
        "way of delivering",
        field_name="delivery_mode",
        choices=Service.DeliveryMode.choices,
    )

    class Meta:
        model = Service
        fields = ["q", "place", "support_type", "business_type", "language", "capacity", "delivery"]

    def __init__(self, *args, places, support_types, business_types, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {p.slug: p for p in places}
        self.filters["place"].extra["choices"] = [(p.slug, p.name) for p in places]
        self.filters["support_type"].extra["choices"] = [(t.code, t.name) for t in support_types]
        self.filters["business_type"].extra["choices"] = [(t.code, t.name) for t in business_types]
        self.filters["language"].extra["choices"] = [(lang.code, lang.name) for lang in languages]

    def filter_text(self, queryset, name, value):
        return services_matching(queryset, value) if value.strip() else queryset

    def filter_place(self, queryset, name, value):
        return services_in_place(queryset, self.places[value]) if value else queryset

    def filter_support_types(self, queryset, name, value):
        return services_with_terms(queryset, "support_types", value) if value else queryset

    def filter_business_types(self, queryset, name, value):
        if not value:
            return queryset
        return services_with_terms(queryset, "business_types", value, or_unclassified=True)

    def filter_language(self, queryset, name, value):
        return services_in_language(queryset, value) if value else queryset


class OrganisationFilter(django_filters.FilterSet):
    """Find organisations by words, place and kind."""

    q = words_filter(
        help_text="In the name or description.",
    )
    place = choice_filter(
        "Place",
        "place",
        method="filter_place",
        empty_label="Any place",
    )
    kind = choice_filter(
        "Kind of organisation",
        "kind of organisation",
        field_name="kind",
        choices=Organisation.Kind.choices,
        empty_label="Any kind",
    )

    class Meta:
        model = Organisation
        fields = ["q", "place", "kind"]

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {p.slug: p for p in places}
        self.filters["place"].extra["choices"] = [(p.slug, p.name) for p in places]

    def filter_text(self, queryset, name, value):
        return organisations_matching(queryset, value) if value.strip() else queryset

    def filter_place(self, queryset, name, value):
        return organisations_in_place(queryset, self.places[value]) if value else queryset


def service_filter(data, queryset) -> ServiceFilter:
    """The services filter, its choices read from the database (four queries)."""
    return ServiceFilter(
        data,
        queryset=queryset,
        places=list(Place.objects.order_by("name")),
        support_types=list(terms_of(SUPPORT_TYPES)),
        business_types=list(terms_of(BUSINESS_TYPES)),
        languages=list(Language.objects.order_by("name")),
    )


def organisation_filter(data, queryset) -> OrganisationFilter:
    """The organisations filter, its places read from the database (one query)."""
    return OrganisationFilter(data, queryset=queryset, places=list(Place.objects.order_by("name")))
