"""The directory's tables for exporting as CSV and Excel: public details of organisations and services only.

The services export uses the import's columns, so a hub can export its services,
change them in a spreadsheet and import the file again. The files are written by
core.tabular, whose escape_cell removes control characters and then puts an
apostrophe before anything a spreadsheet would run as a formula, so an export can
never carry a formula to the person who opens it.
"""

from django.db.models import Count, Prefetch, QuerySet

from core.tabular import Table
from ecosystem.models import Organisation, Service, ServiceAtLocation
from ecosystem.opening_times import format_opening_times

from .importing import DIRECTORY, ORGANISATION_COLUMNS, SERVICES, columns_for

# What goes in the tables -------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _names(objects) -> str:
    return "; ".join(o.name for o in objects)


def _organisation_cells(organisation: Organisation) -> dict[str, str]:
    return {
        "organisation_name": organisation.name,
        "organisation_slug": organisation.slug,
        "organisation_kind": organisation.get_kind_display(),
        "legal_form": organisation.get_legal_form_display() if organisation.legal_form else "",
        "organisation_description": organisation.description,
        "organisation_website": organisation.website,
        "organisation_email": organisation.email,
        "organisation_phone": organisation.phone,
        "places": _names(organisation.places.all()),
        "is_catalyst_hub": _yes_no(organisation.is_catalyst_hub),
        "registration_numbers": "; ".join(
            f"{i.get_scheme_display()}: {i.identifier}" for i in organisation.identifiers.all()
        ),
        "is_demo": _yes_no(organisation.is_demo),
    }


def _service_cells(service: Service) -> dict[str, str]:
    return {
        "service_name": service.name,
        "service_slug": service.slug,
        "description": service.description,
        "status": service.get_status_display(),
        "support_types": _names(service.support_types.all()),
        "business_types": _names(service.business_types.all()),
        "languages": _names(service.languages.all()),
        "eligibility": service.eligibility,
        "minimum_age": "" if service.minimum_age is None else str(service.minimum_age),
        "maximum_age": "" if service.maximum_age is None else str(service.maximum_age),
        "is_free": _yes_no(service.is_free),
        "fees_description": service.fees_description,
        "delivery_mode": service.get_delivery_mode_display(),
        "capacity": service.get_capacity_display(),
        "in_kind_offer": service.get_in_kind_offer_display() if service.in_kind_offer else "",
        "service_website": service.url,
        "service_email": service.email,
        "service_phone": service.phone,
        "accessibility": service.accessibility,
    }


def _location_cells(at_location: ServiceAtLocation | None, service_times: list) -> dict[str, str]:
    if at_location is None:
        return {"opening_times": format_opening_times(service_times)}
    location = at_location.location
    return {
        "location_name": location.name,
        "address_1": location.address_1,
        "address_2": location.address_2,
        "city": location.city,
        "postcode": location.postcode,
        "location_accessibility": location.accessibility,
        "opening_times": format_opening_times(at_location.schedules.all()),
    }


def _services_queryset(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        "support_types",
        "business_types",
        "languages",
        "schedules",
        "organisation__places",
        "organisation__identifiers",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                "schedules"
            ),
        ),
    )


def services_table(services: QuerySet[Service], *, with_organisations: bool) -> Table:
    """One row per service at each of its locations, in the import's columns.

    A service with no location, or with opening times of its own, has a row with no location.
    """
    columns = [c.key for c in columns_for(DIRECTORY if with_organisations else SERVICES)]
    rows = []
    services = _services_queryset(services).order_by("organisation__name", "name")
    for service in services:
        base = _service_cells(service)
        if with_organisations:
            base |= _organisation_cells(service.organisation)
        service_times = [s for s in service.schedules.all() if s.service_at_location_id is None]
        at_locations = list(service.service_at_locations.all())
        if service_times or not at_locations:
            # Opening times of the service itself (online, by telephone) take a row with no location.
            at_locations.append(None)
        for at_location in at_locations:
            cells = base | _location_cells(at_location, service_times)
            rows.append([cells.get(key, "") for key in columns])
    return Table("Services", columns, rows)


def organisation_services_table(organisation: Organisation) -> Table:
    """An organisation's services, ready to change in a spreadsheet and import again."""
    return services_table(
        Service.objects.filter(organisation=organisation), with_organisations=False
    )


def directory_services_table() -> Table:
    """Every service in the directory with its organisation's public details."""
    return services_table(Service.objects.all(), with_organisations=True)


def directory_organisations_table() -> Table:
    """Every organisation in the directory: public details, where it works and how many services."""
    columns = [c.key for c in ORGANISATION_COLUMNS] + ["service_count", "location_postcodes"]
    organisations = (
        Organisation.objects.annotate(service_count=Count("services", distinct=True))
        .prefetch_related("places", "identifiers", "locations")
        .order_by("name")
    )
    rows = []
    for organisation in organisations:
        cells = _organisation_cells(organisation) | {
            "service_count": str(organisation.service_count),
            "location_postcodes": "; ".join(
                sorted({location.postcode for location in organisation.locations.all()})
            ),
        }
        rows.append([cells.get(key, "") for key in columns])
    return Table("Organisations", columns, rows)
