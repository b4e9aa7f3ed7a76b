"""Access helpers for importing the directory (see core.access for the rule)."""

from core.access import Access, require_access

from .importing import DIRECTORY


def require_directory_import(user) -> None:
    """Only administrators import for the whole directory; anyone else gets 404, as for a missing page."""
    granted = Access.WRITE if user.is_authenticated and user.is_superuser else Access.NONE
    require_access(DIRECTORY, granted, write=True)
