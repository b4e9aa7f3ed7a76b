"""Helpers shared by the regular reflection tests (no tests here).

Assessments are made through the real services, so a helper breaks when they do.
"""

import datetime

from logicmodel.assessments.services import Answer, assessment_answer, assessment_start
from logicmodel.models import Assessment, ChecklistItem, Column, LogicModel

MISSING = "00000000-0000-4000-8000-000000000000"


def national_model() -> LogicModel:
    return LogicModel.objects.get(slug="empowering-places")


def columns(model=None) -> list[Column]:
    return list(Column.objects.filter(logic_model=model or national_model()).order_by("position"))


def items_of(column: Column) -> list[ChecklistItem]:
    """A column's checklist items in the order its scoring page shows them."""
    return list(
        ChecklistItem.objects.filter(element__section__column=column, element__live=True).order_by(
            "element__section__position", "element__position", "sort_order", "pk"
        )
    )


def start(
    subject, *, on=datetime.date(2025, 1, 15), title="Winter reflection", **kwargs
) -> Assessment:
    """Start an assessment of an organisation or a place against the national model."""
    kind = "place" if subject.__class__.__name__ == "Place" else "organisation"
    return assessment_start(
        logic_model=national_model(), title=title, assessed_on=on, **{kind: subject}, **kwargs
    )


def score(assessment: Assessment, items, scores, *, note="", evidence="") -> Assessment:
    """Give items the scores listed, one each, in order."""
    answers = [
        Answer(item_id=item.pk, score=value, note=note, evidence=evidence)
        for item, value in zip(items, scores, strict=True)
    ]
    assessment_answer(assessment=assessment, answers=answers)
    return assessment


def score_posted(items, scores, *, notes=None) -> dict:
    """What a browser posts from a column's scoring page, every item included."""
    data = {}
    for index, item in enumerate(items):
        value = scores[index] if index < len(scores) else ""
        data[f"item-{item.pk}-score"] = value
        data[f"item-{item.pk}-note"] = (notes or {}).get(index, "")
        data[f"item-{item.pk}-evidence"] = ""
    return data
