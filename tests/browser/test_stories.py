"""Stories in a real browser: staff capture a story on a journey with the person's consent and
send it for a check; it is approved and sent to the website; a site editor publishes it in the
CMS; a visitor reads it and finds it by search; then consent is withdrawn and it is gone from
the site and from search at once. A peer member's case study reaches the members' area only
after a check. Story and case-study pages have no accessibility violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport, field
from tests.browser.test_referrals import _journey_at_hub_a_for_the_entrepreneur, _signed_in_as

pytestmark = pytest.mark.browser

TITLE = "From kitchen table to Saturday market"
WORD = "sourdoughcooperative"  # one word no other page has, to search for
NARRATIVE = (
    f"Amira baked at home for friends. With the hub's help she set up a {WORD} with three "
    "neighbours.\n\nThey now sell every Saturday and pay four wages."
)
PEER_TITLE = "What our buying group taught us"


def _capture_and_approve(page, context, server_url, journey):
    """Staff of hub A capture a named public story on the journey and approve it."""
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    page.goto(journey.get_absolute_url())
    page.get_by_role("link", name="Capture a story").click()
    assert_no_axe_violations_at_each_viewport(page)

    field(page, "Title").fill(TITLE)
    field(page, "The story").fill(NARRATIVE)
    field(page, "When the change happened").fill("1/10/2026")
    page.get_by_label("Food", exact=True).check()
    page.get_by_label("The public website", exact=True).check()
    page.get_by_label("Use their name", exact=True).check()
    field(page, "Consent given by").fill("Amira Example")
    page.get_by_label("In writing", exact=True).check()
    field(page, "Date consent was given").fill("20/11/2026")
    field(page, "The person agreed to this wording").check()
    page.get_by_role("button", name="Save and send for a check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Waiting for a check").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("button", name="Approve it").click()
    expect(page.get_by_role("button", name="Send it to the website")).to_be_visible()
    page.get_by_role("button", name="Send it to the website").click()
    expect(page.get_by_text("A site editor").first).to_be_visible()


def test_a_story_goes_from_a_journey_to_the_website_and_comes_down_when_consent_goes(
    page, context, server_url
):
    from stories.models import Story
    from stories.pages import CaseStudyPage
    from tests.support.cast import Cast

    journey = _journey_at_hub_a_for_the_entrepreneur(Cast())
    _capture_and_approve(page, context, server_url, journey)
    story = Story.objects.get(title=TITLE)
    assert story.status == Story.Status.APPROVED
    case_study = CaseStudyPage.objects.get(story=story)
    assert not case_study.live

    # Not on the website before a site editor publishes it.
    context.clear_cookies()
    assert page.goto(f"/case-studies/{case_study.slug}/").status == 404

    # A site editor approves and publishes it in the CMS review workflow.
    _signed_in_as(page, context, server_url, "editor@demo.test")
    page.goto(f"/cms/pages/{case_study.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Approve and publish", re.I)).click()
    expect(page.get_by_role("status")).to_contain_text(f"Page '{TITLE}' has been updated")
    expect(page.get_by_role("link", name="Current page status: live")).to_be_visible()
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED

    # A visitor reads it in the index, on its page, and finds it by search.
    context.clear_cookies()
    page.goto("/case-studies/")
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("four wages")).to_be_visible()
    expect(page.get_by_text("Amira Example").first).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
    story_url = page.url
    page.goto(f"/search/?q={WORD}")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    # The person withdraws consent; staff record it.
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    page.goto(story.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Withdraw consent")).click()
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_label("In writing", exact=True).check()
    page.get_by_role("button", name="Withdraw consent and take the story down").click()
    expect(page.get_by_text("Consent for this story was withdrawn")).to_be_visible()

    # Gone from the page, the index and search at once.
    context.clear_cookies()
    assert page.goto(story_url).status == 404
    page.goto("/case-studies/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    page.goto(f"/search/?q={WORD}")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    assert not CaseStudyPage.objects.filter(pk=case_study.pk).exists()


def test_a_peer_members_case_study_reaches_the_members_only_after_a_check(
    page, context, server_url
):
    from stories.models import Story

    _signed_in_as(page, context, server_url, "peer@demo.test")
    page.goto("/network/case-studies/new/")
    assert_no_axe_violations_at_each_viewport(page)
    field(page, "Title").fill(PEER_TITLE)
    field(page, "Your story").fill(
        "Five of us started buying flour together. Our costs fell by a fifth in a year."
    )
    field(page, "When did the change happen?").fill("1/9/2026")
    page.get_by_label("Where it happened").select_option(index=1)
    page.get_by_label(re.compile(r"^\s*The partner network")).check()
    page.get_by_label("Yes, with my name", exact=True).check()
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Send it to be checked").click()
    expect(page.get_by_text("waiting for a check").first).to_be_visible()
    story = Story.objects.get(title=PEER_TITLE)
    assert story.status == Story.Status.SUBMITTED

    # Another member of the network does not see it yet.
    _signed_in_as(page, context, server_url, "staff.b@demo.test")
    page.goto("/network/")
    expect(page.get_by_text(PEER_TITLE)).to_have_count(0)
    page.goto("/stories/")
    expect(page.get_by_text(PEER_TITLE)).to_have_count(0)

    # A site editor checks it from the queue.
    _signed_in_as(page, context, server_url, "editor@demo.test")
    page.goto("/stories/to-check/")
    assert_no_axe_violations_at_each_viewport(page)
    page.get_by_role("link", name=PEER_TITLE).click()
    page.get_by_role("button", name="Approve it").click()
    expect(page.get_by_text("Approved").first).to_be_visible()

    # Now the network sees it.
    _signed_in_as(page, context, server_url, "staff.b@demo.test")
    page.goto("/network/")
    expect(page.get_by_role("link", name=PEER_TITLE)).to_be_visible()
    page.goto("/stories/")
    expect(page.get_by_role("link", name=PEER_TITLE)).to_be_visible()
    assert_no_axe_violations_at_each_viewport(page)
