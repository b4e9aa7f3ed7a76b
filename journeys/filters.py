"""The journey list's filters: plain GET parameters, so a filtered list can be bookmarked.

The choices come from the database once per request (the lead workers and places of the
organisations the person works for, the business types). Every filter is optional, and a
value the list does not offer is left out, never an error page.
"""

import django_filters
from django import forms
from django.db.models import Q

from core.filters import choice_filter, words_filter
from ecosystem.models import BUSINESS_TYPES, Place
from ecosystem.selectors import (
    member_organisation_ids,
    member_organisations,
    organisation_workers,
    terms_of,
)

from .models import Journey, Stage


def _select():
    return forms.Select(attrs={"class": "form-select"})


class TickFilter(django_filters.Filter):
    """A checkbox: ticked narrows the list, unticked leaves it as it is."""

    field_class = forms.BooleanField


class JourneyFilter(django_filters.FilterSet):
    """Find journeys by stage, status, lead worker, place, business type, overdue actions and name."""

    stage = choice_filter(
        "Stage",
        "stage",
        field_name="stage",
        choices=Stage.choices,
        empty_label="Any stage",
        widget=_select(),
    )
    status = choice_filter(
        "Status",
        "status",
        method="filter_status",
        choices=[*Journey.Status.choices, ("all", "All")],
        empty_label="Active and paused",
        widget=_select(),
    )
    worker = choice_filter(
        "Lead worker",
        "lead worker",
        method="filter_worker",
        empty_label="Anyone",
        widget=_select(),
    )
    place = choice_filter(
        "Place",
        "place",
        field_name="client__place_id",
        empty_label="Anywhere",
        widget=_select(),
    )
    business_type = choice_filter(
        "Business type",
        "business type",
        field_name="business_type__code",
        empty_label="Any type",
        widget=_select(),
    )
    overdue = TickFilter(
        label="Only with overdue actions",
        method="filter_overdue",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    q = words_filter(
        label="Name or venture",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    class Meta:
        model = Journey
        fields = ["stage", "status", "worker", "place", "business_type", "overdue", "q"]

    def __init__(self, *args, user, workers, places, business_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["worker"].extra["choices"] = [("me", "Me")] + [
            (str(u.pk), u.get_full_name() or u.email) for u in workers
        ]
        self.filters["place"].extra["choices"] = [(str(p.pk), p.name) for p in places]
        self.filters["business_type"].extra["choices"] = [(t.code, t.name) for t in business_types]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # No status chosen (or one the list does not offer) means the journeys still going on.
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Journey.Status.CLOSED)
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def filter_worker(self, queryset, name, value):
        if value == "me":
            return queryset.filter(lead_worker=self.user)
        return queryset.filter(lead_worker_id=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(has_overdue=True) if value else queryset

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(client__name__icontains=word)
                | Q(client__group_name__icontains=word)
                | Q(venture_name__icontains=word)
            )
        return queryset


def journey_filter(data, queryset, *, user) -> JourneyFilter:
    """The journey list's filter, its choices read from the database (three queries, and the
    person's organisations)."""
    workers = organisation_workers(*member_organisations(user))
    places = Place.objects.filter(organisations__pk__in=member_organisation_ids(user))
    return JourneyFilter(
        data,
        queryset=queryset,
        user=user,
        workers=list(workers),
        places=list(places.distinct().order_by("name")),
        business_types=list(terms_of(BUSINESS_TYPES)),
    )
