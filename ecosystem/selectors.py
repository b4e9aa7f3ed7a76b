"""Reads that cross relations: who works where, and what each person may see."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from core.access import Access

from .models import CommissionerScope, Membership, Organisation, PeerSupportMembership, Place

SITE_EDITORS_GROUP = "Site editors"


@dataclass(frozen=True)
class Roles:
    """Everything a signed-in person does on the platform, read in a fixed number of queries."""

    memberships: list[Membership] = field(default_factory=list)
    commissioned_places: list[Place] = field(default_factory=list)
    peer_membership: PeerSupportMembership | None = None
    is_site_editor: bool = False
    is_admin: bool = False

    @property
    def managed_organisations(self) -> list[Organisation]:
        return [m.organisation for m in self.memberships if m.is_manager]

    @property
    def is_commissioner(self) -> bool:
        return bool(self.commissioned_places)

    @property
    def works_for_an_organisation(self) -> bool:
        return bool(self.memberships)


def user_roles(user) -> Roles:
    """The roles of one person; an anonymous visitor has none."""
    if not user.is_authenticated:
        return Roles()
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    places = [s.place for s in CommissionerScope.objects.filter(user=user).select_related("place")]
    peer = PeerSupportMembership.objects.filter(user=user, is_active=True).first()
    is_editor = user.groups.filter(name=SITE_EDITORS_GROUP).exists()
    return Roles(
        memberships=memberships,
        commissioned_places=places,
        peer_membership=peer,
        is_site_editor=is_editor,
        is_admin=user.is_superuser,
    )


def user_requires_mfa(user) -> bool:
    """Staff, managers, commissioners and administrators must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user).exists()
        or CommissionerScope.objects.filter(user=user).exists()
    )


def organisation_access(user, organisation: Organisation) -> Access:
    """Members read their organisation's staff pages; managers and administrators change them."""
    if not user.is_authenticated:
        return Access.NONE
    if user.is_superuser:
        return Access.WRITE
    role = (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )
    if role == Membership.Role.MANAGER:
        return Access.WRITE
    if role == Membership.Role.STAFF:
        return Access.READ
    return Access.NONE


def organisations_worked_for(user) -> QuerySet[Organisation]:
    """The organisations whose staff pages a person may open."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisation_team(organisation: Organisation) -> QuerySet[Membership]:
    """The people who work for an organisation, managers first."""
    return organisation.memberships.select_related("user").order_by("-role", "user__email")
