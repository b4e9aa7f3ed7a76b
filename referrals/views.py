"""Referral pages: the inbox and outbox, making a referral, one referral with its thread.

Every view reaches a referral through referrals.access: staff of any other organisation
get 404, as for a referral that does not exist. A step one side may not take (the sender
accepting, say) is 403: they can see the referral but not do that.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, error_list, posted
from core.paging import page_of
from ecosystem.selectors import member_organisations, places_worked_or_commissioned
from journeys.models import AccessLogEntry
from journeys.services import access_log_record

from .access import get_journey_to_refer, get_place_figures_for_user, get_referral_for_user
from .figures import place_figures
from .forms import AnswerForm, MessageForm, ReferralForm, RerouteForm
from .models import Referral
from .selectors import (
    box_counts,
    referral_box,
    referral_detail,
    referral_side,
    referral_targets,
    unread_notifications,
)
from .services import (
    RECEIVER_MOVES,
    SENDER_MOVES,
    notifications_mark_read,
    referral_accept,
    referral_message,
    referral_move,
    referral_reroute,
    referral_send,
    shared_copy,
)

PAGE_SIZE = 50


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@require_GET
def referral_list(request):
    """A person's inbox (referrals to their organisations) or outbox (from them)."""
    box = "outbox" if request.GET.get("box") == "outbox" else "inbox"
    status = request.GET.get("status", "open")
    organisations = member_organisations(request.user)
    organisation_id = request.GET.get("org", "")
    if organisation_id not in {str(o.pk) for o in organisations}:
        organisation_id = ""
    referrals = referral_box(
        request.user, box=box, status=status, organisation_id=organisation_id or None
    )
    paged = page_of(request, referrals, per_page=PAGE_SIZE)
    side = "receiver" if box == "inbox" else "sender"
    for referral in paged.page.object_list:
        referral.person = referral.person_label(side)
    return render(
        request,
        "referrals/list.html",
        {
            "box": box,
            "status": status,
            "statuses": [("open", "Open"), *Referral.Status.choices, ("all", "All")],
            "organisations": organisations,
            "organisation_id": organisation_id,
            "page": paged.page,
            "query": paged.query_string,
            "counts": box_counts(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_new(request, journey_pk):
    """Refer a person from their journey: nothing already in the journey is typed again."""
    journey = get_journey_to_refer(request.user, journey_pk)
    organisations = referral_targets(journey.organisation)
    form = ReferralForm(posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referral_send(
                journey=journey,
                actor=request.user,
                to_organisation=data["to_organisation"],
                to_service=data["to_service"],
                need=data["need"],
                urgency=data["urgency"],
                consent_given=data["consent_given"],
                consent_method=data.get("consent_method", ""),
                consent_scope=data.get("consent_scope") or [],
                base_url=_base_url(request),
                submission_token=data.get("submission_token"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Referral {referral.reference} is sent to {referral.to_organisation.name}.",
            )
            return redirect(referral)
    return render(
        request,
        "referrals/new.html",
        {
            "journey": journey,
            "form": form,
            "errors": error_list(form),
            "preview": shared_copy(
                journey, [c for c, _ in ReferralForm.base_fields["consent_scope"].choices]
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


def _reroute_targets(referral):
    return referral_targets(referral.from_organisation, referral.to_organisation)


def _detail(request, referral, *, forms=None, status=200, side=None):
    side = referral_side(request.user, referral) if side is None else side
    forms = forms or {}
    errors = []
    for form in forms.values():
        if form.is_bound:
            errors = error_list(form)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "side": side,
            "shared": referral.shared_for(side),
            "details_hidden": referral.hides_person_from(side),
            "answer_form": forms.get("answer") or AnswerForm(side=side),
            "message_form": forms.get("message") or MessageForm(),
            "reroute_form": forms.get("reroute")
            or RerouteForm(organisations=_reroute_targets(referral)),
            "moves": _moves(referral, side),
            "errors": errors,
            **referral_detail(referral),
        },
        status=status,
    )


BUTTONS = {
    Referral.Status.IN_PROGRESS: "Mark as in progress",
    Referral.Status.COMPLETED: "Complete it",
    Referral.Status.DECLINED: "Decline it",
    Referral.Status.CLOSED: "Close: no contact",
    Referral.Status.WITHDRAWN: "Withdraw it",
}


def _moves(referral, side) -> list[tuple[str, str]]:
    moves = RECEIVER_MOVES if side == "receiver" else SENDER_MOVES if side == "sender" else {}
    return [
        (status, BUTTONS[status])
        for status, allowed_from in moves.items()
        if referral.status in allowed_from and status in BUTTONS
    ]


@require_GET
def referral_view(request, pk):
    """One referral: what was shared, where it stands, its history and its thread."""
    referral = get_referral_for_user(request.user, pk)
    side = referral_side(request.user, referral)
    journey = referral.from_journey if side == "sender" else referral.receiving_journey
    access_log_record(
        user=request.user,
        kind=AccessLogEntry.Kind.REFERRAL,
        object_id=referral.pk,
        organisation_id=referral.from_organisation_id
        if side == "sender"
        else referral.to_organisation_id,
        client_id=journey.client_id if journey is not None else None,
    )
    return _detail(request, referral, side=side)


def _require_side(request, referral, side: str) -> None:
    if referral_side(request.user, referral) != side:
        raise PermissionDenied(f"Only the {side} of a referral can do that.")


@require_POST
def referral_accept_view(request, pk):
    referral = get_referral_for_user(request.user, pk, write=True)
    _require_side(request, referral, "receiver")
    try:
        referral = referral_accept(
            referral=referral, actor=request.user, base_url=_base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Accepted. The person now has a journey with you.")
    return redirect(referral)


@require_POST
def referral_move_view(request, pk):
    """Decline, start, complete, close (the receiver) or withdraw (the sender)."""
    referral = get_referral_for_user(request.user, pk, write=True)
    status = request.POST.get("status", "")
    side = referral_side(request.user, referral)
    allowed = SENDER_MOVES if side == "sender" else RECEIVER_MOVES
    if status not in allowed:
        raise PermissionDenied("You cannot make that change to this referral.")
    form = AnswerForm(request.POST, side=side)
    if form.is_valid():
        try:
            referral_move(
                referral=referral,
                actor=request.user,
                status=status,
                note=form.cleaned_data["note"],
                outcome=form.cleaned_data["outcome"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The referral is updated.")
            return redirect(referral)
    return _detail(request, referral, forms={"answer": form}, status=400)


@require_POST
def referral_reroute_view(request, pk):
    referral = get_referral_for_user(request.user, pk, write=True)
    _require_side(request, referral, "receiver")
    form = RerouteForm(request.POST, organisations=_reroute_targets(referral))
    if form.is_valid():
        try:
            new = referral_reroute(
                referral=referral,
                actor=request.user,
                to_organisation=form.cleaned_data["to_organisation"],
                to_service=form.cleaned_data["to_service"],
                note=form.cleaned_data["reroute_note"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Passed on to {new.to_organisation.name}.")
            return redirect("referrals:list")
    return _detail(request, referral, forms={"reroute": form}, status=400)


@require_POST
def referral_message_view(request, pk):
    referral = get_referral_for_user(request.user, pk, write=True)
    side = referral_side(request.user, referral)
    organisation = referral.to_organisation if side == "receiver" else referral.from_organisation
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            referral_message(
                referral=referral,
                actor=request.user,
                organisation=organisation,
                body=form.cleaned_data["body"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your message is sent.")
            return redirect(referral)
    return _detail(request, referral, forms={"message": form}, status=400)


@require_http_methods(["GET", "POST"])
def notifications(request):
    """A person's unread notifications; posting marks them all read."""
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        messages.success(request, "All notifications are marked as read.")
        return redirect("referrals:notifications")
    unread, total = unread_notifications(request.user)
    return render(request, "referrals/notifications.html", {"unread": unread, "total": total})


@require_GET
def figures_index(request):
    """The places whose referral figures this person may see."""
    return render(
        request,
        "referrals/figures_index.html",
        {"places": places_worked_or_commissioned(request.user)},
    )


@require_GET
def figures(request, place_pk):
    """A place's referral network: figures per organisation, a picture and a table of flows,
    every count protected by the small-number rule for the person looking."""
    place = get_place_figures_for_user(request.user, place_pk)
    return render(request, "referrals/figures.html", place_figures(place, viewer=request.user))
