"""Writes for the peer-support network: joining and leaving, case studies, action learning
groups and their meetings.

Each function is one transaction: it checks everything (raising ValidationError keyed by
the field it is about) before anything is kept, so a refused form saves nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Organisation, PeerSupportMembership, Place
from ecosystem.selectors import works_for
from journeys.models import Session
from journeys.services import session_log, session_update
from stories.models import Consent, Story
from stories.services import CONSENT_WORDING, ConsentDetails, StoryDetails, story_capture

from .models import ActionLearningGroup, GroupMember, Meeting
from .selectors import attending_journeys, member_candidates

ABOUT_MAX = 1000
NAME_MAX = 150
INTERESTS_MAX = 500
SHARED_LEVELS = (Consent.Level.NETWORK, Consent.Level.PUBLIC)

# What the services refuse, in the words shown beside the field; network.forms asks the same
# questions with these words, so that every mistake on a form is listed at once.
FIRST_NAME_MISSING = "Enter your first name, as other members will see it."
PLACE_MISSING = "Choose the place nearest to you."
# As Django's max_length message, which the forms give it to: %(limit_value)d is the limit.
TOO_LONG = "Keep this to %(limit_value)d characters or fewer."
LEVEL_NOT_SHARED = "Choose who may read it."
NOT_AGREED = "Tick the box to agree, so that we may keep and share your story."
NOT_THEIR_ORGANISATION = "Choose an organisation you work for."
GROUP_NAME_MISSING = "Give the group a name."
NOT_A_CANDIDATE = "Choose someone from the list."
TOPIC_MISSING = "Say what the meeting is about."


# Joining and the member's profile ---------------------------------------------------------


@dataclass
class ProfileDetails:
    """What a member says about themselves, already tidied by the form."""

    first_name: str
    place: Place | None
    last_name: str = ""
    organisation: Organisation | None = None
    interests: str = ""
    about: str = ""
    show_in_members_list: bool = False


def _fill_profile(profile: PeerSupportMembership, details: ProfileDetails) -> None:
    errors = {}
    first_name = (details.first_name or "").strip()
    last_name = (details.last_name or "").strip()
    if not first_name:
        errors["first_name"] = FIRST_NAME_MISSING
    if len(first_name) > NAME_MAX or len(last_name) > NAME_MAX:
        errors["first_name" if len(first_name) > NAME_MAX else "last_name"] = TOO_LONG % {
            "limit_value": NAME_MAX
        }
    if details.place is None:
        errors["place"] = PLACE_MISSING
    interests = (details.interests or "").strip()
    about = (details.about or "").strip()
    if len(interests) > INTERESTS_MAX:
        errors["interests"] = TOO_LONG % {"limit_value": INTERESTS_MAX}
    if len(about) > ABOUT_MAX:
        errors["about"] = TOO_LONG % {"limit_value": ABOUT_MAX}
    if errors:
        raise ValidationError(errors)
    user = profile.user
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    profile.place = details.place
    profile.organisation = details.organisation
    profile.interests = interests
    profile.about = about
    profile.show_in_members_list = bool(details.show_in_members_list)
    profile.full_clean(exclude=["user"])
    profile.save()


@transaction.atomic
def peer_member_join(*, user, details: ProfileDetails) -> PeerSupportMembership:
    """Make someone a peer member, or welcome back someone who left, with their profile."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to join the network.")
    # One joining per person at a time (there may be no membership row yet to lock).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    profile = PeerSupportMembership.objects.select_for_update().filter(user=user).first()
    if profile is not None and profile.is_active:
        raise ValidationError("You are already a member of the peer-support network.")
    profile = profile or PeerSupportMembership(user=user)
    profile.is_active = True
    _fill_profile(profile, details)
    return profile


@transaction.atomic
def peer_member_update(
    *, profile: PeerSupportMembership, actor, details: ProfileDetails
) -> PeerSupportMembership:
    """Change a member's own profile."""
    profile = PeerSupportMembership.objects.select_for_update().get(pk=profile.pk)
    if profile.user_id != actor.pk or not profile.is_active:
        raise PermissionDenied("Only the member can change their profile.")
    _fill_profile(profile, details)
    return profile


@transaction.atomic
def peer_member_leave(*, profile: PeerSupportMembership, actor) -> PeerSupportMembership:
    """Leave the network: the member is no longer listed and loses the members' area.
    What they posted stays, as far as its consent allows (withdrawing a story is separate)."""
    profile = PeerSupportMembership.objects.select_for_update().get(pk=profile.pk)
    if profile.user_id != actor.pk:
        raise PermissionDenied("Only the member can leave the network.")
    if not profile.is_active:
        raise ValidationError("You have already left the network.")
    profile.is_active = False
    profile.save(update_fields=["is_active"])
    return profile


# Case studies -------------------------------------------------------------------------------


@transaction.atomic
def case_study_post(
    *, actor, details: StoryDetails, level: str, named: bool, agreed: bool
) -> Story:
    """A peer member's own case study, told and agreed online, sent for the site editors'
    check: it reaches the network (or the public) only once they approve it."""
    if not PeerSupportMembership.objects.filter(user=actor, is_active=True).exists():
        raise PermissionDenied("Only peer members can post case studies here.")
    errors = {}
    if level not in SHARED_LEVELS:
        errors["level"] = LEVEL_NOT_SHARED
    if not agreed:
        errors["consent"] = NOT_AGREED
    if errors:
        raise ValidationError(errors)
    story = story_capture(
        actor=actor,
        teller=Story.Teller.PEER,
        organisation=None,
        subject=actor,
        details=details,
        consent=ConsentDetails(
            level=level,
            named=named,
            given_by=actor.get_full_name() or actor.email,
            method=Consent.Method.ONLINE,
            given_on=timezone.localdate(),
            wording=CONSENT_WORDING,
        ),
        submit=True,
    )
    story.refresh_from_db()  # story_capture hands back the draft it submitted
    return story


