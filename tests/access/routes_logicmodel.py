"""The logic model's public pages: open to everyone, signed in or not."""

from tests.access.matrix_base import Route, everyone

MODEL = "empowering-places"
ELEMENT = {
    "model_slug": MODEL,
    "column_slug": "conditions-and-inputs",
    "element_slug": "collective-local-vision",
}

ROUTES = [
    Route("logicmodel:index", everyone(302), public=True),
    Route("logicmodel:model", everyone(200), args=lambda cast: {"model_slug": MODEL}, public=True),
    Route("logicmodel:guide", everyone(200), args=lambda cast: {"model_slug": MODEL}, public=True),
    Route("logicmodel:search", everyone(200), args=lambda cast: {"model_slug": MODEL}, public=True),
    Route(
        "logicmodel:export",
        everyone(200),
        args=lambda cast: {"model_slug": MODEL, "fmt": "json"},
        public=True,
    ),
    Route(
        "logicmodel:column",
        everyone(200),
        args=lambda cast: {"model_slug": MODEL, "column_slug": "outcomes"},
        public=True,
    ),
    Route("logicmodel:element", everyone(200), args=lambda cast: ELEMENT, public=True),
    Route("logicmodel:checklist_pdf", everyone(200), args=lambda cast: ELEMENT, public=True),
]
