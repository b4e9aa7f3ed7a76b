"""The logic model in the browser: the table, its columns and elements, the guide, and a checklist PDF."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport
from tests.browser.test_login import sign_in
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_model_from_the_table_to_an_element(page, server_url):
    page.goto("/model/")
    expect(page).to_have_url(f"{server_url}/model/empowering-places/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Empowering Places model")
    table = page.get_by_role("table")
    for column in [
        "National vision and purpose",
        "Conditions and inputs",
        "Processes and activities",
        "Outcomes",
        "Impact",
    ]:
        expect(table.get_by_role("columnheader", name=column)).to_be_visible()
    expect(table.get_by_role("link", name="Create a referral network")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    page.set_viewport_size({"width": 390, "height": 844})
    # On a phone the table reads as a sequence: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 800})

    table.get_by_role("columnheader").get_by_role("link", name="Processes and activities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Processes and activities")
    expect(page.get_by_role("heading", name="3. Processes")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    page.get_by_role("main").get_by_role("link", name="Relational approaches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Relational approaches")
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()
    expect(page.get_by_role("heading", name="Examples")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)


def test_the_guide_and_the_model_search_have_no_axe_violations(page):
    page.goto("/model/empowering-places/guide/")
    expect(page.get_by_role("heading", name="The five foundations")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("link", name="Search the model").click()
    page.get_by_label("Words to look for").fill("coaching")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("main").get_by_role("link", name="Relational approaches")
    ).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)


def test_a_commissioner_reads_an_element_and_downloads_its_checklist(page, server_url):
    page.goto("/accounts/login/")
    sign_in(page, "commissioner@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")
    page.goto("/model/empowering-places/conditions-and-inputs/collective-local-vision/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Collective local vision")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the checklist (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "checklist-collective-local-vision.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
