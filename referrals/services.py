"""Writes about referrals: sending, answering, talking about and closing them.

Each function is one transaction and checks everything before it keeps anything.
Notifications are rows in the same transaction; their emails go through the outbox,
so nothing is lost while Redis or the workers are down.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from core.mail import ABOUT_HEADER
from core.references import new_reference
from ecosystem.models import Organisation, Service, TaxonomyTerm
from ecosystem.selectors import organisation_workers
from journeys.models import Journey, JourneyChange, Stage
from journeys.selectors import person_known_to
from journeys.services import (
    ClientDetails,
    journey_create,
    journey_join,
    organisation_lock_people,
)

from .models import (
    ConsentMethod,
    Notification,
    Referral,
    ReferralChange,
    ReferralMessage,
    Shared,
    Urgency,
)

S = Referral.Status

# Which moves each side may make, from which statuses.
RECEIVER_MOVES = {
    S.ACCEPTED: (S.SENT,),
    S.DECLINED: (S.SENT,),
    S.IN_PROGRESS: (S.ACCEPTED,),
    S.COMPLETED: (S.ACCEPTED, S.IN_PROGRESS),
    S.CLOSED: (S.ACCEPTED, S.IN_PROGRESS),
}
SENDER_MOVES = {S.WITHDRAWN: (S.SENT, S.ACCEPTED, S.IN_PROGRESS)}


def _team(organisation: Organisation) -> list:
    return list(organisation_workers(organisation))


def _notify(users: Iterable, referral: Referral, text: str, *, base_url: str) -> None:
    """A note in the site for each person, and the same news by email (through the outbox)."""
    url = referral.get_absolute_url()
    users = [u for u in users if u is not None]
    Notification.objects.bulk_create(
        [Notification(user=u, referral=referral, text=text[:300], url=url) for u in users]
    )
    context = {"text": text, "referral": referral, "link": base_url.rstrip("/") + url}
    subject = render_to_string("referrals/email/notification_subject.txt", context).strip()
    body = render_to_string("referrals/email/notification_message.txt", context)
    for user in users:
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            headers={ABOUT_HEADER: referral.outbox_about},
        ).send()


def _record(referral: Referral, old: str, new: str, actor, note: str = "") -> None:
    ReferralChange.objects.create(
        referral=referral,
        from_status=old,
        to_status=new,
        note=note,
        changed_by=actor,
        changed_at=timezone.now(),
    )


def shared_copy(journey: Journey, scope: Sequence[str]) -> dict:
    """What the receiver may see of a journey: only what the person agreed to share."""
    client = journey.client
    copy: dict = {}
    if Shared.NAME in scope:
        copy["name"] = client.display_name
    if Shared.CONTACT in scope:
        copy["email"] = client.email
        copy["phone"] = client.phone
        copy["contact_method"] = client.get_contact_method_display()
        copy["contact_method_code"] = client.contact_method
    if Shared.POSTCODE in scope:
        copy["postcode"] = client.postcode
    if Shared.VENTURE in scope:
        copy["venture"] = journey.venture_name
        copy["venture_description"] = journey.venture_description
        copy["business_type"] = journey.business_type.name if journey.business_type else ""
        copy["stage"] = journey.get_stage_display()
        copy["stage_code"] = journey.stage
        copy["business_type_id"] = str(journey.business_type_id) if journey.business_type_id else ""
    if Shared.BARRIERS in scope:
        copy["barriers"] = client.barrier_labels(sensitive=False)
    return copy


@transaction.atomic
def referral_send(
    *,
    journey: Journey,
    actor,
    to_organisation: Organisation,
    to_service: Service | None,
    need: str,
    urgency: str,
    consent_given: bool,
    consent_method: str = "",
    consent_scope: Sequence[str] = (),
    base_url: str,
    submission_token: uuid.UUID | None = None,
) -> Referral:
    """Refer a person from a journey to another organisation (or one of its services).

    With the person's consent, the details they agreed to share are copied from the
    journey; without it, only an anonymous enquiry goes. A form sent twice (the same
    submission_token) makes one referral: the second time the first is returned, and
    nobody is told again.
    """
    if submission_token is not None:
        earlier = _sent_with(submission_token, journey)
        if earlier is not None:
            return earlier
    errors = {}
    if to_organisation.pk == journey.organisation_id:
        errors["to_organisation"] = "Choose another organisation: this is your own."
    if to_service is not None and to_service.organisation_id != to_organisation.pk:
        errors["to_service"] = f"Choose a service of {to_organisation.name}."
    if not (need or "").strip():
        errors["need"] = "Say what they need, so the other organisation can tell if it can help."
    if urgency not in Urgency.values:
        errors["urgency"] = "Choose how soon they need help."
    scope = [s for s in consent_scope if s in Shared.values]
    if consent_given and consent_method not in ConsentMethod.values:
        errors["consent_method"] = "Say how they gave their consent."
    if consent_given and not scope:
        errors["consent_scope"] = "Tick what they agreed to share."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    referral = Referral(
        reference=new_reference(Referral, "RF-"),
        from_organisation=journey.organisation,
        from_journey=journey,
        to_organisation=to_organisation,
        to_service=to_service,
        need=need.strip(),
        urgency=urgency,
        consent_given=consent_given,
        consent_method=consent_method if consent_given else "",
        consent_at=now if consent_given else None,
        consent_recorded_by=actor if consent_given else None,
        consent_scope=scope if consent_given else [],
        shared=shared_copy(journey, scope) if consent_given else {},
        created_by=actor,
        submission_token=submission_token,
    )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:
        # The same form, sent again at the same moment: the other request saved it first.
        earlier = _sent_with(submission_token, journey) if submission_token else None
        if earlier is None:
            raise
        return earlier
    _record(referral, "", S.SENT, actor)
    _notify(
        _team(to_organisation),
        referral,
        f"{journey.organisation.name} has sent you a referral ({referral.reference}).",
        base_url=base_url,
    )
    return referral


def _sent_with(token: uuid.UUID, journey: Journey) -> Referral | None:
    """The referral an earlier send of the same form made, if any."""
    referral = Referral.objects.filter(submission_token=token).first()
    if referral is None:
        return None
    if (referral.from_organisation_id, referral.from_journey_id) != (
        journey.organisation_id,
        journey.pk,
    ):
        # A token is made for one form on one journey; any other use is not a repeat.
        raise ValidationError("This form has expired. Open the referral form again.")
    return referral


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


def _check_move(referral: Referral, new: str, moves: dict) -> None:
    allowed_from = moves.get(new)
    if allowed_from is None or referral.status not in allowed_from:
        raise ValidationError(
            f"This referral is {referral.get_status_display().lower()}: it cannot be "
            f"{Referral.Status(new).label.lower()} now.",
            code="not_now",
        )


def _person_user(referral: Referral):
    journey = referral.from_journey
    return journey.client.user if journey and journey.client_id else None


@transaction.atomic
def referral_accept(*, referral: Referral, actor, base_url: str) -> Referral:
    """Accept a referral: the receiver's journey with the person, and both the sender and the
    person are told.

    Someone the receiver already knows (journeys.selectors.person_known_to: their account,
    else the email address they agreed to share) keeps their record there, and a journey
    they have open there takes the referral on, its history saying so; otherwise a journey
    starts, filled from what was shared. An anonymous enquiry is never matched to anyone:
    the receiver gets a record of its own for it.
    """
    referral = _locked(referral)
    _check_move(referral, S.ACCEPTED, RECEIVER_MOVES)
    shared = referral.shared
    receiver = referral.to_organisation
    person = _person_user(referral) if referral.consent_given else None
    organisation_lock_people(organisation=receiver)
    known = (
        person_known_to(receiver, user=person, email=shared.get("email", ""))
        if referral.consent_given
        else None
    )
    if known is not None and known.open_journey is not None:
        journey = journey_join(
            journey=known.open_journey,
            actor=actor,
            via=JourneyChange.Field.REFERRAL,
            note=f"Referral {referral.reference} from {referral.from_organisation.name}, "
            "accepted onto this journey rather than starting another.",
        )
    else:
        journey = _receiving_journey(referral, actor=actor, user=person)
    # The account is linked only when the person agreed to share how to reach them.
    record = journey.client
    if person is not None and shared.get("email") and record.user_id is None:
        record.user = person
        record.save(update_fields=["user", "updated_at"])
    referral.status = S.ACCEPTED
    referral.accepted_at = timezone.now()
    referral.receiving_journey = journey
    referral.save(update_fields=["status", "accepted_at", "receiving_journey", "updated_at"])
    _record(referral, S.SENT, S.ACCEPTED, actor)
    text = f"{referral.to_organisation.name} has accepted referral {referral.reference}."
    _notify(_team(referral.from_organisation), referral, text, base_url=base_url)
    if person is not None and referral.consent_given:  # an anonymous enquiry stays between the hubs
        _tell_person(person, referral, base_url=base_url)
    return referral


def _receiving_journey(referral: Referral, *, actor, user) -> Journey:
    """A new journey at the receiver, filled from what was shared (on the record it has of the
    person, if it has one)."""
    shared = referral.shared
    return journey_create(
        organisation=referral.to_organisation,
        actor=actor,
        client=ClientDetails(
            name=shared.get("name") or f"Anonymous enquiry {referral.reference}",
            email=shared.get("email", ""),
            phone=shared.get("phone", ""),
            postcode=shared.get("postcode", ""),
            contact_method=shared.get("contact_method_code") or "email",
            user=user,
        ),
        venture_name=shared.get("venture") or referral.need[:80],
        venture_description=shared.get("venture_description", ""),
        business_type=TaxonomyTerm.objects.filter(
            pk=shared.get("business_type_id") or None
        ).first(),
        stage=shared.get("stage_code") or Stage.ENQUIRY,
        lead_worker=actor,
        contact_known=bool(shared.get("email") or shared.get("phone")),
    )


def _tell_person(person, referral: Referral, *, base_url: str) -> None:
    context = {"referral": referral, "link": base_url.rstrip("/") + "/my-journey/"}
    send_mail(
        render_to_string("referrals/email/accepted_person_subject.txt", context).strip(),
        render_to_string("referrals/email/accepted_person_message.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    actor,
    status: str,
    note: str = "",
    outcome: str = "",
    base_url: str,
) -> Referral:
    """Decline, start, complete or close a referral (the receiver), or withdraw it (the sender)."""
    if status == S.ACCEPTED:
        # Accepting also starts the receiver's journey and tells the person: referral_accept.
        raise ValidationError("Accept it with “Accept the referral”.", code="not_now")
    referral = _locked(referral)
    sender = status in SENDER_MOVES
    _check_move(referral, status, SENDER_MOVES if sender else RECEIVER_MOVES)
    note = (note or "").strip()
    if status == S.DECLINED and not note:
        raise ValidationError({"note": "Say why you are declining, so they can find other help."})
    if status == S.COMPLETED and outcome not in Referral.Outcome.values:
        raise ValidationError({"outcome": "Say whether it helped."})
    old = referral.status
    referral.status = status
    if status == S.DECLINED:
        referral.decline_reason = note
    if status == S.COMPLETED:
        referral.outcome = outcome
        referral.outcome_note = note
    referral.save()
    _record(referral, old, status, actor, note)
    other = referral.to_organisation if sender else referral.from_organisation
    me = referral.from_organisation if sender else referral.to_organisation
    text = (
        f"{me.name}: referral {referral.reference} is now {referral.get_status_display().lower()}."
    )
    _notify(_team(other), referral, text, base_url=base_url)
    return referral


@transaction.atomic
def referral_reroute(
    *,
    referral: Referral,
    actor,
    to_organisation: Organisation,
    to_service: Service | None = None,
    note: str = "",
    base_url: str,
) -> Referral:
    """Pass a referral on to another organisation; the original is closed as passed on."""
    referral = _locked(referral)
    if referral.status != S.SENT:
        raise ValidationError("Only a referral not yet accepted can be passed on.", code="not_now")
    if to_organisation.pk in (referral.to_organisation_id, referral.from_organisation_id):
        raise ValidationError({"to_organisation": "Choose a third organisation."})
    if to_service is not None and to_service.organisation_id != to_organisation.pk:
        raise ValidationError({"to_service": f"Choose a service of {to_organisation.name}."})
    new = Referral.objects.create(
        reference=new_reference(Referral, "RF-"),
        from_organisation=referral.from_organisation,
        from_journey=referral.from_journey,
        to_organisation=to_organisation,
        to_service=to_service,
        need=referral.need,
        urgency=referral.urgency,
        consent_given=referral.consent_given,
        consent_method=referral.consent_method,
        consent_at=referral.consent_at,
        consent_recorded_by=referral.consent_recorded_by,
        consent_scope=referral.consent_scope,
        shared=referral.shared,
        created_by=actor,
    )
    _record(new, "", S.SENT, actor, f"Passed on by {referral.to_organisation.name}. {note}".strip())
    referral.status = S.REROUTED
    referral.rerouted_to = new
    referral.save(update_fields=["status", "rerouted_to", "updated_at"])
    _record(referral, S.SENT, S.REROUTED, actor, note.strip())
    _notify(
        _team(referral.from_organisation) + _team(to_organisation),
        new,
        f"{referral.to_organisation.name} passed referral {referral.reference} "
        f"to {to_organisation.name} ({new.reference}).",
        base_url=base_url,
    )
    return new


@transaction.atomic
def referral_message(
    *, referral: Referral, actor, organisation: Organisation, body: str, base_url: str
):
    """Add a message to a referral's thread and tell the other organisation."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a message."})
    if organisation.pk not in (referral.from_organisation_id, referral.to_organisation_id):
        raise ValidationError("Only the two organisations can write here.")
    message = ReferralMessage.objects.create(
        referral=referral, organisation=organisation, author=actor, body=body
    )
    other = (
        referral.to_organisation
        if organisation.pk == referral.from_organisation_id
        else referral.from_organisation
    )
    _notify(
        _team(other),
        referral,
        f"New message from {organisation.name} on referral {referral.reference}.",
        base_url=base_url,
    )
    return message


