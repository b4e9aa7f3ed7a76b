"""Demo most significant change rounds: a closed round at hub A for last quarter with the
panel's choices, and an open round for the whole network.

Hub A's round is convened by its manager with a member of staff on the panel; its manager
closed it, so they see how to reopen it. The network's round is convened by the site editor,
with a peer member and the commissioner on the panel.

The choices are made only from stories the round's panel could choose (stories.rounds
.round_candidates), published case studies first, so the demo's choices show on the
model's element pages when the demo has such stories; with none, the round simply has no
choices. Records are written directly (no emails); running it twice changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from ecosystem.models import Organisation
from stories.models import RoundEvent, Selection, SelectionRound, Story
from stories.rounds.selectors import last_quarter, round_candidates
from stories.selectors import outcome_domains

from .directory import HUB_A

NETWORK_TITLE = "The whole network: the past year"

# Why the panel chose a story, by domain number (the model's 5a ... 6b).
REASONS = {
    "5a": "It shows partners working together for one person in a way none of them could alone, "
    "and the panel heard the same thing from other stories this quarter.",
    "5b": "The change has lasted: months later the person is still trading and others are "
    "following their lead. The panel thought it the clearest sign of support taking root.",
    "5c": "It shows money and skills staying in the place, which the panel rarely sees so plainly.",
    "6a": "The person's own words show how much wider their choices are now. The panel found it "
    "the most moving and the most specific story of the period.",
    "6b": "It reaches beyond one business: neighbours, suppliers and a community group all "
    "benefit, which is the kind of wider change the model hopes for.",
}
REASON = "The panel agreed it was the clearest example of this change in the period."


def seed_rounds(*, users: dict | None = None) -> dict:
    """Hub A's closed round for last quarter (with choices where there are stories to choose)
    and an open network round, each with its convenor and panel; return them by key."""
    users = users or {}
    hub_a = Organisation.objects.filter(slug=HUB_A).first()
    if hub_a is None:
        return {}
    today = timezone.localdate()
    start, end = last_quarter(today)
    closed, _ = SelectionRound.objects.get_or_create(
        panel=SelectionRound.Panel.ORGANISATION,
        organisation=hub_a,
        period_start=start,
        period_end=end,
        defaults={
            "title": f"{hub_a.name}: {start:%B} to {end:%B %Y}",
            "status": SelectionRound.Status.CLOSED,
            "created_by": users.get("manager_a"),
        },
    )
    _name_panel(closed, users, convenor="manager_a", members=["staff_a"])
    _choose(closed, chooser=users.get("manager_a"))
    if closed.convenor and not closed.events.filter(action=RoundEvent.Action.CLOSED).exists():
        RoundEvent.objects.create(round=closed, action=RoundEvent.Action.CLOSED, by=closed.convenor)
    network, _ = SelectionRound.objects.get_or_create(
        panel=SelectionRound.Panel.NETWORK,
        title=NETWORK_TITLE,
        defaults={
            "period_start": today - timedelta(days=365),
            "period_end": today,
            "created_by": users.get("editor"),
        },
    )
    _name_panel(network, users, convenor="editor", members=["peer", "commissioner"])
    return {"closed": closed, "network": network}


def _name_panel(selection_round: SelectionRound, users: dict, *, convenor, members) -> None:
    """The round's convenor, on its panel with the others named (those in the demo)."""
    person = users.get(convenor)
    if person is None:
        return
    if selection_round.convenor_id is None:
        selection_round.convenor = person
        selection_round.save(update_fields=["convenor"])
    chosen = [person, *(users[key] for key in members if key in users)]
    selection_round.panel_members.add(*chosen)


def _choose(selection_round: SelectionRound, *, chooser) -> None:
    """For each domain without a choice, the best candidate not yet chosen for another."""
    chosen = set(selection_round.selections.values_list("story_id", flat=True))
    taken = set(selection_round.selections.values_list("domain_id", flat=True))
    for domain in outcome_domains():
        if domain.pk in taken:
            continue
        candidates = sorted(
            round_candidates(selection_round, [domain]).exclude(pk__in=chosen),
            key=lambda story: story.status != Story.Status.PUBLISHED,
        )
        if not candidates:
            continue
        story = candidates[0]
        Selection.objects.create(
            round=selection_round,
            domain=domain,
            story=story,
            reason=REASONS.get(domain.number, REASON),
            selected_by=chooser,
        )
        chosen.add(story.pk)
