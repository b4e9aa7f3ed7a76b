"""The network's pages: joining (from signing up), the profile and leaving, the members'
area, posting a case study that appears only after the editors' check, and running a group.
Bad input shows what is wrong beside the field, keeps what was typed, and saves nothing."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import PeerSupportMembership
from journeys.models import Session
from network.models import ActionLearningGroup, GroupMember, Meeting
from stories.models import Consent, Story, StoryImage
from stories.services import story_approve, story_withdraw_consent
from tests.journeys.factories import JourneyFactory
from tests.network.factories import GroupFactory, MeetingFactory, PeerMemberFactory
from tests.stories.factories import StoryFactory, jpeg_upload
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

JOIN, HOME, PROFILE = reverse("network:join"), reverse("network:home"), reverse("network:profile")
POST = reverse("network:post")
NEWCOMER, PASSWORD = "newcomer@example.test", "a-long-enough-password-1"


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).strftime("%d/%m/%Y")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _page(response) -> str:
    return response.content.decode()


# Joining ---------------------------------------------------------------------------------------


def test_someone_new_signs_up_from_the_join_page_comes_back_to_it_and_joins(
    cast, django_capture_on_commit_callbacks
):
    visitor = Client()
    response = visitor.get(JOIN)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={JOIN}"
    assert 'href="/accounts/signup/?next=%2Fnetwork%2Fjoin%2F"' in _page(visitor.get(response.url))

    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(
            "/accounts/signup/",
            {"email": NEWCOMER, "password1": PASSWORD, "password2": PASSWORD, "next": JOIN},
        )
    assert response.status_code == 302
    [confirmation] = [m for m in mail.outbox if NEWCOMER in m.to and "confirm-email" in m.body]
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", confirmation.body).group(1)
    response = visitor.post(link)
    assert response.url == JOIN  # signing up kept where they were going

    page = _page(visitor.get(JOIN))
    assert "Join the peer-support network" in page
    assert "What the network is" in page
    assert "Action learning groups." in page
    response = visitor.post(
        JOIN,
        {
            "first_name": "Rosa",
            "last_name": "Quillfeather",
            "place": cast.place_a.pk,
            "organisation": cast.hub_a.pk,
            "interests": "Bicycle repairs",
            "about": "I mend bikes.",
            "show_in_members_list": "on",
        },
    )
    assert response.url == HOME
    assert _messages(response) == ["Welcome to the peer-support network."]
    profile = PeerSupportMembership.objects.get(user__email=NEWCOMER)
    assert profile.is_active and profile.show_in_members_list
    page = _page(visitor.get(HOME))
    assert "Rosa Quillfeather" in page and "I mend bikes." in page and "Bicycle repairs" in page
    assert "Post a case study" in page
    assert visitor.get(JOIN).url == PROFILE  # a member has nothing to join


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"place": ""}, "Choose the place nearest to you."),
        ({"place": "not-a-place"}, "Choose a place from the list."),
        ({"place": "00000000-0000-4000-8000-000000000000"}, "Choose a place from the list."),
        ({"organisation": "nope"}, "Choose an organisation from the list."),
        ({"first_name": ""}, "Enter your first name, as other members will see it."),
        ({"about": "x" * 1001}, "Keep this to 1000 characters or fewer."),
    ],
)
def test_joining_with_bad_answers_keeps_what_was_typed_and_saves_nothing(
    cast, client_for, data, message
):
    answers = {
        "first_name": "Sam",
        "place": cast.place_a.pk,
        "interests": "Typed interests stay",
        "show_in_members_list": "on",
    } | data
    response = client_for("staff_a").post(JOIN, answers)
    assert response.status_code == 400
    page = _page(response)
    assert "There is a problem" in page and message in page
    assert "Typed interests stay" in page
    assert not PeerSupportMembership.objects.filter(user=cast.user("staff_a")).exists()


def test_a_member_changes_their_profile_and_leaves(cast, client_for):
    priya = client_for("peer")
    page = _page(priya.get(PROFILE))
    assert 'value="Priya"' in page and "Leave the network" in page

    response = priya.post(PROFILE, {"first_name": "", "place": cast.place_b.pk, "about": "Kept"})
    assert response.status_code == 400
    assert "Kept" in _page(response)
    assert PeerSupportMembership.objects.get(user=cast.user("peer")).place == cast.place_a

    response = priya.post(
        PROFILE, {"first_name": "Priya", "place": cast.place_b.pk, "show_in_members_list": "on"}
    )
    assert response.url == HOME
    profile = PeerSupportMembership.objects.get(user=cast.user("peer"))
    assert profile.place == cast.place_b and profile.show_in_members_list

    response = priya.post(reverse("network:leave"))
    assert response.url == reverse("workspace:home")
    profile.refresh_from_db()
    assert not profile.is_active
    for url in (HOME, PROFILE, POST):
        assert priya.get(url).status_code == 404
    # Joining again starts from what they told us before.
    page = _page(priya.get(JOIN))
    assert f'<option value="{cast.place_b.pk}" selected>' in page


def test_leaving_needs_a_post(client_for):
    assert client_for("peer").get(reverse("network:leave")).status_code == 405


# The members' area -----------------------------------------------------------------------------


def test_the_members_list_shows_only_active_members_who_chose_to_be_listed(cast, client_for):
    listed = PeerMemberFactory(
        user=UserFactory(first_name="Listed", last_name="Member"),
        place=cast.place_b,
        organisation=cast.hub_b,
        interests="Veg boxes",
    )
    PeerMemberFactory(
        user=UserFactory(first_name="Hidden", last_name="Member"), show_in_members_list=False
    )
    PeerMemberFactory(user=UserFactory(first_name="Former", last_name="Member"), is_active=False)
    page = _page(client_for("staff_b").get(HOME))
    assert "Listed Member" in page and "Veg boxes" in page and cast.place_b.name in page
    assert listed.organisation.name in page
    assert "Hidden Member" not in page and "Former Member" not in page
    assert "Priya" not in page  # the peer persona has not chosen to be listed
    assert "Join as a peer member" in page and "Post a case study" not in page
    assert listed.user.email not in page


def test_members_see_case_studies_by_members_only_once_checked_and_shared_with_the_network(
    cast, client_for
):
    priya = cast.user("peer")

    def peer_story(title, **values):
        values.setdefault("status", Story.Status.APPROVED)
        story = StoryFactory(
            title=title,
            teller=Story.Teller.PEER,
            told_by=priya,
            subject=priya,
            consent=values.pop("level", Consent.Level.NETWORK),
            consent__named=values.pop("named", False),
            **values,
        )
        return story

    peer_story("Shared anonymously")
    peer_story("Shared with a name", named=True, level=Consent.Level.PUBLIC)
    peer_story("Published", status=Story.Status.PUBLISHED)
    peer_story("Waiting for a check", status=Story.Status.SUBMITTED)
    peer_story("Returned", status=Story.Status.RETURNED)
    peer_story("Only for an organisation", level=Consent.Level.ORGANISATION)
    withdrawn = peer_story("Withdrawn later", named=True)
    story_withdraw_consent(story=withdrawn, actor=priya, method=Consent.Method.ONLINE)
    StoryFactory(title="Told by staff", organisation=cast.hub_a, teller=Story.Teller.STAFF)

    page = _page(client_for("staff_b").get(HOME))
    for title in ("Shared anonymously", "Shared with a name", "Published"):
        assert title in page
    for title in ("Waiting for a check", "Returned", "Only for an organisation", "Withdrawn"):
        assert title not in page
    assert "Told by staff" not in page
    assert "Anonymous" in page and "A Person" in page  # the named one's given_by
    assert reverse("stories:detail", args=[withdrawn.pk]) not in page


# Posting a case study --------------------------------------------------------------------------


def _case_study(cast, **changes):
    return {
        "title": "We opened on Saturdays",
        "narrative": "Families came.\n\nNow we open every Saturday.",
        "changed_on": _day(20),
        "place": cast.place_a.pk,
        "themes": [],
        "level": "network",
        "named": "yes",
        "consent": "on",
    } | changes


def test_a_member_posts_a_case_study_that_appears_only_after_the_editors_approve_it(
    cast, client_for
):
    priya = client_for("peer")
    page = _page(priya.get(POST))
    assert f'<option value="{cast.place_a.pk}" selected>' in page  # from her profile
    assert "I agree that this story about me may be kept" in page
    assert 'enctype="multipart/form-data"' in page

    response = priya.post(
        POST,
        _case_study(cast, image=jpeg_upload(), alt_text="Our stall on a Saturday", named="no"),
    )
    story = Story.objects.get()
    assert response.url == reverse("stories:detail", args=[story.pk])
    assert _messages(response) == [
        "Thank you. Your case study is waiting for a check by the site's editors; other "
        "members see it once they approve it."
    ]
    assert story.status == Story.Status.SUBMITTED and story.teller == Story.Teller.PEER
    assert story.consent.method == Consent.Method.ONLINE and not story.consent.named
    assert StoryImage.objects.get(story=story).alt_text == "Our stall on a Saturday"

    staff = client_for("staff_b")
    assert "We opened on Saturdays" not in _page(staff.get(HOME))
    assert "We opened on Saturdays" in _page(
        client_for("editor").get(reverse("stories:moderation"))
    )

    story_approve(story=story, actor=cast.user("editor"))
    page = _page(staff.get(HOME))
    assert "We opened on Saturdays" in page and "Anonymous" in page
    assert "Priya Placeholder" in _page(priya.get(HOME))  # her own, so she sees her name


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Tick the box to agree, so that we may keep and share your story."),
        ({"title": ""}, "Give your case study a title."),
        ({"narrative": "   "}, "Tell the story: what changed, for whom, and why."),
        ({"changed_on": "31/02/2026"}, "Enter the date as day/month/year"),
        ({"changed_on": _day(-5)}, "The change must have happened already."),
        ({"level": "organisation"}, "Choose who may read it."),
        ({"named": ""}, "Choose one of the options."),
        ({"place": "elsewhere"}, "Choose a place from the list."),
        ({"themes": ["99999"]}, "Choose from the list."),
        ({"elements": ["not-an-id"]}, "Choose from the list."),
        ({"image": "picture"}, "Describe the picture for people who cannot see it."),
        ({"image": "not a picture"}, "Choose a photo: a JPEG, PNG or WebP file."),
    ],
)
def test_a_case_study_with_bad_input_keeps_what_was_typed_and_saves_nothing(
    cast, client_for, changes, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if changes.get("image") == "picture":
        changes["image"] = jpeg_upload()
    elif changes.get("image") == "not a picture":
        changes["image"] = SimpleUploadedFile("notes.jpg", b"hello", content_type="image/jpeg")
    data = _case_study(cast, narrative="Words I typed stay.") | changes
    response = client_for("peer").post(POST, data)
    assert response.status_code == 400
    page = _page(response)
    assert "There is a problem" in page and message in page
    if "narrative" not in changes:
        assert "Words I typed stay." in page
    assert not Story.objects.exists()
    assert not StoryImage.objects.exists()


# Action learning groups ------------------------------------------------------------------------


@pytest.fixture
def group(cast):
    """Hub A's group: the peer, and Amira with her journey at hub A; a past meeting both came
    to, with the facilitator's notes, and one to come."""
    amira, priya = cast.user("entrepreneur"), cast.user("peer")
    JourneyFactory(organisation=cast.hub_a, client__user=amira)
    group = GroupFactory(
        organisation=cast.hub_a, name="Wigan bakers", place=cast.place_a, members=[priya, amira]
    )
    MeetingFactory(
        group=group, topic="Pricing bread", notes="Secret notes", attendees=[priya, amira]
    )
    MeetingFactory(
        group=group, topic="Finding a kitchen", starts_at=timezone.now() + timedelta(days=5)
    )
    return group


