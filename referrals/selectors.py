"""Reads about referrals: who may see them, the inbox and outbox, and the person's own."""

from django.db.models import Count, Q, QuerySet

from ecosystem.models import Organisation, Service
from ecosystem.selectors import member_organisation_ids

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
    """A referral's history and thread."""
    return {
        "changes": list(referral.changes.select_related("changed_by")),
        "thread": list(referral.messages.select_related("organisation", "author")),
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
