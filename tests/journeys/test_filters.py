"""The journey list's filters (journeys.filters), applied by one selector, and its pages."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import TaxonomyTerm
from journeys.selectors import journeys_filtered
from tests.journeys.factories import ActionFactory, ClientFactory, JourneyFactory

pytestmark = pytest.mark.django_db


def _ventures(cast, query: str, *, who: str = "staff_a") -> list[str]:
    filterset = journeys_filtered(cast.user(who), QueryDict(query))
    return sorted(j.venture_name for j in filterset.qs)


@pytest.fixture
def journeys(cast):
    """Hub A's journeys, one for each filter, and one of hub B's that hub A never sees."""
    business_type = TaxonomyTerm.objects.filter(taxonomy__slug="business-types").first()
    JourneyFactory(
        organisation=cast.hub_a,
        venture_name="Mine",
        lead_worker=cast.user("staff_a"),
        client=ClientFactory(organisation=cast.hub_a, name="Amina Khan", place=cast.place_a),
    )
    JourneyFactory(
        organisation=cast.hub_a,
        venture_name="Managed",
        lead_worker=cast.user("manager_a"),
        business_type=business_type,
    )
    JourneyFactory(organisation=cast.hub_a, venture_name="Paused", status="paused")
    JourneyFactory(organisation=cast.hub_a, venture_name="Closed", status="closed")
    JourneyFactory(organisation=cast.hub_a, venture_name="Growing", stage="growing")
    late = JourneyFactory(organisation=cast.hub_a, venture_name="Late")
    ActionFactory(journey=late, due_on=timezone.localdate() - timedelta(days=3))
    JourneyFactory(organisation=cast.hub_b, venture_name="Bradford")
    return {"business_type": business_type}


def test_it_shows_the_journeys_going_on_unless_a_status_is_chosen(cast, journeys):
    going_on = ["Growing", "Late", "Managed", "Mine", "Paused"]
    assert _ventures(cast, "") == going_on
    assert _ventures(cast, "status=closed") == ["Closed"]
    assert _ventures(cast, "status=paused") == ["Paused"]
    assert _ventures(cast, "status=all") == sorted([*going_on, "Closed"])


def test_it_filters_by_stage_worker_place_business_type_overdue_and_words(cast, journeys):
    manager = cast.user("manager_a")
    assert _ventures(cast, "stage=growing") == ["Growing"]
    assert _ventures(cast, "worker=me") == ["Mine"]
    assert _ventures(cast, "worker=me", who="manager_a") == ["Managed"]
    assert _ventures(cast, f"worker={manager.pk}") == ["Managed"]
    assert _ventures(cast, f"place={cast.place_a.pk}") == ["Mine"]
    assert _ventures(cast, f"business_type={journeys['business_type'].code}") == ["Managed"]
    assert _ventures(cast, "overdue=on") == ["Late"]
    assert _ventures(cast, "q=amina+khan") == ["Mine"]
    assert _ventures(cast, "q=grow") == ["Growing"]


def test_a_value_the_list_does_not_offer_is_left_out_with_the_shared_message(cast, journeys):
    query = "stage=nonsense&status=gone&worker=someone&place=nowhere&business_type=x&q=" + (
        "word " * 30
    )
    filterset = journeys_filtered(cast.user("staff_a"), QueryDict(query))

    assert sorted(j.venture_name for j in filterset.qs) == _ventures(cast, "")
    errors = filterset.form.errors
    assert errors["stage"] == ["We do not know the stage “nonsense”. Choose one from the list."]
    assert errors["status"] == ["We do not know the status “gone”. Choose one from the list."]
    assert errors["worker"] == [
        "We do not know the lead worker “someone”. Choose one from the list."
    ]
    assert errors["place"] == ["We do not know the place “nowhere”. Choose one from the list."]
    assert errors["business_type"] == [
        "We do not know the business type “x”. Choose one from the list."
    ]
    assert errors["q"] == ["Use fewer words: up to 100 characters."]


def test_the_filters_offer_only_the_persons_own_organisations_workers_and_places(cast, journeys):
    form = journeys_filtered(cast.user("staff_a"), QueryDict("")).form
    workers = dict(form.fields["worker"].choices)
    places = dict(form.fields["place"].choices)

    assert workers[""] == "Anyone"
    assert workers["me"] == "Me"
    assert str(cast.user("manager_a").pk) in workers
    assert str(cast.user("staff_b").pk) not in workers
    assert str(cast.place_a.pk) in places
    assert str(cast.place_b.pk) not in places
    assert dict(form.fields["status"].choices)[""] == "Active and paused"


def test_the_journey_list_pages_keep_the_filters_in_their_links(cast, client_for):
    for n in range(52):
        JourneyFactory(organisation=cast.hub_a, venture_name=f"Venture {n:02d}")
    client = client_for("staff_a")
    url = reverse("journeys:list")

    second = client.get(url, {"stage": "exploring", "page": "2"})
    beyond = client.get(url, {"page": "9"})
    not_a_number = client.get(url, {"page": "abc"})

    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 2
    assert second.context["query"] == "stage=exploring"
    assert 'href="?stage=exploring&amp;page=1"' in second.content.decode()
    assert beyond.context["page"].number == 2
    assert not_a_number.context["page"].number == 1
