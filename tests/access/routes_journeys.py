"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

Journeys are personal records: only the staff and managers of the organisation that
holds them see them (both may work on them). Administrators are not members of hub A,
so they get 404 like any outsider; they do see requests from places no hub serves.
A request waiting in Wigan reaches hub A's team only. The person supported reaches
their own records through "My journey".
"""

from tests.access.matrix_base import (
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

# Hub A's own records: its staff and managers work on them; everyone else gets 404.
HUB_A_PAGE = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}
HUB_A_POST = HUB_A_PAGE | {STAFF_A: 302, MANAGER_A: 302}


def _journey(cast):
    from tests.journeys.factories import JourneyFactory

    return JourneyFactory(
        organisation=cast.hub_a, client__user=cast.user(E1), lead_worker=cast.user(STAFF_A)
    )


def _journey_args(cast):
    return {"pk": _journey(cast).pk}


def _missing(cast):
    return {"pk": MISSING}


def _action_args(cast):
    from tests.journeys.factories import ActionFactory

    action = ActionFactory(journey=_journey(cast))
    return {"pk": action.journey_id, "action_pk": action.pk}


def _missing_action(cast):
    return {"pk": MISSING, "action_pk": MISSING}


def _session_args(cast):
    from tests.journeys.factories import SessionFactory

    return {"pk": SessionFactory(organisation=cast.hub_a, journeys=[_journey(cast)]).pk}


def _journeys_of_latest_session():
    from journeys.models import Session

    return Session.objects.order_by("-created_at").first().journeys.all()


def _hub_a(cast):
    return {"org_pk": cast.hub_a.pk}


def _missing_org(cast):
    return {"org_pk": MISSING}


def _wigan_request(cast):
    from tests.journeys.factories import SupportRequestFactory

    return {"pk": SupportRequestFactory(place=cast.place_a).pk}


def _unserved_request(cast):
    from tests.journeys.factories import SupportRequestFactory

    return {"pk": SupportRequestFactory(place=None, postcode="LS1 4AP").pk}


def _own_client(cast):
    return {"client_pk": _journey(cast).client_id}


def _missing_client(cast):
    return {"client_pk": MISSING}


def _business_type(cast):
    from ecosystem.models import TaxonomyTerm

    return TaxonomyTerm.objects.get(taxonomy__slug="business-types", code="co-operative").pk


def _ask(cast):
    return {
        "kind": "person",
        "name": "Dana Example",
        "email": "dana@example.test",
        "contact_method": "email",
        "postcode": "WN1 1AA",
        "idea": "A bike repair co-op.",
        "business_type": _business_type(cast),
        "stage": "exploring",
        "consent": "on",
    }


SESSION_POST = {
    "kind": "coaching",
    "on": "01/11/2026",
    "at": "10:00",
    "duration_minutes": "60",
    "mode": "in-person",
    "topics": "Pricing.",
    "actions-TOTAL_FORMS": "0",
    "actions-INITIAL_FORMS": "0",
}


def _group_session(cast):
    return SESSION_POST | {"journeys": [str(_journey(cast).pk)]}


ROUTES = [
    # Asking for support: public --------------------------------------------------------
    Route("support:ask", everyone(200), public=True),
    Route(
        "support:ask",
        everyone(302),
        method="post",
        data=_ask,
        public=True,
        label="post:support:ask",
    ),
    Route("support:thanks", everyone(200), public=True),
    Route("support:privacy", everyone(200), public=True),
    # The person's own journey ------------------------------------------------------------
    Route("my:journey", signed_in(200)),
    Route("my:calendar", signed_in(200)),
    Route(
        "my:contact",
        {
            ANON: LOGIN,
            E1: 302,
            E2: 404,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_own_client,
        missing_args=_missing_client,
        method="post",
        data=lambda cast: {"contact_method": "email"},
    ),
    # Triage --------------------------------------------------------------------------------
    Route("triage:inbox", signed_in(200)),
    Route("triage:detail", HUB_A_PAGE, args=_wigan_request, missing_args=_missing),
    Route(
        "triage:detail",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 200,
        },
        args=_unserved_request,
        missing_args=_missing,
        label="get:triage:detail (a place no hub serves)",
    ),
    Route(
        "triage:accept",
        HUB_A_POST,
        args=_wigan_request,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"organisation": str(cast.hub_a.pk)},
    ),
    Route(
        "triage:pass",
        HUB_A_POST,
        args=_wigan_request,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"to_organisation": str(cast.hub_b.pk), "reason": "Nearer to them."},
    ),
    Route(
        "triage:close",
        HUB_A_POST,
        args=_wigan_request,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"reason": "duplicate"},
    ),
    # Journeys ------------------------------------------------------------------------------
    Route("journeys:list", signed_in(200)),
    Route("journeys:detail", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route("journeys:edit", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:edit",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"venture_name": "Renamed venture"},
    ),
    Route("journeys:stage", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:stage",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"stage": "planning", "reason": "Has a plan."},
    ),
    Route("journeys:status", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:status",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"status": "paused"},
    ),
    Route("journeys:session_new", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:session_new",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: SESSION_POST,
    ),
    Route("journeys:milestone_new", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:milestone_new",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"kind": "first-sale", "achieved_on": "01/11/2026"},
    ),
    Route("journeys:wellbeing_new", HUB_A_PAGE, args=_journey_args, missing_args=_missing),
    Route(
        "journeys:wellbeing_new",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {
            "occasion": "start",
            "taken_on": "01/11/2026",
            "life_satisfaction": "6",
            "worthwhile": "7",
            "happiness": "6",
            "anxiety": "4",
            "confidence": "5",
        },
    ),
    Route(
        "journeys:action_new",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"description": "Ring the bank", "owner": "entrepreneur"},
    ),
    Route(
        "journeys:action_done",
        HUB_A_POST,
        args=_action_args,
        missing_args=_missing_action,
        method="post",
        data=lambda cast: {"done": "1"},
    ),
    Route("journeys:session", HUB_A_PAGE, args=_session_args, missing_args=_missing),
    Route("journeys:session_edit", HUB_A_PAGE, args=_session_args, missing_args=_missing),
    Route(
        "journeys:session_edit",
        HUB_A_POST,
        args=_session_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: (
            SESSION_POST | {"journeys": [str(j.pk) for j in _journeys_of_latest_session()]}
        ),
    ),
    Route("journeys:dashboard", HUB_A_PAGE, args=_hub_a, missing_args=_missing_org),
    Route("journeys:new", HUB_A_PAGE, args=_hub_a, missing_args=_missing_org),
    Route(
        "journeys:new",
        HUB_A_POST,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=lambda cast: {
            "kind": "person",
            "name": "Walk-in Person",
            "email": "walkin@example.test",
            "contact_method": "email",
            "venture_name": "Market stall",
            "stage": "enquiry",
        },
    ),
    Route("journeys:group_session_new", HUB_A_PAGE, args=_hub_a, missing_args=_missing_org),
    Route(
        "journeys:group_session_new",
        HUB_A_POST,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=_group_session,
    ),
    Route("journeys:calendar", HUB_A_PAGE, args=_hub_a, missing_args=_missing_org),
]
