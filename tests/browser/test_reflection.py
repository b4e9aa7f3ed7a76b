"""Regular reflection in a real browser: start, score, complete, start again from last time, compare."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, field
from tests.browser.test_login import sign_in
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


def _item_group(page, number, item):
    return page.get_by_role("group", name=f"{number}. {item.text}")


def _vision_items():
    from tests.logicmodel.test_assessments_support import columns, items_of

    return items_of(columns()[0])


def _start(page, *, title, on, from_last_time=False):
    form = page.get_by_role("main").locator("form")
    field(form, "Organisation or place to assess").select_option(label="Northway Community Hub")
    field(form, "Title").fill(title)
    field(form, "Date of the assessment").fill(on.strftime("%d/%m/%Y"))
    if from_last_time:
        form.get_by_label(re.compile(r"^\s*Start from last time")).check()
    form.get_by_role("button", name="Start the assessment").click()


def test_a_manager_reflects_twice_and_compares(page, server_url):
    today = timezone.localdate()
    january, june = today - datetime.timedelta(days=200), today - datetime.timedelta(days=20)
    first, second, third = _vision_items()[:3]

    page.goto("/accounts/login/")
    sign_in(page, "manager.a@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")
    page.goto("/work/reflection/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regular reflection")
    assert_no_axe_violations_at_each_viewport(page)

    # The first assessment: three items scored, then marked as complete.
    page.get_by_role("link", name="Start a new assessment").click()
    assert_no_axe_violations_at_each_viewport(page)
    _start(page, title="Winter reflection", on=january)
    expect(page.get_by_role("heading", level=1)).to_have_text("National vision and purpose")
    expect(page.get_by_role("main")).to_contain_text("You have started “Winter reflection”.")
    _item_group(page, 1, first).get_by_label("In place").check()
    _item_group(page, 2, second).get_by_label("Partly").check()
    _item_group(page, 3, third).get_by_label("Not yet").check()
    field(page, "Note on item 1").fill("Agreed at the March board")
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Conditions and inputs")
    expect(page.get_by_role("navigation", name="Columns of the checklist")).to_contain_text(
        "3 of 202 items answered in all"
    )

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Winter reflection"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter reflection")
    scores = page.get_by_role("table", name=re.compile("The figures behind the chart"))
    expect(
        scores.get_by_role("row", name=re.compile("National vision and purpose"))
    ).to_contain_text("3 of 12")
    expect(
        scores.get_by_role("row", name=re.compile("National vision and purpose"))
    ).to_contain_text("50%")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("main")).to_contain_text("The assessment is marked as complete.")
    expect(page.get_by_role("button", name="Reopen to change answers")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    # The second, later one starts from last time; one item goes up and one goes down.
    page.get_by_role("link", name="Start a new assessment").click()
    _start(page, title="Summer reflection", on=june, from_last_time=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("National vision and purpose")
    expect(_item_group(page, 1, first).get_by_label("In place")).to_be_checked()
    expect(field(page, "Note on item 1")).to_have_value("Agreed at the March board")
    _item_group(page, 1, first).get_by_label("Partly").check()
    _item_group(page, 2, second).get_by_label("In place").check()
    page.get_by_role("button", name="Save and go back to the overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summer reflection")
    expect(page.get_by_role("heading", name="Progress over time")).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)

    field(page, "Compare with").select_option(
        label=f"Winter reflection ({january.strftime('%d/%m/%Y')})"
    )
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compare assessments of Northway Community Hub"
    )
    went_up = page.get_by_role("table", name="Items that went up")
    expect(went_up.get_by_role("row", name=re.compile(re.escape(second.text)))).to_contain_text(
        "Partly"
    )
    expect(went_up).to_contain_text("In place")
    went_down = page.get_by_role("table", name="Items that went down")
    expect(went_down.get_by_role("row", name=re.compile(re.escape(first.text)))).to_be_visible()
    expect(page.get_by_role("heading", name="Went up (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Went down (1)")).to_be_visible()
    # Both years score 50% on vision (3 of 6 points, then 3 of 6): no change overall.
    changes = page.get_by_role("table", name="The figures behind the chart")
    expect(
        changes.get_by_role("row", name=re.compile("National vision and purpose"))
    ).to_contain_text("No change")
    assert_no_axe_violations_at_each_viewport(page)


def test_staff_of_another_hub_cannot_find_an_assessment(page, server_url):
    from tests.logicmodel.test_assessments_support import start
    from tests.support.cast import Cast

    assessment = start(Cast().hub_a)
    page.goto("/accounts/login/")
    sign_in(page, "staff.b@demo.test", PERSONA_PASSWORD)
    expect(page).to_have_url(f"{server_url}/work/")

    response = page.goto(f"/work/reflection/{assessment.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("main")).not_to_contain_text("Winter reflection")


def test_a_shared_summary_is_public_and_accessible(page):
    from logicmodel.assessments.services import assessment_share_summary
    from tests.logicmodel.test_assessments_support import columns, items_of, score, start
    from tests.support.cast import Cast

    assessment = score(start(Cast().hub_a), items_of(columns()[0])[:2], ["in-place", "partly"])
    assessment_share_summary(
        assessment=assessment, summary="Strong on vision; next, impact.", summary_is_public=True
    )

    page.goto(f"/reflections/{assessment.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Northway Community Hub")
    expect(page.get_by_role("main")).to_contain_text("Strong on vision; next, impact.")
    scores = page.get_by_role("table", name="The figures behind the chart")
    expect(
        scores.get_by_role("row", name=re.compile("National vision and purpose"))
    ).to_contain_text("75%")
    assert_no_axe_violations_at_each_viewport(page)
