"""Triage: who sees a request, taking it on, passing it between hubs, closing it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from journeys.models import Client, Journey, JourneyChange, RequestPass, SupportRequest
from journeys.triage.selectors import duplicate_flags, requests_visible_to
from journeys.triage.services import request_accept, request_close, request_pass
from tests.journeys.factories import ClientFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def _visible(user):
    return set(requests_visible_to(user).values_list("reference", flat=True))


def test_a_request_reaches_the_hubs_serving_its_place_and_the_site_queue_the_rest(cast):
    SupportRequestFactory(reference="EP-WIGAN1", place=cast.place_a)
    SupportRequestFactory(reference="EP-BRAD01", place=cast.place_b, postcode="BD1 1AA")
    SupportRequestFactory(reference="EP-NOHUB1", place=None, postcode="LS1 4AP")

    assert _visible(cast.user("staff_a")) == {"EP-WIGAN1"}
    assert _visible(cast.user("manager_a")) == {"EP-WIGAN1"}
    assert _visible(cast.user("staff_b")) == {"EP-BRAD01"}
    assert _visible(cast.user("admin")) == {"EP-NOHUB1"}
    for key in ["entrepreneur", "entrepreneur2", "peer", "commissioner", "editor"]:
        assert _visible(cast.user(key)) == set()


def test_taking_a_request_on_starts_a_journey_linked_to_the_persons_account(
    cast, django_capture_on_commit_callbacks
):
    entrepreneur = cast.user("entrepreneur")
    request = SupportRequestFactory(
        place=cast.place_a,
        email="entrepreneur@demo.test",
        user=entrepreneur,
        idea="Bakery co-op\nwith four founders",
        stage="planning",
        barriers=["childcare"],
        sensitive_barriers=["disability"],
    )
    staff = cast.user("staff_a")

    with django_capture_on_commit_callbacks(execute=True):
        journey = request_accept(
            request=request, organisation=cast.hub_a, actor=staff, base_url=BASE
        )

    assert journey.organisation == cast.hub_a
    assert journey.venture_name == "Bakery co-op"
    assert journey.stage == "planning"
    assert journey.lead_worker == staff
    assert journey.client.user == entrepreneur
    assert journey.client.sensitive_barriers == ["disability"]
    request.refresh_from_db()
    assert (request.status, request.organisation, request.decided_by) == (
        "accepted",
        cast.hub_a,
        staff,
    )
    change = JourneyChange.objects.get(journey=journey)
    assert (change.field, change.from_value, change.to_value) == ("stage", "", "planning")
    told = [m for m in mail.outbox if m.to == ["entrepreneur@demo.test"]]
    assert len(told) == 1 and "Northway Community Hub" in told[0].subject


def test_taking_on_a_second_request_from_a_known_person_reuses_their_record(cast):
    known = ClientFactory(organisation=cast.hub_a, email="known@example.test")
    request = SupportRequestFactory(place=cast.place_a, email="Known@Example.test")

    journey = request_accept(
        request=request, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )

    assert journey.client == known
    assert (
        Client.objects.filter(organisation=cast.hub_a, email__iexact="known@example.test").count()
        == 1
    )


def test_a_request_can_be_taken_on_once_only(cast):
    request = SupportRequestFactory(place=cast.place_a)
    request_accept(
        request=request, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )

    with pytest.raises(ValidationError, match="already been accepted"):
        request_accept(
            request=request, organisation=cast.hub_a, actor=cast.user("manager_a"), base_url=BASE
        )
    assert Journey.objects.filter(request=request).count() == 1


def test_a_hub_cannot_take_on_a_request_for_another_place(cast):
    request = SupportRequestFactory(place=cast.place_b, postcode="BD1 1AA")

    with pytest.raises(ValidationError):
        request_accept(
            request=request, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
        )
    assert not Journey.objects.exists()


def test_passing_a_request_records_it_moves_it_and_tells_the_person(
    cast, django_capture_on_commit_callbacks
):
    request = SupportRequestFactory(place=cast.place_a, email="mover@example.test")
    staff = cast.user("staff_a")

    with django_capture_on_commit_callbacks(execute=True):
        request_pass(
            request=request,
            to_organisation=cast.hub_b,
            actor=staff,
            reason="They have moved to Bradford.",
            base_url=BASE,
        )

    handover = RequestPass.objects.get(request=request)
    assert (handover.from_organisation, handover.to_organisation, handover.passed_by) == (
        None,
        cast.hub_b,
        staff,
    )
    assert _visible(cast.user("staff_a")) == set()
    assert _visible(cast.user("staff_b")) == {request.reference}
    told = [m for m in mail.outbox if m.to == ["mover@example.test"]]
    assert len(told) == 1 and "They have moved to Bradford." in told[0].body
    team = [m for m in mail.outbox if "staff.b@demo.test" in m.to]
    assert len(team) == 1


def test_passing_needs_a_reason_and_another_hub(cast):
    request = SupportRequestFactory(place=cast.place_a, organisation=cast.hub_a)

    with pytest.raises(ValidationError) as refused:
        request_pass(
            request=request, to_organisation=cast.hub_a, actor=None, reason="", base_url=BASE
        )
    assert set(refused.value.message_dict) == {"to_organisation", "reason"}
    assert not RequestPass.objects.exists()


def test_closing_a_request_tells_the_person_unless_it_was_not_real(
    cast, django_capture_on_commit_callbacks
):
    real = SupportRequestFactory(place=cast.place_a, email="real@example.test")
    spam = SupportRequestFactory(place=cast.place_a, email="spam@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        request_close(
            request=real,
            actor=cast.user("staff_a"),
            reason="signposted",
            note="Sent to the council's team.",
        )
        request_close(request=spam, actor=cast.user("staff_a"), reason="spam")

    assert [m.to for m in mail.outbox] == [["real@example.test"]]
    assert "Sent to the council" in mail.outbox[0].body
    assert SupportRequest.objects.filter(status="closed").count() == 2


def test_repeats_are_flagged_by_email_or_phone(cast):
    first = SupportRequestFactory(place=cast.place_a, email="twice@example.test")
    second = SupportRequestFactory(place=cast.place_a, email="TWICE@example.test")
    by_phone_1 = SupportRequestFactory(place=cast.place_a, phone="07700 900555")
    by_phone_2 = SupportRequestFactory(place=cast.place_a, phone="07700 900555")
    alone = SupportRequestFactory(place=cast.place_a)

    flags = duplicate_flags([first, second, by_phone_1, by_phone_2, alone])

    assert flags == {first.pk, second.pk, by_phone_1.pk, by_phone_2.pk}


def test_health_and_faith_are_shown_only_to_the_hub_that_took_the_request_on(cast, client_for):
    served = SupportRequestFactory(
        place=cast.place_a, sensitive_barriers=["disability"], barriers=["housing"]
    )
    unserved = SupportRequestFactory(
        place=None, postcode="LS1 4AP", sensitive_barriers=["disability"], barriers=["housing"]
    )
    url = reverse("triage:detail", args=[served.pk])

    waiting_html = client_for("staff_a").get(url).content.decode()
    admin_html = (
        client_for("admin").get(reverse("triage:detail", args=[unserved.pk])).content.decode()
    )
    journey = request_accept(
        request=served, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )
    accepted_html = client_for("staff_a").get(url).content.decode()
    journey_html = client_for("staff_a").get(journey.get_absolute_url()).content.decode()

    for html in (waiting_html, admin_html):
        assert "Housing problems" in html
        assert "A disability or health condition" not in html
        assert "Only staff of the hub that takes the request on will see it" in html
    assert "A disability or health condition" in accepted_html
    assert "A disability or health condition" in journey_html


def test_likely_repeats_are_only_those_the_viewer_may_see(cast, client_for):
    mine = SupportRequestFactory(place=cast.place_a, email="twice@example.test")
    SupportRequestFactory(
        reference="EP-THEIRS", place=cast.place_b, postcode="BD1 1AA", email="twice@example.test"
    )
    SupportRequestFactory(reference="EP-MINE02", place=cast.place_a, email="twice@example.test")

    html = client_for("staff_a").get(reverse("triage:detail", args=[mine.pk])).content.decode()

    assert "EP-MINE02" in html
    assert "EP-THEIRS" not in html


def test_accepting_through_the_page_opens_the_new_journey(cast, client_for):
    request = SupportRequestFactory(place=cast.place_a)

    response = client_for("staff_a").post(
        reverse("triage:accept", args=[request.pk]), {"organisation": str(cast.hub_a.pk)}
    )

    journey = Journey.objects.get(request=request)
    assert response.status_code == 302
    assert response.url == journey.get_absolute_url()


def test_a_bad_pass_is_explained_beside_the_field_and_changes_nothing(cast, client_for):
    request = SupportRequestFactory(place=cast.place_a)

    response = client_for("staff_a").post(
        reverse("triage:pass", args=[request.pk]), {"to_organisation": "nonsense", "reason": ""}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a partner hub from the list." in html
    assert "Say why, so the other hub and the person know." in html
    request.refresh_from_db()
    assert request.organisation is None and not RequestPass.objects.exists()


def test_closed_requests_are_deleted_two_years_after_closing(cast):
    from datetime import timedelta

    from django.utils import timezone

    from journeys.triage.services import requests_purge_closed

    now = timezone.now()
    old = SupportRequestFactory(
        place=cast.place_a, status="closed", decided_at=now - timedelta(days=731)
    )
    recent = SupportRequestFactory(
        place=cast.place_a, status="closed", decided_at=now - timedelta(days=700)
    )
    waiting = SupportRequestFactory(place=cast.place_a, created_at=now - timedelta(days=900))

    assert requests_purge_closed(now=now) == 1
    assert set(SupportRequest.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not SupportRequest.objects.filter(pk=old.pk).exists()


def test_the_beat_schedule_purges_closed_requests_daily(settings):
    from config.celery_app import app

    app.loader.import_default_modules()  # what a worker does when it starts
    entry = settings.CELERY_BEAT_SCHEDULE["journeys-purge-closed-requests"]
    assert entry["task"] == "journeys.tasks.purge_closed_requests"
    assert entry["task"] in app.tasks