# Action learning groups --------------------------------------------------------------------


def _require_facilitator(actor, group: ActionLearningGroup) -> None:
    if not works_for(actor, group.organisation):
        raise PermissionDenied(f"Only {group.organisation.name}'s staff run this group.")


@transaction.atomic
def group_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    place: Place | None = None,
    description: str = "",
) -> ActionLearningGroup:
    """Start an action learning group facilitated by an organisation the actor works for."""
    if organisation is None or not works_for(actor, organisation):
        raise ValidationError({"organisation": NOT_THEIR_ORGANISATION})
    name = (name or "").strip()
    # Asked before full_clean, whose "This field cannot be blank." would say it differently.
    if not name:
        raise ValidationError({"name": GROUP_NAME_MISSING})
    group = ActionLearningGroup(
        organisation=organisation,
        name=name,
        place=place,
        description=(description or "").strip(),
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def group_member_add(*, group: ActionLearningGroup, actor, user) -> GroupMember:
    """Add a peer member, or someone the facilitating hub supports, to a group."""
    _require_facilitator(actor, group)
    # One addition to a group at a time, so a second click finds them already in it.
    group = ActionLearningGroup.objects.select_for_update().get(pk=group.pk)
    if user is None or not member_candidates(group).filter(pk=user.pk).exists():
        raise ValidationError({"user": NOT_A_CANDIDATE})
    return GroupMember.objects.create(group=group, user=user)


@transaction.atomic
def group_member_remove(*, member: GroupMember, actor) -> None:
    """Take someone off a group; the meetings they came to still show they were there."""
    _require_facilitator(actor, member.group)
    member.delete()


# Meetings ---------------------------------------------------------------------------------------


@dataclass
class MeetingDetails:
    """A meeting as the form gives it."""

    starts_at: datetime
    duration_minutes: int
    mode: str
    topic: str
    notes: str = ""
    attendees: Sequence = ()


def _check_meeting(
    group: ActionLearningGroup, details: MeetingDetails, *, came_before: Sequence = ()
) -> None:
    errors = {}
    allowed = set(GroupMember.objects.filter(group=group).values_list("user_id", flat=True))
    allowed |= {person.pk for person in came_before}  # they may have left the group since
    if any(person.pk not in allowed for person in details.attendees):
        errors["attendees"] = "Choose from the group's members."
    elif details.attendees and details.starts_at > timezone.now():
        errors["attendees"] = (
            "Record who came once the meeting has taken place: nobody has attended it yet."
        )
    if not (details.topic or "").strip():
        errors["topic"] = TOPIC_MISSING
    if errors:
        raise ValidationError(errors)


def _fill_meeting(meeting: Meeting, details: MeetingDetails) -> None:
    meeting.starts_at = details.starts_at
    meeting.duration_minutes = details.duration_minutes
    meeting.mode = details.mode
    meeting.topic = (details.topic or "").strip()
    meeting.notes = (details.notes or "").strip()
    meeting.full_clean(exclude=["group", "session"])
    meeting.save()
    meeting.attendees.set(details.attendees)


def _session_topics(meeting: Meeting) -> str:
    return f"{meeting.group.name}: {meeting.topic}"


def _count_as_session(meeting: Meeting, actor) -> None:
    """Make the meeting an action learning session on the active journeys, at the facilitating
    hub, of the people who came; or undo that when none of them has one."""
    group = meeting.group
    journeys = attending_journeys(group, meeting.attendees.all())
    arguments = {
        "actor": actor,
        "kind": Session.Kind.ACTION_LEARNING,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "staff": actor,
        "journeys": journeys,
        "topics": _session_topics(meeting),
    }
    if journeys and meeting.session is None:
        meeting.session = session_log(organisation=group.organisation, **arguments)
        meeting.save(update_fields=["session"])
    elif journeys:
        meeting.session = session_update(session=meeting.session, **arguments)
    elif meeting.session is not None:
        session = meeting.session
        meeting.session = None
        meeting.save(update_fields=["session"])
        session.delete()


@transaction.atomic
def meeting_record(*, group: ActionLearningGroup, actor, details: MeetingDetails) -> Meeting:
    """Record a group's meeting (past, with who came; or still to come). It counts as one
    action learning session for the journeys of attendees the facilitating hub supports."""
    _require_facilitator(actor, group)
    _check_meeting(group, details)
    meeting = Meeting(group=group, recorded_by=actor)
    _fill_meeting(meeting, details)
    _count_as_session(meeting, actor)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor, details: MeetingDetails) -> Meeting:
    """Change a meeting, or record who came to it; its session on the journeys follows."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("group__organisation", "session")
        .get(pk=meeting.pk)
    )
    _require_facilitator(actor, meeting.group)
    _check_meeting(meeting.group, details, came_before=list(meeting.attendees.all()))
    _fill_meeting(meeting, details)
    _count_as_session(meeting, actor)
    return meeting
