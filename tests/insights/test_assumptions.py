"""Assumption checks: each kind of rule against hand-made data, the small-number rule, the
element page for a chosen place, the CMS for site editors, and the rules' own checks."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from demo.assumptions import seed_assumption_rules
from insights.assumptions import (
    NOT_ENOUGH_DATA,
    NOT_SUPPORTED,
    SUPPORTED,
    evaluate_rules,
)
from insights.models import AssumptionRule
from insights.periods import preset
from journeys.models import WellbeingCheck
from logicmodel.models import Assumption, Element
from referrals.models import Referral
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.journeys.factories import (
    JourneyFactory,
    MilestoneFactory,
    SessionFactory,
    WellbeingCheckFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START, END = date(2026, 1, 1), date(2026, 3, 31)
K = AssumptionRule.Kind
_numbers = itertools.count(1)


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def _referral(source, target, *, at, days_to_accept=None):
    referral = Referral.objects.create(
        reference=f"RF-A{next(_numbers):05d}",
        from_organisation=source,
        to_organisation=target,
        need="Help.",
        status=Referral.Status.SENT if days_to_accept is None else Referral.Status.ACCEPTED,
        accepted_at=None if days_to_accept is None else at + timedelta(days=days_to_accept),
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=at)  # auto_now_add ignores it
    return referral


def _assumption(section_slug="processes") -> Assumption:
    return Assumption.objects.filter(
        section__logic_model__slug="empowering-places", section__slug=section_slug
    ).first()


def _rule(kind, section_slug="processes", **settings) -> AssumptionRule:
    return AssumptionRule.objects.create(
        assumption=_assumption(section_slug), kind=kind, **settings
    )


def _check(rule, organisations, start=START, end=END):
    [check] = evaluate_rules(
        [rule], organisation_ids=[o.pk for o in organisations], start=start, end=end
    )
    return check.verdict, check.evidence


@pytest.fixture
def hubs(cast):
    return OrganisationFactory(name="Ours Hub"), OrganisationFactory(name="Elsewhere Hub")


# Referrals accepted within some days --------------------------------------------------------


@pytest.fixture
def nine_received(hubs):
    ours, elsewhere = hubs
    for days in [1, 2, 3, 5, 8, 9.5]:
        _referral(elsewhere, ours, at=_at(2026, 2, 10, 9, 0), days_to_accept=days)
    # 23:30 on 31/03 in London: still in the period; accepted exactly 10 days later.
    _referral(elsewhere, ours, at=_at(2026, 3, 31, 23, 30), days_to_accept=10)
    _referral(elsewhere, ours, at=_at(2026, 2, 11, 9, 0), days_to_accept=11)  # too slow
    _referral(elsewhere, ours, at=_at(2026, 2, 12, 9, 0))  # never accepted
    # Not counted: sent by us, and received before or after the period.
    _referral(ours, elsewhere, at=_at(2026, 2, 10, 9, 0), days_to_accept=1)
    _referral(elsewhere, ours, at=_at(2025, 12, 31, 23, 30), days_to_accept=1)
    _referral(elsewhere, ours, at=_at(2026, 4, 1, 0, 30), days_to_accept=1)


def test_it_gives_no_verdict_when_those_who_missed_it_are_few(hubs, nine_received):
    # 7 of 9 within 10 days would say that 2 were not: the 7 is withheld with the 2, and even
    # a verdict would say which side of the share they fall.
    for share in (75, 80):
        rule = _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=share)
        assert _check(rule, [hubs[0]]) == (
            NOT_ENOUGH_DATA,
            "Some of 9 referrals were accepted within 10 days of being sent (how many is withheld, "
            "so that a small number cannot be worked out).",
        )


def test_it_counts_every_organisations_referrals_without_a_set(hubs, nine_received):
    rule = _rule(K.REFERRALS_ACCEPTED_WITHIN, days=5, share=50)

    [check] = evaluate_rules([rule], organisation_ids=None, start=START, end=END)

    # Our one sent to elsewhere (accepted in a day) counts too: 5 of 10 within 5 days.
    assert check.verdict == SUPPORTED
    assert check.evidence == "5 of 10 referrals (50%) were accepted within 5 days of being sent."


def test_it_has_not_enough_data_with_fewer_than_5_referrals(hubs):
    ours, elsewhere = hubs
    for _ in range(4):
        _referral(elsewhere, ours, at=_at(2026, 2, 10, 9, 0), days_to_accept=1)
    rule = _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=50)

    assert _check(rule, [ours]) == (
        NOT_ENOUGH_DATA,
        "Fewer than 5 referrals were received in this period.",
    )
    assert _check(rule, [elsewhere]) == (
        NOT_ENOUGH_DATA,
        "No referrals were received in this period.",
    )


def test_it_gives_no_verdict_when_the_count_that_met_it_is_withheld(hubs):
    ours, elsewhere = hubs
    for days in [1, 2, 3, None, None, None]:
        _referral(elsewhere, ours, at=_at(2026, 2, 10, 9, 0), days_to_accept=days)
    rule = _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=40)

    # 3 of 6 (50%) would meet 40%, but saying so would give the 3 away.
    assert _check(rule, [ours]) == (
        NOT_ENOUGH_DATA,
        "Fewer than 5 of 6 referrals were accepted within 10 days of being sent.",
    )


def test_none_accepted_of_five_is_a_shown_zero(hubs):
    ours, elsewhere = hubs
    for _ in range(5):
        _referral(elsewhere, ours, at=_at(2026, 2, 10, 9, 0))
    rule = _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=1)

    assert _check(rule, [ours]) == (
        NOT_SUPPORTED,
        "0 of 5 referrals (0%) were accepted within 10 days of being sent.",
    )


def test_referral_rules_with_the_same_days_share_one_query(
    hubs, nine_received, django_assert_num_queries
):
    rules = [
        _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=75),
        _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=80),
        _rule(K.REFERRALS_ACCEPTED_WITHIN, days=2, share=10),
    ]
    with django_assert_num_queries(2):
        checks = evaluate_rules(rules, organisation_ids=[hubs[0].pk], start=START, end=END)

    assert [c.verdict for c in checks] == [NOT_ENOUGH_DATA, NOT_ENOUGH_DATA, NOT_ENOUGH_DATA]
    assert checks[2].evidence == (
        "Fewer than 5 of 9 referrals were accepted within 2 days of being sent."
    )


# Sessions before milestones -----------------------------------------------------------------


def _journey(organisation, *, session_on=None, milestones=()):
    journey = JourneyFactory(organisation=organisation, started_on=date(2025, 6, 1))
    if session_on is not None:
        SessionFactory(organisation=organisation, starts_at=session_on, journeys=[journey])
    for day in milestones:
        MilestoneFactory(journey=journey, achieved_on=day)
    return journey


def test_it_counts_journeys_whose_first_session_came_before_their_first_milestone(hubs):
    ours, elsewhere = hubs
    for _ in range(4):
        _journey(ours, session_on=_at(2026, 1, 5, 10), milestones=[date(2026, 2, 1)])
    # First milestone before the period, one in it: the session came before the first.
    _journey(
        ours, session_on=_at(2025, 10, 1, 10), milestones=[date(2025, 11, 1), date(2026, 3, 1)]
    )
    # Session on the day of the milestone: not before it. 00:30 on 01/02 is still 01/02 here.
    _journey(ours, session_on=_at(2026, 2, 1, 0, 30), milestones=[date(2026, 2, 1)])
    # A milestone with no session at all; a session only after the first milestone.
    _journey(ours, milestones=[date(2026, 2, 1)])
    _journey(ours, session_on=_at(2026, 3, 20, 10), milestones=[date(2026, 2, 1)])
    # Not counted: no milestone in the period; another organisation's journey.
    _journey(ours, session_on=_at(2025, 1, 5, 10), milestones=[date(2025, 6, 1)])
    _journey(elsewhere, session_on=_at(2026, 1, 5, 10), milestones=[date(2026, 2, 1)])

    # 5 of 8 had support first; the 3 who did not are few, so the 5 is withheld with them.
    assert _check(_rule(K.SESSIONS_BEFORE_MILESTONES, "activities", share=60), [ours]) == (
        NOT_ENOUGH_DATA,
        "Some of 8 journeys that reached a milestone had a session of support before their "
        "first milestone (how many is withheld, so that a small number cannot be worked out).",
    )
    # Two more with support first: 7 of 10, and the 3 without are... still few.
    for _ in range(2):
        _journey(ours, session_on=_at(2026, 1, 5, 10), milestones=[date(2026, 2, 1)])
    for _ in range(2):
        _journey(ours, milestones=[date(2026, 2, 1)])
    # Now 7 of 12 had support first and 5 did not: both shown.
    assert _check(_rule(K.SESSIONS_BEFORE_MILESTONES, "activities", share=55), [ours]) == (
        SUPPORTED,
        "7 of 12 journeys that reached a milestone (58%) had a session of support before "
        "their first milestone.",
    )
    assert _check(_rule(K.SESSIONS_BEFORE_MILESTONES, "activities", share=60), [ours])[0] == (
        NOT_SUPPORTED
    )


def test_it_has_not_enough_data_with_fewer_than_5_journeys_with_a_milestone(hubs):
    ours, _ = hubs
    for _ in range(4):
        _journey(ours, session_on=_at(2026, 1, 5, 10), milestones=[date(2026, 2, 1)])

    assert _check(_rule(K.SESSIONS_BEFORE_MILESTONES, "activities", share=50), [ours]) == (
        NOT_ENOUGH_DATA,
        "Fewer than 5 journeys reached a milestone in this period.",
    )


# Wellbeing improves -------------------------------------------------------------------------


def _wellbeing(organisation, before, after, *, anxiety=(4, 4)):
    journey = JourneyFactory(organisation=organisation, started_on=date(2025, 6, 1))
    WellbeingCheckFactory(
        journey=journey,
        occasion=WellbeingCheck.Occasion.START,
        taken_on=date(2025, 7, 1),
        life_satisfaction=before,
        anxiety=anxiety[0],
    )
    WellbeingCheckFactory(
        journey=journey,
        occasion=WellbeingCheck.Occasion.FOLLOW_UP,
        taken_on=date(2026, 2, 1),
        life_satisfaction=after,
        anxiety=anxiety[1],
    )


def test_it_supports_wellbeing_when_the_mean_change_is_above_nothing(hubs):
    ours, _ = hubs
    for before, after in [(4, 6), (5, 6), (7, 7), (3, 4), (6, 7)]:
        _wellbeing(ours, before, after, anxiety=(3, 5))

    assert _check(_rule(K.WELLBEING_IMPROVES, "impacts"), [ours]) == (
        SUPPORTED,
        "Among 5 people with a first and a follow-up check, life satisfaction changed by +1.0 "
        "on average (on a scale of 0 to 10).",
    )
    # Anxiety went up by 2: lower is better, so that is no improvement.
    assert _check(_rule(K.WELLBEING_IMPROVES, "impacts", question="anxiety"), [ours]) == (
        NOT_SUPPORTED,
        "Among 5 people with a first and a follow-up check, anxiety changed by +2.0 on average "
        "(on a scale of 0 to 10).",
    )


def test_no_change_in_wellbeing_does_not_support_it(hubs):
    ours, _ = hubs
    for before, after in [(4, 5), (5, 4), (7, 7), (3, 3), (6, 6)]:
        _wellbeing(ours, before, after)

    assert _check(_rule(K.WELLBEING_IMPROVES, "impacts"), [ours])[0] == NOT_SUPPORTED


def test_it_has_not_enough_data_on_wellbeing_from_fewer_than_5_people(hubs):
    ours, elsewhere = hubs
    for _ in range(4):
        _wellbeing(ours, 2, 9)

    rule = _rule(K.WELLBEING_IMPROVES, "impacts")
    assert _check(rule, [ours]) == (
        NOT_ENOUGH_DATA,
        "Fewer than 5 people had a first and a follow-up check.",
    )
    assert _check(rule, [elsewhere]) == (
        NOT_ENOUGH_DATA,
        "No one had a first and a follow-up check here yet.",
    )


# The element page ---------------------------------------------------------------------------


@pytest.fixture
def towns(cast):
    """Two places with a hub each, and a rule on the activities' relational assumption."""
    ours_place = PlaceFactory(name="Testtown", slug="testtown")
    other_place = PlaceFactory(name="Othertown", slug="othertown")
    ours = OrganisationFactory(name="Ours Hub", places=[ours_place])
    OrganisationFactory(name="Other Hub", places=[other_place])
    AssumptionRule.objects.create(
        assumption=_assumption("activities"),
        kind=K.SESSIONS_BEFORE_MILESTONES,
        share=60,
        description="Relational support comes before outcomes.",
    )
    AssumptionRule.objects.create(
        assumption=_assumption("activities"),
        kind=K.WELLBEING_IMPROVES,
        is_active=False,
        description="A rule set aside.",
    )
    period = preset("year", timezone.localdate())
    milestone_on = period.start + timedelta(days=40)
    session_at = datetime.combine(period.start + timedelta(days=10), datetime.min.time()).replace(
        hour=10, tzinfo=LONDON
    )
    for _ in range(8):
        _journey(ours, session_on=session_at, milestones=[milestone_on])
    for _ in range(5):  # as many as it takes for "did not" to be shown too
        _journey(ours, milestones=[milestone_on])
    return ours_place, other_place


