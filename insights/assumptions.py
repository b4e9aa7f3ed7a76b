"""Checks of the model's assumptions against live data: what each kind of rule asks, and what
the figures of a place and period say about it.

Every figure is suppressed before it is used (core.suppression), and a verdict never rests on
a figure that is withheld: when a count is withheld, or fewer than 5 records stand behind a
rule, the check says there is not enough data. Each selector runs once per distinct setting,
however many rules share it.
"""

from dataclasses import dataclass
from datetime import date

from core import suppression
from journeys import selectors as journeys
from referrals import selectors as referrals

from .models import WELLBEING_QUESTION_CHOICES, AssumptionRule

SUPPORTED = "supported"
NOT_SUPPORTED = "not supported"
NOT_ENOUGH_DATA = "not enough data"

# How each verdict shows on an element page: a badge tone and its words.
BADGES = {
    SUPPORTED: ("success", "The data supports it"),
    NOT_SUPPORTED: ("warning", "The data does not support it"),
    NOT_ENOUGH_DATA: ("secondary", "Not enough data yet"),
}

Kind = AssumptionRule.Kind
QUESTION_WORDS = dict(WELLBEING_QUESTION_CHOICES)
LOWER_IS_BETTER = {key for key, _, lower in journeys.WELLBEING_QUESTIONS if lower}


@dataclass(frozen=True)
class Check:
    """What the data says about one rule: its verdict and the sentence of evidence behind it."""

    rule: AssumptionRule
    verdict: str
    evidence: str

    @property
    def badge_tone(self) -> str:
        return BADGES[self.verdict][0]

    @property
    def badge_text(self) -> str:
        return BADGES[self.verdict][1]

    @property
    def statement(self) -> str:
        return rule_statement(self.rule)


def rule_statement(rule: AssumptionRule) -> str:
    """What the rule checks, in plain words: the editors' own, or one made from its settings."""
    if rule.description:
        return rule.description
    if rule.kind == Kind.REFERRALS_ACCEPTED_WITHIN:
        return f"At least {rule.share}% of referrals are accepted within {rule.days} days."
    if rule.kind == Kind.SESSIONS_BEFORE_MILESTONES:
        return (
            f"At least {rule.share}% of journeys that reach a milestone had a session of "
            "support before their first milestone."
        )
    question = QUESTION_WORDS[rule.wellbeing_question].removesuffix(" (lower is better)")
    direction = "falls" if rule.wellbeing_question in LOWER_IS_BETTER else "rises"
    return f"{question} {direction} on average between the first and the latest check."


def _share(rule, numerator: int, denominator: int, *, few: str, none: str, sentence: str):
    """A verdict on "at least share% of them". Those who did and those who did not are suppressed
    together with their total, so "7 of 9" is never shown when it would give away the 2."""
    split = suppression.series([numerator, denominator - numerator], labels=["did", "did not"])
    top, bottom = split.rows[0].cells[0], split.totals.cells[0]
    if denominator == 0:
        return Check(rule, NOT_ENOUGH_DATA, none)
    if bottom.withheld:
        return Check(rule, NOT_ENOUGH_DATA, few)
    percent = suppression.rate(top, bottom)
    evidence = _capitalised(
        sentence.format(
            top="some" if top.withheld and top.text != suppression.FEWER else top.text,
            bottom=bottom.text,
            percent="" if percent.withheld else f" ({percent.text})",
        )
    )
    if top.withheld and top.text != suppression.FEWER:
        evidence = (
            evidence[:-1] + " (how many is withheld, so that a small number cannot be worked out)."
        )
    # Even a verdict narrows a withheld figure (which side of the share it is), so there is none.
    if top.withheld or percent.withheld:
        return Check(rule, NOT_ENOUGH_DATA, evidence)
    meets = 100 * numerator >= rule.share * denominator
    return Check(rule, SUPPORTED if meets else NOT_SUPPORTED, evidence)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_referrals_accepted_within(rule, figures: referrals.AcceptedWithinFigures) -> Check:
    return _share(
        rule,
        figures.accepted_within,
        figures.received,
        none="No referrals were received in this period.",
        few="Fewer than 5 referrals were received in this period.",
        sentence="{top} of {bottom} referrals{percent} were accepted within "
        f"{figures.days} days of being sent.",
    )


def check_sessions_before_milestones(rule, figures: journeys.SupportFirstFigures) -> Check:
    return _share(
        rule,
        figures.support_first,
        figures.journeys,
        none="No journeys reached a milestone in this period.",
        few="Fewer than 5 journeys reached a milestone in this period.",
        sentence="{top} of {bottom} journeys that reached a milestone{percent} had a session "
        "of support before their first milestone.",
    )


def check_wellbeing_improves(rule, figures: journeys.WellbeingFigures) -> Check:
    question = next(q for q in figures.questions if q.key == rule.wellbeing_question)
    people = suppression.count(question.n)
    if question.n == 0:
        return Check(rule, NOT_ENOUGH_DATA, "No one had a first and a follow-up check here yet.")
    if people.withheld:
        return Check(
            rule, NOT_ENOUGH_DATA, "Fewer than 5 people had a first and a follow-up check."
        )
    change = round(question.change, 1) if question.change is not None else None
    mean = suppression.people(change, question.n)
    if mean.withheld:
        return Check(rule, NOT_ENOUGH_DATA, "Too few people had a first and a follow-up check.")
    words = QUESTION_WORDS[question.key].removesuffix(" (lower is better)").lower()
    evidence = (
        f"Among {people.text} people with a first and a follow-up check, {words} changed by "
        f"{change:+.1f} on average (on a scale of 0 to 10)."
    )
    better = change < 0 if question.key in LOWER_IS_BETTER else change > 0
    return Check(rule, SUPPORTED if better else NOT_SUPPORTED, evidence)


def evaluate_rules(rules, *, organisation_ids: list | None, start: date, end: date) -> list[Check]:
    """A check for each rule, in the order given, for these organisations and the period.

    A selector runs once for each distinct setting it needs (one query each).
    """
    span = {"organisation_ids": organisation_ids, "start": start, "end": end}
    figures: dict = {}

    def once(key, read):
        if key not in figures:
            figures[key] = read()
        return figures[key]

    checks = []
    for rule in rules:
        if rule.kind == Kind.REFERRALS_ACCEPTED_WITHIN:
            got = once(
                (rule.kind, rule.days),
                lambda r=rule: referrals.accepted_within_figures(**span, days=r.days),
            )
            checks.append(check_referrals_accepted_within(rule, got))
        elif rule.kind == Kind.SESSIONS_BEFORE_MILESTONES:
            got = once(rule.kind, lambda: journeys.support_first_figures(**span))
            checks.append(check_sessions_before_milestones(rule, got))
        elif rule.kind == Kind.WELLBEING_IMPROVES:
            got = once(rule.kind, lambda: journeys.wellbeing_figures(**span))
            checks.append(check_wellbeing_improves(rule, got))
    return checks
