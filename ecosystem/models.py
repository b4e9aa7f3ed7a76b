import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Region(models.TextChoices):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Place(models.Model):
    """A place whose business support ecosystem the platform describes, usually a town or borough."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    local_authority = models.CharField(max_length=120, blank=True)
    gss_code = models.CharField(
        "ONS GSS code",
        max_length=9,
        blank=True,
        help_text="The local authority's nine-character ONS code, for example E08000010.",
    )
    region = models.CharField(max_length=40, choices=Region.choices, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An organisation in a place's ecosystem: a hub, a specialist provider, a commissioner, a funder..."""

    class Kind(models.TextChoices):
        HUB = "hub", "Community anchor or hub"
        SPECIALIST = "specialist", "Specialist provider"
        COMMISSIONER = "commissioner", "Commissioner"
        FUNDER = "funder", "Funder"
        NETWORK = "network", "Network"
        BUSINESS_PARTNER = "business-partner", "Business partner (pro-bono time, space, equipment)"

    class LegalForm(models.TextChoices):
        SOLE_TRADER = "sole-trader", "Sole trader"
        PARTNERSHIP = "partnership", "Partnership"
        LLP = "llp", "Limited liability partnership (LLP)"
        LTD = "ltd", "Private company limited by shares (Ltd)"
        CLG = "clg", "Company limited by guarantee (CLG)"
        CIC = "cic", "Community interest company (CIC)"
        CHARITY = "charity", "Charity or charitable incorporated organisation (CIO)"
        COOP = "co-operative-society", "Co-operative society"
        CBS = "community-benefit-society", "Community benefit society"
        UNINCORPORATED = "unincorporated", "Unincorporated association"
        PUBLIC_BODY = "public-body", "Public body"
        OTHER = "other", "Other"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.HUB)
    legal_form = models.CharField(max_length=40, choices=LegalForm.choices, blank=True)
    description = models.TextField(blank=True)
    places = models.ManyToManyField(Place, related_name="organisations", blank=True)
    is_catalyst_hub = models.BooleanField(
        "catalyst hub",
        default=False,
        help_text="A community anchor that catalyses its place's business support ecosystem.",
    )
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Fictional demo data, shown with a label on the public site."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["places"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_team_url(self):
        return reverse("ecosystem:team", kwargs={"pk": self.pk})


class Membership(models.Model):
    """A person working for an organisation, as staff or as a manager."""

    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        MANAGER = "manager", "Manager"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_manager(self):
        return self.role == self.Role.MANAGER


class CommissionerScope(models.Model):
    """A place a commissioner or funder commissions: they see its aggregates, never raw personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commissioner_scopes"
    )
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="commissioner_scopes")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commissioner_scopes",
        help_text="The commissioning body they act for, if it is in the directory.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["place__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "place"], name="one_scope_per_place")
        ]

    def __str__(self):
        return f"{self.user} commissions {self.place}"


class PeerSupportMembership(models.Model):
    """A member of the peer-support network."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place = models.ForeignKey(Place, on_delete=models.SET_NULL, null=True, blank=True)
    interests = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-joined_at"]

    def __str__(self):
        return f"Peer member {self.user}"
