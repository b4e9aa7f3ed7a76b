"""Reads that cross relations: who works where, and what each person may see."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from core.access import Access
from website.roles import SITE_EDITORS_GROUP

from .models import (
    SUPPORT_TYPES,
    CommissionerScope,
    Invitation,
    Location,
    Membership,
    Organisation,
    PeerSupportMembership,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
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
    open the CMS must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.is_staff
        or Membership.objects.filter(user=user).exists()
        or CommissionerScope.objects.filter(user=user).exists()
        or user.has_perm("wagtailadmin.access_admin")
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


def member_organisation_ids(user) -> list:
    """Ids of the organisations a person works for, as staff or manager."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


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


def organisation_team(organisation: Organisation) -> QuerySet[Membership]:
    """The people who work for an organisation, managers first."""
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


# The public directory ---------------------------------------------------------------

# What the public directory lists. Inactive and defunct (retired) services stay in the
# database, for history and the ORUK feed, but are not offered to visitors.
LISTED_STATUSES = (Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED)


def services_listed() -> QuerySet[Service]:
    """Services a visitor can find, each with what a result shows, in a fixed number of queries."""
    return (
        Service.objects.filter(status__in=LISTED_STATUSES)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("support_types", queryset=TaxonomyTerm.objects.order_by("position")),
            "languages",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("place").order_by("city", "name"),
            ),
        )
        .order_by("name", "organisation__name", "pk")
    )


def services_in_place(services: QuerySet[Service], place: Place) -> QuerySet[Service]:
    """Services of organisations that serve the place, or offered at a location in it."""
    serves = Organisation.places.through.objects.filter(
        organisation_id=OuterRef("organisation_id"), place=place
    )
    located = ServiceAtLocation.objects.filter(service_id=OuterRef("pk"), location__place=place)
    return services.filter(Exists(serves) | Exists(located))


def services_with_terms(
    services: QuerySet[Service], field: str, codes: list[str], *, or_unclassified: bool = False
) -> QuerySet[Service]:
    """Services classified by any of the codes in one M2M of terms ("support_types"...).

    With or_unclassified, services with no terms at all there count too: a service
    that names no business types serves every kind of business.
    """
    through = getattr(Service, field).through
    links = through.objects.filter(service_id=OuterRef("pk"))
    condition = Exists(links.filter(taxonomyterm__code__in=codes))
    if or_unclassified:
        condition |= ~Exists(links)
    return services.filter(condition)


def services_in_language(services: QuerySet[Service], code: str) -> QuerySet[Service]:
    """Services offered in one language."""
    links = Service.languages.through.objects.filter(service_id=OuterRef("pk"), language_id=code)
    return services.filter(Exists(links))


def services_matching(services: QuerySet[Service], text: str) -> QuerySet[Service]:
    """Services whose name or description contains every word of the text."""
    for word in text.split():
        services = services.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return services


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


def organisations_listed() -> QuerySet[Organisation]:
    """Organisations in the directory, with their places and how many services they list."""
    listed = (
        Service.objects.filter(organisation_id=OuterRef("pk"), status__in=LISTED_STATUSES)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Organisation.objects.annotate(
            service_count=Coalesce(Subquery(listed, output_field=IntegerField()), 0)
        )
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name")))
        .order_by("name", "pk")
    )


def organisations_in_place(organisations: QuerySet[Organisation], place: Place):
    """Organisations that serve a place."""
    serves = Organisation.places.through.objects.filter(organisation_id=OuterRef("pk"), place=place)
    return organisations.filter(Exists(serves))


def organisations_matching(organisations: QuerySet[Organisation], text: str):
    """Organisations whose name or description contains every word of the text."""
    for word in text.split():
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(description__icontains=word)
        )
    return organisations


def places_listed() -> QuerySet[Place]:
    """Every place, with how many organisations serve it."""
    serving = (
        Organisation.places.through.objects.filter(place_id=OuterRef("pk"))
        .order_by()
        .values("place_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Place.objects.annotate(
        organisation_count=Coalesce(Subquery(serving, output_field=IntegerField()), 0)
    ).order_by("name")


def place_support_types(place: Place) -> list[TaxonomyTerm]:
    """The support types on offer in a place, each with its number of listed services."""
    services = services_in_place(Service.objects.filter(status__in=LISTED_STATUSES), place)
    links = (
        Service.support_types.through.objects.filter(
            taxonomyterm_id=OuterRef("pk"), service__in=services.values("pk")
        )
        .order_by()
        .values("taxonomyterm_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    terms = terms_of(SUPPORT_TYPES).annotate(
        service_count=Coalesce(Subquery(links, output_field=IntegerField()), 0)
    )
    return [term for term in terms if term.service_count]


def organisation_public(slug: str) -> Organisation | None:
    """One organisation's public page: its places, registration numbers and locations."""
    return (
        Organisation.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name")),
            "identifiers",
            Prefetch("locations", queryset=Location.objects.order_by("name")),
        )
        .first()
    )


def organisation_services_listed(organisation: Organisation) -> QuerySet[Service]:
    """The services an organisation lists publicly."""
    return services_listed().filter(organisation=organisation)


def service_public(organisation_slug: str, slug: str) -> Service | None:
    """One listed service with everything its public page shows."""
    return (
        Service.objects.filter(
            organisation__slug=organisation_slug, slug=slug, status__in=LISTED_STATUSES
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("support_types", queryset=TaxonomyTerm.objects.order_by("position")),
            Prefetch("business_types", queryset=TaxonomyTerm.objects.order_by("position")),
            "languages",
            Prefetch("organisation__places", queryset=Place.objects.order_by("name")),
        )
        .first()
    )


@dataclass(frozen=True)
class ServiceLocation:
    """A location where a service is offered, with its weekly opening times there."""

    location: Location
    opening_times: list[Schedule]


@dataclass(frozen=True)
class ServiceTimes:
    """Where and when a service is offered."""

    locations: list[ServiceLocation]
    general: list[Schedule]  # opening times not tied to one location


def service_times(service: Service) -> ServiceTimes:
    """A service's locations and opening times, days in week order."""
    day_order = {day: i for i, day in enumerate(Schedule.Day.values)}

    def in_week_order(schedules):
        return sorted(schedules, key=lambda s: (day_order[s.byday], s.opens_at))

    links = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location__place")
        .order_by("location__name", "pk")
    )
    schedules = list(Schedule.objects.filter(service=service))
    by_link: dict = {}
    for schedule in schedules:
        by_link.setdefault(schedule.service_at_location_id, []).append(schedule)
    return ServiceTimes(
        locations=[
            ServiceLocation(link.location, in_week_order(by_link.get(link.pk, [])))
            for link in links
        ],
        general=in_week_order(by_link.get(None, [])),
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


def organisation_pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations to an organisation not yet accepted, newest first (expired ones included)."""
    return organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


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


# Invitations ---------------------------------------------------------------------------


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
