"""Story lists cost the same number of queries with a few stories as with many.

Each list is fetched with 3 stories, then with 60 (three pages' worth), and must run the same
queries. The figures are those measured when these tests were written: a new query on a
page should be a decision, not an accident.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stories.models import Consent, Story, Theme
from stories.pages import CaseStudyPage
from stories.publishing import ensure_case_study_index
from stories.selectors import outcome_elements
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 60

# Every page starts with 6: the session and the signed-in user, then the site, its settings,
# its navigation and footer links. The story list adds the reader's standing (organisation
# ids, the editors' group, and for someone in no organisation their peer membership and
# commissioning), the filter's choices (themes, the places of their stories, the model's
# outcomes), the count, the page of stories (with consent, organisation, place and teller
# joined in), and their themes and outcomes.
LIST_QUERIES = {
    "staff_a": 6 + 2 + 3 + 4,
    "peer": 6 + 3 + 3 + 4,
    "entrepreneur": 6 + 4 + 3 + 4,
}
# The check queue: the reader's standing (an editor is in no organisation: four), the count,
# the page and its themes and outcomes.
QUEUE_QUERIES = {"staff_a": 6 + 2 + 4, "editor": 6 + 4 + 4}
# The case study index, for a visitor: the site, the pages on the way to it and their
# aliases (5), the view restrictions, for serving it and for the list (2), the site's
# settings, navigation and footer (3), the filter's themes, places and outcomes, the count,
# the page of case studies (place and picture joined in), their themes and outcomes.
INDEX_QUERIES = 5 + 2 + 3 + 3 + 4


def _stories(cast, *, start: int, stop: int) -> None:
    """Stories at hub A about Amira, shared with the network, each with themes and an outcome."""
    themes = list(Theme.objects.all()[:2])
    outcomes = list(outcome_elements()[:2])
    for n in range(start, stop):
        story = StoryFactory(
            title=f"Story number {n}",
            organisation=cast.hub_a,
            place=cast.place_a,
            subject=cast.user("entrepreneur"),
            status=Story.Status.SUBMITTED if n % 2 else Story.Status.APPROVED,
            consent=Consent.Level.NETWORK,
        )
        story.themes.set(themes)
        story.elements.set(outcomes[n % 2 :])
    # Peer members' own stories, waiting for the site editors.
    for n in range(start, stop):
        StoryFactory(
            title=f"Peer story {n}",
            organisation=None,
            teller=Story.Teller.PEER,
            told_by=cast.user("peer"),
            status=Story.Status.SUBMITTED,
        )


def _count(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


PAGES = {
    **{f"list as {who}": (who, reverse("stories:list")) for who in LIST_QUERIES},
    "list filtered": (
        "staff_a",
        reverse("stories:list") + "?q=number&theme=creative&status=approved",
    ),
    "list, last page": ("staff_a", reverse("stories:list") + "?page=99"),
    **{f"queue as {who}": (who, reverse("stories:moderation")) for who in QUEUE_QUERIES},
}
EXPECTED = {
    **{f"list as {who}": count for who, count in LIST_QUERIES.items()},
    "list filtered": LIST_QUERIES["staff_a"],
    "list, last page": LIST_QUERIES["staff_a"],
    **{f"queue as {who}": count for who, count in QUEUE_QUERIES.items()},
}


def _measure(clients) -> dict[str, int]:
    return {name: _count(clients[who], url)[0] for name, (who, url) in PAGES.items()}


@pytest.mark.usefixtures("no_page_cache")
def test_the_story_lists_run_as_many_queries_with_60_stories_as_with_3(cast, client_for):
    clients = {who: client_for(who) for who in {who for who, _ in PAGES.values()}}
    _stories(cast, start=0, stop=FEW)
    _measure(clients)  # warm the site's caches (root page, settings, content types)
    few = _measure(clients)

    _stories(cast, start=FEW, stop=MANY)
    many = _measure(clients)

    assert many == few
    assert few == EXPECTED, few
    # Each sees a page of twenty from all sixty.
    # (Priya reads the approved half of hub A's and all sixty of her own.)
    for who, expected in {"staff_a": MANY, "peer": MANY // 2 + MANY, "entrepreneur": MANY}.items():
        page = _count(clients[who], reverse("stories:list"))[1].context["page"]
        assert (page.paginator.count, len(page.object_list)) == (expected, 20), who
    queue = _count(clients["editor"], reverse("stories:moderation"))[1].context["page"]
    assert (queue.paginator.count, len(queue.object_list)) == (MANY, 20)


def _case_studies(index, place, *, start: int, stop: int) -> None:
    themes = list(Theme.objects.all()[:2])
    outcomes = list(outcome_elements()[:2])
    for n in range(start, stop):
        page = CaseStudyPage(
            title=f"Case study {n}",
            slug=f"case-study-{n}",
            summary="A change worth telling.",
            body="<p>Something changed.</p>",
            attribution="Anonymous",
            place=place,
            stage="trading",
        )
        index.add_child(instance=page)
        page.themes.set(themes)
        page.outcomes.set(outcomes)
        page.save_revision().publish()


@pytest.mark.usefixtures("no_page_cache")
def test_the_case_study_index_runs_as_many_queries_with_20_pages_as_with_2(cast, client):
    index = ensure_case_study_index()
    url = index.url
    _case_studies(index, cast.place_a, start=0, stop=2)
    _count(client, url)
    few = _count(client, url + "?theme=creative")[0], _count(client, url)[0]

    _case_studies(index, cast.place_a, start=2, stop=20)
    many = _count(client, url + "?theme=creative")[0], _count(client, url)[0]

    assert many == few == (INDEX_QUERIES, INDEX_QUERIES), few
    response = _count(client, url)[1]
    assert (response.context["page_obj"].paginator.count, len(response.context["page_obj"])) == (
        20,
        12,
    )


@pytest.mark.usefixtures("no_page_cache")
def test_a_case_study_page_costs_the_same_with_one_outcome_as_with_many(cast, client):
    """Each outcome links to its element page without a query of its own."""
    index = ensure_case_study_index()
    _case_studies(index, cast.place_a, start=0, stop=1)
    page = CaseStudyPage.objects.get(slug="case-study-0")
    page.outcomes.set(outcome_elements()[:1])
    page.save_revision().publish()
    _count(client, page.url)
    one = _count(client, page.url)[0]

    many = list(outcome_elements()[:6])
    page.outcomes.set(many)
    page.save_revision().publish()
    response = _count(client, page.url)[1]
    assert _count(client, page.url)[0] == one
    html = response.content.decode()
    assert len(many) == 6
    for element in many:
        assert element.get_absolute_url() in html
