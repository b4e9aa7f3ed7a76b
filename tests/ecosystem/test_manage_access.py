"""Nobody edits an organisation they do not manage: every persona tries hub A and hub B."""

import pytest
from django.urls import reverse

from ecosystem.models import Location, Organisation, Service
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
)
from tests.ecosystem.factories import ServiceFactory
from tests.support.cast import PERSONA_KEYS

pytestmark = pytest.mark.django_db

# What each persona gets for posting a change to each hub: written out, not computed.
HUB_A = {
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
# Hub B has staff but no manager in the cast.
HUB_B = {
    ANON: LOGIN,
    E1: 404,
    E2: 404,
    PEER: 404,
    STAFF_A: 404,
    MANAGER_A: 404,
    STAFF_B: 403,
    COMMISSIONER: 404,
    EDITOR: 404,
    ADMIN: 302,
}
# And for opening the edit pages.
READ_A = {**HUB_A, STAFF_A: 200, MANAGER_A: 200, ADMIN: 200}
READ_B = {**HUB_B, STAFF_B: 200, ADMIN: 200}


def _answer(response):
    if response.status_code == 302 and response.url.startswith("/accounts/login/"):
        return LOGIN
    return response.status_code


def _details(organisation, name):
    return {
        "name": name,
        "description": organisation.description,
        "legal_form": organisation.legal_form,
        "places": [str(p.pk) for p in organisation.places.all()],
        "email": organisation.email,
        "identifiers-TOTAL_FORMS": "0",
        "identifiers-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize(("hub", "expected"), [("hub_a", HUB_A), ("hub_b", HUB_B)])
def test_only_managers_and_administrators_change_an_organisation(
    cast, client_for, persona, hub, expected
):
    organisation = getattr(cast, hub)
    url = reverse("ecosystem:organisation_edit", args=[organisation.pk])
    response = client_for(persona).post(url, _details(organisation, f"Renamed by {persona}"))
    assert _answer(response) == expected[persona]
    renamed = Organisation.objects.get(pk=organisation.pk).name == f"Renamed by {persona}"
    assert renamed == (expected[persona] == 302)


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize(("hub", "expected"), [("hub_a", HUB_A), ("hub_b", HUB_B)])
def test_only_managers_and_administrators_change_its_services_and_locations(
    cast, client_for, persona, hub, expected
):
    organisation = getattr(cast, hub)
    service = ServiceFactory(organisation=organisation, support_types=["coaching"])
    client = client_for(persona)
    retire = reverse("ecosystem:service_retire", args=[organisation.pk, service.pk])
    assert _answer(client.post(retire)) == expected[persona]
    service.refresh_from_db()
    assert (service.status == Service.Status.DEFUNCT) == (expected[persona] == 302)

    add_location = reverse("ecosystem:location_create", args=[organisation.pk])
    data = {"name": "New centre", "address_1": "1 Street", "city": "Wigan", "postcode": "WN1 1AA"}
    assert _answer(client.post(add_location, data)) == expected[persona]
    assert Location.objects.filter(organisation=organisation).exists() == (expected[persona] == 302)


@pytest.mark.parametrize("persona", PERSONA_KEYS)
@pytest.mark.parametrize(("hub", "expected"), [("hub_a", READ_A), ("hub_b", READ_B)])
def test_only_its_own_people_and_administrators_open_an_organisation_s_manage_pages(
    cast, client_for, persona, hub, expected
):
    organisation = getattr(cast, hub)
    service = ServiceFactory(organisation=organisation, support_types=["coaching"])
    client = client_for(persona)
    for url in [
        reverse("ecosystem:manage", args=[organisation.pk]),
        reverse("ecosystem:organisation_edit", args=[organisation.pk]),
        reverse("ecosystem:service_edit", args=[organisation.pk, service.pk]),
    ]:
        assert _answer(client.get(url)) == expected[persona], url
