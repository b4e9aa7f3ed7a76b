"""Access helpers for invitations (see core.access for the rule)."""

from core.access import Access, require_access
from ecosystem.access import of_organisation
from ecosystem.models import Invitation

from .selectors import invitation_by_token, user_has_verified_email


def get_invitation_for_user(
    user, organisation_pk, invitation_pk, *, write: bool = False
) -> Invitation:
    """An invitation sent by an organisation this person works for (write: one they manage)."""
    return of_organisation(Invitation, user, organisation_pk, invitation_pk, write=write)


def get_invitation_for_invitee(user, token: str, *, write: bool = False) -> Invitation:
    """The invitation a link names, only for the person it was sent to (404 for anyone else).

    "Sent to" means the signed-in person has that email address, verified.
    """
    invitation = invitation_by_token(token)
    granted = Access.NONE
    if invitation is not None and user_has_verified_email(user, invitation.email):
        granted = Access.WRITE
    return require_access(invitation, granted, write=write)
