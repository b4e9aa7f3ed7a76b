"""Where higher apps (stories, insights) add to the model's public pages without logicmodel
importing them.

Each hook takes the request and the element and returns a panel, a dict with "template" and
its context, or None to add nothing. An element page is public: a hook shows only what
anyone may read. Apps register in AppConfig.ready().
"""

from collections.abc import Callable

ELEMENT_PAGE_PANELS: list[Callable] = []
# Each takes the request and the model and returns {"note": a panel dict or None,
# "figures": {element id: short text}}: live figures beside the elements of the model table.
MODEL_TABLE_EVIDENCE: list[Callable] = []


def element_page_panels(request, element) -> list[dict]:
    """The panels other apps add to an element's public page."""
    return [p for p in (hook(request, element) for hook in ELEMENT_PAGE_PANELS) if p]


def model_table_evidence(request, logic_model) -> tuple[list[dict], dict]:
    """The notes and the figures other apps put beside the elements of the model table."""
    notes, figures = [], {}
    for hook in MODEL_TABLE_EVIDENCE:
        found = hook(request, logic_model) or {}
        if found.get("note"):
            notes.append(found["note"])
        for element_id, text in found.get("figures", {}).items():
            figures.setdefault(element_id, []).append(text)
    return notes, figures
