"""A commissioner reads Wigan's dashboard: chooses a period, reads a chart and its table,
downloads it and a printable report, and reads the living model for Wigan; hub B's staff are
told the place does not exist."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport
from tests.browser.test_referrals import _fits_a_phone, _signed_in_as
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(monkeypatch, tmp_path):
    from demo.management.commands import seed_demo

    monkeypatch.setenv("DEMO_PASSWORD", PERSONA_PASSWORD)
    monkeypatch.setattr(seed_demo, "PASSWORD_FILE", tmp_path / ".demo-password")
    call_command("seed_demo", force=True)


def test_the_commissioner_reads_and_downloads_the_wigan_dashboard_and_the_living_model(
    demo, page, context, server_url
):
    _signed_in_as(page, context, server_url, "commissioner@demo.test")
    page.get_by_role("link", name="what the support adds up to in Wigan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wigan: what the support adds up to")
    expect(page.get_by_text("The last 12 full months").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)

    # A chart is a picture with its own title, and its table says the same in words.
    funnel = page.get_by_role("img", name="How far journeys had come")
    expect(funnel).to_be_visible()
    table = page.get_by_role("table", name="How far journeys had come")
    expect(table.get_by_role("rowheader", name="Enquiry")).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_attached()

    # Another period, without JavaScript's help: the form is a plain GET.
    page.get_by_label("Period", exact=True).select_option("last-financial-year")
    page.get_by_role("button", name="Show this period").click()
    expect(page).to_have_url(
        f"{server_url}/insights/places/wigan/?period=last-financial-year&start=&end="
    )
    expect(page.get_by_text("Last financial year (").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="CSV of how far journeys had come").click()
    download = waiting.value
    assert download.suggested_filename.startswith("wigan-journeys-reached-")
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Stage", "This place", "Went on from the stage before"]
    assert [row[0] for row in rows[1:7]] == [
        "Enquiry",
        "Exploring an idea",
        "Planning",
        "Starting up",
        "Trading",
        "Growing",
    ]
    with page.expect_download() as waiting:
        page.get_by_role(
            "link", name="Excel of where journeys stood at the end of the period"
        ).click()
    assert waiting.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(waiting.value.path().read_bytes())).active
    assert [c.value for c in next(sheet.iter_rows())] == ["Stage", "This place"]

    # A printable report is made in the background (eagerly here) and kept for its owner.
    page.get_by_role("button", name="Make a printable report (PDF) of this period").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Printable report: Wigan")
    expect(page.get_by_text("Last financial year (").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert waiting.value.suggested_filename.startswith("wigan-report-")
    assert waiting.value.path().read_bytes().startswith(b"%PDF")

    # The living model: an element page, and the model table, with Wigan's figures.
    from logicmodel.models import Element

    element = (
        Element.objects.filter(logic_model__slug="empowering-places", section__slug="activities")
        .order_by("position")
        .first()
    )
    page.goto(element.get_absolute_url())
    page.get_by_label("Place", exact=True).select_option("wigan")
    page.get_by_role("button", name="Show this place").click()
    expect(page.get_by_role("heading", name="What the data says")).to_be_visible()
    expect(page.get_by_text("in Wigan.").first).to_be_visible()
    expect(page.get_by_text("Sessions of this kind of support")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)
    page.goto("/model/empowering-places/?place=wigan")
    expect(page.get_by_text("in Wigan. A count from 1 to 4").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)


def test_hub_b_staff_are_told_wigan_has_no_dashboard(demo, page, context, server_url):
    _signed_in_as(page, context, server_url, "staff.b@demo.test")
    response = page.goto("/insights/places/wigan/")
    assert response.status == 404
    page.goto("/insights/")
    expect(page.get_by_role("link", name="Wigan")).to_have_count(0)
    expect(page.get_by_role("link", name="Bradford")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
