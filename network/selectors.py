"""Who belongs to the peer-support network, and the lists its pages show.

The members' area is for active peer members and for the staff of any organisation
(they run the action learning groups). A group is for its members and for the staff
of the organisation that facilitates it; only those staff change it.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core.access import Access
from ecosystem.models import Organisation, PeerSupportMembership, Place
from ecosystem.selectors import member_organisation_ids
from journeys.models import Journey
from stories.models import Consent, Story
from stories.selectors import Reader, stories_listed

from .models import ActionLearningGroup, GroupMember, Meeting

MEMBERS_PAGE_SIZE = 50
CASE_STUDIES_SHOWN = 10
NEXT_MEETINGS_SHOWN = 3


@dataclass(frozen=True)
class NetworkPerson:
    """What a person's roles mean for the network, read once per request."""

    user_id: int | None
    organisation_ids: tuple
    profile: PeerSupportMembership | None  # their active peer member profile, if any

    @property
    def is_peer_member(self) -> bool:
        return self.profile is not None

    @property
    def is_staff(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def in_members_area(self) -> bool:
        return self.is_peer_member or self.is_staff


def network_person(user) -> NetworkPerson:
    """The person's standing in the network, in two queries."""
    if not user.is_authenticated:
        return NetworkPerson(None, (), None)
    profile = (
        PeerSupportMembership.objects.filter(user=user, is_active=True)
        .select_related("place", "organisation")
        .first()
    )
    return NetworkPerson(user.pk, tuple(member_organisation_ids(user)), profile)


def peer_profile(user) -> PeerSupportMembership | None:
    """A person's peer member profile, active or not (None if they never joined)."""
    if not user.is_authenticated:
        return None
    return PeerSupportMembership.objects.filter(user=user).first()


# Profiles and the members' list -------------------------------------------------------------


def profile_organisations() -> QuerySet[Organisation]:
    """The directory's organisations a member may say they belong to."""
    return Organisation.objects.order_by("name")


def profile_places() -> QuerySet[Place]:
    """The places a member may say they are in."""
    return Place.objects.order_by("name")


def members_listed() -> QuerySet[PeerSupportMembership]:
    """Active members who chose to be shown, with what each row shows, in one query."""
    return (
        PeerSupportMembership.objects.filter(is_active=True, show_in_members_list=True)
        .select_related("user", "place", "organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def member_case_studies(user, who: Reader | None = None) -> list[Story]:
    """Peer members' own stories, checked and agreed to reach the network, newest first."""
    return list(
        stories_listed(user, who).filter(
            teller=Story.Teller.PEER,
            status__in=Story.SHARED,
            consent__withdrawn_at__isnull=True,
            consent__level__in=[Consent.Level.NETWORK, Consent.Level.PUBLIC],
        )[:CASE_STUDIES_SHOWN]
    )


# Groups -------------------------------------------------------------------------------------


def groups_visible_to(user, who: NetworkPerson | None = None) -> QuerySet[ActionLearningGroup]:
    """Groups a person is in, or facilitated by an organisation they work for."""
    who = who or network_person(user)
    if who.user_id is None:
        return ActionLearningGroup.objects.none()
    joined = GroupMember.objects.filter(user_id=who.user_id).values("group_id")
    return ActionLearningGroup.objects.filter(
        Q(pk__in=joined) | Q(organisation_id__in=who.organisation_ids)
    )


def group_access(user, group: ActionLearningGroup, who: NetworkPerson | None = None) -> Access:
    """WRITE for the facilitating organisation's staff; READ for the group's members."""
    who = who or network_person(user)
    if who.user_id is None:
        return Access.NONE
    if group.organisation_id in who.organisation_ids:
        return Access.WRITE
    if GroupMember.objects.filter(group=group, user_id=who.user_id).exists():
        return Access.READ
    return Access.NONE


def may_see_groups(user, who: NetworkPerson | None = None) -> bool:
    """The groups page is for the network's people and anyone in a group."""
    who = who or network_person(user)
    if who.user_id is None:
        return False
    return who.in_members_area or GroupMember.objects.filter(user_id=who.user_id).exists()


def _upcoming_meetings():
    return Prefetch(
        "meetings",
        queryset=Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at"),
        to_attr="upcoming",
    )


def groups_listed(user, who: NetworkPerson | None = None) -> QuerySet[ActionLearningGroup]:
    """A person's groups with their member counts and coming meetings, in two queries."""
    return (
        groups_visible_to(user, who)
        .select_related("organisation", "place")
        .annotate(member_count=Count("memberships", distinct=True))
        .prefetch_related(_upcoming_meetings())
        .order_by("name", "pk")
    )


def group_detail(group: ActionLearningGroup) -> dict:
    """A group's members and its meetings (coming first, soonest first; then past, latest
    first), each with who came, in three queries."""
    members = list(group.memberships.select_related("user").order_by(*GroupMember._meta.ordering))
    meetings = list(
        group.meetings.select_related("recorded_by").prefetch_related(
            Prefetch(
                "attendees",
                queryset=get_user_model().objects.order_by("first_name", "last_name", "email"),
            )
        )
    )
    now = timezone.now()
    return {
        "members": members,
        "coming": sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at),
        "past": [m for m in meetings if m.starts_at < now],
    }


def member_candidates(group: ActionLearningGroup):
    """People the facilitating hub's staff may add to a group, chosen from a list: peer members
    who show in the members' list or name that organisation as theirs, and people with a
    journey at that organisation; never anyone already in the group."""
    peers = PeerSupportMembership.objects.filter(is_active=True).filter(
        Q(show_in_members_list=True) | Q(organisation=group.organisation)
    )
    supported = Journey.objects.filter(
        organisation=group.organisation, client__user__isnull=False
    ).values("client__user")
    return (
        get_user_model()
        .objects.filter(Q(pk__in=peers.values("user")) | Q(pk__in=supported))
        .exclude(learning_groups__group=group)
        .order_by("first_name", "last_name", "email")
    )


def group_people(group: ActionLearningGroup, *, also=()):
    """The people in a group (and, for an earlier meeting, those who came though they have
    since left it), for "who came" choices."""
    return (
        get_user_model()
        .objects.filter(Q(learning_groups__group=group) | Q(pk__in=[p.pk for p in also]))
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def attending_journeys(group: ActionLearningGroup, attendees) -> list[Journey]:
    """The active journeys at the facilitating organisation of the people who came."""
    return list(
        Journey.objects.filter(
            organisation=group.organisation,
            status=Journey.Status.ACTIVE,
            client__user__in=[a.pk for a in attendees],
        )
        .select_related("client")
        .order_by("client__name", "pk")
    )


def staffed_organisations(user) -> QuerySet[Organisation]:
    """The organisations a person works for: those whose groups they may start."""
    return Organisation.objects.filter(pk__in=member_organisation_ids(user)).order_by("name")