# Reminders and expiry ------------------------------------------------------------------------


def referrals_remind_and_expire(*, now: datetime | None = None, base_url: str = "") -> dict:
    """Remind receivers of referrals unanswered for a while; expire those unanswered for longer."""
    now = now or timezone.now()
    base_url = base_url or settings.WAGTAILADMIN_BASE_URL
    remind_after = timedelta(days=settings.REFERRAL_REMIND_AFTER_DAYS)
    expire_after = timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS)
    expired = reminded = 0
    for pk in Referral.objects.filter(
        status=S.SENT, created_at__lte=now - expire_after
    ).values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            if referral.status != S.SENT:
                continue
            referral.status = S.EXPIRED
            referral.save(update_fields=["status", "updated_at"])
            _record(referral, S.SENT, S.EXPIRED, None, "No answer in time.")
            _notify(
                _team(referral.from_organisation),
                referral,
                f"Referral {referral.reference} to {referral.to_organisation.name} expired "
                "without an answer.",
                base_url=base_url,
            )
            expired += 1
    due = Referral.objects.filter(status=S.SENT, created_at__lte=now - remind_after).exclude(
        last_reminded_at__gt=now - remind_after
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=pk)
            if referral.last_reminded_at and referral.last_reminded_at > now - remind_after:
                continue
            referral.last_reminded_at = now
            referral.save(update_fields=["last_reminded_at"])
            _notify(
                _team(referral.to_organisation),
                referral,
                f"Referral {referral.reference} from {referral.from_organisation.name} is "
                "waiting for your answer.",
                base_url=base_url,
            )
            reminded += 1
    return {"reminded": reminded, "expired": expired}


def referrals_clear_ended_details(*, now: datetime | None = None) -> int:
    """Clear the copy of the person's details from referrals that ended without being accepted
    more than REFERRAL_CLEAR_SHARED_AFTER_DAYS ago (the receiver no longer sees it anyway)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REFERRAL_CLEAR_SHARED_AFTER_DAYS)
    ended_long_ago = ReferralChange.objects.filter(
        referral=OuterRef("pk"), to_status=OuterRef("status"), changed_at__lte=cutoff
    )
    return (
        Referral.objects.filter(
            status__in=Referral.ENDED_BEFORE_ACCEPTING,
            accepted_at__isnull=True,
            shared_cleared_at__isnull=True,
        )
        .filter(Exists(ended_long_ago))
        .update(shared={}, shared_cleared_at=now)
    )


def notifications_mark_read(*, user, ids: Sequence | None = None) -> int:
    """Mark a person's notifications read (all of them, or some)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
