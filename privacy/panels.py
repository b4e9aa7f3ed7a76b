"""What privacy adds to journeys' pages (registered in PrivacyConfig.ready)."""

from ecosystem.selectors import may_manage


def journey_panel(request, journey) -> dict | None:
    """On a journey's staff page, for the organisation's managers: the person's data rights."""
    if not may_manage(request.user, journey.organisation):
        return None
    return {"template": "privacy/panels/journey.html", "journey": journey}


def my_data_panel(request) -> dict:
    """On My journey: where to get a copy of one's data."""
    return {"template": "privacy/panels/mine.html"}
