"""Access expectations for most significant change rounds.

A round is read by everyone its panel area reaches: an organisation's round by its staff and
managers; a place's round by the staff of organisations working there and its
commissioners; the network's round by everyone in the network (staff, peer members,
commissioners) and its moderators (site editors, administrators). Everyone else signed in
gets 404, as for a round that does not exist. Within the area, only the round's named panel
chooses and only its convenor closes, reopens and changes the panel; the others in the area
get 403. Starting a round is for those who may start one for some panel area (403 for
others). What each page holds is tested in tests/stories/test_rounds.py.

The rounds here:

    hub A    convened by manager_a, panel manager_a and staff_a
    Wigan    convened by commissioner, panel commissioner and staff_a
    network  convened by editor, panel editor, peer and commissioner
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


# The convenor and panel of each fixture round, by persona.
PANELS = {
    "organisation": ("manager_a", ["manager_a", "staff_a"]),
    "place": ("commissioner", ["commissioner", "staff_a"]),
    "network": ("editor", ["editor", "peer", "commissioner"]),
}


def _round(cast, panel: str, *, closed: bool = False) -> dict:
    """A round for hub A, for Wigan or for the network, with its convenor and panel and one
    story to choose; open unless told."""
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
    convenor, members = PANELS[panel]
    selection_round = SelectionRound.objects.create(
        title=f"Autumn 2026 ({panel})",
        panel=panel,
        period_start=date(2026, 9, 1),
        period_end=date(2026, 10, 31),
        status=SelectionRound.Status.CLOSED if closed else SelectionRound.Status.OPEN,
        created_by=cast.user(convenor),
        convenor=cast.user(convenor),
        **scope,
    )
    selection_round.panel_members.set([cast.user(member) for member in members])
    return {"pk": selection_round.pk}


def _hub_a_round(cast):
    return _round(cast, "organisation")


def _wigan_round(cast):
    return _round(cast, "place")


def _network_round(cast):
    return _round(cast, "network")


def _closed_hub_a_round(cast):
    return _round(cast, "organisation", closed=True)


def _closed_network_round(cast):
    return _round(cast, "network", closed=True)


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


def _reopening(cast):
    return {"reason": "The panel wants to look again at the autumn stories."}


def _adding(persona):
    def data(cast):
        return {"email": cast.user(persona).email}

    return data


def _removing(persona):
    def data(cast):
        return {"member": str(cast.user(persona).pk)}

    return data


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
        # The panel: manager_a and staff_a.
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
        args=_hub_a_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (hub A)",
    ),
    Route(
        "stories:round_select",
        # The panel: commissioner and staff_a; manager_a may read the round but not choose.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 302,
            MANAGER_A: 403,
            STAFF_B: 404,
            COMMISSIONER: 302,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_wigan_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (Wigan)",
    ),
    Route(
        "stories:round_select",
        # The panel: editor, peer and commissioner; the rest of the network may only read.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 302,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 403,
            COMMISSIONER: 302,
            EDITOR: 302,
            ADMIN: 403,
        },
        args=_network_round,
        missing_args=_missing,
        method="post",
        data=_choice,
        label="post:stories:round_select (network)",
    ),
    Route(
        "stories:round_close",
        # Convened by manager_a.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_hub_a_round,
        missing_args=_missing,
        method="post",
        label="post:stories:round_close (hub A)",
    ),
    Route(
        "stories:round_close",
        # Convened by commissioner.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 404,
            COMMISSIONER: 302,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_wigan_round,
        missing_args=_missing,
        method="post",
        label="post:stories:round_close (Wigan)",
    ),
    Route(
        "stories:round_close",
        # Convened by editor: no one else in the network may close it.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 302,
            ADMIN: 403,
        },
        args=_network_round,
        missing_args=_missing,
        method="post",
        label="post:stories:round_close (network)",
    ),
    Route(
        "stories:round_reopen",
        # A closed round convened by manager_a.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_closed_hub_a_round,
        missing_args=_missing,
        method="post",
        data=_reopening,
        label="post:stories:round_reopen (hub A)",
    ),
    Route(
        "stories:round_reopen",
        # A closed round convened by editor.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 302,
            ADMIN: 403,
        },
        args=_closed_network_round,
        missing_args=_missing,
        method="post",
        data=_reopening,
        label="post:stories:round_reopen (network)",
    ),
    Route(
        "stories:round_panel_add",
        # Convened by commissioner, who adds manager_a (in Wigan's panel area).
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 404,
            COMMISSIONER: 302,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_wigan_round,
        missing_args=_missing,
        method="post",
        data=_adding("manager_a"),
        label="post:stories:round_panel_add (Wigan)",
    ),
    Route(
        "stories:round_panel_add",
        # Convened by editor, who adds staff_b.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 302,
            ADMIN: 403,
        },
        args=_network_round,
        missing_args=_missing,
        method="post",
        data=_adding("staff_b"),
        label="post:stories:round_panel_add (network)",
    ),
    Route(
        "stories:round_panel_remove",
        # Convened by manager_a, who takes staff_a off the panel.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 403,
            MANAGER_A: 302,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_hub_a_round,
        missing_args=_missing,
        method="post",
        data=_removing("staff_a"),
        label="post:stories:round_panel_remove (hub A)",
    ),
    Route(
        "stories:round_panel_remove",
        # Convened by editor, who takes peer off the panel.
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 403,
            STAFF_A: 403,
            MANAGER_A: 403,
            STAFF_B: 403,
            COMMISSIONER: 403,
            EDITOR: 302,
            ADMIN: 403,
        },
        args=_network_round,
        missing_args=_missing,
        method="post",
        data=_removing("peer"),
        label="post:stories:round_panel_remove (network)",
    ),
]
