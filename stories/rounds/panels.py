"""What rounds add to the model's public element pages (registered in StoriesConfig.ready)."""

from .selectors import element_selections


def element_panel(request, element) -> dict | None:
    """On a model element's public page: the most significant changes chosen for it."""
    selections = element_selections(element)
    if not selections:
        return None
    return {"template": "stories/rounds/element_panel.html", "selections": selections}
