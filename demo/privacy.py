"""People's data rights in the demo: hub A's access log has its staff's recent openings of
people's records, and one past erasure (a person who moved away asked for theirs), done
through the same service a manager's two-step confirmation uses."""

from datetime import timedelta

from django.utils import timezone

from journeys.models import AccessLogEntry, Journey
from journeys.services import access_log_record
from privacy.access import Scope
from privacy.models import Erasure
from privacy.selectors import subject_find
from privacy.services import person_erase
from referrals.models import Referral

ERASED_PERSON = "gethin.testcase@example.com"


def seed_privacy(*, users: dict, organisations: dict) -> None:
    """Access log entries at hub A and one erasure there; run again, it adds nothing."""
    from .directory import HUB_A

    hub_a = organisations[HUB_A]
    if not AccessLogEntry.objects.filter(organisation=hub_a).exists():
        _access_log(hub_a, users)
    if not Erasure.objects.filter(organisation=hub_a).exists():
        subject = subject_find(ERASED_PERSON, Scope(hub_a))
        if subject is not None:
            person_erase(
                subject=subject,
                scope=Scope(hub_a),
                actor=users["manager_a"],
                how_asked=Erasure.HowAsked.EMAIL,
                asked_on=timezone.localdate() - timedelta(days=12),
            )
            Erasure.objects.filter(organisation=hub_a).update(
                done_at=timezone.now() - timedelta(days=10)
            )


def _access_log(hub_a, users) -> None:
    journeys = list(
        Journey.objects.filter(organisation=hub_a)
        .exclude(venture_name="Erased")
        .select_related("client")
        .order_by("-client__user", "started_on")[:8]
    )
    openings = [(users["staff_a"], journey) for journey in journeys]
    openings += [(users["manager_a"], journey) for journey in journeys[:2]]
    for user, journey in openings:
        access_log_record(
            user=user,
            kind=AccessLogEntry.Kind.JOURNEY,
            object_id=journey.pk,
            organisation_id=journey.organisation_id,
            client_id=journey.client_id,
        )
    referral = (
        Referral.objects.filter(from_organisation=hub_a, from_journey__isnull=False)
        .select_related("from_journey__client")
        .first()
    )
    if referral is not None:
        access_log_record(
            user=users["staff_a"],
            kind=AccessLogEntry.Kind.REFERRAL,
            object_id=referral.pk,
            organisation_id=hub_a.pk,
            client_id=referral.from_journey.client_id,
        )
    # Spread over the last few days, as a week's work would be.
    now = timezone.now()
    for n, pk in enumerate(
        AccessLogEntry.objects.filter(organisation=hub_a)
        .order_by("-pk")
        .values_list("pk", flat=True)
    ):
        AccessLogEntry.objects.filter(pk=pk).update(at=now - timedelta(hours=5 * n + 1))
