"""Reads about people, requests and journeys: who may see what, and what each page shows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower, Now
from django.utils import timezone

from core.access import Access
from ecosystem.models import Organisation, Place
from ecosystem.selectors import member_organisation_ids

from .models import (
    Action,
    Attendance,
    Client,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)

# Organisations --------------------------------------------------------------------------


def hubs_serving(place: Place | None) -> QuerySet[Organisation]:
    """The hubs a request from a place reaches."""
    if place is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.HUB, places=place).order_by("name")


def partner_hubs(*, exclude=None) -> QuerySet[Organisation]:
    """Every hub a request may be passed to."""
    hubs = Organisation.objects.filter(kind=Organisation.Kind.HUB).order_by("name")
    return hubs.exclude(pk=exclude.pk) if exclude is not None else hubs


# Requests -------------------------------------------------------------------------------


def _served_by_hub():
    hub_links = Organisation.places.through.objects.filter(
        place_id=OuterRef("place_id"), organisation__kind=Organisation.Kind.HUB
    )
    return Exists(hub_links)


def requests_visible_to(user) -> QuerySet[SupportRequest]:
    """Requests a person may triage: their hubs' (held or waiting in their places) or the site queue.

    A request held by a hub is that hub's alone. One not yet held reaches every hub
    serving its place; one from a place no hub serves waits in the administrators' queue.
    """
    if not user.is_authenticated:
        return SupportRequest.objects.none()
    org_ids = member_organisation_ids(user)
    served_places = Organisation.places.through.objects.filter(
        organisation_id__in=org_ids, organisation__kind=Organisation.Kind.HUB
    ).values("place_id")
    condition = Q(organisation_id__in=org_ids) | Q(
        organisation__isnull=True, place_id__in=served_places
    )
    if user.is_superuser:
        condition |= Q(organisation__isnull=True) & ~_served_by_hub()
    return SupportRequest.objects.filter(condition)


def request_may_show_sensitive(user, request: SupportRequest) -> bool:
    """Health and faith answers are for the staff of the hub that took the request on."""
    return (
        request.status == SupportRequest.Status.ACCEPTED
        and request.organisation_id in member_organisation_ids(user)
    )


def triage_inbox(user, *, status: str = SupportRequest.Status.WAITING):
    """Requests in a person's triage inbox, oldest waiting first, each marked if it may be a repeat."""
    requests = (
        requests_visible_to(user)
        .filter(status=status)
        .select_related("place", "organisation", "business_type")
        .order_by("created_at" if status == SupportRequest.Status.WAITING else "-decided_at")
    )
    return requests


def likely_duplicates(user, request: SupportRequest) -> QuerySet[SupportRequest]:
    """Other requests this person may see with the same email or phone."""
    match = Q(email__iexact=request.email)
    if request.phone:
        match |= Q(phone=request.phone)
    return (
        requests_visible_to(user)
        .filter(match)
        .exclude(pk=request.pk)
        .select_related("organisation")
        .order_by("-created_at")
    )


def matching_clients(request: SupportRequest, organisation_ids) -> QuerySet[Client]:
    """The hubs' existing records of the same person (same email or phone)."""
    match = Q(email__iexact=request.email)
    if request.phone:
        match |= Q(phone=request.phone)
    return Client.objects.filter(match, organisation_id__in=organisation_ids).select_related(
        "organisation"
    )


def duplicate_flags(requests: list[SupportRequest]) -> set:
    """Ids of the requests in a list whose email or phone appears on another request (one query)."""
    emails = {r.email.lower() for r in requests}
    phones = {r.phone for r in requests if r.phone}
    if not requests:
        return set()
    others = (
        SupportRequest.objects.annotate(email_lower=Lower("email"))
        .filter(Q(email_lower__in=emails) | Q(phone__in=phones))
        .values_list("pk", "email", "phone")
    )
    email_count = Counter(e.lower() for _, e, _ in others)
    phone_count = Counter(p for _, _, p in others if p)
    return {
        r.pk
        for r in requests
        if email_count[r.email.lower()] > 1 or (r.phone and phone_count[r.phone] > 1)
    }


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


# The person supported ----------------------------------------------------------------------


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
