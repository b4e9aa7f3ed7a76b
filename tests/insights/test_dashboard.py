"""A place's dashboard: suppressed on the page and in every download, bounded in queries."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecosystem.models import CommissionerScope, Membership
from journeys.models import Milestone, Stage, WellbeingCheck
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.journeys.factories import (
    JourneyFactory,
    MilestoneFactory,
    SessionFactory,
    WellbeingCheckFactory,
)

LONDON = ZoneInfo("Europe/London")
PERIOD = {"period": "custom", "start": "01/01/2026", "end": "30/06/2026"}
IN_PERIOD = date(2026, 2, 1)


@pytest.fixture
def town(cast):
    """Testtown with two hubs: hub A's staff work at one of them; the commissioner commissions it."""
    place = PlaceFactory(name="Testtown", slug="testtown")
    ours = OrganisationFactory(name="Ours Hub", places=[place])
    theirs = OrganisationFactory(name="Theirs Hub", places=[place])
    Membership.objects.create(
        user=cast.user("staff_a"), organisation=ours, role=Membership.Role.STAFF
    )
    CommissionerScope.objects.create(user=cast.user("commissioner"), place=place)
    return place, ours, theirs


def _journeys(organisation, stage, n, **extra):
    return [
        JourneyFactory(organisation=organisation, stage=stage, started_on=IN_PERIOD, **extra)
        for _ in range(n)
    ]


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text)) if row]


def _download(client, place, key, fmt="csv"):
    url = reverse("insights:download", args=[place.slug, key, fmt])
    return client.get(url, PERIOD)


