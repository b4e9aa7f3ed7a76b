"""Reads about journeys and sessions: who may see what, and what each page shows.

hubs_serving is shared with the parts (support and triage), which keep their own reads.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Now,
    NullIf,
    TruncDate,
    TruncMonth,
)
from django.utils import timezone
from django.utils.formats import date_format

from core.access import Access
from core.figures import Count as FigureCount
from ecosystem.models import Organisation, Place
from ecosystem.selectors import member_organisation_ids

from .filters import JourneyFilter, journey_filter
from .models import (
    ORDINARY_BARRIERS,
    SENSITIVE_BARRIERS,
    Action,
    ApplicantKind,
    Attendance,
    Client,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    RequestPass,
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


LISTED_FIELDS = (
    "organisation_id",
    "client_id",
    "venture_name",
    "business_type_id",
    "stage",
    "status",
    "lead_worker_id",
    "updated_at",
    "client__name",
    "client__group_name",
    "client__place__name",
    "organisation__name",
    "lead_worker__first_name",
    "lead_worker__last_name",
    "lead_worker__email",
    "business_type__name",
)


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
        # Only what a row shows: a page of 50 rows loads six objects each.
        .only(*LISTED_FIELDS)
        .annotate(
            last_session_at=Subquery(last_session.values("session__starts_at")[:1]),
            has_overdue=Exists(overdue),
        )
        .order_by("-updated_at", "pk")
    )


def journeys_filtered(user, params) -> JourneyFilter:
    """The journey list as the person filtered it (its .qs), with the filters' form (its .form)."""
    return journey_filter(params, journeys_listed(user), user=user)


# The same person ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownPerson:
    """An organisation's record of someone arriving again, and the journey still open on it."""

    client: Client | None  # None: someone new to the organisation
    open_journey: Journey | None


def person_known_to(organisation: Organisation, *, user=None, email: str = "") -> KnownPerson:
    """Whether an organisation already knows someone: its record linked to their account, or
    else one with their email address (in any case) that is not linked to another account.

    Every path that takes a person on (a referral or a request accepted, a journey started,
    a row imported) asks this before making a record or a journey, so the person keeps one
    record and one open journey there. Among several matching records, the one with an open
    journey comes first, then the oldest. Three queries at most.
    """
    records = Client.objects.filter(organisation=organisation).annotate(
        has_open=Exists(Journey.objects.filter(client_id=OuterRef("pk"), status__in=Journey.OPEN))
    )
    ordered = ("-has_open", "created_at", "pk")
    record = None
    if user is not None and user.pk is not None:
        record = records.filter(user=user).order_by(*ordered).first()
    email = (email or "").strip()
    if record is None and email:
        by_email = records.filter(email__iexact=email)
        if user is not None and user.pk is not None:
            by_email = by_email.filter(Q(user__isnull=True) | Q(user=user))
        record = by_email.order_by(*ordered).first()
    if record is None:
        return KnownPerson(client=None, open_journey=None)
    open_journey = (
        Journey.objects.filter(client=record, status__in=Journey.OPEN)
        .order_by("created_at")
        .first()
        if record.has_open
        else None
    )
    return KnownPerson(client=record, open_journey=open_journey)


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "session", "change", "milestone", "wellbeing", "action", "request"
    item: object


def _at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=12))


