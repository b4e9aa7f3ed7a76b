"""What journeys hold about a person, for a copy of their data or its erasure (see core.personal_data).

The person is found here, because their records live here: their requests, and the client
records organisations keep about them. Erasing keeps every row the figures count (requests,
journeys, sessions, milestones, wellbeing scores) with nothing left that says who it was.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q

from core.personal_data import ERASED, DataSubject, Section, normalise_email

from .models import (
    Action,
    Barrier,
    Client,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    RequestPass,
    Session,
    SupportRequest,
    WellbeingCheck,
)


def find_subject(
    *, email: str = "", user=None, clients=(), requests=(), organisation=None
) -> DataSubject:
    """Everyone's records of one person, found from any of their address, account, client
    records or requests, within one organisation's records (or everywhere when None)."""
    email = normalise_email(email)
    clients, requests = list(clients), list(requests)
    if user is None:
        user = next((c.user for c in clients if c.user_id), None) or next(
            (r.user for r in requests if r.user_id), None
        )
    if not email:
        email = normalise_email(
            (user.email if user else "")
            or next((c.email for c in clients if c.email), "")
            or next((r.email for r in requests if r.email), "")
        )
    if user is None and email:
        user = get_user_model().objects.filter(email__iexact=email).first()

    same = Q(pk__in=[c.pk for c in clients])
    if email:
        same |= Q(email__iexact=email)
    if user is not None:
        same |= Q(user=user)
    found_clients = Client.objects.filter(same)
    same_request = Q(pk__in=[r.pk for r in requests])
    if email:
        same_request |= Q(email__iexact=email)
    if user is not None:
        same_request |= Q(user=user)
    found_requests = SupportRequest.objects.filter(same_request)
    if organisation is not None:
        found_clients = found_clients.filter(organisation=organisation)
        found_requests = found_requests.filter(
            Q(organisation=organisation) | Q(journey__organisation=organisation)
        )
    found_clients = list(found_clients)
    found_requests = list(found_requests)
    people = [*found_clients, *found_requests]
    names = {p.name for p in people if p.name and p.name != ERASED}
    if user is not None and user.get_full_name():
        names.add(user.get_full_name())
    return DataSubject(
        email=email,
        user_id=user.pk if user is not None else None,
        client_ids=frozenset(c.pk for c in found_clients),
        request_ids=frozenset(r.pk for r in found_requests),
        organisation_id=organisation.pk if organisation is not None else None,
        names=frozenset(names),
        phones=frozenset(p.phone for p in people if p.phone),
        postcodes=frozenset(p.postcode for p in people if p.postcode),
    )


def subject_journey_ids(subject: DataSubject) -> list:
    """The journeys of the person's client records within the subject's reach."""
    return list(
        Journey.objects.filter(client_id__in=subject.client_ids).values_list("pk", flat=True)
    )


# A copy -------------------------------------------------------------------------------


def _barriers(person, *, sensitive: bool) -> list[str]:
    return person.barrier_labels(sensitive=sensitive)


def _person_pairs(person) -> list[tuple[str, object]]:
    return [
        ("Name", person.name),
        ("Group or business name", person.group_name),
        ("Email", person.email),
        ("Phone", person.phone),
        ("How to contact you", person.get_contact_method_display()),
        ("Best times", person.contact_times),
        ("Postcode", person.postcode),
        ("Area", person.place.name if person.place_id else ""),
        ("Things that make it harder", _barriers(person, sensitive=True)),
        ("You agreed to our privacy notice", person.consented_at),
        ("Privacy notice version", person.privacy_notice_version),
        ("You agreed we may keep health or faith answers", person.sensitive_consent_at),
    ]


