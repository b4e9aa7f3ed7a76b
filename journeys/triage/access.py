"""Access to requests for support (see core.access for the rule).

A request is for the hubs it reached; one from a place no hub serves is for the site's
administrators, who triage it.
"""

from core.access import Access, require_access
from journeys.models import SupportRequest

from .selectors import requests_visible_to


def get_request_for_user(user, pk, *, write: bool = False) -> SupportRequest:
    """A request that reached this person's hub, or the site's queue for an administrator."""
    request = (
        requests_visible_to(user)
        .filter(pk=pk)
        .select_related("place", "organisation", "business_type", "user")
        .first()
    )
    return require_access(request, Access.WRITE if request else Access.NONE, write=write)
