"""Reads about referrals: who may see them, the inbox and outbox, and the person's own."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db.models import Count, F, Q, QuerySet

from core.figures import Count as FigureCount
from core.outbox import outbox_about
from ecosystem.models import Organisation, Service
from ecosystem.selectors import member_organisation_ids

from .figures import ACCEPTED
from .models import Notification, Referral


def referrals_visible_to(user) -> QuerySet[Referral]:
    """Referrals sent or received by the organisations a person works for."""
    ids = member_organisation_ids(user)
    return Referral.objects.filter(Q(from_organisation_id__in=ids) | Q(to_organisation_id__in=ids))


def referral_side(user, referral: Referral) -> str:
    """ "sender", "receiver" or "" for this person (someone in both gets the receiver's part)."""
    ids = set(member_organisation_ids(user))
    if referral.to_organisation_id in ids:
        return "receiver"
    if referral.from_organisation_id in ids:
        return "sender"
    return ""


def referral_box(user, *, box: str, status: str = "", organisation_id=None) -> QuerySet[Referral]:
    """A person's inbox (received) or outbox (sent), with what each row shows, newest first."""
    ids = member_organisation_ids(user)
    if organisation_id:
        ids = [i for i in ids if str(i) == str(organisation_id)]
    field = "to_organisation_id__in" if box == "inbox" else "from_organisation_id__in"
    referrals = Referral.objects.filter(**{field: ids})
    if status == "open":
        referrals = referrals.filter(status__in=Referral.OPEN)
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    return referrals.select_related("from_organisation", "to_organisation", "to_service").order_by(
        "-created_at", "pk"
    )


def referral_detail(referral: Referral) -> dict:
    """A referral's history, its thread, and whether the emails about it have gone out."""
    return {
        "changes": list(referral.changes.select_related("changed_by")),
        "thread": list(referral.messages.select_related("organisation", "author")),
        "emails": outbox_about(referral.outbox_about),
    }


def referral_targets(*exclude: Organisation) -> list[Organisation]:
    """Organisations a referral can go to (not the ones given), each with its listed services."""
    from django.db.models import Prefetch

    from ecosystem.directory.selectors import LISTED_STATUSES

    return list(
        Organisation.objects.exclude(pk__in=[o.pk for o in exclude])
        .exclude(kind=Organisation.Kind.COMMISSIONER)
        .prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.filter(status__in=LISTED_STATUSES).order_by("name"),
            )
        )
        .order_by("name")
    )


def journey_referrals(journey) -> list[Referral]:
    """Referrals sent from a journey, or that started it."""
    return list(
        Referral.objects.filter(Q(from_journey=journey) | Q(receiving_journey=journey))
        .select_related("from_organisation", "to_organisation", "to_service")
        .order_by("-created_at")
    )


def own_referrals(user) -> list[Referral]:
    """Referrals about the signed-in person (made from their own journeys)."""
    if not user.is_authenticated:
        return []
    return list(
        Referral.objects.filter(from_journey__client__user=user)
        .select_related("from_organisation", "to_organisation", "to_service")
        .order_by("-created_at")
    )


def unread_notifications(user, *, limit: int = 20) -> tuple[list[Notification], int]:
    """A person's unread notifications (the newest few) and how many there are."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    return list(unread.order_by("-created_at")[:limit]), unread.count()


def box_counts(user) -> dict:
    """How many open referrals wait in a person's inbox and outbox."""
    ids = member_organisation_ids(user)
    counts = Referral.objects.filter(status__in=Referral.OPEN).aggregate(
        inbox=Count("pk", filter=Q(to_organisation_id__in=ids)),
        outbox=Count("pk", filter=Q(from_organisation_id__in=ids)),
    )
    return counts


