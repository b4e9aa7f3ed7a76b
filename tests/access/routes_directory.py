"""Access expectations for one area; tests/access/matrix.py gathers them (see its docstring).

The directory. Its public pages are open to everyone. An organisation's staff pages
(its directory entry, services, locations and invitations): its managers and
superusers change them, its staff read them (and get 403 on any post), every other
signed-in person is told they do not exist. An invitation's link opens only for the
person it was sent to; anyone else is told it does not exist.
"""

import datetime

from tests.access.matrix_base import (
    ADMIN,
    ANON,
    COMMISSIONER,
    E1,
    E2,
    EDITOR,
    LOGIN,
    MANAGER_A,
    PEER,
    STAFF_A,
    STAFF_B,
    Route,
    everyone,
)

MISSING = "00000000-0000-4000-8000-000000000000"
INVITATION_TOKEN = "matrix-invitation-token"

# Hub A's staff pages: read by its staff, changed by its manager and superusers.
HUB_A_READ = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 200,
    MANAGER_A: 200,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 200,
}
HUB_A_WRITE = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 403,
    MANAGER_A: 302,
    STAFF_B: 404,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 302,
}


def _service(cast):
    from ecosystem.models import Service
    from tests.ecosystem.factories import ServiceFactory

    # Arguments are built once per persona in some tests: make the objects once.
    existing = Service.objects.filter(organisation=cast.hub_a, slug="matrix-coaching").first()
    return existing or ServiceFactory(
        organisation=cast.hub_a,
        name="Matrix coaching",
        slug="matrix-coaching",
        support_types=["coaching"],
    )


def _location(cast):
    from ecosystem.models import Location
    from tests.ecosystem.factories import LocationFactory

    existing = Location.objects.filter(organisation=cast.hub_a, name="Matrix centre").first()
    return existing or LocationFactory(
        organisation=cast.hub_a, name="Matrix centre", place=cast.place_a
    )


def _hub_a(cast):
    return {"pk": cast.hub_a.pk}


def _missing_org(cast):
    return {"pk": MISSING}


def _hub_a_service(cast):
    return {"pk": cast.hub_a.pk, "service_pk": _service(cast).pk}


def _missing_service(cast):
    return {"pk": MISSING, "service_pk": MISSING}


def _hub_a_location(cast):
    return {"pk": cast.hub_a.pk, "location_pk": _location(cast).pk}


def _missing_location(cast):
    return {"pk": MISSING, "location_pk": MISSING}


def _invitation(cast, email="newcomer@example.test"):
    from django.utils import timezone

    from ecosystem.invitations.selectors import invitation_token_digest
    from ecosystem.models import Invitation

    invitation, _ = Invitation.objects.get_or_create(
        token=invitation_token_digest(INVITATION_TOKEN),
        defaults={
            "organisation": cast.hub_a,
            "email": email,
            "role": "staff",
            "invited_by": cast.user(MANAGER_A),
            "expires_at": timezone.now() + datetime.timedelta(days=14),
        },
    )
    return invitation


def _hub_a_invitation(cast):
    return {"pk": cast.hub_a.pk, "invitation_pk": _invitation(cast).pk}


def _missing_invitation(cast):
    return {"pk": MISSING, "invitation_pk": MISSING}


def _invitation_for_entrepreneur(cast):
    _invitation(cast, email="entrepreneur@demo.test")
    return {"token": INVITATION_TOKEN}


def _missing_token(cast):
    return {"token": "no-such-invitation-token"}


def _organisation_data(cast):
    return {
        "name": "Northway Community Hub",
        "description": "A community anchor in Wigan.",
        "legal_form": "community-benefit-society",
        "places": [str(cast.place_a.pk)],
        "website": "",
        "email": "hello@northway.demo.test",
        "phone": "",
        "identifiers-TOTAL_FORMS": "1",
        "identifiers-INITIAL_FORMS": "0",
        "identifiers-0-scheme": "fca-mutuals",
        "identifiers-0-identifier": "30471R",
    }


def _service_data(cast):
    from ecosystem.models import TaxonomyTerm

    coaching = TaxonomyTerm.objects.get(taxonomy__slug="support-types", code="coaching")
    return {
        "name": "Matrix coaching",
        "description": "Coaching, posted by the access matrix.",
        "status": "active",
        "support_types": [str(coaching.pk)],
        "in_kind_offer": "",
        "is_free": "yes",
        "delivery_mode": "in-person",
        "capacity": "open",
        "times-TOTAL_FORMS": "0",
        "times-INITIAL_FORMS": "0",
    }


