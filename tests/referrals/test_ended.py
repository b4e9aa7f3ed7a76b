"""After a referral ends without being accepted, its receiver sees only that it happened; the
copy of the person's details goes after REFERRAL_CLEAR_SHARED_AFTER_DAYS. And a referral form
sent twice makes one referral."""

import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from referrals import services
from referrals.models import Notification, Referral
from referrals.services import (
    referral_accept,
    referral_move,
    referral_reroute,
    referrals_clear_ended_details,
    referrals_remind_and_expire,
)
from tests.ecosystem.factories import OrganisationFactory
from tests.journeys.factories import ClientFactory, JourneyFactory
from tests.referrals.factories import BASE, send_referral

pytestmark = pytest.mark.django_db
S = Referral.Status

NAME, EMAIL, POSTCODE = "Ottoline Brackenbury", "ottoline.b@example.test", "WN1 1AA"
PERSONAL = [NAME, EMAIL, POSTCODE]
HIDDEN = "their details are no longer shown here"


@pytest.fixture
def journey(cast):
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(organisation=cast.hub_a, name=NAME, email=EMAIL, postcode=POSTCODE),
    )


def _send(cast, journey):
    return send_referral(
        journey=journey,
        actor=cast.user("staff_a"),
        to_organisation=cast.hub_b,
        scope=["name", "contact", "postcode"],
    )


def _withdraw(cast, referral):
    referral_move(
        referral=referral, actor=cast.user("staff_a"), status=S.WITHDRAWN, note="", base_url=BASE
    )


def _decline(cast, referral):
    referral_move(
        referral=referral,
        actor=cast.user("staff_b"),
        status=S.DECLINED,
        note="We do not cover Wigan.",
        base_url=BASE,
    )


def _pass_on(cast, referral):
    referral_reroute(
        referral=referral,
        actor=cast.user("staff_b"),
        to_organisation=OrganisationFactory(name="Heron Lane Advisers"),
        note="",
        base_url=BASE,
    )


def _expire(cast, referral):
    referrals_remind_and_expire(now=timezone.now() + timedelta(days=31), base_url=BASE)


ENDINGS = {"withdrawn": _withdraw, "declined": _decline, "passed on": _pass_on, "expired": _expire}


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_the_receiver_no_longer_sees_the_person_once_it_ends_unaccepted(
    cast, client_for, journey, ending
):
    referral = _send(cast, journey)
    staff_b, staff_a = client_for("staff_b"), client_for("staff_a")
    assert NAME in _html(staff_b, referral.get_absolute_url())

    ending(cast, referral)

    page = _html(staff_b, referral.get_absolute_url())
    for detail in PERSONAL:
        assert detail not in page
    assert HIDDEN in page
    assert referral.reference in page
    inbox = _html(staff_b, reverse("referrals:list") + "?status=all")
    assert referral.reference in inbox
    assert NAME not in inbox
    assert "Not shown: the referral ended" in inbox
    # The sender still sees what it sent.
    assert NAME in _html(staff_a, referral.get_absolute_url())
    assert NAME in _html(staff_a, reverse("referrals:list") + "?box=outbox&status=all")


AFTER_ACCEPTING = {
    "completed": ("staff_b", S.COMPLETED),
    "closed: no contact": ("staff_b", S.CLOSED),
    "withdrawn": ("staff_a", S.WITHDRAWN),
}


@pytest.mark.parametrize("who, status", AFTER_ACCEPTING.values(), ids=AFTER_ACCEPTING.keys())
def test_a_receiver_that_took_the_person_on_keeps_seeing_them(
    cast, client_for, journey, who, status
):
    referral = _send(cast, journey)
    referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)
    referral_move(
        referral=referral,
        actor=cast.user(who),
        status=status,
        note="",
        outcome=Referral.Outcome.HELPED if status == S.COMPLETED else "",
        base_url=BASE,
    )
    referral.refresh_from_db()
    assert referral.status == status
    page = _html(client_for("staff_b"), referral.get_absolute_url())
    assert NAME in page
    assert HIDDEN not in page
    assert NAME in _html(client_for("staff_b"), reverse("referrals:list") + "?status=all")
    with time_machine.travel(timezone.now() + timedelta(days=365)):
        assert referrals_clear_ended_details() == 0


