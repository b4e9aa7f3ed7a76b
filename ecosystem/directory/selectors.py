"""Reads for the public directory: what a visitor can find, and each public page."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ecosystem.models import (
    SUPPORT_TYPES,
    Location,
    Organisation,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ecosystem.selectors import terms_of

# What the public directory lists. Inactive and defunct (retired) services stay in the
# database, for history and the ORUK feed, but are not offered to visitors.
LISTED_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


def services_listed() -> QuerySet[Service]:
    """Services a visitor can find, each with what a result shows, in a fixed number of queries."""
    return (
        Service.objects.filter(status__in=LISTED_STATUSES)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("support_types", queryset=TaxonomyTerm.objects.order_by("position")),
            "languages",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("place").order_by("city", "name"),
            ),
        )
        .order_by("name", "organisation__name", "pk")
    )


def services_in_place(services: QuerySet[Service], place: Place) -> QuerySet[Service]:
    """Services of organisations that serve the place, or offered at a location in it."""
    serves = Organisation.places.through.objects.filter(
        organisation_id=OuterRef("organisation_id"), place=place
    )
    located = ServiceAtLocation.objects.filter(service_id=OuterRef("pk"), location__place=place)
    return services.filter(Exists(serves) | Exists(located))


def services_with_terms(
    services: QuerySet[Service], field: str, codes: list[str], *, or_unclassified: bool = False
) -> QuerySet[Service]:
    """Services classified by any of the codes in one M2M of terms ("support_types"...).

    With or_unclassified, services with no terms at all there count too: a service
    that names no business types serves every kind of business.
    """
    through = getattr(Service, field).through
    links = through.objects.filter(service_id=OuterRef("pk"))
    condition = Exists(links.filter(taxonomyterm__code__in=codes))
    if or_unclassified:
        condition |= ~Exists(links)
    return services.filter(condition)


def services_in_language(services: QuerySet[Service], code: str) -> QuerySet[Service]:
    """Services offered in one language."""
    links = Service.languages.through.objects.filter(service_id=OuterRef("pk"), language_id=code)
    return services.filter(Exists(links))


def services_matching(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """Services whose name or description contains every word of the text."""
    for word in text.split():
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return services


def organisations_listed() -> QuerySet[Organisation]:
    """Organisations in the directory, with their places and how many services they list."""
    listed = (
        Service.objects.filter(organisation_id=OuterRef("pk"), status__in=LISTED_STATUSES)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Organisation.objects.annotate(
            service_count=Coalesce(Subquery(listed, output_field=IntegerField()), 0)
        )
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name")))
        .order_by("name", "pk")
    )


def organisations_in_place(organisations: QuerySet[Organisation], place: Place):
    """Organisations that serve a place."""
    serves = Organisation.places.through.objects.filter(organisation_id=OuterRef("pk"), place=place)
    return organisations.filter(Exists(serves))


def organisations_matching(organisations: QuerySet[Organisation], text: str):
    """Organisations whose name or description contains every word of the text."""
    for word in text.split():
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(description__icontains=word)
        )
    return organisations


def places_listed() -> QuerySet[Place]:
    """Every place, with how many organisations serve it."""
    serving = (
        Organisation.places.through.objects.filter(place_id=OuterRef("pk"))
        .order_by()
        .values("place_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Place.objects.annotate(
        organisation_count=Coalesce(Subquery(serving, output_field=IntegerField()), 0)
    ).order_by("name")


def place_support_types(place: Place) -> list[TaxonomyTerm]:
    """The support types on offer in a place, each with its number of listed services."""
    services = services_in_place(Service.objects.filter(status__in=LISTED_STATUSES), place)
    links = (
        Service.support_types.through.objects.filter(
            taxonomyterm_id=OuterRef("pk"), service__in=services.values("pk")
        )
        .order_by()
        .values("taxonomyterm_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    terms = terms_of(SUPPORT_TYPES).annotate(
        service_count=Coalesce(Subquery(links, output_field=IntegerField()), 0)
    )
    return [term for term in terms if term.service_count]


def organisation_public(slug: str) -> Organisation | None:
    """One organisation's public page: its places, registration numbers and locations."""
    return (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name")),
            "identifiers",
            Prefetch("locations", queryset=Location.objects.order_by("name")),
        )
        .first()
    )


def organisation_services_listed(organisation: Organisation) -> QuerySet[Service]:
    """The services an organisation lists publicly."""
    return services_listed().filter(organisation=organisation)


def service_public(organisation_slug: str, slug: str) -> Service | None:
    """One listed service with everything its public page shows."""
    return (
        Service.objects.filter(
            organisation__slug=organisation_slug, slug=slug, status__in=LISTED_STATUSES
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("support_types", queryset=TaxonomyTerm.objects.order_by("position")),
            Prefetch("business_types", queryset=TaxonomyTerm.objects.order_by("position")),
            "languages",
            Prefetch("organisation__places", queryset=Place.objects.order_by("name")),
        )
        .first()
    )


@dataclass(frozen=True)
class ServiceLocation:
    """A location where a service is offered, with its weekly opening times there."""

    location: Location
    opening_times: list[Schedule]


@dataclass(frozen=True)
class ServiceTimes:
    """Where and when a service is offered."""

    locations: list[ServiceLocation]
    general: list[Schedule]  # opening times not tied to one location


def service_times(service: Service) -> ServiceTimes:
    """A service's locations and opening times, days in week order."""
    day_order = {day: i for i, day in enumerate(Schedule.Day.values)}

    def in_week_order(schedules):
        return sorted(schedules, key=lambda s: (day_order[s.byday], s.opens_at))

    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location__place")
        .order_by("location__name", "pk")
    )
    schedules = list(Schedule.objects.filter(service=service))
    by_link: dict = {}
    for schedule in schedules:
        by_link.setdefault(schedule.service_at_location_id, []).append(schedule)
    return ServiceTimes(
        locations=[
            ServiceLocation(link.location, in_week_order(by_link.get(link.pk, [])))
            for link in links
        ],
        general=in_week_order(by_link.get(None, [])),
    )
