"""A place's dashboard is worked out once and kept for INSIGHTS_CACHE_SECONDS: per place,
period and the viewer's own organisations, saying when its figures were worked out."""

import re

import pytest
import time_machine
from django.urls import reverse

from ecosystem.models import CommissionerScope, Membership
from journeys.models import Stage
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.insights.test_dashboard import PERIOD, _journeys

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

URL_ARGS = ["cachetown"]


@pytest.fixture
def town(cast, settings):
    settings.INSIGHTS_CACHE_SECONDS = 600
    place = PlaceFactory(name="Cachetown", slug="cachetown")
    ours = OrganisationFactory(name="Ours Hub", places=[place])
    theirs = OrganisationFactory(name="Theirs Hub", places=[place])
    Membership.objects.create(
        user=cast.user("staff_a"), organisation=ours, role=Membership.Role.STAFF
    )
    CommissionerScope.objects.create(user=cast.user("commissioner"), place=place)
    return place, ours, theirs


def _exploring(response) -> str:
    """The place's figure for journeys exploring, as the funnel's table shows it."""
    html = response.content.decode()
    match = re.search(
        r"<th scope=\"row\"[^>]*>Exploring an idea</th>\s*<td[^>]*>([^<]+)</td>", html
    )
    assert match, "the journeys table has a row for Exploring an idea"
    return match.group(1).strip()


def test_the_figures_are_kept_and_the_page_says_when_they_were_worked_out(
    town, client_for, django_assert_max_num_queries
):
    _, ours, theirs = town
    _journeys(ours, Stage.EXPLORING, 6)
    client = client_for("commissioner")
    url = reverse("insights:place", args=URL_ARGS)
    with time_machine.travel("2026-03-10 09:05 +00:00", tick=False):
        first = client.get(url, PERIOD)
    assert first.status_code == 200
    assert _exploring(first) == "6"
    assert "Figures worked out at 09:05 on 10/03/2026" in first.content.decode()
    assert "shows within 10 minutes" in first.content.decode()

    _journeys(theirs, Stage.EXPLORING, 4)
    # Within the ten minutes: the kept figures, without working them out again.
    later = time_machine.travel("2026-03-10 09:10 +00:00", tick=False)
    with later, django_assert_max_num_queries(12):
        again = client.get(url, PERIOD)
    assert _exploring(again) == "6"
    assert "Figures worked out at 09:05 on 10/03/2026" in again.content.decode()


def test_staff_and_commissioners_do_not_share_kept_figures(town, client_for):
    _, ours, _ = town
    _journeys(ours, Stage.EXPLORING, 6)
    url = reverse("insights:place", args=URL_ARGS)
    commissioner = client_for("commissioner").get(url, PERIOD).content.decode()
    staff = client_for("staff_a").get(url, PERIOD).content.decode()
    # Staff see their own organisation's column beside the place's; the commissioner does not.
    assert "Ours Hub" in staff
    assert "Ours Hub</th>" not in commissioner


def test_another_period_is_worked_out_for_itself(town, client_for):
    _, ours, theirs = town
    _journeys(ours, Stage.EXPLORING, 6)
    client = client_for("commissioner")
    url = reverse("insights:place", args=URL_ARGS)
    assert _exploring(client.get(url, PERIOD)) == "6"
    _journeys(theirs, Stage.EXPLORING, 4)
    other = {**PERIOD, "end": "29/06/2026"}
    assert _exploring(client.get(url, other)) == "10"


def test_with_the_cache_off_every_request_works_them_out(town, client_for, settings):
    settings.INSIGHTS_CACHE_SECONDS = 0
    _, ours, theirs = town
    _journeys(ours, Stage.EXPLORING, 6)
    client = client_for("commissioner")
    url = reverse("insights:place", args=URL_ARGS)
    first = client.get(url, PERIOD)
    assert _exploring(first) == "6"
    assert "Figures worked out" not in first.content.decode()
    _journeys(theirs, Stage.EXPLORING, 4)
    assert _exploring(client.get(url, PERIOD)) == "10"
