"""The story list and the check queue: each person sees only what consent and moderation allow.

The stories below cover the rule's corners: a hub A draft kept to the organisation, a hub A
story shared anonymously with the network (about Amira), a hub A story approved but kept
to the organisation, a hub B story waiting for a check, and Priya's own story waiting for
the site editors.
"""

import pytest
from django.urls import reverse

from journeys.models import Stage
from stories.models import Consent, Story, Theme
from stories.selectors import outcome_elements
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

LIST = reverse("stories:list")
QUEUE = reverse("stories:moderation")


@pytest.fixture
def stories(cast):
    food, digital = Theme.objects.get(slug="food"), Theme.objects.get(slug="digital")
    outcome = outcome_elements().first()
    made = {
        "draft": StoryFactory(
            title="Hub A draft about the laundrette",
            organisation=cast.hub_a,
            place=cast.place_a,
            status=Story.Status.DRAFT,
            told_by=cast.user("staff_a"),
            consent=Consent.Level.ORGANISATION,
        ),
        "shared": StoryFactory(
            title="Bread that pays the rent",
            narrative="<p>The ovens arrived in spring.</p>",
            organisation=cast.hub_a,
            place=cast.place_a,
            stage=Stage.STARTING,
            status=Story.Status.APPROVED,
            told_by=cast.user("staff_a"),
            subject=cast.user("entrepreneur"),
            consent=Consent.Level.NETWORK,
        ),
        "kept": StoryFactory(
            title="Kept inside hub A",
            organisation=cast.hub_a,
            place=cast.place_a,
            status=Story.Status.APPROVED,
            teller=Story.Teller.ENTREPRENEUR,
            consent=Consent.Level.ORGANISATION,
        ),
        "hub_b": StoryFactory(
            title="Cycle hire on the towpath",
            organisation=cast.hub_b,
            place=cast.place_b,
            status=Story.Status.SUBMITTED,
            told_by=cast.user("staff_b"),
            consent=Consent.Level.PUBLIC,
        ),
        "peer": StoryFactory(
            title="What the learning group gave me",
            organisation=None,
            place=cast.place_a,
            status=Story.Status.SUBMITTED,
            teller=Story.Teller.PEER,
            told_by=cast.user("peer"),
            consent=Consent.Level.NETWORK,
        ),
    }
    made["shared"].themes.set([food])
    made["shared"].elements.set([outcome])
    made["hub_b"].themes.set([digital])
    Consent.objects.filter(story=made["shared"]).update(given_by="Amira Example")
    return made


def _titles(response) -> set[str]:
    return {story.title for story in response.context["page"].object_list}


SEES = {
    "entrepreneur": {"Bread that pays the rent"},
    "entrepreneur2": set(),
    "peer": {"Bread that pays the rent", "What the learning group gave me"},
    "staff_a": {
        "Hub A draft about the laundrette",
        "Bread that pays the rent",
        "Kept inside hub A",
    },
    "manager_a": {
        "Hub A draft about the laundrette",
        "Bread that pays the rent",
        "Kept inside hub A",
    },
    "staff_b": {"Bread that pays the rent", "Cycle hire on the towpath"},
    "commissioner": {"Bread that pays the rent"},
    "editor": {"Bread that pays the rent", "What the learning group gave me"},
    "admin": {"Bread that pays the rent", "What the learning group gave me"},
}


@pytest.mark.parametrize("persona", list(SEES))
def test_it_lists_exactly_what_each_persona_may_read(persona, stories, client_for):
    response = client_for(persona).get(LIST)
    assert response.status_code == 200
    assert _titles(response) == SEES[persona]


QUEUES = {
    "entrepreneur": set(),
    "entrepreneur2": set(),
    "peer": set(),
    "staff_a": set(),
    "manager_a": set(),
    "staff_b": {"Cycle hire on the towpath"},
    "commissioner": set(),
    "editor": {"What the learning group gave me"},
    "admin": {"What the learning group gave me"},
}


@pytest.mark.parametrize("persona", list(QUEUES))
def test_the_queue_holds_only_what_each_persona_checks(persona, stories, client_for):
    response = client_for(persona).get(QUEUE)
    assert response.status_code == 200
    assert _titles(response) == QUEUES[persona]


def test_the_queue_holds_hub_a_stories_once_submitted(stories, client_for):
    Story.objects.filter(pk=stories["draft"].pk).update(status=Story.Status.SUBMITTED)
    response = client_for("staff_a").get(QUEUE)
    assert _titles(response) == {"Hub A draft about the laundrette"}
    assert "Nothing is waiting" not in response.content.decode()


def test_the_queue_tells_someone_who_checks_nothing_why_it_is_empty(stories, client_for):
    html = client_for("entrepreneur").get(QUEUE).content.decode()
    assert "You do not check any" in html
    html = client_for("staff_a").get(QUEUE).content.decode()
    assert "Nothing is waiting for your check" in html


def test_an_anonymous_story_carries_no_name_for_network_readers(stories, client_for):
    for persona in ["peer", "staff_b", "commissioner", "editor"]:
        html = client_for(persona).get(LIST).content.decode()
        assert "Amira Example" not in html, persona
        assert "Anonymous" in html, persona
    # Those who look after it, and the person it is about, see whose story it is.
    for persona in ["staff_a", "entrepreneur"]:
        assert "Amira Example" in client_for(persona).get(LIST).content.decode(), persona