def test_the_copy_of_the_details_is_cleared_after_the_period_and_not_before(
    cast, settings, journey
):
    settings.REFERRAL_CLEAR_SHARED_AFTER_DAYS = 30
    ended = _send(cast, journey)
    still_open = _send(cast, journey)
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        long_ago = _send(cast, journey)
        _decline(cast, long_ago)
    _withdraw(cast, ended)

    assert referrals_clear_ended_details() == 1
    long_ago.refresh_from_db()
    assert long_ago.shared == {}
    assert long_ago.shared_cleared_at is not None
    for referral in (ended, still_open):
        referral.refresh_from_db()
        assert referral.shared["name"] == NAME
        assert referral.shared_cleared_at is None
    assert referrals_clear_ended_details() == 0  # safe to run again

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert referrals_clear_ended_details() == 1
    ended.refresh_from_db()
    assert ended.shared == {}
    still_open.refresh_from_db()
    assert still_open.shared["name"] == NAME


def test_the_sender_is_told_when_the_copy_was_cleared(cast, client_for, journey):
    referral = _send(cast, journey)
    _withdraw(cast, referral)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        referrals_clear_ended_details()
    page = _html(client_for("staff_a"), referral.get_absolute_url())
    assert "the copy sent with it was removed on" in page
    assert NAME not in _html(client_for("staff_b"), referral.get_absolute_url())


def test_the_beat_schedule_clears_ended_details(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["referrals-clear-ended-details"]
    assert entry["task"] == "referrals.tasks.clear_ended_details"
    from referrals.tasks import clear_ended_details

    assert clear_ended_details.name == entry["task"]


# Sending the same form twice --------------------------------------------------------------


def _token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([0-9a-f-]{36})"', html)
    assert match, "the form carries a submission token"
    return match.group(1)


def test_sending_the_same_form_twice_makes_one_referral_and_one_round_of_emails(
    cast, client_for, journey, django_capture_on_commit_callbacks
):
    client = client_for("staff_a")
    url = reverse("referrals:new", args=[journey.pk])
    token = _token(_html(client, url))
    data = {
        "destination": f"org:{cast.hub_b.pk}",
        "need": "Advice on a market stall.",
        "urgency": "soon",
        "consent_given": "no",
        "submission_token": token,
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    emails, queued = len(mail.outbox), OutboxMessage.objects.count()
    assert emails > 0
    [referral] = Referral.objects.filter(from_journey=journey)
    sent = f"Referral {referral.reference} is sent to {cast.hub_b.name}."
    assert sent in _html(client, first.url)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, data)

    assert Referral.objects.filter(from_journey=journey).count() == 1
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == referral.get_absolute_url()
    assert sent in _html(client, second.url)
    assert (len(mail.outbox), OutboxMessage.objects.count()) == (emails, queued)


def test_each_new_form_gets_its_own_token_and_a_form_with_errors_keeps_it(
    cast, client_for, journey
):
    client = client_for("staff_a")
    url = reverse("referrals:new", args=[journey.pk])
    token = _token(_html(client, url))
    assert _token(_html(client, url)) != token
    response = client.post(url, {"need": "", "submission_token": token})
    assert response.status_code == 400
    assert _token(response.content.decode()) == token


def test_a_token_from_another_journeys_form_is_not_taken_for_a_repeat(cast, client_for, journey):
    other = JourneyFactory(organisation=cast.hub_a)
    token = uuid.uuid4()
    send_referral(journey=other, actor=cast.user("staff_a"), to_organisation=cast.hub_b)
    Referral.objects.filter(from_journey=other).update(submission_token=token)
    response = client_for("staff_a").post(
        reverse("referrals:new", args=[journey.pk]),
        {
            "destination": f"org:{cast.hub_b.pk}",
            "need": "Advice.",
            "urgency": "soon",
            "consent_given": "no",
            "submission_token": str(token),
        },
    )
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not Referral.objects.filter(from_journey=journey).exists()


def test_a_second_send_that_races_the_first_returns_the_first(cast, journey, monkeypatch):
    """Both requests look before either saves; the unique token stops the second."""
    token = uuid.uuid4()
    first = send_referral(journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b)
    Referral.objects.filter(pk=first.pk).update(submission_token=token)
    looked = []
    real = services._sent_with

    def not_yet_saved(found_token, found_journey):
        looked.append(found_token)
        return None if len(looked) == 1 else real(found_token, found_journey)

    monkeypatch.setattr(services, "_sent_with", not_yet_saved)
    emails, notes = OutboxMessage.objects.count(), Notification.objects.count()
    again = services.referral_send(
        journey=journey,
        actor=cast.user("staff_a"),
        to_organisation=cast.hub_b,
        to_service=None,
        need="Advice.",
        urgency="soon",
        consent_given=False,
        base_url=BASE,
        submission_token=token,
    )
    assert again.pk == first.pk
    assert len(looked) == 2
    assert Referral.objects.filter(from_journey=journey).count() == 1
    assert (OutboxMessage.objects.count(), Notification.objects.count()) == (emails, notes)
