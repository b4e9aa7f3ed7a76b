"""Demo referrals in every state between the demo organisations (idempotent, sends no email)."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from ecosystem.models import Organisation
from journeys.models import Journey
from referrals.models import Referral, ReferralChange
from referrals.services import (
    referral_accept,
    referral_message,
    referral_move,
    referral_reroute,
    referral_send,
    referrals_remind_and_expire,
)

BASE = "http://127.0.0.1:8000/"
EVERYTHING = ["name", "contact", "postcode", "venture", "barriers"]


def _org(slug):
    return Organisation.objects.filter(slug=slug).first()


def _backdate(referral: Referral, days: int) -> None:
    when = timezone.now() - timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(created_at=when)
    ReferralChange.objects.filter(referral=referral, from_status="").update(changed_at=when)


@override_settings(OUTBOX_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def seed_referrals(*, users: dict) -> None:
    from .directory import HUB_A, HUB_B

    hub_a, hub_b = _org(HUB_A), _org(HUB_B)
    advisers, finance = (
        _org("heron-lane-co-operative-advisers"),
        _org("five-rise-community-finance"),
    )
    if hub_a is None or hub_b is None or Referral.objects.filter(from_organisation=hub_a).exists():
        return
    staff_a, manager_a, staff_b = users["staff_a"], users["manager_a"], users["staff_b"]
    journeys = {j.client.email: j for j in Journey.objects.filter(organisation=hub_a)}
    amira = journeys.get("entrepreneur@demo.test")
    dev, noor = journeys.get("dev@example.test"), journeys.get("noor@example.test")
    if not (amira and dev and noor):
        return
    service_b = hub_b.services.order_by("name").first()

    def send(journey, to, *, need, consent=True, service=None, days=0, actor=staff_a):
        referral = referral_send(
            journey=journey,
            actor=actor,
            to_organisation=to,
            to_service=service,
            need=need,
            urgency="routine",
            consent_given=consent,
            consent_method="in-person" if consent else "",
            consent_scope=EVERYTHING if consent else [],
            base_url=BASE,
        )
        _backdate(referral, days)
        return referral

    # Amira: to hub B's service, accepted, talked about and completed.
    done = send(
        amira, hub_b, service=service_b, need="Advice on a second site in Bradford.", days=40
    )
    referral_accept(referral=done, actor=staff_b, base_url=BASE)
    referral_message(
        referral=done,
        actor=staff_b,
        organisation=hub_b,
        body="We have met Amira and shared our premises list.",
        base_url=BASE,
    )
    referral_move(
        referral=done,
        actor=staff_b,
        status="completed",
        outcome="helped",
        note="They found a unit.",
        base_url=BASE,
    )
    tom = Journey.objects.filter(
        organisation=hub_b, client__email="entrepreneur2@demo.test"
    ).first()
    if tom:
        # Tom (hub B): to hub A, accepted and in progress.
        going = send(
            tom, hub_a, need="Peer support from other cycle businesses.", days=12, actor=staff_b
        )
        referral_accept(referral=going, actor=manager_a, base_url=BASE)
        referral_move(referral=going, actor=manager_a, status="in-progress", base_url=BASE)
    if finance:
        # Dev: waiting for an answer; and an anonymous enquiry about Noor.
        send(dev, finance, need="A small loan for tools.", days=2)
        send(
            noor, finance, need="Could a community share offer suit a catering firm?", consent=False
        )
        # Noor: declined by the finance lender; Dev: withdrawn.
        declined = send(noor, finance, need="A grant for a van.", days=20)
        referral_move(
            referral=declined,
            actor=None,
            status="declined",
            note="We do not fund vehicles.",
            base_url=BASE,
        )
    withdrawn = send(dev, hub_b, need="Repair café volunteers.", days=25)
    referral_move(
        referral=withdrawn, actor=staff_a, status="withdrawn", note="Found locally.", base_url=BASE
    )
    # Passed on by hub B to the advisers; one closed for no contact; one expired unanswered.
    if advisers:
        rerouted = send(noor, hub_b, need="Help becoming a co-operative.", days=8)
        referral_reroute(
            referral=rerouted,
            actor=staff_b,
            to_organisation=advisers,
            note="The co-operative advisers know this best.",
            base_url=BASE,
        )
    closed = send(dev, hub_b, need="A workshop bench.", days=30)
    referral_accept(referral=closed, actor=staff_b, base_url=BASE)
    referral_move(
        referral=closed,
        actor=staff_b,
        status="closed",
        note="No reply to three calls.",
        base_url=BASE,
    )
    send(noor, hub_b, need="Catering kitchen hire.", days=45)
    referrals_remind_and_expire(base_url=BASE)
