"""What the ORUK API publishes, read with a fixed number of queries per page.

Every service is published (there is no draft state), with its organisation;
nothing about people (members, staff, users) is ever read here.
"""

import math
from datetime import datetime, time
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value

from ecosystem.models import (
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ecosystem.postcodes import PostcodeInfo

# Wider than the National Grid's diagonal: a larger radius leaves nothing out.
MAX_USEFUL_PROXIMITY = 2_000_000.0


def _terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy")


def service_prefetches(prefix: str = "", *, with_organization: bool = True) -> list[Prefetch]:
    """Everything a fully nested service shows, for services reached through ``prefix``."""

    def at(lookup: str) -> str:
        return f"{prefix}{lookup}"

    organisation = [Prefetch(at("organisation__identifiers"))] if with_organization else []
    return [
        *organisation,
        Prefetch(at("support_types"), queryset=_terms()),
        Prefetch(at("business_types"), queryset=_terms()),
        Prefetch(at("activities"), queryset=_terms()),
        Prefetch(at("languages")),
        Prefetch(at("schedules")),
        Prefetch(
            at("service_at_locations"),
            queryset=ServiceAtLocation.objects.select_related("location__place").order_by(
                "location__name", "pk"
            ),
        ),
    ]


def _classified_by(
    service: str, *, term_id: UUID | None = None, taxonomy_id: UUID | None = None
) -> Q:
    """Services with the term (or any term of the taxonomy) among their support types, business types or activities."""
    q = Q()
    for through in (
        Service.support_types.through,
        Service.business_types.through,
        Service.activities.through,
    ):
        links = through.objects.all()
        if term_id is not None:
            links = links.filter(taxonomyterm_id=term_id)
        if taxonomy_id is not None:
            links = links.filter(taxonomyterm__taxonomy_id=taxonomy_id)
        q |= Q(**{f"{service}__in": links.values("service_id")})
    return q


def _of_ages(prefix: str, *, minimum_age: float | None, maximum_age: float | None) -> Q:
    """Services whose ages match the current 3.0 document's minimum_age and maximum_age."""
    # current/openapi.json: minimum_age "Return services with a minimum age of at least the
    # specified value."; maximum_age "Return services with a maximum age of at equal to or below
    # the specified value." A service that holds no such age has none to compare: it is left out.
    # Ages are whole years, so "at least 17.5" is "at least 18" and "at most 17.5" is "at most 17".
    q = Q()
    if minimum_age is not None:
        q &= Q(**{f"{prefix}minimum_age__gte": math.ceil(minimum_age)})
    if maximum_age is not None:
        q &= Q(**{f"{prefix}maximum_age__lte": math.floor(maximum_age)})
    return q


def _openings(
    *, day: str | None, start_time: time | None, end_time: time | None
) -> QuerySet[Schedule] | None:
    """The opening times that match day, start_time and end_time; None when none is given."""
    # current/openapi.json: day "Return services with a day equal to the specified value.";
    # start_time "... with a start time of at least the specified value."; end_time "... with a
    # end time of at equal to or below the specified value." Given together, one opening (a day
    # with its hours) must match them all: day=MO&start_time=09:00 is "open on Monday from 9".
    if day is None and start_time is None and end_time is None:
        return None
    openings = Schedule.objects.all()
    if day is not None:
        openings = openings.filter(byday=day)
    if start_time is not None:
        openings = openings.filter(opens_at__gte=start_time)
    if end_time is not None:
        openings = openings.filter(closes_at__lte=end_time)
    return openings


def services_published(
    *,
    search: str | None = None,
    taxonomy_term_id: UUID | None = None,
    taxonomy_id: UUID | None = None,
    organization_id: UUID | None = None,
    modified_after: datetime | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    day: str | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    full: bool = False,
    minimal: bool = False,
) -> QuerySet[Service]:
    """The services in the feed, filtered as the standard's /services parameters ask."""
    services = Service.objects.order_by("name", "pk")
    if not minimal:
        services = services.select_related("organisation")
    if full:
        services = services.prefetch_related(*service_prefetches())
    if search:
        services = services.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if taxonomy_term_id is not None:
        services = services.filter(_classified_by("pk", term_id=taxonomy_term_id))
    if taxonomy_id is not None:
        services = services.filter(_classified_by("pk", taxonomy_id=taxonomy_id))
    if organization_id is not None:
        services = services.filter(organisation_id=organization_id)
    if modified_after is not None:
        services = services.filter(updated_at__gte=modified_after)
    services = services.filter(_of_ages("", minimum_age=minimum_age, maximum_age=maximum_age))
    openings = _openings(day=day, start_time=start_time, end_time=end_time)
    if openings is not None:
        # Any of the service's opening times, wherever it applies.
        services = services.filter(Exists(openings.filter(service=OuterRef("pk"))))
    return services


def service_at_locations_published(
    *,
    search: str | None = None,
    taxonomy_term_id: UUID | None = None,
    taxonomy_id: UUID | None = None,
    organization_id: UUID | None = None,
    modified_after: datetime | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    day: str | None = None,
    start_time: time | None = None,
    end_time: time | None = None,
    near: PostcodeInfo | None = None,
    proximity: float | None = None,
    full: bool = False,
) -> QuerySet[ServiceAtLocation]:
    """Services at their locations; nearest first when ``near`` is given, within ``proximity`` metres."""
    links = ServiceAtLocation.objects.select_related(
        "service__organisation", "location__place"
    ).order_by("service__name", "location__name", "pk")
    if full:
        links = links.prefetch_related(*service_prefetches("service__"))
    if search:
        links = links.filter(
            Q(service__name__icontains=search)
            | Q(service__description__icontains=search)
            | Q(location__name__icontains=search)
        )
    if taxonomy_term_id is not None:
        links = links.filter(_classified_by("service", term_id=taxonomy_term_id))
    if taxonomy_id is not None:
        links = links.filter(_classified_by("service", taxonomy_id=taxonomy_id))
    if organization_id is not None:
        links = links.filter(service__organisation_id=organization_id)
    if modified_after is not None:
        links = links.filter(
            Q(updated_at__gte=modified_after)
            | Q(service__updated_at__gte=modified_after)
            | Q(location__updated_at__gte=modified_after)
        )
    links = links.filter(_of_ages("service__", minimum_age=minimum_age, maximum_age=maximum_age))
    openings = _openings(day=day, start_time=start_time, end_time=end_time)
    if openings is not None:
        # The service's opening times that apply here: its own, and those of this location.
        here = openings.filter(service=OuterRef("service")).filter(
            Q(service_at_location__isnull=True) | Q(service_at_location=OuterRef("pk"))
        )
        links = links.filter(Exists(here))
    if near is not None:
        # Squared distance on the National Grid (metres): the order is the same, no square root needed.
        east = F("location__easting") - Value(near.easting)
        north = F("location__northing") - Value(near.northing)
        links = links.annotate(distance_squared=east * east + north * north)
        if proximity is not None:
            radius = min(proximity, MAX_USEFUL_PROXIMITY)
            links = links.filter(distance_squared__lte=radius * radius)
        links = links.order_by(F("distance_squared").asc(nulls_last=True), "service__name", "pk")
    return links


def organizations_published(
    *, search: str | None = None, full: bool = False, full_service: bool = False
) -> QuerySet[Organisation]:
    """Every organisation in the directory, with their services when ``full`` or ``full_service``."""
    organisations = Organisation.objects.order_by("name", "pk")
    if full or full_service:
        organisations = organisations.prefetch_related("identifiers")
        services = Service.objects.order_by("name", "pk")
        if full_service:
            services = services.prefetch_related(*service_prefetches(with_organization=False))
        organisations = organisations.prefetch_related(Prefetch("services", queryset=services))
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(description__icontains=search)
        )
    return organisations


def taxonomies_published(*, search: str | None = None) -> QuerySet[Taxonomy]:
    """Every taxonomy: support types, business types and each logic model's activities."""
    taxonomies = Taxonomy.objects.order_by("name", "pk")
    if search:
        taxonomies = taxonomies.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return taxonomies


def taxonomy_terms_published(
    *,
    search: str | None = None,
    taxonomy_id: UUID | None = None,
    top_only: bool = False,
    parent_id: UUID | None = None,
) -> QuerySet[TaxonomyTerm]:
    """Terms of every taxonomy, in each taxonomy's own order."""
    terms = _terms().order_by("taxonomy__name", "position", "name", "pk")
    if search:
        terms = terms.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    if parent_id is not None:
        terms = terms.filter(parent_id=parent_id)
    return terms
