"""Scale data for referrals: sent between the organisations that keep records, each with its
status history, the receiver's journey for those accepted, and the two sides' messages.

Shaped as referrals.services leaves them: the copy of what the person agreed to share is made
by referrals.services.shared_copy; a referral unanswered for 30 days has expired; the copy is
cleared from those that ended without being accepted more than 30 days ago; a referral still
waiting was reminded about every five days.
"""

from datetime import timedelta

from django.conf import settings

from journeys.models import Client, Journey, Stage
from referrals.models import ConsentMethod, Referral, ReferralChange, ReferralMessage, Shared
from referrals.services import shared_copy

from . import fake
from .people import STARTED_REASON, stages_between, write_journey
from .world import JourneyPlan, OrgInfo, World

R = Referral.Status
STATUS_SHARES = {
    R.SENT: 3,
    R.ACCEPTED: 4,
    R.IN_PROGRESS: 7,
    R.COMPLETED: 19,
    R.CLOSED: 5,
    R.DECLINED: 20,
    R.WITHDRAWN: 12,
    R.REROUTED: 6,
    R.EXPIRED: 24,
}
TAKEN_ON = (R.ACCEPTED, R.IN_PROGRESS, R.COMPLETED, R.CLOSED)
EVERYTHING = [s.value for s in Shared]
NEEDS = {
    "hub": ["Coaching near where they live.", "A peer group of other people starting out."],
    "specialist": [
        "Advice on choosing a legal form.",
        "A small loan to buy equipment.",
        "Help writing co-operative rules.",
        "Bookkeeping set up before they start trading.",
    ],
    "business-partner": ["A room to run a trial class.", "Help from an accountant, pro bono."],
}
NOTES = {
    R.DECLINED: [
        "We lend only to ventures that are already trading.",
        "We have no places until next spring.",
        "This is outside what we do; try the council's business team.",
    ],
    R.WITHDRAWN: ["Found help locally.", "They decided to wait."],
    R.REROUTED: ["They know this best.", "Closer to where the person lives."],
    R.CLOSED: ["No reply to three calls.", "No answer to calls or emails."],
    R.COMPLETED: ["They found what they needed.", "Done, and they know where we are."],
}
MESSAGES = [
    "We have met them and agreed a plan.",
    "Thanks: could you send the notes from your last session?",
    "They start with us next week.",
    "A quick update: the loan application is in.",
    "Happy to talk it through on the phone.",
]
EXPIRE_AFTER = timedelta(days=settings.REFERRAL_EXPIRE_AFTER_DAYS)
REMIND_AFTER = timedelta(days=settings.REFERRAL_REMIND_AFTER_DAYS)
CLEAR_AFTER = timedelta(days=settings.REFERRAL_CLEAR_SHARED_AFTER_DAYS)
RECEIVER_WEIGHTS = {"hub": 1, "specialist": 2, "business-partner": 1}


def taken_on_count(total: int) -> int:
    """How many of total referrals are accepted (each makes a journey at the receiver)."""
    counts = fake.quotas(total, STATUS_SHARES)
    return sum(counts[s] for s in TAKEN_ON)


def seed_referrals(world: World) -> None:
    """Referrals from the journeys there are: first from those people started, then also from
    journeys that began with an earlier referral."""
    rng = world.rng
    total = world.counts["referrals"]
    statuses = fake.shuffled_quota(rng, total, STATUS_SHARES)
    reroutes = statuses.count(R.REROUTED)
    others = [s for s in statuses if s != R.REROUTED]
    # A rerouted referral goes on as a new one to a third organisation: these others are those.
    eligible = [i for i, s in enumerate(others) if s != R.SENT]
    continuations = set(rng.sample(eligible, reroutes))
    taken = set(Referral.objects.values_list("reference", flat=True))
    references = iter(fake.references(rng, "RF-", total, taken))
    maker = _Maker(world, references)
    first_pass = int(len(others) * 0.7)
    senders = list(world.journeys)
    for index, status in enumerate(others):
        if index == first_pass:
            senders = list(world.journeys)  # now with the journeys referrals started
            maker.open_senders = None
        maker.make(status, senders, rerouted_first=index in continuations)


