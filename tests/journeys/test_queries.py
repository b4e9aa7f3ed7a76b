"""The journey pages cost the same number of queries with 3 journeys as with 30.

Each page is fetched with a few records, then with ten times as many (sessions, group
sessions, actions (overdue among them), milestones, stage changes, lead workers and
places on every journey), and must run exactly the same queries. The ceilings are the
figures measured when these tests were written: a new query on a page should be a
decision, not an accident.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import TaxonomyTerm
from journeys.models import Journey, JourneyChange, Milestone, Session, SupportRequest
from tests.journeys.factories import (
    ActionFactory,
    ClientFactory,
    JourneyChangeFactory,
    JourneyFactory,
    MilestoneFactory,
    SessionFactory,
    SupportRequestFactory,
    WellbeingCheckFactory,
)
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30

# The most queries each page may run, as measured (PostgreSQL, Django 5.2). Every page
# starts with 6: the session and the signed-in user, then the site, its settings, its
# navigation and footer links. After those:
CEILING = {
    # 6 + 11: organisation ids four times (the list, the filter's workers and places,
    # the "start a journey" buttons); the organisations twice; the filter's workers, places
    # and business types; the count; the page of journeys (their client, place, lead
    # worker, business type, last session and overdue flag joined or annotated in).
    "list": 17,
    # 6 + 9: organisation ids and the hub; journeys by stage and by status; requests
    # waiting; this month's sessions; the first 20 overdue actions and their total; the
    # next sessions with their head counts.
    "dashboard": 15,
    # 6 + 4: organisation ids twice; the requests (with place, hub and business type
    # joined in); one query for the possible repeats among them.
    "inbox": 10,
    # 6 + 8: the journeys (with hub, record and lead worker); their sessions, actions,
    # milestones and stage changes, one query each; the person's open requests; the
    # referrals made for them (the referrals app's panel); their stories (the stories
    # app's panel).
    "my journey": 14,
}
# The journey page, 6 + 17: organisation ids twice (the access helper, then the access
# rule); the journey with its hub, record, lead worker and business type; the entry in the
# access log that someone opened it; the timeline's
# sessions, their actions, stage changes, milestones, wellbeing checks and the request;
# the actions list; the wellbeing comparison; the record's place; the journey's referrals
# (the referrals app's panel); its stories and its open story prompt (the stories app's);
# whether the reader manages the hub (the privacy app's panel).
DETAIL_CEILING = 23


def _term(taxonomy: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy).order_by("position", "name").first()


def _journey_with_everything(cast, *, person, lead_worker, n: int) -> Journey:
    """One journey of hub A with every kind of record its pages show."""
    staff = cast.user("staff_a")
    today = timezone.localdate()
    now = timezone.now()
    request = SupportRequestFactory(
        organisation=cast.hub_a,
        place=cast.place_a,
        user=person,
        status=SupportRequest.Status.ACCEPTED,
    )
    journey = JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a,
            name=f"Many Records {n}",
            place=cast.place_a,
            postcode="WN1 1AA",
            user=person,
        ),
        request=request,
        lead_worker=lead_worker,
        business_type=_term("business-types"),
        stage="planning",
        started_on=today - timedelta(days=60),
    )
    JourneyChangeFactory(journey=journey, changed_by=staff, from_value="", to_value="enquiry")
    JourneyChangeFactory(
        journey=journey, changed_by=staff, from_value="enquiry", to_value="planning"
    )
    JourneyChangeFactory(
        journey=journey,
        changed_by=staff,
        field=JourneyChange.Field.STATUS,
        from_value="paused",
        to_value="active",
    )
    coaching = SessionFactory(
        organisation=cast.hub_a,
        staff=staff,
        created_by=staff,
        activity=_term("empowering-places-activities"),
        starts_at=now - timedelta(days=3, hours=n),
        journeys=[journey],
    )
    SessionFactory(
        organisation=cast.hub_a,
        staff=lead_worker,
        starts_at=now + timedelta(days=2, hours=n),
        journeys=[journey],
    )
    ActionFactory(journey=journey, session=coaching, due_on=today - timedelta(days=5))
    ActionFactory(journey=journey, due_on=today + timedelta(days=5), owner="staff")
    ActionFactory(journey=journey, due_on=today - timedelta(days=9), done_at=now)
    MilestoneFactory(journey=journey, recorded_by=staff)
    MilestoneFactory(
        journey=journey, kind=Milestone.Kind.FINANCE, amount=Decimal("2500"), recorded_by=staff
    )
    WellbeingCheckFactory(journey=journey, taken_on=today - timedelta(days=50))
    WellbeingCheckFactory(journey=journey, occasion="follow-up", confidence=8)
    return journey


def _requests_waiting(cast, *, person, start: int, stop: int) -> None:
    """Requests in hub A's triage inbox: new ones from its place, passed ones, repeats."""
    business_type = _term("business-types")
    for n in range(start, stop):
        SupportRequestFactory(
            place=cast.place_a,
            business_type=business_type,
            organisation=cast.hub_a if n % 3 == 0 else None,
            email=f"waiting{n // 2}@example.test",  # in pairs: each is a possible repeat
            phone="07700 900123" if n % 5 == 0 else "",
            suspected_spam=n % 6 == 0,
            user=person if n % 2 == 0 else None,
        )
    SupportRequestFactory(
        place=cast.place_a,
        user=person,
        status=SupportRequest.Status.CLOSED,
        close_reason=SupportRequest.CloseReason.NO_REPLY,
    )


