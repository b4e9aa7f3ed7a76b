"""Where higher apps (stories) add to the model's public element pages without logicmodel
importing them.

Each hook takes the request and the element and returns a panel, a dict with "template" and
its context, or None to add nothing. An element page is public: a hook shows only what
anyone may read. Apps register in AppConfig.ready().
"""

from collections.abc import Callable

ELEMENT_PAGE_PANELS: list[Callable] = []


def element_page_panels(request, element) -> list[dict]:
    """The panels other apps add to an element's public page."""
    return [p for p in (hook(request, element) for hook in ELEMENT_PAGE_PANELS) if p]
