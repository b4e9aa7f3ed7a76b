"""The story list's filters: plain GET parameters, so a filtered list can be bookmarked.

The choices come from the database once per request (themes, the places of the stories
the person may read, the model's outcomes); an unknown value becomes a message beside the
filter and is left out, never an error page.
"""

import django_filters
from django.db.models import Q

from core.filters import choice_filter, words_filter
from ecosystem.models import Place
from journeys.models import Stage
from logicmodel.selectors import NATIONAL_MODEL_SLUG

from .models import Story, Theme
from .selectors import Reader, outcome_elements


class StoryFilter(django_filters.FilterSet):
    """Find stories by words, theme, place, stage, outcome, status and who told them."""

    q = words_filter(
        help_text="In the title or the story.",
    )
    theme = choice_filter(
        "Theme",
        "theme",
        field_name="themes__slug",
        empty_label="Any theme",
    )
    place = choice_filter(
        "Place",
        "place",
        field_name="place__slug",
        empty_label="Any place",
    )
    stage = choice_filter(
        "Stage at the time",
        "stage",
        field_name="stage",
        choices=Stage.choices,
        empty_label="Any stage",
    )
    outcome = choice_filter(
        "Outcome or impact",
        "outcome",
        method="filter_outcome",
        empty_label="Any outcome or impact",
    )
    status = choice_filter(
        "Status",
        "status",
        field_name="status",
        choices=Story.Status.choices,
        empty_label="Any status",
    )
    teller = choice_filter(
        "Told by",
        "teller",
        field_name="teller",
        choices=Story.Teller.choices,
        empty_label="Anyone",
    )

    class Meta:
        model = Story
        fields = ["q", "theme", "place", "stage", "outcome", "status", "teller"]

    def __init__(self, *args, themes, places, outcomes, with_status: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].extra["choices"] = [(t.slug, t.name) for t in themes]
        self.filters["place"].extra["choices"] = [(p.slug, p.name) for p in places]
        self.filters["outcome"].extra["choices"] = [(e.slug, e.title) for e in outcomes]
        if not with_status:
            # Choosing by status is for those who look after stories (and check them).
            del self.filters["status"]

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.filters)

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(narrative__icontains=word))
        return queryset

    def filter_outcome(self, queryset, name, value):
        # One condition on one join: a story matches once (slugs are unique in a model).
        return queryset.filter(
            elements__slug=value, elements__logic_model__slug=NATIONAL_MODEL_SLUG
        )


def story_filter(data, queryset, *, who: Reader) -> StoryFilter:
    """The story list's filter, its choices read from the database (three queries)."""
    return StoryFilter(
        data,
        queryset=queryset,
        themes=list(Theme.objects.order_by("position", "name")),
        places=list(
            Place.objects.filter(pk__in=queryset.order_by().values("place_id")).order_by("name")
        ),
        outcomes=list(outcome_elements()),
        with_status=bool(who.organisation_ids) or who.moderates_network,
    )
