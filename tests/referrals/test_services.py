"""Referrals: consent and what is shared, the lifecycle and its history, accepting,
passing on, the thread, reminders and expiry, and bad input on the referral form."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from ecosystem.models import TaxonomyTerm
from journeys.models import Client, Journey
from referrals.access import get_referral_for_user
from referrals.models import Notification, Referral, ReferralChange, ReferralMessage
from referrals.services import (
    referral_accept,
    referral_message,
    referral_move,
    referral_reroute,
    referrals_remind_and_expire,
)
from tests.ecosystem.factories import MembershipFactory, OrganisationFactory
from tests.journeys.factories import ClientFactory, JourneyFactory
from tests.referrals.factories import BASE, send_referral

pytestmark = pytest.mark.django_db
S = Referral.Status

# The person hub A refers, and every way a page could give them away.
NAME, EMAIL, PHONE, POSTCODE = (
    "Rosa Quillfeather",
    "rosa.quill@example.test",
    "07700 900461",
    "WN1 1AA",
)
PERSONAL = [NAME, "Quillfeather", EMAIL, PHONE, POSTCODE]
VENTURE = "Quill Bicycle Repairs"


@pytest.fixture
def journey(cast):
    """A hub A journey of someone with an account, an idea and barriers of both kinds."""
    business_type = TaxonomyTerm.objects.get(taxonomy__slug="business-types", code="co-operative")
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(
            organisation=cast.hub_a,
            name=NAME,
            email=EMAIL,
            phone=PHONE,
            contact_method="phone",
            postcode=POSTCODE,
            user=cast.user("entrepreneur"),
            barriers=["housing", "childcare"],
            sensitive_barriers=["disability", "faith-finance"],
        ),
        venture_name=VENTURE,
        venture_description="Fixing bikes under the railway arches.",
        business_type=business_type,
        stage="planning",
    )


def _send(cast, journey, **kwargs):
    return send_referral(
        journey=journey, actor=cast.user("staff_a"), to_organisation=cast.hub_b, **kwargs
    )


def _page(client, referral) -> str:
    response = client.get(referral.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _changes(referral) -> list[tuple]:
    return [
        (c.from_status, c.to_status, c.changed_by.email if c.changed_by else None)
        for c in ReferralChange.objects.filter(referral=referral).order_by("changed_at")
    ]


# Consent: what reaches the receiver ---------------------------------------------------------


def test_without_consent_nothing_personal_reaches_the_receiver(cast, client_for, journey):
    referral = _send(cast, journey, consent=False)

    assert referral.shared == {}
    assert (referral.consent_method, referral.consent_scope) == ("", [])
    assert referral.consent_at is None and referral.consent_recorded_by is None
    assert referral.shared_name == f"Anonymous enquiry {referral.reference}"
    receiver = client_for("staff_b")
    pages = [
        _page(receiver, referral),
        receiver.get(reverse("referrals:list")).content.decode(),
    ]
    assert "This is an anonymous enquiry" in pages[0]
    assert f"Anonymous enquiry {referral.reference}" in pages[1]

    # Accepting gives the receiver an anonymous record, not linked to the person's account.
    accepted = referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)
    record = accepted.receiving_journey.client
    assert (record.name, record.email, record.phone, record.postcode, record.user) == (
        f"Anonymous enquiry {referral.reference}",
        "",
        "",
        "",
        None,
    )
    pages.append(_page(receiver, accepted))
    for html in pages:
        for detail in [*PERSONAL, VENTURE]:
            assert detail not in html, detail


def test_with_consent_only_the_ticked_parts_are_shared(cast, client_for, journey):
    venture_only = _send(cast, journey, scope=["venture"])
    name_and_postcode = _send(cast, journey, scope=["name", "postcode"])

    assert venture_only.shared == {
        "venture": VENTURE,
        "venture_description": "Fixing bikes under the railway arches.",
        "business_type": "Co-operative",
        "business_type_id": str(journey.business_type_id),
        "stage": "Planning",
        "stage_code": "planning",
    }
    assert venture_only.consent_scope == ["venture"]
    assert name_and_postcode.shared == {"name": NAME, "postcode": POSTCODE}
    html = _page(client_for("staff_b"), venture_only)
    assert VENTURE in html
    for detail in PERSONAL:
        assert detail not in html, detail
    html = _page(client_for("staff_b"), name_and_postcode)
    assert NAME in html and POSTCODE in html
    assert EMAIL not in html and PHONE not in html and VENTURE not in html


def test_everything_agreed_is_shared_but_never_health_or_faith(cast, client_for, journey):
    referral = _send(cast, journey)  # every part ticked

    assert referral.shared["name"] == NAME
    assert (referral.shared["email"], referral.shared["phone"]) == (EMAIL, PHONE)
    assert referral.shared["contact_method"] == "Phone call"
    assert referral.shared["barriers"] == [
        "Housing problems",
        "Childcare or caring responsibilities",
    ]
    assert (referral.consent_method, referral.consent_recorded_by) == (
        "in-person",
        cast.user("staff_a"),
    )
    html = _page(client_for("staff_b"), referral)
    assert "Housing problems" in html
    assert "A disability or health condition" not in html
    assert "Finance that fits my faith" not in html
    assert "disability" not in str(referral.shared) and "faith" not in str(referral.shared)


# The lifecycle and its history ------------------------------------------------------------------


def test_every_status_change_records_who_when_from_and_to(cast, journey):
    staff_a, staff_b = cast.user("staff_a"), cast.user("staff_b")
    before = timezone.now()

    referral = _send(cast, journey)
    referral_accept(referral=referral, actor=staff_b, base_url=BASE)
    referral_move(referral=referral, actor=staff_b, status="in-progress", base_url=BASE)
    referral_move(
        referral=referral,
        actor=staff_b,
        status="completed",
        outcome="helped",
        note="They found a unit.",
        base_url=BASE,
    )

    assert _changes(referral) == [
        ("", "sent", "staff.a@demo.test"),
        ("sent", "accepted", "staff.b@demo.test"),
        ("accepted", "in-progress", "staff.b@demo.test"),
        ("in-progress", "completed", "staff.b@demo.test"),
    ]
    changes = list(ReferralChange.objects.filter(referral=referral))
    assert all(before <= c.changed_at <= timezone.now() for c in changes)
    assert changes[-1].note == "They found a unit."
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_note) == (
        "completed",
        "helped",
        "They found a unit.",
    )
    # The withdrawal is the sender's, and recorded as theirs.
    withdrawn = _send(cast, journey)
    referral_move(referral=withdrawn, actor=staff_a, status="withdrawn", base_url=BASE)
    assert _changes(withdrawn)[-1] == ("sent", "withdrawn", "staff.a@demo.test")


def _refused(call, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        call(base_url=BASE, **kwargs)
    return refused.value


def test_moves_that_do_not_follow_from_where_a_referral_stands_are_refused(cast, journey):
    staff_a, staff_b = cast.user("staff_a"), cast.user("staff_b")
    accepted = _send(cast, journey)
    referral_accept(referral=accepted, actor=staff_b, base_url=BASE)
    sent = _send(cast, journey)
    completed = _send(cast, journey)
    referral_accept(referral=completed, actor=staff_b, base_url=BASE)
    referral_move(
        referral=completed, actor=staff_b, status="completed", outcome="partly", base_url=BASE
    )
    history = ReferralChange.objects.count()
    journeys = Journey.objects.count()

    error = _refused(referral_accept, referral=accepted, actor=staff_b)
    assert error.messages == ["This referral is accepted: it cannot be accepted now."]
    error = _refused(
        referral_move, referral=sent, actor=staff_b, status="completed", outcome="helped"
    )
    assert error.messages == ["This referral is sent: it cannot be completed now."]
    error = _refused(referral_move, referral=completed, actor=staff_a, status="withdrawn")
    assert error.messages == ["This referral is completed: it cannot be withdrawn now."]
    _refused(referral_move, referral=sent, actor=staff_b, status="expired")  # the sweep's alone
    _refused(
        referral_reroute, referral=accepted, actor=staff_b, to_organisation=OrganisationFactory()
    )

    assert [Referral.objects.get(pk=r.pk).status for r in (accepted, sent, completed)] == [
        "accepted",
        "sent",
        "completed",
    ]
    assert ReferralChange.objects.count() == history
    assert Journey.objects.count() == journeys


def test_declining_needs_a_note_and_completing_needs_an_outcome(cast, journey):
    staff_b = cast.user("staff_b")
    sent = _send(cast, journey)
    accepted = _send(cast, journey)
    referral_accept(referral=accepted, actor=staff_b, base_url=BASE)

    error = _refused(referral_move, referral=sent, actor=staff_b, status="declined", note="  ")
    assert error.message_dict == {
        "note": ["Say why you are declining, so they can find other help."]
    }
    error = _refused(referral_move, referral=accepted, actor=staff_b, status="completed")
    assert error.message_dict == {"outcome": ["Say whether it helped."]}
    assert Referral.objects.get(pk=sent.pk).status == "sent"
    assert Referral.objects.get(pk=accepted.pk).status == "accepted"

    referral_move(
        referral=sent,
        actor=staff_b,
        status="declined",
        note="We only cover Bradford.",
        base_url=BASE,
    )
    sent.refresh_from_db()
    assert (sent.status, sent.decline_reason) == ("declined", "We only cover Bradford.")


def test_a_bad_answer_on_the_page_is_explained_and_changes_nothing(cast, client_for, journey):
    referral = _send(cast, journey)

    response = client_for("staff_b").post(
        reverse("referrals:move", args=[referral.pk]), {"status": "declined", "note": ""}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert _field_error(html, "note") == "Say why you are declining, so they can find other help."
    assert Referral.objects.get(pk=referral.pk).status == "sent"


def test_accepting_is_refused_as_a_mere_answer_so_no_step_of_accepting_is_skipped(
    cast, client_for, journey
):
    referral = _send(cast, journey)

    # Marking it "accepted" as an answer would skip the receiver's journey and the person's email.
    error = _refused(
        referral_move, referral=referral, actor=cast.user("staff_b"), status="accepted"
    )
    assert error.messages == ["Accept it with “Accept the referral”."]
    response = client_for("staff_b").post(
        reverse("referrals:move", args=[referral.pk]), {"status": "accepted"}
    )
    assert response.status_code == 400
    assert "Accept it with “Accept the referral”." in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.receiving_journey, referral.accepted_at) == (
        "sent",
        None,
        None,
    )
    assert _changes(referral) == [("", "sent", "staff.a@demo.test")]


# Accepting ------------------------------------------------------------------------------------


def test_accepting_gives_the_receiver_its_own_record_and_journey_from_what_was_shared(
    cast, journey, django_capture_on_commit_callbacks
):
    referral = _send(cast, journey)
    staff_b = cast.user("staff_b")

    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_accept(referral=referral, actor=staff_b, base_url=BASE)

    theirs = referral.receiving_journey
    assert theirs.organisation == cast.hub_b
    assert theirs != journey and theirs.client != journey.client
    assert (theirs.venture_name, theirs.venture_description, theirs.lead_worker) == (
        VENTURE,
        "Fixing bikes under the railway arches.",
        staff_b,
    )
    record = theirs.client
    assert (record.organisation, record.name, record.email, record.phone, record.postcode) == (
        cast.hub_b,
        NAME,
        EMAIL,
        PHONE,
        POSTCODE,
    )
    assert record.user == cast.user("entrepreneur")  # consent covered contact: linked
    assert (theirs.stage, theirs.business_type) == (journey.stage, journey.business_type)
    assert record.contact_method == journey.client.contact_method
    assert record.sensitive_barriers == [] and record.barriers == []
    assert (referral.status, referral.accepted_at is not None) == ("accepted", True)
    # Hub A's team and the person hear of it.
    assert _recipients() == [
        "entrepreneur@demo.test",
        "manager.a@demo.test",
        "staff.a@demo.test",
    ]
    [told] = [m for m in mail.outbox if m.to == ["entrepreneur@demo.test"]]
    assert told.subject == "Canal Side Enterprise Centre can help you"
    assert "http://testserver/my-journey/" in told.body


def test_without_consent_to_share_contact_the_persons_account_is_not_linked(cast, journey):
    referral = _send(cast, journey, scope=["name", "venture"])

    referral = referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)

    record = referral.receiving_journey.client
    assert (record.name, record.email, record.phone, record.user) == (NAME, "", "", None)


def test_the_person_sees_where_their_referral_stands_on_my_journey(cast, client_for, journey):
    referral = _send(cast, journey)
    me = client_for("entrepreneur")
    assert "Referrals for you" in me.get(reverse("my:journey")).content.decode()

    referral_accept(referral=referral, actor=cast.user("staff_b"), base_url=BASE)

    html = me.get(reverse("my:journey")).content.decode()
    assert (
        "Northway Community Hub referred you to Canal Side Enterprise Centre on "
        f"{timezone.localdate():%-d %B %Y}: <strong>accepted</strong>"
    ) in html
    # Someone else signed in sees no referral of theirs.
    assert (
        "Referrals for you"
        not in client_for("entrepreneur2").get(reverse("my:journey")).content.decode()
    )


# Passing on ---------------------------------------------------------------------------------


def test_passing_on_sends_a_new_referral_to_a_third_organisation_and_closes_the_old(
    cast, journey, django_capture_on_commit_callbacks
):
    third = OrganisationFactory(name="Heron Lane Advisers")
    adviser = MembershipFactory(organisation=third, user__email="adviser@example.test").user
    old = _send(cast, journey, scope=["name", "venture"])
    staff_b = cast.user("staff_b")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        new = referral_reroute(
            referral=old,
            actor=staff_b,
            to_organisation=third,
            note="They know co-operatives best.",
            base_url=BASE,
        )

    old.refresh_from_db()
    assert (old.status, old.rerouted_to) == ("rerouted", new)
    assert (new.status, new.from_organisation, new.to_organisation, new.from_journey) == (
        "sent",
        cast.hub_a,
        third,
        journey,
    )
    assert new.reference != old.reference
    assert (new.need, new.shared, new.consent_scope) == (old.need, old.shared, old.consent_scope)
    assert _changes(old)[-1] == ("sent", "rerouted", "staff.b@demo.test")
    assert ReferralChange.objects.get(referral=new).note == (
        "Passed on by Canal Side Enterprise Centre. They know co-operatives best."
    )
    # Hub A and the third organisation hear of it; hub B no longer sees the new one.
    notified = set(Notification.objects.filter(referral=new).values_list("user__email", flat=True))
    assert notified == {"staff.a@demo.test", "manager.a@demo.test", "adviser@example.test"}
    assert _recipients() == ["adviser@example.test", "manager.a@demo.test", "staff.a@demo.test"]
    assert get_referral_for_user(adviser, new.pk) == new
    with pytest.raises(Http404):
        get_referral_for_user(staff_b, new.pk)


def test_it_cannot_be_passed_back_to_either_side(cast, journey):
    referral = _send(cast, journey)
    for organisation in (cast.hub_a, cast.hub_b):
        error = _refused(
            referral_reroute,
            referral=referral,
            actor=cast.user("staff_b"),
            to_organisation=organisation,
        )
        assert error.message_dict == {"to_organisation": ["Choose a third organisation."]}
    assert Referral.objects.count() == 1


# The thread and notifications ------------------------------------------------------------------


def test_a_message_tells_the_other_organisation_in_the_site_and_by_email(
    cast, client_for, journey, django_capture_on_commit_callbacks
):
    referral = _send(cast, journey)
    Notification.objects.all().delete()
    OutboxMessage.objects.all().delete()  # the news of the sending itself
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referral_message(
            referral=referral,
            actor=cast.user("staff_b"),
            organisation=cast.hub_b,
            body="Could we talk on Tuesday?",
            base_url=BASE,
        )

    notes = Notification.objects.filter(referral=referral)
    assert sorted(notes.values_list("user__email", flat=True)) == [
        "manager.a@demo.test",
        "staff.a@demo.test",
    ]
    assert {n.text for n in notes} == {
        f"New message from Canal Side Enterprise Centre on referral {referral.reference}."
    }
    assert {n.url for n in notes} == {referral.get_absolute_url()}
    assert _recipients() == ["manager.a@demo.test", "staff.a@demo.test"]
    assert mail.outbox[0].subject == f"Referral {referral.reference}: news"
    assert f"http://testserver{referral.get_absolute_url()}" in mail.outbox[0].body
    # Each email went through the outbox and was delivered from it after commit.
    assert OutboxMessage.objects.filter(delivered_at__isnull=False).count() == 2
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()

    # The answer, through the page, goes the other way.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff_a").post(
            reverse("referrals:message", args=[referral.pk]), {"body": "Tuesday suits."}
        )
    assert response.status_code == 302
    assert _recipients() == ["staff.b@demo.test"]
    assert [m.organisation for m in ReferralMessage.objects.filter(referral=referral)] == [
        cast.hub_b,
        cast.hub_a,
    ]
    # Staff B reads it in the site, then marks all read.
    staff_b = client_for("staff_b")
    assert (
        "New message from Northway Community Hub"
        in staff_b.get(reverse("referrals:notifications")).content.decode()
    )
    staff_b.post(reverse("referrals:notifications"))
    assert not Notification.objects.filter(user=cast.user("staff_b"), read_at__isnull=True).exists()


def test_an_empty_message_is_refused_and_nobody_is_told(cast, journey):
    referral = _send(cast, journey)
    before = Notification.objects.count()

    error = _refused(
        referral_message,
        referral=referral,
        actor=cast.user("staff_b"),
        organisation=cast.hub_b,
        body="   ",
    )

    assert error.message_dict == {"body": ["Write a message."]}
    assert Notification.objects.count() == before and not ReferralMessage.objects.exists()


# Reminders and expiry -----------------------------------------------------------------------


def test_an_unanswered_referral_is_reminded_once_per_period_then_expires(
    cast, journey, settings, django_capture_on_commit_callbacks
):
    settings.REFERRAL_REMIND_AFTER_DAYS = 3
    settings.REFERRAL_EXPIRE_AFTER_DAYS = 10
    referral = _send(cast, journey)
    answered = _send(cast, journey)
    referral_accept(referral=answered, actor=cast.user("staff_b"), base_url=BASE)
    start = timezone.now()
    Notification.objects.all().delete()
    mail.outbox.clear()

    def run(days: float) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            return referrals_remind_and_expire(now=start + timedelta(days=days), base_url=BASE)

    assert run(2.9) == {"reminded": 0, "expired": 0}
    assert run(3.1) == {"reminded": 1, "expired": 0}
    assert _recipients() == ["staff.b@demo.test"]
    assert run(3.2) == {"reminded": 0, "expired": 0}  # once per period
    assert run(6.0) == {"reminded": 0, "expired": 0}
    assert run(6.2) == {"reminded": 1, "expired": 0}
    reminders = Notification.objects.filter(user=cast.user("staff_b"))
    assert reminders.count() == 2
    assert reminders.first().text == (
        f"Referral {referral.reference} from Northway Community Hub is waiting for your answer."
    )
    mail.outbox.clear()

    assert run(10.1) == {"reminded": 0, "expired": 1}
    referral.refresh_from_db()
    assert referral.status == "expired"
    assert _changes(referral)[-1] == ("sent", "expired", None)
    assert _recipients() == ["manager.a@demo.test", "staff.a@demo.test"]
    assert run(20) == {"reminded": 0, "expired": 0}
    assert Referral.objects.get(pk=answered.pk).status == "accepted"


def test_the_beat_schedule_reminds_and_expires_referrals(settings):
    from config.celery_app import app

    app.loader.import_default_modules()  # what a worker does when it starts
    entry = settings.CELERY_BEAT_SCHEDULE["referrals-remind-and-expire"]
    assert entry["task"] == "referrals.tasks.remind_and_expire"
    assert entry["task"] in app.tasks


# Bad input on the referral form ---------------------------------------------------------------


def _field_error(html: str, field: str) -> str:
    """The error message crispy shows beside one field, in the field's own wrapper."""
    match = re.search(
        rf'<(?:p|span) id="error_\d+_id_{field}"[^>]*><strong>(.*?)</strong>', html, re.S
    )
    assert match, f"no error beside {field}"
    return match.group(1).strip()