# Figures for insights ----------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFigures:
    """Referrals made in a period by or to a set of organisations, as raw counts.

    `days_to_accept` holds, sorted, the days each accepted one waited (no one is named by
    it); `median_days_to_accept` is worked out from them with `days_to_accept_n` behind it.
    `flows` are referrals inside the set, into it from elsewhere and out of it to elsewhere.
    """

    total: int
    sent: int
    received: int
    accepted: int
    completed: int
    declined: int
    expired: int
    by_status: list[FigureCount]
    by_outcome: list[FigureCount]
    days_to_accept: tuple[float, ...]
    organisations_connected: int
    flows: list[FigureCount]

    @property
    def days_to_accept_n(self) -> int:
        return len(self.days_to_accept)

    @property
    def median_days_to_accept(self) -> float | None:
        return round(median(self.days_to_accept), 1) if self.days_to_accept else None


FLOWS = (
    ("inside", "Between these organisations"),
    ("into", "To these organisations from elsewhere"),
    ("out", "From these organisations to elsewhere"),
)


def _organisation_pks(organisation_ids) -> set | None:
    """The ids as the database gives them back (UUIDs), so that strings match too."""
    if organisation_ids is None:
        return None
    return {Organisation._meta.pk.to_python(pk) for pk in organisation_ids}


def _in_period(start: date, end: date) -> Q:
    return Q(created_at__date__gte=start, created_at__date__lte=end)


def referral_figures(*, organisation_ids: list | None, start: date, end: date) -> ReferralFigures:
    """Referrals created in the period sent by or to these organisations, in two queries."""
    referrals = Referral.objects.filter(_in_period(start, end))
    ids = _organisation_pks(organisation_ids)
    if ids is not None:
        referrals = referrals.filter(
            Q(from_organisation_id__in=ids) | Q(to_organisation_id__in=ids)
        )
    rows = (
        referrals.values_list("from_organisation_id", "to_organisation_id", "status", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def inside(organisation_id) -> bool:
        return ids is None or organisation_id in ids

    total = sent = received = 0
    statuses: Counter = Counter()
    outcomes: Counter = Counter()
    flows: Counter = Counter()
    connected: set = set()
    for source, target, status, outcome, n in rows:
        total += n
        statuses[status] += n
        outcomes[outcome] += n
        from_set, to_set = inside(source), inside(target)
        sent += n if from_set else 0
        received += n if to_set else 0
        flows["inside" if from_set and to_set else "out" if from_set else "into"] += n
        # The organisations at the other end, seen from the set's side of each referral.
        if from_set and target != source:
            connected.add(target)
        if to_set and source != target:
            connected.add(source)
    waits = sorted(
        (accepted_at - created_at).total_seconds() / 86400
        for created_at, accepted_at in referrals.filter(accepted_at__isnull=False)
        .values_list("created_at", "accepted_at")
        .order_by()
    )
    return ReferralFigures(
        total=total,
        sent=sent,
        received=received,
        accepted=sum(statuses[s] for s in ACCEPTED),
        completed=statuses[Referral.Status.COMPLETED],
        declined=statuses[Referral.Status.DECLINED],
        expired=statuses[Referral.Status.EXPIRED],
        by_status=[FigureCount(v, label, statuses[v]) for v, label in Referral.Status.choices],
        by_outcome=[FigureCount(v, label, outcomes[v]) for v, label in Referral.Outcome.choices],
        days_to_accept=tuple(waits),
        organisations_connected=len(connected),
        flows=[FigureCount(key, label, flows[key]) for key, label in FLOWS],
    )


@dataclass(frozen=True)
class AcceptedWithinFigures:
    """Referrals received in a period, and how many were accepted within some days."""

    received: int
    accepted_within: int
    days: int


def accepted_within_figures(
    *, organisation_ids: list | None, start: date, end: date, days: int
) -> AcceptedWithinFigures:
    """Referrals sent to these organisations in the period, and those accepted within `days`
    days of being sent (one query); with every organisation, every referral of the period."""
    referrals = Referral.objects.filter(_in_period(start, end))
    ids = _organisation_pks(organisation_ids)
    if ids is not None:
        referrals = referrals.filter(to_organisation_id__in=ids)
    totals = referrals.aggregate(
        received=Count("pk"),
        accepted_within=Count(
            "pk",
            filter=Q(
                accepted_at__isnull=False,
                accepted_at__lte=F("created_at") + timedelta(days=days),
            ),
        ),
    )
    return AcceptedWithinFigures(
        received=totals["received"], accepted_within=totals["accepted_within"], days=days
    )
