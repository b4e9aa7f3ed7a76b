"""Access helpers for most significant change rounds (see core.access for the rule,
stories.rounds.selectors for whose panel area reaches which round).

Anyone a round's panel area does not reach gets 404, as for a round that does not exist; in
the area, only the named panel chooses and only the convenor closes, reopens and changes the
panel (403 for the others).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from core.access import require_access

from ..models import SelectionRound
from .selectors import is_convenor, may_read_round, round_access, rounds_visible_to


def _on_panel(user) -> Exists:
    return Exists(
        SelectionRound.panel_members.through.objects.filter(
            selectionround_id=OuterRef("pk"), user_id=user.pk
        )
    )


def get_round_for_user(user, pk, *, write: bool = False) -> SelectionRound:
    """A selection round its panel area may read (404 beyond it); only its named panel may
    choose (403 for the others)."""
    selection_round = (
        rounds_visible_to(user)
        .filter(pk=pk)
        .select_related("organisation", "place", "convenor")
        .annotate(on_panel=_on_panel(user))
        .first()
    )
    return require_access(selection_round, round_access(selection_round), write=write)


def get_round_to_convene(user, pk) -> SelectionRound:
    """A round this person convenes, to close, reopen or change its panel: 404 beyond its
    panel area, 403 to everyone else in it."""
    selection_round = get_round_for_user(user, pk)
    if not is_convenor(user, selection_round):
        raise PermissionDenied("Only the round's convenor can do that.")
    return selection_round


def require_round_panel(user, selection_round: SelectionRound) -> None:
    """Refuse unless this person is on the round's named panel and its area still reaches them
    (for services, on the row they have locked)."""
    in_reach = rounds_visible_to(user).filter(pk=selection_round.pk)
    if not in_reach.filter(panel_members=user).exists():
        raise PermissionDenied("Only the round's panel can choose its stories.")


def require_round_convenor(user, selection_round: SelectionRound) -> None:
    """Refuse unless this person convenes the round and its area still reaches them (for
    services, on the row they have locked)."""
    if not (is_convenor(user, selection_round) and may_read_round(user, selection_round)):
        raise PermissionDenied("Only the round's convenor can do that.")
