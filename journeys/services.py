"""Writes about the journeys hubs run with people, and what every part of journeys shares.

Each function is one transaction: it checks everything (raising ValidationError keyed
by the field it is about) before anything is kept, so a refused form saves nothing.
Emails go through the outbox (core.mail), so they are kept even while Redis is down.
The parts (support, triage, mine, data) write through their own services, built on the
shared helpers and rules here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import Membership, Organisation, Place, TaxonomyTerm
from ecosystem.selectors import ACTIVITIES_TAXONOMY_SUFFIX, organisation_workers

from .extensions import journey_stage_changed
from .models import (
    Action,
    ApplicantKind,
    Client,
    ContactMethod,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    Stage,
    WellbeingCheck,
)
from .selectors import overdue_actions_by_worker, person_known_to

# The logic model activity each kind of session delivers (the activities taxonomy's codes).
SESSION_ACTIVITY = {
    Session.Kind.COACHING: "relational-approaches",
    Session.Kind.PEER_SUPPORT: "relational-approaches",
    Session.Kind.ACTION_LEARNING: "relational-approaches",
    Session.Kind.WORKSHOP: "practical-help",
    Session.Kind.WRAP_AROUND: "wrap-around-support",
    Session.Kind.PRACTICAL: "practical-help",
    Session.Kind.SIGNPOSTING: "wrap-around-support",
}
NATIONAL_ACTIVITIES = "empowering-places" + ACTIVITIES_TAXONOMY_SUFFIX


# Shared by the parts ------------------------------------------------------------------------


def _email(template: str, context: dict, to: Sequence[str]) -> None:
    """Send one email (through the outbox) from templates/journeys/email/<template>_{subject,message}.txt."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    send_mail(
        render_to_string(f"journeys/email/{template}_subject.txt", context).strip(),
        render_to_string(f"journeys/email/{template}_message.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def _link(base_url: str, name: str, **kwargs) -> str:
    return base_url.rstrip("/") + reverse(name, kwargs=kwargs or None)


def _team_emails(organisations: Iterable[Organisation]) -> list[str]:
    return sorted({user.email for user in organisation_workers(*organisations)})


def _place_from_postcode(postcode: str) -> tuple[str, Place | None, str]:
    from ecosystem.postcodes import lookup_postcode, normalise_postcode

    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValidationError({"postcode": "Enter a UK postcode, like WN1 1AA."})
    info = lookup_postcode(normalised)
    if info is None:  # a real postcode newer than our copy of the directory: keep it anyway
        return normalised, None, ""
    return normalised, Place.objects.filter(gss_code=info.gss_code).first(), info.gss_code


def _check_lead_worker(organisation: Organisation, lead_worker) -> None:
    if (
        lead_worker is not None
        and not Membership.objects.filter(organisation=organisation, user=lead_worker).exists()
    ):
        raise ValidationError({"lead_worker": f"Choose someone who works for {organisation.name}."})


def phone_missing(*, contact_method: str, phone: str) -> bool:
    """Whether someone asked to be phoned or texted but gave no number to do it on."""
    return contact_method in (ContactMethod.PHONE, ContactMethod.TEXT) and not (phone or "").strip()


def group_name_missing(*, kind: str, group_name: str) -> bool:
    """Whether a group is asking, or being worked with, without its name."""
    return kind == ApplicantKind.GROUP and not (group_name or "").strip()


def organisation_lock_people(*, organisation: Organisation) -> None:
    """Hold an organisation's people until the transaction ends, so that two acceptances (or
    a form and an import) at the same moment cannot each make a record or an open journey for
    the same person. Call it before asking journeys.selectors.person_known_to.

    FOR NO KEY UPDATE: it waits only for the other holders, not for every write that refers
    to the organisation (sessions, memberships and so on go on as usual).
    """
    Organisation.objects.select_for_update(no_key=True).only("pk").get(pk=organisation.pk)


def _already_open(journey: Journey) -> ValidationError:
    started = f"{journey.started_on:%-d %B %Y}"
    return ValidationError(
        {
            "email": "Someone with these details already has an open journey here "
            f"({journey.client.display_name}: “{journey.venture_name}”, since {started}). "
            "Add to that journey instead, or close it first."
        },
        code="open_journey",
    )


# Journeys ----------------------------------------------------------------------------------


def _change(journey: Journey, field_name: str, old: str, new: str, actor, reason: str) -> None:
    JourneyChange.objects.create(
        journey=journey,
        field=field_name,
        from_value=old,
        to_value=new,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )


@transaction.atomic
def journey_move_to_stage(*, journey: Journey, stage: str, actor, reason: str = "") -> Journey:
    """Move a journey to another stage, keeping who moved it, when and why."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Choose a stage from the list."})
    if stage == journey.stage:
        raise ValidationError(
            {"stage": f"The journey is already at “{journey.get_stage_display()}”."}
        )
    old = journey.stage
    journey.stage = stage
    journey.save(update_fields=["stage", "updated_at"])
    _change(journey, JourneyChange.Field.STAGE, old, stage, actor, (reason or "").strip())
    journey_stage_changed.send(sender=Journey, journey=journey, stage=stage, actor=actor)
    return journey


@transaction.atomic
def journey_set_status(
    *, journey: Journey, status: str, actor, reason: str = "", close_reason: str = ""
) -> Journey:
    """Pause, close or reopen a journey; closing needs a reason."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    errors = {}
    if status not in Journey.Status.values:
        errors["status"] = "Choose active, paused or closed."
    elif status == journey.status:
        errors["status"] = f"The journey is already {journey.get_status_display().lower()}."
    if status == Journey.Status.CLOSED and close_reason not in Journey.CloseReason.values:
        errors["close_reason"] = "Choose why the journey is closing."
    if errors:
        raise ValidationError(errors)
    if journey.status == Journey.Status.CLOSED:
        organisation_lock_people(organisation=journey.organisation)
        other = (
            Journey.objects.filter(client_id=journey.client_id, status__in=Journey.OPEN)
            .exclude(pk=journey.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "status": f"{journey.client.display_name} has another open journey here "
                    f"(“{other.venture_name}”). Close that one before reopening this one."
                }
            )
    old = journey.status
    journey.status = status
    if status == Journey.Status.CLOSED:
        journey.close_reason = close_reason
        journey.closed_on = timezone.localdate()
    else:
        journey.close_reason = ""
        journey.closed_on = None
    journey.save(update_fields=["status", "close_reason", "closed_on", "updated_at"])
    note = (reason or "").strip()
    if status == Journey.Status.CLOSED:
        label = Journey.CloseReason(close_reason).label
        note = f"{label}. {note}".strip() if note else label
    _change(journey, JourneyChange.Field.STATUS, old, status, actor, note)
    return journey


@transaction.atomic
def journey_update(
    *,
    journey: Journey,
    actor,
    venture_name: str,
    venture_description: str,
    business_type,
    lead_worker,
) -> Journey:
    """Change a journey's venture, business type and lead worker."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    _check_lead_worker(journey.organisation, lead_worker)
    journey.venture_name = venture_name.strip()
    journey.venture_description = venture_description.strip()
    journey.business_type = business_type
    journey.lead_worker = lead_worker
    journey.full_clean()
    journey.save()
    return journey


@dataclass
class ClientDetails:
    """A person or group a hub starts working with, typed in by staff (or read from a file)."""

    name: str
    kind: str = "person"
    group_name: str = ""
    email: str = ""
    phone: str = ""
    contact_method: str = "email"
    postcode: str = ""
    # Their account, when known: it finds their record here before the email address does.
    # It is never linked to a new record from here (the caller decides that).
    user: object = None


@transaction.atomic
def journey_create(
    *,
    organisation: Organisation,
    actor,
    client: ClientDetails,
    venture_name: str,
    venture_description: str = "",
    business_type=None,
    stage: str = Stage.ENQUIRY,
    lead_worker=None,
    started_on: date | None = None,
    status: str = Journey.Status.ACTIVE,
    close_reason: str = "",
    closed_on: date | None = None,
    contact_known: bool = True,
) -> Journey:
    """Start a journey for someone who came in person or by phone, or from an existing list.

    contact_known=False is for an anonymous referral: the person's details come later.

    A journey from a list may have started in the past, be paused, or be closed already
    (with the reason and the day it closed, today if not given).

    Someone the organisation already knows (journeys.selectors.person_known_to) keeps their
    record, whose details stay as they are; an open journey is refused while they have one
    open here already (a closed one may still be added, from a list).
    """
    errors = {}
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        errors["started_on"] = "Enter a date that has already happened."
    if status not in Journey.Status.values:
        errors["status"] = "Choose active, paused or closed."
    elif status == Journey.Status.CLOSED:
        closed_on = closed_on or today
        if close_reason not in Journey.CloseReason.values:
            errors["close_reason"] = "Choose why the journey closed."
        if closed_on > today:
            errors["closed_on"] = "Enter a date that has already happened."
        elif closed_on < started_on:
            errors["closed_on"] = "Enter a date on or after the day the journey started."
    elif close_reason or closed_on:
        errors["close_reason"] = "Only a closed journey has a reason and a date for closing."
    place, postcode = None, ""
    if client.postcode.strip():
        try:
            postcode, place, _ = _place_from_postcode(client.postcode)
        except ValidationError as error:
            errors.update(error.message_dict)
    if contact_known and not client.email.strip() and not client.phone.strip():
        errors["email"] = "Enter an email address or a phone number, so you can stay in touch."
    if group_name_missing(kind=client.kind, group_name=client.group_name):
        errors["group_name"] = "Enter the group's name, or choose “a person”."
    if stage not in Stage.values:
        errors["stage"] = "Choose a stage from the list."
    if errors:
        raise ValidationError(errors)
    _check_lead_worker(organisation, lead_worker)
    email = client.email.strip().lower()
    organisation_lock_people(organisation=organisation)
    known = person_known_to(organisation, user=client.user, email=email)
    if known.open_journey is not None and status in Journey.OPEN:
        raise _already_open(known.open_journey)
    record = known.client
    if record is None:
        record = Client(
            organisation=organisation,
            kind=client.kind,
            name=client.name.strip(),
            group_name=client.group_name.strip(),
            email=email,
            phone=client.phone.strip(),
            contact_method=client.contact_method,
            postcode=postcode,
            place=place,
        )
        record.full_clean()
        record.save()
    journey = Journey(
        organisation=organisation,
        client=record,
        venture_name=venture_name.strip(),
        venture_description=venture_description.strip(),
        business_type=business_type,
        stage=stage,
        lead_worker=lead_worker,
        status=status,
        close_reason=close_reason,
        started_on=started_on,
        closed_on=closed_on,
    )
    journey.full_clean()
    journey.save()
    _change(journey, JourneyChange.Field.STAGE, "", stage, actor, "Journey started.")
    if status != Journey.Status.ACTIVE:
        note = Journey.CloseReason(close_reason).label if close_reason else ""
        _change(journey, JourneyChange.Field.STATUS, "", status, actor, note)
    return journey


JOINING = (JourneyChange.Field.REFERRAL, JourneyChange.Field.REQUEST)


@transaction.atomic
def journey_join(*, journey: Journey, actor, via: str, note: str) -> Journey:
    """Take someone on again onto the open journey they have, rather than starting another:
    the journey's history says what was accepted onto it (via: a referral or a request, the
    note: which one and from whom), and a paused journey goes on again."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    if via not in JOINING:
        raise ValueError(f"A journey is joined by a referral or a request, not {via!r}.")
    if not journey.is_open:
        raise ValidationError("This journey is closed: start a new one instead.", code="closed")
    _change(journey, via, "", "accepted", actor, note.strip())
    if journey.status == Journey.Status.PAUSED:
        journey.status = Journey.Status.ACTIVE
        journey.save(update_fields=["status", "updated_at"])
        _change(
            journey,
            JourneyChange.Field.STATUS,
            Journey.Status.PAUSED,
            Journey.Status.ACTIVE,
            actor,
            "Going on again: " + note.strip(),
        )
    else:
        journey.save(update_fields=["updated_at"])
    return journey


