"""Reads about invitations to join an organisation's team."""

import hashlib
from datetime import datetime

from django.db.models import QuerySet

from ecosystem.models import Invitation, Organisation


def organisation_pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations to an organisation not yet accepted, newest first (expired ones included)."""
    return organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def invitation_token_digest(token: str) -> str:
    """What we store for an invitation's token: its SHA-256, so a leaked database opens no door."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link's token names, if any."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.filter(token=invitation_token_digest(token))
        .select_related("organisation", "invited_by")
        .first()
    )


def user_has_verified_email(user, email: str) -> bool:
    """Whether a signed-in person has proved they own an email address."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated or not email:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_state(invitation: Invitation, *, now: datetime | None = None) -> str:
    """Where an invitation stands: "pending", "expired" or "used"."""
    from django.utils import timezone

    if invitation.accepted_at is not None:
        return "used"
    if invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return "pending"