def test_members_see_the_group_its_meetings_and_who_came_but_never_the_notes(
    cast, client_for, group
):
    for persona in ("peer", "entrepreneur"):
        page = _page(client_for(persona).get(group.get_absolute_url()))
        assert "Wigan bakers" in page and "Pricing bread" in page and "Finding a kitchen" in page
        assert "Who came (2): Amira Example, Priya Placeholder" in page
        assert "Secret notes" not in page
        assert "Take off the group" not in page and "Record a meeting" not in page
        assert "entrepreneur@demo.test" not in page
    PeerMemberFactory()  # someone who could be added
    staff = _page(client_for("staff_a").get(group.get_absolute_url()))
    assert "Secret notes" in staff and "Record a meeting" in staff
    assert "Take off the group" in staff and "Add to the group" in staff


def test_the_groups_page_lists_a_persons_groups_with_their_next_meeting(cast, client_for, group):
    page = _page(client_for("entrepreneur").get(reverse("network:groups")))
    assert "Wigan bakers" in page and "Finding a kitchen" in page and "2 members" in page
    assert "Start a group" not in page
    home = _page(client_for("peer").get(HOME))
    assert "Wigan bakers" in home and "Finding a kitchen" in home
    assert "Wigan bakers" not in _page(client_for("staff_b").get(reverse("network:groups")))