def export(subject: DataSubject) -> list[Section]:
    """Requests, equality answers, client records, journeys and all that hangs off them."""
    requests = Section("requests", "Requests for support")
    for r in (
        SupportRequest.objects.filter(pk__in=subject.request_ids)
        .select_related("place", "organisation", "business_type")
        .prefetch_related("help_wanted", "passes__to_organisation", "passes__from_organisation")
        .order_by("created_at")
    ):
        requests.add(
            [
                ("Reference", r.reference),
                ("Sent on", r.created_at),
                *_person_pairs(r),
                ("Your idea or business", r.idea),
                ("Kind of business", r.business_type.name if r.business_type_id else ""),
                ("Stage", r.get_stage_display()),
                ("Help wanted", [t.name for t in r.help_wanted.all()]),
                ("About the help", r.help_details),
                ("Held by", r.organisation.name if r.organisation_id else ""),
                ("Status", r.get_status_display()),
                ("Why it was closed", r.get_close_reason_display()),
                ("Decision note", r.decision_note),
                ("Decided on", r.decided_at),
                (
                    "Passed between hubs",
                    [
                        f"{p.passed_at:%d/%m/%Y}: to {p.to_organisation.name}, because {p.reason}"
                        for p in r.passes.all()
                    ],
                ),
            ]
        )
    equality = Section(
        "equality",
        "Equality answers",
        note="Only ever counted with other people's answers; never shown one by one.",
    )
    for e in EqualityMonitoring.objects.filter(request_id__in=subject.request_ids).select_related(
        "request"
    ):
        equality.add(
            [
                ("Request", e.request.reference),
                ("Agreed on", e.consented_at),
                ("Age", e.get_age_band_display()),
                ("Gender", e.get_gender_display()),
                ("Ethnic group", e.get_ethnic_group_display()),
                ("Disabled", e.get_disabled_display()),
            ]
        )
    clients = Section("client_records", "Records organisations keep about you")
    for c in Client.objects.filter(pk__in=subject.client_ids).select_related(
        "organisation", "place"
    ):
        clients.add(
            [
                ("Organisation", c.organisation.name),
                ("Since", c.created_at),
                ("Last changed", c.updated_at),
                *_person_pairs(c),
            ]
        )
    journeys = Section("journeys", "Journeys")
    actions = Section("actions", "Actions agreed")
    milestones = Section("milestones", "Milestones")
    wellbeing = Section("wellbeing", "Wellbeing answers")
    journey_qs = (
        Journey.objects.filter(client_id__in=subject.client_ids)
        .select_related("organisation", "business_type")
        .prefetch_related("changes", "actions", "milestones", "wellbeing")
        .order_by("started_on")
    )
    for j in journey_qs:
        journeys.add(
            [
                ("Organisation", j.organisation.name),
                ("Venture", j.venture_name),
                ("About the venture", j.venture_description),
                ("Kind of business", j.business_type.name if j.business_type_id else ""),
                ("Stage", j.get_stage_display()),
                ("Status", j.get_status_display()),
                ("Why it closed", j.get_close_reason_display()),
                ("Started on", j.started_on),
                ("Closed on", j.closed_on),
                (
                    "Changes",
                    [
                        f"{c.changed_at:%d/%m/%Y}: {c.get_field_display()} "
                        f"{c.from_label or 'new'} to {c.to_label}"
                        + (f" ({c.reason})" if c.reason else "")
                        for c in j.changes.all()
                    ],
                ),
            ]
        )
        for a in j.actions.all():
            actions.add(
                [
                    ("Venture", j.venture_name),
                    ("Action", a.description),
                    ("Who does it", a.get_owner_display()),
                    ("Due by", a.due_on),
                    ("Done", a.done_at),
                ]
            )
        for m in j.milestones.all():
            milestones.add(
                [
                    ("Venture", j.venture_name),
                    ("Milestone", m.get_kind_display()),
                    ("Date", m.achieved_on),
                    ("Legal form", m.get_legal_form_display()),
                    ("Registration number", m.registration_number),
                    ("Jobs (full-time equivalent)", m.jobs_fte),
                    ("Volunteers", m.volunteers),
                    ("Amount (£)", m.amount),
                    ("Note", m.note),
                ]
            )
        for w in j.wellbeing.all():
            wellbeing.add(
                [
                    ("Venture", j.venture_name),
                    ("When", w.get_occasion_display()),
                    ("Date", w.taken_on),
                    ("Life satisfaction", w.life_satisfaction),
                    ("Feeling your life is worthwhile", w.worthwhile),
                    ("Happiness yesterday", w.happiness),
                    ("Anxiety yesterday", w.anxiety),
                    ("Confidence", w.confidence),
                ]
            )
    sessions = Section(
        "sessions",
        "Sessions you took part in",
        note="Notes about group sessions are left out: they are about the other people there too.",
    )
    journey_ids = [j.pk for j in journey_qs]
    for s in _sessions_with_attendance(journey_ids):
        solo = s.people == s.theirs
        sessions.add(
            [
                ("Organisation", s.organisation.name),
                ("Type", s.get_kind_display()),
                ("Date and time", s.starts_at),
                ("Length in minutes", s.duration_minutes),
                ("How", s.get_mode_display()),
                ("What it covered", s.topics),
                ("Staff notes", s.notes if solo else ""),
                ("Group session", "No" if solo else "Yes"),
            ]
        )
    return [requests, equality, clients, journeys, sessions, actions, milestones, wellbeing]