def _add(cast, *, person, start: int, stop: int) -> None:
    workers = [cast.user("staff_a"), cast.user("manager_a"), None]
    journeys = [
        _journey_with_everything(cast, person=person, lead_worker=workers[n % 3], n=n)
        for n in range(start, stop)
    ]
    # A workshop for everyone in the batch, last week and next week.
    for days in (-7, 7):
        SessionFactory(
            organisation=cast.hub_a,
            kind=Session.Kind.WORKSHOP,
            staff=cast.user("manager_a"),
            starts_at=timezone.now() + timedelta(days=days),
            journeys=journeys,
        )
    _requests_waiting(cast, person=person, start=start, stop=stop)


def _count(client, url: str, *, expect: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert expect in response.content.decode()
    return len(queries)


@pytest.fixture
def person(cast):
    """Someone supported, whose account is linked to the hub's records of them."""
    return UserFactory(email="many.records@example.test")


def _pages(cast):
    """Each page: who looks at it, and a word it must show (so an empty page cannot pass)."""
    return {
        "list": ("staff_a", reverse("journeys:list"), "Many Records"),
        "dashboard": (
            "staff_a",
            reverse("journeys:dashboard", kwargs={"org_pk": cast.hub_a.pk}),
            "Many Records",
        ),
        "inbox": ("staff_a", reverse("triage:inbox"), "Possible repeat"),
        "my journey": ("person", reverse("my:journey"), "Venture"),
    }


def _measure(cast, clients) -> dict[str, int]:
    return {
        name: _count(clients[who], url, expect=expect)
        for name, (who, url, expect) in _pages(cast).items()
    }


def test_the_journey_pages_run_as_many_queries_with_30_journeys_as_with_3(cast, client_for, person):
    me = Client()
    me.force_login(person)
    clients = {"staff_a": client_for("staff_a"), "person": me}
    _add(cast, person=person, start=0, stop=FEW)
    _measure(cast, clients)  # warm the site's caches (root page, settings, content types)
    few = _measure(cast, clients)

    _add(cast, person=person, start=FEW, stop=MANY)
    assert Journey.objects.filter(client__user=person).count() == MANY
    many = _measure(cast, clients)
    assert many == few
    assert all(few[page] <= CEILING[page] for page in CEILING), few

    # The pages did show the many records, not a first page or an empty state.
    staff = clients["staff_a"]
    assert staff.get(reverse("journeys:list")).context["page"].paginator.count == MANY
    dashboard = staff.get(reverse("journeys:dashboard", kwargs={"org_pk": cast.hub_a.pk}))
    assert dashboard.context["overdue_total"] == MANY
    assert len(staff.get(reverse("triage:inbox")).context["requests"]) == MANY
    assert len(me.get(reverse("my:journey")).context["journeys"]) == MANY


def _more_of_everything(cast, journey: Journey, *, count: int) -> None:
    staff = cast.user("staff_a")
    now = timezone.now()
    for n in range(count):
        session = SessionFactory(
            organisation=cast.hub_a,
            staff=staff,
            activity=_term("empowering-places-activities"),
            starts_at=now - timedelta(days=10 + n),
            journeys=[journey],
        )
        ActionFactory(journey=journey, session=session, due_on=timezone.localdate())
        MilestoneFactory(journey=journey, kind=Milestone.Kind.JOBS, jobs_fte=Decimal("1.5"))
        JourneyChangeFactory(journey=journey, changed_by=staff)
        WellbeingCheckFactory(journey=journey, occasion="follow-up")


@pytest.mark.usefixtures("no_page_cache")
def test_a_journey_s_page_runs_as_many_queries_with_20_sessions_and_milestones_as_with_1(
    cast, client_for, person
):
    journey = _journey_with_everything(cast, person=person, lead_worker=None, n=0)
    client = client_for("staff_a")
    url = reverse("journeys:detail", kwargs={"pk": journey.pk})
    _count(client, url, expect="Many Records 0")  # warm the site's caches
    few = _count(client, url, expect="nobody yet")
    _more_of_everything(cast, journey, count=20)
    many = _count(client, url, expect="Jobs created")
    assert many == few
    assert few <= DETAIL_CEILING, few
