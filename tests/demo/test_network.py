"""The demo network: peer members in Wigan and Bradford, and hub A's group with the peer and
Amira in it, whose two past meetings count as sessions on Amira's journey."""

import pytest

from demo.journeys import seed_journeys
from demo.network import GROUP_NAME, seed_network
from demo.personas import build_persona_cast
from ecosystem.models import PeerSupportMembership
from journeys.models import Journey, Session
from network.models import ActionLearningGroup, Meeting
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_seeds_the_network_once(cast):
    demo = build_persona_cast(PERSONA_PASSWORD)
    seed_journeys(users=demo["users"], organisations=demo["organisations"])
    seed_network(users=demo["users"])
    seed_network(users=demo["users"])  # a second run changes nothing

    listed = PeerSupportMembership.objects.filter(is_active=True, show_in_members_list=True)
    assert {m.place.slug for m in listed} == {"wigan", "bradford"}
    assert listed.count() == 5  # four invented members and the peer persona
    assert all(m.user.email.endswith("@demo.test") for m in listed)

    group = ActionLearningGroup.objects.get(name=GROUP_NAME)
    assert group.organisation == cast.hub_a
    members = {m.user.email for m in group.memberships.select_related("user")}
    assert {"peer@demo.test", "entrepreneur@demo.test"} <= members and len(members) == 4
    assert Meeting.objects.count() == 3
    assert Meeting.objects.filter(attendees__isnull=True).count() == 1  # the one to come

    amira = Journey.objects.get(organisation=cast.hub_a, client__user=cast.user("entrepreneur"))
    learning = amira.sessions.filter(kind=Session.Kind.ACTION_LEARNING)
    assert learning.count() == 2
    assert {m.session for m in Meeting.objects.exclude(session=None)} == set(learning)
