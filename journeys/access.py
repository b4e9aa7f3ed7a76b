"""Access helpers for people's journeys, sessions and actions (see core.access for the rule).

Personal records are for the staff of the organisation that holds them. Site
administrators triage requests no hub serves (journeys.triage.access), but do not read
people's journeys: they have no need to, and every extra reader is a risk to the people
supported. The person's own records are reached through journeys.mine.access.
"""

from core.access import Access, require_access
from ecosystem.models import Organisation
from ecosystem.selectors import member_organisation_ids, organisation_access

from .models import Action, Journey, Session
from .selectors import (
    journey_access,
    journeys_visible_to,
    sessions_visible_to,
)


def get_workplace_for_user(user, pk, *, manage: bool = False) -> Organisation:
    """An organisation this person works for, for its journeys pages (404 for anyone else).

    manage: for what only its managers may do, such as importing clients (403 for its staff).
    """
    organisation = Organisation.objects.filter(pk=pk, pk__in=member_organisation_ids(user)).first()
    granted = Access.NONE
    if organisation is not None:
        granted = organisation_access(user, organisation) if manage else Access.WRITE
    return require_access(organisation, granted, write=manage)


def get_journey_for_user(user, pk, *, write: bool = False) -> Journey:
    """A journey of an organisation this person works for (404 for anyone else)."""
    journey = (
        journeys_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "organisation", "client", "client__place", "lead_worker", "business_type", "request"
        )
        .first()
    )
    granted = journey_access(user, journey) if journey else Access.NONE
    return require_access(journey, granted, write=write)


def get_session_for_user(user, pk, *, write: bool = False) -> Session:
    """A session run by an organisation this person works for."""
    session = (
        sessions_visible_to(user)
        .filter(pk=pk)
        .select_related("organisation", "staff", "activity")
        .first()
    )
    return require_access(session, Access.WRITE if session else Access.NONE, write=write)


def get_action_for_user(user, journey_pk, pk, *, write: bool = False) -> Action:
    """An action agreed on a journey this person may see."""
    journey = get_journey_for_user(user, journey_pk, write=write)
    action = Action.objects.filter(journey=journey, pk=pk).select_related("journey").first()
    return require_access(action, Access.WRITE if action else Access.NONE, write=write)
