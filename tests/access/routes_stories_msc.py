"""Access expectations for most significant change rounds.

A round is seen, and run, only by its panel: an organisation's round by its staff and
managers; a place's round by the staff of organisations working there and its
commissioners; the network's round by everyone in the network (staff, peer members,
commissioners) and its moderators (site editors, administrators). Everyone else signed in
gets 404, as for a round that does not exist. Starting a round is for those who may start
one for some panel (403 for others). What each page holds is tested in
tests/stories/test_rounds.py.
"""

from datetime import date

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

STORY_TITLE = "The market stall that took on an apprentice"
MISSING = {"pk": "00000000-0000-4000-8000-000000000000"}


def _round(cast, panel: str) -> dict:
    """An open round for hub A, for Wigan or for the network, with one story to choose."""
    from stories.models import SelectionRound
    from stories.selectors import outcome_elements
    from tests.stories.factories import StoryFactory

    story = StoryFactory(
        title=STORY_TITLE,
        organisation=cast.hub_a,
        place=cast.place_a,
        changed_on=date(2026, 10, 1),
    )
    story.elements.set([next(e for e in outcome_elements() if e.section.number == "5a")])
    scope = {
        "organisation": {"organisation": cast.hub_a},
        "place": {"place": cast.place_a},
        "network": {},
    }[panel]
    selection_round = SelectionRound.objects.create(
        title=f"Autumn 2026 ({panel})",
        panel=panel,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 31),
        **scope,
    )
    return {"pk": selection_round.pk}


def _hub_a_round(cast):
    return _round(cast, "organisation")


def _wigan_round(cast):
    return _round(cast, "place")


def _network_round(cast):
    return _round(cast, "network")


def _missing(cast):
    return MISSING


def _choice(cast):
    from stories.models import Story
    from stories.selectors import outcome_domains

    story = Story.objects.filter(title=STORY_TITLE).first()
    domain = next(d for d in outcome_domains() if d.number == "5a")
    return {
        "domain": str(domain.pk),
        "story": str(story.pk) if story else "",
        "reason": "It shows a business growing by training someone local.",
    }


def _new_hub_a_round(cast):
    return {
        "title": "Winter 2026",
        "scope": f"organisation:{cast.hub_a.pk}",
        "period_start": "01/09/2026",
        "period_end": "30/11/2026",
    }


def _hub_a(answer) -> dict:
    return {
        ANON: LOGIN,
        E1: 404,
        E2: 404,
        PEER: 404,
        STAFF_A: answer,
        MANAGER_A: answer,
        STAFF_B: 404,
        COMMISSIONER: 404,
        EDITOR: 404,
        ADMIN: 404,
    }


def _wigan(answer) -> dict:
    return {
        ANON: LOGIN,
        E1: 404,
        E2: 404,
        PEER: 404,
        STAFF_A: answer,
        MANAGER_A: answer,
        STAFF_B: 404,
        COMMISSIONER: answer,
        EDITOR: 404,
        ADMIN: 404,
    }


def _network(answer) -> dict:
    return {
        ANON: LOGIN,
        E1: 404,
        E2: 404,
        PEER: answer,
        STAFF_A: answer,
        MANAGER_A: answer,
        STAFF_B: answer,
        COMMISSIONER: answer,
        EDITOR: answer,
        ADMIN: answer,
    }


ROUTES = [
    Route(
        "stories:rounds",
        {
            ANON: LOGIN,
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
    ),
    Route(
        "stories:round_new",
        {
            ANON: LOGIN,
            E1: 403,
            E2: 403,
            PEER: 403,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
    ),
    Route(
        "stories:round_new",
        # Only hub A's team may start a round for hub A: the others are shown the form again.
        {
            ANON: LOGIN,
            E1: 403,
            E2: 403,
            PEER: 403,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 400,
            COMMISSIONER: 400,
            EDITOR: 400,
            ADMIN: 400,
        },
        method="post",
        data=_new_hub_a_round,
    ),
    Route(
        "stories:round",
        _hub_a(200),
        args=_hub_a_round,
        missing_args=_missing,
        label="get:stories:round (hub A)",
    ),
    Route(
        "stories:round",
        _wigan(200),
        args=_wigan_round,
        missing_args=_missing,
        label="get:stories:round (Wigan)",
    ),
    Route(
        "stories:round",
        _network(200),
        args=_network_round,
        missing_args=_missing,
        label="get:stories:round (network)",
    ),
    Route(
        "stories:round_select",
        _hub_a(302),
        args=_hub_a_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (hub A)",
    ),
    Route(
        "stories:round_select",
        _wigan(302),
        args=_wigan_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (Wigan)",
    ),
    Route(
        "stories:round_select",
        _network(302),
        args=_network_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (network)",
    ),
    Route(
        "stories:round_close",
        _hub_a(302),
        args=_hub_a_round,
        missing_args=_missing,
        method="post",
        label="post:stories:round_close (hub A)",
    ),
    Route(
        "stories:round_close",
        _network(302),
        args=_network_round,
        missing_args=_missing,
        method="post",
        label="post:stories:round_close (network)",
    ),
]
