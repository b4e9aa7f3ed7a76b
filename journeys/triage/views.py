"""Triage: the requests waiting for a hub, and taking one on, passing it on or closing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_errors, error_list
from ecosystem.models import Organisation
from ecosystem.selectors import member_organisation_ids, organisation_workers
from journeys.models import AccessLogEntry, SupportRequest
from journeys.selectors import hubs_serving
from journeys.services import access_log_record

from .access import get_request_for_user
from .forms import AcceptForm, CloseRequestForm, PassForm
from .selectors import (
    duplicate_flags,
    likely_duplicates,
    matching_clients,
    partner_hubs,
    request_may_show_sensitive,
    triage_inbox,
)
from .services import request_accept, request_close, request_pass

TABS = {
    "waiting": SupportRequest.Status.WAITING,
    "accepted": SupportRequest.Status.ACCEPTED,
    "closed": SupportRequest.Status.CLOSED,
}


@require_GET
def inbox(request):
    """Requests for the hubs a person works for (and the site queue, for administrators)."""
    tab = request.GET.get("show", "waiting")
    if tab not in TABS:
        tab = "waiting"
    requests = list(triage_inbox(request.user, status=TABS[tab])[:200])
    repeats = duplicate_flags(requests)
    return render(
        request,
        "journeys/triage/inbox.html",
        {
            "requests": requests,
            "repeats": repeats,
            "tab": tab,
            "tabs": [(key, value.label) for key, value in TABS.items()],
            "works_for_a_hub": bool(member_organisation_ids(request.user)),
        },
    )


def _accepting_organisations(user, support_request):
    """The hubs this person could take the request on for."""
    mine = Organisation.objects.filter(pk__in=member_organisation_ids(user))
    if support_request.organisation_id:
        return mine.filter(pk=support_request.organisation_id)
    return mine.filter(pk__in=hubs_serving(support_request.place).values("pk"))


def _forms(user, support_request, data=None, which=None):
    organisations = _accepting_organisations(user, support_request)
    hubs = partner_hubs(exclude=support_request.organisation)
    return {
        "accept_form": AcceptForm(
            data if which == "accept" else None,
            organisations=organisations,
            workers=organisation_workers(*organisations),
        ),
        "pass_form": PassForm(data if which == "pass" else None, hubs=hubs),
        "close_form": CloseRequestForm(data if which == "close" else None),
        "can_accept": organisations.exists(),
    }


def _detail(request, support_request, *, forms=None, status=200):
    forms = forms or _forms(request.user, support_request)
    errors = []
    for name in ("accept_form", "pass_form", "close_form"):
        if forms[name].is_bound:
            errors = error_list(forms[name])
    show_sensitive = request_may_show_sensitive(request.user, support_request)
    return render(
        request,
        "journeys/triage/detail.html",
        {
            "support_request": support_request,
            "show_sensitive": show_sensitive,
            "barrier_labels": support_request.barrier_labels(sensitive=show_sensitive),
            "duplicates": list(likely_duplicates(request.user, support_request)[:10]),
            "clients": list(
                matching_clients(support_request, member_organisation_ids(request.user))[:10]
            ),
            "help_wanted": list(support_request.help_wanted.order_by("position")),
            "passes": list(
                support_request.passes.select_related(
                    "from_organisation", "to_organisation", "passed_by"
                )
            ),
            "errors": errors,
            **forms,
        },
        status=status,
    )


@require_GET
def detail(request, pk):
    """One request in full, with likely repeats and the three ways to answer it."""
    support_request = get_request_for_user(request.user, pk)
    access_log_record(
        user=request.user,
        kind=AccessLogEntry.Kind.REQUEST,
        object_id=support_request.pk,
        organisation_id=support_request.organisation_id,
    )
    return _detail(request, support_request)


@require_POST
def accept(request, pk):
    support_request = get_request_for_user(request.user, pk, write=True)
    forms = _forms(request.user, support_request, request.POST, "accept")
    form = forms["accept_form"]
    if form.is_valid():
        try:
            journey = request_accept(
                request=support_request,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                lead_worker=form.cleaned_data.get("lead_worker"),
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{support_request.display_name} now has a journey with you.")
            return redirect(journey)
    return _detail(request, support_request, forms=forms, status=400)


@require_POST
def pass_on(request, pk):
    support_request = get_request_for_user(request.user, pk, write=True)
    forms = _forms(request.user, support_request, request.POST, "pass")
    form = forms["pass_form"]
    if form.is_valid():
        try:
            handover = request_pass(
                request=support_request,
                to_organisation=form.cleaned_data["to_organisation"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Request {support_request.reference} is passed to {handover.to_organisation.name}.",
            )
            return redirect("triage:inbox")
    return _detail(request, support_request, forms=forms, status=400)


@require_POST
def close(request, pk):
    support_request = get_request_for_user(request.user, pk, write=True)
    forms = _forms(request.user, support_request, request.POST, "close")
    form = forms["close_form"]
    if form.is_valid():
        try:
            request_close(
                request=support_request,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Request {support_request.reference} is closed.")
            return redirect("triage:inbox")
    return _detail(request, support_request, forms=forms, status=400)