def _element_url(slug="relational-approaches") -> str:
    return Element.objects.get(logic_model__slug="empowering-places", slug=slug).get_absolute_url()


def test_the_element_page_shows_the_verdict_for_the_chosen_place(towns, client):
    ours_place, other_place = towns

    html = client.get(_element_url(), {"place": ours_place.slug}).content.decode()

    assert "Relational support comes before outcomes." in html
    assert "The data supports it" in html
    assert (
        "8 of 13 journeys that reached a milestone (62%) had a session of support before their "
        "first milestone." in html
    )
    assert "A rule set aside." not in html

    html = client.get(_element_url(), {"place": other_place.slug}).content.decode()
    assert "Not enough data yet" in html
    assert "No journeys reached a milestone in this period." in html
    assert "The data supports it" not in html


def test_an_element_of_a_section_without_rules_shows_no_checks(towns, client):
    html = client.get(_element_url("create-a-referral-network")).content.decode()

    assert "The model&#x27;s assumptions" not in html
    assert "Not enough data yet" not in html


# A process element's page for a place: the element and its parts (6), the round choices (1),
# the place and its organisations (2), the referral figures (2), the stories' standing, counts
# and elements (4), the site's settings and links (4) and the list of places (1); then the
# assumption checks: the section's rules (1) and one query for each distinct number of days (2).
PROCESS_PAGE_QUERIES = 6 + 1 + 2 + 2 + 4 + 4 + 1 + 1 + 2


