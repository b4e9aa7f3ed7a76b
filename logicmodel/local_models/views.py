"""Local models: a place's own model derived from the national one.

The staff area (/work/local-models/) is behind the access helpers in
logicmodel.local_models.access; the comparison page (/model/<slug>/compare/) is public.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Access
from logicmodel.models import LogicModel
from logicmodel.selectors import national_model

from .access import (
    get_local_element_for_user,
    get_local_model_for_user,
    get_local_section_for_user,
    get_place_for_deriving,
    local_model_access,
)
from .forms import ElementForm, checklist_formset, checklist_item_helper
from .selectors import compare_models, local_model_outline, local_models_overview
from .services import local_element_create, local_element_update, local_model_derive


@require_GET
def index(request):
    """The local models this person may open, and the places they may create one for."""
    overview = local_models_overview(request.user)
    return render(request, "logicmodel/local_models/index.html", {"overview": overview})


@require_POST
def derive(request, place_pk):
    """Create a place's own model from the national one."""
    place = get_place_for_deriving(request.user, place_pk)
    source = national_model()
    if source is None:
        messages.error(
            request, "The national model is not loaded yet, so there is nothing to copy."
        )
        return redirect("local_models:index")
    try:
        local = local_model_derive(place=place, source_model=source, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("local_models:index")
    messages.success(
        request, f"{local.title} has been created. Change its elements to suit {place.name}."
    )
    return redirect("local_models:detail", pk=local.pk)


@require_GET
def detail(request, pk):
    """A local model's columns, sections and elements, with what this person may do to them."""
    model = get_local_model_for_user(request.user, pk)
    return render(
        request,
        "logicmodel/local_models/detail.html",
        {
            "logic_model": model,
            "structure": local_model_outline(model),
            "can_change": local_model_access(request.user, model) >= Access.WRITE,
        },
    )


def _show_service_errors(error: ValidationError, form, formset):
    """Put a service's refusal beside the field it concerns, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _element_form_page(
    request, *, form, formset, logic_model, section, element=None, saved_title=""
):
    return render(
        request,
        "logicmodel/local_models/element_form.html",
        {
            "form": form,
            "formset": formset,
            "item_helper": checklist_item_helper(),
            "logic_model": logic_model,
            "section": section,
            "element": element,
            "saved_title": saved_title,
        },
    )


@require_http_methods(["GET", "POST"])
def element_edit(request, pk, element_pk):
    """Change an element of a local model and its checklist."""
    element = get_local_element_for_user(request.user, pk, element_pk, write=True)
    saved_title = element.title
    data = request.POST if request.method == "POST" else None
    form = ElementForm(data, element=element)
    formset = checklist_formset(element, data)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            local_element_update(
                element=element,
                actor=request.user,
                checklist=formset.changes(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _show_service_errors(error, form, formset)
        else:
            messages.success(request, f"“{element.title}” has been saved.")
            return redirect("local_models:detail", pk=element.logic_model_id)
    return _element_form_page(
        request,
        form=form,
        formset=formset,
        logic_model=element.logic_model,
        section=element.section,
        element=element,
        saved_title=saved_title,
    )


@require_http_methods(["GET", "POST"])
def element_add(request, pk, section_pk):
    """Add a new element, with its checklist, to a section of a local model."""
    section = get_local_section_for_user(request.user, pk, section_pk, write=True)
    data = request.POST if request.method == "POST" else None
    form = ElementForm(data)
    formset = checklist_formset(None, data)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            element = local_element_create(
                section=section,
                actor=request.user,
                checklist=formset.changes(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _show_service_errors(error, form, formset)
        else:
            messages.success(request, f"“{element.title}” has been added to {section}.")
            return redirect("local_models:detail", pk=section.logic_model_id)
    return _element_form_page(
        request, form=form, formset=formset, logic_model=section.logic_model, section=section
    )


@login_not_required
@require_GET
def compare(request, model_slug):
    """What a local model changes, adds and leaves out compared with the model it came from."""
    local = (
        LogicModel.objects.filter(slug=model_slug, kind=LogicModel.Kind.LOCAL)
        .select_related("place", "derived_from")
        .first()
    )
    if local is None or local.derived_from is None:
        raise Http404("No such local model")
    comparison = compare_models(local, local.derived_from)
    return render(
        request,
        "logicmodel/local_models/compare.html",
        {"logic_model": local, "national": local.derived_from, "comparison": comparison},
    )
