"""Writes for local models: deriving a place's own copy of a national model, and changing it."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backend
from wagtail.tasks import update_reference_index_task

from core.pagecache import bump_on_commit
from ecosystem.models import Place
from logicmodel.content_io import clean_html
from logicmodel.models import (
    AssessmentAnswer,
    Assumption,
    ChecklistItem,
    Column,
    Element,
    Example,
    FoundationStatement,
    LogicModel,
    Resource,
    Section,
)
from logicmodel.selectors import model_structure

# Deriving ---------------------------------------------------------------------------------------

# Wagtail's bookkeeping on the originals does not belong to the copies.
_FRESH_STATE = {
    "latest_revision": None,
    "live_revision": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
    "has_unpublished_changes": False,
}


def _copy(obj, **changes):
    """An unsaved copy of obj with a new id: every stored field, then the changes."""
    model = type(obj)
    names = {f.name for f in model._meta.concrete_fields}
    copy = model(
        **{
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if not f.primary_key
        }
    )
    copy.pk = uuid.uuid4()
    for name, value in {**_FRESH_STATE, **changes}.items():
        if name in names:
            setattr(copy, name, value)
    return copy


def local_model_slug(source_model: LogicModel, place: Place) -> str:
    """The web address of a place's model: the source's, then the place's ("empowering-places-wigan")."""
    return f"{source_model.slug}-{place.slug}"[:100].rstrip("-")


def _index_references_after_commit(objects):
    # bulk_create sends no post_save, so queue what Wagtail would have queued for each save.
    for obj in objects:
        update_reference_index_task.enqueue(obj._meta.app_label, obj._meta.model_name, str(obj.pk))


def local_model_derive(*, place: Place, source_model: LogicModel, actor) -> LogicModel:
    """Copy a national model, whole, into a new local model for a place; one per place and source.

    Every copied column, section, element and checklist item remembers its original
    in `source`. Only published elements are copied, and the copies are published.
    The number of queries does not depend on the size of the model.
    """
    if source_model.kind != LogicModel.Kind.NATIONAL:
        raise ValidationError("A local model can only be created from a national model.")
    slug = local_model_slug(source_model, place)
    try:
        with transaction.atomic():
            # Lock the place so that two managers clicking at once make one model, not two.
            Place.objects.select_for_update().filter(pk=place.pk).first()
            if LogicModel.objects.filter(place=place, derived_from=source_model).exists():
                raise ValidationError(
                    f"{place.name} already has its own version of {source_model.title}. "
                    "Change that one instead of creating another."
                )
            if LogicModel.objects.filter(slug=slug).exists():
                raise ValidationError(
                    f"Another model already uses the web address “{slug}”. "
                    "Ask an administrator to rename it, then try again."
                )
            local = LogicModel.objects.create(
                slug=slug,
                title=f"{source_model.title} in {place.name}"[:200],
                kind=LogicModel.Kind.LOCAL,
                place=place,
                derived_from=source_model,
                summary=source_model.summary,
                source=source_model.source,
                guide=source_model.guide,
            )
            copies = _copy_structure(source_model, local)
            log(local, "wagtail.create", user=actor)
    except IntegrityError as error:
        # Only a concurrent create with the same web address gets here.
        raise ValidationError(
            f"{place.name}'s model was being created at the same moment. Reload the page to see it."
        ) from error
    transaction.on_commit(partial(_index_references_after_commit, copies))
    return local


