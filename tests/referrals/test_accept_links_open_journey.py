"""Accepting a referral for someone the receiver already has an open journey with links the
referral to that journey (and record) instead of starting another, and says so on it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from demo.directory import HUB_B
from journeys.models import Client, Journey, JourneyChange
from referrals.models import Referral
from referrals.services import referral_accept, referral_move
from tests.journeys.factories import ClientFactory, JourneyFactory
from tests.referrals.factories import BASE, send_referral

pytestmark = pytest.mark.django_db

EMAIL = "rosa.quill@example.test"


@pytest.fixture
def journey(cast):
    """Hub A's journey with someone who has an account, whose details they agree to share."""
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a,
            name="Rosa Quillfeather",
            email=EMAIL,
            user=cast.user("entrepreneur"),
        ),
        venture_name="Quill Bicycle Repairs",
    )


def _send(cast, journey, **kwargs):
    return send_referral(
        journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b, **kwargs
    )


def _accept(cast, referral):
    return referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)


def _at_hub_b():
    return list(Journey.objects.filter(organisation__slug=HUB_B).order_by("created_at"))


def _joined(journey) -> list[tuple[str, str, str]]:
    return [
        (c.to_value, c.changed_by.email, c.reason)
        for c in journey.changes.filter(field=JourneyChange.Field.REFERRAL)
    ]


def test_a_second_referral_is_accepted_onto_the_journey_the_first_one_started(
    cast, client_for, journey, django_capture_on_commit_callbacks
):
    first = _accept(cast, _send(cast, journey)).receiving_journey
    second = _send(cast, journey, need="Help finding a workshop.")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        second = _accept(cast, second)

    assert second.receiving_journey == first
    assert (second.status, second.accepted_at is not None) == ("accepted", True)
    assert _at_hub_b() == [first]
    assert Client.objects.filter(organisation=cast.hub_b).count() == 1
    assert _joined(first) == [
        (
            "accepted",
            "staff.b@demo.test",
            f"Referral {second.reference} from Northway Community Hub, accepted onto this "
            "journey rather than starting another.",
        )
    ]
    # Both sides hear of it, as for any acceptance; the person sees one journey there.
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "entrepreneur@demo.test",
        "manager.a@demo.test",
        "staff.a@demo.test",
    ]
    html = client_for("entrepreneur").get(reverse("my:journey")).content.decode()
    assert html.count("with Canal Side Enterprise Centre") == 1
    # The receiver's page shows the line in the journey's timeline.
    page = client_for("staff_b").get(first.get_absolute_url()).content.decode()
    assert f"Referral {second.reference} from Northway Community Hub" in page


def test_a_journey_the_receiver_already_had_takes_the_referral_found_by_the_account(cast, journey):
    # Hub B knows the person under another address, through their account.
    theirs = JourneyFactory(
        organisation=cast.hub_b,
        client=ClientFactory(
            organisation=cast.hub_b,
            email="rosa@another.example",
            user=cast.user("entrepreneur"),
        ),
        venture_name="Bike hire by the canal",
        stage="trading",
    )

    referral = _accept(cast, _send(cast, journey, scope=["name", "venture"]))

    assert referral.receiving_journey == theirs
    theirs.refresh_from_db()
    assert (theirs.venture_name, theirs.stage, theirs.client.email) == (
        "Bike hire by the canal",
        "trading",
        "rosa@another.example",
    )
    assert _at_hub_b() == [theirs]


def test_a_journey_found_by_the_email_address_gets_the_account_linked(cast, journey):
    record = ClientFactory(organisation=cast.hub_b, email="Rosa.Quill@Example.test")
    theirs = JourneyFactory(organisation=cast.hub_b, client=record, status=Journey.Status.PAUSED)

    referral = _accept(cast, _send(cast, journey))

    assert referral.receiving_journey == theirs
    record.refresh_from_db()
    assert record.user == cast.user("entrepreneur")  # they agreed to share their contact details
    theirs.refresh_from_db()
    assert theirs.status == "active"  # taken on again, a paused journey goes on
    assert list(theirs.changes.filter(field="status").values_list("from_value", "to_value")) == [
        ("paused", "active")
    ]
    assert len(_joined(theirs)) == 1


def test_an_anonymous_enquiry_is_never_matched_to_the_person(cast, journey):
    theirs = JourneyFactory(
        organisation=cast.hub_b,
        client=ClientFactory(organisation=cast.hub_b, email=EMAIL, user=cast.user("entrepreneur")),
    )

    referral = _accept(cast, _send(cast, journey, consent=False))

    anonymous = referral.receiving_journey
    assert anonymous != theirs and anonymous.client != theirs.client
    assert (anonymous.client.name, anonymous.client.email, anonymous.client.user) == (
        f"Anonymous enquiry {referral.reference}",
        "",
        None,
    )
    assert _joined(theirs) == []


def test_a_record_whose_journeys_are_closed_gets_a_new_journey_on_it(cast, journey):
    first = _accept(cast, _send(cast, journey))
    referral_move(
        referral=first,
        actor=cast.user("staff_b"),
        status="completed",
        outcome="helped",
        base_url=BASE,
    )
    ended = first.receiving_journey
    ended.status, ended.close_reason = Journey.Status.CLOSED, "trading-well"
    ended.closed_on = ended.started_on
    ended.save()

    again = _accept(cast, _send(cast, journey, need="Help with a second workshop."))

    assert again.receiving_journey not in (None, ended)
    assert again.receiving_journey.client == ended.client
    assert [j.status for j in _at_hub_b()] == ["closed", "active"]
    assert _joined(again.receiving_journey) == []


def test_a_record_linked_to_someone_elses_account_is_not_used(cast, journey):
    other = JourneyFactory(
        organisation=cast.hub_b,
        client=ClientFactory(organisation=cast.hub_b, email=EMAIL, user=cast.user("peer")),
    )

    referral = _accept(cast, _send(cast, journey))

    assert referral.receiving_journey.client not in (None, other.client)
    assert referral.receiving_journey.client.user == cast.user("entrepreneur")
    assert _joined(other) == []


def test_after_seed_demo_the_entrepreneur_has_one_open_journey_at_canal_side_and_keeps_it(
    settings, monkeypatch, cast, client_for
):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "pw")
    call_command("seed_demo")

    person = cast.user("entrepreneur")

    def open_at_canal_side():
        return list(
            Journey.objects.filter(
                organisation=cast.hub_b, client__user=person, status__in=Journey.OPEN
            )
        )

    [theirs] = open_at_canal_side()
    # Hub A refers them to Canal Side again, and Canal Side accepts.
    at_hub_a = Journey.objects.get(organisation=cast.hub_a, client__user=person)
    again = _accept(cast, _send(cast, at_hub_a, need="Help with a market stall licence."))

    assert again.receiving_journey == theirs
    assert open_at_canal_side() == [theirs]
    assert Referral.objects.filter(receiving_journey=theirs).count() == 2
    html = client_for("entrepreneur").get(reverse("my:journey")).content.decode()
    assert html.count("with Canal Side Enterprise Centre") == 1
