"""Most significant change pages: the rounds a person's panels run, starting a round, one round
with its choices, choosing a story for a domain, and closing a round.

Every round is reached through stories.access.get_round_for_user: anyone not on its panel
gets 404, as for a round that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, error_list, posted

from . import rounds
from .access import get_round_for_user
from .forms_msc import RoundForm, SelectionForm
from .models import SelectionRound
from .selectors import reader


@require_GET
def round_list(request):
    """The rounds the person's panels run, open and closed."""
    who = reader(request.user)
    return render(
        request,
        "stories/rounds/list.html",
        {
            **rounds.rounds_listed(request.user, who),
            "may_start": bool(rounds.round_scopes(request.user, who)),
        },
    )


@require_http_methods(["GET", "POST"])
def round_new(request):
    """Start a round for one of the panels this person may start one for."""
    scopes = rounds.round_scopes(request.user)
    if not scopes:
        raise PermissionDenied("You cannot start a selection round.")
    form = RoundForm(posted(request), scopes=scopes)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = rounds.round_create(actor=request.user, **form.round_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"You have started “{selection_round.title}”.")
            return redirect(selection_round)
    return render(
        request,
        "stories/rounds/new.html",
        {"form": form, "errors": error_list(form)},
        status=400 if request.method == "POST" else 200,
    )


def _round_page(request, selection_round: SelectionRound, *, bound=None, status=200):
    is_open = selection_round.status == SelectionRound.Status.OPEN
    domains = []
    for row in rounds.round_detail(selection_round):
        form = None
        if bound is not None and bound.domain.pk == row.domain.pk:
            form = bound
        elif is_open and row.candidates:
            initial = {}
            if row.selection is not None:
                initial = {"story": str(row.selection.story_id), "reason": row.selection.reason}
            form = SelectionForm(domain=row.domain, candidates=row.candidates, initial=initial)
        domains.append({"row": row, "form": form})
    return render(
        request,
        "stories/rounds/detail.html",
        {
            "round": selection_round,
            "is_open": is_open,
            "domains": domains,
            "errors": error_list(bound) if bound is not None else [],
        },
        status=status,
    )


@require_GET
def round_detail(request, pk):
    """A round: per outcome domain, the panel's choice and, while open, the stories to choose
    from."""
    return _round_page(request, get_round_for_user(request.user, pk))


@require_POST
def round_select(request, pk):
    """The panel's choice for one domain (choosing again replaces it)."""
    selection_round = get_round_for_user(request.user, pk, write=True)
    domain = rounds.round_domain(request.POST.get("domain"))
    if domain is None:
        messages.error(request, "Choose a story for one of the outcomes listed.")
        return redirect(selection_round)
    form = SelectionForm(
        request.POST,
        domain=domain,
        candidates=rounds.round_candidates(selection_round, [domain]),
    )
    if form.is_valid():
        try:
            rounds.round_select(
                selection_round=selection_round,
                actor=request.user,
                domain=domain,
                story=form.cleaned_data["story"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"The panel's choice for {rounds.domain_label(domain)} is saved."
            )
            return redirect(f"{selection_round.get_absolute_url()}#domain-{domain.slug}")
    return _round_page(request, selection_round, bound=form, status=400)


@require_POST
def round_close(request, pk):
    """Close a round: its choices no longer change."""
    selection_round = get_round_for_user(request.user, pk, write=True)
    try:
        rounds.round_close(selection_round=selection_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The round is closed. Its choices no longer change.")
    return redirect(selection_round)
