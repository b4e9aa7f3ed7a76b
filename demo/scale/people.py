"""Scale data for journeys: the requests people sent, each organisation's record of them, their
journeys with every stage and status change, and some milestones and wellbeing checks.

Rows are shaped as the services would leave them (journeys.support, journeys.triage and
journeys.services), with their dates set back over the last three years.
"""

from datetime import date, timedelta
from decimal import Decimal

from journeys.models import (
    ORDINARY_BARRIERS,
    PRIVACY_NOTICE_VERSION,
    SENSITIVE_BARRIERS,
    Client,
    ContactMethod,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    Stage,
    SupportRequest,
    WellbeingCheck,
)

from . import fake
from .world import SPAN_DAYS, JourneyPlan, OrgInfo, World

STAGES = [s.value for s in Stage]
REQUEST_STAGES = {Stage.EXPLORING: 55, Stage.PLANNING: 35, Stage.STARTING: 10}
STAGE_REASONS = {
    Stage.EXPLORING: "Talking the idea through.",
    Stage.PLANNING: "Working on a plan.",
    Stage.STARTING: "Getting ready to open.",
    Stage.TRADING: "First customers paying.",
    Stage.GROWING: "Taking on more work and people.",
}
REQUEST_REASON = "Where they said they were when they asked for support."
STARTED_REASON = "Journey started."
IDEAS = [
    "A {word} for people on the estate, starting from home and growing to a shop.",
    "Our group wants to run a {word} as a co-operative and share what it earns.",
    "Selling {word} at the market on Saturdays, then online.",
    "A {word} that trains young people and pays them fairly.",
    "Turning my hobby into a {word} for neighbours and local firms.",
]
IDEA_WORDS = [
    "bakery", "repair café", "bike workshop", "catering round", "craft stall", "laundrette",
    "plant nursery", "tailoring service", "cleaning co-operative", "youth kitchen",
]  # fmt: skip
HELP_DETAILS = ["", "", "Help with a plan and with finding money to start.", "Premises, mainly."]
CONTACT_TIMES = ["", "", "", "Weekday mornings", "After 6pm", "Not on Fridays"]
CLOSE_REASONS_EARLY = [
    Journey.CloseReason.STOPPED,
    Journey.CloseReason.NO_CONTACT,
    Journey.CloseReason.MOVED_AWAY,
    Journey.CloseReason.MOVED_ON,
    Journey.CloseReason.OTHER,
]
REQUEST_CLOSES = {
    SupportRequest.CloseReason.NO_REPLY: 35,
    SupportRequest.CloseReason.SIGNPOSTED: 25,
    SupportRequest.CloseReason.NOT_ELIGIBLE: 15,
    SupportRequest.CloseReason.WITHDRAWN: 12,
    SupportRequest.CloseReason.DUPLICATE: 8,
    SupportRequest.CloseReason.SPAM: 5,
}
CLOSE_NOTES = {
    SupportRequest.CloseReason.NO_REPLY: "Three calls and two emails, no answer.",
    SupportRequest.CloseReason.SIGNPOSTED: "Sent to the council's business team.",
    SupportRequest.CloseReason.NOT_ELIGIBLE: "Not something we can help with.",
    SupportRequest.CloseReason.WITHDRAWN: "No longer wants support.",
    SupportRequest.CloseReason.DUPLICATE: "Sent the form twice.",
    SupportRequest.CloseReason.SPAM: "",
}
EQUALITY = {
    "age_band": [c.value for c in EqualityMonitoring.AgeBand] + [""],
    "gender": [c.value for c in EqualityMonitoring.Gender] + [""],
    "ethnic_group": [c.value for c in EqualityMonitoring.EthnicGroup] + [""],
    "disabled": [c.value for c in EqualityMonitoring.Disabled] + [""],
}
LEGAL_FORMS = ["sole-trader", "cic", "co-operative-society", "community-benefit-society", "ltd"]
# How journeys are spread over the organisations that keep records.
JOURNEY_WEIGHTS = {"hub": 3, "specialist": 1, "business-partner": 0.4}


