"""Reads about journeys and sessions: who may see what, and what each page shows.

hubs_serving is shared with the parts (support and triage), which keep their own reads.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.utils import timezone

from core.access import Access
from ecosystem.models import Organisation, Place
from ecosystem.selectors import member_organisation_ids

from .filters import JourneyFilter, journey_filter
from .models import (
    Action,
    Attendance,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)

# Hubs ---------------------------------------------------------------------------------


def hubs_serving(place: Place | None) -> QuerySet[Organisation]:
    """The hubs a request from a place reaches."""
    if place is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.HUB, places=place).order_by("name")


# Journeys ------------------------------------------------------------------------------


def journeys_visible_to(user) -> QuerySet[Journey]:
    """Journeys of the organisations a person works for."""
    return Journey.objects.filter(organisation_id__in=member_organisation_ids(user))


def journey_access(user, journey: Journey) -> Access:
    """Staff and managers of the journey's organisation work with it; nobody else sees it."""
    if journey.organisation_id in member_organisation_ids(user):
        return Access.WRITE
    return Access.NONE


def journeys_listed(user) -> QuerySet[Journey]:
    """The journey list: what each row shows, in a fixed number of queries."""
    last_session = Attendance.objects.filter(
        journey_id=OuterRef("pk"), session__starts_at__lte=Now()
    ).order_by("-session__starts_at")
    overdue = Action.objects.filter(
        journey_id=OuterRef("pk"), done_at__isnull=True, due_on__lt=timezone.localdate()
    )

    return (
        journeys_visible_to(user)
        .select_related("client", "client__place", "organisation", "lead_worker", "business_type")
        .annotate(
            last_session_at=Subquery(last_session.values("session__starts_at")[:1]),
            has_overdue=Exists(overdue),
        )
        .order_by("-updated_at", "pk")
    )


def journeys_filtered(user, params) -> JourneyFilter:
    """The journey list as the person filtered it (its .qs), with the filters' form (its .form)."""
    return journey_filter(params, journeys_listed(user), user=user)


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "session", "change", "milestone", "wellbeing", "action", "request"
    item: object


def _at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))


def journey_timeline(journey: Journey, *, include_notes: bool = True) -> list[TimelineEntry]:
    """Everything that happened on a journey, newest first, in a fixed number of queries."""
    sessions = journey.sessions.select_related("staff", "activity").prefetch_related(
        Prefetch("actions", queryset=Action.objects.filter(journey=journey))
    )
    entries = [TimelineEntry(s.starts_at, "session", s) for s in sessions]
    entries += [
        TimelineEntry(c.changed_at, "change", c)
        for c in JourneyChange.objects.filter(journey=journey).select_related("changed_by")
    ]
    entries += [
        TimelineEntry(_at_noon(m.achieved_on), "milestone", m)
        for m in Milestone.objects.filter(journey=journey)
    ]
    entries += [
        TimelineEntry(_at_noon(w.taken_on), "wellbeing", w)
        for w in WellbeingCheck.objects.filter(journey=journey)
    ]
    if journey.request_id:
        entries.append(TimelineEntry(journey.request.created_at, "request", journey.request))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def journey_actions(journey: Journey) -> list[Action]:
    """A journey's actions: open ones first, by due date."""
    return list(
        journey.actions.order_by(
            F("done_at").asc(nulls_first=True), "due_on", "created_at"
        ).select_related("session")
    )


def wellbeing_change(journey: Journey) -> dict | None:
    """The first and latest wellbeing checks of a journey, when there are two or more."""
    checks = list(
        WellbeingCheck.objects.filter(journey=journey).order_by("taken_on", "recorded_at")
    )
    if len(checks) < 2:
        return None
    return {"first": checks[0], "latest": checks[-1]}


# The hub dashboard -----------------------------------------------------------------------


