"""The network's pages cost the same number of queries with 3 members, groups and meetings as
with 30. The figures are those measured when these tests were written: a new query on a page
should be a decision, not an accident."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stories.models import Consent, Story, Theme
from stories.selectors import outcome_elements
from tests.journeys.factories import JourneyFactory
from tests.network.factories import GroupFactory, MeetingFactory, PeerMemberFactory
from tests.stories.factories import StoryFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30

# Every page starts with 6: the session and the signed-in user, then the site, its settings,
# its navigation and footer links.
BASE = 6
# The members' area: the person's standing in the network (their peer profile, the
# organisations they work for), the members' count and page, their standing for stories
# (the editors' group, and for a peer member, their peer membership; the organisation ids are
# remembered from the first),
# the case studies (consent, place and teller joined in) with their themes and outcomes,
# the groups (with member counts) and their coming meetings.
HOME_QUERIES = {"peer": BASE + 2 + 2 + 2 + 3 + 2, "staff_a": BASE + 2 + 2 + 1 + 3 + 2}
# The groups page: the person's standing, whether they are in a group (for someone in no
# organisation and no longer a peer member: here, Amira), the groups and their meetings.
GROUPS_QUERIES = {"entrepreneur": BASE + 2 + 1 + 2, "staff_a": BASE + 2 + 2}
# One group: the group, the person's standing (their peer profile, the organisations they
# work for, and for a member, their place in it), the members, the meetings and who came;
# for its staff, the people who could be added (whether there are any, and the list).
GROUP_QUERIES = {"entrepreneur": BASE + 1 + 2 + 1 + 3, "staff_a": BASE + 1 + 2 + 3 + 2}


def _network(cast, count: int, *, offset: int):
    """count listed members, count peer case studies shared with the network, and count
    groups at hub A with Amira and the peer in them, each with a past meeting and one to come."""
    amira, priya = cast.user("entrepreneur"), cast.user("peer")
    themes = list(Theme.objects.all()[:2])
    outcomes = list(outcome_elements()[:2])
    for n in range(offset, offset + count):
        member = PeerMemberFactory(place=cast.place_a, organisation=cast.hub_b)
        story = StoryFactory(
            title=f"Peer story {n}",
            teller=Story.Teller.PEER,
            told_by=member.user,
            subject=member.user,
            place=cast.place_a,
            consent=Consent.Level.NETWORK,
        )
        story.themes.set(themes)
        story.elements.set(outcomes)
        group = GroupFactory(organisation=cast.hub_a, place=cast.place_a, members=[amira, priya])
        MeetingFactory(group=group, attendees=[amira, priya, member.user])
        MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=n + 1))


def _big_group(cast, count: int):
    """Hub A's group with count members, count past meetings that all came to, and count to come."""
    amira = cast.user("entrepreneur")
    JourneyFactory(organisation=cast.hub_a, client__user=amira)
    people = [amira, *[UserFactory() for _ in range(count - 1)]]
    group = GroupFactory(organisation=cast.hub_a, members=people)
    for n in range(count):
        MeetingFactory(group=group, attendees=people)
        MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=n + 1))
    PeerMemberFactory()  # someone the staff could add
    return group


def _count(client, url, django_assert_num_queries, expected):
    client.get(url)  # the first request of all makes the site's settings
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("persona", sorted(HOME_QUERIES))
def test_the_members_area_costs_the_same_for_few_and_many(
    cast, client_for, django_assert_num_queries, persona
):
    client = client_for(persona)
    _network(cast, FEW, offset=0)
    few = _count(client, reverse("network:home"), django_assert_num_queries, HOME_QUERIES[persona])
    _network(cast, MANY - FEW, offset=FEW)
    many = _count(client, reverse("network:home"), django_assert_num_queries, HOME_QUERIES[persona])
    assert few.content.decode().count("Peer story") == FEW
    assert many.content.decode().count("Peer story") == 10  # the latest ten


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("persona", sorted(GROUPS_QUERIES))
def test_the_groups_page_costs_the_same_for_few_and_many(
    cast, client_for, django_assert_num_queries, persona
):
    client = client_for(persona)
    _network(cast, FEW, offset=0)
    url = reverse("network:groups")
    _count(client, url, django_assert_num_queries, GROUPS_QUERIES[persona])
    _network(cast, MANY - FEW, offset=FEW)
    many = _count(client, url, django_assert_num_queries, GROUPS_QUERIES[persona])
    assert many.content.decode().count("Next meeting") == MANY


@pytest.mark.parametrize("persona", sorted(GROUP_QUERIES))
@pytest.mark.parametrize("size", [FEW, MANY])
def test_a_groups_page_costs_the_same_for_few_and_many(
    cast, client_for, django_assert_num_queries, persona, size
):
    group = _big_group(cast, size)
    response = _count(
        client_for(persona),
        group.get_absolute_url(),
        django_assert_num_queries,
        GROUP_QUERIES[persona],
    )
    assert response.content.decode().count(f"Who came ({size})") == size
