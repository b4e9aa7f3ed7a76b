"""Demo assumption checks: one rule of each kind on the shipped model's assumptions, so the
element pages of its processes, activities and impacts say whether the live data supports them.

Each rule is found by its section's slug and a few words of the assumption's text; one that
cannot be found (the model's wording changed) is skipped. Running it twice changes nothing.
"""

from insights.models import AssumptionRule
from logicmodel.models import Assumption

SHIPPED_MODEL = "empowering-places"

# (section slug, words in the assumption, kind, settings)
RULES = [
    (
        "processes",
        "work together",
        AssumptionRule.Kind.REFERRALS_ACCEPTED_WITHIN,
        {
            "days": 10,
            "share": 75,
            "description": "When organisations work together, referrals between them are "
            "accepted quickly: at least 75% within 10 days of being sent.",
        },
    ),
    (
        "activities",
        "lasting relationship",
        AssumptionRule.Kind.SESSIONS_BEFORE_MILESTONES,
        {
            "share": 60,
            "description": "Relational support comes before outcomes: at least 60% of the "
            "journeys that reach a milestone had a session of support first.",
        },
    ),
    (
        "impacts",
        "Community ties",
        AssumptionRule.Kind.WELLBEING_IMPROVES,
        {"question": "life_satisfaction"},
    ),
]


def seed_assumption_rules() -> list[AssumptionRule]:
    """One active rule of each kind on the shipped model, made once (the ones found)."""
    rules = []
    for section_slug, words, kind, settings in RULES:
        assumption = (
            Assumption.objects.filter(
                section__logic_model__slug=SHIPPED_MODEL,
                section__slug=section_slug,
                text__icontains=words,
            )
            .order_by("sort_order")
            .first()
        )
        if assumption is None:
            continue
        rule, _ = AssumptionRule.objects.get_or_create(
            assumption=assumption, kind=kind, defaults=settings
        )
        rules.append(rule)
    return rules
