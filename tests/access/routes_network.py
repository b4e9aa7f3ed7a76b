"""Access expectations for the peer-support network; tests/access/matrix.py gathers them.

The members' area is for active peer members (the peer) and the staff of any organisation
(staff_a, manager_a, staff_b); Amira is not a peer member, so it is not found for her.
Only a member has a profile, may leave or post a case study. Hub A facilitates an action
learning group with the peer and Amira in it: its staff and managers run it, its members
read it (and get 403 trying to run it), and for everyone else it does not exist (404),
including the administrator, who works for no organisation.
"""

from datetime import timedelta

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


def _group(cast):
    """Hub A's group, with the peer and Amira in it (and Amira's journey at hub A)."""
    from tests.journeys.factories import JourneyFactory
    from tests.network.factories import GroupFactory

    JourneyFactory(organisation=cast.hub_a, client__user=cast.user(E1))
    return GroupFactory(
        organisation=cast.hub_a, place=cast.place_a, members=[cast.user(PEER), cast.user(E1)]
    )


def _with_group(cast):
    _group(cast)
    return {}


def _group_args(cast):
    return {"pk": _group(cast).pk}


def _missing(cast):
    return {"pk": MISSING}


def _member_args(cast):
    from network.models import GroupMember
    from tests.users.factories import UserFactory

    group = _group(cast)
    return {
        "pk": group.pk,
        "member_pk": GroupMember.objects.create(group=group, user=UserFactory()).pk,
    }


def _missing_member(cast):
    return {"pk": MISSING, "member_pk": 999999}


def _meeting_args(cast):
    from tests.network.factories import MeetingFactory

    return {"pk": MeetingFactory(group=_group(cast)).pk}


def _past_day():
    from django.utils import timezone

    return (timezone.localdate() - timedelta(days=3)).strftime("%d/%m/%Y")


def _profile(cast):
    return {"first_name": "Pat", "place": cast.place_a.pk, "show_in_members_list": "on"}


def _case_study(cast):
    return {
        "title": "We opened on Saturdays",
        "narrative": "Opening on Saturdays brought in families.",
        "changed_on": _past_day(),
        "place": cast.place_a.pk,
        "level": "network",
        "named": "yes",
        "consent": "on",
    }


def _new_candidate(cast):
    """Someone hub A supports, with an account: a person its staff may add to its group."""
    from tests.journeys.factories import JourneyFactory
    from tests.users.factories import UserFactory

    user = UserFactory()
    JourneyFactory(organisation=cast.hub_a, client__user=user)
    return {"user": user.pk}


def _meeting(cast):
    return {
        "on": _past_day(),
        "at": "18:00",
        "duration_minutes": "90",
        "mode": "in-person",
        "topic": "Pricing",
        "attendees": [cast.user(E1).pk, cast.user(PEER).pk],
    }


# Hub A's group: its staff run it, its members read it, anyone else gets 404.
GROUP_PAGE = {
    ANON: LOGIN,
    E1: 200,
    E2: 404,
    PEER: 200,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}
GROUP_FORM = GROUP_PAGE | {E1: 403, PEER: 403}
GROUP_POST = GROUP_FORM | {STAFF_A: 302, MANAGER_A: 302}

# What only a peer member has: their profile, leaving, posting a case study.
MEMBER_ONLY = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 200,
    STAFF_A: 404,
    MANAGER_A: 404,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 404,
}

ROUTES = [
    # Joining: anyone signed in; a member is sent to their profile.
    Route(
        "network:join",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 200,
            PEER: 302,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 200,
            EDITOR: 200,
            ADMIN: 200,
        },
    ),
    Route(
        "network:join",
        {
            ANON: LOGIN,
            E1: 302,
            E2: 302,
            PEER: 302,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 302,
            COMMISSIONER: 302,
            EDITOR: 302,
            ADMIN: 302,
        },
        method="post",
        data=_profile,
    ),
    Route("network:profile", MEMBER_ONLY),
    Route("network:profile", MEMBER_ONLY | {PEER: 302}, method="post", data=_profile),
    Route("network:leave", MEMBER_ONLY | {PEER: 302}, method="post"),
    Route("network:post", MEMBER_ONLY),
    Route("network:post", MEMBER_ONLY | {PEER: 302}, method="post", data=_case_study),
    # The members' area: peer members and the staff of any organisation.
    Route(
        "network:home",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
    ),
    # The groups page: the network's people, and anyone in a group (Amira, here).
    Route(
        "network:groups",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 404,
            PEER: 200,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_with_group,
    ),
    # Starting a group: the staff of any organisation, for their own.
    Route(
        "network:group_new",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 200,
            MANAGER_A: 200,
            STAFF_B: 200,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
    ),
    Route(
        "network:group_new",
        {
            ANON: LOGIN,
            E1: 404,
            E2: 404,
            PEER: 404,
            STAFF_A: 302,
            MANAGER_A: 302,
            STAFF_B: 302,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        method="post",
        data=lambda cast: {"name": "Bakers' circle"},
    ),
    # One group, and running it.
    Route("network:group", GROUP_PAGE, args=_group_args, missing_args=_missing),
    Route(
        "network:group_member_add",
        GROUP_POST,
        args=_group_args,
        missing_args=_missing,
        method="post",
        data=_new_candidate,
    ),
    Route(
        "network:group_member_remove",
        GROUP_POST,
        args=_member_args,
        missing_args=_missing_member,
        method="post",
    ),
    Route("network:meeting_new", GROUP_FORM, args=_group_args, missing_args=_missing),
    Route(
        "network:meeting_new",
        GROUP_POST,
        args=_group_args,
        missing_args=_missing,
        method="post",
        data=_meeting,
    ),
    Route("network:meeting_edit", GROUP_FORM, args=_meeting_args, missing_args=_missing),
    Route(
        "network:meeting_edit",
        GROUP_POST,
        args=_meeting_args,
        missing_args=_missing,
        method="post",
        data=_meeting,
    ),
]
