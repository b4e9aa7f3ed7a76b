"""The directory's lists cost the same number of queries with 10 services as with 10,000."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecosystem.models import (
    Language,
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db

# Every page: the site, its settings, navigation and footer links.
SHELL = 4
EXPECTED = {
    # The filter's places, support types, business types and languages; the count; the
    # page; the support types, languages and locations of the page's services.
    "/directory/services/": SHELL + 9,
    "/directory/services/?place=wigan&support_type=coaching&support_type=finance"
    "&business_type=co-operative&language=en&capacity=open&delivery=in-person&q=bulk": SHELL + 9,
    "/directory/services/?page=3": SHELL + 9,
    # The filter's places; the count; the page; the places of the page's organisations.
    "/directory/organisations/": SHELL + 4,
    "/directory/organisations/?place=wigan&kind=hub&q=bulk": SHELL + 4,
    "/directory/organisations/?page=3": SHELL + 4,
}


def _add(place, start: int, stop: int) -> None:
    """Organisations, each with one service that has every kind of related record, in bulk."""
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bulk organisation {n:05d}", slug=f"bulk-organisation-{n}", is_demo=True)
        for n in range(start, stop)
    )
    Organisation.places.through.objects.bulk_create(
        Organisation.places.through(organisation=o, place=place) for o in organisations
    )
    locations = Location.objects.bulk_create(
        Location(
            organisation=o,
            name=f"Bulk centre {n}",
            address_1="1 Market Street",
            city="Wigan",
            postcode="WN1 1AA",
            place=place,
        )
        for n, o in enumerate(organisations)
    )
    services = Service.objects.bulk_create(
        Service(
            organisation=o,
            name=f"Bulk service {n:05d}",
            slug=f"bulk-service-{n}",
            description="Made in bulk for a test.",
        )
        for n, o in zip(range(start, stop), organisations, strict=True)
    )
    coaching = TaxonomyTerm.objects.get(taxonomy__slug="support-types", code="coaching")
    co_operative = TaxonomyTerm.objects.get(taxonomy__slug="business-types", code="co-operative")
    english = Language.objects.get(code="en")
    Service.support_types.through.objects.bulk_create(
        Service.support_types.through(service=s, taxonomyterm=coaching) for s in services
    )
    Service.business_types.through.objects.bulk_create(
        Service.business_types.through(service=s, taxonomyterm=co_operative) for s in services
    )
    Service.languages.through.objects.bulk_create(
        Service.languages.through(service=s, language=english) for s in services
    )
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=s, location=loc)
        for s, loc in zip(services, locations, strict=True)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert (
        "Bulk service" in response.content.decode()
        or "Bulk organisation" in response.content.decode()
    )
    return len(queries)


@pytest.mark.usefixtures("no_page_cache")
def test_it_lists_10_or_10000_services_and_organisations_in_the_same_number_of_queries(cast):
    client = Client()
    _add(cast.place_a, 0, 10)
    client.get("/directory/services/")  # warm the site's caches (root paths, content types)
    small = {url: _queries(client, url) for url in EXPECTED}
    assert small == EXPECTED

    _add(cast.place_a, 10, 10_000)
    assert Service.objects.count() == 10_000
    large = {url: _queries(client, url) for url in EXPECTED}
    assert large == small
    response = client.get("/directory/services/?place=wigan&support_type=coaching")
    assert response.context["page_obj"].paginator.count == 10_000
