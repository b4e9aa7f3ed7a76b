"""What the ORUK API publishes, read with a fixed number of queries per page.

Every service is published (there is no draft state), with its organisation;
nothing about people (members, staff, users) is ever read here.
"""

from datetime import datetime
from uuid import UUID

from django.db.models import F, Prefetch, Q, QuerySet, Value

from ecosystem.models import (
    Organisation,
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


def services_published(
    *,
    search: str | None = None,
    taxonomy_term_id: UUID | None = None,
    taxonomy_id: UUID | None = None,
    organization_id: UUID | None = None,
    modified_after: datetime | None = None,
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
    return services


def service_at_locations_published(
    *,
    search: str | None = None,
    taxonomy_term_id: UUID | None = None,
    taxonomy_id: UUID | None = None,
    organization_id: UUID | None = None,
    modified_after: datetime | None = None,
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
