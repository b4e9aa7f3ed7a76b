"""Reads for people's data rights: finding the person, and what each organisation holds."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from core.personal_data import DataSubject
from journeys.models import Client, SupportRequest
from journeys.personal_data import find_subject
from referrals.models import Referral

from .access import Scope
from .models import DataExport, Erasure, email_fingerprint
from .registry import APPS

NOT_FOUND = (
    "We found nobody with that address or reference in these records. Check it, or try "
    "their email address."
)
REFERENCE = re.compile(r"^(EP|RF)-?[A-Z0-9]{4,10}$", re.IGNORECASE)


def subject_find(query: str, scope: Scope) -> DataSubject | None:
    """The person an address, a request (EP-…) or referral (RF-…) reference, or a client
    record's id points to, within the scope's records; None when nothing is found."""
    query = (query or "").strip()
    organisation = scope.organisation
    if not query:
        return None
    if REFERENCE.match(query):
        reference = query.upper()
        if reference[2] != "-":
            reference = reference[:2] + "-" + reference[2:]
        if reference.startswith("EP"):
            requests = SupportRequest.objects.filter(reference=reference)
            if organisation is not None:
                requests = requests.filter(
                    Q(organisation=organisation) | Q(journey__organisation=organisation)
                )
            request = requests.select_related("user").first()
            subject = request and find_subject(requests=[request], organisation=organisation)
        else:
            referrals = Referral.objects.filter(reference=reference)
            if organisation is not None:
                referrals = referrals.filter(
                    Q(from_organisation=organisation) | Q(to_organisation=organisation)
                )
            referral = referrals.select_related(
                "from_journey__client__user", "receiving_journey__client__user"
            ).first()
            subject = referral and _from_referral(referral, organisation)
    else:
        try:
            uuid.UUID(query)
        except ValueError:
            try:
                validate_email(query)
            except ValidationError:
                return None
            subject = find_subject(email=query, organisation=organisation)
        else:
            clients = Client.objects.filter(pk=query).select_related("user")
            if organisation is not None:
                clients = clients.filter(organisation=organisation)
            client = clients.first()
            subject = client and find_subject(clients=[client], organisation=organisation)
    return subject if subject and subject.found else None


def _from_referral(referral: Referral, organisation) -> DataSubject | None:
    clients = []
    for journey in (referral.from_journey, referral.receiving_journey):
        if journey is not None and (
            organisation is None or journey.organisation_id == organisation.pk
        ):
            clients.append(journey.client)
    email = (referral.shared or {}).get("email", "")
    if not clients and not email:
        return None
    return find_subject(email=email, clients=clients, organisation=organisation)


def subject_label(subject: DataSubject) -> str:
    """How staff pages name the person: their name and address, as far as they are known."""
    name = sorted(subject.names)[0] if subject.names else "A person"
    return f"{name} ({subject.email})" if subject.email else name


def subject_summary(subject: DataSubject) -> list[dict]:
    """What is held about the person, section by section, with how many records each has."""
    rows = []
    for module in APPS:
        for section in module.export(subject):
            rows.append({"title": section.title, "count": len(section.records)})
    return rows


def exports_for_scope(scope: Scope):
    """The copies made for an organisation (or the whole platform), newest first."""
    return (
        DataExport.objects.filter(organisation=scope.organisation, for_self=False)
        .select_related("requested_by")
        .order_by("-requested_at")
    )


def own_exports(user):
    """The copies a person asked for of their own data."""
    return DataExport.objects.filter(for_self=True, requested_by=user).order_by("-requested_at")


def erasures_for_scope(scope: Scope):
    """The erasures an organisation (or the platform) has done."""
    return (
        Erasure.objects.filter(organisation=scope.organisation, everywhere=scope.everywhere)
        .select_related("done_by")
        .order_by("-done_at")
    )


def erased_before(email: str) -> list[Erasure]:
    """Earlier erasures of the same address (known only by its one-way hash)."""
    if not email:
        return []
    return list(Erasure.objects.filter(email_fingerprint=email_fingerprint(email)))
