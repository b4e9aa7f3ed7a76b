"""Places where higher apps (referrals, stories) add to journeys' pages without journeys importing them.

Each hook takes the request (and the journey) and returns a panel, a dict with
"template" and its context, or None to add nothing. Apps register in AppConfig.ready().
"""

from collections.abc import Callable

from django.dispatch import Signal

JOURNEY_PAGE_PANELS: list[Callable] = []
MY_JOURNEY_PANELS: list[Callable] = []


def journey_page_panels(request, journey) -> list[dict]:
    """The panels other apps add to a journey's staff page."""
    return [p for p in (hook(request, journey) for hook in JOURNEY_PAGE_PANELS) if p]


def my_journey_panels(request) -> list[dict]:
    """The panels other apps add to the person's "My journey" page."""
    return [p for p in (hook(request) for hook in MY_JOURNEY_PANELS) if p]


# Sent after a journey moves to another stage (journey=, stage=, actor=), inside the
# service's transaction: a receiver's writes commit or roll back with the move.
journey_stage_changed = Signal()
