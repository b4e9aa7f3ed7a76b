from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.access import Access

from .access import get_membership_for_user, get_organisation_for_user
from .forms import RoleForm
from .selectors import organisation_access, organisation_team
from .services import membership_change_role


@require_GET
def team(request, pk):
    """The people who work for an organisation; managers can change their roles."""
    organisation = get_organisation_for_user(request.user, pk)
    can_manage = organisation_access(request.user, organisation) >= Access.WRITE
    return render(
        request,
        "ecosystem/team.html",
        {
            "organisation": organisation,
            "team": organisation_team(organisation),
            "can_manage": can_manage,
            "role_choices": RoleForm.base_fields["role"].choices,
        },
    )


@require_POST
def change_role(request, pk, membership_pk):
    membership = get_membership_for_user(request.user, pk, membership_pk, write=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            membership = membership_change_role(
                membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            for message in error.message_dict.get("role", error.messages):
                messages.error(request, message)
        else:
            messages.success(
                request, f"{membership.user} is now {membership.get_role_display().lower()}."
            )
    else:
        messages.error(request, "Choose staff or manager.")
    return redirect("ecosystem:team", pk=membership.organisation_id)
