"""Access helpers for referrals (see core.access for the rule).

A referral is for the staff of the two organisations it is between; for anyone
else it does not exist. The receiver sees the person only as far as consent allows,
because the referral holds nothing more.
"""

from core.access import Access, require_access
from journeys.access import get_journey_for_user

from .models import Referral
from .selectors import referrals_visible_to


def get_referral_for_user(user, pk, *, write: bool = False) -> Referral:
    """A referral sent or received by an organisation this person works for."""
    referral = (
        referrals_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "from_organisation",
            "to_organisation",
            "to_service",
            "from_journey",
            "receiving_journey",
        )
        .first()
    )
    return require_access(referral, Access.WRITE if referral else Access.NONE, write=write)


def get_journey_to_refer(user, pk):
    """A journey this person may refer from: one of their own organisation's."""
    return get_journey_for_user(user, pk, write=True)


def get_place_figures_for_user(user, pk):
    """A place whose referral figures this person may see (they work or commission there)."""
    from ecosystem.selectors import places_worked_or_commissioned

    place = next((p for p in places_worked_or_commissioned(user) if str(p.pk) == str(pk)), None)
    return require_access(place, Access.READ if place else Access.NONE)