def _sessions_with_attendance(journey_ids):
    """Sessions any of these journeys attended, with how many journeys attended in all and
    how many of them were these."""
    return (
        Session.objects.filter(attendances__journey_id__in=journey_ids)
        .annotate(
            people=Count("attendances", distinct=True),
            theirs=Count(
                "attendances", filter=Q(attendances__journey_id__in=journey_ids), distinct=True
            ),
        )
        .select_related("organisation")
        .order_by("starts_at")
    )


# Erasure ------------------------------------------------------------------------------

SENSITIVE = [b.value for b in (Barrier.DISABILITY, Barrier.FAITH_FINANCE)]


def journeys_anonymise(journey_ids) -> dict[str, int]:
    """Take out of these journeys every word that could say whose they were; the rows the
    figures count (stages, dates, sessions, milestones, wellbeing scores) stay."""
    journey_ids = list(journey_ids)
    solo = [s.pk for s in _sessions_with_attendance(journey_ids) if s.people == s.theirs]
    return {
        "sessions": Session.objects.filter(pk__in=solo).update(notes="", topics=""),
        "actions": Action.objects.filter(journey_id__in=journey_ids).update(description=ERASED),
        "milestones": Milestone.objects.filter(journey_id__in=journey_ids).update(
            note="", registration_number=""
        ),
        "journey changes": JourneyChange.objects.filter(journey_id__in=journey_ids)
        .exclude(reason="")
        .update(reason=""),
        "journeys": Journey.objects.filter(pk__in=journey_ids).update(
            venture_name=ERASED, venture_description=""
        ),
        "wellbeing answers kept without a name": WellbeingCheck.objects.filter(
            journey_id__in=journey_ids
        ).count(),
    }


_PERSON_BLANK = {
    "name": ERASED,
    "group_name": "",
    "email": "",
    "phone": "",
    "contact_times": "",
    "postcode": "",
    "sensitive_barriers": [],
    "sensitive_consent_at": None,
    "user": None,
}


def clients_anonymise(client_ids) -> int:
    """Client records with nothing left that identifies the person (the area stays, for the
    figures; health and faith answers go)."""
    return Client.objects.filter(pk__in=list(client_ids)).update(**_PERSON_BLANK)


def requests_anonymise(request_ids) -> dict[str, int]:
    """Requests kept as counts: who, how to reach them, their words and equality answers go."""
    request_ids = list(request_ids)
    equality, _ = EqualityMonitoring.objects.filter(request_id__in=request_ids).delete()
    return {
        "requests": SupportRequest.objects.filter(pk__in=request_ids).update(
            **_PERSON_BLANK, idea="", help_details="", decision_note=""
        ),
        "request passes": RequestPass.objects.filter(request_id__in=request_ids).update(
            reason=ERASED
        ),
        "equality answers": equality,
    }


@transaction.atomic
def erase(subject: DataSubject, *, actor=None) -> dict[str, int]:
    """Anonymise the person's requests, client records and journeys within the subject's reach."""
    counts = journeys_anonymise(subject_journey_ids(subject))
    counts["client records"] = clients_anonymise(subject.client_ids)
    counts.update(requests_anonymise(subject.request_ids))
    return counts


def access_log_export(subject: DataSubject) -> Section:
    """Who opened their records: the organisation and when (staff are not named)."""
    from .models import AccessLogEntry

    section = Section(
        "access_log",
        "When your records were opened",
        note="Each time someone at an organisation opened your records here.",
    )
    for entry in (
        AccessLogEntry.objects.filter(
            Q(client_id__in=subject.client_ids)
            | Q(
                kind=AccessLogEntry.Kind.REQUEST,
                object_id__in=[str(pk) for pk in subject.request_ids],
            )
        )
        .select_related("organisation")
        .order_by("at")
    ):
        section.add(
            [
                ("When", entry.at),
                ("Organisation", entry.organisation.name if entry.organisation_id else ""),
                ("What was opened", entry.get_kind_display()),
            ]
        )
    return section
