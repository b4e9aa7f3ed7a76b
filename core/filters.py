"""Building blocks for the lists' django-filter FilterSets: every list filters with plain GET
parameters and answers an odd value with a message beside the filter, never an error page."""

import django_filters
from django import forms


def unknown_choice(thing: str) -> dict:
    """The message beside a filter given a value it does not offer (shared by every list)."""
    return {"invalid_choice": f"We do not know the {thing} “%(value)s”. Choose one from the list."}


TOO_LONG = {"max_length": "Use fewer words: up to %(limit_value)d characters."}


def words_filter(*, help_text: str = "", label: str = "Words to search for", max_length=200, **kw):
    """The "words to search for" box; the FilterSet's filter_text method does the searching."""
    return django_filters.CharFilter(
        label=label,
        method="filter_text",
        max_length=max_length,
        error_messages=TOO_LONG,
        help_text=help_text,
        **kw,
    )


def choice_filter(label: str, thing: str, **kwargs) -> django_filters.ChoiceFilter:
    """One choice from a list; an unknown one is named in the message beside it."""
    return django_filters.ChoiceFilter(label=label, error_messages=unknown_choice(thing), **kwargs)


def ticks_filter(label: str, thing: str, **kwargs) -> django_filters.MultipleChoiceFilter:
    """Any of a list of tick boxes; an unknown one is named in the message beside them."""
    return django_filters.MultipleChoiceFilter(
        label=label,
        widget=forms.CheckboxSelectMultiple,
        error_messages=unknown_choice(thing),
        **kwargs,
    )
