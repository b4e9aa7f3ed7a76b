"""Factories for directory records; the persona cast's places and hubs come from tests.support.cast."""

import factory
from factory.django import DjangoModelFactory

from ecosystem.models import (
    Location,
    Membership,
    Organisation,
    Place,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testtown {n}")
    slug = factory.Sequence(lambda n: f"testtown-{n}")
    local_authority = factory.LazyAttribute(lambda o: f"{o.name} Council")
    gss_code = factory.Sequence(lambda n: f"E0{n:07d}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    slug = factory.Sequence(lambda n: f"test-organisation-{n}")
    kind = Organisation.Kind.HUB
    description = "An organisation made up for a test."
    is_demo = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create and extracted:
            self.places.add(*extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory("tests.users.factories.UserFactory")
    role = Membership.Role.STAFF


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test Centre {n}")
    address_1 = "1 Market Street"
    city = "Wigan"
    postcode = "WN1 1AA"
    local_authority_code = "E08000010"
    easting, northing = 358016.0, 405780.0
    latitude, longitude = 53.546959, -2.635089


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Test Service {n}")
    slug = factory.Sequence(lambda n: f"test-service-{n}")
    description = "A service made up for a test."

    @factory.post_generation
    def support_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.support_types.add(
                *[
                    TaxonomyTerm.objects.get(taxonomy__slug="support-types", code=c)
                    for c in extracted
                ]
            )

    @factory.post_generation
    def business_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.business_types.add(
                *[
                    TaxonomyTerm.objects.get(taxonomy__slug="business-types", code=c)
                    for c in extracted
                ]
            )


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..service.organisation")
    )
