"""Who may use a person's data rights (see core.access for the rule).

The managers of an organisation answer for what it holds: they make copies of a person's
data and erase it. Its staff reach the pages but may not act (403); anyone else gets 404.
Administrators act for the whole platform ("everywhere"), for requests that reach beyond
one organisation. A person always reaches their own copy.
"""

from dataclasses import dataclass

from core.access import Access, require_access
from ecosystem.models import Organisation
from journeys.access import get_workplace_for_user

from .models import DataExport


@dataclass(frozen=True)
class Scope:
    """Whose records a page works on: one organisation's, or everything (organisation None)."""

    organisation: Organisation | None

    @property
    def organisation_id(self):
        return self.organisation.pk if self.organisation is not None else None

    @property
    def everywhere(self) -> bool:
        return self.organisation is None

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation else "the whole platform"


def get_scope_for_user(user, org_pk=None) -> Scope:
    """An organisation's privacy pages for its managers (its staff get 403), or the whole
    platform's for administrators (org_pk None); 404 for anyone else."""
    if org_pk is None:
        return require_access(Scope(None), Access.WRITE if user.is_superuser else Access.NONE)
    return Scope(get_workplace_for_user(user, org_pk, manage=True))


def get_export_for_user(user, pk) -> DataExport:
    """A copy the person may download: their own, or one made for an organisation they manage
    (any for an administrator, of the whole platform's)."""
    export = DataExport.objects.filter(pk=pk).select_related("organisation").first()
    granted = Access.NONE
    if export is not None:
        if export.for_self:
            granted = Access.WRITE if export.requested_by_id == user.pk else Access.NONE
        elif export.organisation is None:
            granted = Access.WRITE if user.is_superuser else Access.NONE
        else:
            get_workplace_for_user(user, export.organisation_id, manage=True)
            granted = Access.WRITE
    return require_access(export, granted)
