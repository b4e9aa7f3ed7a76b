"""Writes for most significant change rounds: starting one, the panel's choices, closing and
reopening it, and naming its panel."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from ecosystem.models import Organisation, Place

from ..models import RoundEvent, Selection, SelectionRound, Story
from ..selectors import outcome_domains
from .access import require_round_convenor, require_round_panel
from .selectors import may_read_round, round_candidates, round_scopes

# What the services refuse, in the words shown beside the field; stories.rounds.forms asks
# the same questions with these words, so that every mistake on a form is listed at once.
TITLE_MISSING = "Give the round a title."
SCOPE_NOT_LISTED = "Choose a panel area from the list."
CHOICE_REASON_MISSING = "Say why the panel chose this story."
REOPEN_REASON_MISSING = "Say why you are reopening the round."
ROUND_CLOSED = "This round is closed: its choices can no longer change."
PANEL_CLOSED = "This round is closed: reopen it to change its panel."
NOT_IN_AREA = (
    "We cannot add that person: no one with that email address is part of this round's panel area."
)


def _locked(selection_round: SelectionRound) -> SelectionRound:
    return SelectionRound.objects.select_for_update().get(pk=selection_round.pk)


@transaction.atomic
def round_create(
    *,
    actor,
    title: str,
    panel: str,
    period_start: date,
    period_end: date,
    organisation: Organisation | None = None,
    place: Place | None = None,
) -> SelectionRound:
    """Start a round for a panel area this person may start one for: they convene it and are
    the first on its panel."""
    scopes = round_scopes(actor)
    allowed = {
        SelectionRound.Panel.ORGANISATION: organisation in scopes.organisations and place is None,
        SelectionRound.Panel.PLACE: place in scopes.places and organisation is None,
        SelectionRound.Panel.NETWORK: scopes.network and organisation is None and place is None,
    }
    if not allowed.get(panel, False):
        raise ValidationError({"scope": SCOPE_NOT_LISTED})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": TITLE_MISSING})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after its start."})
    selection_round = SelectionRound(
        title=title,
        panel=panel,
        organisation=organisation,
        place=place,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
        convenor=actor,
    )
    selection_round.full_clean()
    selection_round.save()
    selection_round.panel_members.add(actor)
    return selection_round


@transaction.atomic
def round_select(
    *, selection_round: SelectionRound, actor, domain, story: Story, reason: str
) -> Selection:
    """The panel's choice for one domain, with why; choosing again replaces it."""
    selection_round = _locked(selection_round)
    require_round_panel(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(ROUND_CLOSED)
    if not outcome_domains().filter(pk=domain.pk).exists():
        raise ValidationError({"domain": "Choose one of the model's outcomes or impacts."})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": CHOICE_REASON_MISSING})
    if not round_candidates(selection_round, [domain]).filter(pk=story.pk).exists():
        raise ValidationError({"story": "Choose one of the round's stories for this outcome."})
    selection, _ = Selection.objects.update_or_create(
        round=selection_round,
        domain=domain,
        defaults={"story": story, "reason": reason, "selected_by": actor},
    )
    return selection


@transaction.atomic
def round_close(*, selection_round: SelectionRound, actor) -> SelectionRound:
    """The convenor closes a round: its choices stay as they are."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError("This round is already closed.")
    selection_round.status = SelectionRound.Status.CLOSED
    selection_round.save(update_fields=["status"])
    RoundEvent.objects.create(round=selection_round, action=RoundEvent.Action.CLOSED, by=actor)
    return selection_round


@transaction.atomic
def round_reopen(*, selection_round: SelectionRound, actor, reason: str) -> SelectionRound:
    """The convenor reopens a closed round, saying why, so its panel may choose again."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.CLOSED:
        raise ValidationError("This round is already open.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REOPEN_REASON_MISSING})
    selection_round.status = SelectionRound.Status.OPEN
    selection_round.save(update_fields=["status"])
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.REOPENED, by=actor, reason=reason
    )
    return selection_round


@transaction.atomic
def round_panel_add(*, selection_round: SelectionRound, actor, email: str):
    """The convenor names someone the round's panel area reaches to its panel, by their email
    address."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(PANEL_CLOSED)
    person = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    # One answer for no such account and an account beyond the area: the form must not tell
    # who has an account here.
    if person is None or not may_read_round(person, selection_round):
        raise ValidationError({"email": NOT_IN_AREA})
    if selection_round.panel_members.filter(pk=person.pk).exists():
        raise ValidationError({"email": f"{person} is already on the panel."})
    selection_round.panel_members.add(person)
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.MEMBER_ADDED, by=actor, member=person
    )
    return person


@transaction.atomic
def round_panel_remove(*, selection_round: SelectionRound, actor, member) -> None:
    """The convenor takes someone off the round's panel (never themselves); their choices
    stay."""
    selection_round = _locked(selection_round)
    require_round_convenor(actor, selection_round)
    if selection_round.status != SelectionRound.Status.OPEN:
        raise ValidationError(PANEL_CLOSED)
    if member.pk == selection_round.convenor_id:
        raise ValidationError({"member": "You convene this round, so you stay on its panel."})
    if not selection_round.panel_members.filter(pk=member.pk).exists():
        raise ValidationError({"member": f"{member} is not on the panel."})
    selection_round.panel_members.remove(member)
    RoundEvent.objects.create(
        round=selection_round, action=RoundEvent.Action.MEMBER_REMOVED, by=actor, member=member
    )
