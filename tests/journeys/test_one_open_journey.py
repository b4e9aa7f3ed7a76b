"""One open journey per person per organisation: who counts as the same person, the database
rule, and every way of taking someone on (staff, a request, a request passed on, a file)."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from journeys.data.importing import clients_import
from journeys.models import Client, Journey, JourneyChange, SupportRequest
from journeys.selectors import person_known_to
from journeys.services import ClientDetails, journey_create, journey_set_status
from journeys.triage.services import request_accept, request_pass
from tests.journeys.factories import ClientFactory, JourneyFactory, SupportRequestFactory

pytestmark = pytest.mark.django_db
BASE = "http://testserver/"


def _open_journeys(organisation, **client):
    return Journey.objects.filter(
        organisation=organisation,
        status__in=Journey.OPEN,
        **{f"client__{k}": v for k, v in client.items()},
    )


# Who is the same person ------------------------------------------------------------------------


def test_it_knows_someone_by_their_account_before_their_email_address(cast):
    person = cast.user("entrepreneur")
    by_account = ClientFactory(
        organisation=cast.hub_a, email="old.address@example.test", user=person
    )
    ClientFactory(organisation=cast.hub_a, email="entrepreneur@demo.test")
    journey = JourneyFactory(organisation=cast.hub_a, client=by_account)

    known = person_known_to(cast.hub_a, user=person, email="entrepreneur@demo.test")

    assert (known.client, known.open_journey) == (by_account, journey)


def test_it_knows_an_email_address_in_any_case_at_that_organisation_only(cast):
    record = ClientFactory(organisation=cast.hub_a, email="Mixed.Case@Example.test")
    ClientFactory(organisation=cast.hub_b, email="someone.new@example.test")

    assert person_known_to(cast.hub_a, email="  mixed.case@EXAMPLE.test ").client == record
    assert person_known_to(cast.hub_a, email="mixed.case@example.test").open_journey is None
    assert person_known_to(cast.hub_a, email="someone.new@example.test").client is None
    assert person_known_to(cast.hub_a, email="").client is None
    assert person_known_to(cast.hub_a).client is None


def test_a_record_linked_to_another_account_is_not_the_same_person(cast):
    ClientFactory(organisation=cast.hub_a, email="shared@example.test", user=cast.user("peer"))

    known = person_known_to(cast.hub_a, user=cast.user("entrepreneur"), email="shared@example.test")

    assert known.client is None
    # Without an account to go on, the address is all there is.
    assert person_known_to(cast.hub_a, email="shared@example.test").client is not None


def test_of_two_records_for_one_address_the_one_with_an_open_journey_comes_first(cast):
    ClientFactory(organisation=cast.hub_a, email="twice@example.test")
    later = ClientFactory(organisation=cast.hub_a, email="TWICE@example.test")
    journey = JourneyFactory(organisation=cast.hub_a, client=later, status=Journey.Status.PAUSED)

    known = person_known_to(cast.hub_a, email="twice@example.test")

    assert (known.client, known.open_journey) == (later, journey)


# The database rule -----------------------------------------------------------------------------


def test_the_database_refuses_a_second_open_journey_on_one_record(cast):
    journey = JourneyFactory(organisation=cast.hub_a)
    JourneyFactory(
        organisation=cast.hub_a,
        client=journey.client,
        status=Journey.Status.CLOSED,
        close_reason="stopped",
        closed_on=timezone.localdate(),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        JourneyFactory(organisation=cast.hub_a, client=journey.client, status=Journey.Status.PAUSED)
    with pytest.raises(ValidationError, match="already has an open journey here"):
        Journey(
            organisation=cast.hub_a,
            client=journey.client,
            venture_name="Second idea",
            started_on=timezone.localdate(),
        ).full_clean()


def test_the_migration_closes_all_but_the_first_open_journey_of_a_record_before_the_rule(cast):
    migration = importlib.import_module("journeys.migrations.0003_one_open_journey_per_client")
    [constraint] = Journey._meta.constraints
    with connection.schema_editor() as editor:  # rolled back with the test
        editor.remove_constraint(Journey, constraint)
    first = JourneyFactory(organisation=cast.hub_a, started_on=date(2025, 3, 1))
    second = JourneyFactory(
        organisation=cast.hub_a, client=first.client, status=Journey.Status.PAUSED
    )
    third = JourneyFactory(organisation=cast.hub_a, client=first.client)
    alone = JourneyFactory(organisation=cast.hub_a)

    migration.close_second_open_journeys(apps, None)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.add_constraint(Journey, constraint)

    statuses = dict(Journey.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: "active",
        second.pk: "closed",
        third.pk: "closed",
        alone.pk: "active",
    }
    for journey in (second, third):
        journey.refresh_from_db()
        assert (journey.close_reason, journey.closed_on) == ("other", timezone.localdate())
        change = journey.changes.get(field="status")
        assert change.to_value == "closed"
        assert f"they already had “{first.venture_name}”, open since 01/03/2025" in change.reason
    assert not first.changes.exists() and not alone.changes.exists()


# Staff starting a journey, and reopening one -----------------------------------------------------


def _start(cast, *, email, status="active", **extra):
    return journey_create(
        organisation=cast.hub_a,
        actor=cast.user("staff_a"),
        client=ClientDetails(name="Amina Khan", email=email),
        venture_name=extra.pop("venture_name", "Community café"),
        status=status,
        **extra,
    )


def test_staff_cannot_start_a_second_open_journey_for_someone_they_know(cast):
    first = _start(cast, email="amina@example.org")

    with pytest.raises(ValidationError) as refused:
        _start(cast, email="AMINA@example.org", venture_name="Market stall")

    [message] = refused.value.message_dict["email"]
    assert message.startswith("Someone with these details already has an open journey here")
    assert "“Community café”" in message
    assert list(_open_journeys(cast.hub_a)) == [first]
    assert Client.objects.filter(organisation=cast.hub_a).count() == 1
    # A closed one, from the past, still goes on their record.
    earlier = _start(
        cast,
        email="amina@example.org",
        venture_name="Market stall",
        status="closed",
        close_reason="stopped",
        started_on=date(2025, 1, 1),
        closed_on=date(2025, 6, 1),
    )
    assert earlier.client == first.client
    # Another hub is another organisation: its own record and journey.
    elsewhere = journey_create(
        organisation=cast.hub_b,
        actor=cast.user("staff_b"),
        client=ClientDetails(name="Amina Khan", email="amina@example.org"),
        venture_name="Community café",
    )
    assert elsewhere.client != first.client


def test_the_new_journey_page_explains_the_refusal_beside_the_email_address(cast, client_for):
    known = _start(cast, email="amina@example.org")

    response = client_for("staff_a").post(
        reverse("journeys:new", kwargs={"org_pk": cast.hub_a.pk}),
        {
            "kind": "person",
            "name": "Amina Khan",
            "email": "amina@example.org",
            "contact_method": "email",
            "venture_name": "Market stall",
            "stage": "enquiry",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "already has an open journey here" in html and "Community café" in html
    assert list(_open_journeys(cast.hub_a)) == [known]


def test_a_closed_journey_reopens_only_while_no_other_is_open(cast):
    staff = cast.user("staff_a")
    closed = _start(
        cast,
        email="amina@example.org",
        venture_name="Market stall",
        status="closed",
        close_reason="stopped",
        started_on=date(2025, 1, 1),
    )
    current = _start(cast, email="amina@example.org")

    with pytest.raises(ValidationError) as refused:
        journey_set_status(journey=closed, status="active", actor=staff)

    assert (
        "has another open journey here (“Community café”)"
        in refused.value.message_dict["status"][0]
    )
    assert Journey.objects.get(pk=closed.pk).status == "closed"
    journey_set_status(journey=current, status="closed", actor=staff, close_reason="moved-on")
    journey_set_status(journey=closed, status="paused", actor=staff)
    assert list(_open_journeys(cast.hub_a)) == [Journey.objects.get(pk=closed.pk)]


# A request taken on by a hub ----------------------------------------------------------------------


def test_a_request_from_someone_with_an_open_journey_is_accepted_onto_it(
    cast, django_capture_on_commit_callbacks
):
    person = cast.user("entrepreneur")
    record = ClientFactory(organisation=cast.hub_a, email="entrepreneur@demo.test", user=person)
    journey = JourneyFactory(
        organisation=cast.hub_a, client=record, stage="starting", lead_worker=cast.user("staff_a")
    )
    request = SupportRequestFactory(
        place=cast.place_a,
        email="Entrepreneur@Demo.test",
        user=person,
        idea="Help with premises for the bakery.",
        stage="planning",
        barriers=["childcare"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        accepted = request_accept(
            request=request, organisation=cast.hub_a, actor=cast.user("manager_a"), base_url=BASE
        )

    assert accepted == journey
    assert list(_open_journeys(cast.hub_a, user=person)) == [journey]
    assert Client.objects.filter(organisation=cast.hub_a).count() == 1
    journey.refresh_from_db()
    # Its stage, venture and lead worker are as they were; the request is now its request.
    assert (journey.stage, journey.lead_worker, journey.request) == (
        "starting",
        cast.user("staff_a"),
        request,
    )
    record.refresh_from_db()
    assert record.barriers == ["childcare"]  # the record follows what they told us now
    change = journey.changes.get(field=JourneyChange.Field.REQUEST)
    assert (change.to_value, change.changed_by) == ("accepted", cast.user("manager_a"))
    assert change.reason == (
        f"Request {request.reference} from the website, accepted onto this journey rather than "
        "starting another."
    )
    request.refresh_from_db()
    assert (request.status, request.organisation) == ("accepted", cast.hub_a)
    assert [m.to for m in mail.outbox] == [["Entrepreneur@Demo.test"]]


def test_a_paused_journey_goes_on_again_and_keeps_the_request_it_came_with(cast):
    first = SupportRequestFactory(place=cast.place_a, email="asker@example.test")
    journey = request_accept(
        request=first, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )
    journey_set_status(journey=journey, status="paused", actor=cast.user("staff_a"))
    again = SupportRequestFactory(place=cast.place_a, email="asker@example.test")

    accepted = request_accept(
        request=again, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )

    assert accepted == journey
    journey.refresh_from_db()
    assert (journey.status, journey.request) == ("active", first)
    assert Journey.objects.filter(organisation=cast.hub_a).count() == 1
    moves = list(journey.changes.filter(field="status").values_list("from_value", "to_value"))
    assert moves == [("active", "paused"), ("paused", "active")]
    assert SupportRequest.objects.get(pk=again.pk).status == "accepted"


def test_a_request_passed_on_to_a_hub_that_knows_the_person_joins_their_journey_there(cast):
    there = JourneyFactory(organisation=cast.hub_b, client__email="mover@example.test")
    request = SupportRequestFactory(place=cast.place_a, email="mover@example.test")
    request_pass(
        request=request,
        to_organisation=cast.hub_b,
        actor=cast.user("staff_a"),
        reason="They have moved to Bradford.",
        base_url=BASE,
    )

    accepted = request_accept(
        request=request, organisation=cast.hub_b, actor=cast.user("staff_b"), base_url=BASE
    )

    assert accepted == there
    assert list(_open_journeys(cast.hub_b, email="mover@example.test")) == [there]
    assert not Journey.objects.filter(organisation=cast.hub_a).exists()


def test_someone_whose_journeys_are_all_closed_keeps_their_record_and_starts_a_new_one(cast):
    old = JourneyFactory(
        organisation=cast.hub_a,
        client__email="back@example.test",
        status=Journey.Status.CLOSED,
        close_reason="stopped",
        closed_on=timezone.localdate() - timedelta(days=30),
    )
    request = SupportRequestFactory(place=cast.place_a, email="back@example.test")

    journey = request_accept(
        request=request, organisation=cast.hub_a, actor=cast.user("staff_a"), base_url=BASE
    )

    assert journey != old and journey.client == old.client and journey.request == request
    assert not journey.changes.filter(field=JourneyChange.Field.REQUEST).exists()


# A file of clients --------------------------------------------------------------------------------

ROW = "name,email,venture,status,close_reason\r\n"


def _import(cast, text):
    return clients_import(
        organisation=cast.hub_a, actor=cast.user("manager_a"), text=ROW + text, dry_run=False
    )


def test_a_file_cannot_open_a_second_journey_for_someone_with_one_open(cast):
    JourneyFactory(organisation=cast.hub_a, client__email="amina@example.org", venture_name="Café")

    result = _import(cast, "Amina Khan,Amina@Example.org,Market stall,Active,\r\n")

    assert [(e.row, e.column) for e in result.errors] == [(2, "email")]
    assert result.errors[0].message.startswith(
        "someone with these details already has an open journey here (Person"
    )
    assert Journey.objects.filter(organisation=cast.hub_a).count() == 1


def test_one_file_opens_one_journey_per_person_and_may_add_closed_ones(cast):
    refused = _import(
        cast,
        "Amina Khan,amina@example.org,Café,Active,\r\n"
        "Amina Khan,amina@example.org,Market stall,Paused,\r\n",
    )
    assert [(e.row, e.column) for e in refused.errors] == [(3, "email")]
    assert not Journey.objects.exists()

    result = _import(
        cast,
        "Amina Khan,amina@example.org,Café,Active,\r\n"
        "Amina Khan,amina@example.org,Market stall,Closed,Decided not to go ahead\r\n",
    )
    assert result.ok, result.errors
    assert list(_open_journeys(cast.hub_a).values_list("venture_name", flat=True)) == ["Café"]
    assert Client.objects.filter(organisation=cast.hub_a).count() == 1
