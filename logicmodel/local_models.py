"""Local models: a place's own copy of a national model, who may see and change it, and what differs.

Access follows core.access: the managers of a place's catalyst hubs (and
administrators) change the place's local models; the hubs' staff and the
place's commissioners read them; every other signed-in person gets 404.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backend
from wagtail.tasks import update_reference_index_task

from core.access import Access, require_access
from ecosystem.models import CommissionerScope, Membership, Place

from .content_io import clean_html
from .models import (
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
from .selectors import model_structure, national_model

# Access ---------------------------------------------------------------------------------


def place_access(user, place: Place) -> Access:
    """Managers of the place's catalyst hubs and administrators write; the hubs' staff and its commissioners read."""
    if not user.is_authenticated:
        return Access.NONE
    if user.is_superuser:
        return Access.WRITE
    roles = set(
        Membership.objects.filter(
            user=user, organisation__is_catalyst_hub=True, organisation__places=place
        ).values_list("role", flat=True)
    )
    if Membership.Role.MANAGER in roles:
        return Access.WRITE
    if roles or CommissionerScope.objects.filter(user=user, place=place).exists():
        return Access.READ
    return Access.NONE


def local_model_access(user, model: LogicModel) -> Access:
    """What a person may do with a local model: what they may do for its place (national models: nothing here)."""
    if not model.is_local or model.place_id is None:
        return Access.NONE
    return place_access(user, model.place)


def _local_model_with_access(user, pk) -> tuple[LogicModel | None, Access]:
    model = (
        LogicModel.objects.filter(pk=pk, kind=LogicModel.Kind.LOCAL)
        .select_related("place", "derived_from")
        .first()
    )
    return model, (local_model_access(user, model) if model else Access.NONE)


def get_local_model_for_user(user, pk, *, write: bool = False) -> LogicModel:
    """The local model, if this person may see it (404 otherwise; 403 to write with read access)."""
    model, granted = _local_model_with_access(user, pk)
    return require_access(model, granted, write=write)


def get_local_element_for_user(user, model_pk, element_pk, *, write: bool = False) -> Element:
    """An element of a local model this person may see (write: one whose place they manage)."""
    model, granted = _local_model_with_access(user, model_pk)
    require_access(model, granted, write=write)
    element = (
        Element.objects.filter(logic_model=model, pk=element_pk)
        .select_related("section__column", "section__parent")
        .first()
    )
    if element:
        element.logic_model = model
    return require_access(element, granted, write=write)


def get_local_section_for_user(user, model_pk, section_pk, *, write: bool = False) -> Section:
    """A section of a local model this person may see (write: one whose place they manage)."""
    model, granted = _local_model_with_access(user, model_pk)
    require_access(model, granted, write=write)
    section = (
        Section.objects.filter(logic_model=model, pk=section_pk)
        .select_related("column", "parent")
        .first()
    )
    if section:
        section.logic_model = model
    return require_access(section, granted, write=write)


def get_place_for_deriving(user, place_pk) -> Place:
    """A place this person may create a local model for (404 to outsiders, 403 to those who only read)."""
    place = Place.objects.filter(pk=place_pk).first()
    granted = place_access(user, place) if place else Access.NONE
    return require_access(place, granted, write=True)


# Selectors ---------------------------------------------------------------------------------


def places_writable_by(user) -> QuerySet[Place]:
    """The places whose local models a person may create and change."""
    if not user.is_authenticated:
        return Place.objects.none()
    if user.is_superuser:
        return Place.objects.all()
    managed = Membership.objects.filter(
        user=user, role=Membership.Role.MANAGER, organisation__is_catalyst_hub=True
    ).values("organisation__places")
    return Place.objects.filter(pk__in=managed)


def places_readable_by(user) -> QuerySet[Place]:
    """The places whose local models a person may open in the staff area."""
    if not user.is_authenticated:
        return Place.objects.none()
    if user.is_superuser:
        return Place.objects.all()
    hub_places = Membership.objects.filter(user=user, organisation__is_catalyst_hub=True).values(
        "organisation__places"
    )
    commissioned = CommissionerScope.objects.filter(user=user).values("place")
    return Place.objects.filter(Q(pk__in=hub_places) | Q(pk__in=commissioned))


def local_models_visible_to(user) -> QuerySet[LogicModel]:
    """The local models a person may open in the staff area."""
    return (
        LogicModel.objects.filter(kind=LogicModel.Kind.LOCAL, place__in=places_readable_by(user))
        .select_related("place", "derived_from")
        .order_by("place__name", "title")
    )


@dataclass
class LocalModelListing:
    model: LogicModel
    can_change: bool


@dataclass
class LocalModelsOverview:
    """What the staff area's list shows one person, read in a fixed number of queries."""

    national: LogicModel | None
    models: list[LocalModelListing]
    places_to_derive: list[Place]


def local_models_overview(user) -> LocalModelsOverview:
    """The local models a person may open, and the places they may still create one for."""
    national = national_model()
    writable = {place.pk: place for place in places_writable_by(user).order_by("name")}
    models = list(local_models_visible_to(user))
    derived = {m.place_id for m in models if national and m.derived_from_id == national.pk}
    return LocalModelsOverview(
        national=national,
        models=[LocalModelListing(m, m.place_id in writable) for m in models],
        places_to_derive=[p for pk, p in writable.items() if pk not in derived] if national else [],
    )


def local_model_outline(model: LogicModel):
    """A local model's columns, sections and every element (published or not), for its staff page."""
    return model_structure(model, live_only=False)


# Services: deriving ---------------------------------------------------------------------------

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
    return [*columns, *sections, *elements]


# Services: editing ------------------------------------------------------------------------------


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


# Comparing -----------------------------------------------------------------------------------------

FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "explainer": "Explainer",
    "section": "Section",
}


