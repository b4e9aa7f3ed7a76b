"""Browsing stories and the check queue.

Both lists are built by stories.selectors from the one visibility rule, so each person sees
only what consent and moderation allow; anyone signed in gets the page, with an empty list
when nothing reaches them.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import Access
from core.forms import error_list

from .filters import story_filter
from .models import Story
from .selectors import Reader, moderation_queue, reader, stories_listed, story_access

PAGE_SIZE = 20


def _shown_name(user, story: Story, who: Reader) -> str:
    """Whose story it is, as far as its consent lets this reader know: the name for those who
    look after it, for its teller and subject, and for everyone when the person agreed to be
    named; otherwise "Anonymous"."""
    consent = getattr(story, "consent", None)
    if consent is None or consent.is_withdrawn:
        return ""
    own = who.user_id in (story.told_by_id, story.subject_id)
    if consent.named or own or story_access(user, story, who) == Access.WRITE:
        return consent.given_by
    return "Anonymous"


def _page(request, stories, who: Reader):
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    for story in page.object_list:
        story.shown_name = _shown_name(request.user, story, who)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _looks_after_stories(who: Reader) -> bool:
    return bool(who.organisation_ids) or who.moderates_network


@require_GET
def story_list(request):
    """The stories a person may read, filtered and paged."""
    who = reader(request.user)
    filterset = story_filter(request.GET or None, stories_listed(request.user, who), who=who)
    page, query = _page(request, filterset.qs, who)
    return render(
        request,
        "stories/list.html",
        {
            "filter": filterset,
            "form": filterset.form,
            "errors": error_list(filterset.form) if filterset.is_bound else [],
            "is_filtered": filterset.is_filtered,
            "page": page,
            "query": query,
            "looks_after": _looks_after_stories(who),
            "in_network": who.in_network or who.moderates_network,
        },
    )


@require_GET
def moderation(request):
    """Stories waiting for this person's check: their organisations', and for the network's
    moderators, peer members' own."""
    who = reader(request.user)
    page, query = _page(request, moderation_queue(request.user, who), who)
    return render(
        request,
        "stories/moderation.html",
        {
            "page": page,
            "query": query,
            "looks_after": _looks_after_stories(who),
            "moderates_network": who.moderates_network,
        },
    )