# Sessions and actions ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAction:
    description: str
    owner: str = Action.Owner.ENTREPRENEUR
    due_on: date | None = None


def _activity_term(kind: str) -> TaxonomyTerm | None:
    code = SESSION_ACTIVITY.get(kind)
    return TaxonomyTerm.objects.filter(taxonomy__slug=NATIONAL_ACTIVITIES, code=code).first()


@transaction.atomic
def session_log(
    *,
    organisation: Organisation,
    actor,
    kind: str,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    staff,
    journeys: Sequence[Journey],
    topics: str = "",
    notes: str = "",
    actions: Sequence[AgreedAction] = (),
) -> Session:
    """Record a session with one or many journeys, and the actions agreed in it (for each journey)."""
    _check_session(organisation, journeys, staff)
    session = Session(
        organisation=organisation,
        kind=kind,
        activity=_activity_term(kind),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        staff=staff,
        topics=(topics or "").strip(),
        notes=(notes or "").strip(),
        created_by=actor,
    )
    session.full_clean()
    session.save()
    session.journeys.set(journeys)
    for agreed in actions:
        for journey in journeys:
            action = Action(
                journey=journey,
                session=session,
                description=agreed.description.strip(),
                owner=agreed.owner,
                due_on=agreed.due_on,
                created_by=actor,
            )
            action.full_clean()
            action.save()
    Journey.objects.filter(pk__in=[j.pk for j in journeys]).update(updated_at=timezone.now())
    return session


