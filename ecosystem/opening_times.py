"""Weekly opening times written as people write them: "Mon-Fri 09:00-17:00; Sat 10:00-13:00".

The directory's import reads them this way and its export writes them back the same,
so an exported file imports again unchanged.
"""

import re
from collections.abc import Iterable
from datetime import time

from .models import Schedule

DAYS = {
    "mo": "MO",
    "mon": "MO",
    "monday": "MO",
    "tu": "TU",
    "tue": "TU",
    "tues": "TU",
    "tuesday": "TU",
    "we": "WE",
    "wed": "WE",
    "weds": "WE",
    "wednesday": "WE",
    "th": "TH",
    "thu": "TH",
    "thur": "TH",
    "thurs": "TH",
    "thursday": "TH",
    "fr": "FR",
    "fri": "FR",
    "friday": "FR",
    "sa": "SA",
    "sat": "SA",
    "saturday": "SA",
    "su": "SU",
    "sun": "SU",
    "sunday": "SU",
}
DAY_ORDER = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_SHORT = {
    "MO": "Mon",
    "TU": "Tue",
    "WE": "Wed",
    "TH": "Thu",
    "FR": "Fri",
    "SA": "Sat",
    "SU": "Sun",
}
_OPENING = re.compile(
    r"^(?P<days>[a-z]+(?:\s*(?:-|to)\s*[a-z]+)?)\s+"
    r"(?P<opens>\d{1,2}[:.]\d{2})\s*(?:-|to)\s*(?P<closes>\d{1,2}[:.]\d{2})$"
)
OPENING_TIMES_HELP = "Write them like “Mon-Fri 09:00-17:00; Sat 10:00-13:00”."


def _time(value: str) -> time:
    hours, minutes = (int(part) for part in re.split(r"[:.]", value))
    return time(hours, minutes)


def parse_opening_times(value: str) -> list[tuple[str, time, time]]:
    """'Mon-Fri 09:00-17:00; Sat 10:00-13:00' → [(day, opens, closes), ...]; ValueError if unclear."""
    entries = []
    for part in re.split(r"[;\n]", value):
        part = " ".join(part.replace("\u2013", "-").strip().lower().split())
        if not part:
            continue
        part = re.sub(r"^(weekdays|mon(?:day)?\s*-\s*fri(?:day)?)\b", "mon-fri", part)
        part = re.sub(r"^(daily|every day)\b", "mon-sun", part)
        match = _OPENING.match(part)
        if not match:
            raise ValueError(f"we cannot read “{part}”. {OPENING_TIMES_HELP}")
        day_names = re.split(r"\s*(?:-|to)\s*", match["days"])
        if any(d not in DAYS for d in day_names):
            raise ValueError(
                f"we do not know the day in “{part}”. Use Mon, Tue, Wed, Thu, Fri, Sat or Sun."
            )
        first, last = DAY_ORDER.index(DAYS[day_names[0]]), DAY_ORDER.index(DAYS[day_names[-1]])
        if last < first:
            raise ValueError(f"“{part}” runs backwards: put the earlier day first.")
        try:
            opens, closes = _time(match["opens"]), _time(match["closes"])
        except ValueError:
            raise ValueError(
                f"“{part}” has a time that does not exist. Use the 24-hour clock, like 09:00 or 17:30."
            ) from None
        if closes <= opens:
            raise ValueError(f"in “{part}” the closing time must be after the opening time.")
        entries.extend((day, opens, closes) for day in DAY_ORDER[first : last + 1])
    return entries


def format_opening_times(schedules: Iterable[Schedule]) -> str:
    """The inverse of parse_opening_times: 'Mon-Fri 09:00-17:00; Sat 10:00-13:00'."""
    by_hours: dict[tuple[time, time], list[int]] = {}
    for s in schedules:
        by_hours.setdefault((s.opens_at, s.closes_at), []).append(DAY_ORDER.index(s.byday))
    entries = []
    for (opens, closes), days in by_hours.items():
        days = sorted(set(days))
        runs = [[days[0]]]
        for day in days[1:]:
            if day == runs[-1][-1] + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            first, last = DAY_SHORT[DAY_ORDER[run[0]]], DAY_SHORT[DAY_ORDER[run[-1]]]
            label = first if len(run) == 1 else f"{first}-{last}"
            entries.append((run[0], opens, f"{label} {opens:%H:%M}-{closes:%H:%M}"))
    return "; ".join(text for *_, text in sorted(entries))