def seed_journeys(world: World) -> None:
    """The journeys people started by asking online or by coming in (those that begin with a
    referral are made with it, in .referrals), and requests no hub took on."""
    rng = world.rng
    counts = world.counts
    origin = counts["journeys"] - counts["receiving_journeys"]
    scale_holders = [o for o in world.holders if o not in (world.hub_a, world.hub_b)]
    plan = [world.hub_a] * counts["journeys_hub_a"] + [world.hub_b] * counts["journeys_hub_b"]
    rest = origin - len(plan)
    weights = [JOURNEY_WEIGHTS[o.kind] for o in scale_holders]
    plan += rng.choices(scale_holders, weights, k=rest)
    rng.shuffle(plan)
    taken = set(SupportRequest.objects.values_list("reference", flat=True))
    for org in plan:
        from_request = rng.random() < 0.75
        reference = fake.references(rng, "EP-", 1, taken)[0] if from_request else None
        journey = origin_journey(world, org, reference=reference)
        world.journeys.append(journey)
    for _ in range(counts["other_requests"]):
        _other_request(world, taken)


def _start_day(world: World) -> date:
    """A day in the last three years, more of them recent (the programme grows)."""
    return world.today - timedelta(days=1 + int((SPAN_DAYS - 1) * world.rng.random() ** 1.3))


def _person(world: World, org: OrgInfo, *, needs_postcode: bool) -> dict:
    rng = world.rng
    first, last = fake.person_name(rng)
    person = world.new_person()
    world.person_orgs[person] = {org.index}
    phone = fake.mobile(rng) if rng.random() < 0.6 else ""
    group = rng.random() < 0.08
    place = org.place
    has_postcode = needs_postcode or rng.random() < 0.85
    return {
        "person": person,
        "name": f"{first} {last}",
        "email": fake.person_email(first, last, person),
        "phone": phone,
        "contact_method": rng.choice([ContactMethod.PHONE, ContactMethod.TEXT])
        if phone and rng.random() < 0.4
        else ContactMethod.EMAIL,
        "kind": "group" if group else "person",
        "group_name": f"{place.name} {rng.choice(fake.GROUP_KINDS)}" if group else "",
        "postcode": rng.choice(place.postcodes) if has_postcode else "",
        "place": place if has_postcode else None,
        "first": first,
    }


def stages_between(world: World, first: str, start: date, last_day: date) -> list[tuple[date, str]]:
    """The stages a journey moved through: some stall, others go all the way to growing."""
    rng = world.rng
    stages = [(start, first)]
    index, day = STAGES.index(first), start
    while index + 1 < len(STAGES) and rng.random() < 0.75:
        day += timedelta(days=rng.randint(30, 240))
        if day > last_day:
            break
        index += 1
        stages.append((day, STAGES[index]))
    return stages


def _lifetime(world: World, start: date) -> tuple[str, date | None]:
    """Active, paused or closed; a closed journey's last day."""
    rng = world.rng
    open_days = (world.today - start).days
    roll = rng.random()
    if roll < 0.33 and open_days > 21:
        return Journey.Status.CLOSED, start + timedelta(
            days=rng.randint(14, min(open_days - 1, 720))
        )
    return (Journey.Status.PAUSED if roll < 0.41 else Journey.Status.ACTIVE), None


