"""Reads for regular reflection: lists, scores, a column's checklist and comparisons.

Every read here runs a fixed number of queries, however many assessments or answers
there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from core.figures import Count as FigureCount
from ecosystem.models import Membership, Organisation, Place
from logicmodel.models import (
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    Column,
    Element,
    LogicModel,
    Section,
)
from logicmodel.selectors import national_model

from .access import _access_conditions, _with_access

Score = AssessmentAnswer.Score
SCORE_POINTS = AssessmentAnswer.SCORE_POINTS
MAX_POINTS_PER_ITEM = max(SCORE_POINTS.values())


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """The assessments a person may read, each annotated with `access` and `answered` (items scored)."""
    queryset = Assessment.objects.select_related("organisation", "place", "logic_model")
    if not user.is_authenticated:
        return queryset.none()
    if not user.is_superuser:
        queryset = queryset.filter(_access_conditions(user)[1])
    return _with_access(queryset, user).annotate(
        answered=Count("answers", filter=~Q(answers__score=""))
    )


def assessable_subjects(user) -> tuple[list[Organisation], list[Place]]:
    """The organisations and places a person may start an assessment of, by name."""
    if not user.is_authenticated:
        return [], []
    if user.is_superuser:
        return list(Organisation.objects.order_by("name")), list(Place.objects.order_by("name"))
    managed = Membership.objects.filter(user=user, role=Membership.Role.MANAGER).values(
        "organisation_id"
    )
    organisations = list(Organisation.objects.filter(pk__in=managed).order_by("name"))
    places = list(
        Place.objects.filter(
            pk__in=Organisation.places.through.objects.filter(
                organisation__is_catalyst_hub=True, organisation_id__in=managed
            ).values("place_id")
        ).order_by("name")
    )
    return organisations, places


def models_for_subjects(organisations: Iterable[Organisation], places: Iterable[Place]):
    """The models these subjects may be assessed against: the national ones and their places' own."""
    place_ids = {p.pk for p in places} | set(
        Organisation.places.through.objects.filter(
            organisation_id__in=[o.pk for o in organisations]
        ).values_list("place_id", flat=True)
    )
    # "national" sorts after "local": descending puts the national model first, the default.
    return LogicModel.objects.filter(
        Q(kind=LogicModel.Kind.NATIONAL) | Q(place_id__in=place_ids)
    ).order_by("-kind", "title")


@dataclass
class SubjectGroup:
    """One organisation's or place's assessments, newest first."""

    subject: Organisation | Place
    assessments: list[Assessment]

    @property
    def kind(self) -> str:
        return "Place" if isinstance(self.subject, Place) else "Organisation"


def subject_groups(assessments: Iterable[Assessment]) -> list[SubjectGroup]:
    """Assessments grouped by what they assess, the groups by name, each group newest first."""
    groups: dict = {}
    ordered = sorted(assessments, key=lambda a: (a.assessed_on, a.created_at), reverse=True)
    for assessment in ordered:
        key = (assessment.organisation_id, assessment.place_id)
        if key not in groups:
            groups[key] = SubjectGroup(subject=assessment.subject, assessments=[])
        groups[key].assessments.append(assessment)
    return sorted(groups.values(), key=lambda g: (g.subject.name.lower(), g.kind))


# Scores -------------------------------------------------------------------------------


def score_percent(points: int, answered: int) -> int | None:
    """Points over the most the answered items could score, as a whole percentage (halves round up)."""
    if not answered:
        return None
    most = MAX_POINTS_PER_ITEM * answered
    return (200 * points + most) // (2 * most)


@dataclass(frozen=True)
class ColumnScore:
    """How one column (or, with column None, the whole model) scored in one assessment."""

    column: Column | None
    items: int
    answered: int
    points: int

    @property
    def max_points(self) -> int:
        return MAX_POINTS_PER_ITEM * self.answered

    @property
    def percent(self) -> int | None:
        return score_percent(self.points, self.answered)

    @property
    def title(self) -> str:
        return self.column.title if self.column else "All columns"


@dataclass(frozen=True)
class Scores:
    """An assessment's score per column, left to right, and over the whole model."""

    assessment: Assessment
    columns: list[ColumnScore]

    @property
    def total(self) -> ColumnScore:
        return ColumnScore(
            column=None,
            items=sum(c.items for c in self.columns),
            answered=sum(c.answered for c in self.columns),
            points=sum(c.points for c in self.columns),
        )


