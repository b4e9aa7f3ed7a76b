"""Directory records as Open Referral UK 3.0 objects (plain dicts, ready for JSON).

Only what an organisation publishes goes out: names, descriptions and the
email, phone and web addresses on the organisation and service records, never
people. Objects that have no table of their own here (addresses, languages,
attributes, costs, contacts) get stable ids: uuid5 of their parent's id and a
key, so a feed's consumers see the same id every time.

The builders read only what the selectors in ``selectors.py`` fetched, so a
page costs a fixed number of queries.
"""

import uuid
from datetime import UTC, datetime

from ecosystem.models import (
    Location,
    Organisation,
    OrganisationIdentifier,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# org-id.guide list codes for the registers we record numbers from.
ORG_ID_SCHEMES = {
    OrganisationIdentifier.Scheme.COMPANIES_HOUSE: "GB-COH",
    OrganisationIdentifier.Scheme.CHARITY_ENGLAND_WALES: "GB-CHC",
    OrganisationIdentifier.Scheme.CHARITY_SCOTLAND: "GB-SC",
    OrganisationIdentifier.Scheme.CHARITY_NI: "GB-NIC",
    OrganisationIdentifier.Scheme.FCA_MUTUALS: "GB-MPR",
}
DAY_ORDER = {day: position for position, day in enumerate(Schedule.Day.values)}


def derived_id(parent_id: uuid.UUID, key: str) -> str:
    """A stable id for an object stored inside its parent's record."""
    return str(uuid.uuid5(parent_id, key))


def timestamp(value: datetime) -> str:
    """UTC, to the millisecond, as the standard's examples write it: 2023-03-15T10:30:45.123Z."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _some(**fields) -> dict:
    """Leave out blank optional fields: an empty string is not a valid email or uri."""
    return {name: value for name, value in fields.items() if value not in ("", None)}


# Taxonomies ----------------------------------------------------------------------


def taxonomy_term_record(term: TaxonomyTerm) -> dict:
    return {
        "id": str(term.pk),
        "name": term.name,
        "description": term.description,
        "code": term.code,
        "term": term.name,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy_id),
        **_some(parent_id=term.parent_id and str(term.parent_id)),
    }


def taxonomy_record(taxonomy: Taxonomy, *, terms: list[TaxonomyTerm] | None = None) -> dict:
    record = {
        "id": str(taxonomy.pk),
        "name": taxonomy.name,
        "description": taxonomy.description,
        **_some(uri=taxonomy.uri, version=taxonomy.version),
    }
    if terms is not None:
        record["taxonomy_terms"] = [taxonomy_term_record(term) for term in terms]
    return record


# Organisations -------------------------------------------------------------------


def organization_identifier_record(identifier: OrganisationIdentifier) -> dict:
    return {
        "id": str(identifier.pk),
        "organization_id": str(identifier.organisation_id),
        "identifier_type": identifier.get_scheme_display(),
        "identifier": identifier.identifier,
        **_some(identifier_scheme=ORG_ID_SCHEMES.get(identifier.scheme)),
    }


def organization_record(
    organisation: Organisation, *, full: bool = False, services: list[dict] | None = None
) -> dict:
    record = {
        "id": str(organisation.pk),
        "name": organisation.name,
        "description": organisation.description,
        **_some(email=organisation.email, website=organisation.website),
    }
    if full:
        record["organization_identifiers"] = [
            organization_identifier_record(i) for i in organisation.identifiers.all()
        ]
        record["contacts"] = _contacts(organisation, "organization_id")
    if services is not None:
        record["services"] = services
    return record


def _contacts(owner: Organisation | Service, owner_field: str) -> list[dict]:
    """The published phone number, as the standard's contact with one phone."""
    if not owner.phone:
        return []
    contact_id = derived_id(owner.pk, "contact")
    return [
        {
            "id": contact_id,
            owner_field: str(owner.pk),
            "name": owner.name,
            "phones": [
                {
                    "id": derived_id(owner.pk, "phone"),
                    "contact_id": contact_id,
                    "number": owner.phone,
                }
            ],
        }
    ]


# Locations -----------------------------------------------------------------------


def location_record(location: Location, *, full: bool = False) -> dict:
    record = {
        "id": str(location.pk),
        "location_type": "physical",
        "name": location.name,
        **_some(
            description=location.description,
            latitude=location.latitude,
            longitude=location.longitude,
        ),
    }
    if full:
        place = location.place
        record["addresses"] = [
            {
                "id": derived_id(location.pk, "address"),
                "location_id": str(location.pk),
                "address_1": location.address_1,
                **_some(address_2=location.address_2),
                "city": location.city,
                "state_province": place.local_authority if place else "",
                **_some(region=place.get_region_display() if place else ""),
                "postal_code": location.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ]
        record["accessibility"] = (
            [
                {
                    "id": derived_id(location.pk, "accessibility"),
                    "location_id": str(location.pk),
                    "description": location.accessibility,
                }
            ]
            if location.accessibility
            else []
        )
    return record


# Services ------------------------------------------------------------------------


def service_record(
    service: Service,
    *,
    full: bool = False,
    minimal: bool = False,
    with_organization: bool = True,
) -> dict:
    """A service; ``full`` nests everything about it, ``minimal`` keeps only what the schema requires."""
    if minimal:
        return {
            "id": str(service.pk),
            "name": service.name,
            "status": service.status,
            "last_modified": timestamp(service.updated_at),
        }
    record = {
        "id": str(service.pk),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        **_some(url=service.url, email=service.email),
        "status": service.status,
        **_some(eligibility_description=service.eligibility),
        **_some(minimum_age=service.minimum_age, maximum_age=service.maximum_age),
        "last_modified": timestamp(service.updated_at),
    }
    if with_organization:
        record["organization"] = organization_record(service.organisation, full=full)
    if not full:
        return record
    record["service_at_locations"] = [
        {
            "id": str(link.pk),
            "service_id": str(service.pk),
            "location_id": str(link.location_id),
            "location": location_record(link.location, full=True),
        }
        for link in service.service_at_locations.all()
    ]
    record["schedules"] = [
        schedule_record(schedule)
        for schedule in sorted(
            service.schedules.all(), key=lambda s: (DAY_ORDER[s.byday], s.opens_at, s.pk)
        )
    ]
    record["languages"] = [
        {
            "id": derived_id(service.pk, f"language:{language.code}"),
            "service_id": str(service.pk),
            "name": language.name,
            "code": language.code,
        }
        for language in service.languages.all()
    ]
    record["cost_options"] = _cost_options(service)
    record["contacts"] = _contacts(service, "service_id")
    record["attributes"] = [
        {
            "id": derived_id(service.pk, f"attribute:{term.pk}"),
            "link_id": str(service.pk),
            "link_type": term.taxonomy.slug,
            "link_entity": "service",
            "taxonomy_term_id": str(term.pk),
            "taxonomy_term": taxonomy_term_record(term),
        }
        for term in [
            *service.support_types.all(),
            *service.business_types.all(),
            *service.activities.all(),
        ]
    ]
    record["service_areas"] = []
    record["funding"] = []
    return record


def schedule_record(schedule: Schedule) -> dict:
    return {
        "id": str(schedule.pk),
        "service_id": str(schedule.service_id),
        **_some(
            service_at_location_id=schedule.service_at_location_id
            and str(schedule.service_at_location_id)
        ),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": schedule.byday,
        # Local (UK) wall-clock times: the offset changes with the season.
        "opens_at": schedule.opens_at.strftime("%H:%M"),
        "closes_at": schedule.closes_at.strftime("%H:%M"),
        **_some(description=schedule.description),
    }


def _cost_options(service: Service) -> list[dict]:
    key = derived_id(service.pk, "cost-option")
    if service.is_free:
        return [
            {
                "id": key,
                "service_id": str(service.pk),
                "option": "Free",
                "amount": 0,
                "amount_description": service.fees_description or "Free of charge.",
            }
        ]
    if service.fees_description:
        return [
            {
                "id": key,
                "service_id": str(service.pk),
                "amount_description": service.fees_description,
            }
        ]
    return []


def service_at_location_record(link: ServiceAtLocation, *, full: bool = False) -> dict:
    return {
        "id": str(link.pk),
        "service_id": str(link.service_id),
        "location_id": str(link.location_id),
        "location": location_record(link.location, full=full),
        "service": service_record(link.service, full=full),
    }
