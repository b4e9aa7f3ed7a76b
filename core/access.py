"""The rule every access helper follows.

A signed-in person who may not see an object gets exactly the answer for an
object that does not exist (404); one who may read but not change it gets 403
when they try to change it. Anonymous visitors never reach a view that needs
this: LoginRequiredMiddleware sends them to sign in first.
"""

from enum import IntEnum
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404

T = TypeVar("T")


class Access(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


def require_access(obj: T | None, granted: Access, *, write: bool = False) -> T:
    """Return obj when the granted access allows the request, else raise 404 or 403."""
    if obj is None or granted < Access.READ:
        raise Http404("Not found")
    if write and granted < Access.WRITE:
        raise PermissionDenied("You can see this but not change it.")
    return obj
