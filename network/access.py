"""Access helpers for the peer-support network (see core.access for the rule).

The members' area is for active peer members and the staff of any organisation; a
person who is neither gets 404, as for a page that does not exist. An action learning
group is for its members (who may read it) and for the staff of the organisation that
facilitates it (who run it); members trying to change it get 403, anyone else 404.
"""

from django.db.models import QuerySet

from core.access import Access, require_access
from ecosystem.models import Organisation, PeerSupportMembership

from .models import ActionLearningGroup, GroupMember, Meeting
from .selectors import (
    NetworkPerson,
    group_access,
    may_see_groups,
    network_person,
    staffed_organisations,
)


def get_members_area_for_user(user) -> NetworkPerson:
    """The person's standing, when they may use the members' area (404 for anyone else)."""
    who = network_person(user)
    return require_access(who, Access.READ if who.in_members_area else Access.NONE)


def get_peer_member(user) -> NetworkPerson:
    """The person's standing, when they are an active peer member (404 for anyone else)."""
    who = network_person(user)
    return require_access(who, Access.WRITE if who.is_peer_member else Access.NONE)


def get_own_profile(user) -> PeerSupportMembership:
    """The signed-in person's own active peer member profile (404 if they are not a member)."""
    profile = get_peer_member(user).profile
    return require_access(profile, Access.WRITE if profile else Access.NONE)


def get_groups_page_for_user(user) -> NetworkPerson:
    """The person's standing, when they have groups to see or may start one (404 otherwise)."""
    who = network_person(user)
    return require_access(who, Access.READ if may_see_groups(user, who) else Access.NONE)


def get_workplaces_for_groups(user) -> QuerySet[Organisation]:
    """The organisations whose groups this person may start: those they work for (404 if none)."""
    organisations = staffed_organisations(user)
    return require_access(organisations if organisations.exists() else None, Access.WRITE)


def get_group_for_user(user, pk, *, manage: bool = False) -> ActionLearningGroup:
    """A group this person is in or whose facilitating organisation they work for, with
    what they may do with it as group.viewer_access (WRITE: they run it).

    manage: for what only the facilitating organisation's staff do (403 for members).
    """
    group = (
        ActionLearningGroup.objects.filter(pk=pk).select_related("organisation", "place").first()
    )
    granted = group_access(user, group) if group else Access.NONE
    group = require_access(group, granted, write=manage)
    group.viewer_access = granted
    return group


def get_group_member_for_user(user, group_pk, pk) -> GroupMember:
    """A member of a group, for the facilitating organisation's staff to take off it."""
    group = get_group_for_user(user, group_pk, manage=True)
    member = GroupMember.objects.filter(group=group, pk=pk).select_related("user", "group").first()
    return require_access(member, Access.WRITE if member else Access.NONE, write=True)


def get_meeting_for_user(user, pk, *, manage: bool = False) -> Meeting:
    """A meeting of a group this person may see (manage: its facilitating staff only)."""
    meeting = (
        Meeting.objects.filter(pk=pk)
        .select_related("group", "group__organisation", "session")
        .first()
    )
    granted = group_access(user, meeting.group) if meeting else Access.NONE
    return require_access(meeting, granted, write=manage)
