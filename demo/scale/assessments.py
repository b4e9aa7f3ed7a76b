"""Scale data for regular reflection: organisations' checklist assessments against the national
model over three years, most complete (every item scored), the latest sometimes in progress,
shaped as logicmodel.assessments.services leaves them."""

from collections import Counter
from datetime import timedelta

from logicmodel.models import Assessment, AssessmentAnswer

from . import fake
from .world import World

SCORES = [s.value for s in AssessmentAnswer.Score]
SUMMARIES = [
    "Our coaching offer and referral network are in place. Next: premises and finance.",
    "We know our place better now; we want more stories of change shared with commissioners.",
]
ASSESSOR_WEIGHTS = {"hub": 4, "specialist": 1, "business-partner": 0.5}


def seed_assessments(world: World) -> None:
    rng = world.rng
    total = world.counts["assessments"]
    items = world.terms["checklist_items"]
    assessors = [o for o in world.holders if o is not world.hub_b]
    hub_a_share = round(total * 0.005)
    scale = [o for o in assessors if o is not world.hub_a]
    chosen = [world.hub_a] * hub_a_share + rng.choices(
        scale, [ASSESSOR_WEIGHTS[o.kind] for o in scale], k=total - hub_a_share
    )
    per_org = Counter(org.index for org in chosen)
    for org in sorted({org.index: org for org in chosen}.values(), key=lambda o: o.index):
        count = per_org[org.index]
        # Spread over the three years, oldest first, each better than the one before.
        step = max(1, (world.today - world.first_day).days // (count + 1))
        for n in range(count):
            day = min(
                world.first_day + timedelta(days=step * (n + 1) + rng.randint(0, step // 2)),
                world.today - timedelta(days=1),
            )
            latest = n == count - 1
            draft = latest and rng.random() < 0.3
            _assessment(world, org, day, items, improvement=min(2, n // 2), draft=draft)


def _assessment(world: World, org, day, items, *, improvement: int, draft: bool) -> None:
    rng = world.rng
    created = world.at(day, rng.randrange(0, 420, 5))
    summary = "" if draft or rng.random() < 0.5 else rng.choice(SUMMARIES)
    assessment = Assessment(
        id=fake.new_uuid(rng),
        logic_model_id=world.terms["national"].pk,
        organisation_id=org.id,
        title=f"Reflection, {day:%B %Y}",
        assessed_on=day,
        status=Assessment.Status.DRAFT if draft else Assessment.Status.COMPLETE,
        summary=summary,
        summary_is_public=bool(summary) and rng.random() < 0.4,
        created_by_id=org.manager,
        created_at=created,
        updated_at=created + timedelta(hours=rng.randint(1, 48)),
    )
    assessment.updated_at = min(assessment.updated_at, world.now - timedelta(minutes=1))
    world.loader.add(assessment)
    answered = items if not draft else items[: len(items) // 2]
    for item_id in answered:
        score = SCORES[min(2, rng.randrange(3) + improvement)]
        world.loader.add(
            AssessmentAnswer(
                id=fake.new_uuid(rng), assessment_id=assessment.id, item_id=item_id, score=score
            )
        )