def hub_dashboard(organisation: Organisation, *, today: date | None = None) -> dict:
    """The figures a hub's dashboard shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    journeys = Journey.objects.filter(organisation=organisation)
    by_stage = dict(
        journeys.filter(status=Journey.Status.ACTIVE)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    by_status = dict(
        journeys.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    waiting = (
        SupportRequest.objects.filter(status=SupportRequest.Status.WAITING)
        .filter(
            Q(organisation=organisation)
            | Q(organisation__isnull=True, place__in=organisation.places.all())
        )
        .count()
        if organisation.kind == Organisation.Kind.HUB
        else SupportRequest.objects.filter(
            status=SupportRequest.Status.WAITING, organisation=organisation
        ).count()
    )
    month_sessions = Session.objects.filter(
        organisation=organisation, starts_at__date__gte=month_start, starts_at__date__lte=today
    ).aggregate(
        sessions=Count("pk", distinct=True),
        attendances=Count("attendances", distinct=True),
    )
    overdue = list(
        Action.objects.filter(
            journey__organisation=organisation,
            done_at__isnull=True,
            due_on__lt=today,
            journey__status=Journey.Status.ACTIVE,
        )
        .select_related("journey__client", "journey__lead_worker")
        .order_by("due_on")[:20]
    )
    overdue_total = Action.objects.filter(
        journey__organisation=organisation,
        done_at__isnull=True,
        due_on__lt=today,
        journey__status=Journey.Status.ACTIVE,
    ).count()
    upcoming = list(
        Session.objects.filter(organisation=organisation, starts_at__gte=timezone.now())
        .select_related("staff")
        .annotate(participant_count=Count("attendances"))
        .order_by("starts_at")[:10]
    )
    return {
        "waiting_requests": waiting,
        "stages": [(stage, by_stage.get(stage.value, 0)) for stage in Stage],
        "active": by_status.get(Journey.Status.ACTIVE, 0),
        "paused": by_status.get(Journey.Status.PAUSED, 0),
        "closed": by_status.get(Journey.Status.CLOSED, 0),
        "sessions_this_month": month_sessions["sessions"],
        "attendances_this_month": month_sessions["attendances"],
        "overdue_actions": overdue,
        "overdue_total": overdue_total,
        "upcoming_sessions": upcoming,
        "month_start": month_start,
    }


def sessions_visible_to(user) -> QuerySet[Session]:
    """Sessions run by the organisations a person works for."""
    return Session.objects.filter(organisation_id__in=member_organisation_ids(user))


def upcoming_sessions(organisation: Organisation) -> QuerySet[Session]:
    """An organisation's sessions from today on, for its calendar feed."""
    start = timezone.now() - timedelta(days=1)
    return (
        Session.objects.filter(organisation=organisation, starts_at__gte=start)
        .select_related("staff", "organisation")
        .prefetch_related(Prefetch("journeys", queryset=Journey.objects.select_related("client")))
        .order_by("starts_at")
    )


def session_detail(session: Session) -> dict:
    """A session's participants and agreed actions."""
    return {
        "journeys": list(session.journeys.select_related("client").order_by("client__name")),
        "actions": list(session.actions.select_related("journey__client").order_by("due_on")),
    }


# Overdue action reminders --------------------------------------------------------------------


def overdue_actions_by_worker(*, today: date) -> dict:
    """Open, overdue actions on active journeys not yet reminded today, grouped by lead worker."""
    actions = (
        Action.objects.filter(
            done_at__isnull=True,
            due_on__lt=today,
            journey__status=Journey.Status.ACTIVE,
            journey__lead_worker__isnull=False,
        )
        .exclude(last_reminded_on=today)
        .select_related("journey__client", "journey__lead_worker", "journey__organisation")
        .order_by("journey__lead_worker_id", "due_on")
    )
    grouped: dict = {}
    for action in actions:
        grouped.setdefault(action.journey.lead_worker, []).append(action)
    return grouped
