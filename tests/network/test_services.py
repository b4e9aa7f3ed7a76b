"""The network's services: joining and leaving, case studies, groups, and meetings that count
as action learning sessions on the right journeys only. A refused write keeps nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecosystem.models import PeerSupportMembership
from journeys.models import Journey, Session
from network.models import ActionLearningGroup, GroupMember, Meeting
from network.services import (
    MeetingDetails,
    ProfileDetails,
    case_study_post,
    group_create,
    group_member_add,
    group_member_remove,
    meeting_record,
    meeting_update,
    peer_member_join,
    peer_member_leave,
    peer_member_update,
)
from stories.models import Consent, Story
from stories.selectors import moderation_queue
from stories.services import CONSENT_WORDING, StoryDetails, story_approve
from tests.journeys.factories import JourneyFactory
from tests.network.factories import GroupFactory, PeerMemberFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def _details(cast, **changes) -> ProfileDetails:
    values = {
        "first_name": "Rosa",
        "last_name": "Quillfeather",
        "place": cast.place_a,
        "organisation": cast.hub_a,
        "interests": "Bicycle repairs",
        "about": "I mend bikes.",
        "show_in_members_list": True,
    }
    return ProfileDetails(**(values | changes))


# Joining and leaving -------------------------------------------------------------------------


def test_it_makes_someone_a_member_with_their_profile_and_name(cast):
    user = UserFactory(first_name="", last_name="")
    profile = peer_member_join(user=user, details=_details(cast, interests="  Bikes  "))
    assert profile.is_active and profile.show_in_members_list
    assert (profile.place, profile.organisation) == (cast.place_a, cast.hub_a)
    assert profile.interests == "Bikes"
    user.refresh_from_db()
    assert user.get_full_name() == "Rosa Quillfeather"


def test_it_refuses_a_second_joining(cast):
    with pytest.raises(ValidationError, match="already a member"):
        peer_member_join(user=cast.user("peer"), details=_details(cast))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"place": None}, "place"),
        ({"first_name": "  "}, "first_name"),
        ({"about": "x" * 1001}, "about"),
        ({"interests": "x" * 501}, "interests"),
        ({"last_name": "x" * 151}, "last_name"),
    ],
)
def test_bad_answers_keep_nothing(cast, changes, field):
    user = UserFactory(first_name="Before", last_name="")
    with pytest.raises(ValidationError) as refused:
        peer_member_join(user=user, details=_details(cast, **changes))
    assert field in refused.value.error_dict
    assert not PeerSupportMembership.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.first_name == "Before"


def test_leaving_deactivates_and_joining_again_brings_the_member_back(cast):
    priya = cast.user("peer")
    profile = PeerSupportMembership.objects.get(user=priya)
    peer_member_leave(profile=profile, actor=priya)
    profile.refresh_from_db()
    assert not profile.is_active
    with pytest.raises(ValidationError, match="already left"):
        peer_member_leave(profile=profile, actor=priya)
    again = peer_member_join(user=priya, details=_details(cast, first_name="Priya"))
    assert again.pk == profile.pk and again.is_active
    assert PeerSupportMembership.objects.filter(user=priya).count() == 1


def test_only_the_member_changes_or_ends_their_membership(cast):
    profile = PeerSupportMembership.objects.get(user=cast.user("peer"))
    with pytest.raises(PermissionDenied):
        peer_member_leave(profile=profile, actor=cast.user("staff_a"))
    with pytest.raises(PermissionDenied):
        peer_member_update(profile=profile, actor=cast.user("staff_a"), details=_details(cast))
    profile.refresh_from_db()
    assert profile.is_active


def test_a_member_changes_their_profile(cast):
    priya = cast.user("peer")
    profile = PeerSupportMembership.objects.get(user=priya)
    peer_member_update(
        profile=profile,
        actor=priya,
        details=_details(cast, first_name="Priya", place=cast.place_b, organisation=None),
    )
    profile.refresh_from_db()
    assert (profile.place, profile.organisation) == (cast.place_b, None)


# Case studies -------------------------------------------------------------------------------------


def _story(**changes) -> StoryDetails:
    values = {
        "title": "We opened on Saturdays",
        "narrative": "Families came.\n\nNow we open every Saturday.",
        "changed_on": timezone.localdate() - timedelta(days=10),
    }
    return StoryDetails(**(values | changes))


def test_a_member_posts_a_case_study_that_waits_for_the_editors(cast):
    priya = cast.user("peer")
    story = case_study_post(
        actor=priya, details=_story(place=cast.place_a), level="public", named=False, agreed=True
    )
    assert story.status == Story.Status.SUBMITTED
    assert (story.teller, story.organisation, story.subject, story.told_by) == (
        Story.Teller.PEER,
        None,
        priya,
        priya,
    )
    consent = story.consent
    assert (consent.level, consent.named, consent.method) == ("public", False, "online")
    assert consent.given_by == "Priya Placeholder"
    assert consent.given_on == timezone.localdate()
    assert consent.wording == CONSENT_WORDING
    assert story in moderation_queue(cast.user("editor"))
    assert story not in moderation_queue(cast.user("staff_a"))


def test_an_editor_who_is_a_member_cannot_approve_their_own_case_study(cast):
    editor = cast.user("editor")
    PeerMemberFactory(user=editor)
    story = case_study_post(
        actor=editor, details=_story(place=cast.place_a), level="public", named=True, agreed=True
    )

    with pytest.raises(PermissionDenied):
        story_approve(story=story, actor=editor)

    story.refresh_from_db()
    assert story.status == Story.Status.SUBMITTED
    approved = story_approve(story=story, actor=cast.user("admin"))
    assert approved.status == Story.Status.APPROVED


@pytest.mark.parametrize(
    ("level", "agreed", "field"),
    [("organisation", True, "level"), ("network", False, "consent"), ("nowhere", True, "level")],
)
def test_a_case_study_needs_a_reach_beyond_an_organisation_and_agreement(
    cast, level, agreed, field
):
    with pytest.raises(ValidationError) as refused:
        case_study_post(
            actor=cast.user("peer"), details=_story(), level=level, named=True, agreed=agreed
        )
    assert field in refused.value.error_dict
    assert not Story.objects.exists()


def test_a_bad_story_keeps_nothing(cast):
    future = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError):
        case_study_post(
            actor=cast.user("peer"),
            details=_story(changed_on=future),
            level="network",
            named=True,
            agreed=True,
        )
    assert not Story.objects.exists()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("persona", ["entrepreneur", "staff_a", "editor"])
def test_only_peer_members_post_case_studies_here(cast, persona):
    with pytest.raises(PermissionDenied):
        case_study_post(
            actor=cast.user(persona), details=_story(), level="network", named=True, agreed=True
        )
    assert not Story.objects.exists()


# Groups ---------------------------------------------------------------------------------------------


def test_staff_start_a_group_for_their_own_organisation_only(cast):
    group = group_create(actor=cast.user("staff_a"), organisation=cast.hub_a, name=" Bakers ")
    assert (group.name, group.organisation) == ("Bakers", cast.hub_a)
    with pytest.raises(ValidationError) as refused:
        group_create(actor=cast.user("staff_b"), organisation=cast.hub_a, name="Not theirs")
    assert "organisation" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        group_create(actor=cast.user("staff_a"), organisation=cast.hub_a, name="")
    assert "name" in refused.value.error_dict
    assert ActionLearningGroup.objects.count() == 1


def test_staff_add_listed_peer_members_and_people_they_support_only(cast):
    group = GroupFactory(organisation=cast.hub_a)
    staff_a = cast.user("staff_a")
    supported = JourneyFactory(organisation=cast.hub_a, client__user=UserFactory()).client.user
    supported_by_b = JourneyFactory(organisation=cast.hub_b, client__user=UserFactory()).client.user
    unlisted = PeerMemberFactory(show_in_members_list=False).user
    unlisted_but_names_hub_a = PeerMemberFactory(
        show_in_members_list=False, organisation=cast.hub_a
    ).user
    left = PeerMemberFactory(is_active=False).user
    stranger = UserFactory()
    priya = cast.user("peer")
    with pytest.raises(ValidationError):  # she has not chosen to be listed
        group_member_add(group=group, actor=staff_a, user=priya)
    PeerSupportMembership.objects.filter(user=priya).update(show_in_members_list=True)

    for person in (priya, supported, unlisted_but_names_hub_a):
        group_member_add(group=group, actor=staff_a, user=person)
    for person in (supported_by_b, unlisted, left, stranger, cast.user("peer"), None):
        with pytest.raises(ValidationError) as refused:
            group_member_add(group=group, actor=staff_a, user=person)
        assert refused.value.message_dict == {"user": ["Choose someone from the list."]}
    assert set(group.memberships.values_list("user", flat=True)) == {
        cast.user("peer").pk,
        supported.pk,
        unlisted_but_names_hub_a.pk,
    }


@pytest.mark.parametrize("persona", ["peer", "entrepreneur", "staff_b", "admin"])
def test_only_the_facilitating_staff_change_who_is_in_a_group(cast, persona):
    group = GroupFactory(organisation=cast.hub_a, members=[cast.user("peer")])
    with pytest.raises(PermissionDenied):
        group_member_add(group=group, actor=cast.user(persona), user=PeerMemberFactory().user)
    with pytest.raises(PermissionDenied):
        group_member_remove(member=group.memberships.get(), actor=cast.user(persona))
    assert list(group.memberships.values_list("user", flat=True)) == [cast.user("peer").pk]


def test_taking_someone_off_keeps_the_meetings_they_came_to(cast):
    priya = cast.user("peer")
    group = GroupFactory(organisation=cast.hub_a, members=[priya])
    meeting = meeting_record(
        group=group, actor=cast.user("staff_a"), details=_meeting(attendees=[priya])
    )
    group_member_remove(member=group.memberships.get(), actor=cast.user("manager_a"))
    assert not GroupMember.objects.filter(group=group).exists()
    assert list(meeting.attendees.all()) == [priya]


# Meetings and the sessions they count as -----------------------------------------------------------


def _meeting(**changes) -> MeetingDetails:
    values = {
        "starts_at": timezone.now() - timedelta(days=2),
        "duration_minutes": 90,
        "mode": Session.Mode.IN_PERSON,
        "topic": "Pricing",
        "notes": "Facilitator only.",
        "attendees": [],
    }
    return MeetingDetails(**(values | changes))


@pytest.fixture
def people(cast):
    """Hub A's group: Amira (an active journey at hub A), Tom (a journey at hub B only), Kit
    (a paused journey at hub A), Jo (two active journeys at hub A, but stays at home) and the
    peer member (no journey at all)."""
    amira, tom, peer = cast.user("entrepreneur"), cast.user("entrepreneur2"), cast.user("peer")
    kit, jo = UserFactory(), UserFactory()
    journeys = {
        "amira": JourneyFactory(organisation=cast.hub_a, client__user=amira),
        "amira_at_b": JourneyFactory(organisation=cast.hub_b, client__user=amira),
        "tom": JourneyFactory(organisation=cast.hub_b, client__user=tom),
        "kit": JourneyFactory(
            organisation=cast.hub_a, client__user=kit, status=Journey.Status.PAUSED
        ),
        "jo": JourneyFactory(organisation=cast.hub_a, client__user=jo),
    }
    group = GroupFactory(organisation=cast.hub_a, members=[amira, tom, peer, kit, jo])
    return {
        "group": group,
        "journeys": journeys,
        "came": [amira, tom, peer, kit],
        "jo": jo,
    }


def test_a_meeting_counts_once_as_a_session_on_the_active_journeys_at_the_hub_of_who_came(
    cast, people
):
    staff_a = cast.user("staff_a")
    meeting = meeting_record(
        group=people["group"], actor=staff_a, details=_meeting(attendees=people["came"])
    )
    assert set(meeting.attendees.all()) == set(people["came"])
    session = meeting.session
    assert list(session.journeys.all()) == [people["journeys"]["amira"]]
    assert session.kind == Session.Kind.ACTION_LEARNING
    assert session.organisation == cast.hub_a
    assert (session.staff, session.created_by) == (staff_a, staff_a)
    assert (session.starts_at, session.duration_minutes) == (meeting.starts_at, 90)
    assert session.topics == f"{people['group'].name}: Pricing"
    assert session.notes == ""  # the facilitator's notes stay with the group
    assert session.activity is not None
    assert Session.objects.count() == 1
    assert list(people["journeys"]["amira"].sessions.all()) == [session]


def test_a_meeting_of_people_the_hub_does_not_support_makes_no_session(cast, people):
    tom, peer = cast.user("entrepreneur2"), cast.user("peer")
    meeting = meeting_record(
        group=people["group"], actor=cast.user("staff_a"), details=_meeting(attendees=[tom, peer])
    )
    assert meeting.session is None
    assert not Session.objects.exists()


def test_a_meeting_still_to_come_makes_no_session_until_who_came_is_recorded(cast, people):
    staff_a = cast.user("staff_a")
    soon = _meeting(starts_at=timezone.now() + timedelta(days=3))
    meeting = meeting_record(group=people["group"], actor=staff_a, details=soon)
    assert meeting.session is None
    with pytest.raises(ValidationError) as refused:
        meeting_update(
            meeting=meeting,
            actor=staff_a,
            details=_meeting(starts_at=soon.starts_at, attendees=people["came"]),
        )
    assert "attendees" in refused.value.error_dict

    # It took place after all (moved to yesterday), and who came is recorded.
    meeting = meeting_update(
        meeting=meeting,
        actor=cast.user("manager_a"),
        details=_meeting(starts_at=timezone.now() - timedelta(days=1), attendees=people["came"]),
    )
    assert list(meeting.session.journeys.all()) == [people["journeys"]["amira"]]
    assert meeting.session.staff == cast.user("manager_a")

    # Jo came too, and the time was wrong: the one session follows.
    later = timezone.now() - timedelta(hours=20)
    attendees = [*people["came"], people["jo"]]
    meeting = meeting_update(
        meeting=meeting, actor=staff_a, details=_meeting(starts_at=later, attendees=attendees)
    )
    assert Session.objects.count() == 1
    assert set(meeting.session.journeys.all()) == {
        people["journeys"]["amira"],
        people["journeys"]["jo"],
    }
    assert meeting.session.starts_at == later

    # Nobody the hub supports came after all: the session goes.
    meeting = meeting_update(
        meeting=meeting, actor=staff_a, details=_meeting(attendees=[cast.user("peer")])
    )
    assert meeting.session is None
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"attendees": "stranger"}, "attendees"),
        ({"starts_at": "future"}, "attendees"),
        ({"topic": "  "}, "topic"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"mode": "by-pigeon"}, "mode"),
    ],
)
def test_a_bad_meeting_keeps_nothing(cast, people, changes, field):
    values = {"attendees": people["came"]}
    for name, value in changes.items():
        if value == "stranger":
            value = [*people["came"], UserFactory()]
        elif value == "future":
            value = timezone.now() + timedelta(days=1)
        values[name] = value
    with pytest.raises(ValidationError) as refused:
        meeting_record(
            group=people["group"], actor=cast.user("staff_a"), details=_meeting(**values)
        )
    assert field in refused.value.error_dict
    assert not Meeting.objects.exists()
    assert not Session.objects.exists()


@pytest.mark.parametrize("persona", ["peer", "entrepreneur", "staff_b", "admin"])
def test_only_the_facilitating_staff_record_meetings(cast, people, persona):
    with pytest.raises(PermissionDenied):
        meeting_record(
            group=people["group"],
            actor=cast.user(persona),
            details=_meeting(attendees=people["came"]),
        )
    assert not Meeting.objects.exists()
    assert not Session.objects.exists()


def test_someone_taken_off_the_group_still_shows_at_the_meetings_they_came_to(cast, people):
    staff_a = cast.user("staff_a")
    amira = cast.user("entrepreneur")
    meeting = meeting_record(
        group=people["group"], actor=staff_a, details=_meeting(attendees=people["came"])
    )
    group_member_remove(member=people["group"].memberships.get(user=amira), actor=staff_a)
    meeting = meeting_update(
        meeting=meeting, actor=staff_a, details=_meeting(topic="Prices", attendees=people["came"])
    )
    assert amira in meeting.attendees.all()
    assert list(meeting.session.journeys.all()) == [people["journeys"]["amira"]]


def _locks(queries, table: str) -> bool:
    return any(
        "FOR UPDATE" in q["sql"] and f'FROM "{table}"' in q["sql"] for q in queries.captured_queries
    )


def test_a_second_click_waits_for_the_first_instead_of_failing(cast):
    """Adding to a group locks the group, and joining locks the person, before checking, so
    two quick submits run one after the other: the second is refused, never a crash."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    group = GroupFactory(organisation=cast.hub_a)
    person = JourneyFactory(organisation=cast.hub_a, client__user=UserFactory()).client.user
    with CaptureQueriesContext(connection) as queries:
        group_member_add(group=group, actor=cast.user("staff_a"), user=person)
    assert _locks(queries, "network_actionlearninggroup")

    newcomer = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        peer_member_join(user=newcomer, details=_details(cast))
    assert _locks(queries, newcomer._meta.db_table)


