"""What the apps' figures selectors return for insights: raw counts, suppressed only by insights."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """One row of a category count: a stable key, the words to show, and the raw number."""

    key: str
    label: str
    value: int
