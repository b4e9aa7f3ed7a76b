"""Regular reflection's services and selectors: scoring maths, starting, answering, completing, comparing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from logicmodel.assessments.selectors import (
    assessment_comparison,
    assessment_scores,
    column_checklist,
    progress_by_column,
    score_percent,
    scores_of,
)
from logicmodel.assessments.services import (
    Answer,
    assessment_answer,
    assessment_complete,
    assessment_reopen,
    assessment_share_summary,
    assessment_start,
)
from logicmodel.models import Assessment, AssessmentAnswer, ChecklistItem, Element, LogicModel
from tests.logicmodel.test_assessments_support import (
    columns,
    items_of,
    national_model,
    score,
    start,
)

pytestmark = pytest.mark.django_db


# Scoring maths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "answered", "percent"),
    [
        (0, 0, None),  # nothing answered: no score, not 0%
        (0, 4, 0),
        (8, 4, 100),
        (4, 4, 50),
        (3, 4, 38),  # 37.5 rounds half up
        (1, 3, 17),  # 16.67
        (2, 3, 33),  # 33.33
        (5, 3, 83),  # 83.33
    ],
)
def test_it_scores_points_over_the_most_the_answered_items_could_score(points, answered, percent):
    assert score_percent(points, answered) == percent


def test_it_scores_each_column_from_its_answered_items_only(cast):
    assessment = start(cast.hub_a)
    vision, conditions, *_ = columns()
    score(assessment, items_of(vision)[:3], ["in-place", "partly", "not-yet"])
    score(assessment, items_of(conditions)[:2], ["in-place", "in-place"])

    scores = scores_of(assessment)

    by_slug = {s.column.slug: s for s in scores.columns}
    assert [s.column.slug for s in scores.columns] == [c.slug for c in columns()]
    assert (by_slug[vision.slug].answered, by_slug[vision.slug].points) == (3, 3)
    assert by_slug[vision.slug].max_points == 6
    assert by_slug[vision.slug].percent == 50
    assert by_slug[vision.slug].items == 12
    assert by_slug[conditions.slug].percent == 100
    assert by_slug[conditions.slug].items == 46
    assert by_slug["impact"].percent is None
    assert (scores.total.answered, scores.total.points, scores.total.items) == (5, 7, 202)
    assert scores.total.percent == 70


def test_it_counts_a_note_without_a_score_as_not_answered(cast):
    assessment = start(cast.hub_a)
    [item] = items_of(columns()[0])[:1]
    assessment_answer(assessment=assessment, answers=[Answer(item_id=item.pk, note="Ask Sam")])
    assert AssessmentAnswer.objects.get(assessment=assessment).note == "Ask Sam"
    assert scores_of(assessment).total.answered == 0


def test_it_leaves_items_of_unpublished_elements_out_of_the_scores(cast):
    assessment = start(cast.hub_a)
    items = items_of(columns()[0])
    first = items[0]
    other = next(i for i in items if i.element_id != first.element_id)
    score(assessment, [first, other], ["in-place", "not-yet"])
    Element.objects.filter(pk=other.element_id).update(live=False)

    scores = scores_of(assessment)

    assert scores.columns[0].answered == 1
    assert scores.columns[0].percent == 100
    assert (
        scores.columns[0].items
        == 12 - ChecklistItem.objects.filter(element=other.element_id).count()
    )


def test_it_scores_many_assessments_at_once(cast):
    one, two = start(cast.hub_a), start(cast.place_a)
    items = items_of(columns()[1])
    score(one, items[:2], ["partly", "partly"])
    score(two, items[:1], ["in-place"])
    scores = assessment_scores([one, two])
    assert scores[one.pk].total.percent == 50
    assert scores[two.pk].total.percent == 100


# Starting -----------------------------------------------------------------------------


def test_it_starts_a_draft_assessment_of_an_organisation(cast):
    manager = cast.user("manager_a")
    assessment = start(
        cast.hub_a, on=datetime.date(2025, 2, 3), title="  Spring  ", created_by=manager
    )
    assessment.refresh_from_db()
    assert assessment.subject == cast.hub_a
    assert assessment.place is None
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.title == "Spring"
    assert assessment.assessed_on == datetime.date(2025, 2, 3)
    assert assessment.created_by == manager
    assert assessment.answers.count() == 0


def test_it_starts_an_assessment_of_a_place(cast):
    assessment = start(cast.place_a)
    assert assessment.subject == cast.place_a
    assert assessment.organisation is None


def test_it_needs_exactly_one_subject(cast):
    with pytest.raises(ValidationError, match="organisation or a place"):
        assessment_start(
            logic_model=national_model(), title="x", assessed_on=datetime.date(2025, 1, 1)
        )
    with pytest.raises(ValidationError, match="organisation or a place"):
        assessment_start(
            logic_model=national_model(),
            title="x",
            assessed_on=datetime.date(2025, 1, 1),
            organisation=cast.hub_a,
            place=cast.place_a,
        )
    assert not Assessment.objects.exists()


def test_it_refuses_a_date_in_the_future(cast):
    from django.utils import timezone

    with pytest.raises(ValidationError, match="future"):
        start(cast.hub_a, on=timezone.localdate() + datetime.timedelta(days=1))
    assert not Assessment.objects.exists()


def test_it_refuses_a_local_model_of_another_place(cast):
    bradford_model = LogicModel.objects.create(
        slug="bradford-model", title="Bradford", kind=LogicModel.Kind.LOCAL, place=cast.place_b
    )
    with pytest.raises(ValidationError, match="local model of a place it serves"):
        assessment_start(
            logic_model=bradford_model,
            title="x",
            assessed_on=datetime.date(2025, 1, 1),
            organisation=cast.hub_a,
        )
    # Hub B serves Bradford, so it may use Bradford's model.
    assessment_start(
        logic_model=bradford_model,
        title="x",
        assessed_on=datetime.date(2025, 1, 1),
        organisation=cast.hub_b,
    )


def test_it_starts_from_last_time_by_copying_the_latest_answers(cast):
    items = items_of(columns()[1])
    older = score(start(cast.hub_a, on=datetime.date(2024, 6, 1)), items[:1], ["not-yet"])
    latest = score(
        start(cast.hub_a, on=datetime.date(2025, 1, 1)),
        items[:2],
        ["partly", "in-place"],
        note="Seen in March",
        evidence="Minutes, 3 March",
    )
    score(start(cast.place_a, on=datetime.date(2025, 2, 1)), items[:3], ["not-yet"] * 3)

    new = start(cast.hub_a, on=datetime.date(2025, 6, 1), start_from_last=True)

    copied = {a.item_id: a for a in new.answers.all()}
    assert set(copied) == {items[0].pk, items[1].pk}
    assert copied[items[0].pk].score == "partly"
    assert copied[items[1].pk].score == "in-place"
    assert copied[items[1].pk].note == "Seen in March"
    assert copied[items[1].pk].evidence == "Minutes, 3 March"
    # The originals are untouched.
    assert latest.answers.count() == 2 and older.answers.count() == 1


def test_it_starts_empty_when_not_asked_to_start_from_last_time(cast):
    items = items_of(columns()[1])
    score(start(cast.hub_a, on=datetime.date(2025, 1, 1)), items[:2], ["partly", "partly"])
    assert start(cast.hub_a, on=datetime.date(2025, 6, 1)).answers.count() == 0


def test_it_starts_empty_from_last_time_when_there_was_no_last_time(cast):
    assert start(cast.hub_a, start_from_last=True).answers.count() == 0


# Answering ----------------------------------------------------------------------------


def test_it_records_changes_and_removes_emptied_answers(cast):
    assessment = start(cast.hub_a)
    first, second, third = items_of(columns()[0])[:3]
    score(assessment, [first, second], ["partly", "not-yet"], note=" keep ")
    assessment_answer(
        assessment=assessment,
        answers=[
            Answer(item_id=first.pk, score="in-place", note="better", evidence="report"),
            Answer(item_id=second.pk),  # emptied
            Answer(item_id=third.pk, score="not-yet"),
        ],
    )
    answers = {a.item_id: a for a in assessment.answers.all()}
    assert set(answers) == {first.pk, third.pk}
    assert (answers[first.pk].score, answers[first.pk].note, answers[first.pk].evidence) == (
        "in-place",
        "better",
        "report",
    )
    assert answers[third.pk].score == "not-yet"


def test_it_saves_all_the_answers_or_none(cast):
    assessment = start(cast.hub_a)
    first, second = items_of(columns()[0])[:2]
    with pytest.raises(ValidationError):
        assessment_answer(
            assessment=assessment,
            answers=[
                Answer(item_id=first.pk, score="partly"),
                Answer(item_id=second.pk, score="lots"),
            ],
        )
    assert not assessment.answers.exists()


def test_it_refuses_items_of_another_model(cast):
    assessment = start(cast.hub_a)
    local = LogicModel.objects.create(
        slug="wigan-model", title="Wigan", kind=LogicModel.Kind.LOCAL, place=cast.place_a
    )
    item = items_of(columns()[0])[0]
    column = local.columns.create(
        slug="c", position=1, title="C", foundation_group="partner-visions"
    )
    section = local.sections.create(column=column, slug="s", position=1, title="S")
    element = local.elements.create(section=section, slug="e", position=1, title="E", summary="E")
    foreign = ChecklistItem.objects.create(element=element, text="Foreign")
    with pytest.raises(ValidationError, match="not on this assessment"):
        assessment_answer(
            assessment=assessment,
            answers=[
                Answer(item_id=item.pk, score="partly"),
                Answer(item_id=foreign.pk, score="partly"),
            ],
        )
    assert not assessment.answers.exists()


def test_it_does_not_change_a_complete_assessment(cast):
    assessment = start(cast.hub_a)
    item = items_of(columns()[0])[0]
    score(assessment, [item], ["partly"])
    assessment_complete(assessment=assessment)
    with pytest.raises(ValidationError, match="complete"):
        score(assessment, [item], ["in-place"])
    assert assessment.answers.get().score == "partly"


def test_the_checklist_of_a_column_lists_its_published_items_under_sections_and_elements(cast):
    outcomes = next(c for c in columns() if c.slug == "outcomes")
    checklist = column_checklist(outcomes)
    assert [s.number for s in checklist.sections] == ["5a", "5b", "5c"]
    assert len(checklist.items) == 48
    assert [i.pk for i in checklist.items] == [i.pk for i in items_of(outcomes)]


# Completing, reopening, sharing -------------------------------------------------------------


def test_it_completes_an_assessment_with_at_least_one_score(cast):
    assessment = start(cast.hub_a)
    with pytest.raises(ValidationError, match="at least one item"):
        assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT

    score(assessment, items_of(columns()[0])[:1], ["not-yet"])
    assessment_complete(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETE
    # Completing again changes nothing and does not fail.
    assert assessment_complete(assessment=assessment).status == Assessment.Status.COMPLETE


def test_it_reopens_a_complete_assessment(cast):
    assessment = score(start(cast.hub_a), items_of(columns()[0])[:1], ["partly"])
    assessment_complete(assessment=assessment)
    assessment_reopen(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    score(assessment, items_of(columns()[0])[:1], ["in-place"])


def test_it_shares_a_summary_only_when_there_is_one(cast):
    assessment = start(cast.hub_a)
    with pytest.raises(ValidationError, match="Write a summary"):
        assessment_share_summary(assessment=assessment, summary="   ", summary_is_public=True)
    assessment.refresh_from_db()
    assert assessment.summary_is_public is False

    assessment_share_summary(
        assessment=assessment, summary=" Strong start. ", summary_is_public=True
    )
    assessment.refresh_from_db()
    assert (assessment.summary, assessment.summary_is_public) == ("Strong start.", True)


# Comparing ----------------------------------------------------------------------------


def test_it_compares_two_assessments_item_by_item_and_column_by_column(cast):
    vision, conditions, *_ = columns()
    v = items_of(vision)
    c = items_of(conditions)
    earlier = start(cast.hub_a, on=datetime.date(2025, 1, 1), title="January")
    score(earlier, v[:4], ["not-yet", "partly", "in-place", "partly"])
    score(earlier, c[:1], ["partly"])
    later = start(cast.hub_a, on=datetime.date(2025, 6, 1), title="June")
    score(later, v[:3], ["in-place", "not-yet", "in-place"])
    score(later, v[4:5], ["partly"])
    score(later, c[:1], ["partly"])

    # The order the two are given in does not matter: the earlier one is "before".
    comparison = assessment_comparison(later, earlier)

    assert (comparison.before, comparison.after) == (earlier, later)
    assert [x.item.pk for x in comparison.went_up] == [v[0].pk]
    assert [x.item.pk for x in comparison.went_down] == [v[1].pk]
    assert [x.item.pk for x in comparison.unchanged] == [v[2].pk, c[0].pk]
    assert [x.item.pk for x in comparison.answered_once] == [v[3].pk, v[4].pk]
    assert comparison.went_up[0].before_label == "Not yet"
    assert comparison.went_up[0].after_label == "In place"
    assert comparison.answered_once[0].after_label == "Not answered"

    by_slug = {x.column.slug: x for x in comparison.columns}
    # Vision: January 4/8 = 50%, June 5/8 = 63% (62.5 rounds up).
    assert by_slug[vision.slug].before.percent == 50
    assert by_slug[vision.slug].after.percent == 63
    assert by_slug[vision.slug].change == 13
    assert by_slug[conditions.slug].change == 0
    assert by_slug["impact"].change is None
    assert comparison.total.before.percent == 50  # 5 of 10
    assert comparison.total.after.percent == 60  # 6 of 10


def test_it_compares_only_assessments_of_the_same_subject(cast):
    with pytest.raises(ValidationError, match="same subject"):
        assessment_comparison(start(cast.hub_a), start(cast.place_a))


def test_it_lines_up_each_columns_progress_over_time(cast):
    item = items_of(columns()[0])[0]
    first = score(start(cast.hub_a, on=datetime.date(2025, 1, 1)), [item], ["not-yet"])
    second = score(start(cast.hub_a, on=datetime.date(2025, 2, 1)), [item], ["in-place"])
    scores = assessment_scores([first, second])
    progress = progress_by_column([scores[first.pk], scores[second.pk]])
    assert [p.column.slug for p in progress] == [c.slug for c in columns()]
    assert [(a, s.percent) for a, s in progress[0].points] == [(first, 0), (second, 100)]
    assert [s.percent for _, s in progress[1].points] == [None, None]