def test_staff_start_a_group_for_their_organisation(cast, client_for):
    staff = client_for("staff_a")
    response = staff.post(reverse("network:group_new"), {"name": ""})
    assert response.status_code == 400 and "Give the group a name." in _page(response)
    response = staff.post(
        reverse("network:group_new"),
        {"name": "Makers", "organisation": cast.hub_b.pk, "place": cast.place_a.pk},
    )
    assert response.status_code == 400
    assert "Choose an organisation you work for." in _page(response)
    assert not ActionLearningGroup.objects.exists()
    response = staff.post(
        reverse("network:group_new"), {"name": "Makers", "place": cast.place_a.pk}
    )
    group = ActionLearningGroup.objects.get()
    assert response.url == group.get_absolute_url()
    assert (group.organisation, group.place) == (cast.hub_a, cast.place_a)


def test_staff_add_and_take_off_members_chosen_from_a_list(cast, client_for, group):
    staff = client_for("staff_a")
    someone = JourneyFactory(
        organisation=cast.hub_a, client__user=UserFactory(first_name="Dev", last_name="Example")
    ).client.user
    elsewhere = JourneyFactory(organisation=cast.hub_b, client__user=UserFactory()).client.user
    page = _page(staff.get(group.get_absolute_url()))
    assert f'<option value="{someone.pk}">Dev Example</option>' in page
    assert f'value="{elsewhere.pk}"' not in page

    add = reverse("network:group_member_add", args=[group.pk])
    for value in (elsewhere.pk, "entrepreneur2@demo.test", "", cast.user("peer").pk):
        response = staff.post(add, {"user": value})
        assert response.status_code == 400
        assert "Choose someone from the list." in _page(response)
    assert group.memberships.count() == 2

    response = staff.post(add, {"user": someone.pk})
    assert response.url == group.get_absolute_url()
    assert _messages(response) == ["Dev Example is now in the group."]
    member = GroupMember.objects.get(group=group, user=someone)

    response = staff.post(reverse("network:group_member_remove", args=[group.pk, member.pk]))
    assert response.url == group.get_absolute_url()
    assert not GroupMember.objects.filter(pk=member.pk).exists()


