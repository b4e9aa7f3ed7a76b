"""Scale data for sessions: one-to-one support and group sessions over each journey's life,
who attended, and what was agreed (shaped as journeys.services.session_log leaves them)."""

from datetime import timedelta
from itertools import accumulate

from journeys.models import Action, Attendance, Journey, Session

from . import fake
from .world import World

K = Session.Kind
KIND_SHARES = {
    K.COACHING: 50,
    K.WRAP_AROUND: 12,
    K.PRACTICAL: 10,
    K.SIGNPOSTING: 8,
    K.WORKSHOP: 10,
    K.PEER_SUPPORT: 6,
    K.ACTION_LEARNING: 4,
}
GROUP_KINDS = (K.WORKSHOP, K.PEER_SUPPORT, K.ACTION_LEARNING)
AGREEING_KINDS = (K.COACHING, K.PRACTICAL, K.WRAP_AROUND)
MINUTES = {
    K.COACHING: [30, 45, 60, 60, 90],
    K.WRAP_AROUND: [30, 45, 60],
    K.PRACTICAL: [60, 90, 120],
    K.SIGNPOSTING: [15, 20, 30],
    K.WORKSHOP: [90, 120, 150, 180],
    K.PEER_SUPPORT: [90, 120],
    K.ACTION_LEARNING: [120, 150],
}
TOPICS = {
    K.COACHING: [
        "Testing the idea: who would buy it, and what it needs.",
        "The plan: costs, prices and the first three months.",
        "Getting started: registering, insurance and a bank account.",
        "First months of trading: cash flow and finding customers.",
    ],
    K.WRAP_AROUND: ["Benefits check before starting to trade.", "Childcare for the busy days."],
    K.PRACTICAL: ["Setting up invoices.", "Stall layout and card payments.", "A first website."],
    K.SIGNPOSTING: ["To the council's licensing team.", "To a food hygiene course."],
    K.WORKSHOP: ["Costing and pricing", "Bookkeeping and tax basics", "Selling online"],
    K.PEER_SUPPORT: ["Peer circle: finding customers", "Peer circle: keeping going"],
    K.ACTION_LEARNING: ["Action learning set: cash flow", "Action learning set: premises"],
}
ACTIONS = [
    "Cost one product line, ingredients and time included",
    "Ask three possible customers what they would pay",
    "Open a business bank account",
    "Send the draft rules to the other founders",
    "Book a stall for a trial Saturday",
    "Find out about insurance",
]
MODES = [Session.Mode.IN_PERSON] * 13 + [Session.Mode.ONLINE] * 4 + [Session.Mode.PHONE] * 3
# Open journeys have sessions booked up to two weeks ahead.
AHEAD = timedelta(days=14)


def seed_sessions(world: World) -> None:
    rng = world.rng
    total = world.counts["sessions"]
    journeys = world.journeys
    # Sessions fall to journeys by how long each has been going.
    ends = [_window_end(world, j) for j in journeys]
    weights = [(end - j.start).days + 30 for j, end in zip(journeys, ends, strict=True)]
    cumulative = list(accumulate(weights))
    kinds = fake.shuffled_quota(rng, total, KIND_SHARES)
    chunk = 20_000
    for offset in range(0, total, chunk):
        batch = kinds[offset : offset + chunk]
        for kind, index in zip(
            batch,
            rng.choices(range(len(journeys)), cum_weights=cumulative, k=len(batch)),
            strict=True,
        ):
            _session(world, kind, journeys[index], ends[index])


def _window_end(world: World, journey):
    if journey.end is not None:
        return journey.end
    return world.today + AHEAD if journey.status == Journey.Status.ACTIVE else world.today


def _session(world: World, kind: str, journey, window_end) -> None:
    rng = world.rng
    loader = world.loader
    org = journey.org
    day = world.day_between(journey.start, window_end)
    moment = world.moment(day, rng.randrange(0, 480, 15))
    staff = journey.lead if rng.random() < 0.8 else rng.choice(org.members)
    session_id = fake.new_uuid(rng)
    attending = [journey]
    if kind in GROUP_KINDS:
        wanted = rng.randint(3, 6)
        for other in rng.sample(org.journeys, min(12, len(org.journeys))):
            if len(attending) >= wanted:
                break
            if other is not journey and other.start <= day <= _window_end(world, other):
                attending.append(other)
    mode = rng.choice(MODES)
    if mode == Session.Mode.PHONE and kind in GROUP_KINDS:
        mode = Session.Mode.ONLINE
    past = day < world.today
    loader.add(
        Session(
            id=session_id,
            organisation_id=org.id,
            kind=kind,
            activity_id=world.terms["activity"][kind].pk,
            starts_at=moment,
            duration_minutes=rng.choice(MINUTES[kind]),
            mode=mode,
            staff_id=staff,
            topics=rng.choice(TOPICS[kind]),
            notes="" if rng.random() < 0.8 else "Follow up by phone next week.",
            created_by_id=staff,
            created_at=moment if past else world.now - timedelta(days=rng.randint(1, 10)),
        )
    )
    for attendee in attending:
        loader.add(Attendance(session_id=session_id, journey_id=attendee.id))
    if past and kind in AGREEING_KINDS:
        for _ in range(rng.choices([0, 1, 2], [45, 35, 20])[0]):
            _action(world, journey, session_id, staff, moment)


def _action(world: World, journey, session_id, staff, moment) -> None:
    rng = world.rng
    due = moment.date() + timedelta(days=rng.randint(7, 28))
    done = rng.random() < (0.88 if due < world.today else 0.3)
    done_at = None
    if done:
        done_at = min(
            moment + timedelta(days=rng.randint(1, (due - moment.date()).days + 7)),
            world.now - timedelta(minutes=1),
        )
    world.loader.add(
        Action(
            id=fake.new_uuid(rng),
            journey_id=journey.id,
            session_id=session_id,
            description=rng.choice(ACTIONS),
            owner=Action.Owner.ENTREPRENEUR if rng.random() < 0.75 else Action.Owner.STAFF,
            due_on=due,
            done_at=done_at,
            created_by_id=staff,
            created_at=min(moment + timedelta(hours=1), world.now - timedelta(minutes=1)),
        )
    )
