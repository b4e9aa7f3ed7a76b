"""Factories for people, requests and journeys; hubs and users come from the persona cast."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from journeys.models import (
    PRIVACY_NOTICE_VERSION,
    Action,
    Client,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)


class SupportRequestFactory(DjangoModelFactory):
    class Meta:
        model = SupportRequest

    reference = factory.Sequence(lambda n: f"EP-T{n:05d}")
    name = factory.Sequence(lambda n: f"Asker {n}")
    email = factory.Sequence(lambda n: f"asker{n}@example.test")
    contact_method = "email"
    postcode = "WN1 1AA"
    idea = "A community café in the old library."
    stage = Stage.EXPLORING
    consented_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = PRIVACY_NOTICE_VERSION


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    consented_at = factory.LazyFunction(timezone.now)


class JourneyFactory(DjangoModelFactory):
    class Meta:
        model = Journey

    client = factory.SubFactory(ClientFactory, organisation=factory.SelfAttribute("..organisation"))
    venture_name = factory.Sequence(lambda n: f"Venture {n}")
    stage = Stage.EXPLORING
    started_on = factory.LazyFunction(timezone.localdate)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    kind = Session.Kind.COACHING
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    duration_minutes = 60
    topics = "Cash flow."
    notes = "Staff-only: seemed worried about money."

    @factory.post_generation
    def journeys(self, create, extracted, **kwargs):
        if create and extracted:
            self.journeys.set(extracted)


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    description = factory.Sequence(lambda n: f"Action {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    kind = Milestone.Kind.FIRST_SALE
    achieved_on = factory.LazyFunction(timezone.localdate)


class JourneyChangeFactory(DjangoModelFactory):
    class Meta:
        model = JourneyChange

    field = JourneyChange.Field.STAGE
    from_value = Stage.ENQUIRY
    to_value = Stage.EXPLORING
    reason = "Talked it through."
    changed_at = factory.LazyFunction(timezone.now)


class WellbeingCheckFactory(DjangoModelFactory):
    class Meta:
        model = WellbeingCheck

    occasion = WellbeingCheck.Occasion.START
    taken_on = factory.LazyFunction(timezone.localdate)
    life_satisfaction = 6
    worthwhile = 7
    happiness = 6
    anxiety = 4
    confidence = 5
