"""The manage pages: a hub manager edits their organisation and its services through the site's own forms."""

import re

import pytest
from django.urls import reverse

from ecosystem.models import Location, Organisation, Schedule, Service, TaxonomyTerm
from tests.ecosystem.factories import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _term_pk(taxonomy, code) -> str:
    return str(TaxonomyTerm.objects.get(taxonomy__slug=taxonomy, code=code).pk)


def _organisation_post(cast, **changes):
    return {
        "name": "Northway Community Hub",
        "description": "A community anchor in Wigan.",
        "legal_form": "community-benefit-society",
        "places": [str(cast.place_a.pk)],
        "website": "https://northway.example",
        "email": "hello@northway.demo.test",
        "phone": "01942 000000",
        "identifiers-TOTAL_FORMS": "2",
        "identifiers-INITIAL_FORMS": "0",
        "identifiers-0-scheme": "fca-mutuals",
        "identifiers-0-identifier": "ip 30471r",
        "identifiers-1-scheme": "",
        "identifiers-1-identifier": "",
    } | changes


def _service_post(cast, **changes):
    return {
        "name": "Food business clinic",
        "description": "Advice for people starting a food business.",
        "status": "active",
        "support_types": [_term_pk("support-types", "specialist-advice")],
        "in_kind_offer": "",
        "eligibility": "People in Wigan with a food idea.",
        "business_types": [_term_pk("business-types", "community-business")],
        "is_free": "no",
        "fees_description": "£5 a visit.",
        "delivery_mode": "mixed",
        "languages": ["en", "pl"],
        "capacity": "limited",
        "accessibility": "",
        "url": "",
        "email": "",
        "phone": "",
        "times-TOTAL_FORMS": "2",
        "times-INITIAL_FORMS": "0",
        "times-0-byday": "TH",
        "times-0-opens_at": "10:00",
        "times-0-closes_at": "12:30",
        "times-0-location": "",
        "times-0-description": "Drop in",
        "times-1-byday": "",
        "times-1-opens_at": "",
        "times-1-closes_at": "",
        "times-1-location": "",
        "times-1-description": "",
    } | changes


def _field_error(html: str, field_id: str) -> str:
    """The error message shown beside one field (crispy puts it in the field's own wrapper)."""
    match = re.search(
        rf'<(?:p|span) id="error_\d+_{field_id}"[^>]*><strong>(.*?)</strong>', html, re.S
    )
    assert match, f"no error beside {field_id}"
    return match.group(1)


# The organisation ------------------------------------------------------------------------


def test_a_manager_sees_the_directory_entry_with_links_to_change_it(cast, client_for):
    service = ServiceFactory(
        organisation=cast.hub_a, name="Peer circle", support_types=["peer-support"]
    )
    html = (
        client_for("manager_a")
        .get(reverse("ecosystem:manage", args=[cast.hub_a.pk]))
        .content.decode()
    )
    assert "Change the details" in html
    assert reverse("ecosystem:service_edit", args=[cast.hub_a.pk, service.pk]) in html
    assert "Add a service" in html and "Add a location" in html
    assert '<h2 id="changes-heading"' in html


def test_a_manager_edits_the_organisation_its_places_and_registration_numbers(cast, client_for):
    url = reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk])
    data = _organisation_post(
        cast,
        name="Northway Hub",
        places=[str(cast.place_a.pk), str(cast.place_b.pk)],
    )
    response = client_for("manager_a").post(url, data)
    assert response.status_code == 302 and response.url == reverse(
        "ecosystem:manage", args=[cast.hub_a.pk]
    )
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.name == "Northway Hub" and hub.phone == "01942 000000"
    assert set(hub.places.all()) == {cast.place_a, cast.place_b}
    assert [(i.scheme, i.identifier) for i in hub.identifiers.all()] == [
        ("fca-mutuals", "IP30471R")
    ]

    html = client_for("manager_a").get(url).content.decode()
    assert "Changed by Morgan Demo (name, description, website, phone)" in html
    assert "Also changed: places served, registration numbers" in html
    assert 'value="IP30471R"' in html


def test_posting_the_catalyst_flag_changes_nothing(cast, client_for):
    url = reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk])
    data = _organisation_post(
        cast, is_catalyst_hub="", kind="funder", slug="taken-over", is_demo=""
    )
    assert client_for("manager_a").post(url, data).status_code == 302
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.is_catalyst_hub and hub.kind == "hub" and hub.slug == cast.hub_a.slug and hub.is_demo
    assert "is_catalyst_hub" not in client_for("manager_a").get(url).content.decode()


