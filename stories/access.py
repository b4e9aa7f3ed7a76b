"""Access helpers for stories (see core.access for the rule, stories.selectors for who reads what;
a selection round's are in stories.rounds.access)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.access import Access, require_access
from journeys.access import get_journey_for_user
from journeys.mine.selectors import own_journeys

from .models import Story, StoryImage, StoryPrompt
from .selectors import may_moderate, may_withdraw_consent, story_access


def get_story_for_user(user, pk, *, write: bool = False) -> Story:
    """A story as far as its consent reaches this person (404 beyond it, 403 to change what
    they may only read)."""
    story = (
        Story.objects.filter(pk=pk)
        .select_related("consent", "organisation", "place", "journey", "told_by", "subject")
        .first()
    )
    granted = story_access(user, story) if story else Access.NONE
    return require_access(story, granted, write=write)


def get_story_image_for_user(user, pk) -> StoryImage:
    """A story's picture, for those who may read the story."""
    image = StoryImage.objects.filter(pk=pk).select_related("story", "story__consent").first()
    granted = story_access(user, image.story) if image else Access.NONE
    return require_access(image, granted)


def get_story_to_moderate(user, pk) -> Story:
    """A story to check, give a public version or send to the website: 404 beyond its reach,
    403 to those who may read it but do not look after it."""
    story = get_story_for_user(user, pk)
    if not may_moderate(user, story):
        raise PermissionDenied("Only those who look after this story can do that.")
    return story


def get_story_to_withdraw(user, pk) -> Story:
    """A story whose consent this person may withdraw (its subject, its teller, its
    organisation's staff): 404 beyond its reach, 403 to its other readers."""
    story = get_story_for_user(user, pk)
    if not may_withdraw_consent(user, story):
        raise PermissionDenied("You cannot withdraw consent for this story.")
    return story


def get_journey_for_story(user, pk):
    """A journey whose staff may capture a story on it."""
    return get_journey_for_user(user, pk, write=True)


def get_own_journeys_to_tell(user) -> list:
    """The person's own journeys, to tell a story on (404 without one: there is no
    organisation to tell it to)."""
    journeys = own_journeys(user)
    if not journeys:
        raise Http404("Not found")
    return journeys


def get_story_prompt_for_user(user, pk) -> StoryPrompt:
    """A prompt to capture a story, for the staff of its journey's organisation."""
    prompt = StoryPrompt.objects.filter(pk=pk).first()
    if prompt is None:
        raise Http404("Not found")
    get_journey_for_story(user, prompt.journey_id)
    return prompt
