"""Access helpers for local models (see core.access for how the answers are given).

The managers of a place's catalyst hubs (and administrators) change the place's
local models; the hubs' staff and the place's commissioners read them; every other
signed-in person gets 404.
"""

from core.access import Access, require_access
from ecosystem.models import CommissionerScope, Membership, Place
from logicmodel.models import Element, LogicModel, Section


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
