"""Reads for "My journey": the signed-in person's own journeys, requests and sessions."""

from datetime import timedelta

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from journeys.models import Action, Journey, JourneyChange, Milestone, Session, SupportRequest


def own_journeys(user) -> list[Journey]:
    """The journeys of the signed-in person's own records, with what "My journey" shows."""
    if not user.is_authenticated:
        return []
    return list(
        Journey.objects.filter(client__user=user)
        .select_related("organisation", "client", "lead_worker")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("activity").order_by("-starts_at"),
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.order_by(F("done_at").asc(nulls_first=True), "due_on"),
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("achieved_on")),
            Prefetch(
                "changes",
                queryset=JourneyChange.objects.filter(field=JourneyChange.Field.STAGE).order_by(
                    "changed_at"
                ),
            ),
        )
        .order_by("-started_on")
    )


def own_requests(user) -> QuerySet[SupportRequest]:
    """The signed-in person's requests that no hub has taken on yet, or that were closed."""
    if not user.is_authenticated:
        return SupportRequest.objects.none()
    return (
        SupportRequest.objects.filter(user=user)
        .exclude(status=SupportRequest.Status.ACCEPTED)
        .select_related("organisation", "place")
        .order_by("-created_at")
    )


def own_upcoming_sessions(user) -> QuerySet[Session]:
    """Sessions the person is booked into from today on, for their calendar."""
    return (
        Session.objects.filter(
            journeys__client__user=user, starts_at__gte=timezone.now() - timedelta(days=1)
        )
        .select_related("organisation")
        .distinct()
        .order_by("starts_at")
    )
