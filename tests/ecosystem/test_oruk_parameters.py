"""The query parameters the current ORUK 3.0 document adds: ages, day, start_time and end_time."""

import json
from datetime import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from ecosystem.models import Schedule, Service
from tests.ecosystem.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

STANDARD = Path(__file__).resolve().parents[2].parent / "shared/standards/oruk-3.0"
SERVICES = "/api/oruk/services"
LINKS = "/api/oruk/service_at_locations"


@pytest.fixture
def directory(cast):
    """Four services with different ages and opening times; Youth start-up at two places."""
    Service.objects.all().delete()
    organisation = OrganisationFactory(name="Riverside Enterprise")
    north = LocationFactory(organisation=organisation, name="North hub")
    south = LocationFactory(organisation=organisation, name="South hub")
    youth = ServiceFactory(
        organisation=organisation, name="Youth start-up", minimum_age=16, maximum_age=24
    )
    adult = ServiceFactory(organisation=organisation, name="Adult coaching", minimum_age=18)
    over_25 = ServiceFactory(
        organisation=organisation, name="Over-25 mentoring", minimum_age=25, maximum_age=64
    )
    young = ServiceFactory(organisation=organisation, name="Young makers", maximum_age=17)
    ServiceFactory(organisation=organisation, name="Open to anyone")
    youth_north = ServiceAtLocationFactory(service=youth, location=north)
    ServiceAtLocationFactory(service=youth, location=south)
    ServiceAtLocationFactory(service=adult, location=north)
    ServiceAtLocationFactory(service=over_25, location=south)
    Schedule.objects.create(service=adult, byday="MO", opens_at=time(9), closes_at=time(17))
    Schedule.objects.create(service=over_25, byday="TU", opens_at=time(18), closes_at=time(20))
    Schedule.objects.create(service=youth, byday="SA", opens_at=time(10), closes_at=time(13))
    # Only at the North hub.
    Schedule.objects.create(
        service=youth,
        service_at_location=youth_north,
        byday="MO",
        opens_at=time(13),
        closes_at=time(15),
    )
    Schedule.objects.create(service=young, byday="WE", opens_at=time(16), closes_at=time(18))


def _names(url: str, params: dict) -> list[str]:
    response = Client().get(url, params)
    assert response.status_code == 200, response.content
    return [record["name"] for record in response.json()["contents"]]


def _places(params: dict) -> list[str]:
    response = Client().get(LINKS, params)
    assert response.status_code == 200, response.content
    return [
        f"{record['service']['name']} at {record['location']['name']}"
        for record in response.json()["contents"]
    ]


def _refusal(url: str, params: dict) -> str:
    response = Client().get(url, params)
    assert response.status_code == 400, response.content
    return response.json()["detail"]


# Ages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"minimum_age": "18"}, ["Adult coaching", "Over-25 mentoring"]),
        ({"minimum_age": "16"}, ["Adult coaching", "Over-25 mentoring", "Youth start-up"]),
        ({"minimum_age": "17.5"}, ["Adult coaching", "Over-25 mentoring"]),
        ({"minimum_age": "26"}, []),
        ({"maximum_age": "24"}, ["Young makers", "Youth start-up"]),
        ({"maximum_age": "23.9"}, ["Young makers"]),
        ({"maximum_age": "64"}, ["Over-25 mentoring", "Young makers", "Youth start-up"]),
        ({"minimum_age": "16", "maximum_age": "24"}, ["Youth start-up"]),
        ({"minimum_age": "0"}, ["Adult coaching", "Over-25 mentoring", "Youth start-up"]),
    ],
)
def test_it_filters_services_by_age_as_the_document_says(directory, params, expected):
    assert _names(SERVICES, params) == expected


def test_it_filters_services_at_locations_by_age(directory):
    assert _places({"minimum_age": "18"}) == [
        "Adult coaching at North hub",
        "Over-25 mentoring at South hub",
    ]
    assert _places({"maximum_age": "24"}) == [
        "Youth start-up at North hub",
        "Youth start-up at South hub",
    ]