class _Maker:
    def __init__(self, world: World, references):
        self.world = world
        self.rng = world.rng
        self.references = references
        self.holders = world.holders
        self.by_place = {}
        for org in self.holders:
            for place in org.places:
                self.by_place.setdefault(place.id, []).append(org)
        self.open_senders = None

    # Choosing who sends, who receives, and when ----------------------------------------------

    def _sender(self, senders: list[JourneyPlan], needed: timedelta, recent: bool):
        """A journey that was open long enough before now to have sent it, and a moment."""
        world, rng = self.world, self.rng
        if recent:
            if self.open_senders is None:
                self.open_senders = [j for j in senders if j.end is None]
            pool = self.open_senders
        else:
            pool = senders
        for _ in range(500):
            roll = rng.random()
            if roll < 0.03 and world.hub_a.journeys:
                journey = rng.choice(world.hub_a.journeys)
            elif roll < 0.04 and world.hub_b.journeys:
                journey = rng.choice(world.hub_b.journeys)
            else:
                journey = rng.choice(pool)
            if recent and journey.end is not None:
                continue
            # Whole days, with room to spare: whatever the hour, everything is over by now.
            first = journey.start + timedelta(days=1)
            last = min(journey.last_day(world.yesterday), world.today - timedelta(needed.days + 2))
            if recent:
                first = max(first, world.today - timedelta(days=27))
            if first <= last:
                return journey, world.at(world.day_between(first, last), rng.randrange(0, 480, 3))
        raise RuntimeError("No journey could have sent this referral.")

    def _receiver(self, journey: JourneyPlan, *, not_to=()) -> OrgInfo:
        world, rng = self.world, self.rng
        known = world.person_orgs.get(journey.person, set())
        excluded = {journey.org.index, *known, *(o.index for o in not_to)}
        if rng.random() < 0.015 and world.hub_a.index not in excluded:
            return world.hub_a
        nearby = self.by_place.get(journey.org.place.id, [])
        for _ in range(20):
            pool = nearby if nearby and rng.random() < 0.6 else self.holders
            org = rng.choices(pool, [RECEIVER_WEIGHTS[o.kind] for o in pool])[0]
            if org.index not in excluded:
                return org
        return next(o for o in self.holders if o.index not in excluded)

    # The history of one referral ---------------------------------------------------------------

    def _steps(self, status: str) -> list[tuple[str, timedelta, str]]:
        """The moves after "sent": (status, time since it was sent, who moved it)."""
        rng = self.rng

        def days(low, high):
            return timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))

        if status == R.SENT:
            return []
        if status == R.EXPIRED:
            return [(R.EXPIRED, EXPIRE_AFTER + timedelta(hours=rng.randint(1, 20)), "")]
        if status in (R.DECLINED, R.WITHDRAWN, R.REROUTED):
            side = "sender" if status == R.WITHDRAWN else "receiver"
            return [(status, days(1, 25), side)]
        accepted = days(1, 14)
        steps = [(R.ACCEPTED, accepted, "receiver")]
        moment = accepted
        if status == R.IN_PROGRESS or (status in (R.COMPLETED, R.CLOSED) and rng.random() < 0.6):
            moment += days(1, 10)
            steps.append((R.IN_PROGRESS, moment, "receiver"))
        if status == R.COMPLETED:
            steps.append((R.COMPLETED, moment + days(7, 90), "receiver"))
        if status == R.CLOSED:
            steps.append((R.CLOSED, moment + days(21, 90), "receiver"))
        return steps

    def make(self, status: str, senders: list[JourneyPlan], *, rerouted_first: bool) -> None:
        rng = self.rng
        steps = self._steps(status)
        needed = steps[-1][1] if steps else timedelta(0)
        if not rerouted_first:
            journey, sent = self._sender(senders, needed, recent=status == R.SENT)
            receiver = self._receiver(journey)
            self._write(status, steps, journey, receiver, sent)
            return
        # Sent to one organisation, passed on by it to a third, which answered as status says.
        passed = timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 6))
        journey, sent = self._sender(senders, passed + needed, recent=False)
        first = self._receiver(journey)
        second = self._receiver(journey, not_to=[first])
        actor = rng.choice(first.members)
        note = rng.choice(NOTES[R.REROUTED])
        new = self._write(
            status,
            steps,
            journey,
            second,
            sent + passed,
            created_by=actor,
            sent_note=f"Passed on by {first.name}. {note}",
        )
        self._write(
            R.REROUTED,
            [(R.REROUTED, passed, "receiver")],
            journey,
            first,
            sent,
            rerouted_to=new,
            note=note,
            actor=actor,
        )

    def _write(
        self,
        status,
        steps,
        journey: JourneyPlan,
        receiver: OrgInfo,
        sent,
        *,
        created_by=None,
        sent_note="",
        rerouted_to=None,
        note=None,
        actor=None,
    ) -> Referral:
        world, rng, loader = self.world, self.rng, self.world.loader
        sender_worker = created_by or journey.lead
        consent = rng.random() < 0.88
        scope = (
            EVERYTHING
            if rng.random() < 0.6
            else ["name", *rng.sample(EVERYTHING[1:], rng.randint(1, 3))]
        )
        scope = scope if consent else []
        reference = next(self.references)
        referral = Referral(
            id=fake.new_uuid(rng),
            reference=reference,
            from_organisation_id=journey.org.id,
            from_journey_id=journey.id,
            to_organisation_id=receiver.id,
            to_service_id=rng.choice(receiver.services)
            if receiver.services and rng.random() < 0.5
            else None,
            need=rng.choice(NEEDS[receiver.kind]),
            urgency=rng.choices(["routine", "soon", "urgent"], [70, 22, 8])[0],
            consent_given=consent,
            consent_method=rng.choice(ConsentMethod.values) if consent else "",
            consent_at=sent if consent else None,
            consent_recorded_by_id=sender_worker if consent else None,
            consent_scope=scope,
            shared=shared_copy(_as_saved(journey, sent.date()), scope) if consent else {},
            status=status,
            created_by_id=sender_worker,
            created_at=sent,
            rerouted_to=rerouted_to,
        )
        changes = [(R.SENT, sent, "", created_by or sender_worker, sent_note)]
        old, accepted_by = R.SENT, None
        for new, after, side in steps:
            moment = min(sent + after, world.now - timedelta(minutes=1))
            if new == R.EXPIRED:
                who = None
            elif side == "sender":
                who = journey.lead
            else:
                who = actor or rng.choice(receiver.members)
            text = note if note is not None else rng.choice(NOTES.get(new, [""]))
            if new == R.ACCEPTED:
                referral.accepted_at = moment
                accepted_by = who
            if new == R.DECLINED:
                referral.decline_reason = text
            if new == R.COMPLETED:
                referral.outcome = rng.choices(["helped", "partly", "not-helped"], [60, 25, 15])[0]
                referral.outcome_note = text
            if new == R.EXPIRED:
                text = "No answer in time."
            if new in (R.ACCEPTED, R.IN_PROGRESS):
                text = ""
            changes.append((new, moment, old, who, text))
            old = new
        ended_at = changes[-1][1]
        referral.updated_at = ended_at
        if status == R.SENT and world.now - sent >= REMIND_AFTER:
            periods = (world.now - sent) // REMIND_AFTER
            referral.last_reminded_at = sent + periods * REMIND_AFTER
        if status in Referral.ENDED_BEFORE_ACCEPTING and ended_at + CLEAR_AFTER < world.now:
            referral.shared = {}
            referral.shared_cleared_at = min(
                ended_at + CLEAR_AFTER + timedelta(hours=4), world.now - timedelta(minutes=1)
            )
        if status in TAKEN_ON:
            receiving = self._receiving_journey(referral, journey, receiver, accepted_by, changes)
            referral.receiving_journey_id = receiving.id
        loader.add(referral)
        for new, moment, old_status, who, text in changes:
            loader.add(
                ReferralChange(
                    id=fake.new_uuid(rng),
                    referral_id=referral.id,
                    from_status="" if new == R.SENT else old_status,
                    to_status=new,
                    note=text,
                    changed_by_id=who,
                    changed_at=moment,
                )
            )
        if status in TAKEN_ON:
            self._messages(referral, journey.org, receiver, ended_at)
        return referral

    def _receiving_journey(self, referral, journey, receiver, accepted_by, changes):
        """The receiver's journey with the person, filled from what was shared (as
        referrals.services.referral_accept makes it)."""
        world, rng = self.world, self.rng
        shared = referral.shared
        if referral.consent_given:
            person = journey.person
            world.person_orgs.setdefault(person, set()).add(receiver.index)
        else:
            person = world.new_person()
        start = referral.accepted_at.date()
        ended = {new: moment for new, moment, *_ in changes}
        status, end, close_reason = Journey.Status.ACTIVE, None, ""
        if referral.status == R.CLOSED:
            status, end = Journey.Status.CLOSED, ended[R.CLOSED].date()
            close_reason = Journey.CloseReason.NO_CONTACT
        elif referral.status == R.COMPLETED and rng.random() < 0.5:
            status = Journey.Status.CLOSED
            end = min(
                ended[R.COMPLETED].date() + timedelta(days=rng.randint(0, 30)), world.yesterday
            )
            close_reason = rng.choice(
                [Journey.CloseReason.MOVED_ON, Journey.CloseReason.TRADING_WELL]
            )
        first_stage = shared.get("stage_code") or Stage.ENQUIRY
        receiving = JourneyPlan(
            id=fake.new_uuid(rng),
            client_id=fake.new_uuid(rng),
            org=receiver,
            person=person,
            name=shared.get("name") or f"Anonymous enquiry {referral.reference}",
            email=shared.get("email", ""),
            phone=shared.get("phone", ""),
            contact_method=shared.get("contact_method_code") or "email",
            postcode=shared.get("postcode", ""),
            place=journey.place if shared.get("postcode") else None,
            kind="person",
            group_name="",
            barriers=[],
            venture=shared.get("venture") or referral.need[:80],
            description=shared.get("venture_description", ""),
            business_type=journey.business_type if shared.get("business_type_id") else None,
            stages=stages_between(world, first_stage, start, end or world.yesterday),
            start=start,
            end=end,
            status=status,
            lead=accepted_by,
        )
        write_journey(
            world,
            receiving,
            started_at=referral.accepted_at,
            first_reason=STARTED_REASON,
            close_reason=close_reason,
        )
        world.journeys.append(receiving)
        return receiving

    def _messages(self, referral, sender: OrgInfo, receiver: OrgInfo, ended_at) -> None:
        world, rng = self.world, self.rng
        count = 1 + (rng.random() < 0.5) + (rng.random() < 0.2)
        for n in range(count):
            org = receiver if n % 2 == 0 else sender
            span = max(int((ended_at - referral.accepted_at).total_seconds()), 60)
            world.loader.add(
                ReferralMessage(
                    id=fake.new_uuid(rng),
                    referral_id=referral.id,
                    organisation_id=org.id,
                    author_id=rng.choice(org.members),
                    body=rng.choice(MESSAGES),
                    created_at=referral.accepted_at + timedelta(seconds=rng.randrange(span)),
                )
            )


def _as_saved(journey: JourneyPlan, day) -> Journey:
    """The journey and record as they were when the referral was sent, unsaved, for
    referrals.services.shared_copy to copy from."""
    client = Client(
        kind=journey.kind,
        name=journey.name,
        group_name=journey.group_name,
        email=journey.email,
        phone=journey.phone,
        contact_method=journey.contact_method,
        postcode=journey.postcode,
        barriers=journey.barriers,
    )
    return Journey(
        client=client,
        venture_name=journey.venture,
        venture_description=journey.description,
        business_type=journey.business_type,
        stage=journey.stage_on(day),
    )