def assessment_scores(
    assessments: Iterable[Assessment], *, columns: list[Column] | None = None
) -> dict:
    """Scores per column for each assessment, by assessment id, in three queries in all.

    Only items of published elements count, in the totals and in the answers alike.
    Pass the models' columns, left to right, if they are already at hand.
    """
    assessments = list(assessments)
    if not assessments:
        return {}
    model_ids = {a.logic_model_id for a in assessments}
    if columns is None:
        columns = list(Column.objects.filter(logic_model_id__in=model_ids).order_by("position"))
    items_per_column = dict(
        ChecklistItem.objects.filter(element__logic_model_id__in=model_ids, element__live=True)
        .values_list("element__section__column_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tallies: dict = {}
    answers = (
        AssessmentAnswer.objects.filter(
            assessment_id__in=[a.pk for a in assessments], item__element__live=True
        )
        .exclude(score="")
        .values_list("assessment_id", "item__element__section__column_id", "score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for assessment_id, column_id, score, n in answers:
        answered, points = tallies.get((assessment_id, column_id), (0, 0))
        tallies[(assessment_id, column_id)] = (answered + n, points + n * SCORE_POINTS[score])
    result = {}
    for assessment in assessments:
        scores = []
        for column in columns:
            if column.logic_model_id != assessment.logic_model_id:
                continue
            answered, points = tallies.get((assessment.pk, column.pk), (0, 0))
            scores.append(
                ColumnScore(
                    column=column,
                    items=items_per_column.get(column.pk, 0),
                    answered=answered,
                    points=points,
                )
            )
        result[assessment.pk] = Scores(assessment=assessment, columns=scores)
    return result


def scores_of(assessment: Assessment, *, columns: list[Column] | None = None) -> Scores:
    """One assessment's scores per column."""
    return assessment_scores([assessment], columns=columns)[assessment.pk]


@dataclass(frozen=True)
class ColumnProgress:
    """One column's score in each assessment of a subject, oldest first."""

    column: Column
    points: list[tuple[Assessment, ColumnScore]]


def progress_by_column(history: list[Scores]) -> list[ColumnProgress]:
    """Turn scores per assessment into scores per column over time (for the progress chart)."""
    if not history:
        return []
    return [
        ColumnProgress(
            column=column_score.column,
            points=[(scores.assessment, scores.columns[i]) for scores in history],
        )
        for i, column_score in enumerate(history[0].columns)
    ]


# The checklist, a column at a time -------------------------------------------------------


@dataclass
class ColumnChecklist:
    """A column's published elements, grouped under their sections, each with its checklist items."""

    column: Column
    sections: list[Section] = field(default_factory=list)

    @property
    def items(self) -> list[ChecklistItem]:
        return [i for s in self.sections for e in s.checklist_elements for i in e.items]


def model_columns(logic_model: LogicModel) -> list[Column]:
    """The model's columns, left to right."""
    return list(Column.objects.filter(logic_model=logic_model).order_by("position"))


def column_checklist(column: Column) -> ColumnChecklist:
    """What is scored on one column's page, in two queries."""
    elements = (
        Element.objects.filter(section__column=column, live=True)
        .select_related("section")
        .order_by("section__position", "position")
    )
    items = ChecklistItem.objects.filter(element__in=elements).order_by("sort_order", "pk")
    by_element: dict = {}
    for item in items.only("pk", "element_id", "text", "guidance", "sort_order"):
        by_element.setdefault(item.element_id, []).append(item)
    checklist = ColumnChecklist(column=column)
    sections: dict = {}
    for element in elements:
        element.items = by_element.get(element.pk, [])
        if not element.items:
            continue
        section = sections.get(element.section_id)
        if section is None:
            section = sections[element.section_id] = element.section
            section.checklist_elements = []
            checklist.sections.append(section)
        section.checklist_elements.append(element)
    return checklist


def answers_by_item(assessment: Assessment, items: Iterable[ChecklistItem]) -> dict:
    """An assessment's answers to these items, by item id."""
    return {
        a.item_id: a
        for a in AssessmentAnswer.objects.filter(
            assessment=assessment, item_id__in=[i.pk for i in items]
        )
    }


# Over time and side by side ---------------------------------------------------------------


def assessments_of_subject(assessment: Assessment) -> list[Assessment]:
    """Every assessment of the same organisation or place against the same model, oldest first."""
    return list(
        Assessment.objects.filter(
            organisation_id=assessment.organisation_id,
            place_id=assessment.place_id,
            logic_model_id=assessment.logic_model_id,
        )
        .select_related("organisation", "place", "logic_model")
        .order_by("assessed_on", "created_at")
    )


@dataclass(frozen=True)
class ColumnChange:
    before: ColumnScore
    after: ColumnScore

    @property
    def column(self):
        return self.before.column

    @property
    def title(self) -> str:
        return self.before.title

    @property
    def change(self) -> int | None:
        """The change in percentage points, when both assessments answered something here."""
        if self.before.percent is None or self.after.percent is None:
            return None
        return self.after.percent - self.before.percent

    @property
    def size(self) -> int | None:
        return None if self.change is None else abs(self.change)


@dataclass(frozen=True)
class ItemChange:
    item: ChecklistItem
    before: str
    after: str

    @property
    def before_label(self) -> str:
        return Score(self.before).label if self.before else "Not answered"

    @property
    def after_label(self) -> str:
        return Score(self.after).label if self.after else "Not answered"

    @property
    def element(self) -> Element:
        return self.item.element

    @property
    def column(self) -> Column:
        return self.item.element.section.column


@dataclass
class Comparison:
    """Two assessments of the same subject side by side, the earlier one first."""

    before: Assessment
    after: Assessment
    columns: list[ColumnChange]
    total: ColumnChange
    went_up: list[ItemChange] = field(default_factory=list)
    went_down: list[ItemChange] = field(default_factory=list)
    unchanged: list[ItemChange] = field(default_factory=list)
    answered_once: list[ItemChange] = field(default_factory=list)


def _earlier_first(one: Assessment, other: Assessment) -> tuple[Assessment, Assessment]:
    if (other.assessed_on, other.created_at) < (one.assessed_on, one.created_at):
        return other, one
    return one, other


def assessment_comparison(one: Assessment, other: Assessment) -> Comparison:
    """What went up, what went down and what stayed the same between two assessments, item by item."""
    if (one.organisation_id, one.place_id, one.logic_model_id) != (
        other.organisation_id,
        other.place_id,
        other.logic_model_id,
    ):
        raise ValidationError("Compare two assessments of the same subject against the same model.")
    before, after = _earlier_first(one, other)
    scores = assessment_scores([before, after])
    columns = [
        ColumnChange(before=b, after=a)
        for b, a in zip(scores[before.pk].columns, scores[after.pk].columns, strict=True)
    ]
    comparison = Comparison(
        before=before,
        after=after,
        columns=columns,
        total=ColumnChange(before=scores[before.pk].total, after=scores[after.pk].total),
    )
    answers = {
        (assessment_id, item_id): score
        for assessment_id, item_id, score in AssessmentAnswer.objects.filter(
            assessment_id__in=[before.pk, after.pk]
        )
        .exclude(score="")
        .values_list("assessment_id", "item_id", "score")
    }
    items = (
        ChecklistItem.objects.filter(
            element__logic_model_id=before.logic_model_id, element__live=True
        )
        .select_related("element__section__column")
        .order_by(
            "element__section__column__position",
            "element__section__position",
            "element__position",
            "sort_order",
        )
    )
    for item in items:
        was, now = answers.get((before.pk, item.pk), ""), answers.get((after.pk, item.pk), "")
        if not was and not now:
            continue
        change = ItemChange(item=item, before=was, after=now)
        if not was or not now:
            comparison.answered_once.append(change)
        elif SCORE_POINTS[now] > SCORE_POINTS[was]:
            comparison.went_up.append(change)
        elif SCORE_POINTS[now] < SCORE_POINTS[was]:
            comparison.went_down.append(change)
        else:
            comparison.unchanged.append(change)
    return comparison


def latest_assessment(
    *, logic_model: LogicModel, organisation: Organisation | None = None, place: Place | None = None
) -> Assessment | None:
    """The most recent assessment of a subject against a model, if there is one."""
    return (
        Assessment.objects.filter(logic_model=logic_model, organisation=organisation, place=place)
        .order_by("-assessed_on", "-created_at")
        .first()
    )


# Figures for insights ----------------------------------------------------------------

# Bands of a column's score (points over the most its answered items could score), as
# (key, label, lowest): "0-24", "0 to 24%" with an en dash, 0; and so on.
SCORE_BANDS = tuple(
    (f"{lowest}-{highest}", f"{lowest}\u2013{highest}%", lowest)
    for lowest, highest in ((0, 24), (25, 49), (50, 74), (75, 100))
)
NOT_ASSESSED = ("not-assessed", "Not assessed")
ALL_COLUMNS = "all"


def score_band(percent: int | None) -> str:
    """The key of the band a score falls in ("not-assessed" for no score)."""
    if percent is None:
        return NOT_ASSESSED[0]
    return next(key for key, _, lowest in reversed(SCORE_BANDS) if percent >= lowest)


@dataclass(frozen=True)
class ColumnFigures:
    """One column (or, keyed "all", the whole model) across the organisations: how many are in
    each band by their latest complete assessment (with "Not assessed" last), and the mean
    change in score, in percentage points, since the one before, over `n` organisations."""

    key: str
    title: str
    bands: list[FigureCount]
    mean_change: float | None
    n: int


@dataclass(frozen=True)
class OwnColumn:
    """One organisation's score in a column, now and at the assessment before."""

    key: str
    title: str
    percent: int | None
    previous_percent: int | None

    @property
    def change(self) -> int | None:
        if self.percent is None or self.previous_percent is None:
            return None
        return self.percent - self.previous_percent


@dataclass(frozen=True)
class OwnFigures:
    """One organisation's latest complete assessment and the one before, column by column."""

    assessed_on: datetime.date | None
    previous_on: datetime.date | None
    columns: list[OwnColumn]
    total: OwnColumn


@dataclass(frozen=True)
class ChecklistFigures:
    """Where a set of organisations stand against a model's checklists."""

    logic_model: LogicModel | None
    organisations: int
    assessed: int
    columns: list[ColumnFigures]
    total: ColumnFigures
    own: OwnFigures | None = None


def _column_figures(key, title, pairs: list[tuple[int | None, int | None]], unassessed: int):
    """Bands and mean change from (latest, previous) scores, one pair per assessed organisation."""
    bands = dict.fromkeys([*(b[0] for b in SCORE_BANDS), NOT_ASSESSED[0]], 0)
    for latest, _ in pairs:
        bands[score_band(latest)] += 1
    bands[NOT_ASSESSED[0]] += unassessed
    changes = [
        latest - previous
        for latest, previous in pairs
        if latest is not None and previous is not None
    ]
    labels = dict([*((b[0], b[1]) for b in SCORE_BANDS), NOT_ASSESSED])
    return ColumnFigures(
        key=key,
        title=title,
        bands=[FigureCount(k, labels[k], v) for k, v in bands.items()],
        mean_change=round(sum(changes) / len(changes), 1) if changes else None,
        n=len(changes),
    )


def _percents(scores: Scores | None, width: int) -> list[int | None]:
    """An assessment's score per column, left to right, then over the whole model."""
    if scores is None:
        return [None] * (width + 1)
    return [c.percent for c in scores.columns] + [scores.total.percent]


def checklist_figures(
    *, organisation_ids, logic_model: LogicModel | None = None
) -> ChecklistFigures:
    """Each organisation's latest complete assessment against the model (the national one unless
    given) beside the one before, per column; in six queries (five with a model given),
    however many organisations and assessments there are. With one organisation, `own` holds
    its figures."""
    logic_model = logic_model or national_model()
    organisations = Organisation.objects.all()
    assessments = Assessment.objects.filter(
        logic_model=logic_model, status=Assessment.Status.COMPLETE, organisation__isnull=False
    )
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        organisations = organisations.filter(pk__in=organisation_ids)
        assessments = assessments.filter(organisation_id__in=organisation_ids)
    how_many = organisations.count()
    columns = model_columns(logic_model) if logic_model else []
    recent = list(
        assessments.annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("organisation_id")],
                order_by=[F("assessed_on").desc(), F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(recency__lte=2)
        .order_by("organisation_id", "recency")
    )
    scores = assessment_scores(recent, columns=columns)
    latest: dict = {}
    previous: dict = {}
    for assessment in recent:
        (latest if assessment.recency == 1 else previous)[assessment.organisation_id] = scores[
            assessment.pk
        ]
    # Per organisation assessed: (latest, previous) scores, per column then the whole model.
    pairs = [
        (_percents(now, len(columns)), _percents(previous.get(pk), len(columns)))
        for pk, now in latest.items()
    ]
    unassessed = how_many - len(latest)
    keyed = [(c.slug, c.title) for c in columns] + [(ALL_COLUMNS, "All columns")]
    figures = [
        _column_figures(key, title, [(now[i], before[i]) for now, before in pairs], unassessed)
        for i, (key, title) in enumerate(keyed)
    ]
    own = None
    if organisation_ids is not None and len(set(map(str, organisation_ids))) == 1:
        empty = _percents(None, len(columns))
        now, before = pairs[0] if pairs else (empty, empty)
        own = OwnFigures(
            assessed_on=next((s.assessment.assessed_on for s in latest.values()), None),
            previous_on=next((s.assessment.assessed_on for s in previous.values()), None),
            columns=[OwnColumn(c.slug, c.title, now[i], before[i]) for i, c in enumerate(columns)],
            total=OwnColumn(ALL_COLUMNS, "All columns", now[-1], before[-1]),
        )
    return ChecklistFigures(
        logic_model=logic_model,
        organisations=how_many,
        assessed=len(latest),
        columns=figures[:-1],
        total=figures[-1],
        own=own,
    )
