"""Writes to the directory and its memberships.

Each function is one transaction: it validates everything (raising ValidationError
keyed by the field it is about) before anything is kept, so a refused post saves nothing.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from core.pagecache import bump_on_commit

from .models import (
    BUSINESS_TYPES,
    SUPPORT_TYPES,
    Language,
    Location,
    Membership,
    Organisation,
    OrganisationIdentifier,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from .selectors import ACTIVITIES_TAXONOMY_SUFFIX


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Change a person's role in an organisation, keeping at least one manager."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose staff or manager."})
    if membership.role == Membership.Role.MANAGER and role != Membership.Role.MANAGER:
        other_managers = Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.MANAGER
        ).exclude(pk=membership.pk)
        if not other_managers.exists():
            raise ValidationError(
                {
                    "role": "An organisation needs at least one manager. Make someone else a manager first."
                }
            )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


def location_place_from_postcode(*, location) -> None:
    """Normalise a location's postcode and fill in its local authority, place and position.

    Raises ValidationError (on the postcode field) when it is not a UK postcode we know.
    """
    from .postcodes import lookup_postcode, normalise_postcode

    postcode = normalise_postcode(location.postcode)
    if postcode is None:
        raise ValidationError({"postcode": "Enter a UK postcode, like WN1 1AA."})
    info = lookup_postcode(postcode)
    if info is None:
        raise ValidationError({"postcode": f"We cannot find {postcode}. Check it is right."})
    location.postcode = postcode
    location.local_authority_code = info.gss_code
    location.easting, location.northing = info.easting, info.northing
    location.latitude, location.longitude = info.latitude_longitude
    location.place = Place.objects.filter(gss_code=info.gss_code).first()


def _record_history(obj, *, actor, reason: str = "") -> None:
    """Name who made the next history record (the request's user is the default) and why."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    obj._change_reason = reason[:100]


def _only(fields: Mapping[str, Any], allowed: Sequence[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"{what} cannot change {', '.join(sorted(unknown))}")


def _also_changed(parts: list[str]) -> str:
    return f"Also changed: {', '.join(parts)}" if parts else ""


# Organisations ----------------------------------------------------------------------

# What a hub manager may change about their organisation. Its kind, slug, catalyst
# status and demo flag are for site editors, in the CMS.
ORGANISATION_MANAGER_FIELDS = ("name", "description", "legal_form", "website", "email", "phone")


@dataclass(frozen=True)
class Identifier:
    """A registration number as typed: the register (scheme) and the number."""

    scheme: str
    identifier: str


Scheme = OrganisationIdentifier.Scheme
_IDENTIFIER_FORMATS = {
    Scheme.COMPANIES_HOUSE: (
        re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$"),
        "A company number has 8 characters, like 01234567 or SC123456.",
    ),
    Scheme.CHARITY_ENGLAND_WALES: (
        re.compile(r"^\d{6,8}(?:-\d{1,3})?$"),
        "A charity number has 6 to 8 digits, like 1123456.",
    ),
    Scheme.CHARITY_SCOTLAND: (
        re.compile(r"^SC\d{6}$"),
        "A Scottish charity number is SC and 6 digits, like SC012345.",
    ),
    Scheme.CHARITY_NI: (
        re.compile(r"^(?:NIC)?\d{5,6}$"),
        "A Northern Ireland charity number is 5 or 6 digits, like NIC100123.",
    ),
    Scheme.FCA_MUTUALS: (
        re.compile(r"^(?:IP)?\d{1,6}[A-Z]?$"),
        "A society number is up to 6 digits, sometimes with a letter, like 30471R.",
    ),
    Scheme.OTHER: (re.compile(r"^.{1,40}$"), "Enter the number, in up to 40 characters."),
}


def organisation_identifier_normalise(*, scheme: str, identifier: str) -> str:
    """A registration number in the register's own format ('1234567' → '01234567' at Companies House).

    Raises ValidationError on the identifier when it is not shaped like that register's numbers.
    """
    if scheme not in Scheme.values:
        raise ValidationError({"scheme": "Choose a register from the list."})
    value = (identifier or "").strip()
    if scheme != Scheme.OTHER:
        value = re.sub(r"\s+", "", value).upper()
    if not value:
        raise ValidationError({"identifier": "Enter the number."})
    if scheme == Scheme.COMPANIES_HOUSE and value.isdigit() and len(value) < 8:
        value = value.zfill(8)
    pattern, message = _IDENTIFIER_FORMATS[scheme]
    if not pattern.match(value):
        raise ValidationError({"identifier": message})
    return value


def _identifiers_sync(organisation: Organisation, identifiers: Sequence[Identifier]) -> bool:
    """Make an organisation's registration numbers exactly these; return whether any changed."""
    wanted: dict[str, str] = {}
    problems = []
    for item in identifiers:
        label = Scheme(item.scheme).label if item.scheme in Scheme.values else item.scheme
        if item.scheme in wanted:
            problems.append(f"{label}: give one number for each register.")
            continue
        try:
            wanted[item.scheme] = organisation_identifier_normalise(
                scheme=item.scheme, identifier=item.identifier
            )
        except ValidationError as error:
            problems.extend(f"{label}: {m}" for m in error.messages)
    if problems:
        raise ValidationError({"identifiers": problems})
    existing = {i.scheme: i for i in organisation.identifiers.all()}
    changed = False
    for scheme, value in wanted.items():
        current = existing.pop(scheme, None)
        if current is not None and current.identifier == value:
            continue
        current = current or OrganisationIdentifier(organisation=organisation, scheme=scheme)
        current.identifier = value
        current.full_clean()
        current.save()
        changed = True
    for stale in existing.values():
        stale.delete()
        changed = True
    return changed


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    actor,
    fields: Mapping[str, Any],
    places: Iterable[Place],
    identifiers: Sequence[Identifier],
) -> Organisation:
    """Change what a manager may change about their organisation: details, places, registration numbers."""
    _only(fields, ORGANISATION_MANAGER_FIELDS, "A manager")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
    for name in changed:
        setattr(organisation, name, fields[name])
    organisation.full_clean()
    places = set(places)
    also = []
    if places != set(organisation.places.all()):
        organisation.places.set(places)
        also.append("places served")
    if _identifiers_sync(organisation, identifiers):
        also.append("registration numbers")
    if changed or also:
        _record_history(organisation, actor=actor, reason=_also_changed(also))
        organisation.save()
    return organisation


# Services -----------------------------------------------------------------------------

SERVICE_FIELDS = (
    "name",
    "description",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "is_free",
    "fees_description",
    "delivery_mode",
    "capacity",
    "in_kind_offer",
    "accessibility",
    "url",
    "email",
    "phone",
    "status",
)


@dataclass(frozen=True)
class OpeningTime:
    """A weekly opening time: a day, from and to, and optionally the location it applies to."""

    byday: str
    opens_at: time
    closes_at: time
    location: Location | None = None
    description: str = ""
    id: UUID | None = None


def _unique_slug(objects: QuerySet, name: str, fallback: str) -> str:
    """The name as a slug of up to 180 characters, with -2, -3... added if one of these objects has it."""
    base = slugify(name)[:180] or fallback
    taken = set(objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unique_service_slug(organisation: Organisation, name: str) -> str:
    return _unique_slug(Service.objects.filter(organisation=organisation), name, "service")


def _all_in_taxonomy(terms: list[TaxonomyTerm], taxonomy_slug: str) -> bool:
    ids = {term.pk for term in terms}
    return not ids or (
        TaxonomyTerm.objects.filter(pk__in=ids, taxonomy__slug=taxonomy_slug).count() == len(ids)
    )


def _check_service(
    service: Service,
    *,
    support_types: list[TaxonomyTerm],
    business_types: list[TaxonomyTerm],
    activities: list[TaxonomyTerm],
    locations: list[Location],
    opening_times: Sequence[OpeningTime],
) -> None:
    errors: dict[str, list[str]] = {}
    if not service.is_free and not service.fees_description.strip():
        errors["fees_description"] = ["Say what it costs, or choose that it is free."]
    if not support_types:
        errors["support_types"] = ["Choose at least one type of support, so people can find it."]
    if not _all_in_taxonomy(support_types, SUPPORT_TYPES):
        errors.setdefault("support_types", []).append("Choose types of support from the list.")
    if not _all_in_taxonomy(business_types, BUSINESS_TYPES):
        errors["business_types"] = ["Choose kinds of business from the list."]
    if any(not term.taxonomy.slug.endswith(ACTIVITIES_TAXONOMY_SUFFIX) for term in activities):
        errors["activities"] = ["Choose activities from the list."]
    if any(loc.organisation_id != service.organisation_id for loc in locations):
        errors["locations"] = ["Choose from your organisation's own locations."]
    for opening in opening_times:
        if opening.location and opening.location.organisation_id != service.organisation_id:
            errors["opening_times"] = ["Choose from your organisation's own locations."]
        if opening.closes_at <= opening.opens_at:
            errors["opening_times"] = ["Each closing time must be after its opening time."]
    if errors:
        raise ValidationError(errors)


def _locations_sync(service: Service, locations: set[Location]) -> tuple[dict, list, bool]:
    """Link the service to these locations; return its links, the stale ones (to delete last), and whether any changed."""
    links = {link.location_id: link for link in service.service_at_locations.all()}
    wanted = {location.pk for location in locations}
    added = [
        ServiceAtLocation.objects.create(service=service, location=location)
        for location in locations
        if location.pk not in links
    ]
    links.update({link.location_id: link for link in added})
    stale = [link for location_pk, link in links.items() if location_pk not in wanted]
    return links, stale, bool(added or stale)


def _opening_times_sync(
    service: Service, links: dict, opening_times: Sequence[OpeningTime]
) -> bool:
    existing = {s.pk: s for s in service.schedules.all()}
    changed = False
    for opening in opening_times:
        schedule = existing.pop(opening.id, None) if opening.id else None
        values = {
            "byday": opening.byday,
            "opens_at": opening.opens_at,
            "closes_at": opening.closes_at,
            "description": opening.description,
            "service_at_location_id": links[opening.location.pk].pk if opening.location else None,
        }
        if schedule is not None and all(getattr(schedule, k) == v for k, v in values.items()):
            continue
        schedule = schedule or Schedule(service=service)
        for name, value in values.items():
            setattr(schedule, name, value)
        schedule.full_clean()
        schedule.save()
        changed = True
    for stale in existing.values():
        stale.delete()
        changed = True
    return changed


def _service_save(
    service: Service,
    *,
    actor,
    creating: bool,
    support_types: Iterable[TaxonomyTerm],
    business_types: Iterable[TaxonomyTerm],
    activities: Iterable[TaxonomyTerm],
    languages: Iterable[Language],
    locations: Iterable[Location],
    opening_times: Sequence[OpeningTime],
) -> Service:
    support_types, business_types = list(support_types), list(business_types)
    activities = list(activities)
    languages, locations = list(languages), list(locations)
    _check_service(
        service,
        support_types=support_types,
        business_types=business_types,
        activities=activities,
        locations=locations,
        opening_times=opening_times,
    )
    service.full_clean()
    # A location with opening times is a location where the service is offered.
    all_locations = set(locations) | {o.location for o in opening_times if o.location}
    also = []
    if creating:
        _record_history(service, actor=actor)
        service.save()
    for name, values in [
        ("support_types", support_types),
        ("business_types", business_types),
        ("activities", activities),
        ("languages", languages),
    ]:
        related = getattr(service, name)
        if creating or set(values) != set(related.all()):
            related.set(values)
            also.append(Service._meta.get_field(name).verbose_name)
    links, stale_links, locations_changed = _locations_sync(service, all_locations)
    if _opening_times_sync(service, links, opening_times):
        also.append("opening times")
    for link in stale_links:
        link.delete()
    if locations_changed:
        also.append("locations")
    if not creating:
        _record_history(service, actor=actor, reason=_also_changed(also))
        service.save()
    return service


@transaction.atomic
def service_create(
    *,
    organisation: Organisation,
    actor,
    fields: Mapping[str, Any],
    support_types: Iterable[TaxonomyTerm] = (),
    business_types: Iterable[TaxonomyTerm] = (),
    activities: Iterable[TaxonomyTerm] = (),
    languages: Iterable[Language] = (),
    locations: Iterable[Location] = (),
    opening_times: Sequence[OpeningTime] = (),
) -> Service:
    """Add a service to an organisation, with its classification, locations and opening times."""
    _only(fields, SERVICE_FIELDS, "A service form")
    service = Service(organisation=organisation, **fields)
    service.slug = _unique_service_slug(organisation, service.name)
    return _service_save(
        service,
        actor=actor,
        creating=True,
        support_types=support_types,
        business_types=business_types,
        activities=activities,
        languages=languages,
        locations=locations,
        opening_times=opening_times,
    )


@transaction.atomic
def service_update(
    *,
    service: Service,
    actor,
    fields: Mapping[str, Any],
    support_types: Iterable[TaxonomyTerm],
    business_types: Iterable[TaxonomyTerm],
    languages: Iterable[Language],
    locations: Iterable[Location],
    opening_times: Sequence[OpeningTime],
    activities: Iterable[TaxonomyTerm] = (),
) -> Service:
    """Change a service: its details, classification, locations and opening times, all or nothing."""
    _only(fields, SERVICE_FIELDS, "A service form")
    service = Service.objects.select_for_update().select_related("organisation").get(pk=service.pk)
    for name, value in fields.items():
        setattr(service, name, value)
    return _service_save(
        service,
        actor=actor,
        creating=False,
        support_types=support_types,
        business_types=business_types,
        activities=activities,
        languages=languages,
        locations=locations,
        opening_times=opening_times,
    )


@transaction.atomic
def service_retire(*, service: Service, actor) -> Service:
    """Take a service out of the directory, keeping its record and history (it can be reinstated)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    if service.status != Service.Status.DEFUNCT:
        service.status = Service.Status.DEFUNCT
        _record_history(service, actor=actor, reason="Retired")
        service.save(update_fields=["status", "updated_at"])
    return service


# Locations ----------------------------------------------------------------------------

LOCATION_FIELDS = (
    "name",
    "description",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "accessibility",
)


def _location_save(location: Location, fields: Mapping[str, Any]) -> Location:
    _only(fields, LOCATION_FIELDS, "A location form")
    for name, value in fields.items():
        setattr(location, name, value)
    location_place_from_postcode(location=location)
    location.full_clean()
    location.save()
    return location


@transaction.atomic
def location_create(*, organisation: Organisation, actor, fields: Mapping[str, Any]) -> Location:
    """Add a location with a UK postcode; its place and position come from the postcode."""
    return _location_save(Location(organisation=organisation), fields)


@transaction.atomic
def location_update(*, location: Location, actor, fields: Mapping[str, Any]) -> Location:
    """Change a location; a new postcode moves its place and position with it."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    return _location_save(location, fields)


@transaction.atomic
def location_delete(*, location: Location, actor) -> None:
    """Remove a location, and with it the opening times of services there."""
    services = list(Service.objects.filter(service_at_locations__location=location))
    location.delete()
    for service in services:
        _record_history(service, actor=actor, reason=f"Location removed: {location.name}")
        service.save(update_fields=["updated_at"])


# Imports ------------------------------------------------------------------------------
# A file changes what it names and leaves the rest alone: a column it leaves out keeps that
# detail, and places, registration numbers, locations and the opening times at locations it
# does not name are only ever added or changed, never removed. Each change has a history
# record saying it came from a file.

IMPORTED = "Imported from a file"

# What an import may set on an organisation: what its manager may change, and what site
# editors may (an import for the whole directory is for administrators only).
ORGANISATION_IMPORT_FIELDS = (*ORGANISATION_MANAGER_FIELDS, "kind", "is_catalyst_hub", "is_demo")


def _imported(parts: list[str]) -> str:
    return f"{IMPORTED}. {_also_changed(parts)}" if parts else IMPORTED


def _identifiers_add(organisation: Organisation, identifiers: Sequence[Identifier]) -> bool:
    """Add or change these registration numbers, keeping any others; return whether any changed."""
    existing = {i.scheme: i for i in organisation.identifiers.all()}
    changed = False
    for item in identifiers:
        current = existing.get(item.scheme)
        if current is not None and current.identifier == item.identifier:
            continue
        current = current or OrganisationIdentifier(organisation=organisation, scheme=item.scheme)
        current.identifier = item.identifier
        current.full_clean()
        current.save()
        existing[item.scheme] = current
        changed = True
    return changed


@transaction.atomic
def organisation_import(
    *,
    organisation: Organisation | None,
    actor,
    fields: Mapping[str, Any],
    slug: str = "",
    places: Iterable[Place] = (),
    identifiers: Sequence[Identifier] = (),
) -> Organisation:
    """Add an organisation from an import (None), or change one; places and registration numbers are only added."""
    _only(fields, ORGANISATION_IMPORT_FIELDS, "An import")
    creating = organisation is None
    if creating:
        organisation = Organisation(**fields)
        organisation.slug = slug or _unique_slug(
            Organisation.objects.all(), organisation.name, "organisation"
        )
        changed = []
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
        for name in changed:
            setattr(organisation, name, fields[name])
    if creating or changed:
        organisation.full_clean()
    if creating:
        _record_history(organisation, actor=actor, reason=IMPORTED)
        organisation.save()
    also = []
    new_places = set(places) - set(organisation.places.all())
    if new_places:
        organisation.places.add(*new_places)
        also.append("places served")
    if _identifiers_add(organisation, identifiers):
        also.append("registration numbers")
    if not creating and (changed or also):
        _record_history(organisation, actor=actor, reason=_imported(also))
        organisation.save()
    return organisation


@transaction.atomic
def location_import(
    *, organisation: Organisation, actor, fields: Mapping[str, Any]
) -> tuple[Location, bool]:
    """Add or change a location from an import, found by postcode and name or first line; say if it is new."""
    at_postcode = organisation.locations.filter(postcode=fields["postcode"])
    location = (
        at_postcode.filter(name__iexact=fields["name"]).first()
        or at_postcode.filter(address_1__iexact=fields.get("address_1", "")).first()
    )
    created = location is None
    return _location_save(location or Location(organisation=organisation), fields), created


@dataclass(frozen=True)
class OfferedAt:
    """Where an imported service is offered (None: at no fixed place), and its weekly times there if given."""

    location: Location | None
    opening_times: Sequence[tuple[str, time, time]] | None = None  # (day, opens, closes)


def _schedules_replace(
    service: Service,
    at_location: ServiceAtLocation | None,
    opening_times: Sequence[tuple[str, time, time]],
) -> bool:
    """Make a service's weekly times at one location (or its own) exactly these; return whether any changed."""
    existing = Schedule.objects.filter(service=service, service_at_location=at_location)
    current = sorted((s.byday, s.opens_at, s.closes_at, s.description) for s in existing)
    if current == sorted((day, opens, closes, "") for day, opens, closes in opening_times):
        return False
    existing.delete()
    schedules = [
        Schedule(
            service=service,
            service_at_location=at_location,
            byday=day,
            opens_at=opens,
            closes_at=closes,
        )
        for day, opens, closes in opening_times
    ]
    for schedule in schedules:
        # The service and its link were saved a moment ago; checking them again for each
        # time would cost a query apiece.
        schedule.full_clean(exclude=["service", "service_at_location"], validate_constraints=False)
    Schedule.objects.bulk_create(schedules)
    bump_on_commit()  # bulk_create sends no signal
    return True


@transaction.atomic
def service_import(
    *,
    organisation: Organisation,
    service: Service | None,
    actor,
    fields: Mapping[str, Any],
    slug: str = "",
    support_types: Iterable[TaxonomyTerm] | None = None,
    business_types: Iterable[TaxonomyTerm] | None = None,
    languages: Iterable[Language] | None = None,
    offered_at: Sequence[OfferedAt] = (),
) -> Service:
    """Add a service from an import (None), or change one: a list given as None stays, locations are only added."""
    _only(fields, SERVICE_FIELDS, "An import")
    creating = service is None
    if creating:
        service = Service(organisation=organisation, **fields)
        service.slug = slug or _unique_service_slug(organisation, service.name)
        changed = True
    else:
        service = Service.objects.select_for_update().get(pk=service.pk)
        changed = any(getattr(service, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(service, name, value)
    service.full_clean()
    if creating:
        _record_history(service, actor=actor, reason=IMPORTED)
        service.save()
    also = []
    for name, values in [
        ("support_types", support_types),
        ("business_types", business_types),
        ("languages", languages),
    ]:
        if values is None:
            continue
        values, related = set(values), getattr(service, name)
        if values != set(related.all()):
            related.set(values)
            also.append(Service._meta.get_field(name).verbose_name)
    locations_added = times_changed = False
    for offer in offered_at:
        at_location = None
        if offer.location is not None:
            at_location, created = ServiceAtLocation.objects.get_or_create(
                service=service, location=offer.location
            )
            locations_added |= created
        if offer.opening_times is not None:
            times_changed |= _schedules_replace(service, at_location, offer.opening_times)
    if times_changed:
        also.append("opening times")
    if locations_added:
        also.append("locations")
    if not creating and (changed or also):
        _record_history(service, actor=actor, reason=_imported(also))
        service.save()
    return service