def journey_page(journey: Journey) -> dict:
    """What a journey's page shows, in six queries: the timeline of everything that happened
    (newest first), the actions (open ones first, by due date) and the wellbeing change.

    Each action and each wellbeing check is read once and used in both places; a session in the
    timeline carries what was agreed at it as .agreed."""
    actions = list(
        journey.actions.order_by(
            F("done_at").asc(nulls_first=True), "due_on", "created_at"
        ).select_related("session")
    )
    agreed = defaultdict(list)
    for action in sorted(actions, key=lambda a: (a.created_at, a.pk)):
        if action.session_id:
            agreed[action.session_id].append(action)
    sessions = list(journey.sessions.select_related("staff", "activity"))
    for session in sessions:
        session.agreed = agreed.get(session.pk, [])
    checks = list(
        WellbeingCheck.objects.filter(journey=journey).order_by("taken_on", "recorded_at")
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
    entries += [TimelineEntry(_at_noon(w.taken_on), "wellbeing", w) for w in checks]
    if journey.request_id:
        entries.append(TimelineEntry(journey.request.created_at, "request", journey.request))
    entries.sort(key=lambda e: e.when, reverse=True)
    return {
        "timeline": entries,
        "actions": actions,
        "wellbeing": {"first": checks[0], "latest": checks[-1]} if len(checks) >= 2 else None,
    }


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


# Figures for insights ----------------------------------------------------------------------
# Raw figures for the insights app, which suppresses each one before anybody sees it. Every
# function takes the organisations (None for every one) and a period of local dates, both
# days included, and runs the same few queries however many records there are. Nothing
# returned names or identifies a person.


@dataclass(frozen=True)
class Amount:
    """A sum or a mean, with the number of people or journeys behind it (for suppression)."""

    key: str
    label: str
    value: Decimal | float | int | None
    n: int


@dataclass(frozen=True)
class CountGroup:
    """One question's answers: a row per choice."""

    key: str
    label: str
    counts: list[FigureCount]


def _counts(choices, values: dict) -> list[FigureCount]:
    """A row for every choice, in the choices' order, zeros included."""
    return [
        FigureCount(choice.value, choice.label, values.get(choice.value, 0)) for choice in choices
    ]


def _at(field: str, organisation_ids: list | None) -> Q:
    """Records of these organisations; every organisation's when organisation_ids is None."""
    return Q() if organisation_ids is None else Q(**{f"{field}__in": organisation_ids})


def _open_during(start: date, end: date) -> Q:
    """Journeys open on at least one day of the period."""
    return Q(started_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def _alias(key: str) -> str:
    return key.replace("-", "_")


# Requests and how journeys begin

REQUEST_WAITING = "waiting"
REQUEST_TAKEN_ON = "taken-on"
REQUEST_PASSED_ON = "passed-on"
CHANNEL_ONLINE = "online"
CHANNEL_STAFF = "staff-or-referral"


@dataclass(frozen=True)
class RequestFigures:
    total: int
    by_outcome: list[FigureCount]
    new_journeys_by_channel: list[FigureCount]


def request_figures(*, organisation_ids: list | None, start: date, end: date) -> RequestFigures:
    """Requests made in the period that reached these organisations, and new journeys (two queries).

    A request reached an organisation when it holds it, when it sits unheld in a place the
    organisation serves as a hub (every such hub may take it on or close it), or when the
    organisation passed it on. One passed to a hub outside the set counts as "passed on",
    whatever that hub did with it (with every organisation, nothing is passed outside); requests
    suspected of being spam are left out. Journeys started in the period count by how they began.
    """
    outcomes = {
        REQUEST_WAITING: Q(status=SupportRequest.Status.WAITING),
        REQUEST_TAKEN_ON: Q(status=SupportRequest.Status.ACCEPTED),
        **{
            f"closed-{reason.value}": Q(status=SupportRequest.Status.CLOSED, close_reason=reason)
            for reason in SupportRequest.CloseReason
        },
    }
    requests = SupportRequest.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end, suspected_spam=False
    )
    if organisation_ids is not None:
        served_places = Organisation.places.through.objects.filter(
            organisation_id__in=organisation_ids, organisation__kind=Organisation.Kind.HUB
        ).values("place_id")
        still_here = Q(organisation_id__in=organisation_ids) | Q(
            organisation__isnull=True, place_id__in=served_places
        )
        passed_by_them = RequestPass.objects.filter(
            request_id=OuterRef("pk"), from_organisation_id__in=organisation_ids
        )
        requests = requests.filter(still_here | Q(Exists(passed_by_them)))
        outcomes = {key: condition & still_here for key, condition in outcomes.items()}
        outcomes[REQUEST_PASSED_ON] = ~still_here
    totals = requests.aggregate(
        total=Count("pk"),
        **{_alias(key): Count("pk", filter=condition) for key, condition in outcomes.items()},
    )
    rows = [
        (REQUEST_WAITING, "Waiting for a hub"),
        (REQUEST_TAKEN_ON, "Taken on"),
        (REQUEST_PASSED_ON, "Passed on to another hub"),
        *[
            (f"closed-{reason.value}", f"Closed: {reason.label[0].lower()}{reason.label[1:]}")
            for reason in SupportRequest.CloseReason
        ],
    ]
    journeys = Journey.objects.filter(
        _at("organisation_id", organisation_ids), started_on__gte=start, started_on__lte=end
    ).aggregate(
        online=Count("pk", filter=Q(request__isnull=False)),
        staff=Count("pk", filter=Q(request__isnull=True)),
    )
    return RequestFigures(
        total=totals["total"],
        by_outcome=[FigureCount(key, label, totals.get(_alias(key), 0)) for key, label in rows],
        new_journeys_by_channel=[
            FigureCount(CHANNEL_ONLINE, "Asked online", journeys["online"]),
            FigureCount(CHANNEL_STAFF, "Started by staff or by referral", journeys["staff"]),
        ],
    )


# Journeys by stage and status


@dataclass(frozen=True)
class JourneyFigures:
    total: int
    by_stage: list[FigureCount]
    reached: list[FigureCount]
    by_status: list[FigureCount]
    stages: list[tuple[str, str]]


def _value_at_end(field: str, end: date, *, unknown) -> Case:
    """A journey's stage or status at the end of a day, from its history when it has changed since.

    The last change up to that day says where it was; with none, the first change after it says
    where it came from. A journey started from a file has only a first change dated when it was
    read in, so `unknown` stands in for what the history cannot tell.
    """
    changes = JourneyChange.objects.filter(journey_id=OuterRef("pk"), field=field)
    before = changes.filter(changed_at__date__lte=end).order_by("-changed_at")
    after = changes.filter(changed_at__date__gt=end).order_by("changed_at")
    return Case(
        When(
            Exists(after),
            then=Coalesce(
                Subquery(before.values("to_value")[:1]),
                NullIf(Subquery(after.values("from_value")[:1]), Value("")),
                unknown,
            ),
        ),
        default=F(field),
        output_field=CharField(),
    )


def _stage_rank(field: str) -> Case:
    """A stage's place in the order of stages (-1 for anything else)."""
    return Case(
        *[When(**{field: stage.value}, then=Value(i)) for i, stage in enumerate(Stage)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def journey_figures(*, organisation_ids: list | None, start: date, end: date) -> JourneyFigures:
    """Journeys open during the period by their stage and status at its end (one query).

    `reached` is a funnel: each stage counts the journeys that had reached it or a later one by
    the end of the period, so one that went back still counts where it had been.
    """
    furthest_before = (
        JourneyChange.objects.filter(
            journey_id=OuterRef("pk"),
            field=JourneyChange.Field.STAGE,
            changed_at__date__lte=end,
        )
        .order_by()
        .values("journey_id")
        .annotate(top=Max(Greatest(_stage_rank("from_value"), _stage_rank("to_value"))))
        .values("top")
    )
    journeys = (
        Journey.objects.filter(_at("organisation_id", organisation_ids), _open_during(start, end))
        .annotate(
            stage_at_end=_value_at_end("stage", end, unknown=F("stage")),
            status_at_end=Case(
                When(closed_on__lte=end, then=Value(Journey.Status.CLOSED.value)),
                default=_value_at_end(
                    "status",
                    end,
                    unknown=Case(
                        When(
                            status=Journey.Status.CLOSED,
                            then=Value(Journey.Status.ACTIVE.value),
                        ),
                        default=F("status"),
                    ),
                ),
                output_field=CharField(),
            ),
        )
        .annotate(
            furthest=Greatest(
                _stage_rank("stage_at_end"), Coalesce(Subquery(furthest_before), Value(-1))
            )
        )
    )
    stages = list(Stage)
    totals = journeys.aggregate(
        total=Count("pk"),
        **{f"stage_{i}": Count("pk", filter=Q(stage_at_end=s)) for i, s in enumerate(stages)},
        **{f"reached_{i}": Count("pk", filter=Q(furthest__gte=i)) for i in range(len(stages))},
        **{
            f"status_{status.value}": Count("pk", filter=Q(status_at_end=status))
            for status in Journey.Status
        },
    )
    return JourneyFigures(
        total=totals["total"],
        by_stage=[
            FigureCount(s.value, s.label, totals[f"stage_{i}"]) for i, s in enumerate(stages)
        ],
        reached=[
            FigureCount(s.value, s.label, totals[f"reached_{i}"]) for i, s in enumerate(stages)
        ],
        by_status=[
            FigureCount(status.value, status.label, totals[f"status_{status.value}"])
            for status in Journey.Status
        ],
        stages=list(Stage.choices),
    )


# Sessions


@dataclass(frozen=True)
class MonthCounts:
    month: date
    label: str
    counts: list[FigureCount]


@dataclass(frozen=True)
class SessionFigures:
    """Per kind of session (every kind, in order); hours carry the people reached as their n."""

    sessions: list[FigureCount]
    hours: list[Amount]
    people: list[FigureCount]
    group_sessions: list[FigureCount]
    one_to_one_sessions: list[FigureCount]
    people_reached: int
    by_month: list[MonthCounts]
    by_activity: list[FigureCount]


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def session_figures(*, organisation_ids: list | None, start: date, end: date) -> SessionFigures:
    """Sessions these organisations ran in the period, per kind, month and activity (five queries).

    People are the organisations' records of them (a person two hubs work with counts at each).
    A group session has two or more taking part, a one-to-one exactly one.
    """
    sessions = Session.objects.filter(
        _at("organisation_id", organisation_ids),
        starts_at__date__gte=start,
        starts_at__date__lte=end,
    )
    taking_part = (
        Attendance.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_kind = {
        row["kind"]: row
        for row in sessions.annotate(taking_part=Coalesce(Subquery(taking_part), Value(0)))
        .order_by()
        .values("kind")
        .annotate(
            sessions=Count("pk"),
            minutes=Sum("duration_minutes"),
            group=Count("pk", filter=Q(taking_part__gte=2)),
            one_to_one=Count("pk", filter=Q(taking_part=1)),
        )
    }
    attendances = Attendance.objects.filter(session__in=sessions)
    people = dict(
        attendances.order_by()
        .values_list("session__kind")
        .annotate(n=Count("journey__client_id", distinct=True))
        .values_list("session__kind", "n")
    )
    people_reached = attendances.aggregate(n=Count("journey__client_id", distinct=True))["n"]
    by_month: dict = {}
    for month, kind, n in (
        sessions.annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .order_by()
        .values_list("month", "kind")
        .annotate(n=Count("pk"))
        .values_list("month", "kind", "n")
    ):
        by_month.setdefault(month, {})[kind] = n
    activities = (
        sessions.filter(activity__isnull=False)
        .order_by()
        .values_list("activity_id", "activity__name", "activity__position")
        .annotate(n=Count("pk"))
        .order_by("activity__position", "activity__name")
    )

    def each_kind(measure: str) -> list[FigureCount]:
        return _counts(Session.Kind, {k: row[measure] for k, row in per_kind.items()})

    return SessionFigures(
        sessions=each_kind("sessions"),
        hours=[
            Amount(
                kind.value,
                kind.label,
                _hours(per_kind.get(kind.value, {}).get("minutes")),
                people.get(kind.value, 0),
            )
            for kind in Session.Kind
        ],
        people=_counts(Session.Kind, people),
        group_sessions=each_kind("group"),
        one_to_one_sessions=each_kind("one_to_one"),
        people_reached=people_reached,
        by_month=[
            MonthCounts(
                month,
                date_format(month, "M Y"),
                _counts(Session.Kind, by_month.get(month, {})),
            )
            for month in _months(start, end)
        ],
        by_activity=[
            FigureCount(str(activity_id), name, n) for activity_id, name, _, n in activities
        ],
    )


# Milestones

LEGAL_FORM_NOT_RECORDED = ("not-recorded", "Not recorded")


@dataclass(frozen=True)
class MilestoneFigures:
    """Journeys with each milestone in the period; sums carry the journeys behind them as n."""

    by_kind: list[FigureCount]
    registered_by_legal_form: list[FigureCount]
    jobs_fte: Amount
    volunteers: Amount
    finance: Amount


def milestone_figures(*, organisation_ids: list | None, start: date, end: date) -> MilestoneFigures:
    """What ventures at these organisations achieved in the period (three queries)."""
    milestones = Milestone.objects.filter(
        _at("journey__organisation_id", organisation_ids),
        achieved_on__gte=start,
        achieved_on__lte=end,
    ).order_by()
    by_kind = dict(
        milestones.values_list("kind")
        .annotate(n=Count("journey_id", distinct=True))
        .values_list("kind", "n")
    )
    by_legal_form = dict(
        milestones.filter(kind=Milestone.Kind.REGISTERED)
        .values_list("legal_form")
        .annotate(n=Count("journey_id", distinct=True))
        .values_list("legal_form", "n")
    )
    jobs = Q(kind=Milestone.Kind.JOBS, jobs_fte__isnull=False)
    volunteers = Q(kind=Milestone.Kind.VOLUNTEERS, volunteers__isnull=False)
    finance = Q(kind=Milestone.Kind.FINANCE, amount__isnull=False)
    sums = milestones.aggregate(
        jobs_sum=Sum("jobs_fte", filter=jobs),
        jobs_n=Count("journey_id", distinct=True, filter=jobs),
        volunteers_sum=Sum("volunteers", filter=volunteers),
        volunteers_n=Count("journey_id", distinct=True, filter=volunteers),
        finance_sum=Sum("amount", filter=finance),
        finance_n=Count("journey_id", distinct=True, filter=finance),
    )
    not_recorded_key, not_recorded_label = LEGAL_FORM_NOT_RECORDED
    return MilestoneFigures(
        by_kind=_counts(Milestone.Kind, by_kind),
        registered_by_legal_form=[
            *_counts(Organisation.LegalForm, by_legal_form),
            FigureCount(not_recorded_key, not_recorded_label, by_legal_form.get("", 0)),
        ],
        jobs_fte=Amount(
            "jobs",
            "Jobs created (full-time equivalent)",
            sums["jobs_sum"] or Decimal("0.0"),
            sums["jobs_n"],
        ),
        volunteers=Amount(
            "volunteers", "Volunteers involved", sums["volunteers_sum"] or 0, sums["volunteers_n"]
        ),
        finance=Amount(
            "finance",
            "Finance raised (£)",
            sums["finance_sum"] or Decimal("0.00"),
            sums["finance_n"],
        ),
    )


# Wellbeing

# The Office for National Statistics' four personal wellbeing questions, and confidence.
WELLBEING_QUESTIONS = (
    ("life_satisfaction", "How satisfied they are with their life nowadays", False),
    ("worthwhile", "How far they feel the things they do in life are worthwhile", False),
    ("happiness", "How happy they felt yesterday", False),
    ("anxiety", "How anxious they felt yesterday (lower is better)", True),
    ("confidence", "How confident they feel about starting or running their business", False),
)


@dataclass(frozen=True)
class WellbeingChange:
    """One question's mean score (0 to 10) at the start and at the latest follow-up."""

    key: str
    label: str
    lower_is_better: bool
    before: float | None
    after: float | None
    change: float | None
    n: int


@dataclass(frozen=True)
class WellbeingFigures:
    n: int
    questions: list[WellbeingChange]


def wellbeing_figures(*, organisation_ids: list | None, start: date, end: date) -> WellbeingFigures:
    """Wellbeing at the start against the latest follow-up, compared in the database (one query).

    Only journeys with a start check and a follow-up in the period count; the latest follow-up
    up to the end of the period is the one compared.
    """
    checks = WellbeingCheck.objects.filter(journey_id=OuterRef("pk"), taken_on__lte=end)
    first_start = checks.filter(occasion=WellbeingCheck.Occasion.START).order_by(
        "taken_on", "recorded_at"
    )
    follow_ups = checks.filter(occasion=WellbeingCheck.Occasion.FOLLOW_UP)
    latest = follow_ups.order_by("-taken_on", "-recorded_at")
    journeys = Journey.objects.filter(
        _at("organisation_id", organisation_ids),
        Exists(first_start),
        Exists(follow_ups.filter(taken_on__gte=start)),
    )
    for question, _, _ in WELLBEING_QUESTIONS:
        journeys = journeys.annotate(
            **{
                f"{question}_at_start": Subquery(first_start.values(question)[:1]),
                f"{question}_latest": Subquery(latest.values(question)[:1]),
            }
        )
    means = journeys.aggregate(
        n=Count("pk"),
        **{
            f"{question}_{measure}": Avg(expression)
            for question, _, _ in WELLBEING_QUESTIONS
            for measure, expression in (
                ("before", F(f"{question}_at_start")),
                ("after", F(f"{question}_latest")),
                ("change", F(f"{question}_latest") - F(f"{question}_at_start")),
            )
        },
    )
    return WellbeingFigures(
        n=means["n"],
        questions=[
            WellbeingChange(
                key=question,
                label=label,
                lower_is_better=lower_is_better,
                before=means[f"{question}_before"],
                after=means[f"{question}_after"],
                change=means[f"{question}_change"],
                n=means["n"],
            )
            for question, label, lower_is_better in WELLBEING_QUESTIONS
        ],
    )


# Who was reached

PLACE_NOT_KNOWN = ("not-known", "Not known")
NOT_ANSWERED = ("not-answered", "Not answered")
EQUALITY_QUESTIONS = (
    ("age_band", "Age", EqualityMonitoring.AgeBand),
    ("gender", "Gender", EqualityMonitoring.Gender),
    ("ethnic_group", "Ethnic group", EqualityMonitoring.EthnicGroup),
    ("disabled", "Disabled (Equality Act 2010)", EqualityMonitoring.Disabled),
)


@dataclass(frozen=True)
class ReachFigures:
    """People (the organisations' records of them) with a journey open during the period.

    Equality, health and faith answers are special: they are only ever read as these totals.
    """

    total: int
    by_place: list[FigureCount]
    by_kind: list[FigureCount]
    equality: list[CountGroup]
    barriers: list[FigureCount]
    sensitive_barriers: list[FigureCount]


def _lists(field: str, code: str) -> Q:
    # A JSON list of codes, read as its text: `"code"` with its quotes matches one whole item
    # (the codes are slugs), the same way on SQLite (which cannot look inside JSON lists) and
    # PostgreSQL, so the counting stays in the database.
    return Q(**{f"{field}_text__contains": f'"{code}"'})


def reach_figures(*, organisation_ids: list | None, start: date, end: date) -> ReachFigures:
    """Who these organisations worked with during the period, as totals only (two queries)."""
    open_journeys = Journey.objects.filter(
        _at("organisation_id", organisation_ids), _open_during(start, end), client_id=OuterRef("pk")
    )
    clients = Client.objects.filter(Exists(open_journeys)).order_by()
    places = clients.values_list("place__slug", "place__name").annotate(n=Count("pk"))
    not_known_key, not_known_label = PLACE_NOT_KNOWN
    by_place = sorted(
        (
            FigureCount(slug, name, n) if slug else FigureCount(not_known_key, not_known_label, n)
            for slug, name, n in places
        ),
        key=lambda row: (-row.value, row.label),
    )
    # Equality answers come with a request; a person who asked more than once: the latest.
    latest_answers = EqualityMonitoring.objects.filter(
        request__journey__client_id=OuterRef("pk")
    ).order_by("-request__created_at")
    # One column per answer to each question (aliases by position: answers hold "+" and "-").
    not_answered_key, not_answered_label = NOT_ANSWERED
    equality_rows = [
        (
            question,
            label,
            [
                *[
                    (choice.value, choice.label, Q(**{f"{question}_answer": choice.value}))
                    for choice in choices
                ],
                (
                    not_answered_key,
                    not_answered_label,
                    Q(**{f"{question}_answer__isnull": True}) | Q(**{f"{question}_answer": ""}),
                ),
            ],
        )
        for question, label, choices in EQUALITY_QUESTIONS
    ]
    totals = clients.annotate(
        barriers_text=Cast("barriers", TextField()),
        sensitive_barriers_text=Cast("sensitive_barriers", TextField()),
        **{
            f"{question}_answer": Subquery(latest_answers.values(question)[:1])
            for question, _, _ in EQUALITY_QUESTIONS
        },
    ).aggregate(
        total=Count("pk"),
        **{
            f"kind_{_alias(kind.value)}": Count("pk", filter=Q(kind=kind)) for kind in ApplicantKind
        },
        **{
            f"barrier_{_alias(code.value)}": Count("pk", filter=_lists("barriers", code.value))
            for code in ORDINARY_BARRIERS
        },
        **{
            f"sensitive_{_alias(code.value)}": Count(
                "pk", filter=_lists("sensitive_barriers", code.value)
            )
            for code in SENSITIVE_BARRIERS
        },
        **{
            f"equality_{i}_{j}": Count("pk", filter=condition)
            for i, (_, _, answers) in enumerate(equality_rows)
            for j, (_, _, condition) in enumerate(answers)
        },
    )
    return ReachFigures(
        total=totals["total"],
        by_place=by_place,
        by_kind=[
            FigureCount(kind.value, kind.label, totals[f"kind_{_alias(kind.value)}"])
            for kind in ApplicantKind
        ],
        equality=[
            CountGroup(
                question,
                label,
                [
                    FigureCount(key, answer, totals[f"equality_{i}_{j}"])
                    for j, (key, answer, _) in enumerate(answers)
                ],
            )
            for i, (question, label, answers) in enumerate(equality_rows)
        ],
        barriers=[
            FigureCount(code.value, code.label, totals[f"barrier_{_alias(code.value)}"])
            for code in ORDINARY_BARRIERS
        ],
        sensitive_barriers=[
            FigureCount(code.value, code.label, totals[f"sensitive_{_alias(code.value)}"])
            for code in SENSITIVE_BARRIERS
        ],
    )


# Support before milestones (assumption checks)


@dataclass(frozen=True)
class SupportFirstFigures:
    """Journeys with a milestone in the period, and how many of them had support first."""

    journeys: int
    support_first: int


def support_first_figures(
    *, organisation_ids: list | None, start: date, end: date
) -> SupportFirstFigures:
    """Journeys with a milestone in the period, and those whose first session came before their
    first milestone (one query).

    "Before" is an earlier day, in UK time: a milestone is dated, not timed, so a session on
    the day of the first milestone is not counted as coming first. Both firsts are the
    journey's earliest, whenever they were; a journey with no session does not count as first.
    """
    in_period = Milestone.objects.filter(
        journey_id=OuterRef("pk"), achieved_on__gte=start, achieved_on__lte=end
    )
    first_milestone = (
        Milestone.objects.filter(journey_id=OuterRef("pk"))
        .order_by("achieved_on")
        .values("achieved_on")[:1]
    )
    first_session = (
        Attendance.objects.filter(journey_id=OuterRef("pk"))
        .annotate(day=TruncDate("session__starts_at"))
        .order_by("day")
        .values("day")[:1]
    )
    totals = (
        Journey.objects.filter(_at("organisation_id", organisation_ids), Exists(in_period))
        .annotate(
            first_milestone=Subquery(first_milestone, output_field=DateField()),
            first_session=Subquery(first_session, output_field=DateField()),
        )
        .aggregate(
            journeys=Count("pk"),
            support_first=Count("pk", filter=Q(first_session__lt=F("first_milestone"))),
        )
    )
    return SupportFirstFigures(journeys=totals["journeys"], support_first=totals["support_first"])
