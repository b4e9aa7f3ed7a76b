"""Factories for referrals, their history, threads and notifications.

A factory-made referral skips referral_send (no history row, no notifications): use
the service where a test is about sending; use these to fill a page or a box cheaply.
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from referrals.models import (
    ConsentMethod,
    Notification,
    Referral,
    ReferralChange,
    ReferralMessage,
    Shared,
    Urgency,
)
from referrals.services import referral_send

BASE = "http://testserver/"
EVERYTHING = list(Shared.values)


def send_referral(
    *,
    journey,
    actor,
    to_organisation,
    consent: bool = True,
    scope=EVERYTHING,
    to_service=None,
    need: str = "Advice on a second site.",
) -> Referral:
    """A referral sent through the service, as the "make a referral" page sends it."""
    return referral_send(
        journey=journey,
        actor=actor,
        to_organisation=to_organisation,
        to_service=to_service,
        need=need,
        urgency=Urgency.ROUTINE,
        consent_given=consent,
        consent_method=ConsentMethod.IN_PERSON if consent else "",
        consent_scope=scope if consent else [],
        base_url=BASE,
    )


class ReferralFactory(DjangoModelFactory):
    """An anonymous referral, just sent; pass consent_given=True with shared={...} for more."""

    class Meta:
        model = Referral

    reference = factory.Sequence(lambda n: f"RF-T{n:07d}")
    from_journey = None
    need = factory.Sequence(lambda n: f"Advice on premises ({n}).")
    urgency = Urgency.ROUTINE
    consent_given = False
    status = Referral.Status.SENT

    class Params:
        consented = factory.Trait(
            consent_given=True,
            consent_method=ConsentMethod.IN_PERSON,
            consent_at=factory.LazyFunction(timezone.now),
            consent_scope=["name"],
            shared=factory.LazyAttribute(lambda o: {"name": f"Shared Name {o.reference}"}),
        )


class ReferralChangeFactory(DjangoModelFactory):
    class Meta:
        model = ReferralChange

    from_status = ""
    to_status = Referral.Status.SENT
    changed_at = factory.LazyFunction(timezone.now)


class ReferralMessageFactory(DjangoModelFactory):
    class Meta:
        model = ReferralMessage

    organisation = factory.SelfAttribute("referral.to_organisation")
    body = factory.Sequence(lambda n: f"Message {n} about the referral.")


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    text = factory.Sequence(lambda n: f"Something happened ({n}).")
    url = "/work/referrals/"
