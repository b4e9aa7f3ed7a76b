"""Reads that cross relations: who works where, and what each person may see.

The public directory's reads are in ecosystem.directory.selectors, and invitations' in
ecosystem.invitations.selectors.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from core.access import Access
from website.roles import SITE_EDITORS_GROUP

from .models import (
    CommissionerScope,
    Membership,
    Organisation,
    PeerSupportMembership,
    Place,
    TaxonomyTerm,
)

# The logic model publishes each national model's activities as the taxonomy "<slug>-activities".
ACTIVITIES_TAXONOMY_SUFFIX = "-activities"


# Who works where ------------------------------------------------------------------------
# Every app asks these questions here: memberships (staff and managers of organisations),
# commissioners' places, peer membership and the site editors' group.


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
    """Staff, managers, commissioners, administrators, site editors and anyone else who can
    open the CMS must use two-factor authentication.

    Every signed-in page asks (ecosystem.middleware), so this is one query beyond the roles
    the page reads anyway: whether they commission a place or may open the CMS (the
    wagtailadmin.access_admin permission, given to them or to one of their groups)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff or _roles(user):
        return True
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Exists, OuterRef

    cms = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(Exists(CommissionerScope.objects.filter(user=OuterRef("pk"))))
            | Q(Exists(cms), is_active=True)  # as has_perm: an inactive account has none
        )
        .exists()
    )


def organisation_access(user, organisation: Organisation) -> Access:
    """Members read their organisation's staff pages; managers and administrators change them."""
    if not user.is_authenticated:
        return Access.NONE
    if user.is_superuser:
        return Access.WRITE
    role = _roles(user).get(organisation.pk)
    if role == Membership.Role.MANAGER:
        return Access.WRITE
    if role == Membership.Role.STAFF:
        return Access.READ
    return Access.NONE


_ROLES = "_organisation_roles"


def _roles(user) -> dict:
    """The person's role at each organisation they work for, by organisation id.

    Read once per user object: a request has one (request.user), and its pages ask several
    times (the access helper, the list, its filters, the menu). Saving or deleting a membership
    forgets what the user object it was made with had read (forget_roles); any other copy of
    that user sees the change from the next request."""
    roles = user.__dict__.get(_ROLES)
    if roles is None:
        roles = dict(
            Membership.objects.filter(user=user).order_by().values_list("organisation_id", "role")
        )
        user.__dict__[_ROLES] = roles
    return roles


def forget_roles(sender, instance, **kwargs) -> None:
    """post_save/post_delete of a Membership: its user object reads its roles afresh."""
    user = instance._state.fields_cache.get("user")
    if user is not None:
        user.__dict__.pop(_ROLES, None)


def member_organisation_ids(user) -> list:
    """Ids of the organisations a person works for, as staff or manager."""
    if not user.is_authenticated:
        return []
    return list(_roles(user))


def member_organisations(user) -> list[Organisation]:
    """The organisations a person works for, by name."""
    return list(Organisation.objects.filter(pk__in=member_organisation_ids(user)).order_by("name"))


def works_for(user, organisation: Organisation) -> bool:
    """Whether a person is on an organisation's staff (as staff or manager)."""
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def may_manage(user, organisation: Organisation) -> bool:
    """Whether a person may change an organisation's pages: its managers and administrators."""
    return organisation_access(user, organisation) >= Access.WRITE


def organisation_workers(*organisations: Organisation):
    """The people who work for some organisations (for "lead worker" and "led by" choices)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organisation__in=organisations)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def places_worked_or_commissioned(user) -> list[Place]:
    """The places whose figures a person may see: where they work for an organisation or
    commission; every place for administrators. (Referral figures and insights both ask.)"""
    if not user.is_authenticated:
        return []
    places = Place.objects.order_by("name")
    if user.is_superuser:
        return list(places)
    return list(
        places.filter(
            Q(organisations__memberships__user=user) | Q(commissioner_scopes__user=user)
        ).distinct()
    )


def organisation_team(organisation: Organisation) -> QuerySet[Membership]:
    """The people who work for an organisation, managers first."""
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


# Controlled lists ---------------------------------------------------------------------
# The directory's filters, the manage forms and other apps' forms choose from these.


def terms_of(taxonomy_slug: str) -> QuerySet[TaxonomyTerm]:
    """One controlled list's terms, in their order."""
    return TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy_slug).order_by("position", "name")


def activity_terms() -> QuerySet[TaxonomyTerm]:
    """The logic model activities services can say they deliver (published by the logicmodel app)."""
    return (
        TaxonomyTerm.objects.filter(taxonomy__slug__endswith=ACTIVITIES_TAXONOMY_SUFFIX)
        .select_related("taxonomy")
        .order_by("taxonomy__name", "position", "name")
    )


# Managing an organisation's directory entry ------------------------------------------


def organisation_for_manage(organisation: Organisation) -> dict:
    """An organisation's services, locations and identifiers, for its manage pages."""
    return {
        "services": list(
            organisation.services.prefetch_related("locations").order_by("name", "pk")
        ),
        "locations": list(organisation.locations.select_related("place").order_by("name")),
        "identifiers": list(organisation.identifiers.all()),
        "places": list(organisation.places.order_by("name")),
    }


@dataclass(frozen=True)
class Change:
    """One entry of an edit history: when, who, and what changed."""

    when: datetime
    who: str
    kind: str
    fields: list[str]
    reason: str


def recent_changes(obj, *, limit: int = 10) -> list[Change]:
    """The latest changes to an object with django-simple-history records, newest first."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    opts = obj._meta
    changes = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        if record.history_type == "+":
            kind, fields = "Created", []
        elif record.history_type == "-":
            kind, fields = "Deleted", []
        else:
            kind = "Changed"
            fields = []
            if previous is not None:
                names = {c.field for c in record.diff_against(previous).changes}
                fields = [str(f.verbose_name) for f in opts.concrete_fields if f.name in names]
        user = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=(user.get_full_name() or user.email) if user else "the system",
                kind=kind,
                fields=fields,
                reason=record.history_change_reason or "",
            )
        )
    return changes
