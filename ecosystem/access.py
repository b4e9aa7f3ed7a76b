"""Access helpers for the directory's protected objects (see core.access for the rule)."""

from core.access import require_access

from .models import Membership, Organisation
from .selectors import organisation_access


def get_organisation_for_user(user, pk, *, write: bool = False) -> Organisation:
    """The organisation, if this person works for it (404 otherwise; 403 to write without managing)."""
    organisation = Organisation.objects.filter(pk=pk).first()
    granted = organisation_access(user, organisation) if organisation else 0
    return require_access(organisation, granted, write=write)


def get_membership_for_user(user, organisation_pk, membership_pk, *, write: bool = False):
    """A membership of an organisation this person may see (write: one they manage)."""
    organisation = get_organisation_for_user(user, organisation_pk, write=write)
    membership = (
        Membership.objects.filter(organisation=organisation, pk=membership_pk)
        .select_related("user", "organisation")
        .first()
    )
    return require_access(membership, organisation_access(user, organisation), write=write)
