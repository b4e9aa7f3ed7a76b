"""A person downloads a copy of their own data from My journey after a fresh code; then hub A's
manager makes a copy of what the hub holds about them, downloads it, and erases it in two steps."""

import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, emails_to, field
from tests.browser.test_referrals import (
    _fits_a_phone,
    _journey_at_hub_a_for_the_entrepreneur,
    _signed_in_as,
)

pytestmark = pytest.mark.browser

PERSON = "entrepreneur@demo.test"
PEOPLES_DATA = "People\u2019s data"


def _zip_data(download) -> dict:
    with zipfile.ZipFile(download.path()) as archive:
        assert "report.html" in archive.namelist()
        return json.loads(archive.read("data.json"))


def test_a_person_and_their_hubs_manager_use_their_data_rights(page, context, server_url):
    from journeys.models import Client, Journey
    from privacy.models import Erasure
    from tests.support.cast import Cast

    journey = _journey_at_hub_a_for_the_entrepreneur(Cast())

    # The person: My journey says where their data is; a copy needs a fresh code first.
    _signed_in_as(page, context, server_url, PERSON)
    page.goto("/my-journey/")
    page.get_by_role("link", name="your data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("button", name="Make a copy of my data").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/code/"))
    assert_no_axe_violations_at_each_viewport(page)
    main = page.get_by_role("main")
    if main.get_by_role("button", name=re.compile("Request|Send", re.I)).count():
        main.get_by_role("button", name=re.compile("Request|Send", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/code/confirm/"))
    message = emails_to(PERSON)[-1]
    code = re.search(r"^\s*([A-Z0-9]{4,}(?:-[A-Z0-9]+)*)\s*$", message.body, re.MULTILINE)
    field(page.get_by_role("main"), "Code").fill(code.group(1))
    page.get_by_role("main").get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    page.get_by_role("button", name="Make a copy of my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A copy of your data")
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the copy (ZIP)").click()
    own = _zip_data(waiting.value)
    assert own["sections"]["account"]["records"][0]["Email"] == PERSON
    assert own["sections"]["journeys"]["records"][0]["Venture"] == journey.venture_name

    # The manager: finds them, makes a copy of what the hub holds and downloads it.
    _signed_in_as(page, context, server_url, "manager.a@demo.test")
    page.get_by_role("link", name=re.compile(f"{PEOPLES_DATA} at Northway Community Hub")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{PEOPLES_DATA}: Northway Community Hub"
    )
    field(page.get_by_role("main"), "Their email address, or a reference").fill(PERSON)
    page.get_by_role("button", name="Find them").click()
    expect(page.get_by_role("heading", name=re.compile("Amira Example"))).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)
    page.get_by_role("button", name="Make a copy of their data").click()
    expect(page.get_by_role("link", name="Download the copy (ZIP)")).to_be_visible()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the copy (ZIP)").click()
    held = _zip_data(waiting.value)
    assert held["held_by"] == "Northway Community Hub"
    assert "account" not in held["sections"]

    # Erasing takes two steps; a mistake is explained beside the field.
    page.goto(f"/privacy/hub/{journey.organisation_id}/?q={PERSON}")
    page.get_by_role("link", name="Erase their data…").click()
    expect(page.get_by_role("heading", name="Step 1 of 2: their request")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Tick this once you have checked.").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_label("How they asked").select_option("email")
    field(page.get_by_role("main"), "When they asked").fill("01/12/2026")
    page.get_by_label(re.compile("I have checked that nothing requires us")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Step 2 of 2: confirm")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_label(re.compile("Type their email address")).fill(PERSON)
    page.get_by_role("button", name="Erase their data now").click()
    expect(page.get_by_text(re.compile(r"The record of it is ER-"))).to_be_visible()
    erasure = Erasure.objects.get()
    expect(page.get_by_role("cell", name=erasure.reference)).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    assert Client.objects.get(pk=journey.client_id).name == "Erased"
    assert Journey.objects.get(pk=journey.pk).venture_name == "Erased"

    # The access log shows the copy and the erasure, and who opened the journey.
    page.get_by_role("link", name="Who opened which records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who opened which records")
    expect(page.get_by_role("cell", name="Their data erased")).to_be_visible()
    expect(page.get_by_role("cell", name="Copy of their data downloaded")).to_have_count(2)
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)
