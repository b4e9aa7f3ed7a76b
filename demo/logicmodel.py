"""Demo content for the logic model: Wigan's local model and hub A's reflections over time."""

import datetime

from django.utils import timezone

from logicmodel.assessments.services import (
    Answer,
    assessment_answer,
    assessment_complete,
    assessment_share_summary,
    assessment_start,
)
from logicmodel.local_models.services import (
    ChecklistChange,
    local_element_create,
    local_element_update,
    local_model_derive,
)
from logicmodel.models import Assessment, ChecklistItem, Element, LogicModel, Section
from logicmodel.selectors import national_model

SCORES = ["not-yet", "partly", "in-place"]


def seed_local_model(*, place, actor) -> LogicModel:
    """Wigan's own version of the model, with one element reworded and one added."""
    national = national_model()
    local = LogicModel.objects.filter(place=place, derived_from=national).first()
    if local is not None:
        return local
    local = local_model_derive(place=place, source_model=national, actor=actor)
    vision = Element.objects.get(logic_model=local, slug="collective-local-vision")
    local_element_update(
        element=vision,
        actor=actor,
        title="A shared vision for Wigan's high streets",
        summary=vision.summary,
        explainer=vision.explainer,
        checklist=[
            ChecklistChange(item=i, text=i.text, guidance=i.guidance)
            for i in vision.checklist_items.all()
        ],
    )
    activities = Section.objects.get(logic_model=local, slug="activities")
    local_element_create(
        section=activities,
        actor=actor,
        title="Market stall trials",
        summary="Low-risk trading on the town's market so new businesses can test an idea for a few weeks.",
        explainer="Hubs book stalls on the indoor market and lend them to people testing a product.",
        checklist=[
            ChecklistChange(
                item=None,
                text="We can offer a trial stall within a month of asking.",
                guidance="Keep the booking record.",
            ),
        ],
    )
    return local


def _score_everything(assessment, *, improvement: int):
    """A spread of scores; `improvement` lifts each by that many steps (up to "in place")."""
    items = ChecklistItem.objects.filter(
        element__logic_model=assessment.logic_model, element__live=True
    ).order_by("element__section__position", "element__position", "sort_order")
    answers = [
        Answer(item_id=item.pk, score=SCORES[min(2, n % 3 + improvement)])
        for n, item in enumerate(items)
    ]
    assessment_answer(assessment=assessment, answers=answers)


def seed_assessments(*, organisation, actor) -> None:
    """Two complete reflections of a hub, six months apart, the later one better and shared."""
    national = national_model()
    if Assessment.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    spring = assessment_start(
        logic_model=national,
        organisation=organisation,
        title="First reflection",
        assessed_on=today - datetime.timedelta(days=180),
        created_by=actor,
    )
    _score_everything(spring, improvement=0)
    assessment_complete(assessment=spring)
    autumn = assessment_start(
        logic_model=national,
        organisation=organisation,
        title="Six months on",
        assessed_on=today - datetime.timedelta(days=7),
        created_by=actor,
        start_from_last=True,
    )
    _score_everything(autumn, improvement=1)
    assessment_complete(assessment=autumn)
    assessment_share_summary(
        assessment=autumn,
        summary=(
            "Our referral network and coaching offer are now in place. Next we want to share "
            "more stories of change with commissioners and open up our premises to partners."
        ),
        summary_is_public=True,
    )
