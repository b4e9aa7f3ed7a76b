"""The demo cast, shared by `seed_demo` and the tests' persona fixtures."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ecosystem.models import CommissionerScope, Membership, PeerSupportMembership
from website.roles import SITE_EDITORS_GROUP

from . import directory


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    first_name: str
    last_name: str
    description: str


# One login per kind of person. The names are invented.
PERSONAS = [
    Persona(
        "entrepreneur",
        "entrepreneur@demo.test",
        "Amira",
        "Example",
        "Entrepreneur supported by hub A",
    ),
    Persona(
        "entrepreneur2",
        "entrepreneur2@demo.test",
        "Tom",
        "Sample",
        "Entrepreneur supported by hub B",
    ),
    Persona("peer", "peer@demo.test", "Priya", "Placeholder", "Peer-support network member"),
    Persona(
        "staff_a",
        "staff.a@demo.test",
        "Sam",
        "Demo",
        "Staff at hub A (Northway Community Hub, Wigan)",
    ),
    Persona(
        "manager_a",
        "manager.a@demo.test",
        "Morgan",
        "Demo",
        "Manager at hub A (Northway Community Hub, Wigan)",
    ),
    Persona(
        "staff_b",
        "staff.b@demo.test",
        "Bea",
        "Demo",
        "Staff at hub B (Canal Side Enterprise Centre, Bradford)",
    ),
    Persona("commissioner", "commissioner@demo.test", "Chris", "Demo", "Commissioner for Wigan"),
    Persona("editor", "editor@demo.test", "Eddie", "Demo", "Site editor (CMS)"),
    Persona("admin", "admin@demo.test", "Alex", "Admin", "Administrator (superuser)"),
]


def build_persona_cast(password: str) -> dict:
    """Create or refresh the places, the two hubs and one user per persona; return them by key."""
    User = get_user_model()
    places = directory.seed_places()
    organisations = directory.seed_organisations(places)
    hub_a = organisations[directory.HUB_A]
    hub_b = organisations[directory.HUB_B]

    users = {}
    for persona in PERSONAS:
        user, _ = User.objects.get_or_create(email=persona.email)
        user.first_name = persona.first_name
        user.last_name = persona.last_name
        user.is_superuser = user.is_staff = persona.key == "admin"
        user.set_password(password)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=persona.email, defaults={"verified": True, "primary": True}
        )
        users[persona.key] = user

    Membership.objects.update_or_create(
        user=users["staff_a"], organisation=hub_a, defaults={"role": Membership.Role.STAFF}
    )
    Membership.objects.update_or_create(
        user=users["manager_a"], organisation=hub_a, defaults={"role": Membership.Role.MANAGER}
    )
    Membership.objects.update_or_create(
        user=users["staff_b"], organisation=hub_b, defaults={"role": Membership.Role.STAFF}
    )
    CommissionerScope.objects.update_or_create(
        user=users["commissioner"],
        place=places["wigan"],
        defaults={"organisation": organisations["wigan-borough-commissioning-team"]},
    )
    PeerSupportMembership.objects.update_or_create(
        user=users["peer"],
        defaults={"place": places["wigan"], "interests": "Food co-operatives, community cafés"},
    )
    editors, _ = Group.objects.get_or_create(name=SITE_EDITORS_GROUP)
    users["editor"].groups.add(editors)
    return {"users": users, "places": places, "organisations": organisations}
