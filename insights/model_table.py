"""The living model table: beside each element of the model table, a live figure for the place
chosen with ?place= (or every place) over the last 12 full months: sessions for an activity,
stories for an outcome or impact. Registered in InsightsConfig.ready through
logicmodel.extensions; every figure is suppressed, and the figures are kept in the cache for a
few minutes, since the table is the busiest public page.
"""

from django.core.cache import cache
from django.utils import timezone

from core import suppression
from ecosystem.models import Place
from journeys import selectors as journeys
from stories import selectors as stories

from .access import chosen_place, place_organisation_ids
from .periods import preset

CACHE_SECONDS = 600
OUTCOME_COLUMNS = ("outcomes", "impact")


def _label(cell: suppression.Cell, one: str, many: str) -> str:
    if cell.value == 1:
        return f"1 {one}"
    return f"{cell.text} {many}"


def model_table_evidence(request, logic_model) -> dict:
    place = chosen_place(request)
    period = preset("year", timezone.localdate())
    public = not stories.reader(request.user).in_network
    key = f"insights:model-table:{logic_model.pk}:{place.pk if place else 'all'}:{period.start}:{public}"
    figures = cache.get(key)
    if figures is None:
        figures = _figures(logic_model, place, period, public)
        cache.set(key, figures, CACHE_SECONDS)
    return {
        "note": {
            "template": "insights/model_table_note.html",
            "place": place,
            "places": Place.objects.order_by("name"),
            "period": period,
        },
        "figures": figures,
    }


def _figures(logic_model, place, period, public) -> dict:
    ids = place_organisation_ids(place) if place else None
    span = {"organisation_ids": ids, "start": period.start, "end": period.end}
    sessions = journeys.session_figures(**span)
    told = stories.story_figures(**span, public=public)
    by_element = {}
    elements = logic_model.elements.filter(live=True).select_related("section__column")
    held = {c.key: c.value for c in sessions.by_activity}
    speaking = {c.key: c.value for c in told.by_element}
    for element in elements:
        national = str(element.source_id or element.pk)
        if element.section.slug == "activities" and national in held:
            by_element[element.pk] = _label(
                suppression.count(held[national]), "session", "sessions"
            )
        elif element.section.column.slug in OUTCOME_COLUMNS and speaking.get(national):
            by_element[element.pk] = _label(
                suppression.count(speaking[national]), "story", "stories"
            )
    return by_element
