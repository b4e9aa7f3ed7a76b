"""Reads for local models: the lists a person sees, a model's outline, and what it changes.

What a local model changes is read against the national model it was copied from.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from ecosystem.models import CommissionerScope, Membership, Place
from logicmodel.models import ChecklistItem, Column, Element, LogicModel, Section
from logicmodel.selectors import model_structure, national_model


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
