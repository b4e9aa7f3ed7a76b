"""Regular reflection: start, score, complete, compare and share self-assessments.

Every view reaches an assessment through get_assessment_for_user, and lists
through assessments_visible_to; none checks a permission by hand.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, posted
from logicmodel.models import Assessment

from .access import get_assessment_for_user, get_public_assessment
from .forms import (
    AssessmentStartForm,
    AssessmentSummaryForm,
    CompareForm,
    ScoreColumnForm,
    subject_key,
)
from .selectors import (
    answers_by_item,
    assessable_subjects,
    assessment_comparison,
    assessment_scores,
    assessments_of_subject,
    assessments_visible_to,
    column_checklist,
    model_columns,
    models_for_subjects,
    progress_by_column,
    scores_of,
    subject_groups,
)
from .services import (
    assessment_answer,
    assessment_complete,
    assessment_reopen,
    assessment_share_summary,
    assessment_start,
)


@require_GET
def assessment_list(request):
    """The assessments this person can see, grouped by organisation or place, newest first."""
    organisations, places = assessable_subjects(request.user)
    return render(
        request,
        "logicmodel/assessments/list.html",
        {
            "groups": subject_groups(assessments_visible_to(request.user)),
            "can_start": bool(organisations or places),
        },
    )


@require_http_methods(["GET", "POST"])
def start(request):
    """Start an assessment of an organisation or a place this person may assess."""
    organisations, places = assessable_subjects(request.user)
    if not organisations and not places:
        raise PermissionDenied("You cannot start an assessment.")
    models = models_for_subjects(organisations, places)
    form = AssessmentStartForm(
        posted(request),
        organisations=organisations,
        places=places,
        models=models,
        initial={"subject": request.GET.get("subject", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = assessment_start(
                logic_model=data["logic_model"],
                title=data["title"],
                assessed_on=data["assessed_on"],
                created_by=request.user,
                start_from_last=data["start_from_last"],
                **form.subject_arguments(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"You have started “{assessment.title}”.")
            first = model_columns(assessment.logic_model)[:1]
            if first:
                return redirect("assessments:column", pk=assessment.pk, column_slug=first[0].slug)
            return redirect("assessments:detail", pk=assessment.pk)
    return render(request, "logicmodel/assessments/start.html", {"form": form})


@require_GET
def detail(request, pk):
    """An assessment's scores per column as a chart and a table, with its progress over time."""
    assessment = get_assessment_for_user(request.user, pk)
    history = assessments_of_subject(assessment)
    scores = assessment_scores(history)
    others = [a for a in history if a.pk != assessment.pk]
    this = scores[assessment.pk]
    unfinished = [c for c in this.columns if c.answered < c.items]
    return render(
        request,
        "logicmodel/assessments/detail.html",
        {
            "assessment": assessment,
            "scores": this,
            "next_column": (unfinished or this.columns or [None])[0],
            "history": progress_by_column([scores[a.pk] for a in history]) if others else [],
            "history_scores": [scores[a.pk] for a in history],
            "compare_form": CompareForm(assessment=assessment) if others else None,
            "subject_key": subject_key(assessment.subject),
        },
    )


@require_http_methods(["GET", "POST"])
def column(request, pk, column_slug):
    """Score one column's checklist: a page of radio buttons, notes and evidence; no JavaScript needed."""
    assessment = get_assessment_for_user(request.user, pk, write=request.method == "POST")
    columns = model_columns(assessment.logic_model)
    current = next((c for c in columns if c.slug == column_slug), None)
    if current is None:
        raise Http404("No such column")
    position = columns.index(current)
    following = columns[position + 1] if position + 1 < len(columns) else None
    editable = assessment.can_write and assessment.status == Assessment.Status.DRAFT
    if request.method == "POST" and not editable:
        messages.error(request, "This assessment is complete. Reopen it to change its answers.")
        return redirect("assessments:column", pk=assessment.pk, column_slug=current.slug)

    checklist = column_checklist(current)
    answers = answers_by_item(assessment, checklist.items)
    form = None
    if editable:
        form = ScoreColumnForm(posted(request), checklist=checklist, answers=answers)
        if request.method == "POST" and form.is_valid():
            try:
                assessment_answer(assessment=assessment, answers=form.answers())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Your answers for “{current.title}” are saved.")
                if request.POST.get("then") == "continue" and following:
                    return redirect(
                        "assessments:column", pk=assessment.pk, column_slug=following.slug
                    )
                return redirect("assessments:detail", pk=assessment.pk)
    for section in checklist.sections:
        for element in section.checklist_elements:
            for item in element.items:
                item.answer = answers.get(item.pk)
    return render(
        request,
        "logicmodel/assessments/column.html",
        {
            "assessment": assessment,
            "column": current,
            "position": position + 1,
            "columns": columns,
            "following": following,
            "checklist": checklist,
            "form": form,
            "scores": scores_of(assessment, columns=columns),
        },
    )


@require_POST
def complete(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    try:
        assessment_complete(assessment=assessment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The assessment is marked as complete.")
    return redirect("assessments:detail", pk=assessment.pk)


@require_POST
def reopen(request, pk):
    assessment = get_assessment_for_user(request.user, pk, write=True)
    assessment_reopen(assessment=assessment)
    messages.success(request, "The assessment is in progress again: you can change its answers.")
    return redirect("assessments:detail", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
def summary(request, pk):
    """Write the summary, and choose whether to share it (with the scores) on the public site."""
    assessment = get_assessment_for_user(request.user, pk, write=True)
    form = AssessmentSummaryForm(posted(request), instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_share_summary(
                assessment=assessment,
                summary=form.cleaned_data["summary"],
                summary_is_public=form.cleaned_data["summary_is_public"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The summary is saved.")
            return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request,
        "logicmodel/assessments/summary_form.html",
        {"assessment": assessment, "form": form},
    )


@require_GET
def compare(request, pk):
    """Two assessments of the same subject, item by item and column by column."""
    assessment = get_assessment_for_user(request.user, pk)
    form = CompareForm(request.GET or None, assessment=assessment)
    comparison = None
    if form.is_bound and form.is_valid():
        other = get_assessment_for_user(request.user, form.cleaned_data["other"].pk)
        comparison = assessment_comparison(assessment, other)
    return render(
        request,
        "logicmodel/assessments/compare.html",
        {"assessment": assessment, "form": form, "comparison": comparison},
    )


@login_not_required
@require_GET
def public_summary(request, pk):
    """A shared summary: the subject, the date, the summary and the scores per column; never notes."""
    assessment = get_public_assessment(pk)
    return render(
        request,
        "logicmodel/assessments/public_summary.html",
        {"assessment": assessment, "scores": scores_of(assessment)},
    )
