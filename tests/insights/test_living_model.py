"""The living model: live, suppressed figures on the model table and on element pages."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from ecosystem.models import TaxonomyTerm
from journeys.models import Milestone, Stage
from logicmodel.models import Element
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.journeys.factories import JourneyFactory, MilestoneFactory, SessionFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def town(cast):
    place = PlaceFactory(name="Testtown", slug="testtown")
    hub = OrganisationFactory(name="Testtown Hub", places=[place])
    return place, hub


def _activity():
    element = (
        Element.objects.filter(logic_model__slug="empowering-places", section__slug="activities")
        .order_by("position")
        .first()
    )
    return element, TaxonomyTerm.objects.get(pk=element.pk)


def _sessions(hub, term, n):
    from django.utils import timezone

    from insights.periods import preset

    period = preset("year", timezone.localdate())
    when = datetime.combine(period.start, datetime.min.time(), tzinfo=LONDON).replace(hour=10)
    journey = JourneyFactory(organisation=hub, started_on=period.start)
    for _ in range(n):
        SessionFactory(organisation=hub, activity=term, starts_at=when, journeys=[journey])
    return period


def test_an_activity_page_counts_its_sessions_and_hides_a_small_count(town, client):
    _, hub = town
    element, term = _activity()
    _sessions(hub, term, 3)
    html = client.get(element.get_absolute_url(), {"place": "testtown"}).content.decode()
    assert "What the data says" in html
    assert "in Testtown" in html
    assert (
        '<dt class="col-sm-7 col-lg-6">Sessions of this kind of support</dt>'
        '<dd class="col-sm-5 col-lg-6">fewer than 5</dd>'
    ) in html
    _sessions(hub, term, 4)
    cache.clear()
    html = client.get(element.get_absolute_url(), {"place": "testtown"}).content.decode()
    assert '<dd class="col-sm-5 col-lg-6">7</dd>' in html


def test_an_outcome_page_shows_milestones_suppressed(town, client):
    _, hub = town
    from django.utils import timezone

    from insights.periods import preset

    period = preset("year", timezone.localdate())
    for _ in range(6):
        journey = JourneyFactory(organisation=hub, stage=Stage.TRADING, started_on=period.start)
        MilestoneFactory(journey=journey, kind=Milestone.Kind.FIRST_SALE, achieved_on=period.start)
    journey = JourneyFactory(organisation=hub, stage=Stage.TRADING, started_on=period.start)
    MilestoneFactory(journey=journey, kind=Milestone.Kind.PREMISES, achieved_on=period.start)
    element = Element.objects.filter(
        logic_model__slug="empowering-places", section__column__slug="outcomes"
    ).first()
    html = client.get(element.get_absolute_url(), {"place": "testtown"}).content.decode()
    assert '<th scope="row" role="rowheader">First sale</th>' in html
    first_sale = html.split('<th scope="row" role="rowheader">First sale</th>')[1][:120]
    assert ">6<" in first_sale
    premises = html.split('<th scope="row" role="rowheader">Premises secured</th>')[1][:120]
    assert ">fewer than 5<" in premises


def test_the_model_table_shows_sessions_beside_an_activity_for_the_chosen_place(town, client):
    _, hub = town
    element, term = _activity()
    _sessions(hub, term, 6)
    html = client.get("/model/empowering-places/", {"place": "testtown"}).content.decode()
    row = html.split(f">{element.title}</a>")[1][:400]
    assert '<span class="d-block small fw-semibold">6 sessions</span>' in row
    assert "selected>Testtown</option>" in html


@pytest.mark.usefixtures("no_page_cache")
def test_the_model_table_runs_the_same_queries_for_few_sessions_as_for_many(
    town, client, django_assert_num_queries
):
    _, hub = town
    _, term = _activity()
    _sessions(hub, term, 2)
    url = "/model/empowering-places/"
    client.get(url, {"place": "testtown"})
    cache.clear()
    with django_assert_num_queries(TABLE_QUERIES):
        client.get(url, {"place": "testtown"})
    _sessions(hub, term, 30)
    cache.clear()
    with django_assert_num_queries(TABLE_QUERIES):
        client.get(url, {"place": "testtown"})
    # Within the cache's few minutes the figures cost nothing more than the place lookups.
    with django_assert_num_queries(TABLE_QUERIES - FIGURE_QUERIES):
        client.get(url, {"place": "testtown"})


# The model table itself, with the place picker and the reader's standing (16); its live
# figures when they are not in the cache: the place's organisations (1), sessions (5),
# stories (4) and the model's elements (1).
FIGURE_QUERIES = 11
TABLE_QUERIES = 16 + FIGURE_QUERIES


def test_hub_staff_see_their_own_sessions_beside_the_place(town, client_for):
    from ecosystem.models import Membership

    place, hub = town
    theirs = OrganisationFactory(name="Theirs Hub", places=[place])
    Membership.objects.create(user=_staff(client_for), organisation=hub, role=Membership.Role.STAFF)
    element, term = _activity()
    _sessions(hub, term, 6)
    _sessions(theirs, term, 2)  # the rest of the place: 2, which 8 - 6 would give away
    client = client_for("staff_a")
    html = client.get(element.get_absolute_url(), {"place": "testtown"}).content.decode()
    assert (
        '<dt class="col-sm-7 col-lg-6">Sessions of this kind of support</dt>'
        '<dd class="col-sm-5 col-lg-6">withheld</dd>'
    ) in html
    assert (
        '<dt class="col-sm-7 col-lg-6">Of which your organisation&#x27;s</dt>'
        '<dd class="col-sm-5 col-lg-6">6</dd>'
    ) in html
    # A commissioner holds none of them: 8 is shown.
    html = client_for("commissioner").get(element.get_absolute_url(), {"place": "testtown"})
    assert '<dd class="col-sm-5 col-lg-6">8</dd>' in html.content.decode()


def _staff(client_for):
    from tests.support.cast import Cast

    return Cast().user("staff_a")