def test_three_people_at_one_stage_are_not_given_away_by_the_page_or_a_download(town, client_for):
    place, ours, theirs = town
    _journeys(ours, Stage.ENQUIRY, 6)
    _journeys(theirs, Stage.EXPLORING, 7)
    _journeys(theirs, Stage.PLANNING, 3)  # the three
    _journeys(ours, Stage.STARTING, 8)
    client = client_for("commissioner")

    page = client.get(reverse("insights:place", args=[place.slug]), PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Testtown: what the support adds up to" in html
    assert "01/01/2026 to 30/06/2026" in html

    by_stage = _rows(_download(client, place, "journeys-by-stage"))
    # 3 at planning: "fewer than 5"; and the smallest other stage goes with it, or the
    # total (24) less the others would give the 3 back.
    assert by_stage[:8] == [
        ["Stage", "This place"],
        ["Enquiry", "withheld"],
        ["Exploring an idea", "7"],
        ["Planning", "fewer than 5"],
        ["Starting up", "8"],
        ["Trading", "0"],
        ["Growing", "0"],
        ["Total", "24"],
    ]
    reached = _rows(_download(client, place, "journeys-reached"))
    # Reached planning or later: 11; starting or later: 8. Both shown would say 3 stopped at
    # planning, so one of them is withheld, and so are the rates that would give it back.
    assert reached[:7] == [
        ["Stage", "This place", "Went on from the stage before"],
        ["Enquiry", "24", ""],
        ["Exploring an idea", "18", "75%"],
        ["Planning", "11", "61%"],
        ["Starting up", "withheld", "withheld"],
        ["Trading", "0", "withheld"],
        ["Growing", "0", "none"],
    ]
    workbook = load_workbook(
        io.BytesIO(_download(client, place, "journeys-by-stage", "xlsx").content)
    )
    cells = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert cells[3] == ["Planning", "fewer than 5"]
    assert cells[1] == ["Enquiry", "withheld"]
    # Nothing on the page says 3 beside Planning either.
    assert '<th scope="row">Planning</th>\n        <td class="text-end">3</td>' not in html


def test_staff_see_their_own_organisation_in_full_beside_the_place(town, client_for):
    place, ours, theirs = town
    _journeys(ours, Stage.PLANNING, 3)
    _journeys(theirs, Stage.PLANNING, 6)
    _journeys(theirs, Stage.TRADING, 9)
    rows = _rows(_download(client_for("staff_a"), place, "journeys-by-stage"))
    # Their own 3 in full. The place's 9 at planning is withheld from them only if the other
    # hub's part (6) were small; it is not, so the place shows 9.
    assert rows[0] == ["Stage", "This place", "Ours Hub"]
    assert rows[3] == ["Planning", "9", "3"]
    assert rows[5] == ["Trading", "9", "0"]
    assert rows[7] == ["Total", "18", "3"]
    commissioner_rows = _rows(_download(client_for("commissioner"), place, "journeys-by-stage"))
    assert commissioner_rows[0] == ["Stage", "This place"]


def test_the_rest_of_the_place_is_protected_from_a_hub_that_knows_its_own(town, client_for):
    place, ours, theirs = town
    _journeys(ours, Stage.PLANNING, 6)
    _journeys(theirs, Stage.PLANNING, 2)  # the place's 8 less their own 6 would be 2
    _journeys(theirs, Stage.TRADING, 9)
    rows = _rows(_download(client_for("staff_a"), place, "journeys-by-stage"))
    assert rows[3] == ["Planning", "withheld", "6"]
    assert rows[5] == ["Trading", "withheld", "0"]
    # The commissioner holds none of it: 8 is not small, and 8 + 9 leaves nothing small.
    rows = _rows(_download(client_for("commissioner"), place, "journeys-by-stage"))
    assert rows[3] == ["Planning", "8"]


def test_means_and_sums_need_five_journeys(town, client_for):
    place, ours, _ = town
    journeys = _journeys(ours, Stage.TRADING, 5)
    for i, journey in enumerate(journeys):
        WellbeingCheckFactory(
            journey=journey, taken_on=IN_PERIOD, life_satisfaction=4, confidence=3
        )
        WellbeingCheckFactory(
            journey=journey,
            occasion=WellbeingCheck.Occasion.FOLLOW_UP,
            taken_on=IN_PERIOD + timedelta(days=60),
            life_satisfaction=6 + (i % 2),
            confidence=5,
        )
    for journey in journeys[:4]:
        MilestoneFactory(
            journey=journey, kind=Milestone.Kind.JOBS, jobs_fte=2, achieved_on=IN_PERIOD
        )
    client = client_for("commissioner")
    wellbeing = _rows(_download(client, place, "wellbeing"))
    assert wellbeing[0] == [
        "Question",
        "At the start (mean)",
        "At follow-up (mean)",
        "Change",
        "People",
    ]
    life = next(row for row in wellbeing if row[0].lower().startswith("how satisfied"))
    assert life[1:] == ["4", "6.4", "2.4", "5"]
    page = client.get(reverse("insights:place", args=[place.slug]), PERIOD).content.decode()
    # Four journeys with jobs: too few to show the sum.
    assert (
        'Jobs created (full-time equivalent)</dt><dd class="col-sm-6 col-lg-8">too few people'
        in page
    )


def test_a_wrong_period_is_explained_beside_the_field_and_keeps_what_was_typed(town, client_for):
    place, *_ = town
    response = client_for("commissioner").get(
        reverse("insights:place", args=[place.slug]),
        {"period": "custom", "start": "30/06/2026", "end": "01/01/2026"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The last day must be on or after the first day." in html
    assert 'value="30/06/2026"' in html and 'value="01/01/2026"' in html
    assert 'aria-invalid="true"' in html
    # The figures fall back to the last 12 full months meanwhile.
    assert "The last 12 full months" in html


def test_an_unknown_table_is_not_found(town, client_for):
    place, *_ = town
    response = client_for("commissioner").get(
        reverse("insights:download", args=[place.slug, "no-such-table", "csv"])
    )
    assert response.status_code == 404


def test_a_download_escapes_what_a_spreadsheet_would_run(town, client_for):
    place, ours, _ = town
    from journeys.models import Client

    journey = JourneyFactory(organisation=ours, stage=Stage.TRADING, started_on=IN_PERIOD)
    Client.objects.filter(pk=journey.client_id).update(
        place=PlaceFactory(name="=HYPERLINK(1)", slug="evil")
    )
    rows = _rows(_download(client_for("commissioner"), place, "reach-by-place"))
    assert ["'=HYPERLINK(1)", "fewer than 5"] in rows


def _build(place, ours, theirs, scale):
    for organisation in (ours, theirs):
        for stage in Stage.values:
            journeys = _journeys(organisation, stage, scale)
            session = SessionFactory(
                organisation=organisation,
                starts_at=datetime(2026, 3, 2, 10, tzinfo=LONDON),
                journeys=journeys,
            )
            assert session.pk
            for journey in journeys:
                MilestoneFactory(journey=journey, achieved_on=IN_PERIOD)
                WellbeingCheckFactory(journey=journey, taken_on=IN_PERIOD)


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("persona", ["commissioner", "staff_a"])
def test_the_dashboard_runs_the_same_queries_for_few_records_as_for_many(
    town, client_for, django_assert_num_queries, persona
):
    place, ours, theirs = town
    client = client_for(persona)
    url = reverse("insights:place", args=[place.slug])
    _build(place, ours, theirs, 1)
    client.get(url, PERIOD)  # warm the caches a first request fills
    # Staff also get their own figures, for this period and the one before.
    expected = {"commissioner": 42, "staff_a": 66}[persona]
    with django_assert_num_queries(expected):
        assert client.get(url, PERIOD).status_code == 200
    _build(place, ours, theirs, 8)
    with django_assert_num_queries(expected):
        assert client.get(url, PERIOD).status_code == 200


def test_staff_cannot_subtract_their_own_from_the_period_before(town, client_for):
    place, ours, theirs = town
    earlier = date(2025, 9, 1)  # in the six months before the period
    for organisation, n in ((ours, 6), (theirs, 2)):
        for _ in range(n):
            journey = JourneyFactory(organisation=organisation, started_on=earlier)
            MilestoneFactory(journey=journey, kind=Milestone.Kind.FIRST_SALE, achieved_on=earlier)
    rows = _rows(_download(client_for("staff_a"), place, "milestones"))
    first_sale = next(row for row in rows if row[0] == "First sale")
    # The period before: 8 at the place, of which their own 6; the other hub's 2 must not show.
    assert first_sale[2] == "withheld"
    rows = _rows(_download(client_for("commissioner"), place, "milestones"))
    assert next(row for row in rows if row[0] == "First sale")[2] == "8"