@pytest.mark.parametrize("url", [SERVICES, LINKS])
@pytest.mark.parametrize("name", ["minimum_age", "maximum_age"])
@pytest.mark.parametrize("value", ["eighteen", "-1", "nan", "inf", ""])
def test_a_bad_age_is_refused_naming_the_parameter(directory, url, name, value):
    assert f"Query parameter '{name}'" in _refusal(url, {name: value})


# Opening times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"day": "MO"}, ["Adult coaching", "Youth start-up"]),
        ({"day": "mo"}, ["Adult coaching", "Youth start-up"]),
        ({"day": "TU"}, ["Over-25 mentoring"]),
        ({"day": "SU"}, []),
        ({"start_time": "10:00"}, ["Over-25 mentoring", "Young makers", "Youth start-up"]),
        ({"start_time": "16:00"}, ["Over-25 mentoring", "Young makers"]),
        ({"start_time": "18:00:00"}, ["Over-25 mentoring"]),
        ({"end_time": "15:00"}, ["Youth start-up"]),
        ({"end_time": "17:00"}, ["Adult coaching", "Youth start-up"]),
        ({"start_time": "09:00", "end_time": "17:00"}, ["Adult coaching", "Youth start-up"]),
        # One opening must match them all: Youth start-up opens at 13:00 on Monday...
        ({"day": "MO", "start_time": "10:00"}, ["Youth start-up"]),
        # ...and at 10:00 on Saturday, which is not from 11:00.
        ({"day": "SA", "start_time": "11:00"}, []),
        ({"day": "SA", "end_time": "13:00"}, ["Youth start-up"]),
    ],
)
def test_it_filters_services_by_opening_times(directory, params, expected):
    assert _names(SERVICES, params) == expected


def test_minimum_age_18_on_monday_gives_the_services_for_adults_open_then(directory):
    assert _names(SERVICES, {"minimum_age": "18", "day": "MO"}) == ["Adult coaching"]
    assert _names(SERVICES, {"minimum_age": "16", "day": "MO"}) == [
        "Adult coaching",
        "Youth start-up",
    ]


def test_at_a_location_only_the_openings_that_apply_there_count(directory):
    assert _places({"day": "MO"}) == [
        "Adult coaching at North hub",
        "Youth start-up at North hub",
    ]
    # Saturday's opening is the service's own, so it applies at both hubs.
    assert _places({"day": "SA"}) == [
        "Youth start-up at North hub",
        "Youth start-up at South hub",
    ]
    assert _places({"end_time": "15:00", "start_time": "12:00"}) == ["Youth start-up at North hub"]


@pytest.mark.parametrize("url", [SERVICES, LINKS])
@pytest.mark.parametrize("value", ["XX", "Monday", "1", ""])
def test_a_bad_day_is_refused(directory, url, value):
    assert "Query parameter 'day'" in _refusal(url, {"day": value})


@pytest.mark.parametrize("url", [SERVICES, LINKS])
@pytest.mark.parametrize("name", ["start_time", "end_time"])
@pytest.mark.parametrize("value", ["9", "900", "9:00", "25:00", "09:60", "09:00+01:00", "noon"])
def test_a_bad_time_is_refused_with_the_24_hour_clock_example(directory, url, name, value):
    assert _refusal(url, {name: value}) == (
        f"Query parameter '{name}': Value error, must be a time on the 24-hour clock, "
        "like 09:30 or 17:00."
    )


# Parameters that are not declared ----------------------------------------------------------


def test_unknown_parameters_are_still_refused(directory):
    assert _refusal(SERVICES, {"minimum_ages": "18"}).startswith(
        "Unknown query parameter 'minimum_ages'."
    )
    # Neither document declares ages or days on the taxonomies.
    assert _refusal("/api/oruk/taxonomies", {"day": "MO"}).startswith(
        "Unknown query parameter 'day'."
    )
    assert _refusal("/api/oruk/organizations", {"minimum_age": "18"}).startswith(
        "Unknown query parameter 'minimum_age'."
    )


