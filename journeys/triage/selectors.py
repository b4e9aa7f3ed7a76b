"""Reads for triage: which requests reach a person, and what helps them answer one."""

from collections import Counter

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from ecosystem.models import Organisation
from ecosystem.selectors import member_organisation_ids
from journeys.models import Client, SupportRequest


def partner_hubs(*, exclude=None) -> QuerySet[Organisation]:
    """Every hub a request may be passed to."""
    hubs = Organisation.objects.filter(kind=Organisation.Kind.HUB).order_by("name")
    return hubs.exclude(pk=exclude.pk) if exclude is not None else hubs


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