def _meeting(cast, **changes):
    return {
        "on": _day(1),
        "at": "18:30",
        "duration_minutes": "90",
        "mode": "in-person",
        "topic": "Selling to cafés",
        "attendees": [cast.user("entrepreneur").pk, cast.user("peer").pk],
        "notes": "Only for us",
    } | changes


def test_a_recorded_meeting_shows_on_the_journey_of_an_entrepreneur_who_came(
    cast, client_for, group
):
    staff = client_for("staff_a")
    response = staff.post(reverse("network:meeting_new", args=[group.pk]), _meeting(cast))
    assert response.url == group.get_absolute_url()
    assert _messages(response) == [
        "The meeting is saved. It counts as an action learning session on 1 journey your "
        "organisation supports."
    ]
    meeting = Meeting.objects.get(topic="Selling to cafés")
    journey = meeting.session.journeys.get()
    assert journey.client.user == cast.user("entrepreneur")
    timeline = _page(staff.get(journey.get_absolute_url()))
    assert "Action learning set" in timeline and "Wigan bakers: Selling to cafés" in timeline
    assert "Only for us" not in timeline
    mine = _page(client_for("entrepreneur").get(reverse("my:journey")))
    assert "Action learning set" in mine and "Wigan bakers: Selling to cafés" in mine


