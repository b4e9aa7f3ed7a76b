"""Invitations: a manager invites someone to the team by email, and the link lets them join.

The invitation's link opens only for the person it was sent to (ecosystem.invitations.access);
anyone else gets the same "not found" page as for a link that never existed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_errors, error_list, posted
from ecosystem.access import get_organisation_for_user
from ecosystem.forms import make_read_only
from ecosystem.selectors import may_manage

from .access import get_invitation_for_invitee, get_invitation_for_user
from .forms import InvitationForm
from .selectors import invitation_state
from .services import invitation_accept, invitation_send, invitation_withdraw


def _writing(request) -> bool:
    return request.method == "POST"


@require_http_methods(["GET", "POST"])
def invite(request, pk):
    """Invite someone to the team by email."""
    organisation = get_organisation_for_user(request.user, pk, write=_writing(request))
    can_manage = may_manage(request.user, organisation)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_send(
                organisation=organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"We have emailed an invitation to {invitation.email}. The link works for 14 days.",
            )
            return redirect("ecosystem:team", pk=organisation.pk)
    if not can_manage:
        make_read_only(form)
    return render(
        request,
        "ecosystem/invitations/invite.html",
        {
            "organisation": organisation,
            "form": form,
            "errors": error_list(form),
            "can_manage": can_manage,
            "section": "team",
        },
    )


@require_POST
def withdraw_invitation(request, pk, invitation_pk):
    """Cancel an invitation, so its link no longer works."""
    invitation = get_invitation_for_user(request.user, pk, invitation_pk, write=True)
    try:
        invitation_withdraw(invitation=invitation, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("ecosystem:team", pk=invitation.organisation_id)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    """The page an invitation's link opens: the person it was sent to joins the team."""
    try:
        invitation = get_invitation_for_invitee(request.user, token)
    except Http404:
        # The same answer for a link that never existed and one sent to someone else.
        return render(request, "ecosystem/invitations/not_found.html", status=404)
    state = invitation_state(invitation)
    if request.method == "POST" and state == "pending":
        try:
            membership = invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("ecosystem:invitation_accept", token=token)
        messages.success(
            request,
            f"You have joined {membership.organisation.name} as "
            f"{membership.get_role_display().lower()}.",
        )
        return redirect("ecosystem:manage", pk=membership.organisation_id)
    return render(
        request,
        "ecosystem/invitations/accept.html",
        {"invitation": invitation, "state": state, "organisation": invitation.organisation},
    )
