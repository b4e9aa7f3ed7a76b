"""The journeys app's figures for insights: raw counts for a period and a set of organisations.

Each test builds a small dataset at the two hubs of the persona cast (the set asked about),
with records outside the period and at a third organisation that must not count, and writes
the expected figures out by hand. The period is the first quarter of 2026, so it ends in
British Summer Time: a record at 00:30 on 1 April (23:30 on 31 March in UTC) is outside it.
"""

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ecosystem.models import Taxonomy, TaxonomyTerm
from journeys.models import (
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    RequestPass,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)
from journeys.selectors import (
    journey_figures,
    milestone_figures,
    reach_figures,
    request_figures,
    session_figures,
    wellbeing_figures,
)
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.journeys.factories import (
    ClientFactory,
    JourneyChangeFactory,
    JourneyFactory,
    MilestoneFactory,
    SessionFactory,
    SupportRequestFactory,
    WellbeingCheckFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START, END = date(2026, 1, 1), date(2026, 3, 31)
PERIOD = {"start": START, "end": END}


def at(year, month, day, hour=12, minute=0) -> datetime:
    """A moment in UK local time."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def values(rows) -> list[tuple[str, int]]:
    return [(row.key, row.value) for row in rows]


@pytest.fixture
def orgs(cast):
    """The two hubs asked about, and a hub elsewhere whose records must not count."""
    elsewhere = PlaceFactory(name="Elsewhere", slug="elsewhere")
    return SimpleNamespace(
        a=cast.hub_a,
        b=cast.hub_b,
        other=OrganisationFactory(name="Far Away Hub", places=[elsewhere]),
        ids=[cast.hub_a.pk, cast.hub_b.pk],
        wigan=cast.place_a,
        bradford=cast.place_b,
        elsewhere=elsewhere,
    )


def _request(created_at: datetime, **kwargs) -> SupportRequest:
    request = SupportRequestFactory(**kwargs)
    SupportRequest.objects.filter(pk=request.pk).update(created_at=created_at)
    return request


def _stage_change(journey, old, new, when):
    JourneyChangeFactory(
        journey=journey,
        field=JourneyChange.Field.STAGE,
        from_value=old,
        to_value=new,
        changed_at=when,
    )


def _status_change(journey, old, new, when):
    JourneyChangeFactory(
        journey=journey,
        field=JourneyChange.Field.STATUS,
        from_value=old,
        to_value=new,
        changed_at=when,
    )


# Requests -----------------------------------------------------------------------------------


def _requests(orgs):
    waiting, accepted, closed = (
        SupportRequest.Status.WAITING,
        SupportRequest.Status.ACCEPTED,
        SupportRequest.Status.CLOSED,
    )
    # Reach the hubs: held, waiting unheld in Wigan (hub A's place), or passed on by them.
    _request(at(2026, 1, 1, 0, 10), organisation=orgs.a, status=waiting)
    _request(at(2026, 1, 5), place=orgs.wigan, status=waiting)
    _request(at(2026, 1, 6), organisation=orgs.a, status=accepted)
    _request(
        at(2026, 2, 1), organisation=orgs.b, status=closed, close_reason="no-reply"
    )  # closed by hub B
    passed_out = _request(at(2026, 2, 2), organisation=orgs.other, status=accepted)
    RequestPass.objects.create(
        request=passed_out,
        from_organisation=orgs.a,
        to_organisation=orgs.other,
        reason="Closer to where they live.",
    )
    passed_within = _request(at(2026, 2, 3), organisation=orgs.b, status=waiting)
    RequestPass.objects.create(
        request=passed_within, from_organisation=orgs.a, to_organisation=orgs.b, reason="B fits."
    )
    _request(at(2026, 3, 1), organisation=orgs.a, status=closed, close_reason="spam")
    # Never counted: suspected spam, or made outside the period (local dates).
    _request(at(2026, 1, 7), organisation=orgs.a, status=waiting, suspected_spam=True)
    _request(at(2025, 12, 31, 23, 30), organisation=orgs.a, status=waiting)
    _request(at(2026, 4, 1, 0, 30), organisation=orgs.a, status=waiting)
    # Elsewhere: held by the far hub, unheld in its place, and in the administrators' queue.
    _request(at(2026, 1, 8), organisation=orgs.other, status=waiting)
    _request(at(2026, 1, 9), place=orgs.elsewhere, status=waiting)
    _request(at(2026, 1, 10), status=closed, close_reason="duplicate")


def test_it_counts_requests_that_reached_the_hubs_by_outcome(orgs):
    _requests(orgs)

    figures = request_figures(organisation_ids=orgs.ids, **PERIOD)

    assert figures.total == 7
    assert values(figures.by_outcome) == [
        ("waiting", 3),
        ("taken-on", 1),
        ("passed-on", 1),
        ("closed-duplicate", 0),
        ("closed-not-eligible", 0),
        ("closed-no-reply", 1),
        ("closed-withdrawn", 0),
        ("closed-signposted", 0),
        ("closed-spam", 1),
    ]
    assert [row.label for row in figures.by_outcome] == [
        "Waiting for a hub",
        "Taken on",
        "Passed on to another hub",
        "Closed: a duplicate of another request",
        "Closed: not something we can help with",
        "Closed: we could not get in touch",
        "Closed: they no longer want support",
        "Closed: signposted to another service",
        "Closed: not a real request",
    ]


def test_it_counts_a_request_passed_in_by_what_the_receiver_did(orgs):
    _requests(orgs)

    figures = request_figures(organisation_ids=[orgs.other.pk], **PERIOD)

    assert figures.total == 3
    assert dict(values(figures.by_outcome)) == {
        "waiting": 2,
        "taken-on": 1,
        "passed-on": 0,
        "closed-duplicate": 0,
        "closed-not-eligible": 0,
        "closed-no-reply": 0,
        "closed-withdrawn": 0,
        "closed-signposted": 0,
        "closed-spam": 0,
    }


def test_it_counts_every_request_with_no_organisations_given(orgs):
    _requests(orgs)

    figures = request_figures(organisation_ids=None, **PERIOD)

    assert figures.total == 10
    assert dict(values(figures.by_outcome)) == {
        "waiting": 5,
        "taken-on": 2,
        "passed-on": 0,
        "closed-duplicate": 1,
        "closed-not-eligible": 0,
        "closed-no-reply": 1,
        "closed-withdrawn": 0,
        "closed-signposted": 0,
        "closed-spam": 1,
    }


# Journeys -----------------------------------------------------------------------------------


def _journeys(orgs):
    closed, active, paused = Journey.Status.CLOSED, Journey.Status.ACTIVE, Journey.Status.PAUSED
    # Planning at the end of March, trading since May.
    j1 = JourneyFactory(organisation=orgs.a, stage=Stage.TRADING, started_on=date(2025, 6, 1))
    _stage_change(j1, "", Stage.ENQUIRY, at(2025, 6, 1))
    _stage_change(j1, Stage.ENQUIRY, Stage.PLANNING, at(2025, 9, 1))
    _stage_change(j1, Stage.PLANNING, Stage.TRADING, at(2026, 5, 1))
    # Never moved.
    JourneyFactory(organisation=orgs.a, stage=Stage.EXPLORING, started_on=date(2026, 2, 1))
    # Went back from starting up to planning; closed in February.
    j3 = JourneyFactory(
        organisation=orgs.b,
        stage=Stage.PLANNING,
        started_on=date(2025, 1, 1),
        status=closed,
        close_reason="stopped",
        closed_on=date(2026, 2, 15),
    )
    _stage_change(j3, "", Stage.STARTING, at(2025, 1, 1))
    _stage_change(j3, Stage.STARTING, Stage.PLANNING, at(2025, 10, 1))
    _status_change(j3, active, closed, at(2026, 2, 15))
    # Paused in December, closed in June: paused at the end of March.
    j4 = JourneyFactory(
        organisation=orgs.b,
        stage=Stage.ENQUIRY,
        started_on=date(2025, 5, 1),
        status=closed,
        close_reason="no-contact",
        closed_on=date(2026, 6, 1),
    )
    _status_change(j4, active, paused, at(2025, 12, 1))
    _status_change(j4, paused, closed, at(2026, 6, 1))
    # Read in from a file in November, already growing and closed in April: its only
    # history is dated when it was read in.
    j5 = JourneyFactory(
        organisation=orgs.a,
        stage=Stage.GROWING,
        started_on=date(2025, 2, 1),
        status=closed,
        close_reason="trading-well",
        closed_on=date(2026, 4, 15),
    )
    _stage_change(j5, "", Stage.GROWING, at(2026, 11, 1))
    _status_change(j5, "", closed, at(2026, 11, 1))
    # Asked online, started on the last day / the first day (and closed in January).
    JourneyFactory(
        organisation=orgs.b,
        stage=Stage.ENQUIRY,
        started_on=date(2026, 3, 31),
        request=SupportRequestFactory(organisation=orgs.b),
    )
    JourneyFactory(
        organisation=orgs.a,
        stage=Stage.EXPLORING,
        started_on=date(2026, 1, 1),
        request=SupportRequestFactory(organisation=orgs.a),
        status=closed,
        close_reason="moved-on",
        closed_on=date(2026, 1, 20),
    )
    # Not open during the period.
    JourneyFactory(
        organisation=orgs.a,
        started_on=date(2025, 1, 1),
        status=closed,
        close_reason="stopped",
        closed_on=date(2025, 12, 31),
    )
    JourneyFactory(organisation=orgs.a, started_on=date(2026, 4, 1))
    # At the far hub.
    JourneyFactory(organisation=orgs.other, stage=Stage.TRADING, started_on=date(2026, 1, 10))


def test_it_counts_journeys_by_stage_and_status_at_the_end_of_the_period(orgs):
    _journeys(orgs)

    figures = journey_figures(organisation_ids=orgs.ids, **PERIOD)

    assert figures.total == 7
    assert values(figures.by_stage) == [
        ("enquiry", 2),
        ("exploring", 2),
        ("planning", 2),
        ("starting", 0),
        ("trading", 0),
        ("growing", 1),
    ]
    assert values(figures.by_status) == [("active", 4), ("paused", 1), ("closed", 2)]
    assert figures.stages == [
        ("enquiry", "Enquiry"),
        ("exploring", "Exploring an idea"),
        ("planning", "Planning"),
        ("starting", "Starting up"),
        ("trading", "Trading"),
        ("growing", "Growing"),
    ]


def test_it_counts_how_far_journeys_had_come_by_the_end_of_the_period(orgs):
    _journeys(orgs)

    figures = journey_figures(organisation_ids=orgs.ids, **PERIOD)

    # The journey that went back to planning had reached starting up; the one trading
    # since May had only reached planning by March.
    assert values(figures.reached) == [
        ("enquiry", 7),
        ("exploring", 5),
        ("planning", 3),
        ("starting", 2),
        ("trading", 1),
        ("growing", 1),
    ]


def test_it_counts_journeys_started_by_how_they_began(orgs):
    _journeys(orgs)

    figures = request_figures(organisation_ids=orgs.ids, **PERIOD)

    assert values(figures.new_journeys_by_channel) == [("online", 2), ("staff-or-referral", 1)]
    assert [row.label for row in figures.new_journeys_by_channel] == [
        "Asked online",
        "Started by staff or by referral",
    ]


def test_it_counts_every_journey_with_no_organisations_given(orgs):
    _journeys(orgs)

    figures = journey_figures(organisation_ids=None, **PERIOD)
    channels = request_figures(organisation_ids=None, **PERIOD).new_journeys_by_channel

    assert figures.total == 8
    assert dict(values(figures.by_stage))["trading"] == 1
    assert [row.value for row in figures.reached] == [8, 6, 4, 3, 2, 1]
    assert values(figures.by_status) == [("active", 5), ("paused", 1), ("closed", 2)]
    assert values(channels) == [("online", 2), ("staff-or-referral", 2)]


# Sessions -----------------------------------------------------------------------------------


def _activities():
    taxonomy = Taxonomy.objects.create(
        slug="figures-activities", name="Activities for a test", description="Made up."
    )
    first = TaxonomyTerm.objects.create(
        taxonomy=taxonomy, code="wrap", name="Wrap-around support", description="", position=1
    )
    second = TaxonomyTerm.objects.create(
        taxonomy=taxonomy, code="advice", name="Advice", description="", position=2
    )
    return first, second


def _sessions(orgs):
    wrap, advice = _activities()
    ja1 = JourneyFactory(organisation=orgs.a)
    ja2 = JourneyFactory(organisation=orgs.a)
    # The same person's other idea, closed since (a person has one open journey at a time).
    ja3 = JourneyFactory(
        organisation=orgs.a,
        client=ja2.client,
        started_on=date(2025, 11, 1),
        status=Journey.Status.CLOSED,
        close_reason="stopped",
        closed_on=date(2026, 3, 1),
    )
    jb1 = JourneyFactory(organisation=orgs.b)
    jc1 = JourneyFactory(organisation=orgs.other)
    coaching, workshop = Session.Kind.COACHING, Session.Kind.WORKSHOP
    SessionFactory(
        organisation=orgs.a,
        kind=coaching,
        starts_at=at(2026, 1, 5, 10),
        duration_minutes=60,
        journeys=[ja1],
        activity=advice,
    )
    SessionFactory(
        organisation=orgs.a,
        kind=coaching,
        starts_at=at(2026, 1, 20, 10),
        duration_minutes=90,
        journeys=[ja2],
        activity=advice,
    )
    SessionFactory(
        organisation=orgs.a,
        kind=workshop,
        starts_at=at(2026, 2, 10, 18),
        duration_minutes=120,
        journeys=[ja1, ja2, ja3],
        activity=wrap,
    )
    SessionFactory(
        organisation=orgs.b,
        kind=coaching,
        starts_at=at(2026, 3, 31, 23, 30),
        duration_minutes=45,
        journeys=[jb1],
        activity=advice,
    )
    SessionFactory(
        organisation=orgs.b,
        kind=Session.Kind.PEER_SUPPORT,
        starts_at=at(2026, 3, 2),
        duration_minutes=30,
    )  # nobody came
    # Outside the period, and at the far hub.
    SessionFactory(organisation=orgs.a, starts_at=at(2026, 4, 1, 0, 30), journeys=[ja1])
    SessionFactory(organisation=orgs.a, starts_at=at(2025, 12, 31), journeys=[ja1])
    SessionFactory(
        organisation=orgs.other,
        kind=coaching,
        starts_at=at(2026, 1, 15),
        duration_minutes=60,
        journeys=[jc1],
    )
    return wrap, advice


KINDS = [
    "coaching",
    "peer-support",
    "action-learning",
    "workshop",
    "wrap-around",
    "practical",
    "signposting",
]


def test_it_counts_sessions_hours_and_people_for_each_kind(orgs):
    _sessions(orgs)

    figures = session_figures(organisation_ids=orgs.ids, **PERIOD)

    assert values(figures.sessions) == list(zip(KINDS, [3, 1, 0, 1, 0, 0, 0], strict=True))
    # 60 + 90 + 45 minutes of coaching is 3.25 hours.
    assert [(row.key, row.value, row.n) for row in figures.hours] == [
        ("coaching", Decimal("3.3"), 3),
        ("peer-support", Decimal("0.5"), 0),
        ("action-learning", Decimal("0.0"), 0),
        ("workshop", Decimal("2.0"), 2),
        ("wrap-around", Decimal("0.0"), 0),
        ("practical", Decimal("0.0"), 0),
        ("signposting", Decimal("0.0"), 0),
    ]
    assert values(figures.people) == list(zip(KINDS, [3, 0, 0, 2, 0, 0, 0], strict=True))
    assert values(figures.group_sessions) == list(zip(KINDS, [0, 0, 0, 1, 0, 0, 0], strict=True))
    assert values(figures.one_to_one_sessions) == list(
        zip(KINDS, [3, 0, 0, 0, 0, 0, 0], strict=True)
    )
    assert figures.people_reached == 3
    assert figures.sessions[0].label == "Coaching"


def test_it_counts_sessions_by_month_with_empty_months_too(orgs):
    _sessions(orgs)

    figures = session_figures(organisation_ids=orgs.ids, start=date(2025, 12, 15), end=END)

    assert [(m.month, m.label) for m in figures.by_month] == [
        (date(2025, 12, 1), "Dec 2025"),
        (date(2026, 1, 1), "Jan 2026"),
        (date(2026, 2, 1), "Feb 2026"),
        (date(2026, 3, 1), "Mar 2026"),
    ]
    assert [[row.value for row in m.counts] for m in figures.by_month] == [
        [1, 0, 0, 0, 0, 0, 0],
        [2, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [1, 1, 0, 0, 0, 0, 0],
    ]
    assert [row.key for row in figures.by_month[0].counts] == KINDS


def test_it_counts_sessions_by_the_activity_they_deliver(orgs):
    wrap, advice = _sessions(orgs)

    figures = session_figures(organisation_ids=orgs.ids, **PERIOD)

    assert [(row.key, row.label, row.value) for row in figures.by_activity] == [
        (str(wrap.pk), "Wrap-around support", 1),
        (str(advice.pk), "Advice", 3),
    ]


def test_it_counts_every_session_with_no_organisations_given(orgs):
    _sessions(orgs)

    figures = session_figures(organisation_ids=None, **PERIOD)

    assert figures.sessions[0].value == 4
    assert (figures.hours[0].value, figures.hours[0].n) == (Decimal("4.3"), 4)
    assert figures.one_to_one_sessions[0].value == 4
    assert figures.people_reached == 4
    assert [row.value for row in figures.by_month[0].counts] == [3, 0, 0, 0, 0, 0, 0]


# Milestones ---------------------------------------------------------------------------------


def _milestones(orgs):
    ja1, ja2 = JourneyFactory(organisation=orgs.a), JourneyFactory(organisation=orgs.a)
    jb1, jc1 = JourneyFactory(organisation=orgs.b), JourneyFactory(organisation=orgs.other)
    kind = Milestone.Kind

    def milestone(journey, milestone_kind, day, **fields):
        MilestoneFactory(journey=journey, kind=milestone_kind, achieved_on=day, **fields)

    milestone(ja1, kind.REGISTERED, date(2026, 1, 10), legal_form="ltd")
    milestone(ja1, kind.REGISTERED, date(2026, 2, 10), legal_form="cic")
    milestone(jb1, kind.REGISTERED, date(2026, 3, 31), legal_form="ltd")
    milestone(ja2, kind.REGISTERED, date(2026, 2, 1))  # legal form not recorded
    milestone(ja1, kind.JOBS, date(2026, 1, 15), jobs_fte=Decimal("1.5"))
    milestone(ja1, kind.JOBS, date(2026, 3, 1), jobs_fte=Decimal("2.0"))
    milestone(jb1, kind.JOBS, date(2026, 2, 1), jobs_fte=Decimal("0.5"))
    milestone(ja2, kind.VOLUNTEERS, date(2026, 2, 1), volunteers=3)
    milestone(jb1, kind.VOLUNTEERS, date(2026, 2, 1), volunteers=4)
    milestone(ja2, kind.FINANCE, date(2026, 1, 20), amount=Decimal("2500.00"))
    milestone(ja2, kind.FINANCE, date(2026, 3, 20), amount=Decimal("1000.50"))
    milestone(ja1, kind.FIRST_SALE, date(2026, 1, 1))
    milestone(ja2, kind.PREMISES, date(2026, 3, 15))
    # Outside the period, and at the far hub.
    milestone(ja1, kind.FIRST_SALE, date(2025, 12, 31))
    milestone(ja2, kind.JOBS, date(2026, 4, 1), jobs_fte=Decimal("10.0"))
    milestone(jc1, kind.JOBS, date(2026, 1, 10), jobs_fte=Decimal("5.0"))


def test_it_counts_journeys_with_each_milestone(orgs):
    _milestones(orgs)

    figures = milestone_figures(organisation_ids=orgs.ids, **PERIOD)

    assert values(figures.by_kind) == [
        ("registered", 3),
        ("first-sale", 1),
        ("jobs", 2),
        ("volunteers", 2),
        ("finance", 1),
        ("premises", 1),
    ]
    assert values(figures.registered_by_legal_form) == [
        ("sole-trader", 0),
        ("partnership", 0),
        ("llp", 0),
        ("ltd", 2),
        ("clg", 0),
        ("cic", 1),
        ("charity", 0),
        ("co-operative-society", 0),
        ("community-benefit-society", 0),
        ("unincorporated", 0),
        ("public-body", 0),
        ("other", 0),
        ("not-recorded", 1),
    ]


def test_it_adds_up_jobs_volunteers_and_finance_with_the_journeys_behind_them(orgs):
    _milestones(orgs)

    figures = milestone_figures(organisation_ids=orgs.ids, **PERIOD)

    assert (figures.jobs_fte.value, figures.jobs_fte.n) == (Decimal("4.0"), 2)
    assert (figures.volunteers.value, figures.volunteers.n) == (7, 2)
    assert (figures.finance.value, figures.finance.n) == (Decimal("3500.50"), 1)


def test_it_counts_every_milestone_with_no_organisations_given(orgs):
    _milestones(orgs)

    figures = milestone_figures(organisation_ids=None, **PERIOD)

    assert (figures.jobs_fte.value, figures.jobs_fte.n) == (Decimal("9.0"), 3)
    assert dict(values(figures.by_kind))["jobs"] == 3


def test_it_gives_zero_sums_from_nobody_when_there_are_no_milestones(orgs):
    figures = milestone_figures(organisation_ids=orgs.ids, **PERIOD)

    assert (figures.jobs_fte.value, figures.jobs_fte.n) == (Decimal("0.0"), 0)
    assert (figures.volunteers.value, figures.volunteers.n) == (0, 0)
    assert [row.value for row in figures.by_kind] == [0, 0, 0, 0, 0, 0]


# Wellbeing ----------------------------------------------------------------------------------

QUESTIONS = ["life_satisfaction", "worthwhile", "happiness", "anxiety", "confidence"]


def _check(journey, occasion, day, scores):
    WellbeingCheckFactory(
        journey=journey,
        occasion=occasion,
        taken_on=day,
        **dict(zip(QUESTIONS, scores, strict=True)),
    )


def _wellbeing(orgs):
    start, follow_up = WellbeingCheck.Occasion.START, WellbeingCheck.Occasion.FOLLOW_UP
    w1 = JourneyFactory(organisation=orgs.a)
    _check(w1, start, date(2025, 11, 1), [4, 5, 5, 7, 3])
    _check(w1, follow_up, date(2026, 1, 15), [5, 5, 5, 6, 4])
    _check(w1, follow_up, date(2026, 3, 10), [6, 7, 6, 5, 6])  # the latest up to the end
    _check(w1, follow_up, date(2026, 5, 1), [10, 10, 10, 0, 10])  # after the period
    w2 = JourneyFactory(organisation=orgs.a)
    _check(w2, start, date(2026, 1, 5), [6, 6, 7, 4, 5])
    _check(w2, follow_up, date(2026, 3, 31), [8, 7, 7, 2, 8])
    w3 = JourneyFactory(organisation=orgs.b)
    _check(w3, start, date(2025, 9, 1), [3, 4, 3, 8, 2])  # the first start check is the one
    _check(w3, start, date(2025, 10, 1), [9, 9, 9, 1, 9])
    _check(w3, follow_up, date(2026, 2, 1), [4, 4, 5, 6, 4])
    # Not counted: followed up without a start check; followed up only before the period.
    _check(JourneyFactory(organisation=orgs.a), follow_up, date(2026, 2, 1), [1, 1, 1, 1, 1])
    w5 = JourneyFactory(organisation=orgs.b)
    _check(w5, start, date(2025, 6, 1), [5, 5, 5, 5, 5])
    _check(w5, follow_up, date(2025, 12, 1), [9, 9, 9, 1, 9])
    # At the far hub.
    w6 = JourneyFactory(organisation=orgs.other)
    _check(w6, start, date(2025, 10, 1), [2, 2, 2, 2, 2])
    _check(w6, follow_up, date(2026, 2, 10), [4, 4, 4, 2, 4])


def test_it_compares_the_start_with_the_latest_follow_up(orgs):
    _wellbeing(orgs)

    figures = wellbeing_figures(organisation_ids=orgs.ids, **PERIOD)

    assert figures.n == 3
    approx = pytest.approx
    assert [(q.key, q.before, q.after, q.change, q.n) for q in figures.questions] == [
        ("life_satisfaction", approx(13 / 3), approx(6.0), approx(5 / 3), 3),
        ("worthwhile", approx(5.0), approx(6.0), approx(1.0), 3),
        ("happiness", approx(5.0), approx(6.0), approx(1.0), 3),
        ("anxiety", approx(19 / 3), approx(13 / 3), approx(-2.0), 3),
        ("confidence", approx(10 / 3), approx(6.0), approx(8 / 3), 3),
    ]
    assert [q.lower_is_better for q in figures.questions] == [False, False, False, True, False]
    assert figures.questions[3].label == "How anxious they felt yesterday (lower is better)"


def test_it_compares_wellbeing_everywhere_with_no_organisations_given(orgs):
    _wellbeing(orgs)

    figures = wellbeing_figures(organisation_ids=None, **PERIOD)

    assert figures.n == 4
    life = figures.questions[0]
    assert (life.before, life.after) == (pytest.approx(15 / 4), pytest.approx(22 / 4))


def test_it_has_no_means_when_nobody_was_followed_up(orgs):
    figures = wellbeing_figures(organisation_ids=orgs.ids, **PERIOD)

    assert figures.n == 0
    assert {(q.before, q.after, q.change, q.n) for q in figures.questions} == {
        (None, None, None, 0)
    }


# Who was reached ----------------------------------------------------------------------------


def _equality(journey, created_at, **answers):
    request = _request(created_at, organisation=journey.organisation)
    EqualityMonitoring.objects.create(request=request, consented_at=timezone.now(), **answers)
    Journey.objects.filter(pk=journey.pk).update(request=request)


def _reach(orgs):
    c1 = ClientFactory(
        organisation=orgs.a,
        place=orgs.wigan,
        barriers=["language", "finance"],
        sensitive_barriers=["disability"],
    )
    j1 = JourneyFactory(organisation=orgs.a, client=c1, started_on=date(2025, 6, 1))
    _equality(
        j1, at(2025, 5, 1), age_band="25-34", gender="woman", ethnic_group="asian", disabled="yes"
    )
    # A group with two journeys, who answered twice: the later answers count.
    c2 = ClientFactory(organisation=orgs.a, kind="group", place=orgs.wigan, barriers=["finance"])
    # The first closed before the second began: one open journey at a time.
    j2 = JourneyFactory(
        organisation=orgs.a,
        client=c2,
        started_on=date(2025, 6, 1),
        status=Journey.Status.CLOSED,
        close_reason="stopped",
        closed_on=date(2026, 1, 31),
    )
    j3 = JourneyFactory(organisation=orgs.a, client=c2, started_on=date(2026, 2, 1))
    _equality(j2, at(2025, 5, 2), age_band="35-49", gender="man", ethnic_group="white")
    _equality(
        j3, at(2026, 1, 20), age_band="50-64", gender="man", ethnic_group="white", disabled="no"
    )
    c3 = ClientFactory(
        organisation=orgs.b,
        place=orgs.bradford,
        barriers=["childcare"],
        sensitive_barriers=["faith-finance", "disability"],
    )
    JourneyFactory(organisation=orgs.b, client=c3, started_on=date(2026, 3, 31))
    c4 = ClientFactory(organisation=orgs.b, barriers=["housing"])  # place not known
    j4 = JourneyFactory(
        organisation=orgs.b,
        client=c4,
        started_on=date(2025, 3, 1),
        status=Journey.Status.CLOSED,
        close_reason="moved-away",
        closed_on=date(2026, 1, 1),
    )
    _equality(j4, at(2025, 2, 1), gender="not-say")
    # Not reached in the period, and at the far hub.
    JourneyFactory(
        organisation=orgs.a,
        client=ClientFactory(organisation=orgs.a, place=orgs.wigan, barriers=["language"]),
        started_on=date(2025, 1, 1),
        status=Journey.Status.CLOSED,
        close_reason="stopped",
        closed_on=date(2025, 12, 31),
    )
    JourneyFactory(
        organisation=orgs.a,
        client=ClientFactory(organisation=orgs.a, place=orgs.wigan, barriers=["language"]),
        started_on=date(2026, 4, 1),
    )
    JourneyFactory(
        organisation=orgs.other,
        client=ClientFactory(
            organisation=orgs.other, place=orgs.elsewhere, barriers=["language", "benefits"]
        ),
        started_on=date(2026, 1, 10),
    )


def test_it_counts_people_reached_by_place_and_kind(orgs):
    _reach(orgs)

    figures = reach_figures(organisation_ids=orgs.ids, **PERIOD)

    assert figures.total == 4
    assert [(r.key, r.label, r.value) for r in figures.by_place] == [
        ("wigan", "Wigan", 2),
        ("bradford", "Bradford", 1),
        ("not-known", "Not known", 1),
    ]
    assert values(figures.by_kind) == [("person", 3), ("group", 1)]


def test_it_counts_equality_answers_with_every_choice(orgs):
    _reach(orgs)

    figures = reach_figures(organisation_ids=orgs.ids, **PERIOD)

    assert [(group.key, values(group.counts)) for group in figures.equality] == [
        (
            "age_band",
            [
                ("16-24", 0),
                ("25-34", 1),
                ("35-49", 0),
                ("50-64", 1),
                ("65+", 0),
                ("not-say", 0),
                ("not-answered", 2),
            ],
        ),
        (
            "gender",
            [("woman", 1), ("man", 1), ("other", 0), ("not-say", 1), ("not-answered", 1)],
        ),
        (
            "ethnic_group",
            [
                ("asian", 1),
                ("black", 0),
                ("mixed", 0),
                ("white", 1),
                ("other", 0),
                ("not-say", 0),
                ("not-answered", 2),
            ],
        ),
        ("disabled", [("yes", 1), ("no", 1), ("not-say", 0), ("not-answered", 2)]),
    ]
    assert figures.equality[0].counts[-1].label == "Not answered"


def test_it_counts_barriers_and_keeps_health_and_faith_apart(orgs):
    _reach(orgs)

    figures = reach_figures(organisation_ids=orgs.ids, **PERIOD)

    assert values(figures.barriers) == [
        ("language", 1),
        ("benefits", 0),
        ("housing", 1),
        ("childcare", 1),
        ("finance", 2),
    ]
    assert values(figures.sensitive_barriers) == [("disability", 2), ("faith-finance", 1)]


def test_it_counts_everyone_reached_with_no_organisations_given(orgs):
    _reach(orgs)

    figures = reach_figures(organisation_ids=None, **PERIOD)

    assert figures.total == 5
    assert [(r.key, r.value) for r in figures.by_place] == [
        ("wigan", 2),
        ("bradford", 1),
        ("elsewhere", 1),
        ("not-known", 1),
    ]
    assert values(figures.barriers)[:2] == [("language", 2), ("benefits", 1)]


# What every figure costs, and what it never holds -------------------------------------------


def _everything(orgs, term, copies: int) -> None:
    """Some of every record the figures read, at both hubs and inside the period."""
    for _ in range(copies):
        for org, place in ((orgs.a, orgs.wigan), (orgs.b, orgs.bradford)):
            journey = JourneyFactory(
                organisation=org,
                started_on=date(2026, 1, 10),
                client__place=place,
                client__barriers=["finance"],
                client__sensitive_barriers=["disability"],
            )
            _equality(journey, at(2026, 1, 9), age_band="25-34", gender="woman")
            _stage_change(journey, "", Stage.EXPLORING, at(2026, 1, 10))
            _stage_change(journey, Stage.EXPLORING, Stage.PLANNING, at(2026, 5, 1))
            _status_change(journey, Journey.Status.ACTIVE, Journey.Status.PAUSED, at(2026, 6, 1))
            other = JourneyFactory(organisation=org, started_on=date(2025, 6, 1))
            passed = _request(at(2026, 2, 2), organisation=orgs.other)
            RequestPass.objects.create(
                request=passed, from_organisation=org, to_organisation=orgs.other, reason="Nearer."
            )
            _request(at(2026, 2, 3), place=place)
            SessionFactory(
                organisation=org, starts_at=at(2026, 2, 3), journeys=[journey, other], activity=term
            )
            SessionFactory(
                organisation=org,
                kind=Session.Kind.WORKSHOP,
                starts_at=at(2026, 3, 3),
                journeys=[journey],
            )
            MilestoneFactory(
                journey=journey,
                kind=Milestone.Kind.JOBS,
                jobs_fte=Decimal("1.0"),
                achieved_on=date(2026, 2, 1),
            )
            MilestoneFactory(
                journey=journey,
                kind=Milestone.Kind.REGISTERED,
                legal_form="ltd",
                achieved_on=date(2026, 2, 1),
            )
            _check(journey, WellbeingCheck.Occasion.START, date(2026, 1, 10), [5, 5, 5, 5, 5])
            _check(journey, WellbeingCheck.Occasion.FOLLOW_UP, date(2026, 3, 1), [6, 6, 6, 4, 6])


# The queries each function runs, whatever the number of records.
QUERIES = [
    # the requests, with their outcomes counted together; the journeys by how they began
    (request_figures, 2),
    # the journeys with their stage, status and furthest stage worked out in the query
    (journey_figures, 1),
    # per kind; people per kind; people overall; by month; by activity
    (session_figures, 5),
    # by kind; registrations by legal form; the sums
    (milestone_figures, 3),
    # the starts and latest follow-ups, compared in the query
    (wellbeing_figures, 1),
    # by place; everything else counted together
    (reach_figures, 2),
]


@pytest.mark.parametrize(("figures", "queries"), QUERIES, ids=[f.__name__ for f, _ in QUERIES])
@pytest.mark.parametrize("organisation_ids", ["hubs", None])
def test_it_runs_the_same_queries_for_few_records_as_for_many(
    orgs, django_assert_num_queries, figures, queries, organisation_ids
):
    term, _ = _activities()
    ids = orgs.ids if organisation_ids == "hubs" else None
    _everything(orgs, term, copies=1)
    with django_assert_num_queries(queries):
        few = figures(organisation_ids=ids, **PERIOD)

    _everything(orgs, term, copies=10)
    with django_assert_num_queries(queries):
        many = figures(organisation_ids=ids, **PERIOD)

    assert few != many  # the larger dataset was counted


def test_it_never_returns_anything_that_identifies_a_person(orgs):
    term, _ = _activities()
    _everything(orgs, term, copies=2)
    shown = repr([figures(organisation_ids=orgs.ids, **PERIOD) for figures, _ in QUERIES])

    identifying = set()
    for journey in Journey.objects.select_related("client", "request"):
        client = journey.client
        identifying |= {str(journey.pk), journey.venture_name, str(client.pk), client.name}
        identifying |= {client.email} if client.email else set()
        if journey.request_id:
            identifying |= {str(journey.request_id), journey.request.reference}
    assert identifying
    assert [value for value in identifying if value in shown] == []