# One rule, one wording: the services refuse in the words the forms use ---------------------------


def test_a_group_without_a_name_is_refused_in_the_words_the_form_uses(cast):
    with pytest.raises(ValidationError) as refused:
        group_create(actor=cast.user("staff_a"), organisation=cast.hub_a, name="   ")
    assert refused.value.message_dict == {"name": ["Give the group a name."]}
    assert not ActionLearningGroup.objects.exists()


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"first_name": "x" * 151}, {"first_name": ["Keep this to 150 characters or fewer."]}),
        ({"last_name": "x" * 151}, {"last_name": ["Keep this to 150 characters or fewer."]}),
        ({"interests": "x" * 501}, {"interests": ["Keep this to 500 characters or fewer."]}),
        ({"about": "x" * 1001}, {"about": ["Keep this to 1000 characters or fewer."]}),
    ],
)
def test_a_profile_too_long_is_refused_in_the_words_the_form_uses(cast, changes, refusal):
    with pytest.raises(ValidationError) as refused:
        peer_member_join(user=UserFactory(), details=_details(cast, **changes))
    assert refused.value.message_dict == refusal


def test_a_case_study_kept_to_one_organisation_is_refused_in_the_words_the_form_uses(cast):
    with pytest.raises(ValidationError) as refused:
        case_study_post(
            actor=cast.user("peer"), details=_story(), level="organisation", named=True, agreed=True
        )
    assert refused.value.message_dict == {"level": ["Choose who may read it."]}
