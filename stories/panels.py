"""What stories add to journeys' pages (registered in StoriesConfig.ready)."""

from .models import StoryPrompt
from .selectors import journey_stories, own_stories


def journey_panel(request, journey) -> dict:
    """On a journey's staff page: its stories, a prompt after a stage change, and a way to
    capture one."""
    prompt = (
        StoryPrompt.objects.filter(journey=journey, closed_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return {
        "template": "stories/panels/journey.html",
        "journey": journey,
        "stories": journey_stories(journey),
        "prompt": prompt,
    }


def my_journey_panel(request) -> dict:
    """On "My journey": the person's stories, and a way to tell one."""
    return {"template": "stories/panels/mine.html", "stories": own_stories(request.user)}
