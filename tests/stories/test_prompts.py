"""The prompt to a journey's lead worker after the journey changes stage: made once per open
stage with an email, shown on the journey's page with "Capture" and "Not now", answered by
capturing a story, put away by "Not now"."""

import pytest
from django.core import mail
from django.urls import reverse

from journeys.services import journey_move_to_stage
from stories.models import Story, StoryPrompt
from stories.services import story_prompt_dismiss
from tests.journeys.factories import ClientFactory, JourneyFactory
from tests.stories.factories import capture_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(cast):
    """Amira's journey at hub A, trading, led by staff_a."""
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a, name="Amira Example", user=cast.user("entrepreneur")
        ),
        lead_worker=cast.user("staff_a"),
        venture_name="Amira's Bakery",
        stage="trading",
    )


def _captured(cast, journey, **kwargs):
    return capture_story(actor=cast.user("staff_a"), journey=journey, **kwargs)


def test_a_stage_change_prompts_the_lead_worker_once_per_open_stage(
    cast, journey, django_capture_on_commit_callbacks
):
    staff = cast.user("staff_a")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        journey_move_to_stage(journey=journey, stage="growing", actor=staff)

    [prompt] = StoryPrompt.objects.filter(journey=journey)
    assert (prompt.user, prompt.stage, prompt.closed_at) == (staff, "growing", None)
    [email] = mail.outbox
    assert email.to == ["staff.a@demo.test"]
    assert "growing" in email.subject.lower()
    assert f"/stories/from/{journey.pk}/" in email.body
    assert "Amira Example" not in email.subject + email.body

    # Back and forth: the prompt for the stage left behind closes, one opens for the new one.
    with django_capture_on_commit_callbacks(execute=True):
        journey_move_to_stage(journey=journey, stage="trading", actor=staff)
    open_prompts = StoryPrompt.objects.filter(journey=journey, closed_at__isnull=True)
    assert [p.stage for p in open_prompts] == ["trading"]
    assert StoryPrompt.objects.filter(journey=journey).count() == 2
    assert len(mail.outbox) == 2


def test_no_lead_worker_no_prompt(cast, journey):
    journey.lead_worker = None
    journey.save()
    journey_move_to_stage(journey=journey, stage="growing", actor=cast.user("staff_a"))
    assert not StoryPrompt.objects.filter(journey=journey).exists()


def test_capturing_a_story_answers_the_prompt(cast, journey):
    journey_move_to_stage(journey=journey, stage="growing", actor=cast.user("staff_a"))
    story = _captured(cast, journey)
    prompt = StoryPrompt.objects.get(journey=journey)
    assert (prompt.story, prompt.closed_at is not None) == (story, True)


def test_dismissing_a_prompt_closes_it(cast, journey):
    journey_move_to_stage(journey=journey, stage="growing", actor=cast.user("staff_a"))
    prompt = StoryPrompt.objects.get(journey=journey)
    story_prompt_dismiss(prompt=prompt, actor=cast.user("staff_a"))
    prompt.refresh_from_db()
    assert (prompt.closed_at is not None, prompt.story) == (True, None)


# On the journey's page -------------------------------------------------------------------


def test_moving_a_journey_on_shows_the_prompt_until_not_now(
    cast, client_for, journey, django_capture_on_commit_callbacks
):
    client = client_for("manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(
            reverse("journeys:stage", args=[journey.pk]), {"stage": "growing", "reason": ""}
        )
    assert moved.status_code == 302
    prompt = StoryPrompt.objects.get(journey=journey, closed_at__isnull=True)
    assert prompt.user == cast.user("staff_a")  # the lead worker, not whoever moved it

    page = client.get(journey.get_absolute_url()).content.decode()
    assert "This journey moved to growing: is there a story of that change?" in page
    assert reverse("stories:prompt_dismiss", args=[prompt.pk]) in page
    capture = client.get(reverse("stories:capture", args=[journey.pk])).content.decode()
    assert "This journey moved to <strong>growing</strong>" in capture

    dismissed = client.post(reverse("stories:prompt_dismiss", args=[prompt.pk]))

    assert dismissed.status_code == 302 and dismissed.url == journey.get_absolute_url()
    prompt.refresh_from_db()
    assert prompt.closed_at is not None
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "is there a story of that change?" not in page
    capture = client.get(reverse("stories:capture", args=[journey.pk])).content.decode()
    assert "This journey moved to" not in capture


def test_capturing_from_the_prompt_links_the_story_to_it(cast, client_for, journey):
    journey_move_to_stage(journey=journey, stage="growing", actor=cast.user("staff_a"))
    response = client_for("staff_a").post(
        reverse("stories:capture", args=[journey.pk]),
        {
            "title": "Growing",
            "narrative": "A second stall.",
            "changed_on": "01/11/2026",
            "level": "organisation",
            "named": "no",
            "given_by": "Amira Example",
            "method": "written",
            "given_on": "01/11/2026",
            "agreed": "on",
        },
    )
    assert response.status_code == 302
    story = Story.objects.get(title="Growing")
    assert story.stage == "growing"
    assert StoryPrompt.objects.get(journey=journey).story == story


@pytest.mark.parametrize("persona", ["entrepreneur", "staff_b", "admin"])
def test_only_the_journeys_staff_may_put_a_prompt_away(cast, client_for, journey, persona):
    journey_move_to_stage(journey=journey, stage="growing", actor=cast.user("staff_a"))
    prompt = StoryPrompt.objects.get(journey=journey)
    response = client_for(persona).post(reverse("stories:prompt_dismiss", args=[prompt.pk]))
    assert response.status_code == 404
    prompt.refresh_from_db()
    assert prompt.closed_at is None
