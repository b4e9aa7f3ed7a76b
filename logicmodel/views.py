"""The public pages of the logic model: anyone may read them, no sign-in needed."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from wagtail.search.backends import get_search_backend

from core.pagecache import public_cache
from core.paging import page_of

from .content_io import dump, export_model
from .extensions import element_page_panels, model_table_evidence
from .models import Column, Element, LogicModel
from .pdf import PDFUnavailable, html_to_pdf
from .selectors import NATIONAL_MODEL_SLUG, element_page_context, model_structure


def _model(slug) -> LogicModel:
    return get_object_or_404(LogicModel.objects.select_related("place", "derived_from"), slug=slug)


@login_not_required
@require_GET
def index(request):
    return redirect("logicmodel:model", model_slug=NATIONAL_MODEL_SLUG)


@login_not_required
@public_cache
@require_GET
def model_detail(request, model_slug):
    """The whole model as one table, which stacks into a sequence on a phone."""
    logic_model = _model(model_slug)
    structure = model_structure(logic_model)
    local_models = list(logic_model.derived_models.select_related("place").order_by("place__name"))
    notes, figures = model_table_evidence(request, logic_model)
    for column in structure.columns:
        for section in column.all_sections:
            for element in section.elements.all():
                element.live_figures = figures.get(element.pk, [])
    return render(
        request,
        "logicmodel/model.html",
        {
            "logic_model": logic_model,
            "structure": structure,
            "local_models": local_models,
            "evidence_notes": notes,
        },
    )


@login_not_required
@public_cache
@require_GET
def guide(request, model_slug):
    """How to read the model: each column, the assumptions, and the five foundations."""
    logic_model = _model(model_slug)
    structure = model_structure(logic_model)
    return render(
        request, "logicmodel/guide.html", {"logic_model": logic_model, "structure": structure}
    )


@login_not_required
@public_cache
@require_GET
def column(request, model_slug, column_slug):
    logic_model = _model(model_slug)
    structure = model_structure(logic_model)
    current = next((c for c in structure.columns if c.slug == column_slug), None)
    if current is None:
        raise Http404("No such column")
    position = structure.columns.index(current)
    return render(
        request,
        "logicmodel/column.html",
        {
            "logic_model": logic_model,
            "column": current,
            "previous": structure.columns[position - 1] if position else None,
            "next": structure.columns[position + 1]
            if position + 1 < len(structure.columns)
            else None,
        },
    )


def _element(model_slug, column_slug, element_slug) -> Element:
    return get_object_or_404(
        Element.objects.select_related("logic_model", "section__column", "section__parent"),
        logic_model__slug=model_slug,
        section__column__slug=column_slug,
        slug=element_slug,
        live=True,
    )


@login_not_required
@public_cache
@require_GET
def element(request, model_slug, column_slug, element_slug):
    element = _element(model_slug, column_slug, element_slug)
    context = element_page_context(element)
    context["panels"] = element_page_panels(request, element)
    return render(request, "logicmodel/element.html", context)


@login_not_required
@require_GET
def checklist_pdf(request, model_slug, column_slug, element_slug):
    """An element's checklist as a printable PDF."""
    element = _element(model_slug, column_slug, element_slug)
    context = element_page_context(element)
    context["page_url"] = request.build_absolute_uri(element.get_absolute_url())
    html = render_to_string("logicmodel/checklist_pdf.html", context, request=request)
    try:
        pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    except PDFUnavailable:
        return render(request, "logicmodel/pdf_unavailable.html", context, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="checklist-{element.slug}.pdf"'
    return response


@login_not_required
@require_GET
def export(request, model_slug, fmt):
    """The model as a file, the same as `manage.py export_logic_model` writes."""
    if fmt not in ("json", "yaml"):
        raise Http404("Unknown format")
    logic_model = _model(model_slug)
    content_type = "application/json" if fmt == "json" else "application/yaml"
    response = HttpResponse(
        dump(export_model(logic_model), fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{logic_model.slug}.{fmt}"'
    return response


@login_not_required
@require_GET
def search(request, model_slug):
    """Search the model's elements: titles, summaries, explainers, examples and checklists."""
    logic_model = _model(model_slug)
    # PostgreSQL text cannot hold a NUL character: it is dropped, not sent to the search.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    results = []
    if query:
        elements = Element.objects.filter(logic_model=logic_model, live=True)
        results = get_search_backend().search(query, elements)
    paged = page_of(request, results, per_page=20)
    page = paged.page
    found = Element.objects.filter(pk__in=[e.pk for e in page]).select_related("section__column")
    by_pk = {e.pk: e for e in found}
    return render(
        request,
        "logicmodel/search.html",
        {
            "logic_model": logic_model,
            "query": query,
            "page_obj": page,
            "query_string": paged.query_string,
            "results": [by_pk[e.pk] for e in page if e.pk in by_pk],
            "columns": Column.objects.filter(logic_model=logic_model),
        },
    )