def origin_journey(world: World, org: OrgInfo, *, reference: str | None) -> JourneyPlan:
    """A journey started from a request (reference) or by staff, with the person's record."""
    rng = world.rng
    terms = world.terms
    details = _person(world, org, needs_postcode=reference is not None)
    start = _start_day(world)
    status, end = _lifetime(world, start)
    first_stage = (
        rng.choices(list(REQUEST_STAGES), list(REQUEST_STAGES.values()))[0]
        if reference
        else Stage.ENQUIRY
    )
    barriers = rng.sample([b.value for b in ORDINARY_BARRIERS], rng.choice([0, 0, 1, 1, 2]))
    sensitive = [rng.choice(SENSITIVE_BARRIERS).value] if reference and rng.random() < 0.08 else []
    business_type = rng.choice(list(terms["business"].values()))
    idea = rng.choice(IDEAS).format(word=rng.choice(IDEA_WORDS))
    journey = JourneyPlan(
        id=fake.new_uuid(rng),
        client_id=fake.new_uuid(rng),
        org=org,
        person=details["person"],
        name=details["name"],
        email=details["email"],
        phone=details["phone"],
        contact_method=details["contact_method"],
        postcode=details["postcode"],
        place=details["place"],
        kind=details["kind"],
        group_name=details["group_name"],
        barriers=barriers,
        venture=fake.venture_name(rng, details["first"]),
        description=idea,
        business_type=business_type,
        stages=stages_between(world, first_stage, start, end or world.yesterday),
        start=start,
        end=end,
        status=status,
        lead=rng.choice(org.members),
    )
    request_id = None
    started_at = world.at(start, rng.randrange(0, 480, 5))
    consented_at = None
    if reference:
        asked = world.at(start - timedelta(days=rng.randint(1, 10)), rng.randrange(0, 600, 7))
        consented_at = asked
        request_id = fake.new_uuid(rng)
        _request(
            world,
            journey,
            request_id=request_id,
            reference=reference,
            asked=asked,
            idea=idea,
            sensitive=sensitive,
            decided_at=started_at,
        )
    write_journey(
        world,
        journey,
        request_id=request_id,
        started_at=started_at,
        first_reason=REQUEST_REASON if reference else STARTED_REASON,
        consented_at=consented_at,
        sensitive=sensitive,
    )
    return journey


def _request(world, journey, *, request_id, reference, asked, idea, sensitive, decided_at):
    """The request a journey began with, taken on by the journey's organisation."""
    rng = world.rng
    loader = world.loader
    loader.add(
        SupportRequest(
            id=request_id,
            reference=reference,
            kind=journey.kind,
            name=journey.name,
            group_name=journey.group_name,
            email=journey.email,
            phone=journey.phone,
            contact_method=journey.contact_method,
            contact_times=rng.choice(CONTACT_TIMES),
            postcode=journey.postcode,
            place_id=journey.place.id,
            local_authority_code=journey.place.gss_code,
            idea=idea,
            business_type_id=journey.business_type.pk,
            stage=journey.stages[0][1],
            help_details=rng.choice(HELP_DETAILS),
            barriers=journey.barriers,
            sensitive_barriers=sensitive,
            sensitive_consent_at=asked if sensitive else None,
            consented_at=asked,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            organisation_id=journey.org.id,
            status=SupportRequest.Status.ACCEPTED,
            decided_at=decided_at,
            decided_by_id=journey.lead,
            created_at=asked,
        )
    )
    _request_extras(world, request_id, asked)


def _request_extras(world: World, request_id, asked) -> None:
    """The kinds of help asked for, and the equality answers of those who gave them."""
    rng = world.rng
    support = list(world.terms["support"].values())
    for term in rng.sample(support, rng.choice([1, 1, 2, 3])):
        world.loader.add(
            SupportRequest.help_wanted.through(
                supportrequest_id=request_id, taxonomyterm_id=term.pk
            )
        )
    if rng.random() < 0.45:
        world.loader.add(
            EqualityMonitoring(
                request_id=request_id,
                consented_at=asked,
                **{question: rng.choice(answers) for question, answers in EQUALITY.items()},
            )
        )


