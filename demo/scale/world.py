"""What the parts of a scale load share: the generator, the dates, and what has been made so far."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# Three years of history, counted back from today.
SPAN_DAYS = 3 * 365


@dataclass
class PlaceInfo:
    id: uuid.UUID
    name: str
    slug: str
    gss_code: str
    postcodes: list[str]


@dataclass
class OrgInfo:
    index: int
    id: uuid.UUID
    name: str
    kind: str
    places: list[PlaceInfo]
    members: list[int] = field(default_factory=list)  # user ids, the manager first
    services: list[uuid.UUID] = field(default_factory=list)
    journeys: list = field(default_factory=list)  # JourneyPlan

    @property
    def place(self) -> PlaceInfo:
        return self.places[0]

    @property
    def manager(self) -> int | None:
        return self.members[0] if self.members else None


class JourneyPlan:
    """One journey as the load knows it: enough to write it and everything that hangs off it."""

    __slots__ = (
        "barriers",
        "business_type",
        "client_id",
        "contact_method",
        "description",
        "email",
        "end",
        "group_name",
        "id",
        "kind",
        "lead",
        "name",
        "org",
        "person",
        "phone",
        "place",
        "postcode",
        "stages",
        "start",
        "status",
        "venture",
    )

    def __init__(self, **values):
        for key in self.__slots__:
            setattr(self, key, values.get(key))

    @property
    def stage(self) -> str:
        return self.stages[-1][1]

    def last_day(self, today: date) -> date:
        """The last day it was open: the day it closed, or today."""
        return self.end or today

    def stage_on(self, day: date) -> str:
        current = self.stages[0][1]
        for moved_on, stage in self.stages:
            if moved_on > day:
                break
            current = stage
        return current

    @property
    def display_name(self) -> str:
        return f"{self.group_name} ({self.name})" if self.group_name else self.name


@dataclass
class World:
    rng: random.Random
    size: str
    seed: int
    counts: dict
    loader: object
    today: date = field(default_factory=timezone.localdate)
    # "Now" for the data is the start of today: what the load makes depends on the day it
    # runs, never on the hour (the same seed makes the same rows all day).
    now: datetime | None = None
    places: list[PlaceInfo] = field(default_factory=list)
    demo_places: dict = field(default_factory=dict)  # slug: PlaceInfo
    orgs: list[OrgInfo] = field(default_factory=list)
    hub_a: OrgInfo | None = None
    hub_b: OrgInfo | None = None
    terms: dict = field(default_factory=dict)
    journeys: list[JourneyPlan] = field(default_factory=list)
    person_orgs: dict = field(default_factory=dict)  # person number: org indexes with a record
    people: int = 0

    def __post_init__(self):
        if self.now is None:
            tz = timezone.get_current_timezone()
            self.now = datetime.combine(self.today, time(0, 0), tzinfo=tz)

    @property
    def yesterday(self) -> date:
        """The last day anything has happened on (today has not, yet: see now)."""
        return self.today - timedelta(days=1)

    @property
    def first_day(self) -> date:
        return self.today - timedelta(days=SPAN_DAYS)

    @property
    def holders(self) -> list[OrgInfo]:
        """Organisations that keep people's records (commissioners, funders and networks don't)."""
        return [o for o in self.orgs if o.kind in HOLDER_KINDS]

    def moment(self, day: date, minutes: int = 0) -> datetime:
        """A moment in working hours (from 09:00) on a day, in the site's time zone."""
        start = datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())
        return start + timedelta(minutes=minutes)

    def at(self, day: date, minutes: int = 0) -> datetime:
        """A moment that has passed: in working hours on a day, never after now."""
        return min(self.moment(day, minutes), self.now - timedelta(minutes=1))

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def new_person(self) -> int:
        self.people += 1
        return self.people


HOLDER_KINDS = ("hub", "specialist", "business-partner")