def _form(cast, **changes) -> dict:
    return {
        "destination": f"org:{cast.hub_b.pk}",
        "need": "Kept: advice on premises",
        "urgency": "soon",
        "consent_given": "no",
    } | changes


BAD_FORMS = [
    ("no destination", {"destination": ""}, {"destination": "Choose where to refer them."}),
    (
        "no need",
        {"need": "   "},
        {"need": "Say what they need, so the other organisation can tell if it can help."},
    ),
    (
        "consent without how or what",
        {"consent_given": "yes"},
        {
            "consent_method": "Say how they gave their consent.",
            "consent_scope": "Tick what they agreed to share.",
        },
    ),
    (
        "a mangled destination",
        {"destination": "org:not-a-uuid"},
        {"destination": "Choose an organisation or a service from the list."},
    ),
    (
        "a destination that is no choice",
        {"destination": "org:00000000-0000-4000-8000-000000000000"},
        {"destination": "Choose an organisation or a service from the list."},
    ),
]


@pytest.mark.parametrize(
    ("changes", "errors"), [c[1:] for c in BAD_FORMS], ids=[c[0] for c in BAD_FORMS]
)
def test_bad_input_on_the_referral_form_is_explained_beside_the_field_kept_and_not_saved(
    cast, client_for, journey, changes, errors
):
    data = _form(cast, **changes)
    before = (
        Referral.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
    )

    response = client_for("staff_a").post(reverse("referrals:new", args=[journey.pk]), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    for field, message in errors.items():
        assert _field_error(html, field) == message
    if data["need"].strip():
        assert "Kept: advice on premises" in html
    assert re.search(r'value="soon"[^>]*checked', html), "the urgency chosen is kept"
    assert (
        Referral.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
    ) == before
    assert Client.objects.filter(organisation=cast.hub_b).count() == 0
