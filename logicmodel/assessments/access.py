"""Access helpers for Assessment (see core.access for how the answers are given).

Who may do what:

- an organisation's assessment: its managers write, its staff read, commissioners
  of any place it serves read;
- a place's assessment: managers of the place's catalyst hubs write, their staff
  read, commissioners of the place read;
- superusers write everything; everyone else is told it does not exist.
"""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.access import Access, require_access
from ecosystem.models import CommissionerScope, Membership, Organisation
from logicmodel.models import Assessment


def _access_conditions(user) -> tuple[Q, Q]:
    """(may write, may read) as conditions on Assessment, for a signed-in person who is not a superuser.

    Each condition compares the assessment's own columns with a subquery, so the
    rows are never multiplied by joins.
    """
    memberships = Membership.objects.filter(user=user)
    managed = memberships.filter(role=Membership.Role.MANAGER).values("organisation_id")
    worked_for = memberships.values("organisation_id")
    served = Organisation.places.through.objects
    commissioned = CommissionerScope.objects.filter(user=user).values("place_id")
    hub_places_managed = served.filter(
        organisation__is_catalyst_hub=True, organisation_id__in=managed
    ).values("place_id")
    hub_places_worked = served.filter(
        organisation__is_catalyst_hub=True, organisation_id__in=worked_for
    ).values("place_id")
    organisations_in_commissioned_places = served.filter(place_id__in=commissioned).values(
        "organisation_id"
    )
    may_write = Q(organisation_id__in=managed) | Q(place_id__in=hub_places_managed)
    may_read = (
        may_write
        | Q(organisation_id__in=worked_for)
        | Q(organisation_id__in=organisations_in_commissioned_places)
        | Q(place_id__in=hub_places_worked)
        | Q(place_id__in=commissioned)
    )
    return may_write, may_read


def _with_access(queryset: QuerySet[Assessment], user) -> QuerySet[Assessment]:
    """Annotate each assessment with `access`, the Access this person has to it."""
    if not user.is_authenticated:
        granted = Value(int(Access.NONE))
    elif user.is_superuser:
        granted = Value(int(Access.WRITE))
    else:
        may_write, may_read = _access_conditions(user)
        granted = Case(
            When(may_write, then=Value(int(Access.WRITE))),
            When(may_read, then=Value(int(Access.READ))),
            default=Value(int(Access.NONE)),
            output_field=IntegerField(),
        )
    return queryset.annotate(access=granted)


def get_assessment_for_user(user, pk, *, write: bool = False) -> Assessment:
    """The assessment, if this person may see it (404 otherwise; 403 to change it without writing)."""
    assessment = (
        _with_access(
            Assessment.objects.select_related("organisation", "place", "logic_model"), user
        )
        .filter(pk=pk)
        .first()
    )
    granted = Access(assessment.access) if assessment else Access.NONE
    assessment = require_access(assessment, granted, write=write)
    assessment.can_write = granted >= Access.WRITE
    return assessment


def get_public_assessment(pk) -> Assessment:
    """An assessment whose summary its managers have shared publicly (404 for any other)."""
    return require_access(
        Assessment.objects.filter(pk=pk, summary_is_public=True)
        .select_related("organisation", "place", "logic_model")
        .first(),
        Access.READ,
    )
