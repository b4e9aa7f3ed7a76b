"""Referral figures for insights: raw counts for a set of organisations over a period."""

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from referrals.figures import place_network
from referrals.models import Referral
from referrals.selectors import referral_figures
from tests.ecosystem.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

S = Referral.Status
LONDON = ZoneInfo("Europe/London")
START, END = date(2026, 1, 1), date(2026, 3, 31)
# What referral_figures costs: the referrals grouped by pair, status and outcome; the waits.
FIGURES_QUERIES = 2

_numbers = itertools.count(1)


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def _referral(source, target, *, at=None, status=S.SENT, days_to_accept=None, outcome=""):
    created = at or _at(2026, 2, 10, 10, 0)
    referral = Referral.objects.create(
        reference=f"RF-I{next(_numbers):05d}",
        from_organisation=source,
        to_organisation=target,
        need="Help.",
        status=status,
        outcome=outcome,
        accepted_at=None if days_to_accept is None else created + timedelta(days=days_to_accept),
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=created)  # auto_now_add ignores it
    return referral


@pytest.fixture
def orgs(cast):
    return {
        "a": cast.hub_a,
        "b": cast.hub_b,
        "c": OrganisationFactory(name="Elsewhere Advice"),
        "d": OrganisationFactory(name="Elsewhere Lenders"),
    }


@pytest.fixture
def referrals(orgs):
    a, b, c, d = orgs["a"], orgs["b"], orgs["c"], orgs["d"]
    # In the period, with hub A or hub B at one end (seven).
    _referral(a, b, status=S.COMPLETED, days_to_accept=2, outcome="helped")
    _referral(a, b, status=S.ACCEPTED, days_to_accept=4)
    _referral(a, c, status=S.DECLINED)
    _referral(c, a, status=S.IN_PROGRESS, days_to_accept=1)
    # 23:30 on 31/03 in London is 22:30 UTC: still the last day of the period.
    _referral(b, d, status=S.EXPIRED, at=_at(2026, 3, 31, 23, 30))
    _referral(d, b, status=S.SENT, at=_at(2026, 1, 1, 0, 0))
    _referral(b, c, status=S.COMPLETED, days_to_accept=6, outcome="partly")
    # Outside the period: the evening before it starts, and the first minute after it ends.
    _referral(a, b, status=S.COMPLETED, days_to_accept=3, at=_at(2025, 12, 31, 23, 30))
    _referral(a, c, status=S.DECLINED, at=_at(2026, 4, 1, 0, 1))
    # Between two other organisations.
    _referral(c, d, status=S.COMPLETED, days_to_accept=10, outcome="not-helped")


def _values(counts) -> dict:
    return {c.key: c.value for c in counts}


def test_it_counts_the_sets_referrals_of_the_period(orgs, referrals):
    figures = referral_figures(organisation_ids=[orgs["a"].pk, orgs["b"].pk], start=START, end=END)

    assert figures.total == 7
    assert (figures.sent, figures.received) == (5, 4)
    assert (figures.accepted, figures.completed, figures.declined, figures.expired) == (4, 2, 1, 1)
    assert _values(figures.by_outcome) == {"helped": 1, "partly": 1, "not-helped": 0}
    assert figures.days_to_accept == (1.0, 2.0, 4.0, 6.0)
    assert (figures.median_days_to_accept, figures.days_to_accept_n) == (3.0, 4)
    # Hub A and hub B refer to each other, so each is at the other end of one of the set's.
    assert figures.organisations_connected == 4
    assert [(f.key, f.value) for f in figures.flows] == [("inside", 2), ("into", 2), ("out", 3)]


def test_every_status_and_outcome_has_a_row_in_the_choices_order(orgs, referrals):
    figures = referral_figures(organisation_ids=[orgs["a"].pk], start=START, end=END)

    assert [(c.key, c.label, c.value) for c in figures.by_status] == [
        ("sent", "Sent", 0),
        ("accepted", "Accepted", 1),
        ("declined", "Declined", 1),
        ("withdrawn", "Withdrawn", 0),
        ("in-progress", "In progress", 1),
        ("completed", "Completed", 1),
        ("closed", "Closed: no contact", 0),
        ("rerouted", "Passed to another organisation", 0),
        ("expired", "Expired: no answer", 0),
    ]
    assert [(c.key, c.label) for c in figures.by_outcome] == [
        ("helped", "Helped"),
        ("partly", "Partly helped"),
        ("not-helped", "Did not help"),
    ]


