"""Invitations to join an organisation's team: sending, accepting and withdrawing them.

Each function is one transaction that validates before it keeps anything (see ecosystem.services).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Invitation, Membership, Organisation

from .selectors import invitation_token_digest, user_has_verified_email

INVITATION_VALID_FOR = timedelta(days=14)


@transaction.atomic
def invitation_send(
    *, organisation: Organisation, actor, email: str, role: str, base_url: str
) -> Invitation:
    """Email someone a link to join an organisation's team; it replaces any earlier one to them.

    base_url is the site's address (https://example.org) that the link starts with.
    """
    email = (email or "").strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose staff or manager."})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} already works for {organisation.name}."})
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token=invitation_token_digest(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean()
    invitation.save()
    link = base_url.rstrip("/") + reverse("ecosystem:invitation_accept", kwargs={"token": token})
    context = {"invitation": invitation, "link": link, "inviter": actor}
    send_mail(
        render_to_string("ecosystem/invitations/email/invitation_subject.txt", context).strip(),
        render_to_string("ecosystem/invitations/email/invitation_message.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the team an invitation is for; the person must own the address it was sent to."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has already been used.", code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError("This invitation has expired.", code="expired")
    if not user_has_verified_email(user, invitation.email):
        raise ValidationError(
            "This invitation was sent to a different email address.", code="wrong_person"
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    # Accepting never takes a role away: a manager invited as staff stays a manager.
    if not created and invitation.role == Membership.Role.MANAGER and not membership.is_manager:
        membership.role = Membership.Role.MANAGER
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor) -> None:
    """Cancel an invitation that has not been accepted: its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation has been accepted already.")
    invitation.delete()
