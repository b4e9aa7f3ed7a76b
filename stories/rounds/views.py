"""Most significant change pages: the rounds a person may read, starting a round, one round
with its choices, choosing a story for a domain, closing and reopening a round, and naming
its panel.

Every round is reached through stories.rounds.access: anyone its panel area does not reach gets
404, as for a round that does not exist; in the area, only the named panel chooses and only
the convenor closes, reopens and changes the panel (403 for the others).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Access
from core.forms import add_errors, error_list, posted

from ..models import SelectionRound
from ..selectors import reader
from . import selectors, services
from .access import get_round_for_user, get_round_to_convene
from .forms import PanelAddForm, ReopenForm, RoundForm, SelectionForm
from .selectors import is_convenor, round_access


@require_GET
def round_list(request):
    """The rounds the person's panels run, open and closed."""
    who = reader(request.user)
    return render(
        request,
        "stories/rounds/list.html",
        {
            **selectors.rounds_listed(request.user, who),
            "may_start": bool(selectors.round_scopes(request.user, who)),
        },
    )


@require_http_methods(["GET", "POST"])
def round_new(request):
    """Start a round for one of the panels this person may start one for."""
    scopes = selectors.round_scopes(request.user)
    if not scopes:
        raise PermissionDenied("You cannot start a selection round.")
    form = RoundForm(posted(request), scopes=scopes)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = services.round_create(actor=request.user, **form.round_arguments())
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


def _round_page(
    request,
    selection_round: SelectionRound,
    *,
    bound=None,
    reopen=None,
    panel_add=None,
    status=200,
):
    is_open = selection_round.status == SelectionRound.Status.OPEN
    may_choose = is_open and round_access(selection_round) >= Access.WRITE
    may_convene = is_convenor(request.user, selection_round)
    domains = []
    for row in selectors.round_detail(selection_round):
        form = None
        if bound is not None and bound.domain.pk == row.domain.pk:
            form = bound
        elif may_choose and row.candidates:
            initial = {}
            if row.selection is not None:
                initial = {"story": str(row.selection.story_id), "reason": row.selection.reason}
            form = SelectionForm(domain=row.domain, candidates=row.candidates, initial=initial)
        domains.append({"row": row, "form": form})
    if may_convene and not is_open:
        reopen = reopen or ReopenForm()
    if may_convene and is_open:
        panel_add = panel_add or PanelAddForm()
    bound_forms = [form for form in (bound, reopen, panel_add) if form is not None and form.errors]
    return render(
        request,
        "stories/rounds/detail.html",
        {
            "round": selection_round,
            "is_open": is_open,
            "may_choose": may_choose,
            "may_convene": may_convene,
            "panel": selectors.round_panel(selection_round),
            "history": selectors.round_history(selection_round),
            "domains": domains,
            "reopen_form": reopen,
            "panel_add_form": panel_add,
            "errors": error_list(*bound_forms),
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
    domain = selectors.round_domain(request.POST.get("domain"))
    if domain is None:
        messages.error(request, "Choose a story for one of the outcomes listed.")
        return redirect(selection_round)
    form = SelectionForm(
        request.POST,
        domain=domain,
        candidates=selectors.round_candidates(selection_round, [domain]),
    )
    if form.is_valid():
        try:
            services.round_select(
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
                request, f"The panel's choice for {selectors.domain_label(domain)} is saved."
            )
            return redirect(f"{selection_round.get_absolute_url()}#domain-{domain.slug}")
    return _round_page(request, selection_round, bound=form, status=400)


@require_POST
def round_close(request, pk):
    """The convenor closes a round: its choices no longer change."""
    selection_round = get_round_to_convene(request.user, pk)
    try:
        services.round_close(selection_round=selection_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The round is closed. Its choices no longer change.")
    return redirect(selection_round)


@require_POST
def round_reopen(request, pk):
    """The convenor reopens a closed round, saying why."""
    selection_round = get_round_to_convene(request.user, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.round_reopen(
                selection_round=selection_round,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The round is open again. The panel can change its choices.")
            return redirect(selection_round)
    return _round_page(request, selection_round, reopen=form, status=400)


@require_POST
def round_panel_add(request, pk):
    """The convenor adds someone from the round's panel area to its panel."""
    selection_round = get_round_to_convene(request.user, pk)
    form = PanelAddForm(request.POST)
    if form.is_valid():
        try:
            person = services.round_panel_add(
                selection_round=selection_round,
                actor=request.user,
                email=form.cleaned_data["email"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{person} is now on the panel.")
            return redirect(f"{selection_round.get_absolute_url()}#panel-heading")
    return _round_page(request, selection_round, panel_add=form, status=400)


@require_POST
def round_panel_remove(request, pk):
    """The convenor takes someone off the round's panel."""
    selection_round = get_round_to_convene(request.user, pk)
    member = selectors.round_panel_member(selection_round, request.POST.get("member"))
    if member is None:
        messages.error(request, "Choose someone on the panel to remove.")
        return redirect(selection_round)
    try:
        services.round_panel_remove(
            selection_round=selection_round, actor=request.user, member=member
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member} is no longer on the panel. Their choices stay.")
    return redirect(f"{selection_round.get_absolute_url()}#panel-heading")