def _other_request(world: World, taken: set[str]) -> None:
    """A request that is waiting for a hub (sent in the last three weeks) or that a hub closed
    without taking it on (in the last two years: after that they are deleted)."""
    rng = world.rng
    hubs = [o for o in world.orgs if o.kind == "hub"]
    hub = world.hub_a if rng.random() < 0.03 else rng.choice(hubs)
    details = _person(world, hub, needs_postcode=True)
    waiting = rng.random() < 0.15
    back = rng.randint(1, 21) if waiting else rng.randint(20, 700)
    asked = world.at(world.today - timedelta(days=back), rng.randrange(0, 600, 7))
    request_id = fake.new_uuid(rng)
    reason = "" if waiting else rng.choices(list(REQUEST_CLOSES), list(REQUEST_CLOSES.values()))[0]
    decided_at = None if waiting else asked + timedelta(days=rng.randint(1, 14))
    world.loader.add(
        SupportRequest(
            id=request_id,
            reference=fake.references(rng, "EP-", 1, taken)[0],
            kind=details["kind"],
            name=details["name"],
            group_name=details["group_name"],
            email=details["email"],
            phone=details["phone"],
            contact_method=details["contact_method"],
            postcode=details["postcode"],
            place_id=details["place"].id,
            local_authority_code=details["place"].gss_code,
            idea=rng.choice(IDEAS).format(word=rng.choice(IDEA_WORDS)),
            business_type_id=rng.choice(list(world.terms["business"].values())).pk,
            stage=rng.choices(list(REQUEST_STAGES), list(REQUEST_STAGES.values()))[0],
            consented_at=asked,
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            status=SupportRequest.Status.WAITING if waiting else SupportRequest.Status.CLOSED,
            close_reason=reason,
            decision_note=CLOSE_NOTES.get(reason, ""),
            decided_at=min(decided_at, world.now) if decided_at else None,
            decided_by_id=None if waiting else rng.choice(hub.members),
            created_at=asked,
        )
    )
    _request_extras(world, request_id, asked)


def write_journey(
    world: World,
    journey: JourneyPlan,
    *,
    request_id=None,
    started_at,
    first_reason: str,
    consented_at=None,
    sensitive=(),
    close_reason: str = "",
) -> None:
    """The organisation's record of the person, the journey, its history, milestones and checks."""
    rng = world.rng
    loader = world.loader
    org = journey.org
    loader.add(
        Client(
            id=journey.client_id,
            organisation_id=org.id,
            kind=journey.kind,
            name=journey.name,
            group_name=journey.group_name,
            email=journey.email,
            phone=journey.phone,
            contact_method=journey.contact_method,
            postcode=journey.postcode,
            place_id=journey.place.id if journey.place else None,
            barriers=journey.barriers,
            sensitive_barriers=list(sensitive),
            sensitive_consent_at=consented_at if sensitive else None,
            consented_at=consented_at,
            privacy_notice_version=PRIVACY_NOTICE_VERSION if consented_at else "",
            created_at=started_at,
            updated_at=started_at,
        )
    )
    changes = [
        JourneyChange(
            id=fake.new_uuid(rng),
            journey_id=journey.id,
            field=JourneyChange.Field.STAGE,
            from_value="",
            to_value=journey.stages[0][1],
            reason=first_reason,
            changed_by_id=journey.lead,
            changed_at=started_at,
        )
    ]
    for (_, old), (day, new) in zip(journey.stages, journey.stages[1:], strict=False):
        changes.append(_change(world, journey, JourneyChange.Field.STAGE, old, new, day))
        changes[-1].reason = STAGE_REASONS[new]
    if journey.status != Journey.Status.ACTIVE:
        last = journey.stages[-1][0]
        if journey.status == Journey.Status.CLOSED:
            day = journey.end
            close_reason = close_reason or (
                Journey.CloseReason.TRADING_WELL
                if journey.stage in (Stage.TRADING, Stage.GROWING) and rng.random() < 0.6
                else rng.choice(CLOSE_REASONS_EARLY)
            )
            note = Journey.CloseReason(close_reason).label
        else:
            day = world.day_between(last, world.yesterday)
            note = "Taking a break for now."
        change = _change(world, journey, JourneyChange.Field.STATUS, "active", journey.status, day)
        change.reason = note
        changes.append(change)
    for change in changes:
        loader.add(change)
    loader.add(
        Journey(
            id=journey.id,
            organisation_id=org.id,
            client_id=journey.client_id,
            request_id=request_id,
            venture_name=journey.venture[:200],
            venture_description=journey.description,
            business_type_id=journey.business_type.pk if journey.business_type else None,
            stage=journey.stage,
            lead_worker_id=journey.lead,
            status=journey.status,
            close_reason=close_reason if journey.status == Journey.Status.CLOSED else "",
            started_on=journey.start,
            closed_on=journey.end,
            created_at=started_at,
            updated_at=max(c.changed_at for c in changes),
        )
    )
    org.journeys.append(journey)
    _milestones(world, journey)
    _wellbeing(world, journey)


