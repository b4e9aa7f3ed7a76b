"""Writes to the directory and its memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Change a person's role in an organisation, keeping at least one manager."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Choose staff or manager."})
    if membership.role == Membership.Role.MANAGER and role != Membership.Role.MANAGER:
        other_managers = Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.MANAGER
        ).exclude(pk=membership.pk)
        if not other_managers.exists():
            raise ValidationError(
                {
                    "role": "An organisation needs at least one manager. Make someone else a manager first."
                }
            )
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership
