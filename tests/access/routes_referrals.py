"""Access expectations for referrals; tests/access/matrix.py gathers them (see its docstring).

A referral is between two organisations: here hub A (Wigan) refers someone to hub B
(Bradford). The staff and managers of both see it; everyone else gets 404, administrators
too, since they are members of neither. Each side may take only its own steps: the
receiver accepts, answers and passes it on, the sender withdraws it; the other side,
who may read it, gets 403 for those. Both sides write on its thread.
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
    signed_in,
)

MISSING = "00000000-0000-4000-8000-000000000000"
THIRD_ORGANISATION = "third-organisation-for-referrals"

OUTSIDERS = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 404,
    MANAGER_A: 404,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}
# Both sides read it; the sender (hub A) may not take the receiver's steps, and back.
BOTH_SIDES = OUTSIDERS | {STAFF_A: 200, MANAGER_A: 200, STAFF_B: 200}
RECEIVER_STEP = OUTSIDERS | {STAFF_A: 403, MANAGER_A: 403, STAFF_B: 302}
SENDER_STEP = OUTSIDERS | {STAFF_A: 302, MANAGER_A: 302, STAFF_B: 403}
BOTH_SIDES_POST = OUTSIDERS | {STAFF_A: 302, MANAGER_A: 302, STAFF_B: 302}
# Making a referral starts from one of hub A's journeys: only hub A's team reaches it.
HUB_A_PAGE = OUTSIDERS | {STAFF_A: 200, MANAGER_A: 200}
HUB_A_POST = OUTSIDERS | {STAFF_A: 302, MANAGER_A: 302}


def _journey(cast):
    from tests.journeys.factories import JourneyFactory

    return JourneyFactory(organisation=cast.hub_a, client__user=cast.user(E1))


def _sent(cast):
    from tests.referrals.factories import send_referral

    return send_referral(
        journey=_journey(cast), actor=cast.user(STAFF_A), to_organisation=cast.hub_b
    )


def _sent_args(cast):
    return {"pk": _sent(cast).pk}


def _accepted_args(cast):
    from referrals.services import referral_accept
    from tests.referrals.factories import BASE

    referral = referral_accept(referral=_sent(cast), actor=cast.user(STAFF_B), base_url=BASE)
    return {"pk": referral.pk}


def _missing(cast):
    return {"pk": MISSING}


def _journey_args(cast):
    return {"journey_pk": _journey(cast).pk}


def _missing_journey(cast):
    return {"journey_pk": MISSING}


def _third_organisation(cast):
    from ecosystem.models import Organisation
    from tests.ecosystem.factories import OrganisationFactory

    return Organisation.objects.filter(slug=THIRD_ORGANISATION).first() or OrganisationFactory(
        name="Third Organisation", slug=THIRD_ORGANISATION
    )


ROUTES = [
    # The inbox and outbox, and notifications: each person sees only their own -----------
    Route("referrals:list", signed_in(200)),
    Route("referrals:notifications", signed_in(200)),
    Route("referrals:notifications", signed_in(302), method="post", data=lambda cast: {}),
    # Making a referral from a journey ----------------------------------------------------------
    Route("referrals:new", HUB_A_PAGE, args=_journey_args, missing_args=_missing_journey),
    Route(
        "referrals:new",
        HUB_A_POST,
        args=_journey_args,
        missing_args=_missing_journey,
        method="post",
        data=lambda cast: {
            "destination": f"org:{cast.hub_b.pk}",
            "need": "Advice on a second site.",
            "urgency": "routine",
            "consent_given": "yes",
            "consent_method": "in-person",
            "consent_scope": ["name", "contact", "venture"],
        },
    ),
    # One referral ------------------------------------------------------------------------------
    Route("referrals:detail", BOTH_SIDES, args=_sent_args, missing_args=_missing),
    Route(
        "referrals:accept",
        RECEIVER_STEP,
        args=_sent_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {},
    ),
    Route(
        "referrals:move",
        RECEIVER_STEP,
        args=_accepted_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"status": "in-progress"},
        label="post:referrals:move (start an accepted one)",
    ),
    Route(
        "referrals:move",
        RECEIVER_STEP,
        args=_sent_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"status": "declined", "note": "We do not cover Wigan."},
        label="post:referrals:move (decline)",
    ),
    Route(
        "referrals:move",
        SENDER_STEP,
        args=_sent_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"status": "withdrawn", "note": "Found help nearer home."},
        label="post:referrals:move (withdraw)",
    ),
    Route(
        "referrals:reroute",
        RECEIVER_STEP,
        args=_sent_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {
            "destination": f"org:{_third_organisation(cast).pk}",
            "reroute_note": "They know co-operatives best.",
        },
    ),
    Route(
        "referrals:message",
        BOTH_SIDES_POST,
        args=_sent_args,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"body": "Could we talk on Tuesday?"},
    ),
]
