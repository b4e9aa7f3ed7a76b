"""From an approved public story to a case study page, and down again when consent goes.

case_study_send makes a draft page in the "Case study review" workflow; a site editor
publishes it (the story moves to published) or takes it off (back to approved).
Withdrawing consent deletes the page with everything Wagtail keeps of it, in one step.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.log_actions import LogContext
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

from stories.models import Consent, Story, StoryChange
from stories.pages import CaseStudyPage
from stories.publishing import WORKFLOW_NAME, case_study_send
from stories.services import story_set_public_text, story_withdraw_consent
from tests.stories.factories import capture_story, jpeg_upload

pytestmark = pytest.mark.django_db

NARRATIVE = "Amira and three friends baked at home.\n\nNow the co-operative pays four wages."
PUBLIC_TITLE = "Four friends and a bread oven"
PUBLIC_TEXT = "Four friends in Wigan turned home baking into a co-operative that pays four wages."


def _approved(cast, *, named=True, level=Consent.Level.PUBLIC, images=(), **kwargs):
    staff = cast.user("staff_a")
    return capture_story(
        actor=staff,
        organisation=cast.hub_a,
        subject=cast.user("entrepreneur"),
        title="From kitchen table to market stall",
        narrative=NARRATIVE,
        level=level,
        named=named,
        images=images,
        approve_by=staff,
        **kwargs,
    )


def _anonymous_with_public_text(cast):
    story = _approved(cast, named=False)
    return story_set_public_text(
        story=story, actor=cast.user("staff_a"), title=PUBLIC_TITLE, text=PUBLIC_TEXT
    )


def _publish(page, user):
    """Publish the latest revision as an editor signed in to the CMS would."""
    with LogContext(user=user):
        page.get_latest_revision().publish(user=user)
    return CaseStudyPage.objects.get(pk=page.pk)


def test_sending_makes_a_draft_page_in_the_editors_review(cast, client):
    story = _approved(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))

    page = CaseStudyPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.story == story
    assert page.get_parent().slug == "case-studies"
    assert (page.title, page.attribution) == ("From kitchen table to market stall", "Amira Example")
    assert "four wages" in page.body
    assert (
        page.summary
        == "Amira and three friends baked at home. Now the co-operative pays four wages."
    )
    assert page.place == cast.place_a
    draft = page.get_latest_revision_as_object()
    assert [theme.slug for theme in draft.themes.all()] == ["food"]
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == WORKFLOW_NAME
    task = state.current_task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == ["Site editors"]
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert story.changes.last().comment.startswith("Sent to the website")
    # Not on the website until an editor publishes it.
    assert client.get(page.url).status_code == 404


def test_sending_twice_keeps_one_page_and_one_review(cast):
    story = _approved(cast)
    first = case_study_send(story=story, actor=cast.user("staff_a"))
    second = case_study_send(story=story, actor=cast.user("manager_a"))
    assert first.pk == second.pk
    assert CaseStudyPage.objects.filter(story=story).count() == 1
    assert WorkflowState.objects.filter(object_id=str(first.pk)).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"level": Consent.Level.ORGANISATION}, "does not reach the public"),
        ({"level": Consent.Level.NETWORK}, "does not reach the public"),
        ({"named": False}, "needs an approved public version"),
        ({"review_on": "past"}, "past its review date"),
    ],
)
def test_it_refuses_a_story_whose_consent_does_not_allow_it(cast, change, message):
    story = _approved(cast)
    if change.get("review_on") == "past":
        change = {"review_on": timezone.localdate() - timedelta(days=1)}
    Consent.objects.filter(story=story).update(**change)
    with pytest.raises(ValidationError, match=message):
        case_study_send(story=story, actor=cast.user("staff_a"))
    assert not CaseStudyPage.objects.exists()


def test_it_refuses_a_story_not_yet_approved(cast):
    story = capture_story(
        actor=cast.user("staff_a"), organisation=cast.hub_a, submit=True, narrative=NARRATIVE
    )
    with pytest.raises(ValidationError, match="must be approved"):
        case_study_send(story=story, actor=cast.user("staff_a"))
    assert not CaseStudyPage.objects.exists()


def test_it_refuses_anyone_who_does_not_look_after_the_story(cast):
    story = _approved(cast)
    for persona in ["staff_b", "editor", "entrepreneur"]:
        with pytest.raises(PermissionDenied):
            case_study_send(story=story, actor=cast.user(persona))
    assert not CaseStudyPage.objects.exists()


def test_an_anonymous_page_carries_only_the_public_version(cast, client):
    story = _anonymous_with_public_text(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    page = _publish(page, cast.user("editor"))

    assert (page.title, page.attribution) == (PUBLIC_TITLE, "Anonymous")
    html = client.get(page.url).content.decode()
    assert PUBLIC_TITLE in html and "turned home baking" in html and "Anonymous" in html
    for private in ["Amira", "kitchen table", "three friends"]:
        assert private not in html, private
        for revision in Revision.objects.filter(object_id=str(page.pk)):
            assert private not in str(revision.content), private


def test_an_anonymous_page_takes_no_picture_of_the_story(cast, client):
    story = _approved(cast, named=False, images=[(jpeg_upload(), "Amira at her bread oven")])
    story = story_set_public_text(
        story=story, actor=cast.user("staff_a"), title=PUBLIC_TITLE, text=PUBLIC_TEXT
    )
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    page = _publish(page, cast.user("editor"))

    assert page.image is None and page.image_alt_text == ""
    assert not get_image_model().objects.exists()
    html = client.get(page.url).content.decode()
    assert "Amira" not in html and "<img" not in html


def test_publishing_the_revision_moves_the_story_to_published(cast, client):
    story = _approved(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    page = _publish(page, cast.user("editor"))

    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    change = story.changes.last()
    assert (change.from_status, change.to_status) == (Story.Status.APPROVED, Story.Status.PUBLISHED)
    # The editor who published it, not the staff member who saved the revision.
    assert change.changed_by == cast.user("editor")
    assert client.get(page.url).status_code == 200


def test_an_editor_approving_the_review_in_the_cms_publishes_it(cast, client_for):
    story = _approved(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    task_state = page.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        kwargs={"page_id": page.pk, "action_name": "approve", "task_state_id": task_state.pk},
    )
    response = client_for("editor").post(url, {"comment": ""})
    assert response.status_code in (200, 302), response.status_code

    story.refresh_from_db()
    page = CaseStudyPage.objects.get(pk=page.pk)
    assert page.live
    assert [theme.slug for theme in page.themes.all()] == ["food"]
    assert story.status == Story.Status.PUBLISHED
    assert story.changes.last().changed_by == cast.user("editor")
    assert page.current_workflow_state is None


def test_staff_cannot_approve_the_review(cast, client_for):
    story = _approved(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    task_state = page.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        kwargs={"page_id": page.pk, "action_name": "approve", "task_state_id": task_state.pk},
    )
    client_for("staff_a").post(url, {"comment": ""})
    assert not CaseStudyPage.objects.get(pk=page.pk).live
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED


def test_unpublishing_takes_the_story_back_to_approved(cast, client):
    story = _approved(cast)
    page = _publish(case_study_send(story=story, actor=cast.user("staff_a")), cast.user("editor"))
    page.unpublish(user=cast.user("editor"))  # no log context: the log entry says who

    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    change = story.changes.last()
    assert (change.to_status, change.comment) == (Story.Status.APPROVED, "Taken off the website.")
    assert change.changed_by == cast.user("editor")
    assert client.get(page.url).status_code == 404


def test_the_site_search_lists_a_published_case_study(cast, client):
    story = _approved(cast)
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    assert "From kitchen table" not in client.get("/search/", {"q": "kitchen"}).content.decode()
    page = _publish(page, cast.user("editor"))

    html = client.get("/search/", {"q": "kitchen"}).content.decode()
    assert "From kitchen table to market stall" in html
    assert page.url in html


def test_withdrawing_consent_takes_everything_down_in_one_step(
    cast, client, django_capture_on_commit_callbacks
):
    story = _approved(cast, images=[(jpeg_upload(), "Loaves cooling on a rack")])
    page = case_study_send(story=story, actor=cast.user("staff_a"))
    page = _publish(page, cast.user("editor"))
    image = page.image
    assert image is not None and page.image_alt_text == "Loaves cooling on a rack"
    rendition = image.get_rendition("width-100")
    files = [image.file.name, rendition.file.name]
    storage = image.file.storage
    assert all(storage.exists(name) for name in files)
    url = page.url
    assert client.get(url).status_code == 200
    assert "<img" in client.get(url).content.decode()
    assert Page.objects.live().search("kitchen")
    page_id = str(page.pk)
    assert Revision.objects.filter(object_id=page_id).exists()
    assert PageLogEntry.objects.filter(page_id=page.pk).exists()
    assert WorkflowState.objects.filter(object_id=page_id).exists()

    with django_capture_on_commit_callbacks(execute=True):
        story_withdraw_consent(story=story, actor=cast.user("staff_a"), method="verbal")

    assert not CaseStudyPage.objects.filter(pk=page.pk).exists()
    assert not Revision.objects.filter(object_id=page_id).exists()
    assert not PageLogEntry.objects.filter(page_id=page.pk).exists()
    assert not WorkflowState.objects.filter(object_id=page_id).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not Rendition.objects.filter(image_id=image.pk).exists()
    assert not any(storage.exists(name) for name in files)
    assert not list(Page.objects.live().search("kitchen"))
    assert "From kitchen table" not in client.get("/search/", {"q": "kitchen"}).content.decode()
    assert client.get(url).status_code == 404
    # What stays is the record that consent was withdrawn, by whom and how.
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN
    assert story.consent.withdrawal_method == "verbal"
    assert story.consent.withdrawn_by == cast.user("staff_a")
    assert not story.images.exists()
    last = StoryChange.objects.filter(story=story).order_by("changed_at").last()
    assert (last.from_status, last.to_status) == (Story.Status.PUBLISHED, Story.Status.WITHDRAWN)
    assert not story.changes.filter(comment="Taken off the website.").exists()
