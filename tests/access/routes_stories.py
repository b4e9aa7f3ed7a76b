"""Access expectations for one story: capturing and telling it, reading it, changing and
checking it, its public version, sending it to the website, its pictures, withdrawing
consent, and the prompt after a stage change.

The story is one staff_a captured on Amira's (entrepreneur's) hub A journey. While it is a
draft, only hub A's staff and managers (who look after it) and Amira (whom it is about)
may open it; everyone else signed in gets 404, as for a story that does not exist. Once
approved with consent that reaches the partner network, every member of the network
(staff of any organisation, peer members, commissioners) and its moderators (site
editors, administrators) may read it, and get 403 for what only those who look after it
may do. Tom (entrepreneur2), supported by hub B, is not a member of the partner network
that consent names (hubs, peer members, commissioners), so he gets 404 throughout. Amira
may read her story but not change or check it (403); she may withdraw
consent for it. What each page holds is tested in tests/stories/test_views.py.
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
)

MISSING = "00000000-0000-4000-8000-000000000000"


def amira_journey(cast):
    """Amira's journey at hub A, led by staff_a (the stories' tests use it too)."""
    from tests.journeys.factories import ClientFactory, JourneyFactory

    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(organisation=cast.hub_a, name="Amira Example", user=cast.user(E1)),
        lead_worker=cast.user(STAFF_A),
        venture_name="Amira's Bakery",
    )


def _story(cast, *, level="network", named=False, submit=False, approve=False, images=()):
    from tests.stories.factories import capture_story

    staff = cast.user(STAFF_A)
    return capture_story(
        actor=staff,
        journey=amira_journey(cast),
        level=level,
        named=named,
        images=images,
        submit=submit,
        approve_by=staff if approve else None,
    )


def _draft(cast):
    return {"pk": _story(cast).pk}


def _submitted(cast):
    return {"pk": _story(cast, submit=True).pk}


def _approved(cast):
    return {"pk": _story(cast, approve=True).pk}


def _approved_for_organisation(cast):
    return {"pk": _story(cast, level="organisation", approve=True).pk}


def _approved_public_anonymous(cast):
    return {"pk": _story(cast, level="public", named=False, approve=True).pk}


def _approved_public_named(cast):
    return {"pk": _story(cast, level="public", named=True, approve=True).pk}


def _picture(cast, *, approve: bool):
    from tests.stories.factories import jpeg_upload

    story = _story(cast, images=[(jpeg_upload(), "Amira at her stall")], approve=approve)
    return {"pk": story.images.get().pk}


def _draft_picture(cast):
    return _picture(cast, approve=False)


def _approved_picture(cast):
    return _picture(cast, approve=True)


def _journey_args(cast):
    return {"journey_pk": amira_journey(cast).pk}


def _missing_journey(cast):
    return {"journey_pk": MISSING}


def _own_journeys(cast):
    """Amira has a journey at hub A and Tom at hub B; nobody else has one."""
    from tests.journeys.factories import JourneyFactory

    amira_journey(cast)
    JourneyFactory(organisation=cast.hub_b, client__user=cast.user(E2))
    return {}


def _prompt(cast):
    from stories.services import story_prompt_for_stage_change

    prompt = story_prompt_for_stage_change(journey=amira_journey(cast), stage="planning")
    return {"pk": prompt.pk}


def _missing(cast):
    return {"pk": MISSING}


STORY = {
    "title": "The stall that took on an apprentice",
    "narrative": "She took on an apprentice from the estate.",
    "changed_on": "01/10/2026",
}
CONSENT = {
    "level": "network",
    "named": "no",
    "given_by": "Amira Example",
    "method": "verbal",
    "given_on": "01/11/2026",
}


def _capture(cast):
    return STORY | CONSENT | {"agreed": "on"}


def _tell(cast):
    return STORY | {"level": "organisation", "named": "no", "agreed": "on"}


def _edit(cast):
    return STORY | CONSENT


def _new_picture(cast):
    from tests.stories.factories import jpeg_upload

    return {"image": jpeg_upload(), "alt_text": "The new oven"}


# A draft: those who look after it, and the person it is about.
DRAFT_PAGE = {
    ANON: LOGIN,
    E1: 200,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}
# Changing a draft: its organisation's staff; the person it is about may only read it.
DRAFT_CHANGE = {
    ANON: LOGIN,
    E1: 403,
    E2: 404,
    PEER: 404,
    STAFF_A: 302,
    MANAGER_A: 302,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}

ROUTES = [
    # Capturing and telling ----------------------------------------------------------------
    Route(
        "stories:capture",
        {
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
        },
        args=_journey_args,
        missing_args=_missing_journey,
    ),
    Route(
        "stories:capture",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_journey_args,
        missing_args=_missing_journey,
        method="post",
        data=_capture,
    ),
    Route(
        "stories:tell",
        # Only people with a journey of their own have an organisation to tell it to.
        {
            ANON: LOGIN,
            E1: 200,
            E2: 200,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_own_journeys,
    ),
    Route(
        "stories:tell",
        {
            ANON: LOGIN,
            E1: 302,
            E2: 302,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_own_journeys,
        method="post",
        data=_tell,
    ),
    Route(
        "stories:prompt_dismiss",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_prompt,
        missing_args=_missing,
        method="post",
    ),
    # Reading one story ----------------------------------------------------------------------
    Route(
        "stories:detail",
        DRAFT_PAGE,
        args=_draft,
        missing_args=_missing,
        label="get:stories:detail (draft)",
    ),
    Route(
        "stories:detail",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 404,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
        args=_approved,
        missing_args=_missing,
        label="get:stories:detail (approved, network consent)",
    ),
    Route(
        "stories:detail",
        # Consent for the organisation only: approval takes it no further.
        DRAFT_PAGE,
        args=_approved_for_organisation,
        missing_args=_missing,
        label="get:stories:detail (approved, organisation consent)",
    ),
    # Changing and checking ------------------------------------------------------------------
    Route(
        "stories:edit",
        {
            ANON: LOGIN,
            E1: 403,
            E2: 404,
            PEER: 404,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_draft,
        missing_args=_missing,
    ),
    Route(
        "stories:edit",
        DRAFT_CHANGE,
        args=_draft,
        missing_args=_missing,
        method="post",
        data=_edit,
    ),
    Route("stories:submit", DRAFT_CHANGE, args=_draft, missing_args=_missing, method="post"),
    Route(
        "stories:check",
        DRAFT_CHANGE,
        args=_submitted,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"decision": "approve"},
    ),
    Route(
        "stories:public_version",
        # Readers in the network may read the approved story, but not write its public version.
        {
            ANON: LOGIN,
            E1: 403,
            E2: 404,
            PEER: 403,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 403,
        },
        args=_approved_public_anonymous,
        missing_args=_missing,
        label="get:stories:public_version (approved, anonymous, public consent)",
    ),
    Route(
        "stories:public_version",
        DRAFT_CHANGE | {STAFF_A: 200, MANAGER_A: 200},
        args=_draft,
        missing_args=_missing,
        label="get:stories:public_version (draft)",
    ),
    Route(
        "stories:public_version",
        DRAFT_CHANGE,
        args=_draft,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"public_title": "A stall", "public_text": "A market stall grew."},
        label="post:stories:public_version (draft)",
    ),
    Route(
        "stories:send",
        {
            ANON: LOGIN,
            E1: 403,
            E2: 404,
            PEER: 403,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 403,
        },
        args=_approved_public_named,
        missing_args=_missing,
        method="post",
        label="post:stories:send (approved, named, public consent)",
    ),
    Route(
        "stories:send",
        # Not yet approved: the staff are told why it cannot go (and sent back to the story).
        DRAFT_CHANGE,
        args=_draft,
        missing_args=_missing,
        method="post",
        label="post:stories:send (draft)",
    ),
    # Withdrawing consent: the person it is about, and its organisation's staff -------------
    Route(
        "stories:withdraw",
        DRAFT_PAGE,
        args=_draft,
        missing_args=_missing,
        label="get:stories:withdraw (draft)",
    ),
    Route(
        "stories:withdraw",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 404,
            PEER: 403,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 403,
        },
        args=_approved,
        missing_args=_missing,
        label="get:stories:withdraw (approved, network consent)",
    ),
    Route(
        "stories:withdraw",
        {
            ANON: LOGIN,
            E1: 302,
            E2: 404,
            PEER: 403,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 403,
            ADMIN: 403,
        },
        args=_approved,
        missing_args=_missing,
        method="post",
        data=lambda cast: {"method": "verbal"},
        label="post:stories:withdraw (approved, network consent)",
    ),
    # Pictures ---------------------------------------------------------------------------------
    Route(
        "stories:image_add",
        DRAFT_CHANGE,
        args=_draft,
        missing_args=_missing,
        method="post",
        data=_new_picture,
    ),
    Route(
        "stories:image",
        DRAFT_PAGE,
        args=_draft_picture,
        missing_args=_missing,
        label="get:stories:image (draft)",
    ),
    Route(
        "stories:image",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 404,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
        args=_approved_picture,
        missing_args=_missing,
        label="get:stories:image (approved, network consent)",
    ),
    Route(
        "stories:image_remove",
        DRAFT_CHANGE,
        args=_draft_picture,
        missing_args=_missing,
        method="post",
    ),
]