def _change(world, journey, field, old, new, day) -> JourneyChange:
    return JourneyChange(
        id=fake.new_uuid(world.rng),
        journey_id=journey.id,
        field=field,
        from_value=old,
        to_value=new,
        changed_by_id=journey.lead,
        changed_at=world.at(day, world.rng.randrange(0, 480, 5)),
    )


def _milestones(world: World, journey: JourneyPlan) -> None:
    rng = world.rng
    M = Milestone.Kind
    last_day = journey.last_day(world.yesterday)
    for day, stage in journey.stages:
        found = []
        if stage == Stage.STARTING and rng.random() < 0.6:
            found.append((M.REGISTERED, {"legal_form": rng.choice(LEGAL_FORMS)}))
        if stage == Stage.TRADING:
            if rng.random() < 0.85:
                found.append((M.FIRST_SALE, {}))
            if rng.random() < 0.25:
                found.append((M.JOBS, {"jobs_fte": Decimal(rng.choice(["0.5", "1.0", "2.0"]))}))
            if rng.random() < 0.25:
                found.append((M.FINANCE, {"amount": Decimal(rng.randrange(500, 25000, 250))}))
            if rng.random() < 0.12:
                found.append((M.PREMISES, {}))
            if rng.random() < 0.1:
                found.append((M.VOLUNTEERS, {"volunteers": rng.randint(1, 12)}))
        for kind, figures in found:
            achieved = min(day + timedelta(days=rng.randint(0, 30)), last_day)
            if kind == M.REGISTERED:
                figures["registration_number"] = f"DEMO{rng.randrange(100000):05d}"
            world.loader.add(
                Milestone(
                    id=fake.new_uuid(rng),
                    journey_id=journey.id,
                    kind=kind,
                    achieved_on=achieved,
                    recorded_by_id=journey.lead,
                    recorded_at=world.at(achieved, 420),
                    **figures,
                )
            )


def _scores(rng, lift: int = 0) -> dict:
    def score(base):
        return max(0, min(10, base))

    return {
        "life_satisfaction": score(rng.randint(3, 7) + lift),
        "worthwhile": score(rng.randint(4, 7) + lift),
        "happiness": score(rng.randint(3, 7) + lift),
        "anxiety": score(rng.randint(3, 8) - lift),
        "confidence": score(rng.randint(2, 6) + lift),
    }


def _wellbeing(world: World, journey: JourneyPlan) -> None:
    """A check at the start for a quarter of the journeys; a follow-up for most long ones."""
    rng = world.rng
    if rng.random() >= 0.25:
        return
    last_day = journey.last_day(world.yesterday)
    first = min(journey.start + timedelta(days=rng.randint(0, 14)), last_day)
    checks = [(WellbeingCheck.Occasion.START, first, 0)]
    if (last_day - first).days > 120 and rng.random() < 0.6:
        later = world.day_between(first + timedelta(days=90), last_day)
        checks.append((WellbeingCheck.Occasion.FOLLOW_UP, later, rng.randint(0, 3)))
    for occasion, day, lift in checks:
        world.loader.add(
            WellbeingCheck(
                id=fake.new_uuid(rng),
                journey_id=journey.id,
                occasion=occasion,
                taken_on=day,
                recorded_by_id=journey.lead,
                recorded_at=world.at(day, 400),
                **_scores(rng, lift),
            )
        )
