"""The service functions behind the manage pages: each saves all of its changes or none."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from ecosystem.directory.selectors import service_times
from ecosystem.models import Language, Organisation, Schedule, Service, TaxonomyTerm
from ecosystem.selectors import recent_changes
from ecosystem.services import (
    Identifier,
    OpeningTime,
    location_create,
    location_delete,
    location_update,
    organisation_identifier_normalise,
    organisation_update,
    service_create,
    service_retire,
    service_update,
)
from tests.ecosystem.factories import LocationFactory

pytestmark = pytest.mark.django_db


def _term(taxonomy, code):
    return TaxonomyTerm.objects.get(taxonomy__slug=taxonomy, code=code)


def _details(organisation, **changes):
    fields = {
        name: getattr(organisation, name)
        for name in ("name", "description", "legal_form", "website", "email", "phone")
    }
    return fields | changes


def _service_fields(**changes):
    return {
        "name": "Food business clinic",
        "description": "Advice for people starting a food business.",
        "eligibility": "",
        "is_free": True,
        "fees_description": "",
        "delivery_mode": Service.DeliveryMode.IN_PERSON,
        "capacity": Service.Capacity.OPEN,
        "in_kind_offer": "",
        "accessibility": "",
        "url": "",
        "email": "",
        "phone": "",
        "status": Service.Status.ACTIVE,
    } | changes


# Organisations ----------------------------------------------------------------------


def test_it_updates_an_organisation_its_places_and_registration_numbers(cast):
    manager = cast.user("manager_a")
    organisation_update(
        organisation=cast.hub_a,
        actor=manager,
        fields=_details(cast.hub_a, name="Northway Hub", website="https://northway.example"),
        places=[cast.place_a, cast.place_b],
        identifiers=[
            Identifier("companies-house", "1234567"),
            Identifier("fca-mutuals", "30471 r"),
        ],
    )
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.name == "Northway Hub" and hub.website == "https://northway.example"
    assert set(hub.places.all()) == {cast.place_a, cast.place_b}
    assert {(i.scheme, i.identifier) for i in hub.identifiers.all()} == {
        ("companies-house", "01234567"),
        ("fca-mutuals", "30471R"),
    }
    [change, *_] = recent_changes(hub)
    assert change.who == "Morgan Demo"
    assert "name" in change.fields and "website" in change.fields
    assert change.reason == "Also changed: places served, registration numbers"


def test_it_removes_registration_numbers_left_out(cast):
    cast.hub_a.identifiers.create(scheme="charity-commission", identifier="1123456")
    organisation_update(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        fields=_details(cast.hub_a),
        places=[cast.place_a],
        identifiers=[],
    )
    assert not cast.hub_a.identifiers.exists()


def test_a_manager_cannot_change_the_catalyst_flag_kind_slug_or_demo_flag(cast):
    for field in ("is_catalyst_hub", "kind", "slug", "is_demo"):
        with pytest.raises(ValueError, match=field):
            organisation_update(
                organisation=cast.hub_a,
                actor=cast.user("manager_a"),
                fields=_details(cast.hub_a) | {field: "x"},
                places=[],
                identifiers=[],
            )
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.is_catalyst_hub and hub.kind == "hub" and hub.places.exists()


def test_a_bad_registration_number_saves_nothing(cast):
    with pytest.raises(ValidationError) as caught:
        organisation_update(
            organisation=cast.hub_a,
            actor=cast.user("manager_a"),
            fields=_details(cast.hub_a, name="Renamed"),
            places=[],
            identifiers=[Identifier("oscr", "12345")],
        )
    assert caught.value.message_dict["identifiers"] == [
        "Scottish Charity Regulator (OSCR): A Scottish charity number is SC and 6 digits, like SC012345."
    ]
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.name == "Northway Community Hub"
    assert list(hub.places.all()) == [cast.place_a]


def test_two_numbers_for_one_register_are_refused(cast):
    with pytest.raises(ValidationError, match="one number for each register"):
        organisation_update(
            organisation=cast.hub_a,
            actor=cast.user("manager_a"),
            fields=_details(cast.hub_a),
            places=[cast.place_a],
            identifiers=[Identifier("other", "A"), Identifier("other", "B")],
        )


@pytest.mark.parametrize(
    ("scheme", "typed", "kept"),
    [
        ("companies-house", "sc 123456", "SC123456"),
        ("companies-house", "987", "00000987"),
        ("charity-commission", " 1123456 ", "1123456"),
        ("ccni", "nic100123", "NIC100123"),
        ("other", "Ref 12/3", "Ref 12/3"),
    ],
)
def test_registration_numbers_are_kept_in_their_register_s_format(scheme, typed, kept):
    assert organisation_identifier_normalise(scheme=scheme, identifier=typed) == kept


@pytest.mark.parametrize(
    ("scheme", "typed"),
    [
        ("companies-house", "123456789"),
        ("charity-commission", "12AB"),
        ("fca-mutuals", "X"),
        ("nope", "1"),
    ],
)
def test_badly_shaped_registration_numbers_are_refused(scheme, typed):
    with pytest.raises(ValidationError):
        organisation_identifier_normalise(scheme=scheme, identifier=typed)


def test_an_unchanged_organisation_records_no_change(cast):
    before = cast.hub_a.history.count()
    organisation_update(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        fields=_details(cast.hub_a),
        places=[cast.place_a],
        identifiers=[],
    )
    assert cast.hub_a.history.count() == before


# Services ----------------------------------------------------------------------------


def test_it_creates_a_service_with_its_classification_locations_and_opening_times(cast):
    centre = LocationFactory(organisation=cast.hub_a, name="Centre", place=cast.place_a)
    annex = LocationFactory(organisation=cast.hub_a, name="Annex", place=cast.place_a)
    service = service_create(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        fields=_service_fields(),
        support_types=[_term("support-types", "coaching")],
        business_types=[_term("business-types", "community-business")],
        languages=[Language.objects.get(code="pl")],
        locations=[centre],
        opening_times=[
            OpeningTime("TU", time(10), time(12), location=annex),
            OpeningTime("MO", time(9), time(17), location=centre),
            OpeningTime("SA", time(10), time(13), description="Drop in"),
        ],
    )
    assert service.slug == "food-business-clinic"
    assert [t.code for t in service.support_types.all()] == ["coaching"]
    assert [lang.code for lang in service.languages.all()] == ["pl"]
    # A location with opening times is a location where the service is offered.
    assert {loc.name for loc in service.locations.all()} == {"Centre", "Annex"}
    times = service_times(service)
    assert [
        (s.location.name, [(t.byday, t.opens_at, t.closes_at) for t in s.opening_times])
        for s in times.locations
    ] == [("Annex", [("TU", time(10), time(12))]), ("Centre", [("MO", time(9), time(17))])]
    assert [t.description for t in times.general] == ["Drop in"]
    [created] = recent_changes(service)
    assert created.kind == "Created" and created.who == "Morgan Demo"


def test_a_second_service_of_the_same_name_gets_its_own_slug(cast):
    kwargs = {
        "organisation": cast.hub_a,
        "actor": None,
        "fields": _service_fields(),
        "support_types": [_term("support-types", "coaching")],
    }
    assert service_create(**kwargs).slug == "food-business-clinic"
    assert service_create(**kwargs).slug == "food-business-clinic-2"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"fields": _service_fields(is_free=False)}, "fees_description", "Say what it costs"),
        ({"support_types": []}, "support_types", "at least one type of support"),
    ],
)
def test_a_refused_service_saves_nothing(cast, changes, field, message):
    kwargs = {
        "organisation": cast.hub_a,
        "actor": cast.user("manager_a"),
        "fields": _service_fields(),
        "support_types": [_term("support-types", "coaching")],
        "opening_times": [OpeningTime("MO", time(9), time(17))],
    } | changes
    with pytest.raises(ValidationError) as caught:
        service_create(**kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Service.objects.filter(organisation=cast.hub_a).exists()
    assert not Schedule.objects.exists()


def test_terms_from_the_wrong_list_and_other_organisations_locations_are_refused(cast):
    elsewhere = LocationFactory(organisation=cast.hub_b)
    with pytest.raises(ValidationError) as caught:
        service_create(
            organisation=cast.hub_a,
            actor=None,
            fields=_service_fields(),
            support_types=[_term("business-types", "charity")],
            business_types=[_term("support-types", "coaching")],
            locations=[elsewhere],
            opening_times=[OpeningTime("MO", time(9), time(17), location=elsewhere)],
        )
    assert set(caught.value.message_dict) == {
        "support_types",
        "business_types",
        "locations",
        "opening_times",
    }
    assert not Service.objects.exists()


def test_a_closing_time_before_the_opening_time_is_refused(cast):
    with pytest.raises(ValidationError, match="closing time must be after"):
        service_create(
            organisation=cast.hub_a,
            actor=None,
            fields=_service_fields(),
            support_types=[_term("support-types", "coaching")],
            opening_times=[OpeningTime("MO", time(17), time(9))],
        )
    assert not Service.objects.exists()


def test_it_updates_a_service_keeping_its_opening_times_ids_and_recording_what_changed(cast):
    centre = LocationFactory(organisation=cast.hub_a, name="Centre")
    service = service_create(
        organisation=cast.hub_a,
        actor=None,
        fields=_service_fields(),
        support_types=[_term("support-types", "coaching")],
        locations=[centre],
        opening_times=[
            OpeningTime("MO", time(9), time(17), location=centre),
            OpeningTime("TU", time(9), time(17)),
        ],
    )
    monday, _tuesday = sorted(service.schedules.all(), key=lambda s: s.byday)
    service_update(
        service=service,
        actor=cast.user("manager_a"),
        fields=_service_fields(capacity=Service.Capacity.WAITING_LIST),
        support_types=[_term("support-types", "coaching"), _term("support-types", "finance")],
        business_types=[],
        languages=[],
        locations=[],
        opening_times=[OpeningTime("MO", time(10), time(16), id=monday.pk)],
    )
    service.refresh_from_db()
    assert service.capacity == "waiting-list"
    [kept] = service.schedules.all()
    assert kept.pk == monday.pk and kept.opens_at == time(10) and kept.service_at_location is None
    assert not service.locations.exists()
    [change, *_] = recent_changes(service)
    assert change.who == "Morgan Demo"
    assert change.fields == ["capacity"]
    assert change.reason == "Also changed: support types, opening times, locations"


def test_a_refused_update_changes_nothing(cast):
    service = service_create(
        organisation=cast.hub_a,
        actor=None,
        fields=_service_fields(),
        support_types=[_term("support-types", "coaching")],
        opening_times=[OpeningTime("MO", time(9), time(17))],
    )
    with pytest.raises(ValidationError):
        service_update(
            service=service,
            actor=None,
            fields=_service_fields(name="Renamed"),
            support_types=[_term("support-types", "finance")],
            business_types=[],
            languages=[],
            locations=[],
            opening_times=[OpeningTime("TU", time(9), time(8))],
        )
    service.refresh_from_db()
    assert service.name == "Food business clinic"
    assert [t.code for t in service.support_types.all()] == ["coaching"]
    assert [s.byday for s in service.schedules.all()] == ["MO"]


def test_retiring_a_service_takes_it_out_of_the_directory_and_keeps_it(cast, client):
    service = service_create(
        organisation=cast.hub_a,
        actor=None,
        fields=_service_fields(),
        support_types=[_term("support-types", "coaching")],
    )
    assert client.get(service.get_absolute_url()).status_code == 200
    service_retire(service=service, actor=cast.user("manager_a"))
    service.refresh_from_db()
    assert service.status == Service.Status.DEFUNCT
    assert client.get(service.get_absolute_url()).status_code == 404
    assert recent_changes(service)[0].reason == "Retired"


# Locations ----------------------------------------------------------------------------

ADDRESS = {
    "name": "Canal Side Centre",
    "description": "",
    "address_1": "1 Canal Road",
    "address_2": "",
    "city": "Bradford",
    "postcode": " bd1 1aa ",
    "accessibility": "Step-free entrance.",
}


def test_a_location_s_postcode_is_normalised_and_places_it(cast):
    location = location_create(organisation=cast.hub_b, actor=None, fields=ADDRESS)
    assert location.postcode == "BD1 1AA"
    assert location.place == cast.place_b
    assert location.local_authority_code == "E08000032"
    assert round(location.latitude, 1) == 53.8 and round(location.longitude, 1) == -1.8


def test_a_new_postcode_moves_a_location(cast):
    location = location_create(organisation=cast.hub_b, actor=None, fields=ADDRESS)
    location = location_update(
        location=location, actor=None, fields=ADDRESS | {"postcode": "WN1 1AA"}
    )
    assert location.place == cast.place_a


@pytest.mark.parametrize(
    ("postcode", "message"),
    [
        ("not a postcode", "Enter a UK postcode, like WN1 1AA."),
        ("WN9 9ZZ", "We cannot find WN9 9ZZ"),
    ],
)
def test_a_location_with_a_bad_postcode_is_refused(cast, postcode, message):
    with pytest.raises(ValidationError) as caught:
        location_create(
            organisation=cast.hub_b, actor=None, fields=ADDRESS | {"postcode": postcode}
        )
    assert message in caught.value.message_dict["postcode"][0]
    assert not cast.hub_b.locations.exists()


def test_removing_a_location_removes_its_opening_times_and_notes_it_on_the_service(cast):
    centre = LocationFactory(organisation=cast.hub_a, name="Centre")
    service = service_create(
        organisation=cast.hub_a,
        actor=None,
        fields=_service_fields(),
        support_types=[_term("support-types", "coaching")],
        opening_times=[OpeningTime("MO", time(9), time(17), location=centre)],
    )
    location_delete(location=centre, actor=cast.user("manager_a"))
    assert not service.schedules.exists()
    assert recent_changes(service)[0].reason == "Location removed: Centre"


def test_it_links_a_service_to_the_model_activities_it_delivers(cast):
    practical = _term("empowering-places-activities", "practical-help")
    service = service_create(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        fields=_service_fields(),
        support_types=[_term("support-types", "premises")],
        activities=[practical],
    )
    assert list(service.activities.all()) == [practical]


def test_it_refuses_a_term_that_is_not_an_activity_as_an_activity(cast):
    with pytest.raises(ValidationError) as caught:
        service_create(
            organisation=cast.hub_a,
            actor=cast.user("manager_a"),
            fields=_service_fields(),
            support_types=[_term("support-types", "premises")],
            activities=[_term("support-types", "coaching")],
        )
    assert "Choose activities from the list." in caught.value.message_dict["activities"]
    assert not Service.objects.filter(organisation=cast.hub_a).exists()
