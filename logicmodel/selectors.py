"""Reads of the logic model, each in a fixed number of queries whatever the model's size."""

from dataclasses import dataclass

from django.db.models import Prefetch

from .models import Column, Element, LogicModel, Section

NATIONAL_MODEL_SLUG = "empowering-places"


@dataclass
class ModelStructure:
    model: LogicModel
    columns: list[Column]

    @property
    def elements(self) -> list[Element]:
        return [e for c in self.columns for s in c.all_sections for e in s.elements.all()]


def _elements_queryset(live_only: bool):
    queryset = Element.objects.prefetch_related(
        "examples", "checklist_items", Prefetch("resources", queryset=_resources())
    )
    return queryset.filter(live=True) if live_only else queryset


def _resources():
    from .models import Resource

    return Resource.objects.select_related("document")


def model_structure(model: LogicModel, *, live_only: bool = True) -> ModelStructure:
    """Columns → top-level sections → sub-sections, each with elements, assumptions and foundations.

    Columns get `top_sections` and `all_sections`; sections get `children`.
    """
    columns = list(Column.objects.filter(logic_model=model).order_by("position"))
    sections = list(
        Section.objects.filter(logic_model=model)
        .order_by("position")
        .prefetch_related(
            "assumptions",
            "foundation_statements",
            Prefetch("elements", queryset=_elements_queryset(live_only).order_by("position")),
        )
    )
    by_column = {c.pk: c for c in columns}
    for column in columns:
        column.top_sections, column.all_sections = [], []
    for section in sections:
        section.children = []
    by_id = {s.pk: s for s in sections}
    for section in sections:
        column = by_column[section.column_id]
        column.all_sections.append(section)
        if section.parent_id:
            by_id[section.parent_id].children.append(section)
        else:
            column.top_sections.append(section)
    return ModelStructure(model=model, columns=columns)


def national_model() -> LogicModel | None:
    return LogicModel.objects.filter(slug=NATIONAL_MODEL_SLUG).first()


def element_page_context(element: Element, *, preview: bool = False) -> dict:
    """What an element's page shows: the element, its place in the model, its neighbours."""
    section = element.section
    column = section.column
    top = section.parent or section
    return {
        "element": element,
        "section": section,
        "top_section": top,
        "column": column,
        "logic_model": element.logic_model,
        "examples": list(element.examples.all()),
        "checklist_items": list(element.checklist_items.all()),
        "resources": list(element.resources.select_related("document")),
        "assumptions": list(top.assumptions.all()),
        "foundation_statements": list(top.foundation_statements.all()),
        "is_preview": preview,
    }