def test_bad_organisation_details_are_explained_beside_each_field_kept_and_not_saved(
    cast, client_for
):
    url = reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk])
    data = _organisation_post(
        cast,
        name="",
        email="not-an-email",
        website="not a web address",
        description="Typed and kept.",
        **{"identifiers-0-scheme": "oscr", "identifiers-0-identifier": "12345"},
    )
    response = client_for("manager_a").post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Details:" in html
    assert _field_error(html, "id_name") == "Enter the organisation&#x27;s name."
    assert _field_error(html, "id_email") == "Enter an email address like name@example.org."
    assert _field_error(html, "id_website") == "Enter a web address like https://www.example.org."
    assert "A Scottish charity number is SC and 6 digits" in html
    assert 'href="#id_email"' in html  # the summary links to the field
    assert 'value="not-an-email"' in html and "Typed and kept." in html and 'value="12345"' in html
    hub = Organisation.objects.get(pk=cast.hub_a.pk)
    assert hub.name == "Northway Community Hub" and not hub.identifiers.exists()


def test_two_numbers_for_one_register_are_explained_beside_the_second(cast, client_for):
    url = reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk])
    data = _organisation_post(
        cast,
        **{
            "identifiers-0-scheme": "other",
            "identifiers-0-identifier": "A1",
            "identifiers-1-scheme": "other",
            "identifiers-1-identifier": "B2",
        },
    )
    html = client_for("manager_a").post(url, data).content.decode()
    assert (
        _field_error(html, "id_identifiers-1-scheme")
        == "You have given a number for this register already."
    )
    assert not cast.hub_a.identifiers.exists()


def test_staff_see_the_details_but_cannot_change_them(cast, client_for):
    url = reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk])
    response = client_for("staff_a").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only its managers can change them." in html
    assert re.search(r'<input type="text" name="name"[^>]*disabled', html)
    assert "Save the details" not in html
    assert (
        client_for("staff_a").post(url, _organisation_post(cast, name="Staff rename")).status_code
        == 403
    )
    assert Organisation.objects.get(pk=cast.hub_a.pk).name == "Northway Community Hub"


def test_a_manager_of_hub_a_gets_not_found_for_hub_b(cast, client_for):
    for name in ("ecosystem:manage", "ecosystem:organisation_edit", "ecosystem:service_create"):
        assert client_for("manager_a").get(reverse(name, args=[cast.hub_b.pk])).status_code == 404


# Services ----------------------------------------------------------------------------------


def test_a_manager_adds_a_service_with_opening_times(cast, client_for):
    manager = client_for("manager_a")
    response = manager.post(
        reverse("ecosystem:service_create", args=[cast.hub_a.pk]), _service_post(cast)
    )
    assert response.status_code == 302
    service = Service.objects.get(organisation=cast.hub_a)
    assert service.slug == "food-business-clinic" and not service.is_free
    assert service.fees_description == "£5 a visit." and service.capacity == "limited"
    assert {lang.code for lang in service.languages.all()} == {"en", "pl"}
    [schedule] = service.schedules.all()
    assert (schedule.byday, schedule.description) == ("TH", "Drop in")
    assert schedule.closes_at.strftime("%H:%M") == "12:30"
    followed = manager.get(response.url).content.decode()
    assert "“Food business clinic” is added to the directory." in followed


