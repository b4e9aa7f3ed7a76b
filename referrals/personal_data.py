"""What referrals hold about a person, for a copy of their data or its erasure (see core.personal_data).

A referral about the person is held by two organisations. Erasing it at one clears it at both:
the copy of their details, the need as written, the notes and the messages go, and the other
organisation is told, so it can look at what it holds itself. That the referral happened, between
whom and how it ended, stays for the figures.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.personal_data import ERASED, DataSubject, Section

from .models import Referral, ReferralChange, ReferralMessage
from .services import _notify, _team

SHARED_LABELS = {
    "name": "Name",
    "email": "Email",
    "phone": "Phone",
    "contact_method": "How to contact you",
    "postcode": "Postcode",
    "venture": "Venture",
    "venture_description": "About the venture",
    "business_type": "Kind of business",
    "stage": "Stage",
    "barriers": "Things that make it harder",
}


def _referrals(subject: DataSubject):
    about = Q(from_journey__client_id__in=subject.client_ids) | Q(
        receiving_journey__client_id__in=subject.client_ids
    )
    if subject.email:
        sent_to = Q(shared__email__iexact=subject.email)
        if not subject.everywhere:
            sent_to &= Q(to_organisation_id=subject.organisation_id)
        about |= sent_to
    return Referral.objects.filter(about).distinct()


def export(subject: DataSubject) -> list[Section]:
    """Referrals about them: between whom, what was shared with their consent, and what happened."""
    section = Section("referrals", "Referrals")
    for r in (
        _referrals(subject)
        .select_related("from_organisation", "to_organisation", "to_service")
        .prefetch_related("changes", "messages__organisation")
        .order_by("created_at")
    ):
        shared = r.shared or {}
        section.add(
            [
                ("Reference", r.reference),
                ("Sent on", r.created_at),
                ("From", r.from_organisation.name),
                ("To", r.to_organisation.name),
                ("Service", r.to_service.name if r.to_service_id else ""),
                ("What you need", r.need),
                ("How soon", r.get_urgency_display()),
                ("You agreed to share your details", "Yes" if r.consent_given else "No"),
                ("How you agreed", r.get_consent_method_display()),
                ("When you agreed", r.consent_at),
                (
                    "What was shared",
                    {SHARED_LABELS.get(k, k): v for k, v in shared.items() if k in SHARED_LABELS},
                ),
                ("Shared details cleared on", r.shared_cleared_at),
                ("Status", r.get_status_display()),
                ("Why it was declined", r.decline_reason),
                ("Outcome", r.get_outcome_display()),
                ("About the outcome", r.outcome_note),
                ("Accepted on", r.accepted_at),
                (
                    "Changes",
                    [
                        f"{c.changed_at:%d/%m/%Y}: {c.from_label or 'new'} to {c.to_label}"
                        + (f" ({c.note})" if c.note else "")
                        for c in r.changes.all()
                    ],
                ),
                (
                    "Messages between the organisations",
                    [
                        f"{m.created_at:%d/%m/%Y} {m.organisation.name}: {m.body}"
                        for m in r.messages.all()
                    ],
                ),
            ]
        )
    return [section]


def _clear(referrals: list[Referral], *, tell_all_but=None, tell: bool = True) -> dict[str, int]:
    """Clear the person out of these referrals at both ends; tell each end but one."""
    ids = [r.pk for r in referrals]
    messages, _ = ReferralMessage.objects.filter(referral_id__in=ids).delete()
    counts = {
        "referral messages": messages,
        "referral notes": ReferralChange.objects.filter(referral_id__in=ids)
        .exclude(note="")
        .update(note=""),
        "referrals": Referral.objects.filter(pk__in=ids).update(
            shared={},
            shared_cleared_at=timezone.now(),
            need=ERASED,
            decline_reason="",
            outcome_note="",
        ),
    }
    if not tell:
        return counts
    for referral in referrals:
        for organisation in (referral.from_organisation, referral.to_organisation):
            if organisation.pk == tell_all_but:
                continue
            _notify(
                _team(organisation),
                referral,
                f"The person referral {referral.reference} is about asked for their data to be "
                "erased. What the referral held about them has been erased; check what your "
                "organisation holds about them too.",
                base_url=settings.WAGTAILADMIN_BASE_URL,
            )
    return counts


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Clear the person out of every referral about them, at both ends, and tell the other end."""
    referrals = list(_referrals(subject).select_related("from_organisation", "to_organisation"))
    return _clear(referrals, tell_all_but=subject.organisation_id)


def referrals_anonymise_for_journeys(journey_ids) -> dict[str, int]:
    """For the retention sweep: the referrals from or onto journeys kept past their time."""
    referrals = list(
        Referral.objects.filter(
            Q(from_journey_id__in=journey_ids) | Q(receiving_journey_id__in=journey_ids)
        ).exclude(need=ERASED)
    )
    return _clear(referrals, tell=False)


def organisations_told(subject: DataSubject) -> list[str]:
    """The other organisations an erasure of this person's referrals tells."""
    names = set()
    for r in _referrals(subject).select_related("from_organisation", "to_organisation"):
        for organisation in (r.from_organisation, r.to_organisation):
            if organisation.pk != subject.organisation_id:
                names.add(organisation.name)
    return sorted(names)
