"""Checklist figures for insights: where organisations stand against the model, column by
column, by their latest complete assessment, and how far they moved since the one before."""

import datetime

import pytest

from logicmodel.assessments.selectors import checklist_figures
from logicmodel.assessments.services import assessment_complete
from tests.ecosystem.factories import OrganisationFactory
from tests.logicmodel.test_assessments_support import columns, items_of, national_model, score
from tests.logicmodel.test_assessments_support import start as start_assessment

pytestmark = pytest.mark.django_db

# The organisations, the model's columns, the latest two complete assessments of each, and
# assessment_scores' items per column and answers; one more to find the national model.
QUERIES_WITH_MODEL = 5
QUERIES = 6
BANDS = ["0-24", "25-49", "50-74", "75-100", "not-assessed"]


def _assessed(subject, on, *, vision=(), conditions=(), complete=True):
    """An assessment scoring the first items of the first two columns as listed."""
    vision_column, conditions_column = columns()[:2]
    assessment = start_assessment(subject, on=on)
    items = items_of(vision_column)[: len(vision)] + items_of(conditions_column)[: len(conditions)]
    score(assessment, items, [*vision, *conditions])
    return assessment_complete(assessment=assessment) if complete else assessment


@pytest.fixture
def orgs(cast):
    return {
        "a": cast.hub_a,
        "b": cast.hub_b,
        "x": OrganisationFactory(name="Assessed Twice"),
        "y": OrganisationFactory(name="Never Assessed"),
        "z": OrganisationFactory(name="Not In The Set"),
    }


@pytest.fixture
def assessments(cast, orgs):
    d = datetime.date
    # Hub A: three complete assessments (the oldest is too old to count) and a newer draft.
    _assessed(orgs["a"], d(2024, 6, 1), vision=["in-place"] * 4, conditions=["in-place"])
    _assessed(orgs["a"], d(2025, 1, 10), vision=["not-yet"] * 4, conditions=["in-place"])
    _assessed(
        orgs["a"],
        d(2025, 6, 10),
        vision=["in-place", "in-place", "partly", "not-yet"],  # 5 of 8 points: 63%
        conditions=["partly"],  # 50%
    )
    _assessed(orgs["a"], d(2025, 9, 1), vision=["in-place"] * 4, complete=False)
    # Hub B: one, scoring only vision.
    _assessed(orgs["b"], d(2025, 5, 1), vision=["in-place", "in-place"])
    # Assessed twice: vision from 50% down to 25%.
    _assessed(orgs["x"], d(2025, 2, 1), vision=["partly", "partly"])
    _assessed(orgs["x"], d(2025, 7, 1), vision=["partly", "not-yet"])
    # Outside the set, and a place's own assessment: neither counts.
    _assessed(orgs["z"], d(2025, 7, 1), vision=["not-yet"] * 3)
    _assessed(cast.place_a, d(2025, 7, 1), vision=["not-yet"] * 3)


def _ids(orgs, *keys):
    return [orgs[k].pk for k in keys]


def _bands(column) -> dict:
    return {c.key: c.value for c in column.bands}


def test_each_column_counts_organisations_by_band_of_their_latest_assessment(orgs, assessments):
    figures = checklist_figures(organisation_ids=_ids(orgs, "a", "b", "x", "y"))

    assert (figures.organisations, figures.assessed) == (4, 3)
    assert figures.logic_model == national_model()
    vision, conditions, *others = figures.columns
    assert (vision.key, vision.title) == ("vision-and-purpose", "National vision and purpose")
    assert [(c.key, c.label, c.value) for c in vision.bands] == [
        ("0-24", "0\u201324%", 0),
        ("25-49", "25\u201349%", 1),
        ("50-74", "50\u201374%", 1),
        ("75-100", "75\u2013100%", 1),
        ("not-assessed", "Not assessed", 1),
    ]
    # Hub A went from 0% to 63%, the other from 50% to 25%; hub B has nothing to compare.
    assert (vision.mean_change, vision.n) == (19.0, 2)
    assert _bands(conditions) == {
        "0-24": 0,
        "25-49": 0,
        "50-74": 1,
        "75-100": 0,
        "not-assessed": 3,
    }
    assert (conditions.mean_change, conditions.n) == (-50.0, 1)
    assert [c.key for c in others] == ["processes-and-activities", "outcomes", "impact"]
    for column in others:
        assert _bands(column)["not-assessed"] == 4
        assert (column.mean_change, column.n) == (None, 0)