def _location_data(cast):
    return {
        "name": "Matrix centre",
        "address_1": "1 Market Street",
        "city": "Wigan",
        "postcode": "WN1 1AA",
    }


ROUTES = [
    # Public pages ---------------------------------------------------------------------
    Route("directory:index", everyone(200), public=True),
    Route("directory:places", everyone(200), public=True),
    Route("directory:place", everyone(200), args=lambda cast: {"slug": "wigan"}, public=True),
    Route("directory:organisations", everyone(200), public=True),
    Route(
        "directory:organisation",
        everyone(200),
        args=lambda cast: {"slug": cast.hub_a.slug},
        public=True,
    ),
    Route("directory:services", everyone(200), public=True),
    Route(
        "directory:service",
        everyone(200),
        args=lambda cast: {"organisation_slug": cast.hub_a.slug, "slug": _service(cast).slug},
        public=True,
    ),
    # An organisation's directory entry -----------------------------------------------------
    Route("ecosystem:manage", HUB_A_READ, args=_hub_a, missing_args=_missing_org),
    Route("ecosystem:organisation_edit", HUB_A_READ, args=_hub_a, missing_args=_missing_org),
    Route(
        "ecosystem:organisation_edit",
        HUB_A_WRITE,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=_organisation_data,
    ),
    Route("ecosystem:service_create", HUB_A_READ, args=_hub_a, missing_args=_missing_org),
    Route(
        "ecosystem:service_create",
        HUB_A_WRITE,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=_service_data,
    ),
    Route("ecosystem:service_edit", HUB_A_READ, args=_hub_a_service, missing_args=_missing_service),
    Route(
        "ecosystem:service_edit",
        HUB_A_WRITE,
        args=_hub_a_service,
        missing_args=_missing_service,
        method="post",
        data=_service_data,
    ),
    Route(
        "ecosystem:service_retire",
        HUB_A_WRITE,
        args=_hub_a_service,
        missing_args=_missing_service,
        method="post",
    ),
    Route("ecosystem:location_create", HUB_A_READ, args=_hub_a, missing_args=_missing_org),
    Route(
        "ecosystem:location_create",
        HUB_A_WRITE,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=_location_data,
    ),
    Route(
        "ecosystem:location_edit", HUB_A_READ, args=_hub_a_location, missing_args=_missing_location
    ),
    Route(
        "ecosystem:location_edit",
        HUB_A_WRITE,
        args=_hub_a_location,
        missing_args=_missing_location,
        method="post",
        data=_location_data,
    ),
    Route(
        "ecosystem:location_delete",
        HUB_A_WRITE,
        args=_hub_a_location,
        missing_args=_missing_location,
        method="post",
    ),
    # The team's invitations ------------------------------------------------------------------
    Route("ecosystem:invite", HUB_A_READ, args=_hub_a, missing_args=_missing_org),
    Route(
        "ecosystem:invite",
        HUB_A_WRITE,
        args=_hub_a,
        missing_args=_missing_org,
        method="post",
        data=lambda cast: {"email": "newcomer@example.test", "role": "staff"},
    ),
    Route(
        "ecosystem:invitation_withdraw",
        HUB_A_WRITE,
        args=_hub_a_invitation,
        missing_args=_missing_invitation,
        method="post",
    ),
    # Only the person an invitation was sent to (here the entrepreneur) can open it.
    Route(
        "ecosystem:invitation_accept",
        {
            ANON: LOGIN,
            E1: 200,
            E2: 404,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_invitation_for_entrepreneur,
        missing_args=_missing_token,
    ),
    Route(
        "ecosystem:invitation_accept",
        {
            ANON: LOGIN,
            E1: 302,
            E2: 404,
            PEER: 404,
            STAFF_A: 404,
            MANAGER_A: 404,
            STAFF_B: 404,
            COMMISSIONER: 404,
            EDITOR: 404,
            ADMIN: 404,
        },
        args=_invitation_for_entrepreneur,
        missing_args=_missing_token,
        method="post",
    ),
]
