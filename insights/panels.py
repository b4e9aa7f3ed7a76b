"""The living model: live evidence on each of the model's element pages (registered in
InsightsConfig.ready through logicmodel.extensions).

The evidence matches the element's column: sessions for an activity, the referral network and
stories for a process, milestones, wellbeing and consented stories for an outcome or impact,
checklist maturity for a condition or input. It covers the last 12 full months, for one place
or all of them. An element page is public, so every figure is suppressed; visitors see only
stories that are published case studies, the partner network the stories it may read.
"""

from django.utils import timezone

from core import suppression
from ecosystem.models import Place
from ecosystem.selectors import member_organisation_ids
from journeys import selectors as journeys
from logicmodel.assessments import selectors as assessments
from referrals import selectors as referrals
from stories import selectors as stories

from .access import chosen_place, place_organisation_ids
from .assumptions import evaluate_rules
from .models import AssumptionRule
from .periods import preset
from .selectors import with_own

ACTIVITIES = "activities"
EVIDENCE_BY_COLUMN = {
    "conditions-and-inputs": "conditions",
    "processes-and-activities": "processes",
    "outcomes": "outcomes",
    "impact": "outcomes",
}


def element_panel(request, element) -> dict | None:
    """Live evidence for an element, for the place chosen with ?place= (or every place)."""
    kind = EVIDENCE_BY_COLUMN.get(element.section.column.slug)
    if kind is None:
        return None
    place = chosen_place(request)
    ids = place_organisation_ids(place) if place else None
    period = preset("year", timezone.localdate())
    span = {"organisation_ids": ids, "start": period.start, "end": period.end}
    # Staff of an organisation of the place see its own figures in full beside the place's.
    mine = set(member_organisation_ids(request.user)) if ids else set()
    own_ids = [pk for pk in ids if pk in mine] if ids else []
    own_span = {**span, "organisation_ids": own_ids}
    public = not stories.reader(request.user).in_network
    facts: list[tuple[str, suppression.Cell]] = []
    evidence = []
    table = None
    if kind == "processes" and element.section.slug == ACTIVITIES:

        def held(figures) -> int:
            return next((c.value for c in figures.by_activity if c.key == str(element.pk)), 0)

        place_held = held(journeys.session_figures(**span))
        own_held = held(journeys.session_figures(**own_span)) if own_ids else 0
        facts.append(
            ("Sessions of this kind of support", suppression.count(place_held, known=own_held))
        )
        if own_ids:
            facts.append(("Of which your organisation's", suppression.shown(own_held)))
    elif kind == "processes":
        network = referrals.referral_figures(**span)
        facts += [
            ("Referrals made", suppression.count(network.total)),
            ("Referrals accepted", suppression.count(network.accepted)),
            ("Median days to accept", suppression.median(network.days_to_accept)),
        ]
        told = stories.story_figures(**span, public=public)
        facts.append(("Stories captured that the partners may read", suppression.count(told.total)))
    elif kind == "outcomes":
        evidence = stories.evidence_for_element(
            element_id=element.pk, **span, public=public, limit=3
        )
        told = stories.story_figures(**span, public=public)
        speaking = next((c.value for c in told.by_element if c.key == str(element.pk)), 0)
        facts.append(("Stories that speak to it", suppression.count(speaking)))
        milestones = journeys.milestone_figures(**span)
        own = [c.value for c in journeys.milestone_figures(**own_span).by_kind] if own_ids else None
        table = suppression.series(
            [c.value for c in milestones.by_kind],
            labels=[c.label for c in milestones.by_kind],
            known=own,
            total=False,
        )
        table.columns = ["Journeys"]
        table = with_own(table, own, "Your organisation's")
        wellbeing = journeys.wellbeing_figures(**span)
        for question in wellbeing.questions:
            change = None if question.change is None else round(question.change, 1)
            facts.append(
                (
                    f"Mean change: {question.label[0].lower()}{question.label[1:]}",
                    suppression.people(change, question.n),
                )
            )
    else:
        checklists = assessments.checklist_figures(organisation_ids=ids)
        column = next((c for c in checklists.columns if c.key == element.section.column.slug), None)
        if column is not None:
            table = suppression.series(
                [band.value for band in column.bands],
                labels=[band.label for band in column.bands],
                total=False,
            )
            table.columns = ["Organisations"]
        facts.append(
            (
                "Organisations with a completed self-assessment",
                suppression.shown(checklists.assessed),
            )
        )
    rules = AssumptionRule.objects.filter(
        assumption__section=element.section.parent or element.section, is_active=True
    ).select_related("assumption")
    checks = evaluate_rules(
        rules.order_by("assumption__sort_order", "assumption_id", "created_at"), **span
    )
    return {
        "template": "insights/element_panel.html",
        "checks": checks,
        "place": place,
        "places": Place.objects.order_by("name"),
        "period": period,
        "facts": facts,
        "table": table,
        "table_title": "Milestones reached"
        if kind == "outcomes"
        else "Organisations by score in this column",
        "stories": evidence,
        "public": public,
    }
