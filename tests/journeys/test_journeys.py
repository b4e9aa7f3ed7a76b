"""Working with journeys: stages, status, sessions and actions, milestones, wellbeing, my journey."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from journeys.models import Action, Journey, JourneyChange, Milestone, Session, WellbeingCheck
from journeys.services import (
    AgreedAction,
    journey_move_to_stage,
    journey_set_status,
    milestone_record,
    session_log,
    wellbeing_record,
)
from tests.journeys.factories import ActionFactory, JourneyFactory, MilestoneFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(cast):
    return JourneyFactory(
        organisation=cast.hub_a,
        client__user=cast.user("entrepreneur"),
        lead_worker=cast.user("staff_a"),
    )


def _at(days: int, hour: int = 10):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))


def test_moving_the_stage_keeps_who_when_and_why(cast, journey):
    staff = cast.user("staff_a")

    journey_move_to_stage(journey=journey, stage="planning", actor=staff, reason="Wrote a plan.")

    journey.refresh_from_db()
    assert journey.stage == "planning"
    change = JourneyChange.objects.get(journey=journey)
    assert (change.from_value, change.to_value, change.changed_by, change.reason) == (
        "exploring",
        "planning",
        staff,
        "Wrote a plan.",
    )


def test_moving_to_the_same_stage_is_refused(cast, journey):
    with pytest.raises(ValidationError) as refused:
        journey_move_to_stage(journey=journey, stage="exploring", actor=None)
    assert "already" in refused.value.message_dict["stage"][0]


def test_closing_needs_a_reason_and_reopening_clears_it(cast, journey):
    staff = cast.user("staff_a")
    with pytest.raises(ValidationError) as refused:
        journey_set_status(journey=journey, status="closed", actor=staff)
    assert "close_reason" in refused.value.message_dict

    journey_set_status(journey=journey, status="closed", actor=staff, close_reason="moved-away")
    journey.refresh_from_db()
    assert (journey.status, journey.close_reason, journey.closed_on) == (
        "closed",
        "moved-away",
        timezone.localdate(),
    )

    journey_set_status(journey=journey, status="active", actor=staff)
    journey.refresh_from_db()
    assert (journey.status, journey.close_reason, journey.closed_on) == ("active", "", None)
    assert JourneyChange.objects.filter(journey=journey, field="status").count() == 2


def test_a_session_is_linked_to_the_model_activity_it_delivers(cast, journey):
    session = session_log(
        organisation=cast.hub_a,
        actor=cast.user("staff_a"),
        kind=Session.Kind.COACHING,
        starts_at=_at(-1),
        duration_minutes=45,
        mode="online",
        staff=cast.user("staff_a"),
        journeys=[journey],
        actions=[AgreedAction("Draft the rules", due_on=timezone.localdate())],
    )

    assert session.activity.code == "relational-approaches"
    assert session.activity.taxonomy.slug == "empowering-places-activities"
    assert list(session.journeys.all()) == [journey]
    assert [a.description for a in Action.objects.filter(journey=journey)] == ["Draft the rules"]


def test_a_group_session_counts_for_each_journey_with_the_actions_for_everyone(cast, journey):
    other = JourneyFactory(organisation=cast.hub_a)

    session = session_log(
        organisation=cast.hub_a,
        actor=cast.user("manager_a"),
        kind=Session.Kind.WORKSHOP,
        starts_at=_at(-2),
        duration_minutes=120,
        mode="in-person",
        staff=cast.user("manager_a"),
        journeys=[journey, other],
        actions=[AgreedAction("Cost one product")],
    )

    assert session.attendances.count() == 2
    assert session.activity.code == "practical-help"
    assert Action.objects.filter(session=session).count() == 2
    assert set(Action.objects.values_list("journey", flat=True)) == {journey.pk, other.pk}


def test_a_session_cannot_include_another_hubs_journey(cast, journey):
    theirs = JourneyFactory(organisation=cast.hub_b)

    with pytest.raises(ValidationError) as refused:
        session_log(
            organisation=cast.hub_a,
            actor=cast.user("staff_a"),
            kind=Session.Kind.COACHING,
            starts_at=_at(-1),
            duration_minutes=30,
            mode="phone",
            staff=cast.user("staff_a"),
            journeys=[journey, theirs],
        )
    assert "journeys" in refused.value.message_dict
    assert not Session.objects.exists()


def test_logging_a_session_through_the_short_form(cast, client_for, journey):
    response = client_for("staff_a").post(
        reverse("journeys:session_new", args=[journey.pk]),
        {
            "kind": "coaching",
            "on": "20/11/2026",
            "at": "14:30",
            "duration_minutes": "50",
            "mode": "in-person",
            "topics": "Cash flow",
            "notes": "Worried about rent",
            "actions-TOTAL_FORMS": "3",
            "actions-INITIAL_FORMS": "0",
            "actions-0-description": "Open a bank account",
            "actions-0-owner": "entrepreneur",
            "actions-0-due_on": "27/11/2026",
            "actions-1-owner": "entrepreneur",
            "actions-2-owner": "entrepreneur",
        },
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M") == "20/11/2026 14:30"
    assert session.staff == cast.user("staff_a")
    action = Action.objects.get()
    assert (action.description, action.due_on) == ("Open a bank account", date(2026, 11, 27))


def test_a_bad_session_form_says_what_is_wrong_keeps_the_input_and_saves_nothing(
    cast, client_for, journey
):
    response = client_for("staff_a").post(
        reverse("journeys:session_new", args=[journey.pk]),
        {
            "kind": "coaching",
            "on": "31/02/2026",
            "at": "25:99",
            "duration_minutes": "0",
            "mode": "in-person",
            "topics": "Kept topic",
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-owner": "entrepreneur",
            "actions-0-due_on": "27/11/2026",
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter the date as day/month/year" in html
    assert "Enter a time on the 24-hour clock" in html
    assert "Enter at least 5 minutes." in html
    assert "Describe the action, or clear its date." in html
    assert "Kept topic" in html
    assert not Session.objects.exists() and not Action.objects.exists()


@pytest.mark.parametrize(
    ("kind", "fields", "error_field"),
    [
        ("registered", {}, "legal_form"),
        ("jobs", {}, "jobs_fte"),
        ("jobs", {"jobs_fte": Decimal("-1")}, "jobs_fte"),
        ("volunteers", {}, "volunteers"),
        ("finance", {}, "amount"),
    ],
)
def test_a_milestone_needs_the_figure_that_goes_with_it(cast, journey, kind, fields, error_field):
    with pytest.raises(ValidationError) as refused:
        milestone_record(
            journey=journey,
            actor=cast.user("staff_a"),
            kind=kind,
            achieved_on=timezone.localdate(),
            **fields,
        )
    assert error_field in refused.value.message_dict
    assert not Milestone.objects.exists()


def test_a_registration_is_recorded_with_its_legal_form_and_number(cast, journey):
    milestone = milestone_record(
        journey=journey,
        actor=cast.user("staff_a"),
        kind="registered",
        achieved_on=timezone.localdate(),
        legal_form="co-operative-society",
        registration_number="rs001234",
    )

    assert (milestone.legal_form, milestone.registration_number) == (
        "co-operative-society",
        "RS001234",
    )


def test_a_milestone_in_the_future_is_refused(cast, journey):
    with pytest.raises(ValidationError) as refused:
        milestone_record(
            journey=journey,
            actor=None,
            kind="first-sale",
            achieved_on=timezone.localdate() + timedelta(days=1),
        )
    assert "achieved_on" in refused.value.message_dict


def test_wellbeing_scores_are_from_0_to_10(cast, journey):
    scores = {
        "life_satisfaction": 6,
        "worthwhile": 7,
        "happiness": 5,
        "anxiety": 3,
        "confidence": 11,
    }
    with pytest.raises(ValidationError) as refused:
        wellbeing_record(
            journey=journey,
            actor=None,
            occasion="start",
            taken_on=timezone.localdate(),
            scores=scores,
        )
    assert "confidence" in refused.value.message_dict

    scores["confidence"] = 4
    wellbeing_record(
        journey=journey, actor=None, occasion="start", taken_on=timezone.localdate(), scores=scores
    )
    assert WellbeingCheck.objects.get().confidence == 4


def test_a_bad_wellbeing_form_is_explained_beside_each_field(cast, client_for, journey):
    response = client_for("staff_a").post(
        reverse("journeys:wellbeing_new", args=[journey.pk]),
        {"occasion": "start", "taken_on": "01/11/2026", "life_satisfaction": "12", "anxiety": "x"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Choose a number from 0 to 10.") >= 4
    assert not WellbeingCheck.objects.exists()


def test_the_journey_page_shows_one_timeline_of_everything(cast, client_for, journey):
    session = SessionFactory(organisation=cast.hub_a, journeys=[journey], topics="Pricing talk")
    ActionFactory(journey=journey, session=session, description="Price the loaves")
    MilestoneFactory(journey=journey, kind="first-sale")
    journey_move_to_stage(journey=journey, stage="trading", actor=cast.user("staff_a"))

    html = client_for("staff_a").get(journey.get_absolute_url()).content.decode()

    for text in ["Pricing talk", "Price the loaves", "First sale", "Trading", "Staff-only notes"]:
        assert text in html


def test_my_journey_shows_sessions_actions_and_milestones_but_never_staff_notes(
    cast, client_for, journey
):
    SessionFactory(
        organisation=cast.hub_a, journeys=[journey], topics="Pricing talk", notes="SECRET NOTE"
    )
    ActionFactory(journey=journey, description="Price the loaves")
    MilestoneFactory(journey=journey, kind="first-sale")

    html = client_for("entrepreneur").get(reverse("my:journey")).content.decode()

    assert "Pricing talk" in html and "Price the loaves" in html and "First sale" in html
    assert "SECRET NOTE" not in html
    other = client_for("entrepreneur2").get(reverse("my:journey")).content.decode()
    assert "Pricing talk" not in other


def test_the_person_changes_how_they_are_contacted(cast, client_for, journey):
    url = reverse("my:contact", args=[journey.client_id])

    bad = client_for("entrepreneur").post(url, {"contact_method": "phone", "phone": ""})
    assert bad.status_code == 400
    assert "Enter a phone number" in bad.content.decode()

    good = client_for("entrepreneur").post(
        url, {"contact_method": "text", "phone": "07700 900123", "contact_times": "Evenings"}
    )
    assert good.status_code == 302
    journey.client.refresh_from_db()
    assert (journey.client.contact_method, journey.client.phone) == ("text", "07700 900123")


def test_upcoming_sessions_download_as_ics_without_other_peoples_names(cast, client_for, journey):
    other = JourneyFactory(organisation=cast.hub_a, client__name="Other Person")
    SessionFactory(organisation=cast.hub_a, journeys=[journey, other], starts_at=_at(3, 14))
    SessionFactory(organisation=cast.hub_a, journeys=[journey], starts_at=_at(-30))

    mine = Calendar.from_ical(client_for("entrepreneur").get(reverse("my:calendar")).content)
    staff = Calendar.from_ical(
        client_for("staff_a").get(reverse("journeys:calendar", args=[cast.hub_a.pk])).content
    )

    [event] = mine.walk("VEVENT")
    assert str(event["summary"]) == "Coaching with Northway Community Hub"
    assert event.decoded("dtstart") == _at(3, 14)
    assert "Other Person" not in mine.to_ical().decode()
    [staff_event] = staff.walk("VEVENT")
    assert "Other Person" in str(staff_event["summary"])


def test_the_journey_list_filters_by_stage_worker_and_status(cast, client_for, journey):
    JourneyFactory(organisation=cast.hub_a, venture_name="Paused thing", status="paused")
    JourneyFactory(organisation=cast.hub_a, venture_name="Closed thing", status="closed")
    JourneyFactory(organisation=cast.hub_a, venture_name="Growing thing", stage="growing")
    JourneyFactory(organisation=cast.hub_b, venture_name="Bradford thing")
    client = client_for("staff_a")

    def names(query):
        response = client.get(reverse("journeys:list") + query)
        return [j.venture_name for j in response.context["page"].object_list]

    assert sorted(names("")) == sorted([journey.venture_name, "Paused thing", "Growing thing"])
    assert names("?stage=growing") == ["Growing thing"]
    assert names("?status=closed") == ["Closed thing"]
    assert names("?worker=me") == [journey.venture_name]
    assert "Bradford thing" not in names("?status=all")
    assert sorted(names("?stage=nonsense")) == sorted(names(""))  # a bad filter is ignored


def test_journeys_are_kept_when_a_lead_worker_leaves(cast, journey):
    cast.user("staff_a").delete()
    journey.refresh_from_db()
    assert journey.lead_worker is None
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_a_session_is_corrected_keeping_its_actions(cast, client_for, journey):
    other = JourneyFactory(organisation=cast.hub_a)
    session = SessionFactory(organisation=cast.hub_a, journeys=[journey], topics="Old topic")
    ActionFactory(journey=journey, session=session, description="Kept action")
    url = reverse("journeys:session_edit", args=[session.pk])

    page = client_for("staff_a").get(url).content.decode()
    response = client_for("staff_a").post(
        url,
        {
            "kind": "workshop",
            "on": "02/11/2026",
            "at": "09:15",
            "duration_minutes": "90",
            "mode": "online",
            "journeys": [str(journey.pk), str(other.pk)],
            "topics": "New topic",
        },
    )

    assert "Old topic" in page
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.kind, session.activity.code, session.topics) == (
        "workshop",
        "practical-help",
        "New topic",
    )
    assert set(session.journeys.all()) == {journey, other}
    assert Action.objects.get().description == "Kept action"


def test_a_bad_correction_changes_nothing(cast, client_for, journey):
    session = SessionFactory(organisation=cast.hub_a, journeys=[journey], topics="Old topic")

    response = client_for("staff_a").post(
        reverse("journeys:session_edit", args=[session.pk]),
        {
            "kind": "coaching",
            "on": "",
            "at": "10:00",
            "duration_minutes": "60",
            "mode": "online",
            "journeys": [],
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the date of the session." in html
    assert "Choose at least one person or group who took part." in html
    session.refresh_from_db()
    assert session.topics == "Old topic" and list(session.journeys.all()) == [journey]
