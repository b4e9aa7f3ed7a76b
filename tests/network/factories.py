"""Action learning groups, their members and meetings, and peer members, for tests.

Factories write rows directly (cheaply, to fill a page); tests of what a meeting does to
journeys go through network.services.meeting_record, as the form does."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ecosystem.models import PeerSupportMembership
from network.models import ActionLearningGroup, GroupMember, Meeting
from tests.users.factories import UserFactory


class PeerMemberFactory(DjangoModelFactory):
    """An active peer member with a profile, shown on the members' list."""

    class Meta:
        model = PeerSupportMembership

    user = factory.SubFactory(UserFactory)
    interests = "Community cafés"
    about = "I bake."
    show_in_members_list = True


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = ActionLearningGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Action learning group {n}")
    description = "We meet monthly."

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            for user in extracted:
                GroupMember.objects.create(group=self, user=user)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    duration_minutes = 90
    topic = factory.Sequence(lambda n: f"Topic {n}")
    notes = "Facilitator only: Dev seemed stuck."

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)
