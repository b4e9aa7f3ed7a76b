"""Demo journeys: requests waiting in triage, and journeys at hub A and hub B with their history.

Every person here is invented; email addresses use .test, phone numbers are from
Ofcom's range for drama. Records are written directly (not through the services)
so seeding sends no emails; running it twice changes nothing.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES, Organisation, Place, TaxonomyTerm
from journeys.models import (
    PRIVACY_NOTICE_VERSION,
    Action,
    Barrier,
    Client,
    ContactMethod,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    Stage,
    SupportRequest,
    WellbeingCheck,
)
from journeys.services import NATIONAL_ACTIVITIES, SESSION_ACTIVITY

WAITING_REQUESTS = [
    # (reference, name, group, email, phone, postcode, place slug, business type, stage, idea, barriers, sensitive)
    (
        "EP-DEMO01",
        "Jordan Testperson",
        "",
        "jordan@example.test",
        "07700 900101",
        "WN1 1AA",
        "wigan",
        "small-local-firm",
        Stage.EXPLORING,
        "Mobile bike repairs around the estates, with a stall at the Saturday market.",
        [Barrier.BENEFITS],
        [],
    ),
    (
        "EP-DEMO02",
        "Kay Mockford",
        "Scholes Food Growers",
        "growers@example.test",
        "",
        "WN1 1AA",
        "wigan",
        "co-operative",
        Stage.PLANNING,
        "A growers' co-operative selling veg boxes from the allotments.",
        [Barrier.FINANCE],
        [Barrier.FAITH_FINANCE],
    ),
    (
        "EP-DEMO03",
        "Amira Example",
        "",
        "entrepreneur@demo.test",
        "",
        "WN1 1AA",
        "wigan",
        "co-operative",
        Stage.PLANNING,
        "I would also like help with premises for the bakery.",
        [],
        [],
    ),
    (
        "EP-DEMO04",
        "Lee Sampleton",
        "",
        "lee@example.test",
        "07700 900104",
        "BD1 1AA",
        "bradford",
        "social-enterprise",
        Stage.EXPLORING,
        "A repair café that trains young people in electronics.",
        [Barrier.LANGUAGE],
        [],
    ),
    (
        "EP-DEMO05",
        "Robin Placeholder",
        "",
        "robin@example.test",
        "",
        "LS1 4AP",
        None,
        "not-sure-yet",
        Stage.EXPLORING,
        "Not sure yet: something with community events in Leeds.",
        [],
        [],
    ),
]


def _term(taxonomy: str, code: str):
    return TaxonomyTerm.objects.filter(taxonomy__slug=taxonomy, code=code).first()


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_requests() -> None:
    """Requests waiting in triage: two for hub A (one from someone it already supports), one for
    hub B, one from a place no hub serves (the administrators' queue)."""
    now = timezone.now()
    for days, row in enumerate(WAITING_REQUESTS, start=1):
        (ref, name, group, email, phone, postcode, place, btype, stage, idea, barriers, sens) = row
        if SupportRequest.objects.filter(reference=ref).exists():
            continue
        from django.contrib.auth import get_user_model

        request = SupportRequest.objects.create(
            reference=ref,
            kind="group" if group else "person",
            name=name,
            group_name=group,
            email=email,
            phone=phone,
            contact_method=ContactMethod.PHONE if phone else ContactMethod.EMAIL,
            postcode=postcode,
            place=Place.objects.filter(slug=place).first() if place else None,
            idea=idea,
            business_type=_term(BUSINESS_TYPES, btype),
            stage=stage,
            barriers=[b.value for b in barriers],
            sensitive_barriers=[b.value for b in sens],
            sensitive_consent_at=now if sens else None,
            consented_at=now,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            user=get_user_model().objects.filter(email=email).first(),
        )
        SupportRequest.objects.filter(pk=request.pk).update(created_at=now - timedelta(days=days))
        request.help_wanted.set(
            TaxonomyTerm.objects.filter(
                taxonomy__slug=SUPPORT_TYPES, code__in=["coaching", "finance"]
            )
        )


def _journey(
    organisation, *, name, email, venture, btype, stage, worker, user=None, started_days=90, **extra
):
    client, _ = Client.objects.get_or_create(
        organisation=organisation,
        email=email,
        defaults={
            "name": name,
            "user": user,
            "postcode": extra.pop("postcode", ""),
            "place": organisation.places.first(),
            "consented_at": timezone.now() - timedelta(days=started_days),
            "privacy_notice_version": PRIVACY_NOTICE_VERSION,
            "barriers": extra.pop("barriers", []),
            "group_name": extra.pop("group_name", ""),
            "kind": extra.pop("kind", "person"),
        },
    )
    journey = Journey.objects.create(
        organisation=organisation,
        client=client,
        venture_name=venture,
        venture_description=extra.pop("description", ""),
        business_type=_term(BUSINESS_TYPES, btype),
        stage=Stage.ENQUIRY,
        lead_worker=worker,
        started_on=timezone.localdate() - timedelta(days=started_days),
        **extra,
    )
    path = [s.value for s in Stage]
    for step, value in enumerate(path[: path.index(stage) + 1]):
        JourneyChange.objects.create(
            journey=journey,
            field=JourneyChange.Field.STAGE,
            from_value=path[step - 1] if step else "",
            to_value=value,
            reason="" if step else "Journey started.",
            changed_by=worker,
            changed_at=_at(started_days - step * 14),
        )
    journey.stage = stage
    journey.save(update_fields=["stage"])
    return journey


def _session(organisation, journeys, *, kind, days_ago, worker, topics, notes="", minutes=60):
    activity = TaxonomyTerm.objects.filter(
        taxonomy__slug=NATIONAL_ACTIVITIES, code=SESSION_ACTIVITY[kind]
    ).first()
    session = Session.objects.create(
        organisation=organisation,
        kind=kind,
        activity=activity,
        starts_at=_at(days_ago, 14 if days_ago < 0 else 10),
        duration_minutes=minutes,
        mode=Session.Mode.IN_PERSON,
        staff=worker,
        topics=topics,
        notes=notes,
        created_by=worker,
    )
    session.journeys.set(journeys)
    return session


def seed_journeys(*, users: dict, organisations: dict) -> None:
    """Journeys at hub A (Wigan) and hub B (Bradford), one of them the demo entrepreneur's."""
    from .directory import HUB_A, HUB_B

    hub_a: Organisation = organisations[HUB_A]
    hub_b: Organisation = organisations[HUB_B]
    if Journey.objects.filter(organisation=hub_a).exists():
        return
    staff_a, manager_a, staff_b = users["staff_a"], users["manager_a"], users["staff_b"]

    amira = _journey(
        hub_a,
        name="Amira Example",
        email="entrepreneur@demo.test",
        user=users["entrepreneur"],
        venture="Wigan Pier Bakes co-operative",
        description="A worker co-operative bakery with four founders, selling to cafés and at markets.",
        btype="co-operative",
        stage=Stage.STARTING,
        worker=staff_a,
        started_days=120,
        postcode="WN1 1AA",
        barriers=[Barrier.CHILDCARE.value],
    )
    others_a = [
        _journey(
            hub_a,
            name="Dev Illustrative",
            email="dev@example.test",
            venture="Repair and reuse workshop",
            btype="social-enterprise",
            stage=Stage.PLANNING,
            worker=staff_a,
            started_days=60,
        ),
        _journey(
            hub_a,
            name="Noor Fictional",
            email="noor@example.test",
            venture="Home-cooked catering",
            btype="small-local-firm",
            stage=Stage.TRADING,
            worker=manager_a,
            started_days=200,
        ),
        _journey(
            hub_a,
            name="Sam Madeup",
            email="sam.madeup@example.test",
            venture="Community laundrette",
            btype="community-business",
            stage=Stage.EXPLORING,
            worker=manager_a,
            started_days=20,
            kind="group",
            group_name="Pemberton Residents Group",
        ),
    ]
    paused = _journey(
        hub_a,
        name="Casey Invented",
        email="casey@example.test",
        venture="Dog-walking round",
        btype="small-local-firm",
        stage=Stage.EXPLORING,
        worker=staff_a,
        started_days=150,
    )
    paused.status = Journey.Status.PAUSED
    paused.save(update_fields=["status"])

    _session(
        hub_a,
        [amira],
        kind=Session.Kind.COACHING,
        days_ago=100,
        worker=staff_a,
        topics="First conversation: the idea, the four founders, and what each wants from it.",
        notes="Childcare on Tuesdays makes mornings hard: offer afternoons.",
    )
    workshop = _session(
        hub_a,
        [amira, *others_a],
        kind=Session.Kind.WORKSHOP,
        days_ago=45,
        worker=manager_a,
        topics="Pricing and costing: working out what a product really costs to make.",
        minutes=120,
    )
    coaching = _session(
        hub_a,
        [amira],
        kind=Session.Kind.COACHING,
        days_ago=14,
        worker=staff_a,
        topics="Choosing a legal form: co-operative society or company limited by guarantee.",
        notes="Ready to register; model rules from the co-operative federation suit them.",
    )
    _session(
        hub_a,
        [amira],
        kind=Session.Kind.PRACTICAL,
        days_ago=-7,
        worker=staff_a,
        topics="Visit the empty unit on Market Street with the landlord.",
    )
    today = timezone.localdate()
    for journey in [amira, *others_a]:
        Action.objects.create(
            journey=journey,
            session=workshop,
            description="Cost one product line, ingredients and time included",
            due_on=today - timedelta(days=30),
            done_at=timezone.now() - timedelta(days=31) if journey is amira else None,
            created_by=manager_a,
        )
    Action.objects.create(
        journey=amira,
        session=coaching,
        description="Send the draft rules to all four founders",
        due_on=today - timedelta(days=3),
        created_by=staff_a,
    )
    Action.objects.create(
        journey=amira,
        session=coaching,
        description="Book the unit viewing with the landlord",
        owner=Action.Owner.STAFF,
        due_on=today + timedelta(days=5),
        created_by=staff_a,
    )
    Milestone.objects.create(
        journey=amira,
        kind=Milestone.Kind.REGISTERED,
        achieved_on=today - timedelta(days=10),
        legal_form=Organisation.LegalForm.COOP,
        registration_number="DEMO1234R",
        recorded_by=staff_a,
    )
    Milestone.objects.create(
        journey=amira,
        kind=Milestone.Kind.FINANCE,
        achieved_on=today - timedelta(days=5),
        amount=Decimal("4500.00"),
        note="Community shares, first round.",
        recorded_by=staff_a,
    )
    Milestone.objects.create(
        journey=others_a[1],
        kind=Milestone.Kind.FIRST_SALE,
        achieved_on=today - timedelta(days=80),
        recorded_by=manager_a,
    )
    for occasion, days, scores in [
        (WellbeingCheck.Occasion.START, 100, (5, 6, 5, 6, 3)),
        (WellbeingCheck.Occasion.FOLLOW_UP, 14, (7, 8, 7, 4, 7)),
    ]:
        life, worth, happy, anxious, confident = scores
        WellbeingCheck.objects.create(
            journey=amira,
            occasion=occasion,
            taken_on=today - timedelta(days=days),
            life_satisfaction=life,
            worthwhile=worth,
            happiness=happy,
            anxiety=anxious,
            confidence=confident,
            recorded_by=staff_a,
        )

    tom = _journey(
        hub_b,
        name="Tom Sample",
        email="entrepreneur2@demo.test",
        user=users["entrepreneur2"],
        venture="Canal boat cycle hire",
        btype="small-local-firm",
        stage=Stage.PLANNING,
        worker=staff_b,
        started_days=50,
    )
    _session(
        hub_b,
        [tom],
        kind=Session.Kind.COACHING,
        days_ago=30,
        worker=staff_b,
        topics="Insurance and licences for hiring out bikes.",
    )
    Action.objects.create(
        journey=tom,
        description="Get three insurance quotes",
        due_on=today + timedelta(days=10),
        created_by=staff_b,
    )
