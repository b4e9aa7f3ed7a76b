from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.fields import uuid_primary_key


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

    id = uuid_primary_key()
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

    id = uuid_primary_key()
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

    def get_absolute_url(self):
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    def get_team_url(self):
        return reverse("ecosystem:team", kwargs={"pk": self.pk})


class OrganisationIdentifier(models.Model):
    """A registration number: Companies House, the Charity Commission, the FCA mutuals register..."""

    class Scheme(models.TextChoices):
        COMPANIES_HOUSE = "companies-house", "Companies House company number"
        CHARITY_ENGLAND_WALES = "charity-commission", "Charity Commission (England and Wales)"
        CHARITY_SCOTLAND = "oscr", "Scottish Charity Regulator (OSCR)"
        CHARITY_NI = "ccni", "Charity Commission for Northern Ireland"
        FCA_MUTUALS = "fca-mutuals", "FCA Mutuals Public Register (society number)"
        OTHER = "other", "Other"

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers"
    )
    scheme = models.CharField(max_length=30, choices=Scheme.choices)
    identifier = models.CharField(max_length=40)

    class Meta:
        ordering = ["scheme"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "scheme"], name="one_identifier_per_scheme"
            )
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.identifier}"


class Taxonomy(models.Model):
    """A controlled list, such as support types or business types, published as an ORUK taxonomy."""

    id = uuid_primary_key()
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    id = uuid_primary_key()
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code"),
        ]

    def __str__(self):
        return self.name


SUPPORT_TYPES = "support-types"
BUSINESS_TYPES = "business-types"


class Language(models.Model):
    """A language a service is offered in (ISO 639 code)."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(models.Model):
    """A physical place where an organisation offers services, with a UK postcode."""

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address_1 = models.CharField("address line 1", max_length=200)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8)
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
        help_text="Found from the postcode.",
    )
    local_authority_code = models.CharField(max_length=9, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, hearing loops, accessible toilets, parking..."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.name}, {self.postcode}"


class Service(models.Model):
    """Something an organisation offers: coaching, a peer group, finance, premises, pro-bono time..."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    class Capacity(models.TextChoices):
        OPEN = "open", "Open: taking new people"
        LIMITED = "limited", "Limited places"
        WAITING_LIST = "waiting-list", "Waiting list"
        CLOSED = "closed", "Closed to new people"

    class DeliveryMode(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        TELEPHONE = "telephone", "By telephone"
        MIXED = "mixed", "In person and online"

    class InKindOffer(models.TextChoices):
        NONE = "", "Not an in-kind offer"
        TIME = "time", "Pro-bono time or expertise"
        SPACE = "space", "Space"
        EQUIPMENT = "equipment", "Equipment"
        MATERIALS = "materials", "Materials"

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField()
    url = models.URLField("web page", blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    support_types = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services_by_support_type",
        limit_choices_to={"taxonomy__slug": SUPPORT_TYPES},
    )
    business_types = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services_by_business_type",
        limit_choices_to={"taxonomy__slug": BUSINESS_TYPES},
        help_text="Leave empty if it serves every kind of business.",
    )
    activities = models.ManyToManyField(
        TaxonomyTerm,
        blank=True,
        related_name="services_by_activity",
        limit_choices_to={"taxonomy__slug__endswith": "-activities"},
        help_text="Which of the logic model's activities this service delivers.",
    )
    eligibility = models.TextField(blank=True, help_text="Who it is for, in plain words.")
    minimum_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The youngest age it is for, in years. Leave blank if none.",
    )
    maximum_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The oldest age it is for, in years. Leave blank if none."
    )
    is_free = models.BooleanField(default=True)
    fees_description = models.TextField(blank=True, help_text="What it costs, if anything.")
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="services")
    accessibility = models.TextField(blank=True)
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.OPEN)
    in_kind_offer = models.CharField(
        max_length=20, choices=InKindOffer.choices, blank=True, default=""
    )
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", blank=True, related_name="services"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords(
        excluded_fields=["support_types", "business_types", "activities", "languages", "locations"]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_service_slug"),
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="minimum_age_not_above_maximum_age",
                violation_error_message="The youngest age cannot be above the oldest age.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "directory:service",
            kwargs={"organisation_slug": self.organisation.slug, "slug": self.slug},
        )


class ServiceAtLocation(models.Model):
    id = uuid_primary_key()
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__name", "location__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="one_service_per_location"
            ),
        ]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Schedule(models.Model):
    """When a service is open, weekly (ORUK schedules with byday, opens_at, closes_at)."""

    class Day(models.TextChoices):
        MO = "MO", "Monday"
        TU = "TU", "Tuesday"
        WE = "WE", "Wednesday"
        TH = "TH", "Thursday"
        FR = "FR", "Friday"
        SA = "SA", "Saturday"
        SU = "SU", "Sunday"

    id = uuid_primary_key()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    byday = models.CharField("day", max_length=2, choices=Day.choices)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["service", "byday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="closes_after_it_opens"
            ),
        ]

    def __str__(self):
        return f"{self.get_byday_display()} {self.opens_at:%H:%M} to {self.closes_at:%H:%M}"


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


class Invitation(models.Model):
    """An emailed invitation to join an organisation's team; accepted after signing in."""

    id = uuid_primary_key()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"


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
    about = models.TextField(
        "about you", blank=True, help_text="A few words other members see beside your name."
    )
    show_in_members_list = models.BooleanField(
        "show me in the members' list",
        default=False,
        help_text="Other members and the hubs' staff see your name, place, organisation and "
        "interests.",
    )
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-joined_at"]

    def __str__(self):
        return f"Peer member {self.user}"
