"""My journey: what the person supported sees of their own journeys (never staff-only notes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.forms import add_errors, error_list
from journeys.calendar import sessions_calendar
from journeys.extensions import my_journey_panels

from .access import get_own_client
from .forms import ContactForm
from .selectors import own_journeys, own_requests, own_upcoming_sessions
from .services import client_contact_update


def _page(request, *, bound_form=None, bound_client=None, status=200):
    journeys = own_journeys(request.user)
    records = []
    seen = set()
    for journey in journeys:
        client = journey.client
        if client.pk in seen:
            continue
        seen.add(client.pk)
        form = bound_form if bound_client and bound_client.pk == client.pk else None
        form = form or ContactForm(
            initial={
                "contact_method": client.contact_method,
                "phone": client.phone,
                "contact_times": client.contact_times,
            },
            auto_id=f"id_{client.pk}_%s",
        )
        records.append({"client": client, "organisation": journey.organisation, "form": form})
    return render(
        request,
        "journeys/mine/journey.html",
        {
            "journeys": journeys,
            "requests": list(own_requests(request.user)),
            "records": records,
            "errors": error_list(bound_form) if bound_form else [],
            "panels": my_journey_panels(request),
        },
        status=status,
    )


@require_GET
def my_journey(request):
    """The signed-in person's journeys: stages, sessions, actions, milestones, contact and consents."""
    return _page(request)


@require_POST
def contact_update(request, client_pk):
    """Change how a hub should contact the person: only their own record."""
    client = get_own_client(request.user, client_pk, write=True)
    form = ContactForm(request.POST, auto_id=f"id_{client.pk}_%s")
    if form.is_valid():
        try:
            client_contact_update(client=client, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{client.organisation.name} will contact you as you asked.")
            return redirect("my:journey")
    return _page(request, bound_form=form, bound_client=client, status=400)


@require_GET
def my_calendar(request):
    """The person's upcoming sessions as an .ics file."""
    body = sessions_calendar(
        own_upcoming_sessions(request.user),
        name="My sessions",
        base_url=request.build_absolute_uri("/"),
        for_staff=False,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-sessions.ics"'
    return response
