"""Access helpers for stories (see core.access for the rule, stories.selectors for who reads what)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from core.access import Access, require_access
from journeys.access import get_journey_for_user
from journeys.selectors import own_journeys

from .models import SelectionRound, Story, StoryImage, StoryPrompt
from .selectors import Reader, may_moderate, may_withdraw_consent, reader, story_access


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


def panel_places(who: Reader):
    """The places whose rounds a person sits on: where their organisations work, and those
    they commission (a subquery, not yet run)."""
    from ecosystem.models import Place

    return Place.objects.filter(
        Q(organisations__in=who.organisation_ids) | Q(commissioner_scopes__user_id=who.user_id)
    ).values("pk")


def rounds_visible_to(user, who: Reader | None = None):
    """Selection rounds this person may read: those whose panel area reaches them (for an
    organisation, its team; for a place, the teams of organisations working there and its
    commissioners; for the network, the whole network and its moderators)."""
    who = who or reader(user)
    if who.user_id is None:
        return SelectionRound.objects.none()
    rule = Q(panel=SelectionRound.Panel.ORGANISATION, organisation_id__in=who.organisation_ids)
    rule |= Q(panel=SelectionRound.Panel.PLACE, place_id__in=panel_places(who))
    if who.in_network or who.moderates_network:
        rule |= Q(panel=SelectionRound.Panel.NETWORK)
    return SelectionRound.objects.filter(rule)


def _on_panel(user) -> Exists:
    return Exists(
        SelectionRound.panel_members.through.objects.filter(
            selectionround_id=OuterRef("pk"), user_id=user.pk
        )
    )


def round_access(selection_round: SelectionRound | None) -> Access:
    """READ for everyone a round's panel area reaches, WRITE (choosing) for its named panel;
    for a round fetched by get_round_for_user, which notes whether the person is on it."""
    if selection_round is None:
        return Access.NONE
    return Access.WRITE if selection_round.on_panel else Access.READ


def is_convenor(user, selection_round: SelectionRound) -> bool:
    """Whether this person convenes the round (closes, reopens, names its panel)."""
    return selection_round.convenor_id is not None and selection_round.convenor_id == user.pk


def get_round_for_user(user, pk, *, write: bool = False) -> SelectionRound:
    """A selection round its panel area may read (404 beyond it); only its named panel may
    choose (403 for the others)."""
    selection_round = (
        rounds_visible_to(user)
        .filter(pk=pk)
        .select_related("organisation", "place", "convenor")
        .annotate(on_panel=_on_panel(user))
        .first()
    )
    return require_access(selection_round, round_access(selection_round), write=write)


def get_round_to_convene(user, pk) -> SelectionRound:
    """A round this person convenes, to close, reopen or change its panel: 404 beyond its
    panel area, 403 to everyone else in it."""
    selection_round = get_round_for_user(user, pk)
    if not is_convenor(user, selection_round):
        raise PermissionDenied("Only the round's convenor can do that.")
    return selection_round


def require_round_panel(user, selection_round: SelectionRound) -> None:
    """Refuse unless this person is on the round's named panel and its area still reaches them
    (for services, on the row they have locked)."""
    in_reach = rounds_visible_to(user).filter(pk=selection_round.pk)
    if not in_reach.filter(panel_members=user).exists():
        raise PermissionDenied("Only the round's panel can choose its stories.")


def require_round_convenor(user, selection_round: SelectionRound) -> None:
    """Refuse unless this person convenes the round and its area still reaches them (for
    services, on the row they have locked)."""
    if not (is_convenor(user, selection_round) and may_read_round(user, selection_round)):
        raise PermissionDenied("Only the round's convenor can do that.")


def may_read_round(user, selection_round: SelectionRound) -> bool:
    """Whether a round's panel area reaches this person: who may be named on its panel."""
    return rounds_visible_to(user).filter(pk=selection_round.pk).exists()