def _copy_structure(source_model: LogicModel, local: LogicModel) -> list:
    """Copy the columns, sections and published elements of source_model into local, in bulk."""
    now = timezone.now()
    structure = model_structure(source_model, live_only=True)
    columns, sections = [], []
    assumptions, statements, elements, examples, items, resources = [], [], [], [], [], []
    section_copies = {}
    for column in structure.columns:
        column_copy = _copy(column, logic_model=local, source=column)
        columns.append(column_copy)
        for section in column.all_sections:
            section_copy = _copy(section, logic_model=local, column=column_copy, source=section)
            section_copies[section.pk] = section_copy
            sections.append(section_copy)
            assumptions += [_copy(a, section=section_copy) for a in section.assumptions.all()]
            statements += [
                _copy(s, section=section_copy) for s in section.foundation_statements.all()
            ]
            for element in section.elements.all():
                element_copy = _copy(
                    element,
                    logic_model=local,
                    section=section_copy,
                    source=element,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
                elements.append(element_copy)
                examples += [_copy(x, element=element_copy) for x in element.examples.all()]
                items += [
                    _copy(i, element=element_copy, source=i) for i in element.checklist_items.all()
                ]
                resources += [_copy(r, element=element_copy) for r in element.resources.all()]
    for section in sections:
        if section.source.parent_id:
            section.parent = section_copies[section.source.parent_id]
    Column.objects.bulk_create(columns)
    # One insert: foreign keys are checked at commit, so a sub-section may precede its parent.
    Section.objects.bulk_create(sections)
    Assumption.objects.bulk_create(assumptions)
    FoundationStatement.objects.bulk_create(statements)
    Element.objects.bulk_create(elements)
    Example.objects.bulk_create(examples)
    ChecklistItem.objects.bulk_create(items)
    Resource.objects.bulk_create(resources)
    # bulk_create skips the search index's signals: index the copies (with their checklists) at once.
    get_search_backend().add_bulk(
        Element,
        Element.objects.filter(logic_model=local).prefetch_related("examples", "checklist_items"),
    )
    bump_on_commit()  # bulk_create sends no signal
    return [*columns, *sections, *elements]


# Editing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistChange:
    """One row of an element's checklist as submitted: an existing item (item set) or a new one."""

    item: ChecklistItem | None
    text: str = ""
    guidance: str = ""
    remove: bool = False


def _require_local(model: LogicModel):
    if not model.is_local:
        raise ValidationError("Only a local model can be changed here.")


def _apply_checklist(element: Element, checklist: Sequence[ChecklistChange]):
    """Change, add and remove an element's checklist items; refuse to remove answered items."""
    to_remove = [c.item for c in checklist if c.item is not None and c.remove]
    to_change = [c for c in checklist if c.item is not None and not c.remove]
    to_add = [c for c in checklist if c.item is None and not c.remove]
    if any(c.item.element_id != element.pk for c in checklist if c.item is not None):
        raise ValidationError({"checklist": "A checklist item does not belong to this element."})
    answered = (
        list(
            AssessmentAnswer.objects.filter(item__in=to_remove)
            .values_list("item__text", flat=True)
            .distinct()
        )
        if to_remove
        else []
    )
    if answered:
        raise ValidationError(
            {
                "checklist": [
                    f"“{text}” has been answered in a reflection, so it cannot be removed. "
                    "Change its wording instead."
                    for text in answered
                ]
            }
        )
    changed = []
    for change in to_change:
        item = change.item
        item.text, item.guidance = change.text.strip(), change.guidance.strip()
        item.full_clean(exclude=["element", "source"])
        changed.append(item)
    last = (
        ChecklistItem.objects.filter(element=element).aggregate(last=Max("sort_order"))["last"]
        if to_add
        else None
    )
    start = -1 if last is None else last
    new = [
        ChecklistItem(
            element=element, text=c.text.strip(), guidance=c.guidance.strip(), sort_order=start + n
        )
        for n, c in enumerate(to_add, start=1)
    ]
    for item in new:
        item.full_clean(exclude=["element", "source"])
    if to_remove:
        ChecklistItem.objects.filter(pk__in=[i.pk for i in to_remove]).delete()
    if changed:
        ChecklistItem.objects.bulk_update(changed, ["text", "guidance"])
    if new:
        ChecklistItem.objects.bulk_create(new)
    bump_on_commit()  # bulk writes send no signal


@transaction.atomic
def local_element_update(
    *,
    element: Element,
    actor,
    title: str,
    summary: str,
    explainer: str,
    checklist: Sequence[ChecklistChange] = (),
) -> Element:
    """Change an element of a local model and its checklist, all or nothing."""
    _require_local(element.logic_model)
    element.title = title.strip()
    element.summary = summary.strip()
    element.explainer = clean_html(explainer)
    element.full_clean(
        exclude=["logic_model", "section", "source", "latest_revision", "live_revision"]
    )
    _apply_checklist(element, checklist)
    # Saved last, so the search index (updated on save) sees the new checklist too.
    element.save(update_fields=["title", "summary", "explainer"])
    log(element, "wagtail.edit", user=actor)
    return element


def _unique_element_slug(model: LogicModel, title: str) -> str:
    taken = set(Element.objects.filter(logic_model=model).values_list("slug", flat=True))
    base = slugify(title)[:90].strip("-") or "element"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def local_element_create(
    *,
    section: Section,
    actor,
    title: str,
    summary: str,
    explainer: str,
    checklist: Sequence[ChecklistChange] = (),
) -> Element:
    """Add a published element, with its checklist, to a section of a local model."""
    model = section.logic_model
    _require_local(model)
    if any(c.item is not None for c in checklist):
        raise ValidationError({"checklist": "A new element starts with new checklist items only."})
    now = timezone.now()
    try:
        with transaction.atomic():
            last = Element.objects.filter(section=section).aggregate(last=Max("position"))["last"]
            element = Element(
                logic_model=model,
                section=section,
                slug=_unique_element_slug(model, title),
                position=(last or 0) + 1,
                title=title.strip(),
                summary=summary.strip(),
                explainer=clean_html(explainer),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
            element.full_clean(
                exclude=["logic_model", "section", "source", "latest_revision", "live_revision"]
            )
            element.save()
            _apply_checklist(element, checklist)
            # Saving indexed the element before it had a checklist: index it again, whole.
            search_index.insert_or_update_object(element)
            log(element, "wagtail.create", user=actor)
    except IntegrityError as error:
        raise ValidationError(
            "Someone added an element with the same name at the same moment. Try again."
        ) from error
    return element