def test_one_organisations_figures_see_the_rest_of_the_set_as_elsewhere(orgs, referrals):
    figures = referral_figures(organisation_ids=[str(orgs["a"].pk)], start=START, end=END)

    assert (figures.total, figures.sent, figures.received) == (4, 3, 1)
    assert figures.organisations_connected == 2  # hub B and Elsewhere Advice
    assert _values(figures.flows) == {"inside": 0, "into": 1, "out": 3}
    assert figures.days_to_accept == (1.0, 2.0, 4.0)


def test_every_organisation_counts_every_referral_of_the_period_once(orgs, referrals):
    figures = referral_figures(organisation_ids=None, start=START, end=END)

    assert (figures.total, figures.sent, figures.received) == (8, 8, 8)
    assert _values(figures.flows) == {"inside": 8, "into": 0, "out": 0}
    assert _values(figures.by_outcome) == {"helped": 1, "partly": 1, "not-helped": 1}
    assert figures.median_days_to_accept == 4.0  # 1, 2, 4, 6, 10
    assert figures.organisations_connected == 4


def test_a_period_with_nothing_gives_zeros_on_every_row(orgs):
    figures = referral_figures(organisation_ids=[orgs["a"].pk], start=START, end=END)

    assert figures.total == figures.sent == figures.received == 0
    assert {c.value for c in figures.by_status} == {0}
    assert len(figures.by_status) == 9
    assert figures.median_days_to_accept is None and figures.days_to_accept_n == 0
    assert _values(figures.flows) == {"inside": 0, "into": 0, "out": 0}


def test_it_agrees_with_the_places_network_figures(cast, orgs, referrals):
    # Place A is served by hub A (hub B is in place B) and, here, a second organisation.
    advisers = OrganisationFactory(name="Wigan Advisers", places=[cast.place_a])
    _referral(advisers, orgs["a"], status=S.SENT)
    _referral(orgs["c"], advisers, status=S.COMPLETED, days_to_accept=5, outcome="helped")
    network = place_network(cast.place_a)
    local = [node.organisation.pk for node in network["local"]]

    figures = referral_figures(
        organisation_ids=local, start=date(2025, 1, 1), end=date(2026, 12, 31)
    )

    assert figures.total == network["total"] == 8
    assert [(c.label, c.value) for c in figures.by_outcome] == network["outcomes"]
    assert figures.received == sum(n.received for n in network["local"]) == 3
    assert figures.sent == sum(n.sent for n in network["local"]) == 6
    waits = sorted(w for n in network["organisations"] for w in n.days_to_accept)
    assert list(figures.days_to_accept) == waits


def test_it_costs_the_same_queries_for_a_few_referrals_or_many(orgs, django_assert_num_queries):
    a, b, c = orgs["a"], orgs["b"], orgs["c"]
    ids = [a.pk, b.pk]
    _referral(a, b, status=S.ACCEPTED, days_to_accept=1)
    _referral(c, a)
    with django_assert_num_queries(FIGURES_QUERIES):
        few = referral_figures(organisation_ids=ids, start=START, end=END)
    others = [OrganisationFactory() for _ in range(5)]
    statuses = [S.SENT, S.ACCEPTED, S.COMPLETED, S.DECLINED]
    for i in range(60):
        _referral(
            others[i % 5] if i % 2 else a,
            b if i % 2 else others[i % 5],
            status=statuses[i % 4],
            days_to_accept=i % 7 if statuses[i % 4] in (S.ACCEPTED, S.COMPLETED) else None,
            outcome="helped" if statuses[i % 4] == S.COMPLETED else "",
        )
    with django_assert_num_queries(FIGURES_QUERIES):
        many = referral_figures(organisation_ids=ids, start=START, end=END)

    assert (few.total, many.total) == (2, 62)
    assert many.organisations_connected == 8  # hub A, hub B, Elsewhere Advice and the five
