"""Exporting a hub's own journeys as CSV and Excel, one row per journey, for its own staff.

A row holds who the person or group is and how to reach them, their venture, and
the work done with them: sessions, milestones and open actions. It never holds the
barriers people told us about (health and faith are special category data), their
equality answers, or staff-only notes: the query does not even read them. Files are
written by core.tabular, so every cell goes through escape_cell and none can become
a formula. The number of queries does not grow with
the number of journeys.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.tabular import Table
from ecosystem.models import Organisation
from journeys.models import Action, Attendance, Journey, Milestone

COLUMNS = [
    "journey_id",
    "client_id",
    "request_reference",
    "name",
    "group_name",
    "email",
    "phone",
    "contact_method",
    "postcode",
    "place",
    "venture",
    "business_type",
    "stage",
    "status",
    "close_reason",
    "lead_worker",
    "lead_worker_email",
    "started_on",
    "closed_on",
    "sessions",
    "last_session_on",
    "milestones",
    "open_actions",
    "overdue_actions",
]

# Read from the client's record only what the export shows.
_CLIENT_FIELDS = [
    "client__id",
    "client__kind",
    "client__name",
    "client__group_name",
    "client__email",
    "client__phone",
    "client__contact_method",
    "client__postcode",
    "client__place",
]


def _uk_date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _count(queryset) -> Coalesce:
    """The number of rows of a queryset filtered on OuterRef("pk"), as a subquery."""
    counted = queryset.order_by().values("journey_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _milestone(milestone: Milestone) -> str:
    figures = {
        Milestone.Kind.REGISTERED: milestone.get_legal_form_display(),
        Milestone.Kind.JOBS: f"{milestone.jobs_fte} full-time equivalent",
        Milestone.Kind.VOLUNTEERS: f"{milestone.volunteers}",
        Milestone.Kind.FINANCE: f"£{milestone.amount:,.2f}" if milestone.amount else "",
    }
    figure = figures.get(milestone.kind, "")
    label = f"{milestone.get_kind_display()}: {figure}" if figure else milestone.get_kind_display()
    return f"{label} ({_uk_date(milestone.achieved_on)})"


def journeys_for_export(organisation: Organisation):
    """An organisation's journeys with what each exported row shows, in two queries."""
    now = timezone.now()
    past_sessions = Attendance.objects.filter(
        journey_id=OuterRef("pk"), session__starts_at__lte=now
    )
    open_actions = Action.objects.filter(journey_id=OuterRef("pk"), done_at__isnull=True)
    return (
        Journey.objects.filter(organisation=organisation)
        .select_related("client", "client__place", "business_type", "lead_worker")
        .only(
            "id",
            "venture_name",
            "stage",
            "status",
            "close_reason",
            "started_on",
            "closed_on",
            *_CLIENT_FIELDS,
            "client__place__name",
            "business_type__name",
            "lead_worker__first_name",
            "lead_worker__last_name",
            "lead_worker__email",
        )
        .annotate(
            request_reference=F("request__reference"),
            session_count=_count(past_sessions),
            last_session_at=Subquery(
                past_sessions.order_by("-session__starts_at").values("session__starts_at")[:1]
            ),
            open_action_count=_count(open_actions),
            overdue_action_count=_count(open_actions.filter(due_on__lt=timezone.localdate())),
        )
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("achieved_on", "recorded_at").only(
                    "journey_id",
                    "kind",
                    "achieved_on",
                    "legal_form",
                    "jobs_fte",
                    "volunteers",
                    "amount",
                ),
            )
        )
        .order_by("client__name", "started_on", "pk")
    )


def _cells(journey: Journey) -> dict[str, str]:
    client, worker = journey.client, journey.lead_worker
    last_session = journey.last_session_at
    return {
        "journey_id": str(journey.pk),
        "client_id": str(client.pk),
        "request_reference": journey.request_reference or "",
        "name": client.name,
        "group_name": client.group_name,
        "email": client.email,
        "phone": client.phone,
        "contact_method": client.get_contact_method_display(),
        "postcode": client.postcode,
        "place": client.place.name if client.place else "",
        "venture": journey.venture_name,
        "business_type": journey.business_type.name if journey.business_type else "",
        "stage": journey.get_stage_display(),
        "status": journey.get_status_display(),
        "close_reason": journey.get_close_reason_display() if journey.close_reason else "",
        "lead_worker": (worker.get_full_name() or worker.email) if worker else "",
        "lead_worker_email": worker.email if worker else "",
        "started_on": _uk_date(journey.started_on),
        "closed_on": _uk_date(journey.closed_on),
        "sessions": str(journey.session_count),
        "last_session_on": _uk_date(timezone.localtime(last_session)) if last_session else "",
        "milestones": "; ".join(_milestone(m) for m in journey.milestones.all()),
        "open_actions": str(journey.open_action_count),
        "overdue_actions": str(journey.overdue_action_count),
    }


def organisation_journeys_table(organisation: Organisation) -> Table:
    """An organisation's journeys, one row each, ready for core.tabular.table_file."""
    rows = [
        [cells[key] for key in COLUMNS] for cells in map(_cells, journeys_for_export(organisation))
    ]
    return Table("Journeys", list(COLUMNS), rows)