def test_a_named_story_shows_the_name_to_the_network(stories, client_for):
    Consent.objects.filter(story=stories["shared"]).update(named=True)
    assert "Amira Example" in client_for("peer").get(LIST).content.decode()


def test_each_row_shows_what_the_story_is(stories, client_for):
    html = client_for("staff_b").get(LIST).content.decode()
    assert reverse("stories:detail", kwargs={"pk": stories["shared"].pk}) in html
    for text in [
        "Northway Community Hub",  # its organisation
        "Wigan",
        "Starting up",
        "Food",
        "The partner network",
        "Approved",
    ]:
        assert text in html, text


def test_a_person_with_no_stories_is_told_why_the_list_is_empty(stories, client_for):
    response = client_for("entrepreneur2").get(LIST)
    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "You have no stories here yet" in html
    assert "Stories waiting for your check" not in html


def test_only_those_who_look_after_stories_get_the_queue_link_and_the_status_filter(
    stories, client_for
):
    staff = client_for("staff_a").get(LIST)
    assert QUEUE in staff.content.decode()
    assert "status" in staff.context["form"].fields
    peer = client_for("peer").get(LIST)
    assert QUEUE not in peer.content.decode()
    assert "status" not in peer.context["form"].fields
    # A status in the address does nothing for them.
    assert _titles(client_for("peer").get(LIST, {"status": "submitted"})) == SEES["peer"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "ovens"}, {"Bread that pays the rent"}),
        ({"q": "LAUNDRETTE"}, {"Hub A draft about the laundrette"}),
        ({"q": "bread rent"}, {"Bread that pays the rent"}),
        ({"theme": "food"}, {"Bread that pays the rent"}),
        ({"stage": "starting"}, {"Bread that pays the rent"}),
        ({"status": "draft"}, {"Hub A draft about the laundrette"}),
        ({"teller": "entrepreneur"}, {"Kept inside hub A"}),
        (
            {"place": "wigan", "status": "approved"},
            {"Bread that pays the rent", "Kept inside hub A"},
        ),
    ],
)
def test_it_filters_by_words_theme_place_stage_status_and_teller(
    params, expected, stories, client_for
):
    response = client_for("staff_a").get(LIST, params)
    assert _titles(response) == expected
    assert "Clear filters" in response.content.decode()


def test_it_filters_by_outcome(stories, client_for):
    outcome = stories["shared"].elements.get()
    assert _titles(client_for("peer").get(LIST, {"outcome": outcome.slug})) == {
        "Bread that pays the rent"
    }


def test_places_offered_are_those_of_the_stories_the_person_reads(stories, client_for):
    choices = dict(client_for("staff_b").get(LIST).context["form"].fields["place"].choices)
    assert set(choices) == {"", "wigan", "bradford"}
    choices = dict(client_for("staff_a").get(LIST).context["form"].fields["place"].choices)
    assert set(choices) == {"", "wigan"}


def test_an_unknown_filter_value_is_explained_and_left_out(stories, client_for):
    response = client_for("staff_a").get(LIST, {"theme": "no-such-theme", "q": "ovens"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "We do not know the theme" in html
    assert _titles(response) == {"Bread that pays the rent"}


def test_it_pages_twenty_at_a_time_and_keeps_the_filters(cast, client_for):
    StoryFactory.create_batch(25, organisation=cast.hub_a, status=Story.Status.DRAFT)
    client = client_for("staff_a")
    first = client.get(LIST, {"status": "draft"})
    assert len(first.context["page"].object_list) == 20
    assert "status=draft&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"status": "draft", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_a_withdrawn_story_stays_a_record_without_a_name(stories, client_for):
    from django.utils import timezone

    Consent.objects.filter(story=stories["kept"]).update(
        withdrawn_at=timezone.now(), given_by="Someone Named"
    )
    Story.objects.filter(pk=stories["kept"].pk).update(status=Story.Status.WITHDRAWN)
    html = client_for("staff_a").get(LIST).content.decode()
    assert "Consent withdrawn" in html
    assert "Someone Named" not in html


def test_both_pages_refuse_anything_but_get(client_for):
    client = client_for("staff_a")
    assert client.post(LIST).status_code == 405
    assert client.post(QUEUE).status_code == 405


def test_both_lists_page_through_core_paging(cast, client_for, monkeypatch):
    import stories.views

    asked = []
    page_of = stories.views.page_of

    def counted(request, items, *, per_page):
        asked.append(per_page)
        return page_of(request, items, per_page=per_page)

    monkeypatch.setattr(stories.views, "page_of", counted)
    StoryFactory.create_batch(21, organisation=cast.hub_a, status=Story.Status.SUBMITTED)
    client = client_for("staff_a")
    beyond = client.get(LIST, {"status": "submitted", "page": "9"})
    assert (beyond.context["page"].number, beyond.context["query"]) == (2, "status=submitted")
    assert client.get(QUEUE, {"page": "abc"}).context["page"].number == 1
    assert asked == [20, 20]
