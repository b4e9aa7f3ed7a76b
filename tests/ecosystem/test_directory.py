"""The public directory: anyone can find a service by place, support type and more, with no sign-in."""

import re
from datetime import time

import pytest

from ecosystem.models import Language, Schedule, Service, ServiceAtLocation
from tests.ecosystem.factories import LocationFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SERVICES = "/directory/services/"


@pytest.fixture
def directory(cast):
    """Two hubs' services: one in Wigan at a location with opening times, one online in Bradford."""
    coaching = ServiceFactory(
        organisation=cast.hub_a,
        name="Start-up coaching",
        slug="start-up-coaching",
        description="One-to-one coaching for people with an idea for a co-operative.",
        eligibility="Anyone living in Wigan borough.",
        is_free=False,
        fees_description="£10 a session; free for people on Universal Credit.",
        capacity=Service.Capacity.LIMITED,
        support_types=["coaching"],
        business_types=["co-operative"],
    )
    coaching.languages.add(Language.objects.get(code="en"), Language.objects.get(code="ur"))
    centre = LocationFactory(
        organisation=cast.hub_a,
        name="Northway Centre",
        address_1="12 Northway",
        city="Wigan",
        postcode="WN1 1AA",
        place=cast.place_a,
    )
    link = ServiceAtLocation.objects.create(service=coaching, location=centre)
    Schedule.objects.create(
        service=coaching,
        service_at_location=link,
        byday="MO",
        opens_at=time(9),
        closes_at=time(17),
    )
    Schedule.objects.create(
        service=coaching, byday="WE", opens_at=time(18), closes_at=time(20), description="By phone"
    )
    premises = ServiceFactory(
        organisation=cast.hub_b,
        name="Premises finder",
        slug="premises-finder",
        description="Help to find a shop, a kitchen or a workshop.",
        capacity=Service.Capacity.WAITING_LIST,
        delivery_mode=Service.DeliveryMode.ONLINE,
        support_types=["premises"],
    )
    retired = ServiceFactory(
        organisation=cast.hub_a,
        name="Old workshop series",
        slug="old-workshop-series",
        status=Service.Status.DEFUNCT,
        support_types=["training"],
    )
    return {"coaching": coaching, "premises": premises, "retired": retired, "centre": centre}


def _names(response) -> list[str]:
    return [service.name for service in response.context["page_obj"].object_list]


# The pages ------------------------------------------------------------------------------


