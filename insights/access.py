"""Who may open a place's insights, and what they already hold of its figures.

A place's figures are for its commissioners, the administrators, and the staff and managers
of the organisations that serve it. Everyone else gets 404, as for a place that does not
exist. Staff see their own organisation's figures in full (they hold those records) beside
the place's, which are suppressed for what the rest of the place holds.
"""

from dataclasses import dataclass, field

from core.access import Access, require_access
from ecosystem.models import Organisation, Place
from ecosystem.selectors import member_organisation_ids, places_worked_or_commissioned

from .models import Report


@dataclass(frozen=True)
class Viewer:
    """A person looking at one place: the organisations of theirs that serve it."""

    place: Place
    organisation_ids: list = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    @property
    def holds_records(self) -> bool:
        return bool(self.organisation_ids)


def place_organisation_ids(place: Place) -> list:
    """The organisations whose records make up a place's figures: those that serve it, apart
    from the commissioners and funders (they commission; they hold no one's records)."""
    return list(
        Organisation.objects.filter(places=place)
        .exclude(kind__in=[Organisation.Kind.COMMISSIONER, Organisation.Kind.FUNDER])
        .values_list("pk", flat=True)
    )


def chosen_place(request) -> Place | None:
    """The place the living model's figures are for (?place=), or None for every place."""
    slug = request.GET.get("place", "")
    return Place.objects.filter(slug=slug).first() if slug else None


def get_place_for_insights(user, slug: str) -> Viewer:
    place = next((p for p in places_worked_or_commissioned(user) if p.slug == slug), None)
    place = require_access(place, Access.READ if place else Access.NONE)
    own = list(
        Organisation.objects.filter(pk__in=member_organisation_ids(user), places=place)
        .exclude(kind__in=[Organisation.Kind.COMMISSIONER, Organisation.Kind.FUNDER])
        .order_by("name")
    )
    return Viewer(place=place, organisation_ids=[o.pk for o in own], organisations=own)


def get_report_for_user(user, pk):
    """A printable report for the person who asked for it, while they may still open its place;
    404 to everyone else, as for a report that does not exist."""
    report = Report.objects.filter(pk=pk, requested_by_id=user.pk).select_related("place").first()
    report = require_access(report, Access.READ if report else Access.NONE)
    get_place_for_insights(user, report.place.slug)
    return report