def _check_session(organisation: Organisation, journeys: Sequence[Journey], staff) -> None:
    errors = {}
    if not journeys:
        errors["journeys"] = "Choose at least one person or group who took part."
    elif any(j.organisation_id != organisation.pk for j in journeys):
        errors["journeys"] = f"Choose only journeys of {organisation.name}."
    if (
        staff is not None
        and not Membership.objects.filter(organisation=organisation, user=staff).exists()
    ):
        errors["staff"] = f"Choose someone who works for {organisation.name}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_update(
    *,
    session: Session,
    actor,
    kind: str,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    staff,
    journeys: Sequence[Journey],
    topics: str = "",
    notes: str = "",
) -> Session:
    """Correct a session: its details and who took part (actions agreed in it stay as they are)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    _check_session(session.organisation, journeys, staff)
    session.kind = kind
    session.activity = _activity_term(kind)
    session.starts_at = starts_at
    session.duration_minutes = duration_minutes
    session.mode = mode
    session.staff = staff
    session.topics = (topics or "").strip()
    session.notes = (notes or "").strip()
    session.full_clean()
    session.save()
    session.journeys.set(journeys)
    return session


@transaction.atomic
def action_add(*, journey: Journey, actor, description: str, owner: str, due_on=None) -> Action:
    """Agree a new action on a journey, outside a session."""
    action = Action(
        journey=journey,
        description=(description or "").strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_set_done(*, action: Action, actor, done: bool = True) -> Action:
    """Tick an action off (or back on)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