def test_recording_who_came_to_a_planned_meeting_makes_its_session(cast, client_for, group):
    planned = group.meetings.get(topic="Finding a kitchen")
    url = reverse("network:meeting_edit", args=[planned.pk])
    staff = client_for("manager_a")
    page = _page(staff.get(url))
    assert 'value="Finding a kitchen"' in page

    response = staff.post(url, _meeting(cast, on=_day(-5), topic="Finding a kitchen"))
    assert response.status_code == 400
    assert "Record who came once the meeting has taken place" in _page(response)
    planned.refresh_from_db()
    assert planned.session is None and not planned.attendees.exists()

    response = staff.post(url, _meeting(cast, on=_day(0), at="00:05", topic="Finding a kitchen"))
    assert response.url == group.get_absolute_url()
    planned.refresh_from_db()
    assert planned.session.kind == Session.Kind.ACTION_LEARNING
    assert planned.attendees.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"topic": ""}, "Say what the meeting is about."),
        ({"on": ""}, "Enter the date of the meeting."),
        ({"at": "25:00"}, "Enter a time on the 24-hour clock"),
        ({"duration_minutes": "2"}, "Enter at least 5 minutes."),
        ({"mode": "carrier-pigeon"}, "Choose one of the options."),
        ({"attendees": ["999999"]}, "Choose from the list."),
        ({"on": _day(-3)}, "Record who came once the meeting has taken place"),
    ],
)
def test_a_meeting_with_bad_input_keeps_what_was_typed_and_saves_nothing(
    cast, client_for, group, changes, message
):
    data = _meeting(cast, notes="Typed notes stay") | changes
    response = client_for("staff_a").post(reverse("network:meeting_new", args=[group.pk]), data)
    assert response.status_code == 400
    page = _page(response)
    assert "There is a problem" in page and message in page
    assert "Typed notes stay" in page
    assert group.meetings.count() == 2
    assert not Session.objects.exists()


def test_someone_outside_the_group_cannot_be_ticked_as_having_come(cast, client_for, group):
    stranger = PeerMemberFactory().user
    data = _meeting(cast, attendees=[stranger.pk])
    response = client_for("staff_a").post(reverse("network:meeting_new", args=[group.pk]), data)
    assert response.status_code == 400
    assert "Choose from the list." in _page(response)
    assert group.meetings.count() == 2


def test_the_members_list_pages_through_core_paging(cast, client_for, monkeypatch):
    import network.views
    from network.selectors import MEMBERS_PAGE_SIZE

    asked = []
    page_of = network.views.page_of

    def counted(request, items, *, per_page):
        asked.append(per_page)
        return page_of(request, items, per_page=per_page)

    monkeypatch.setattr(network.views, "page_of", counted)
    response = client_for("staff_b").get(HOME, {"page": "99"})
    assert response.status_code == 200
    assert asked == [MEMBERS_PAGE_SIZE]
    assert response.context["page"].number == 1
