"""What referrals add to journeys' pages (registered in ReferralsConfig.ready)."""

from .selectors import journey_referrals, own_referrals


def journey_panel(request, journey) -> dict:
    """On a journey's staff page: its referrals, and a way to make one."""
    return {"template": "referrals/panels/journey.html", "referrals": journey_referrals(journey)}


def my_journey_panel(request) -> dict | None:
    """On "My journey": the referrals made for the person, and where each stands."""
    referrals = own_referrals(request.user)
    if not referrals:
        return None
    return {"template": "referrals/panels/mine.html", "referrals": referrals}