def actions_remind_overdue(*, today: date | None = None, base_url: str = "") -> int:
    """Email each lead worker their overdue actions, once a day; return how many emails went out."""
    today = today or timezone.localdate()
    base_url = base_url or settings.WAGTAILADMIN_BASE_URL
    sent = 0
    for worker, actions in overdue_actions_by_worker(today=today).items():
        with transaction.atomic():
            ids = [a.pk for a in actions]
            claimed = Action.objects.filter(pk__in=ids).exclude(last_reminded_on=today)
            if not claimed.update(last_reminded_on=today):
                continue  # another run reminded them already
            _email(
                "actions_overdue",
                {
                    "worker": worker,
                    "actions": actions,
                    "link": _link(base_url, "journeys:list") + "?overdue=1",
                },
                [worker.email],
            )
            sent += 1
    return sent


# Milestones and wellbeing ---------------------------------------------------------------------

_MILESTONE_NEEDS = {
    Milestone.Kind.REGISTERED: ("legal_form", "Choose the legal form it registered as."),
    Milestone.Kind.JOBS: ("jobs_fte", "Enter how many jobs, as full-time equivalents (like 1.5)."),
    Milestone.Kind.VOLUNTEERS: ("volunteers", "Enter how many volunteers."),
    Milestone.Kind.FINANCE: ("amount", "Enter how much was raised, in pounds."),
}


