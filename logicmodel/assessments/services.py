"""Writes for regular reflection: starting, answering, completing, reopening and sharing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Organisation, Place
from logicmodel.models import Assessment, AssessmentAnswer, ChecklistItem, LogicModel

from .selectors import latest_assessment


@dataclass(frozen=True)
class Answer:
    """What was given for one checklist item: a score (blank for none), a note and the evidence."""

    item_id: object
    score: str = ""
    note: str = ""
    evidence: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.score or self.note.strip() or self.evidence.strip())


def _check_model_fits(
    logic_model: LogicModel, organisation: Organisation | None, place: Place | None
):
    if logic_model.kind == LogicModel.Kind.NATIONAL:
        return
    if place is not None and logic_model.place_id == place.pk:
        return
    if organisation is not None and organisation.places.filter(pk=logic_model.place_id).exists():
        return
    raise ValidationError(
        {"logic_model": "Choose the national model or a local model of a place it serves."}
    )


@transaction.atomic
def assessment_start(
    *,
    logic_model: LogicModel,
    title: str,
    assessed_on: datetime.date,
    organisation: Organisation | None = None,
    place: Place | None = None,
    created_by=None,
    start_from_last: bool = False,
) -> Assessment:
    """Start a draft assessment of an organisation or a place; optionally copy the answers of the last one."""
    if (organisation is None) == (place is None):
        raise ValidationError({"subject": "Choose an organisation or a place to assess."})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": "The date cannot be in the future."})
    _check_model_fits(logic_model, organisation, place)
    previous = (
        latest_assessment(logic_model=logic_model, organisation=organisation, place=place)
        if start_from_last
        else None
    )
    assessment = Assessment(
        logic_model=logic_model,
        organisation=organisation,
        place=place,
        title=title.strip(),
        assessed_on=assessed_on,
        created_by=created_by,
    )
    assessment.full_clean()
    assessment.save()
    if previous is not None:
        copies = [
            AssessmentAnswer(
                assessment=assessment,
                item_id=answer.item_id,
                score=answer.score,
                note=answer.note,
                evidence=answer.evidence,
            )
            for answer in previous.answers.filter(item__element__live=True)
        ]
        AssessmentAnswer.objects.bulk_create(copies)
    return assessment


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            "This assessment is complete. Reopen it to change its answers.", code="complete"
        )


@transaction.atomic
def assessment_answer(*, assessment: Assessment, answers: Iterable[Answer]) -> Assessment:
    """Record answers to some of the checklist's items, all or none; an emptied answer is removed."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _require_draft(assessment)
    answers = list(answers)
    item_ids = [a.item_id for a in answers]
    known = set(
        ChecklistItem.objects.filter(
            pk__in=item_ids, element__logic_model_id=assessment.logic_model_id, element__live=True
        ).values_list("pk", flat=True)
    )
    if len(known) != len(set(item_ids)) or len(item_ids) != len(set(item_ids)):
        raise ValidationError("Some of these items are not on this assessment's checklist.")
    existing = {
        a.item_id: a
        for a in AssessmentAnswer.objects.filter(assessment=assessment, item_id__in=known)
    }
    to_create, to_update, to_delete = [], [], []
    for given in answers:
        current = existing.get(given.item_id)
        if given.is_empty:
            if current is not None:
                to_delete.append(current.pk)
            continue
        answer = current or AssessmentAnswer(assessment=assessment, item_id=given.item_id)
        answer.score, answer.note, answer.evidence = (
            given.score,
            given.note.strip(),
            given.evidence.strip(),
        )
        # One answer per item is guaranteed by keying on the item (and by the database);
        # skipping the per-row uniqueness queries keeps a page of 50 items to a few queries.
        answer.full_clean(
            exclude=["assessment", "item"], validate_unique=False, validate_constraints=False
        )
        if current is None:
            to_create.append(answer)
        else:
            to_update.append(answer)
    AssessmentAnswer.objects.filter(pk__in=to_delete).delete()
    AssessmentAnswer.objects.bulk_create(to_create)
    AssessmentAnswer.objects.bulk_update(to_update, ["score", "note", "evidence"])
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def assessment_complete(*, assessment: Assessment) -> Assessment:
    """Mark an assessment complete; it needs at least one scored item."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == Assessment.Status.COMPLETE:
        return assessment
    if not assessment.answers.exclude(score="").exists():
        raise ValidationError("Score at least one item before marking the assessment as complete.")
    assessment.status = Assessment.Status.COMPLETE
    assessment.full_clean()
    assessment.save(update_fields=["status", "updated_at"])
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment) -> Assessment:
    """Put a complete assessment back in progress so its answers can change."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.status = Assessment.Status.DRAFT
    assessment.full_clean()
    assessment.save(update_fields=["status", "updated_at"])
    return assessment


@transaction.atomic
def assessment_share_summary(
    *, assessment: Assessment, summary: str, summary_is_public: bool
) -> Assessment:
    """Write the summary and choose whether it, with the scores per column, is shown publicly."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    summary = summary.strip()
    if summary_is_public and not summary:
        raise ValidationError({"summary": "Write a summary before you share it publicly."})
    assessment.summary = summary
    assessment.summary_is_public = summary_is_public
    assessment.full_clean()
    assessment.save(update_fields=["summary", "summary_is_public", "updated_at"])
    return assessment