def test_it_opens_the_directory_with_a_search_box_places_and_support_types(client, cast):
    response = client.get("/directory/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html and 'action="/directory/services/"' in html
    assert '<label class="form-label" for="directory-q">' in html
    assert 'href="/directory/places/wigan/"' in html
    assert 'href="/directory/services/?support_type=coaching"' in html


def test_it_lists_places_with_their_organisations(client, cast):
    html = client.get("/directory/places/").content.decode()
    assert 'href="/directory/places/wigan/">Wigan</a>' in html
    assert "(2 organisations)" in html  # Wigan: hub A and the commissioning team


def test_a_place_shows_its_ecosystem(client, cast, directory):
    response = client.get("/directory/places/wigan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Business support in Wigan" in html
    assert cast.hub_a.name in html and cast.hub_b.name not in html
    assert [s.name for s in response.context["services"]] == ["Start-up coaching"]
    assert 'href="/directory/services/?place=wigan&amp;support_type=coaching">Coaching</a>' in html
    assert "(1 service)" in html


def test_an_organisation_page_shows_what_it_is_with_a_demo_label(client, cast, directory):
    cast.hub_a.identifiers.create(scheme="fca-mutuals", identifier="30471R")
    response = client.get(cast.hub_a.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<span class="badge demo-badge">Demo' in html
    assert "Community benefit society" in html
    assert "FCA Mutuals Public Register (society number)</dt><dd>30471R" in html
    assert 'href="/directory/places/wigan/">Wigan</a>' in html
    assert "Start-up coaching" in html and "Old workshop series" not in html
    assert "12 Northway" in html and "WN1 1AA" in html
    assert 'href="mailto:hello@northway.demo.test"' in html


def test_an_organisation_that_is_not_demo_data_has_no_demo_label(client, cast):
    real = OrganisationFactory(is_demo=False, slug="a-real-one")
    assert "demo-badge" not in client.get(real.get_absolute_url()).content.decode()


def test_a_service_page_says_what_who_for_cost_delivery_languages_capacity_where_and_when(
    client, directory
):
    service = directory["coaching"]
    response = client.get(service.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        service.get_absolute_url()
        == "/directory/organisations/northway-community-hub/services/start-up-coaching/"
    )
    assert "<h1>Start-up coaching</h1>" in html
    assert "Demo" in html
    assert "Anyone living in Wigan borough." in html
    assert "For: co-operative." in html
    assert "There is a charge" in html and "£10 a session" in html
    assert "<dt>Taking new people?</dt><dd>Limited places</dd>" in html
    assert "<dt>How it is delivered</dt><dd>In person</dd>" in html
    assert "<dt>Languages</dt><dd>English, Urdu</dd>" in html
    assert "12 Northway<br>Wigan<br>WN1 1AA</address>" in html
    assert "<caption>Opening times at Northway Centre</caption>" in html
    assert '<th scope="row">Monday</th><td>09:00 to 17:00</td>' in html
    assert '<th scope="row">Wednesday</th><td>18:00 to 20:00</td><td>By phone</td>' in html
    # No contact details of its own: the organisation's are shown.
    assert 'href="mailto:hello@northway.demo.test"' in html


def test_a_service_for_every_kind_of_business_says_so(client, directory):
    html = client.get(directory["premises"].get_absolute_url()).content.decode()
    assert "Every kind of business." in html
    assert "<dd>Waiting list</dd>" in html
    assert "Online: no fixed place or times are listed." in html


def test_a_retired_service_is_not_found(client, directory):
    assert client.get(directory["retired"].get_absolute_url()).status_code == 404
    assert "Old workshop series" not in _names(client.get(SERVICES))


def test_unknown_slugs_are_not_found(client, cast):
    for url in [
        "/directory/places/atlantis/",
        "/directory/organisations/nobody/",
        "/directory/organisations/northway-community-hub/services/nothing/",
    ]:
        assert client.get(url).status_code == 404, url


# Finding services ---------------------------------------------------------------------


def test_it_lists_every_listed_service_with_a_count(client, directory):
    response = client.get(SERVICES)
    html = response.content.decode()
    assert _names(response) == ["Premises finder", "Start-up coaching"]
    assert ">2 services</h2>" in html
    assert "<title>Find support: 2 services |" in html


def test_it_finds_services_by_place_and_support_type(client, directory):
    response = client.get(SERVICES, {"place": "wigan", "support_type": "coaching"})
    assert _names(response) == ["Start-up coaching"]
    assert ">1 service found</h2>" in response.content.decode()
    assert _names(client.get(SERVICES, {"place": "bradford", "support_type": "coaching"})) == []
    assert _names(client.get(SERVICES, {"place": "bradford"})) == ["Premises finder"]


def test_a_service_at_a_location_in_a_place_is_found_there_even_if_its_organisation_is_elsewhere(
    client, cast, directory
):
    outreach = LocationFactory(organisation=cast.hub_b, name="Wigan outreach", place=cast.place_a)
    ServiceAtLocation.objects.create(service=directory["premises"], location=outreach)
    assert _names(client.get(SERVICES, {"place": "wigan"})) == [
        "Premises finder",
        "Start-up coaching",
    ]


def test_several_support_types_find_services_of_any_of_them(client, directory):
    response = client.get(SERVICES, {"support_type": ["coaching", "premises"]})
    assert _names(response) == ["Premises finder", "Start-up coaching"]


def test_a_business_type_finds_services_for_it_and_for_every_kind_of_business(client, directory):
    assert _names(client.get(SERVICES, {"business_type": "co-operative"})) == [
        "Premises finder",
        "Start-up coaching",
    ]
    assert _names(client.get(SERVICES, {"business_type": "charity"})) == ["Premises finder"]


def test_it_finds_services_by_language_capacity_and_delivery(client, directory):
    assert _names(client.get(SERVICES, {"language": "ur"})) == ["Start-up coaching"]
    assert _names(client.get(SERVICES, {"capacity": "waiting-list"})) == ["Premises finder"]
    assert _names(client.get(SERVICES, {"capacity": ["open", "limited"]})) == ["Start-up coaching"]
    assert _names(client.get(SERVICES, {"delivery": "online"})) == ["Premises finder"]


def test_it_searches_names_and_descriptions_for_every_word(client, directory):
    assert _names(client.get(SERVICES, {"q": "coaching"})) == ["Start-up coaching"]
    assert _names(client.get(SERVICES, {"q": "KITCHEN"})) == ["Premises finder"]
    assert _names(client.get(SERVICES, {"q": "kitchen coaching"})) == []


def test_the_filters_are_kept_in_the_form_and_the_page_links(client, cast, directory):
    for n in range(25):
        ServiceFactory(
            organisation=cast.hub_a, name=f"Coaching circle {n:02d}", support_types=["coaching"]
        )
    response = client.get(SERVICES, {"place": "wigan", "support_type": "coaching"})
    html = response.content.decode()
    assert ">26 services found</h2>" in html
    assert '<option value="wigan" selected>Wigan</option>' in html
    assert 'value="coaching"' in html and "checked" in html
    assert 'href="?place=wigan&amp;support_type=coaching&amp;page=2"' in html
    second = client.get(SERVICES, {"place": "wigan", "support_type": "coaching", "page": "2"})
    assert len(second.context["page_obj"].object_list) == 6


def test_empty_parameters_are_dropped_from_the_address(client, directory):
    response = client.get(
        SERVICES + "?q=&place=wigan&language=&support_type=&support_type=coaching"
    )
    assert response.status_code == 302
    assert response.url == SERVICES + "?place=wigan&support_type=coaching"
    assert client.get(SERVICES + "?q=&place=").url == SERVICES


def test_an_unknown_filter_value_gets_a_clear_message_and_the_other_filters_still_work(
    client, directory
):
    response = client.get(SERVICES, {"place": "atlantis", "support_type": "coaching"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in html
    assert "We do not know the place “atlantis”. Choose one from the list." in html
    assert 'href="#id_place"' in html
    assert _names(response) == ["Start-up coaching"]
    assert "<title>Error: Find support" in html


@pytest.mark.parametrize(
    "query",
    [
        {"support_type": "juggling"},
        {"business_type": "pirate-ship"},
        {"language": "xx"},
        {"capacity": "infinite"},
        {"delivery": "pigeon"},
        {"place": "\x00"},
        {"support_type": "a" * 5000},
        {"q": "x" * 500},
    ],
)
def test_odd_filter_values_never_break_the_page(client, directory, query):
    response = client.get(SERVICES, query)
    assert response.status_code == 200
    assert "Some filters could not be used" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("abc", "“abc” is not a page number, so here is the first page."),
        ("99", "There is no page 99, so here is page 1."),
        ("-1", "There is no page -1, so here is page 1."),
    ],
)
def test_a_bad_page_number_gets_a_clear_message(client, directory, page, message):
    response = client.get(SERVICES, {"page": page})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _names(response) == ["Premises finder", "Start-up coaching"]


def test_the_filter_form_works_without_javascript_and_is_labelled(client, directory):
    html = client.get(SERVICES).content.decode()
    assert '<form method="get" action="/directory/services/"' in html
    assert '<button type="submit" class="btn btn-primary">Show services</button>' in html
    assert "<fieldset" in html and "Type of support" in html
    assert re.search(r'<label\s+for="id_q"', html) and re.search(r'<label\s+for="id_place"', html)
    assert "<h1>Find support</h1>" in html and '<h2 id="filters-heading"' in html


def test_directory_pages_have_a_strict_policy_and_no_inline_styles_or_scripts(client, directory):
    from tests.core.test_content_security_policy import INLINE_SCRIPT, STYLE_ATTRIBUTE, STYLE_TAG

    for url in [
        "/directory/",
        "/directory/places/",
        "/directory/places/wigan/",
        "/directory/organisations/",
        directory["coaching"].organisation.get_absolute_url(),
        SERVICES,
        SERVICES + "?place=atlantis",
        directory["coaching"].get_absolute_url(),
    ]:
        response = client.get(url)
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTRIBUTE.search(html) and not STYLE_TAG.search(html), url


# Organisations ------------------------------------------------------------------------


def test_it_lists_organisations_with_their_places_and_services(client, cast, directory):
    response = client.get("/directory/organisations/")
    html = response.content.decode()
    names = [o.name for o in response.context["page_obj"].object_list]
    assert names == sorted(names) and cast.hub_a.name in names
    hub_a = next(o for o in response.context["page_obj"].object_list if o.pk == cast.hub_a.pk)
    assert hub_a.service_count == 1  # the retired one is not counted
    assert "Community anchor or hub in Wigan" in html


def test_it_filters_organisations_by_place_kind_and_words(client, cast, directory):
    def names(query):
        return [
            o.name
            for o in client.get("/directory/organisations/", query).context["page_obj"].object_list
        ]

    assert names({"place": "bradford"}) == [cast.hub_b.name]
    assert names({"kind": "commissioner"}) == ["Wigan Borough Commissioning Team (demo)"]
    assert names({"q": "canal"}) == [cast.hub_b.name]
    response = client.get("/directory/organisations/", {"kind": "pirates"})
    assert "We do not know the kind of organisation “pirates”" in response.content.decode()
