"""The Wigan demo figures (issue 14): seeded on the persona cast and the demo directory, Wigan's
dashboard shows its figures as numbers, the small ones as "fewer than 5", and the wellbeing
means and milestone sums that need five people behind them.

Every expected figure is counted by hand from the tables in demo/insights.py, for the default
period (the last 12 full months) and the one before it.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from demo.directory import HUB_A, seed_directory
from demo.insights import HUB_C, seed_insights
from demo.personas import build_persona_cast
from ecosystem.models import Organisation
from insights.access import get_place_for_insights
from insights.periods import preset
from insights.selectors import place_dashboard
from journeys.models import (
    Client,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    SupportRequest,
    WellbeingCheck,
)
from referrals.models import Notification, Referral
from stories.models import Story, StoryPrompt
from tests.support.cast import PERSONA_PASSWORD, Cast

FEWER = "fewer than 5"
WITHHELD = "withheld"


def _dashboard(key: str, slug: str = "wigan"):
    viewer = get_place_for_insights(Cast().user(key), slug)
    return place_dashboard(viewer, preset("year", timezone.localdate()))


def _cells(dashboard, panel: str, column: int = 0) -> dict:
    """One column of a panel's table, by row key (the totals row is "total")."""
    table = dashboard.panel(panel).table
    return {row.key: row.cells[column] for row in [*table.rows, *filter(None, [table.totals])]}


def _texts(dashboard, panel: str, column: int = 0) -> dict[str, str]:
    return {key: cell.text for key, cell in _cells(dashboard, panel, column).items()}


def _facts(dashboard, section: str) -> dict:
    return {label: cell for s in dashboard.sections if s.key == section for label, cell in s.facts}


class WiganDemoFiguresTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo = build_persona_cast(PERSONA_PASSWORD)
        seed_directory()  # the partners referrals go to: Heron Lane and Five Rise
        seed_insights(users=demo["users"], organisations=demo["organisations"])
        cls.demo = demo

    def setUp(self):
        self.dashboard = _dashboard("commissioner")

    def test_it_shows_what_became_of_requests_in_both_periods(self):
        now = _texts(self.dashboard, "requests-by-outcome", 0)
        before = _texts(self.dashboard, "requests-by-outcome", 1)
        assert now["taken-on"] == "18"
        assert now["passed-on"] == "5"  # via the administrators to hub A, then to Bradford
        assert now["closed-no-reply"] == "6"
        assert now["closed-signposted"] == "5"
        assert now["waiting"] == FEWER
        assert now["closed-duplicate"] == FEWER
        assert now["total"] == "44"
        assert before["taken-on"] == "8"
        assert before["total"] == "17"

    def test_it_shows_journeys_by_stage_and_how_far_they_came(self):
        # 42 journeys of the two hubs were open in the period, and 7 that referrals began.
        by_stage = _texts(self.dashboard, "journeys-by-stage")
        assert by_stage["exploring"] == "13"
        assert by_stage["planning"] == "11"
        assert by_stage["starting"] == "6"
        assert by_stage["trading"] == "11"
        assert by_stage["growing"] == FEWER
        assert by_stage["total"] == "49"
        reached = _texts(self.dashboard, "journeys-reached")
        assert [reached[stage] for stage in ("enquiry", "exploring", "planning")] == [
            "49",
            "44",
            "31",
        ]
        channels = _texts(self.dashboard, "journeys-by-channel")
        assert channels["online"] == "18"
        assert channels["staff-or-referral"] == "17"

    def test_it_shows_sessions_of_every_kind_with_their_hours(self):
        sessions = _texts(self.dashboard, "sessions-by-kind")
        assert sessions["workshop"] == "8"
        assert sessions["wrap-around"] == "10"
        assert sessions["practical"] == "9"
        assert sessions["signposting"] == "9"
        people = _texts(self.dashboard, "people-by-kind")
        assert people["action-learning"] == "14"
        assert people["peer-support"] == "15"
        hours = {
            label.removeprefix("Hours of support: "): cell
            for label, cell in _facts(self.dashboard, "sessions").items()
        }
        assert hours["wrap-around support"].value == Decimal("8.5")  # 510 minutes
        assert hours["practical help"].value == Decimal("14.5")  # 870 minutes
        assert hours["signposting"].value == Decimal("3.7")  # 220 minutes
        assert all(not cell.withheld for cell in hours.values())  # 5 or more people each
        group = {
            row.label: [cell.text for cell in row.cells]
            for row in self.dashboard.panel("group-or-one-to-one").table.rows
        }
        assert group["Workshop or training"] == ["8", "0"]  # 4 to 7 journeys at each
        assert group["Signposting"] == ["0", "9"]

    def test_it_shows_milestones_and_their_sums_and_keeps_a_small_legal_form_back(self):
        now = _texts(self.dashboard, "milestones", 0)
        assert now["registered"] == "14"
        assert now["first-sale"] == "10"
        assert now["jobs"] == "6"
        assert now["finance"] == "7"
        assert now["premises"] == FEWER
        assert now["total"] == "45"
        forms = _texts(self.dashboard, "registered-by-legal-form")
        assert forms["sole-trader"] == "6"
        assert forms["cic"] == "5"
        assert forms["co-operative-society"] == FEWER
        assert forms["community-benefit-society"] == FEWER
        assert forms["total"] == "14"
        sums = _facts(self.dashboard, "outcomes")
        assert sums["Jobs created (full-time equivalent)"].value == Decimal("8.5")
        assert sums["Volunteers involved"].value == 25
        assert sums["Finance raised (£)"].value == Decimal("51950.00")

    def test_it_shows_the_wellbeing_means_of_ten_people(self):
        rows = {row.key: row.cells for row in self.dashboard.panel("wellbeing").table.rows}
        life = rows["life_satisfaction"]
        assert [life[0].value, life[1].value, life[2].value] == pytest.approx([4.9, 6.6, 1.7])
        assert life[3].text == "10"
        anxiety = rows["anxiety"]
        assert [anxiety[0].value, anxiety[1].value, anxiety[2].value] == pytest.approx(
            [6.0, 4.3, -1.7]
        )
        confidence = rows["confidence"]
        assert [confidence[0].value, confidence[1].value] == pytest.approx([3.3, 6.0])

    def test_it_shows_who_the_place_reaches_with_one_small_group_kept_back(self):
        by_place = _texts(self.dashboard, "reach-by-place")
        assert by_place["wigan"] == "37"
        assert by_place["bradford"] == FEWER
        assert by_place["total"] == "49"
        ages = _texts(self.dashboard, "equality-age_band")
        assert ages["25-34"] == "6"
        assert ages["35-49"] == "7"
        assert ages["65+"] == FEWER  # the one person aged 65 or over
        assert ages["not-answered"] == "28"
        assert _texts(self.dashboard, "equality-gender")["woman"] == "11"
        barriers = _texts(self.dashboard, "barriers")
        assert barriers["finance"] == "10"
        assert barriers["childcare"] == "6"
        assert barriers["benefits"] == "5"
        sensitive = _texts(self.dashboard, "sensitive-barriers")
        assert sensitive == {"disability": FEWER, "faith-finance": FEWER}

    def test_it_shows_the_referral_network(self):
        steps = _texts(self.dashboard, "referral-steps")
        assert steps["sent"] == "11"
        assert steps["received"] == "8"
        assert steps["accepted"] == "10"
        assert steps["completed"] == "7"
        assert steps["expired"] == FEWER
        assert _texts(self.dashboard, "referral-flows")["inside"] == "6"
        facts = _facts(self.dashboard, "referrals")
        # Days waited: 2, 2, 3, 4, 5, 6, 7, 9, 12 and 15.
        assert facts["Median days to accept a referral"].value == 5.5
        assert facts["Organisations connected by referrals"].value == 5

    def test_it_shows_stories_by_outcome(self):
        rows = self.dashboard.panel("stories-by-outcome").table.rows
        sustainable = next(row for row in rows if row.label.startswith("Businesses sustainable"))
        assert sustainable.cells[0].text == "5"
        pride = next(row for row in rows if row.label.startswith("Pride in place"))
        assert pride.cells[0].text == FEWER
        assert _facts(self.dashboard, "stories")["Stories captured"].text == "6"

    def test_hub_a_staff_see_their_own_figures_beside_the_place_kept_back(self):
        dashboard = _dashboard("staff_a")
        assert dashboard.panel("journeys-by-stage").table.columns[1] == "Northway Community Hub"
        own = _texts(dashboard, "journeys-by-stage", 1)
        assert [own[s] for s in ("enquiry", "exploring", "planning", "starting", "trading")] == [
            "4",
            "10",
            "7",
            "4",
            "8",
        ]
        assert own["growing"] == "3"
        assert own["total"] == "36"
        # Tinker's Yard and Heron Lane hold 1 to 4 journeys at each of these stages: showing
        # the place's figure would let hub A's staff work out theirs.
        place = _texts(dashboard, "journeys-by-stage", 0)
        assert place["exploring"] == WITHHELD
        assert place["trading"] == WITHHELD
        assert place["total"] == "49"

    def test_the_page_shows_the_figures(self):
        self.client.force_login(Cast().user("commissioner"))
        response = self.client.get(reverse("insights:place", args=["wigan"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "51,950" in html
        assert FEWER in html
        assert WITHHELD in html

    def test_the_dashboard_runs_as_many_queries_for_wigan_as_for_a_place_with_nothing(self):
        _dashboard("admin", "leicester")  # fill the caches the first build fills
        with CaptureQueriesContext(connection) as empty:
            _dashboard("admin", "leicester")
        with self.assertNumQueries(len(empty.captured_queries)):
            _dashboard("admin", "wigan")

    def test_every_date_falls_in_the_last_24_full_months(self):
        first = timezone.localdate().replace(day=1)
        earliest = date(first.year - 2, first.month, 1)
        latest = first - timedelta(days=1)
        ours = Journey.objects.filter(client__email__endswith="@example.com")
        days = [
            *ours.values_list("started_on", flat=True),
            *ours.exclude(closed_on=None).values_list("closed_on", flat=True),
            *Milestone.objects.values_list("achieved_on", flat=True),
            *WellbeingCheck.objects.values_list("taken_on", flat=True),
            *[
                moment.date()
                for moment in [
                    *JourneyChange.objects.filter(journey__in=ours).values_list(
                        "changed_at", flat=True
                    ),
                    *Session.objects.values_list("starts_at", flat=True),
                    *SupportRequest.objects.values_list("created_at", flat=True),
                    *Referral.objects.values_list("created_at", flat=True),
                ]
            ],
        ]
        assert len(days) > 500
        assert min(days) >= earliest
        assert max(days) <= latest

    def test_every_person_is_invented_and_nothing_is_left_waiting_for_staff(self):
        emails = set(Client.objects.values_list("email", flat=True))
        assert emails and all(e.endswith(("@example.com", "@demo.test")) for e in emails)
        assert not SupportRequest.objects.exclude(email__endswith="@example.com").exists()
        assert not Client.objects.exclude(phone="").exists()
        hub_c = Organisation.objects.get(slug=HUB_C)
        assert hub_c.is_demo
        assert not hub_c.memberships.get().user.has_usable_password()
        assert not StoryPrompt.objects.filter(closed_at=None).exists()
        assert not Notification.objects.filter(read_at=None).exists()
        assert Story.objects.filter(organisation=hub_c).exists()

    def test_running_it_twice_changes_nothing(self):
        def counts():
            return [
                m.objects.count()
                for m in (Organisation, Client, Journey, Session, SupportRequest, Referral, Story)
            ]

        before = counts()
        seed_insights(users=self.demo["users"], organisations=self.demo["organisations"])
        assert counts() == before
        assert Journey.objects.filter(organisation__slug=HUB_A).count() == 39
