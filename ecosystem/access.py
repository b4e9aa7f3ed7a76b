"""Access helpers for the directory's protected objects (see core.access for the rule)."""

from core.access import Access, require_access

from .models import Location, Membership, Organisation, Service
from .selectors import organisation_access


def get_organisation_for_user(user, pk, *, write: bool = False) -> Organisation:
    """The organisation, if this person works for it (404 otherwise; 403 to write without managing)."""
    organisation = Organisation.objects.filter(pk=pk).first()
    granted = organisation_access(user, organisation) if organisation else Access.NONE
    return require_access(organisation, granted, write=write)


def of_organisation(model, user, organisation_pk, pk, *, write: bool, related=()):
    """A record belonging to an organisation, reached through that organisation's access."""
    organisation = get_organisation_for_user(user, organisation_pk, write=write)
    record = (
        model.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", *related)
        .first()
    )
    return require_access(record, Access.READ)  # the organisation's access was checked above


def get_membership_for_user(user, organisation_pk, membership_pk, *, write: bool = False):
    """A membership of an organisation this person may see (write: one they manage)."""
    return of_organisation(
        Membership, user, organisation_pk, membership_pk, write=write, related=["user"]
    )


def get_service_for_user(user, organisation_pk, service_pk, *, write: bool = False) -> Service:
    """A service of an organisation this person works for (write: one they manage)."""
    return of_organisation(Service, user, organisation_pk, service_pk, write=write)


def get_location_for_user(user, organisation_pk, location_pk, *, write: bool = False) -> Location:
    """A location of an organisation this person works for (write: one they manage)."""
    return of_organisation(
        Location, user, organisation_pk, location_pk, write=write, related=["place"]
    )
