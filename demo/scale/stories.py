"""Scale data for stories of change: each with the consent its person gave and its history
through the checks, shaped as stories.services leaves them. A few go on the website through
stories.publishing and an editor's approval, as in use, so the CMS holds their pages."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import override_settings

from stories.models import Consent, Story, StoryChange
from stories.services import CONSENT_WORDING, REVIEW_AFTER_DAYS
from stories.text import clean_story_html

from . import fake
from .world import World

St = Story.Status
STATUS_SHARES = {St.DRAFT: 8, St.SUBMITTED: 8, St.RETURNED: 4, St.APPROVED: 72, St.WITHDRAWN: 8}
LEVEL_SHARES = {Consent.Level.ORGANISATION: 30, Consent.Level.NETWORK: 45, Consent.Level.PUBLIC: 25}
HEADLINES = [
    "a first market stall that sold out",
    "the first paying customers",
    "registered at last",
    "a shop of our own",
    "two new jobs on the estate",
    "a loan that made it real",
    "confidence to keep going",
]
OPENINGS = [
    "{name} came to us with an idea and not much else.",
    "For years {name} had done this for friends and family.",
    "{name} was worried about what starting would mean for their benefits.",
]
MIDDLES = [
    "Working through the costs together, {venture} found a price that paid for their time.",
    "A trial stall showed people would pay, and two cafés asked about weekly orders.",
    "The peer circle helped them through a hard winter, and the plan held.",
]
ENDINGS = [
    "“We stopped asking whether it could work,” they said, “and started asking how big.”",
    "They now plan their month for the first time.",
    "Three neighbours have asked to help next time.",
]
RETURN_COMMENTS = [
    "Please say what changed for them, in their words if you can.",
    "Check they are happy for the area to be named.",
]
PUBLIC_TEXT = (
    "Someone in {place} turned an idea into a business with help from a local hub. "
    "Their first customers came from the street they live on."
)


def seed_stories(world: World) -> list:
    """The stories; returns those to be published once the rows are written (story id, actor)."""
    rng = world.rng
    total = world.counts["stories"]
    published = min(world.counts["case_studies"], total)
    statuses = fake.shuffled_quota(rng, total - published, STATUS_SHARES)
    statuses += ["publish"] * published
    recent = [j for j in world.journeys if j.last_day(world.today) >= world.today - timedelta(270)]
    to_publish = []
    for status in statuses:
        roll = rng.random()
        if status == "publish":
            journey = rng.choice(recent)
        elif roll < 0.03 and world.hub_a.journeys:
            journey = rng.choice(world.hub_a.journeys)
        elif roll < 0.04 and world.hub_b.journeys:
            journey = rng.choice(world.hub_b.journeys)
        else:
            journey = rng.choice(world.journeys)
        story_id = _story(world, journey, status)
        if status == "publish":
            to_publish.append((story_id, journey.org.manager))
    return to_publish


def _story(world: World, journey, status: str):
    rng = world.rng
    loader = world.loader
    org = journey.org
    publish = status == "publish"
    last = journey.last_day(world.yesterday)
    if publish:
        changed_on = world.day_between(max(journey.start, world.today - timedelta(270)), last)
    else:
        changed_on = world.day_between(journey.start, last)
    given_on = min(changed_on + timedelta(days=rng.randint(0, 14)), world.yesterday)
    level = (
        Consent.Level.PUBLIC
        if publish
        else rng.choices(list(LEVEL_SHARES), list(LEVEL_SHARES.values()))[0]
    )
    named = rng.random() < 0.45
    status = St.APPROVED if publish else status
    withdrawn = status == St.WITHDRAWN
    told_by = journey.lead
    moderator = rng.choice(org.members)
    created = world.at(given_on, rng.randrange(0, 420, 5))

    steps = [("", St.DRAFT, created, told_by, "")]
    moment = created
    if status != St.DRAFT:
        moment += timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 5))
        steps.append((St.DRAFT, St.SUBMITTED, moment, told_by, ""))
    if status == St.RETURNED:
        moment += timedelta(days=rng.randint(1, 14))
        steps.append((St.SUBMITTED, St.RETURNED, moment, moderator, rng.choice(RETURN_COMMENTS)))
    if status in (St.APPROVED, St.WITHDRAWN):
        moment += timedelta(days=rng.randint(1, 14))
        steps.append((St.SUBMITTED, St.APPROVED, moment, moderator, ""))
    if withdrawn:
        moment += timedelta(days=rng.randint(10, 200))
        steps.append((St.APPROVED, St.WITHDRAWN, moment, moderator, ""))
    steps = [
        (old, new, min(at, world.now - timedelta(minutes=1)), who, c)
        for old, new, at, who, c in steps
    ]

    first_name = journey.name.split(" ")[0]
    title = f"{journey.venture}: {rng.choice(HEADLINES)}"[:150]
    text = "\n\n".join(
        [
            rng.choice(OPENINGS).format(name=first_name),
            rng.choice(MIDDLES).format(venture=journey.venture),
            rng.choice(ENDINGS),
        ]
    )
    public = level == Consent.Level.PUBLIC and status == St.APPROVED and not named
    public = public and (publish or rng.random() < 0.5)
    place = journey.place or org.place
    story_id = fake.new_uuid(rng)
    loader.add(
        Story(
            id=story_id,
            title="Story withdrawn" if withdrawn else title,
            narrative="" if withdrawn else clean_story_html(text),
            teller=Story.Teller.ENTREPRENEUR if rng.random() < 0.15 else Story.Teller.STAFF,
            told_by_id=told_by,
            organisation_id=org.id,
            place_id=place.id,
            journey_id=journey.id,
            stage=journey.stage_on(changed_on),
            changed_on=changed_on,
            status=status,
            public_title="A business that started on its own street" if public else "",
            public_text=clean_story_html(PUBLIC_TEXT.format(place=place.name)) if public else "",
            public_text_approved_by_id=moderator if public else None,
            public_text_approved_at=steps[-1][2] if public else None,
            created_at=created,
            updated_at=steps[-1][2],
        )
    )
    loader.add(
        Consent(
            id=fake.new_uuid(rng),
            story_id=story_id,
            level=level,
            named=named,
            given_by=journey.name,
            method=rng.choice(Consent.Method.values),
            given_on=given_on,
            wording=CONSENT_WORDING,
            review_on=given_on + timedelta(days=REVIEW_AFTER_DAYS),
            recorded_by_id=told_by,
            withdrawn_at=steps[-1][2] if withdrawn else None,
            withdrawn_by_id=moderator if withdrawn else None,
            withdrawal_method=rng.choice(Consent.Method.values) if withdrawn else "",
        )
    )
    for old, new, at, who, comment in steps:
        loader.add(
            StoryChange(
                id=fake.new_uuid(rng),
                story_id=story_id,
                from_status=old,
                to_status=new,
                comment="" if withdrawn else comment,
                changed_by_id=who,
                changed_at=at,
            )
        )
    if not withdrawn:
        for theme in rng.sample(world.terms["themes"], rng.randint(1, 2)):
            loader.add(Story.themes.through(story_id=story_id, theme_id=theme.pk))
        for element in rng.sample(
            world.terms["outcomes"], rng.randint(0 if status == St.DRAFT else 1, 3)
        ):
            loader.add(Story.elements.through(story_id=story_id, element_id=element.pk))
    return story_id


@override_settings(OUTBOX_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def publish_case_studies(to_publish: list, *, editor) -> int:
    """Send each story to the website and approve it in the editors' review, as an editor
    would in the CMS (approving the last task publishes the page)."""
    from wagtail.log_actions import LogContext

    from stories.publishing import case_study_send

    users = get_user_model().objects.in_bulk({actor for _, actor in to_publish})
    for story_id, actor in to_publish:
        story = Story.objects.get(pk=story_id)
        page = case_study_send(story=story, actor=users[actor])
        task_state = page.current_workflow_state.current_task_state
        with LogContext(user=editor):
            task_state.task.specific.on_action(task_state, editor, "approve")
    return len(to_publish)
