"""Sessions as an iCalendar (.ics) file, for staff and for the people they support."""

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Session


def sessions_calendar(
    sessions: Iterable[Session], *, name: str, base_url: str, for_staff: bool
) -> bytes:
    """An .ics file of sessions. Staff see who takes part; the person supported sees only the hub."""
    calendar = Calendar()
    calendar.add("prodid", "-//Empowering Places//Sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"{session.pk}@empowering-places")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
        if for_staff:
            people = ", ".join(j.client.display_name for j in session.journeys.all())
            event.add("summary", f"{session.get_kind_display()}: {people}")
            event.add("url", base_url.rstrip("/") + session.get_absolute_url())
        else:
            event.add("summary", f"{session.get_kind_display()} with {session.organisation.name}")
        event.add("description", session.topics or session.get_mode_display())
        event.add("location", session.get_mode_display())
        calendar.add_component(event)
    return calendar.to_ical()