def _same(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


@dataclass
class ItemChange:
    local: ChecklistItem
    national: ChecklistItem
    fields: list[str]


@dataclass
class ElementComparison:
    """A local element beside the national element it was copied from."""

    local: Element
    national: Element
    national_section: Section | None = None
    national_column: Column | None = None
    fields: list[str] = field(default_factory=list)
    items_added: list[ChecklistItem] = field(default_factory=list)
    items_changed: list[ItemChange] = field(default_factory=list)
    items_removed: list[ChecklistItem] = field(default_factory=list)

    @property
    def checklist_changed(self) -> bool:
        return bool(self.items_added or self.items_changed or self.items_removed)

    @property
    def is_changed(self) -> bool:
        return bool(self.fields) or self.checklist_changed

    @property
    def field_labels(self) -> list[str]:
        return [FIELD_LABELS[f] for f in self.fields]

    @property
    def difference_labels(self) -> list[str]:
        """What differs, in words: the changed fields, then the checklist if any item differs."""
        return self.field_labels + (["Checklist"] if self.checklist_changed else [])


@dataclass
class SectionComparison:
    section: Section
    national_section: Section | None
    national_column: Column | None = None
    only_in_national: bool = False
    unchanged: list[Element] = field(default_factory=list)
    changed: list[ElementComparison] = field(default_factory=list)
    added: list[Element] = field(default_factory=list)
    missing: list[Element] = field(default_factory=list)

    @property
    def has_elements(self) -> bool:
        return bool(self.unchanged or self.changed or self.added or self.missing)


@dataclass
class ColumnComparison:
    column: Column
    sections: list[SectionComparison] = field(default_factory=list)
    only_in_national: bool = False

    def count(self, category: str) -> int:
        return sum(len(getattr(s, category)) for s in self.sections)

    @property
    def counts(self) -> dict[str, int]:
        return {c: self.count(c) for c in ("unchanged", "changed", "added", "missing")}


@dataclass
class ModelComparison:
    local: LogicModel
    national: LogicModel
    columns: list[ColumnComparison]

    @property
    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(("unchanged", "changed", "added", "missing"), 0)
        for column in self.columns:
            for category, n in column.counts.items():
                totals[category] += n
        return totals

    @property
    def is_identical(self) -> bool:
        counts = self.counts
        return not (counts["changed"] or counts["added"] or counts["missing"])


def _compare_element(
    local: Element, national: Element, local_section: Section, national_place: dict
) -> ElementComparison:
    national_section, national_column = national_place[national.section_id]
    comparison = ElementComparison(
        local=local,
        national=national,
        national_section=national_section,
        national_column=national_column,
    )
    comparison.fields = [
        name
        for name in ("title", "summary", "explainer")
        if not _same(getattr(local, name), getattr(national, name))
    ]
    if local_section.source_id != national.section_id:
        comparison.fields.append("section")
    national_items = {i.pk: i for i in national.checklist_items.all()}
    copied = set()
    for item in local.checklist_items.all():
        original = national_items.get(item.source_id)
        if original is None:
            comparison.items_added.append(item)
            continue
        copied.add(original.pk)
        fields = [
            n for n in ("text", "guidance") if not _same(getattr(item, n), getattr(original, n))
        ]
        if fields:
            comparison.items_changed.append(
                ItemChange(local=item, national=original, fields=fields)
            )
    comparison.items_removed = [i for pk, i in national_items.items() if pk not in copied]
    return comparison


def compare_models(local: LogicModel, national: LogicModel) -> ModelComparison:
    """Per column and section: the local model's published elements unchanged, changed or added, and
    the national model's published elements it leaves out.

    Reads both models whole in a fixed number of queries.
    """
    mine = model_structure(local)
    # Unpublished national elements too: a copy of one is still a copy, not a local addition.
    theirs = model_structure(national, live_only=False)
    national_elements = {e.pk: e for e in theirs.elements}
    national_place = {s.pk: (s, c) for c in theirs.columns for s in c.all_sections}
    copied = {e.source_id for e in mine.elements if e.source_id in national_elements}
    claimed_sections = set()
    columns = []
    by_source_column = {}
    for column in mine.columns:
        column_comparison = ColumnComparison(column=column)
        columns.append(column_comparison)
        by_source_column.setdefault(column.source_id, column_comparison)
        for section in column.all_sections:
            original, original_column = national_place.get(section.source_id, (None, None))
            comparison = SectionComparison(
                section=section, national_section=original, national_column=original_column
            )
            for element in section.elements.all():
                national_element = national_elements.get(element.source_id)
                if national_element is None:
                    comparison.added.append(element)
                    continue
                element_comparison = _compare_element(
                    element, national_element, section, national_place
                )
                if element_comparison.is_changed:
                    comparison.changed.append(element_comparison)
                else:
                    comparison.unchanged.append(element)
            if original is not None and original.pk not in claimed_sections:
                claimed_sections.add(original.pk)
                comparison.missing = [
                    e for e in original.elements.all() if e.live and e.pk not in copied
                ]
            column_comparison.sections.append(comparison)
    # National sections no local section was copied from: their elements are missing too.
    for column in theirs.columns:
        for section in column.all_sections:
            if section.pk in claimed_sections:
                continue
            missing = [e for e in section.elements.all() if e.live and e.pk not in copied]
            if not missing:
                continue
            target = by_source_column.get(column.pk)
            if target is None:
                target = ColumnComparison(column=column, only_in_national=True)
                by_source_column[column.pk] = target
                columns.append(target)
            target.sections.append(
                SectionComparison(
                    section=section,
                    national_section=section,
                    national_column=column,
                    only_in_national=True,
                    missing=missing,
                )
            )
    return ModelComparison(local=local, national=national, columns=columns)
