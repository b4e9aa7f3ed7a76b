"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

Regular reflection. An organisation's assessment: its managers and superusers
write, its staff and the commissioners of a place it serves read. A place's
assessment: managers of the place's catalyst hubs write, their staff and the
place's commissioners read. Everyone else is told it does not exist.
"""

import datetime

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
    signed_in,
)

MISSING = "00000000-0000-4000-8000-000000000000"
FIRST_COLUMN = "vision-and-purpose"


def _assessment(cast, *, place=None, shared=False):
    from logicmodel.assessments.services import Answer, assessment_answer, assessment_start
    from logicmodel.models import ChecklistItem, LogicModel

    model = LogicModel.objects.get(slug="empowering-places")
    subject = {"place": place} if place else {"organisation": cast.hub_a}
    assessment = assessment_start(
        logic_model=model,
        title="Spring reflection",
        assessed_on=datetime.date(2025, 3, 1),
        **subject,
    )
    item = ChecklistItem.objects.filter(element__logic_model=model).order_by("pk").first()
    assessment_answer(assessment=assessment, answers=[Answer(item_id=item.pk, score="partly")])
    if shared:
        assessment.summary, assessment.summary_is_public = "We are getting there.", True
        assessment.save()
    return assessment


def _hub_a_assessment(cast):
    return {"pk": _assessment(cast).pk}


def _wigan_assessment(cast):
    return {"pk": _assessment(cast, place=cast.place_a).pk}


def _bradford_assessment(cast):
    return {"pk": _assessment(cast, place=cast.place_b).pk}


def _shared_assessment(cast):
    return {"pk": _assessment(cast, shared=True).pk}


def _hub_a_column(cast):
    return {**_hub_a_assessment(cast), "column_slug": FIRST_COLUMN}


def _wigan_column(cast):
    return {**_wigan_assessment(cast), "column_slug": FIRST_COLUMN}


def _missing(cast):
    return {"pk": MISSING}


def _missing_column(cast):
    return {"pk": MISSING, "column_slug": FIRST_COLUMN}


def _start_data(cast):
    return {
        "subject": f"organisation:{cast.hub_a.pk}",
        "logic_model": _national_model_pk(),
        "title": "Autumn reflection",
        "assessed_on": "01/03/2025",
    }


def _national_model_pk():
    from logicmodel.models import LogicModel

    return str(LogicModel.objects.get(slug="empowering-places").pk)


# Who reads and who writes hub A's assessments (and those of Wigan, which hub A serves).
HUB_A_READ = {
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
HUB_A_WRITE_FORM = {
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
HUB_A_WRITE_POST = {
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
    Route("assessments:list", signed_in(200)),
    Route(
        "assessments:start",
        {
            ANON: LOGIN,
            E1: 403,
            E2: 403,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 200,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 200,
        },
    ),
    Route(
        "assessments:start",
        {
            ANON: LOGIN,
            E1: 403,
            E2: 403,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 302,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 302,
        },
        method="post",
        data=_start_data,
    ),
    Route("assessments:detail", HUB_A_READ, args=_hub_a_assessment, missing_args=_missing),
    Route(
        "assessments:detail",
        {
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
        },
        args=_wigan_assessment,
        missing_args=_missing,
        label="get:assessments:detail (Wigan, a place hub A serves)",
    ),
    Route(
        "assessments:detail",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 200,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 200,
        },
        args=_bradford_assessment,
        missing_args=_missing,
        label="get:assessments:detail (Bradford, a place hub B serves)",
    ),
    Route("assessments:column", HUB_A_READ, args=_hub_a_column, missing_args=_missing_column),
    Route(
        "assessments:column",
        HUB_A_WRITE_POST,
        args=_hub_a_column,
        missing_args=_missing_column,
        method="post",
    ),
    Route(
        "assessments:column",
        {
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
        },
        args=_wigan_column,
        missing_args=_missing_column,
        method="post",
        label="post:assessments:column (Wigan, a place hub A serves)",
    ),
    Route(
        "assessments:complete",
        HUB_A_WRITE_POST,
        args=_hub_a_assessment,
        missing_args=_missing,
        method="post",
    ),
    Route(
        "assessments:reopen",
        HUB_A_WRITE_POST,
        args=_hub_a_assessment,
        missing_args=_missing,
        method="post",
    ),
    Route("assessments:summary", HUB_A_WRITE_FORM, args=_hub_a_assessment, missing_args=_missing),
    Route(
        "assessments:summary",
        HUB_A_WRITE_POST,
        args=_hub_a_assessment,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"summary": "Stronger on vision, weaker on impact."},
    ),
    Route("assessments:compare", HUB_A_READ, args=_hub_a_assessment, missing_args=_missing),
    # Shared summaries are public; an unshared one is 404 to everyone (tests/logicmodel).
    Route(
        "assessments_public:summary",
        {
            ANON: 200,
            E1: 200,
            E2: 200,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
        args=_shared_assessment,
        public=True,
    ),
]
