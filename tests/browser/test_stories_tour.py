"""The demo's stories, network and most significant change pages, as the people who use them
see them: each shows its demo content and has no accessibility violations on a desktop or a
phone."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations_at_each_viewport
from tests.browser.test_referrals import _fits_a_phone, _signed_in_as
from tests.support.cast import PERSONA_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(monkeypatch, settings, tmp_path):
    from demo.management.commands import seed_demo
    from network.models import ActionLearningGroup
    from stories.models import Selection, SelectionRound, Story
    from stories.pages import CaseStudyPage

    monkeypatch.setenv("DEMO_PASSWORD", PERSONA_PASSWORD)
    monkeypatch.setattr(seed_demo, "PASSWORD_FILE", tmp_path / ".demo-password")
    call_command("seed_demo", force=True)
    from stories.rounds.selectors import element_selections

    # A closed round's choice of a story on the website, shown on the pages of its outcomes.
    chosen = [
        (element, selection)
        for selection in Selection.objects.select_related("story")
        for element in selection.story.elements.all()
        if selection in element_selections(element)
    ]
    assert chosen, "the demo has no chosen story on the website to show on the model's pages"
    return {
        "story": Story.objects.filter(
            organisation__isnull=False, status=Story.Status.PUBLISHED
        ).first(),
        "case_study": CaseStudyPage.objects.live().first(),
        "group": ActionLearningGroup.objects.first(),
        "round": SelectionRound.objects.filter(selections__isnull=False).first(),
        "chosen": chosen[0],
    }


def _visit(page, url, heading=None):
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    if heading:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_no_axe_violations_at_each_viewport(page)
    _fits_a_phone(page)


def test_staff_see_the_stories_the_checks_the_rounds_and_the_groups(
    demo, page, context, server_url
):
    _signed_in_as(page, context, server_url, "staff.a@demo.test")
    _visit(page, "/work/")
    _visit(page, "/stories/", "Stories")
    expect(page.get_by_role("link", name=demo["story"].title)).to_be_visible()
    _visit(page, "/stories/to-check/")
    _visit(page, demo["story"].get_absolute_url(), demo["story"].title)
    _visit(page, f"/stories/from/{demo['story'].journey_id}/")
    _visit(page, "/stories/rounds/")
    _visit(page, demo["round"].get_absolute_url(), demo["round"].title)
    expect(page.get_by_role("heading", name="The panel's choice").first).to_be_visible()
    _visit(page, "/network/groups/")
    _visit(page, demo["group"].get_absolute_url(), demo["group"].name)


def test_a_peer_member_sees_the_members_area_their_group_and_can_share_a_story(
    demo, page, context, server_url
):
    _signed_in_as(page, context, server_url, "peer@demo.test")
    _visit(page, "/network/")
    _visit(page, "/network/profile/")
    _visit(page, "/network/groups/")
    _visit(page, "/network/case-studies/new/")
    _visit(page, "/stories/")


def test_a_visitor_reads_the_case_studies_and_the_chosen_stories_on_the_model(
    demo, page, context, server_url
):
    _visit(page, "/case-studies/", "Stories of change")
    _visit(page, demo["case_study"].url, demo["case_study"].title)
    # Someone new is asked to sign in, or sign up, before joining the network.
    page.goto("/network/join/")
    assert "/accounts/login/?next=/network/join/" in page.url, page.url
    _signed_in_as(page, context, server_url, "commissioner@demo.test")
    element, selection = demo["chosen"]
    _visit(page, element.get_absolute_url(), element.title)
    expect(page.get_by_role("heading", name="Most significant changes")).to_be_visible()
    expect(page.get_by_text(selection.reason[:40]).first).to_be_visible()
    _visit(page, "/stories/rounds/")