def _declared(document: dict, path: str) -> set[str]:
    names = set()
    for parameter in document["paths"].get(path, {}).get("get", {}).get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        if parameter["in"] == "query":
            names.add(parameter["name"])
    return names


def test_each_endpoint_declares_what_either_document_declares_and_nothing_else():
    older = json.loads((STANDARD / "openapi.json").read_text())
    current = json.loads((STANDARD / "current/openapi.json").read_text())
    ours = Client().get("/api/oruk/openapi.json").json()
    for path in set(older["paths"]) | set(current["paths"]):
        declared = {
            p["name"]
            for p in ours["paths"][path]["get"].get("parameters", [])
            if p["in"] == "query"
        }
        assert declared == _declared(older, path) | _declared(current, path), path
    assert _declared(current, "/services") - _declared(older, "/services") == {
        "minimum_age",
        "maximum_age",
        "day",
        "start_time",
        "end_time",
    }


# What it costs -----------------------------------------------------------------------------

FILTERED = {
    f"{SERVICES}?minimum_age=18&maximum_age=90&day=MO&start_time=09:00&end_time=17:00": 2,
    f"{LINKS}?minimum_age=18&maximum_age=90&day=MO&start_time=09:00&end_time=17:00": 2,
    f"{LINKS}?minimum_age=18&maximum_age=90&day=MO&postcode=WN1+1AA&proximity=1000": 2,
}


def _add(organisation, location, start: int, stop: int) -> None:
    """Services for 18 to 60+n year olds, open on Mondays 09:00-17:00."""
    for n in range(start, stop):
        service = ServiceFactory(organisation=organisation, minimum_age=18, maximum_age=60 + n)
        ServiceAtLocationFactory(service=service, location=location)
        Schedule.objects.create(service=service, byday="MO", opens_at=time(9), closes_at=time(17))


def test_the_filters_cost_the_same_queries_for_2_services_as_for_40(
    cast, django_assert_num_queries
):
    Service.objects.all().delete()
    organisation = OrganisationFactory(name="Bulk Hub")
    location = LocationFactory(organisation=organisation, name="Bulk Centre")
    _add(organisation, location, 0, 2)
    client = Client()
    for url, count in FILTERED.items():
        with django_assert_num_queries(count):
            assert client.get(url).json()["total_items"] == 2
    _add(organisation, location, 2, 40)
    for url, count in FILTERED.items():
        with django_assert_num_queries(count):
            assert client.get(url).json()["total_items"] == 31  # maximum_age 60 to 90


# The ages a service holds ----------------------------------------------------------------------


def test_a_service_cannot_be_for_ages_that_run_backwards(cast):
    service = ServiceFactory(minimum_age=20, maximum_age=30)
    service.minimum_age, service.maximum_age = 30, 20
    with pytest.raises(ValidationError, match="The youngest age cannot be above the oldest age"):
        service.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Service.objects.filter(pk=service.pk).update(minimum_age=30, maximum_age=20)


def test_a_service_may_hold_one_age_or_the_same_age_twice(cast):
    ServiceFactory(minimum_age=18).full_clean()
    ServiceFactory(maximum_age=17).full_clean()
    ServiceFactory(minimum_age=18, maximum_age=18).full_clean()


def test_the_refusals_say_what_is_accepted(directory):
    assert _refusal(SERVICES, {"day": "XX"}) == (
        "Query parameter 'day': Input should be 'MO', 'TU', 'WE', 'TH', 'FR', 'SA' or 'SU'."
    )
    assert _refusal(LINKS, {"minimum_age": "-1"}) == (
        "Query parameter 'minimum_age': Input should be greater than or equal to 0."
    )
