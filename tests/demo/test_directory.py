"""The demo directory (demo.directory.seed_directory): invented, complete enough for every filter."""

import re
from urllib.parse import urlparse

import pytest

from demo.directory import DEMO_PLACES, HUB_A, HUB_B, seed_directory
from ecosystem.models import (
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ecosystem.postcodes import lookup_postcode

pytestmark = pytest.mark.django_db

# Ofcom's numbers for drama (never allocated to anyone), as the demo uses them.
DRAMA_NUMBER = re.compile(r"^(0161 496 0\d{3}|0113 496 0\d{3}|0116 496 0\d{3}|01632 960\d{3})$")


@pytest.fixture
def directory(cast):
    return seed_directory()


def _counts():
    return [
        model.objects.count()
        for model in (
            Organisation,
            OrganisationIdentifier,
            Location,
            Service,
            ServiceAtLocation,
            Schedule,
        )
    ]


def test_running_it_again_changes_nothing(directory):
    before = _counts()
    services = {s.pk: (s.name, s.capacity) for s in Service.objects.all()}
    seed_directory()
    assert _counts() == before
    assert {s.pk: (s.name, s.capacity) for s in Service.objects.all()} == services


def test_it_covers_every_support_type_and_business_type(directory):
    for taxonomy, relation in [
        ("support-types", "services_by_support_type"),
        ("business-types", "services_by_business_type"),
    ]:
        for term in TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy):
            assert getattr(term, relation).exists(), f"no service for {taxonomy} {term.code}"


def test_it_covers_every_capacity_delivery_mode_and_in_kind_offer(directory):
    assert set(Service.objects.values_list("capacity", flat=True)) == set(Service.Capacity.values)
    assert set(Service.objects.values_list("delivery_mode", flat=True)) == set(
        Service.DeliveryMode.values
    )
    assert set(Service.objects.values_list("in_kind_offer", flat=True)) == set(
        Service.InKindOffer.values
    )
    assert (
        Service.objects.filter(is_free=False).exists()
        and Service.objects.filter(is_free=True).exists()
    )
    assert Service.objects.exclude(status=Service.Status.ACTIVE).exists()


def test_it_offers_services_in_several_languages(directory):
    used = Language.objects.filter(services__isnull=False).distinct()
    assert used.count() >= 10
    assert {"en", "ur", "pl", "bfi"} <= set(used.values_list("code", flat=True))


def test_it_has_every_kind_of_organisation(directory):
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)


def test_every_catalyst_place_has_a_hub_with_services_at_a_location_there(directory):
    for name, slug, _authority, gss, _region in DEMO_PLACES:
        place = Place.objects.get(slug=slug)
        assert place.gss_code == gss
        hubs = place.organisations.filter(kind=Organisation.Kind.HUB, is_catalyst_hub=True)
        assert hubs.exists(), name
        assert Service.objects.filter(organisation__in=hubs, locations__place=place).exists(), name


def test_every_location_is_found_from_a_real_postcode_in_its_place(directory):
    locations = Location.objects.select_related("place")
    assert locations.count() >= 12
    for location in locations:
        info = lookup_postcode(location.postcode)
        assert info is not None, location.postcode
        assert location.place is not None, location
        assert location.local_authority_code == info.gss_code == location.place.gss_code
        assert location.latitude and location.longitude
        assert location.place in location.organisation.places.all()


def test_services_have_weekly_opening_times(directory):
    assert Schedule.objects.filter(service_at_location__isnull=False).count() >= 20
    assert Schedule.objects.filter(
        service_at_location__isnull=True
    ).exists()  # online and telephone
    assert set(Schedule.objects.values_list("byday", flat=True)) == set(Schedule.Day.values)
    assert all(s.closes_at > s.opens_at for s in Schedule.objects.all())


def test_some_organisations_have_registration_numbers_that_cannot_be_real(directory):
    identifiers = OrganisationIdentifier.objects.all()
    assert {i.scheme for i in identifiers} >= {
        "companies-house",
        "charity-commission",
        "fca-mutuals",
    }
    assert all(i.identifier.startswith("DEMO") for i in identifiers)


def test_every_organisation_is_invented_and_labelled_as_demo(directory):
    for organisation in Organisation.objects.all():
        assert organisation.is_demo, organisation
        assert not organisation.email or organisation.email.endswith(".demo.test"), (
            organisation.email
        )
        assert not organisation.website or urlparse(organisation.website).hostname.endswith(
            ".demo.test"
        )
        assert not organisation.phone or DRAMA_NUMBER.match(organisation.phone), organisation.phone
    for service in Service.objects.all():
        assert not service.email or service.email.endswith(".demo.test")


def test_it_gives_the_casts_hubs_services_and_keeps_them_as_they_were(directory, cast):
    for slug, name, place in [
        (HUB_A, "Northway Community Hub", "wigan"),
        (HUB_B, "Canal Side Enterprise Centre", "bradford"),
    ]:
        hub = Organisation.objects.get(slug=slug)
        assert hub.name == name
        assert hub.services.count() >= 3
        assert list(hub.places.values_list("slug", flat=True)) == [place]
    assert cast.hub_a.memberships.count() == 2
