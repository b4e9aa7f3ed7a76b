"""The ORUK lists cost the same number of queries however big the directory is."""

import random
from datetime import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecosystem.models import (
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tests.ecosystem.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

# count + page; with full=true, one more for each kind of nested record.
EXPECTED = {
    "/api/oruk/services": 2,
    "/api/oruk/services?full=true": 9,
    "/api/oruk/services?minimal=true&per_page=1000": 2,
    "/api/oruk/service_at_locations?full=true": 9,
    "/api/oruk/service_at_locations?postcode=WN1+1AA&proximity=100000": 2,
}
ORGANISATIONS_EXPECTED = {
    "/api/oruk/organizations": 2,
    "/api/oruk/organizations?full=true": 4,
    "/api/oruk/organizations?full_service=true": 10,
}


def _located(organisation) -> Location:
    return Location.objects.create(
        organisation=organisation,
        name="Bulk Centre",
        address_1="1 Market Street",
        city="Wigan",
        postcode="WN1 1AA",
        easting=358016.0,
        northing=405780.0,
    )


def _add_services(organisation, location, start: int, stop: int) -> None:
    """Services with every kind of nested record, written in bulk."""
    services = Service.objects.bulk_create(
        Service(
            organisation=organisation,
            name=f"Service {n:05d}",
            slug=f"service-{n}",
            description="Made in bulk for a test.",
        )
        for n in range(start, stop)
    )
    terms = list(TaxonomyTerm.objects.filter(taxonomy__slug="support-types"))
    business = list(TaxonomyTerm.objects.filter(taxonomy__slug="business-types"))
    english = Language.objects.get(code="en")
    rng = random.Random(start)
    Service.support_types.through.objects.bulk_create(
        Service.support_types.through(service=s, taxonomyterm=rng.choice(terms)) for s in services
    )
    Service.business_types.through.objects.bulk_create(
        Service.business_types.through(service=s, taxonomyterm=rng.choice(business))
        for s in services
    )
    Service.languages.through.objects.bulk_create(
        Service.languages.through(service=s, language=english) for s in services
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=s, location=location) for s in services
    )
    Schedule.objects.bulk_create(
        Schedule(service=s, byday="MO", opens_at=time(9), closes_at=time(17)) for s in services
    )


def _queries(url: str) -> int:
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.usefixtures("no_page_cache")
def test_lists_cost_the_same_queries_for_10_services_as_for_10000(cast, django_assert_num_queries):
    organisation = OrganisationFactory(name="Bulk Hub", email="hub@bulk.example")
    location = _located(organisation)
    _add_services(organisation, location, 0, 10)
    small = {url: _queries(url) for url in EXPECTED}
    assert small == EXPECTED

    _add_services(organisation, location, 10, 10_000)
    assert Service.objects.count() == 10_000
    client = Client()
    for url, count in EXPECTED.items():
        with django_assert_num_queries(count):
            response = client.get(url)
        assert response.status_code == 200
    body = client.get("/api/oruk/services?per_page=5&page=2000").json()
    assert body["total_items"] == 10_000 and body["total_pages"] == 2000 and body["last_page"]
    assert [s["name"] for s in body["contents"]] == [
        f"Service {n:05d}" for n in range(9995, 10_000)
    ]


def test_organisations_cost_the_same_queries_for_3_as_for_40(cast, django_assert_num_queries):
    Organisation.objects.all().delete()

    def add(start: int, stop: int) -> Organisation:
        for n in range(start, stop):
            organisation = OrganisationFactory(name=f"Hub {n:02d}")
            OrganisationIdentifier.objects.create(
                organisation=organisation, scheme="companies-house", identifier=f"{n:08d}"
            )
            _add_services(organisation, _located(organisation), n * 10, n * 10 + 3)
        return organisation

    last = add(0, 3)
    expected = {**ORGANISATIONS_EXPECTED, f"/api/oruk/organizations/{last.pk}?full_service=true": 9}
    assert {url: _queries(url) for url in expected} == expected
    add(3, 40)
    client = Client()
    for url, count in expected.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
