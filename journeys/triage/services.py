"""Triage: taking a request on (a journey with the person), passing it to another hub, or closing it.

Someone the hub already knows keeps their record; if they have a journey open there, the
request is accepted onto it rather than starting another.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Organisation
from ecosystem.selectors import works_for
from journeys.models import Client, Journey, JourneyChange, RequestPass, SupportRequest
from journeys.selectors import hubs_serving, person_known_to
from journeys.services import (
    _check_lead_worker,
    _email,
    _link,
    _team_emails,
    journey_join,
    organisation_lock_people,
)


def _waiting(request: SupportRequest) -> SupportRequest:
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != SupportRequest.Status.WAITING:
        raise ValidationError(
            f"This request has already been {request.get_status_display().lower()}.",
            code="decided",
        )
    return request


def _require_own_hub(actor, organisation: Organisation) -> None:
    if not works_for(actor, organisation):
        raise ValidationError({"organisation": "You can only take requests on for your own hub."})


def _client_for_request(
    request: SupportRequest, organisation: Organisation, client: Client | None
) -> Client:
    """The hub's record of the person (the one it had, or a new one), as the request tells it."""
    if client is None:
        client = Client(organisation=organisation)
    client.kind = request.kind
    client.name = request.name
    client.group_name = request.group_name
    client.email = request.email
    client.phone = request.phone or client.phone
    client.contact_method = request.contact_method
    client.contact_times = request.contact_times
    client.postcode = request.postcode
    client.place = request.place
    client.user = client.user or request.user
    client.barriers = request.barriers
    client.sensitive_barriers = request.sensitive_barriers
    client.sensitive_consent_at = request.sensitive_consent_at
    client.consented_at = request.consented_at
    client.privacy_notice_version = request.privacy_notice_version
    client.full_clean()
    client.save()
    return client


def _venture_name(idea: str) -> str:
    first_line = idea.strip().splitlines()[0] if idea.strip() else "New venture"
    return first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"


@transaction.atomic
def request_accept(
    *, request: SupportRequest, organisation: Organisation, actor, lead_worker=None, base_url: str
) -> Journey:
    """Take a request on: the hub's record of the person, and a journey with their venture."""
    request = _waiting(request)
    _require_own_hub(actor, organisation)
    _check_lead_worker(organisation, lead_worker)
    held_elsewhere = request.organisation_id not in (None, organisation.pk)
    reached = request.organisation_id == organisation.pk or (
        request.organisation_id is None and hubs_serving(request.place).filter(pk=organisation.pk)
    )
    if held_elsewhere or not reached:
        raise ValidationError({"organisation": "This request has not been passed to your hub."})
    organisation_lock_people(organisation=organisation)
    known = person_known_to(organisation, user=request.user, email=request.email)
    client = _client_for_request(request, organisation, known.client)
    if known.open_journey is not None:
        journey = _accept_onto(known.open_journey, request, actor=actor, lead_worker=lead_worker)
    else:
        journey = _start_journey(request, client, actor=actor, lead_worker=lead_worker)
    request.status = SupportRequest.Status.ACCEPTED
    request.organisation = organisation
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "organisation", "decided_at", "decided_by"])
    _email(
        "request_accepted",
        {
            "request": request,
            "organisation": organisation,
            "worker": journey.lead_worker,
            "link": _link(base_url, "my:journey"),
        },
        [request.email],
    )
    return journey


def _start_journey(request: SupportRequest, client: Client, *, actor, lead_worker) -> Journey:
    today = timezone.localdate()
    journey = Journey(
        organisation=client.organisation,
        client=client,
        request=request,
        venture_name=_venture_name(request.idea),
        venture_description=request.idea,
        business_type=request.business_type,
        stage=request.stage,
        lead_worker=lead_worker or actor,
        started_on=today,
    )
    journey.full_clean()
    journey.save()
    JourneyChange.objects.create(
        journey=journey,
        field=JourneyChange.Field.STAGE,
        to_value=journey.stage,
        reason="Where they said they were when they asked for support.",
        changed_by=actor,
        changed_at=timezone.now(),
    )
    return journey


def _accept_onto(journey: Journey, request: SupportRequest, *, actor, lead_worker) -> Journey:
    """The person asked again while their journey here is open: the request joins it (and
    becomes the journey's request, if it came some other way), its stage and venture as they are."""
    journey = journey_join(
        journey=journey,
        actor=actor,
        via=JourneyChange.Field.REQUEST,
        note=f"Request {request.reference} from the website, accepted onto this journey "
        "rather than starting another.",
    )
    changed = []
    if journey.request_id is None:
        journey.request = request
        changed.append("request")
    if journey.lead_worker_id is None:
        journey.lead_worker = lead_worker or actor
        changed.append("lead_worker")
    if changed:
        journey.save(update_fields=[*changed, "updated_at"])
    return journey


@transaction.atomic
def request_pass(
    *, request: SupportRequest, to_organisation: Organisation, actor, reason: str, base_url: str
) -> RequestPass:
    """Pass a request to another partner hub, recording who passed it and why."""
    request = _waiting(request)
    reason = (reason or "").strip()
    errors = {}
    if to_organisation.kind != Organisation.Kind.HUB:
        errors["to_organisation"] = "Choose a partner hub."
    elif to_organisation.pk == request.organisation_id:
        errors["to_organisation"] = "The request is already with that hub."
    if not reason:
        errors["reason"] = "Say why, so the other hub and the person know."
    if errors:
        raise ValidationError(errors)
    handover = RequestPass.objects.create(
        request=request,
        from_organisation=request.organisation,
        to_organisation=to_organisation,
        passed_by=actor,
        reason=reason,
    )
    request.organisation = to_organisation
    request.save(update_fields=["organisation"])
    _email(
        "request_passed",
        {"request": request, "organisation": to_organisation, "reason": reason},
        [request.email],
    )
    _email(
        "request_waiting",
        {"request": request, "hubs": [to_organisation], "link": _link(base_url, "triage:inbox")},
        _team_emails([to_organisation]),
    )
    return handover


@transaction.atomic
def request_close(*, request: SupportRequest, actor, reason: str, note: str = "") -> SupportRequest:
    """Close a request without taking it on, and tell the person why (unless it was not real)."""
    request = _waiting(request)
    if reason not in SupportRequest.CloseReason.values:
        raise ValidationError({"reason": "Choose why you are closing it."})
    request.status = SupportRequest.Status.CLOSED
    request.close_reason = reason
    request.decision_note = (note or "").strip()
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(
        update_fields=["status", "close_reason", "decision_note", "decided_at", "decided_by"]
    )
    if reason != SupportRequest.CloseReason.SPAM:
        _email("request_closed", {"request": request}, [request.email])
    return request


# Keeping no more than we need ------------------------------------------------------------------

CLOSED_REQUESTS_KEPT_FOR = timedelta(days=730)


def requests_purge_closed(*, now: datetime | None = None) -> int:
    """Delete requests that no hub took on, two years after they were closed (as the notice says)."""
    cutoff = (now or timezone.now()) - CLOSED_REQUESTS_KEPT_FOR
    deleted, _ = SupportRequest.objects.filter(
        status=SupportRequest.Status.CLOSED, decided_at__lt=cutoff
    ).delete()
    return deleted
