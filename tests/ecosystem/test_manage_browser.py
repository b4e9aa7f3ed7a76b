"""In a real browser: hub A's manager edits hub A's entry, and is told hub B's does not exist."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ecosystem.models import Organisation
from tests.browser import conftest as harness
from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, field
from tests.browser.test_login import sign_in
from tests.ecosystem.factories import LocationFactory, ServiceFactory
from tests.ecosystem.test_directory_browser import in_own_browser
from tests.support.cast import PERSONA_PASSWORD, Cast

pytestmark = pytest.mark.browser

# The harness's live server, with the cast and Wagtail's pages put back after each flush.
_baseline_on_live_server = harness._baseline_on_live_server
server_url = harness.server_url


def test_manager_a_edits_hub_a_and_gets_not_found_for_hub_b(server_url):
    cast = Cast()
    hub_a, hub_b = cast.hub_a, cast.hub_b
    service = ServiceFactory(organisation=hub_a, name="Peer circle", support_types=["peer-support"])
    location = LocationFactory(organisation=hub_a, name="Northway Centre", place=cast.place_a)
    other_pages = [
        reverse("ecosystem:manage", args=[hub_a.pk]),
        reverse("ecosystem:service_edit", args=[hub_a.pk, service.pk]),
        reverse("ecosystem:service_create", args=[hub_a.pk]),
        reverse("ecosystem:location_edit", args=[hub_a.pk, location.pk]),
        reverse("ecosystem:invite", args=[hub_a.pk]),
        reverse("ecosystem:team", args=[hub_a.pk]),
    ]

    def work(page):
        page.goto("/accounts/login/")
        sign_in(page, "manager.a@demo.test", PERSONA_PASSWORD)
        expect(page).to_have_url(f"{server_url}/work/")

        page.goto(reverse("ecosystem:team", args=[hub_a.pk]))
        page.get_by_role("navigation", name=re.compile("staff pages")).get_by_role(
            "link", name="Details"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Details of Northway Community Hub"
        )
        assert_no_axe_violations_at_each_viewport(page)

        # A mistake is shown beside the field and in the summary; what was typed is kept.
        field(page, "Email").fill("not-an-email")
        page.get_by_role("button", name="Save the details").click()
        expect(page).to_have_title(re.compile(r"^Error: "))
        expect(page.get_by_role("alert")).to_contain_text(
            "Enter an email address like name@example.org."
        )
        expect(field(page, "Email")).to_have_value("not-an-email")
        expect(field(page, "Email")).to_have_accessible_description(
            re.compile("Enter an email address like name@example.org.")
        )
        assert_no_axe_violations_at_each_viewport(page)

        field(page, "Email").fill("hello@northway.example")
        field(page, "Name").fill("Northway Hub")
        page.get_by_role("button", name="Save the details").click()
        expect(page.get_by_role("status")).to_contain_text("The organisation's details are saved.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Northway Hub")
        assert_no_axe_violations_at_each_viewport(page)

        for url in other_pages:
            assert page.goto(url).status == 200, url
            assert_no_axe_violations_at_each_viewport(page)

        response = page.goto(reverse("ecosystem:organisation_edit", args=[hub_b.pk]))
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")

    in_own_browser(server_url, work)
    assert Organisation.objects.get(pk=hub_a.pk).name == "Northway Hub"