def test_the_whole_model_is_banded_too(orgs, assessments):
    figures = checklist_figures(organisation_ids=_ids(orgs, "a", "b", "x", "y"))

    total = figures.total
    assert (total.key, total.title) == ("all", "All columns")
    # Hub A 6 of 10 points (60%, from 20%), hub B 100%, the other 25% (from 50%).
    assert _bands(total) == {"0-24": 0, "25-49": 1, "50-74": 1, "75-100": 1, "not-assessed": 1}
    assert (total.mean_change, total.n) == (7.5, 2)
    assert figures.own is None


def test_one_organisation_also_gets_its_own_scores(orgs, assessments):
    figures = checklist_figures(organisation_ids=[orgs["a"].pk])

    own = figures.own
    assert (own.assessed_on, own.previous_on) == (
        datetime.date(2025, 6, 10),
        datetime.date(2025, 1, 10),
    )
    vision, conditions, processes, *_ = own.columns
    assert (vision.percent, vision.previous_percent, vision.change) == (63, 0, 63)
    assert (conditions.percent, conditions.previous_percent, conditions.change) == (50, 100, -50)
    assert (processes.percent, processes.change) == (None, None)
    assert (own.total.percent, own.total.previous_percent, own.total.change) == (60, 20, 40)
    assert _bands(figures.columns[0])["50-74"] == 1


def test_an_organisation_never_assessed_is_not_assessed_everywhere(orgs, assessments):
    figures = checklist_figures(organisation_ids=[str(orgs["y"].pk)])

    assert (figures.organisations, figures.assessed) == (1, 0)
    assert figures.own.assessed_on is None and figures.own.total.percent is None
    for column in [*figures.columns, figures.total]:
        assert [c.value for c in column.bands] == [0, 0, 0, 0, 1]


def test_every_organisation_counts_each_organisations_latest_once(orgs, assessments):
    figures = checklist_figures(organisation_ids=None)

    # The cast's three organisations and the three made here; four of them assessed.
    assert (figures.organisations, figures.assessed) == (6, 4)
    assert _bands(figures.columns[0]) == {
        "0-24": 1,
        "25-49": 1,
        "50-74": 1,
        "75-100": 1,
        "not-assessed": 2,
    }


def test_it_costs_the_same_queries_for_a_few_organisations_or_many(orgs, django_assert_num_queries):
    model = national_model()
    _assessed(orgs["a"], datetime.date(2025, 1, 10), vision=["partly"])
    _assessed(orgs["a"], datetime.date(2025, 6, 10), vision=["in-place"])
    ids = _ids(orgs, "a", "b")
    with django_assert_num_queries(QUERIES):
        few = checklist_figures(organisation_ids=ids)
    with django_assert_num_queries(QUERIES_WITH_MODEL):
        checklist_figures(organisation_ids=ids, logic_model=model)

    for i in range(12):
        organisation = OrganisationFactory()
        ids.append(organisation.pk)
        for month in (1, 4, 8):
            _assessed(
                organisation,
                datetime.date(2025, month, 1),
                vision=["partly", "in-place", "not-yet"][: 1 + (i + month) % 3],
                conditions=["partly"] * (i % 2),
            )
    with django_assert_num_queries(QUERIES):
        many = checklist_figures(organisation_ids=ids)
    with django_assert_num_queries(QUERIES_WITH_MODEL):
        checklist_figures(organisation_ids=ids, logic_model=model)

    assert (few.assessed, many.assessed, many.organisations) == (1, 13, 14)
    assert (few.columns[0].mean_change, few.columns[0].n) == (50.0, 1)
    assert many.columns[0].n == 13
