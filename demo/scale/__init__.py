"""A large, deterministic data set on top of the demo: `seed_demo --scale small|medium|large`.

The same seed gives the same rows (every id, name, reference and choice is drawn from one
random.Random; dates count back from the day it runs). Everything is fictional and marked
as demo data. Rows are written with bulk_create in foreign-key order and shaped as the
services would leave them; only the few case studies go through the services, so the CMS
holds their pages. The scale places' slugs start with "scale-": finding one means a scale
data set is loaded, and its description says which.
"""

import random
import re
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from ecosystem.models import (
    CommissionerScope,
    Location,
    Membership,
    Organisation,
    Place,
    Schedule,
    Service,
    ServiceAtLocation,
)
from journeys.models import (
    Action,
    Attendance,
    Client,
    EqualityMonitoring,
    Journey,
    JourneyChange,
    Milestone,
    Session,
    SupportRequest,
    WellbeingCheck,
)
from logicmodel.models import Assessment, AssessmentAnswer
from referrals.models import Referral, ReferralChange, ReferralMessage
from stories.models import Consent, Story, StoryChange

from .assessments import seed_assessments
from .bulk import Loader, check_constraints_immediately, given_timestamps
from .directory import MARKER_PREFIX, seed_organisations, seed_places, seed_services
from .people import seed_journeys
from .referrals import seed_referrals, taken_on_count
from .sessions import seed_sessions
from .stories import publish_case_studies, seed_stories
from .world import World

DEFAULT_SEED = 2026
# The large data set; medium is a tenth of it and small a hundredth.
LARGE = {
    "places": 60,
    "organisations": 1_200,
    "services": 5_000,
    "journeys": 200_000,
    "sessions": 1_000_000,
    "referrals": 300_000,
    "stories": 50_000,
    "assessments": 2_000,
    "case_studies": 50,  # stories published on the website, through the CMS
}
DIVISORS = {"small": 100, "medium": 10, "large": 1}
SIZES = list(DIVISORS)
_MARKER = re.compile(r"--scale (?P<size>\w+) --seed (?P<seed>\d+)")


def counts_for(size: str) -> dict:
    """How many of each thing a size makes, with the shares the demo hubs get."""
    counts = {key: max(1, round(value / DIVISORS[size])) for key, value in LARGE.items()}
    journeys = counts["journeys"]
    counts["journeys_hub_a"] = round(journeys * 0.03)
    counts["journeys_hub_b"] = round(journeys * 0.01)
    counts["other_requests"] = round(journeys * 0.08)
    # Each accepted referral starts a journey at its receiver; the rest start with people.
    counts["receiving_journeys"] = taken_on_count(counts["referrals"])
    return counts


def loaded_scale() -> tuple[str, int] | None:
    """The size and seed of the scale data set in the database, if there is one."""
    place = Place.objects.filter(slug__startswith=MARKER_PREFIX).order_by("slug").first()
    if place is None:
        return None
    found = _MARKER.search(place.description)
    return (found["size"], int(found["seed"])) if found else ("unknown", 0)


def _order() -> list:
    """Parents before children: each flush writes in this order."""
    return [
        Place,
        Organisation,
        Organisation.places.through,
        get_user_model(),
        Membership,
        CommissionerScope,
        Location,
        Service,
        Service.support_types.through,
        Service.business_types.through,
        Service.languages.through,
        ServiceAtLocation,
        Schedule,
        SupportRequest,
        SupportRequest.help_wanted.through,
        EqualityMonitoring,
        Client,
        Journey,
        JourneyChange,
        Milestone,
        WellbeingCheck,
        Referral,
        ReferralChange,
        ReferralMessage,
        Session,
        Attendance,
        Action,
        Story,
        Consent,
        StoryChange,
        Story.themes.through,
        Story.elements.through,
        Assessment,
        AssessmentAnswer,
    ]


# Rows whose created_at/updated_at carry their history rather than the time of loading.
DATED = [
    SupportRequest,
    Client,
    Journey,
    Milestone,
    WellbeingCheck,
    Referral,
    ReferralMessage,
    Session,
    Action,
    Story,
    Assessment,
]


def _terms() -> dict:
    from ecosystem.models import BUSINESS_TYPES, SUPPORT_TYPES, TaxonomyTerm
    from journeys.services import NATIONAL_ACTIVITIES, SESSION_ACTIVITY
    from logicmodel.models import ChecklistItem
    from logicmodel.selectors import national_model
    from stories.models import Theme
    from stories.selectors import outcome_elements

    terms = {(t.taxonomy.slug, t.code): t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    national = national_model()
    return {
        "business": {code: t for (slug, code), t in terms.items() if slug == BUSINESS_TYPES},
        "support": {code: t for (slug, code), t in terms.items() if slug == SUPPORT_TYPES},
        "activity": {
            kind: terms[NATIONAL_ACTIVITIES, code] for kind, code in SESSION_ACTIVITY.items()
        },
        "themes": list(Theme.objects.order_by("slug")),
        "outcomes": list(outcome_elements()),
        "national": national,
        "checklist_items": list(
            ChecklistItem.objects.filter(element__logic_model=national, element__live=True)
            .order_by("element__section__position", "element__position", "sort_order", "pk")
            .values_list("pk", flat=True)
        ),
    }


def seed_scale(size: str, *, seed: int, cast: dict, write) -> None:
    """Load the scale data set of this size on top of the demo (once: run again, it says so)."""
    from demo.directory import HUB_A

    loaded = loaded_scale()
    if loaded is not None:
        loaded_size, loaded_seed = loaded
        if loaded_size == size:
            write(f"The {size} scale data (seed {loaded_seed}) is already loaded: nothing to do.")
            return
        raise CommandError(
            f"The {loaded_size} scale data set is already loaded, and sizes do not mix. To load "
            f"the {size} one, start from an empty database (drop and create it, then migrate) "
            f"and run seed_demo --scale {size}."
        )
    if HUB_A not in cast["organisations"]:
        raise CommandError("The demo hubs are missing: load the demo first.")
    counts = counts_for(size)
    write(f"Loading the {size} scale data set (seed {seed}):")
    started = time.monotonic()
    with transaction.atomic():
        check_constraints_immediately()
        loader = Loader(_order(), write=write)
        rng = random.Random(seed)  # noqa: S311  (repeatable fictional data, not secrets)
        world = World(rng, size, seed, counts, loader)
        world.terms = _terms()
        with given_timestamps(DATED):
            with loader.phase("places, organisations and services"):
                seed_places(world)
                seed_organisations(world, cast_orgs=cast["organisations"], cast_users=cast["users"])
                seed_services(world)
            with loader.phase("requests and journeys"):
                seed_journeys(world)
            with loader.phase("referrals, and the journeys they started"):
                seed_referrals(world)
            with loader.phase("sessions"):
                seed_sessions(world)
            with loader.phase("stories"):
                to_publish = seed_stories(world)
            with loader.phase("checklist assessments"):
                seed_assessments(world)
        published_at = time.monotonic()
        published = publish_case_studies(to_publish, editor=cast["users"]["editor"])
        write(
            f"  {'case studies published':<32} {published:>10,}  {time.monotonic() - published_at:6.1f}s"
        )
    write(f"Scale data loaded in {time.monotonic() - started:.1f}s.")