@pytest.mark.usefixtures("no_page_cache")
def test_the_element_page_runs_the_same_queries_for_3_referrals_and_30(
    cast, client, django_assert_num_queries
):
    place = PlaceFactory(name="Testtown", slug="testtown")
    ours = OrganisationFactory(name="Ours Hub", places=[place])
    elsewhere = OrganisationFactory(name="Elsewhere Hub")
    _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=50)
    _rule(K.REFERRALS_ACCEPTED_WITHIN, days=5, share=50)
    sent = timezone.now() - timedelta(days=40)
    url = _element_url("create-a-referral-network")
    for _ in range(3):
        _referral(elsewhere, ours, at=sent, days_to_accept=1)
    client.get(url, {"place": place.slug})
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        client.get(url, {"place": place.slug})
    for _ in range(27):
        _referral(elsewhere, ours, at=sent, days_to_accept=1)
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        html = client.get(url, {"place": place.slug}).content.decode()
    assert "30 of 30 referrals (100%) were accepted within 10 days of being sent." in html


# Editors in the CMS -------------------------------------------------------------------------


def test_site_editors_can_list_and_add_rules_in_the_cms(cast, client_for):
    _rule(K.REFERRALS_ACCEPTED_WITHIN, days=10, share=75)
    editor = client_for("editor")

    response = editor.get(reverse("wagtailsnippets_insights_assumptionrule:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Referrals are accepted within a number of days" in html
    assert "within 10 days, at least 75%" in html
    assert editor.get(reverse("wagtailsnippets_insights_assumptionrule:add")).status_code == 200


def test_people_without_the_cms_cannot_open_the_rules(cast, client_for):
    url = reverse("wagtailsnippets_insights_assumptionrule:list")

    assert client_for("staff_a").get(url).status_code == 302  # no CMS access: sent to sign in
    assert client_for("anonymous").get(url).status_code == 302


# The rules' own checks ----------------------------------------------------------------------


def _errors(**fields) -> dict:
    rule = AssumptionRule(assumption=_assumption(), **fields)
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    return raised.value.message_dict


def test_a_referral_rule_needs_its_days_and_share(cast):
    assert _errors(kind=K.REFERRALS_ACCEPTED_WITHIN) == {
        "days": ["Say within how many days referrals should be accepted."],
        "share": ["Say what percentage must meet it, from 1 to 100."],
    }


def test_the_share_is_a_percentage_and_the_days_positive(cast):
    errors = _errors(kind=K.REFERRALS_ACCEPTED_WITHIN, days=0, share=101)

    assert errors == {
        "days": ["Ensure this value is greater than or equal to 1."],
        "share": ["Ensure this value is less than or equal to 100."],
    }


def test_a_rule_refuses_settings_its_kind_does_not_use(cast):
    assert _errors(kind=K.SESSIONS_BEFORE_MILESTONES, days=3, share=50, question="happiness") == {
        "days": ["Leave this empty: only a rule about referrals has days."],
        "question": ["Leave this empty: only a wellbeing rule follows a question."],
    }
    assert _errors(kind=K.WELLBEING_IMPROVES, share=50) == {
        "share": ["Leave this empty: a wellbeing rule asks only that it improves."],
    }


def test_a_complete_rule_is_valid(cast):
    AssumptionRule(
        assumption=_assumption(), kind=K.SESSIONS_BEFORE_MILESTONES, share=60
    ).full_clean()
    AssumptionRule(assumption=_assumption(), kind=K.WELLBEING_IMPROVES).full_clean()


# The demo -----------------------------------------------------------------------------------


def test_the_demo_rules_can_be_seeded_twice(cast):
    seed_assumption_rules()
    seed_assumption_rules()

    rules = AssumptionRule.objects.select_related("assumption__section")
    assert sorted((r.assumption.section.slug, r.kind) for r in rules) == [
        ("activities", K.SESSIONS_BEFORE_MILESTONES),
        ("impacts", K.WELLBEING_IMPROVES),
        ("processes", K.REFERRALS_ACCEPTED_WITHIN),
    ]
    for rule in rules:
        rule.full_clean()
