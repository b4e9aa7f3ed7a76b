"""The public pages anyone can reach: keyboard access, landmarks and axe at desktop and phone size."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_no_axe_violations_at_each_viewport
from website.home import HOME_TITLE

pytestmark = pytest.mark.browser


@pytest.fixture
def website():
    """The demo's standard pages, main navigation and footer links, as an editor would set them up."""
    from demo.website import seed_website

    return seed_website()


def test_home_page_has_landmarks_a_working_skip_link_and_no_axe_violations(page, website):
    response = page.goto("/")
    assert response.status == 200
    expect(page).to_have_title(f"{HOME_TITLE} | Empowering Places")
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_TITLE)

    # One of each landmark, and the navigation regions are told apart by name.
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("banner").get_by_role("navigation", name="Main")).to_be_visible()
    expect(
        page.get_by_role("banner").get_by_role("navigation", name="Your account")
    ).to_be_visible()
    expect(page.get_by_role("contentinfo").get_by_role("navigation", name="Footer")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="About")
    ).to_be_visible()
    expect(
        page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice")
    ).to_be_visible()

    # The skip link is hidden until it gets focus, is the first thing Tab reaches, and
    # moves focus to the main content.
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/#main-content$"))
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab continues from the main content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main, footer') !== null")

    page.goto("/")
    assert_no_axe_violations_at_each_viewport(page)


def test_home_page_fits_a_phone_screen_without_sideways_scrolling(page, website):
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_search_finds_a_page_and_has_no_axe_violations(page, website):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Search")
    ).to_have_attribute("aria-current", "page")
    search = page.get_by_role("search")
    search.get_by_label("Search this site").fill("privacy")
    search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=privacy$"))
    expect(page).to_have_title("Search results for “privacy” | Empowering Places")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        re.compile(r"^[1-9]\d* results? for “privacy”$")
    )
    expect(page.get_by_label("Search this site")).to_have_value("privacy")
    result = (
        page.get_by_role("main").get_by_role("listitem").get_by_role("link", name="Privacy notice")
    )
    expect(result).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")


def test_search_with_no_matches_says_so_and_has_no_axe_violations(page, website):
    page.goto("/search/?q=zebra-crossing-xylophone")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "0 results for “zebra-crossing-xylophone”"
    )
    expect(page.get_by_text("Nothing matched. Try fewer or different words.")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)


def test_a_missing_page_answers_404_with_a_helpful_page_and_no_axe_violations(page, website):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page).to_have_title("Page not found | Empowering Places")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(
        page.get_by_role("main").get_by_role("link", name="Go to the home page")
    ).to_have_attribute("href", "/")
    expect(page.get_by_role("link", name="Skip to main content")).to_have_count(1)
    assert_no_axe_violations_at_each_viewport(page)
