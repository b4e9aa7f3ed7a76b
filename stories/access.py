"""Access helpers for stories (see core.access for the rule, stories.selectors for who reads what)."""

from django.db.models import Q

from core.access import Access, require_access
from journeys.access import get_journey_for_user

from .models import SelectionRound, Story, StoryImage
from .selectors import reader, story_access


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


def get_journey_for_story(user, pk):
    """A journey whose staff may capture a story on it."""
    return get_journey_for_user(user, pk, write=True)


def rounds_visible_to(user):
    """Selection rounds whose panel this person sits on: an organisation's team; for a place,
    the teams of organisations working there and its commissioners; for the network, the
    whole network and its moderators."""
    from ecosystem.models import CommissionerScope, Organisation

    who = reader(user)
    if who.user_id is None:
        return SelectionRound.objects.none()
    places = set(CommissionerScope.objects.filter(user=user).values_list("place_id", flat=True))
    places |= set(
        Organisation.objects.filter(pk__in=who.organisation_ids).values_list("places", flat=True)
    )
    rule = Q(panel=SelectionRound.Panel.ORGANISATION, organisation_id__in=who.organisation_ids)
    rule |= Q(panel=SelectionRound.Panel.PLACE, place_id__in=[p for p in places if p])
    if who.in_network or who.moderates_network:
        rule |= Q(panel=SelectionRound.Panel.NETWORK)
    return SelectionRound.objects.filter(rule)


def get_round_for_user(user, pk, *, write: bool = False) -> SelectionRound:
    """A selection round this person's panel runs: they all choose (no read-only members)."""
    selection_round = rounds_visible_to(user).filter(pk=pk).first()
    return require_access(
        selection_round, Access.WRITE if selection_round else Access.NONE, write=write
    )
