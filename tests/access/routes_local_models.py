"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

Local models: Wigan's model (derived from the national one by the args
functions) belongs to hub A's place. Its managers and administrators change it;
hub A's staff and Wigan's commissioner read it; everyone else gets 404.
"""

from tests.access.matrix import (
    ADMIN,
    ANON,
    COMMISSIONER,
    E1,
    E2,
    EDITOR,
    LOGIN,
    MANAGER_A,
    PEER,
    STAFF_A,
    STAFF_B,
    Route,
    everyone,
    signed_in,
)

MISSING = "00000000-0000-4000-8000-000000000000"


def wigan_model(cast):
    """Wigan's local model, derived from the national model the first time it is asked for."""
    from logicmodel.local_models.services import local_model_derive
    from logicmodel.models import LogicModel
    from logicmodel.selectors import national_model

    national = national_model()
    existing = LogicModel.objects.filter(place=cast.place_a, derived_from=national).first()
    return existing or local_model_derive(
        place=cast.place_a, source_model=national, actor=cast.user("manager_a")
    )


def _first_element(cast):
    return wigan_model(cast).elements.order_by("section__position", "position").first()


def _first_section(cast):
    return wigan_model(cast).sections.order_by("position").first()


def _wigan_place(cast):
    return {"place_pk": cast.place_a.pk}


def _missing_place(cast):
    return {"place_pk": MISSING}


def _model(cast):
    return {"pk": wigan_model(cast).pk}


def _missing_model(cast):
    return {"pk": MISSING}


def _element(cast):
    return {"pk": wigan_model(cast).pk, "element_pk": _first_element(cast).pk}


def _missing_element(cast):
    return {"pk": MISSING, "element_pk": MISSING}


def _section(cast):
    return {"pk": wigan_model(cast).pk, "section_pk": _first_section(cast).pk}


def _missing_section(cast):
    return {"pk": MISSING, "section_pk": MISSING}


def _compare(cast):
    return {"model_slug": wigan_model(cast).slug}


def _edit_data(cast):
    element = _first_element(cast)
    items = list(element.checklist_items.order_by("sort_order"))
    data = {
        "title": "Vision for Wigan",
        "summary": element.summary,
        "explainer": "Our own words.",
        "checklist-TOTAL_FORMS": str(len(items)),
        "checklist-INITIAL_FORMS": str(len(items)),
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "100",
    }
    for n, item in enumerate(items):
        data |= {
            f"checklist-{n}-id": str(item.pk),
            f"checklist-{n}-text": item.text,
            f"checklist-{n}-guidance": item.guidance,
        }
    return data


def _add_data(cast):
    return {
        "title": "Wigan Pier enterprise trail",
        "summary": "A walking trail of local businesses.",
        "explainer": "",
        "checklist-TOTAL_FORMS": "1",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "100",
        "checklist-0-text": "The trail is walked once a year.",
        "checklist-0-guidance": "",
    }


# Who reads (200 on pages, 403 on changes) and who changes (200 / 302) Wigan's model.
READ_PAGE = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 200,
    EDITOR: 404,
    ADMIN: 200,
}
WRITE_PAGE = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 403,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 403,
    EDITOR: 404,
    ADMIN: 200,
}
WRITE_POST = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 403,
    MANAGER_A: 302,
    STAFF_B: 404,
    COMMISSIONER: 403,
    EDITOR: 404,
    ADMIN: 302,
}

ROUTES = [
    Route("local_models:index", signed_in(200)),
    Route(
        "local_models:derive",
        WRITE_POST,
        args=_wigan_place,
        missing_args=_missing_place,
        method="post",
    ),
    Route("local_models:detail", READ_PAGE, args=_model, missing_args=_missing_model),
    Route(
        "local_models:element_edit",
        WRITE_PAGE,
        args=_element,
        missing_args=_missing_element,
        label="get:local_models:element_edit",
    ),
    Route(
        "local_models:element_edit",
        WRITE_POST,
        args=_element,
        missing_args=_missing_element,
        method="post",
        data=_edit_data,
        label="post:local_models:element_edit",
    ),
    Route(
        "local_models:element_add",
        WRITE_PAGE,
        args=_section,
        missing_args=_missing_section,
        label="get:local_models:element_add",
    ),
    Route(
        "local_models:element_add",
        WRITE_POST,
        args=_section,
        missing_args=_missing_section,
        method="post",
        data=_add_data,
        label="post:local_models:element_add",
    ),
    Route("logicmodel:compare", everyone(200), args=_compare, public=True),
]
