"""Access for the person supported to their own records (see core.access for the rule)."""

from core.access import Access, require_access
from journeys.models import Client


def get_own_client(user, pk, *, write: bool = False) -> Client:
    """One of the signed-in person's own records at a hub (404 for anyone else's)."""
    client = (
        Client.objects.filter(pk=pk, user=user).select_related("organisation").first()
        if user.is_authenticated
        else None
    )
    return require_access(client, Access.WRITE if client else Access.NONE, write=write)
