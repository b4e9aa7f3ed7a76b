"""An organisation's staff pages: its team, and its entry in the directory.

Every view reaches its object through an access helper (ecosystem.access): outsiders
get 404, staff read (a POST gets 403), managers and administrators change. Writes go
through one service function each, so a refused post saves nothing. Invitations to the
team are in ecosystem.invitations.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, all_valid, posted

from .access import (
    get_location_for_user,
    get_membership_for_user,
    get_organisation_for_user,
    get_service_for_user,
)
from .forms import (
    RoleForm,
    error_list,
    identifier_formset,
    location_form,
    make_read_only,
    opening_time_formset,
    organisation_form,
    service_form,
)
from .invitations.selectors import invitation_state, organisation_pending_invitations
from .selectors import (
    may_manage,
    organisation_for_manage,
    organisation_team,
    recent_changes,
)
from .services import (
    location_create,
    location_delete,
    location_update,
    membership_change_role,
    organisation_update,
    service_create,
    service_retire,
    service_update,
)


def _writing(request) -> bool:
    return request.method == "POST"


# The team -----------------------------------------------------------------------------


@require_GET
def team(request, pk):
    """The people who work for an organisation; managers can change their roles and invite more."""
    organisation = get_organisation_for_user(request.user, pk)
    can_manage = may_manage(request.user, organisation)
    invitations = []
    if can_manage:
        invitations = [
            (invitation, invitation_state(invitation))
            for invitation in organisation_pending_invitations(organisation)
        ]
    return render(
        request,
        "ecosystem/team.html",
        {
            "organisation": organisation,
            "team": organisation_team(organisation),
            "can_manage": can_manage,
            "role_choices": RoleForm.base_fields["role"].choices,
            "invitations": invitations,
            "section": "team",
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


# The organisation's directory entry ------------------------------------------------


@require_GET
def manage(request, pk):
    """An organisation's directory entry at a glance: details, services, locations and changes."""
    organisation = get_organisation_for_user(request.user, pk)
    return render(
        request,
        "ecosystem/manage/overview.html",
        {
            "organisation": organisation,
            "can_manage": may_manage(request.user, organisation),
            "changes": recent_changes(organisation, limit=5),
            "section": "overview",
            **organisation_for_manage(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
def edit_organisation(request, pk):
    """Change the organisation's details, places, registration numbers and contact."""
    organisation = get_organisation_for_user(request.user, pk, write=_writing(request))
    can_manage = may_manage(request.user, organisation)
    form = organisation_form(posted(request), organisation)
    identifiers = identifier_formset(posted(request), organisation)
    if request.method == "POST" and all_valid(form, identifiers):
        try:
            organisation_update(
                organisation=organisation,
                actor=request.user,
                identifiers=identifiers.identifiers(),
                **form.service_arguments(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The organisation's details are saved.")
            return redirect("ecosystem:manage", pk=organisation.pk)
    if not can_manage:
        make_read_only(form, identifiers)
    return render(
        request,
        "ecosystem/manage/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "identifiers": identifiers,
            "errors": error_list(form, identifiers),
            "can_manage": can_manage,
            "changes": recent_changes(organisation),
            "section": "details",
        },
    )


def _service_page(request, organisation, *, service=None, save, saved: str):
    """The service form for adding (service None) or changing one; save(**arguments) writes it
    and saved is the message, with {name} for the service's name."""
    can_manage = may_manage(request.user, organisation)
    form = service_form(posted(request), organisation, service)
    times = opening_time_formset(posted(request), organisation, service)
    if request.method == "POST" and all_valid(form, times):
        try:
            kept = save(
                actor=request.user, opening_times=times.opening_times(), **form.service_arguments()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved.format(name=kept.name))
            return redirect("ecosystem:manage", pk=organisation.pk)
    if not can_manage:
        make_read_only(form, times)
    context = {
        "organisation": organisation,
        "form": form,
        "times": times,
        "errors": error_list(form, times),
        "can_manage": can_manage,
        "section": "services",
    }
    if service is not None:
        context |= {"service": service, "changes": recent_changes(service)}
    return render(request, "ecosystem/manage/service_form.html", context)


@require_http_methods(["GET", "POST"])
def add_service(request, pk):
    """Add a service to the directory."""
    organisation = get_organisation_for_user(request.user, pk, write=_writing(request))
    return _service_page(
        request,
        organisation,
        save=partial(service_create, organisation=organisation),
        saved="“{name}” is added to the directory.",
    )


@require_http_methods(["GET", "POST"])
def edit_service(request, pk, service_pk):
    """Change a service: what it is, who for, cost, delivery, locations and opening times."""
    service = get_service_for_user(request.user, pk, service_pk, write=_writing(request))
    return _service_page(
        request,
        service.organisation,
        service=service,
        save=partial(service_update, service=service),
        saved="“{name}” is saved.",
    )


@require_POST
def retire_service(request, pk, service_pk):
    """Take a service out of the directory (it can be made active again from its page)."""
    service = get_service_for_user(request.user, pk, service_pk, write=True)
    service = service_retire(service=service, actor=request.user)
    messages.success(
        request,
        f"“{service.name}” is retired: it is no longer listed in the directory. "
        "To list it again, set its status to active.",
    )
    return redirect("ecosystem:manage", pk=service.organisation_id)


def _location_page(request, organisation, *, location=None, save, saved: str):
    """The location form for adding (location None) or changing one; save(**arguments) writes
    it and saved is the message, with {name} and {postcode}."""
    can_manage = may_manage(request.user, organisation)
    form = location_form(posted(request), location)
    if request.method == "POST" and form.is_valid():
        try:
            kept = save(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved.format(name=kept.name, postcode=kept.postcode))
            return redirect("ecosystem:manage", pk=organisation.pk)
    if not can_manage:
        make_read_only(form)
    context = {
        "organisation": organisation,
        "form": form,
        "errors": error_list(form),
        "can_manage": can_manage,
        "section": "locations",
    }
    if location is not None:
        context["location"] = location
    return render(request, "ecosystem/manage/location_form.html", context)


@require_http_methods(["GET", "POST"])
def add_location(request, pk):
    """Add a location; its postcode places it on the map and in a place."""
    organisation = get_organisation_for_user(request.user, pk, write=_writing(request))
    return _location_page(
        request,
        organisation,
        save=partial(location_create, organisation=organisation),
        saved="“{name}” ({postcode}) is added.",
    )


@require_http_methods(["GET", "POST"])
def edit_location(request, pk, location_pk):
    """Change a location's name, address or postcode."""
    location = get_location_for_user(request.user, pk, location_pk, write=_writing(request))
    return _location_page(
        request,
        location.organisation,
        location=location,
        save=partial(location_update, location=location),
        saved="“{name}” ({postcode}) is saved.",
    )


@require_POST
def delete_location(request, pk, location_pk):
    """Remove a location, with the opening times of services there."""
    location = get_location_for_user(request.user, pk, location_pk, write=True)
    location_delete(location=location, actor=request.user)
    messages.success(request, f"“{location.name}” is removed.")
    return redirect("ecosystem:manage", pk=location.organisation_id)