@transaction.atomic
def milestone_record(
    *,
    journey: Journey,
    actor,
    kind: str,
    achieved_on: date,
    legal_form: str = "",
    registration_number: str = "",
    jobs_fte: Decimal | None = None,
    volunteers: int | None = None,
    amount: Decimal | None = None,
    note: str = "",
) -> Milestone:
    """Record something the venture achieved, with the figure that goes with it."""
    milestone = Milestone(
        journey=journey,
        kind=kind,
        achieved_on=achieved_on,
        legal_form=legal_form or "",
        registration_number=(registration_number or "").strip().upper(),
        jobs_fte=jobs_fte,
        volunteers=volunteers,
        amount=amount,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    errors = {}
    needed = _MILESTONE_NEEDS.get(kind)
    if needed and getattr(milestone, needed[0]) in (None, ""):
        errors[needed[0]] = needed[1]
    for name in ("jobs_fte", "amount"):
        value = getattr(milestone, name)
        if value is not None and value <= 0:
            errors[name] = "Enter a number more than 0."
    if achieved_on and achieved_on > timezone.localdate():
        errors["achieved_on"] = "Enter a date that has already happened."
    if errors:
        raise ValidationError(errors)
    milestone.full_clean()
    milestone.save()
    Journey.objects.filter(pk=journey.pk).update(updated_at=timezone.now())
    return milestone


@transaction.atomic
def wellbeing_record(
    *, journey: Journey, actor, occasion: str, taken_on: date, scores: dict
) -> WellbeingCheck:
    """Record the four ONS wellbeing answers and a confidence rating."""
    if taken_on and taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "Enter a date that has already happened."})
    check = WellbeingCheck(
        journey=journey, occasion=occasion, taken_on=taken_on, recorded_by=actor, **scores
    )
    check.full_clean()
    check.save()
    return check


# The access log ----------------------------------------------------------------------------


def access_log_record(
    *, user, kind: str, object_id, organisation_id=None, client_id=None, client_ids=()
) -> None:
    """Note that someone opened a person's records: one entry under the organisation that holds
    them, or one for each of the person's client records (each under its own organisation)."""
    from .models import AccessLogEntry, Client

    user = user if getattr(user, "is_authenticated", False) else None
    held = [(organisation_id, client_id)]
    if client_ids:
        held = list(
            Client.objects.filter(pk__in=list(client_ids)).values_list("organisation_id", "pk")
        ) or [(organisation_id, None)]
    entries = [
        AccessLogEntry(
            user=user,
            organisation_id=organisation,
            client_id=client,
            kind=kind,
            object_id=str(object_id),
        )
        for organisation, client in held
    ]
    if len(entries) == 1:
        entries[0].save(force_insert=True)  # one INSERT, without bulk_create's transaction
    else:
        AccessLogEntry.objects.bulk_create(entries)


def access_log_purge(*, now=None) -> int:
    """Delete entries older than ACCESS_LOG_RETENTION_DAYS."""
    from datetime import timedelta

    from .models import AccessLogEntry

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _ = AccessLogEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
