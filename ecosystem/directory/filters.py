"""The public directory's filters: plain GET parameters, so any filtered page can be bookmarked.

Choices are read from the database once per request and checked in Python, so an
unknown slug (or any odd value) becomes a message beside the filter, never an error page.
"""

import django_filters
from django import forms

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


def unknown_choice(thing: str) -> dict:
    """The message beside a filter given a value it does not offer (shared by every list)."""
    return {"invalid_choice": f"We do not know the {thing} “%(value)s”. Choose one from the list."}


TOO_LONG = {"max_length": "Use fewer words: up to %(limit_value)d characters."}


class ServiceFilter(django_filters.FilterSet):
    """Find services by words, place, support type, business type, language, capacity and delivery."""

    q = django_filters.CharFilter(
        label="Words to search for",
        method="filter_text",
        max_length=200,
        error_messages=TOO_LONG,
        help_text="In the name or description, for example “food” or “premises”.",
    )
    place = django_filters.ChoiceFilter(
        label="Place",
        method="filter_place",
        empty_label="Any place",
        error_messages=unknown_choice("place"),
    )
    support_type = django_filters.MultipleChoiceFilter(
        label="Type of support",
        method="filter_support_types",
        widget=forms.CheckboxSelectMultiple,
        error_messages=unknown_choice("type of support"),
    )
    business_type = django_filters.MultipleChoiceFilter(
        label="Kind of business",
        method="filter_business_types",
        widget=forms.CheckboxSelectMultiple,
        help_text="Services for every kind of business are always included.",
        error_messages=unknown_choice("kind of business"),
    )
    language = django_filters.ChoiceFilter(
        label="Language",
        method="filter_language",
        empty_label="Any language",
        error_messages=unknown_choice("language"),
    )
    capacity = django_filters.MultipleChoiceFilter(
        label="Taking new people?",
        field_name="capacity",
        choices=Service.Capacity.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=unknown_choice("capacity"),
    )
    delivery = django_filters.MultipleChoiceFilter(
        label="How it is delivered",
        field_name="delivery_mode",
        choices=Service.DeliveryMode.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=unknown_choice("way of delivering"),
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

    q = django_filters.CharFilter(
        label="Words to search for",
        method="filter_text",
        max_length=200,
        error_messages=TOO_LONG,
        help_text="In the name or description.",
    )
    place = django_filters.ChoiceFilter(
        label="Place",
        method="filter_place",
        empty_label="Any place",
        error_messages=unknown_choice("place"),
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of organisation",
        field_name="kind",
        choices=Organisation.Kind.choices,
        empty_label="Any kind",
        error_messages=unknown_choice("kind of organisation"),
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
