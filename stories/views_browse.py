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
from .selectors import (
    Reader,
    moderation_queue,
    reader,
    shown_name,
    stories_listed,
    story_access,
)

PAGE_SIZE = 20


def _page(request, stories, who: Reader):
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    for story in page.object_list:
        story.shown_name = shown_name(
            story,
            user_id=who.user_id,
            looks_after=story_access(request.user, story, who) == Access.WRITE,
        )
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
