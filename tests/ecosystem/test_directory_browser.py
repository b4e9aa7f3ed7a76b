"""In a real browser: a visitor finds support by place and type, with no sign-in and no JavaScript needed.

These use the browser harness of tests/browser (Chromium, a live server, axe at desktop and phone
sizes). Playwright's sync API allows one browser per thread, and the harness's session browser may
already be running in this one, so each test here drives a Chromium of its own in a thread of its own.
"""

import re
import threading
from contextlib import contextmanager
from datetime import time

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from ecosystem.models import Schedule, Service, ServiceAtLocation
from tests.browser import conftest as harness
from tests.ecosystem.factories import LocationFactory, ServiceFactory
from tests.support.cast import Cast

pytestmark = pytest.mark.browser

# The harness's live server, with the cast and Wagtail's pages put back after each flush.
_baseline_on_live_server = harness._baseline_on_live_server
server_url = harness.server_url


@contextmanager
def _own_page(server_url):
    origin = server_url.rstrip("/")
    problems = harness.BrowserProblems(origin)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(
            base_url=origin, viewport=harness.DESKTOP, locale="en-GB", proxy=harness.NO_INTERNET
        )
        context.set_default_timeout(10_000)
        context.on("console", problems.on_console)
        context.on("weberror", problems.on_web_error)
        context.on("response", problems.on_response)
        context.on("requestfailed", problems.on_request_failed)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
    assert not problems.items, "The browser reported problems:\n" + "\n".join(problems.items)


def in_own_browser(server_url, body) -> None:
    """Run body(page) in a thread with a Chromium of its own; re-raise whatever it raised."""
    failures = []

    def run():
        try:
            with _own_page(server_url) as page:
                body(page)
        except BaseException as error:  # handed back to the test's own thread
            failures.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture
def services():
    cast = Cast()
    coaching = ServiceFactory(
        organisation=cast.hub_a,
        name="Start-up coaching",
        slug="start-up-coaching",
        description="One-to-one coaching for people with an idea for a co-operative.",
        capacity=Service.Capacity.LIMITED,
        support_types=["coaching"],
    )
    centre = LocationFactory(organisation=cast.hub_a, name="Northway Centre", place=cast.place_a)
    link = ServiceAtLocation.objects.create(service=coaching, location=centre)
    Schedule.objects.create(
        service=coaching, service_at_location=link, byday="MO", opens_at=time(9), closes_at=time(17)
    )
    ServiceFactory(organisation=cast.hub_b, name="Bradford coaching", support_types=["coaching"])
    ServiceFactory(organisation=cast.hub_a, name="Wigan premises", support_types=["premises"])
    return cast


def test_a_visitor_finds_a_service_by_place_and_support_type(server_url, services):
    def visit(page):
        page.goto("/directory/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Find business support")
        harness.assert_no_axe_violations_at_each_viewport(page)

        page.get_by_role("main").get_by_role("link", name="All services").click()
        expect(page.get_by_role("heading", name="3 services")).to_be_visible()
        filters = page.get_by_role("form", name="Filter services")
        filters.get_by_label("Place", exact=True).select_option(label="Wigan")
        filters.get_by_role("group", name="Type of support").get_by_label("Coaching").check()
        filters.get_by_role("button", name="Show services").click()

        expect(page).to_have_url(
            re.compile(r"/directory/services/\?place=wigan&support_type=coaching$")
        )
        expect(page).to_have_title(re.compile(r"^Find support: 1 service found"))
        expect(page.get_by_role("status")).to_contain_text("1 service found")
        expect(page.get_by_label("Place", exact=True)).to_have_value("wigan")
        harness.assert_no_axe_violations_at_each_viewport(page)

        page.get_by_role("link", name="Start-up coaching").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Start-up coaching")
        main = page.get_by_role("main")
        expect(main).to_contain_text("Limited places")
        expect(main.locator(".demo-badge").first).to_have_text(re.compile(r"^Demo"))
        expect(main.get_by_role("table", name="Opening times at Northway Centre")).to_contain_text(
            "Monday"
        )
        harness.assert_no_axe_violations_at_each_viewport(page)

    in_own_browser(server_url, visit)


def test_directory_pages_have_no_axe_violations_and_fit_a_phone(server_url, services):
    urls = [
        "/directory/places/",
        "/directory/places/wigan/",
        "/directory/organisations/",
        services.hub_a.get_absolute_url(),
        "/directory/services/?place=atlantis&page=abc",
    ]

    def visit(page):
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, url
            harness.assert_no_axe_violations_at_each_viewport(page)
            page.set_viewport_size(harness.PHONE)
            assert (
                page.evaluate("document.documentElement.scrollWidth") <= harness.PHONE["width"]
            ), url
            page.set_viewport_size(harness.DESKTOP)

    in_own_browser(server_url, visit)