def test_bad_service_details_are_explained_beside_each_field_kept_and_not_saved(cast, client_for):
    data = _service_post(
        cast,
        name="Typed name",
        fees_description="",
        support_types=[],
        **{
            "times-0-opens_at": "9am",
            "times-1-byday": "MO",
            "times-1-opens_at": "17:00",
            "times-1-closes_at": "09:00",
        },
    )
    response = client_for("manager_a").post(
        reverse("ecosystem:service_create", args=[cast.hub_a.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        _field_error(html, "id_fees_description") == "Say what it costs, or choose that it is free."
    )
    assert "Choose at least one type of support, so people can find it." in html
    assert (
        _field_error(html, "id_times-0-opens_at")
        == "Enter a time on the 24-hour clock, like 09:30 or 17:00."
    )
    assert (
        _field_error(html, "id_times-1-closes_at")
        == "The closing time must be after the opening time."
    )
    assert "Opening time 2, closes at: The closing time must be after the opening time." in html
    assert 'value="Typed name"' in html and 'value="9am"' in html
    assert not Service.objects.exists() and not Schedule.objects.exists()


def test_a_manager_edits_a_service_and_removes_an_opening_time(cast, client_for):
    centre = LocationFactory(organisation=cast.hub_a, name="Centre")
    client = client_for("manager_a")
    client.post(reverse("ecosystem:service_create", args=[cast.hub_a.pk]), _service_post(cast))
    service = Service.objects.get()
    schedule = service.schedules.get()
    url = reverse("ecosystem:service_edit", args=[cast.hub_a.pk, service.pk])
    form = client.get(url).content.decode()
    assert 'value="Food business clinic"' in form and f'value="{schedule.pk}"' in form
    data = _service_post(
        cast,
        locations=[str(centre.pk)],
        capacity="closed",
        **{
            "times-TOTAL_FORMS": "3",
            "times-INITIAL_FORMS": "1",
            "times-0-id": str(schedule.pk),
            "times-0-DELETE": "on",
            "times-1-byday": "FR",
            "times-1-opens_at": "09:00",
            "times-1-closes_at": "11:00",
            "times-1-location": str(centre.pk),
            "times-2-byday": "",
            "times-2-opens_at": "",
            "times-2-closes_at": "",
        },
    )
    assert client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.capacity == "closed"
    [friday] = service.schedules.all()
    assert friday.byday == "FR" and friday.service_at_location.location == centre
    html = client.get(url).content.decode()
    assert "Changed by Morgan Demo (capacity)" in html
    assert "Also changed: opening times, locations" in html


def test_a_manager_retires_a_service_and_can_list_it_again(cast, client_for, client):
    service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
    manager = client_for("manager_a")
    response = manager.post(reverse("ecosystem:service_retire", args=[cast.hub_a.pk, service.pk]))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == "defunct"
    assert client.get(service.get_absolute_url()).status_code == 404
    html = manager.get(
        reverse("ecosystem:service_edit", args=[cast.hub_a.pk, service.pk])
    ).content.decode()
    assert "This service is retired" in html and "Retire “" not in html


def test_a_service_of_another_organisation_is_not_found_under_this_one(cast, client_for):
    theirs = ServiceFactory(organisation=cast.hub_b, support_types=["coaching"])
    url = reverse("ecosystem:service_edit", args=[cast.hub_a.pk, theirs.pk])
    assert client_for("manager_a").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 404


# Locations ---------------------------------------------------------------------------------


def test_a_manager_adds_a_location_and_its_postcode_is_tidied_and_placed(cast, client_for):
    data = {
        "name": "Market hall",
        "address_1": "1 Market Street",
        "city": "Wigan",
        "postcode": "wn11aa",
    }
    response = client_for("manager_a").post(
        reverse("ecosystem:location_create", args=[cast.hub_a.pk]), data
    )
    assert response.status_code == 302
    location = Location.objects.get(organisation=cast.hub_a)
    assert location.postcode == "WN1 1AA" and location.place == cast.place_a


def test_a_bad_postcode_is_explained_beside_the_field_and_kept(cast, client_for):
    data = {
        "name": "Market hall",
        "address_1": "1 Market Street",
        "city": "Wigan",
        "postcode": "WN9 9ZZ",
    }
    response = client_for("manager_a").post(
        reverse("ecosystem:location_create", args=[cast.hub_a.pk]), data
    )
    html = response.content.decode()
    assert _field_error(html, "id_postcode") == "We cannot find WN9 9ZZ. Check it is right."
    assert 'value="WN9 9ZZ"' in html and 'value="Market hall"' in html
    assert not Location.objects.exists()


def test_a_manager_removes_a_location(cast, client_for):
    location = LocationFactory(organisation=cast.hub_a)
    url = reverse("ecosystem:location_delete", args=[cast.hub_a.pk, location.pk])
    assert client_for("manager_a").post(url).status_code == 302
    assert not Location.objects.filter(pk=location.pk).exists()


# Links between the pages ------------------------------------------------------------------


def test_the_team_page_links_to_the_directory_entry_and_managers_can_invite(cast, client_for):
    team = reverse("ecosystem:team", args=[cast.hub_a.pk])
    html = client_for("manager_a").get(team).content.decode()
    assert f'href="{reverse("ecosystem:manage", args=[cast.hub_a.pk])}"' in html
    assert "Invite someone" in html
    assert "Invite someone" not in client_for("staff_a").get(team).content.decode()


def test_manage_pages_have_a_strict_policy_and_no_inline_styles_or_scripts(cast, client_for):
    from tests.core.test_content_security_policy import INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_TAG

    service = ServiceFactory(organisation=cast.hub_a, support_types=["coaching"])
    location = LocationFactory(organisation=cast.hub_a)
    client = client_for("manager_a")
    for url in [
        reverse("ecosystem:manage", args=[cast.hub_a.pk]),
        reverse("ecosystem:organisation_edit", args=[cast.hub_a.pk]),
        reverse("ecosystem:service_create", args=[cast.hub_a.pk]),
        reverse("ecosystem:service_edit", args=[cast.hub_a.pk, service.pk]),
        reverse("ecosystem:location_edit", args=[cast.hub_a.pk, location.pk]),
        reverse("ecosystem:invite", args=[cast.hub_a.pk]),
        reverse("ecosystem:team", args=[cast.hub_a.pk]),
    ]:
        response = client.get(url)
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html) and not STYLE_TAG.search(html), url
        assert " onclick=" not in html, url


def test_a_manager_gives_a_service_an_age_range_that_the_oruk_feed_publishes(cast, client_for):
    client = client_for("manager_a")
    url = reverse("ecosystem:service_create", args=[cast.hub_a.pk])
    response = client.post(url, _service_post(cast, minimum_age="30", maximum_age="18"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        _field_error(html, "id_maximum_age") == "The oldest age cannot be below the youngest age."
    )
    assert 'value="30"' in html and not Service.objects.exists()
    response = client.post(url, _service_post(cast, minimum_age="16", maximum_age="25"))
    assert response.status_code == 302
    service = Service.objects.get()
    assert (service.minimum_age, service.maximum_age) == (16, 25)
    record = client.get(f"/api/oruk/services/{service.pk}").json()
    assert (record["minimum_age"], record["maximum_age"]) == (16, 25)
