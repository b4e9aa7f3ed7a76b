"""Services at locations near a postcode: nearest first, and within a distance when asked."""

import pytest
from django.test import Client

from ecosystem.models import Location
from ecosystem.services import location_place_from_postcode
from tests.ecosystem.factories import OrganisationFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/api/oruk/service_at_locations"


@pytest.fixture
def spread(cast):
    """One service in Bradford, Manchester, Wigan and central Wigan, created out of order."""
    organisation = OrganisationFactory(name="Pennine Network")
    service = ServiceFactory(organisation=organisation, name="Peer circle")
    links = {}
    # Distances from WN1 1AA: WN1 2AA ~0.5 km, M1 1AA ~28 km, BD1 1AA ~65 km.
    for name, postcode in [
        ("Bradford", "BD1 1AA"),
        ("Wigan town hall", "WN1 2AA"),
        ("Manchester", "M1 1AA"),
        ("Wigan centre", "WN1 1AA"),
    ]:
        location = Location(
            organisation=organisation,
            name=name,
            address_1="1 High Street",
            city=name,
            postcode=postcode,
        )
        location_place_from_postcode(location=location)
        location.save()
        links[name] = ServiceAtLocationFactory(service=service, location=location)
    # A location whose position we do not know comes last, and never within a distance.
    unknown = Location.objects.create(
        organisation=organisation, name="Somewhere", address_1="x", city="y", postcode="ZZ9 9ZZ"
    )
    links["Somewhere"] = ServiceAtLocationFactory(service=service, location=unknown)
    return links


def _names(params) -> list[str]:
    response = Client().get(URL, params)
    assert response.status_code == 200, response.content
    return [c["location"]["name"] for c in response.json()["contents"]]


def test_it_orders_by_distance_from_the_postcode(spread):
    assert _names({"postcode": "WN1 1AA"}) == [
        "Wigan centre",
        "Wigan town hall",
        "Manchester",
        "Bradford",
        "Somewhere",
    ]
    assert _names({"postcode": "bd11aa"})[:4] == [
        "Bradford",
        "Manchester",
        "Wigan town hall",
        "Wigan centre",
    ]


@pytest.mark.parametrize(
    ("proximity", "expected"),
    [
        ("100", ["Wigan centre"]),
        ("1000", ["Wigan centre", "Wigan town hall"]),
        ("30000", ["Wigan centre", "Wigan town hall", "Manchester"]),
        ("70000.5", ["Wigan centre", "Wigan town hall", "Manchester", "Bradford"]),
        ("1e9", ["Wigan centre", "Wigan town hall", "Manchester", "Bradford"]),
    ],
)
def test_proximity_keeps_only_what_is_within_that_many_metres(spread, proximity, expected):
    assert _names({"postcode": "WN1 1AA", "proximity": proximity}) == expected


def test_it_pages_in_distance_order(spread):
    second = Client().get(URL, {"postcode": "WN1 1AA", "per_page": "2", "page": "2"}).json()
    assert [c["location"]["name"] for c in second["contents"]] == ["Manchester", "Bradford"]
    assert second["total_items"] == 5


@pytest.mark.parametrize("postcode", ["ZZ9 9ZZ", "WN1", "not a postcode", "   "])
def test_an_unknown_postcode_is_refused(spread, postcode):
    response = Client().get(URL, {"postcode": postcode, "proximity": "1000"})
    assert response.status_code == 400
    assert "'postcode'" in response.json()["detail"]
