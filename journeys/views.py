"""A hub's work with journeys: the list, one journey's page, sessions, milestones and the dashboard.

Every view reaches its object through an access helper (journeys.access): staff of
another organisation get 404, as for a journey that does not exist. Writes go through
one service each, so a refused form saves nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, all_valid, error_list, posted
from core.paging import page_of
from ecosystem.selectors import member_organisations, organisation_workers

from .access import (
    get_action_for_user,
    get_journey_for_user,
    get_session_for_user,
    get_workplace_for_user,
)
from .calendar import sessions_calendar
from .extensions import journey_page_panels
from .forms import (
    ActionForm,
    JourneyForm,
    MilestoneForm,
    NewJourneyForm,
    SessionForm,
    StageForm,
    StatusForm,
    WellbeingForm,
    action_formset,
)
from .models import AccessLogEntry, Journey, WellbeingCheck
from .selectors import (
    hub_dashboard,
    journey_page,
    journeys_filtered,
    session_detail,
    upcoming_sessions,
)
from .services import (
    access_log_record,
    action_add,
    action_set_done,
    journey_create,
    journey_move_to_stage,
    journey_set_status,
    journey_update,
    milestone_record,
    session_log,
    session_update,
    wellbeing_record,
)

PAGE_SIZE = 50


@require_GET
def journey_list(request):
    """The journeys of the organisations a person works for, filtered and paged."""
    filterset = journeys_filtered(request.user, request.GET)
    paged = page_of(request, filterset.qs, per_page=PAGE_SIZE)
    return render(
        request,
        "journeys/staff/list.html",
        {
            "form": filterset.form,
            "page": paged.page,
            "query": paged.query_string,
            "organisations": member_organisations(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def journey_new(request, org_pk):
    """Start a journey for someone who came in person or phoned."""
    organisation = get_workplace_for_user(request.user, org_pk)
    form = NewJourneyForm(posted(request), workers=organisation_workers(organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            journey = journey_create(
                organisation=organisation,
                actor=request.user,
                client=form.client_details(),
                venture_name=data["venture_name"],
                venture_description=data.get("venture_description", ""),
                business_type=data.get("business_type"),
                stage=data["stage"],
                lead_worker=data.get("lead_worker") or request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The journey is started.")
            return redirect(journey)
    return render(
        request,
        "journeys/staff/journey_new.html",
        {"organisation": organisation, "form": form, "errors": error_list(form)},
    )


@require_GET
def journey_detail(request, pk):
    """One journey: the person, the venture, its actions and one timeline of everything."""
    journey = get_journey_for_user(request.user, pk)
    access_log_record(
        user=request.user,
        kind=AccessLogEntry.Kind.JOURNEY,
        object_id=journey.pk,
        organisation_id=journey.organisation_id,
        client_id=journey.client_id,
    )
    return render(
        request,
        "journeys/staff/detail.html",
        {
            "journey": journey,
            "client": journey.client,
            **journey_page(journey),
            "barriers": journey.client.barrier_labels(sensitive=True),
            "today": timezone.localdate(),
            "action_form": ActionForm(required=True, stacked=True),
            "panels": journey_page_panels(request, journey),
        },
    )


def _journey_form_page(request, journey, form, *, heading: str, button: str, intro: str = ""):
    """The page of one small form about a journey (what a phone without JavaScript posts to)."""
    context = {
        "journey": journey,
        "form": form,
        "errors": error_list(form),
        "heading": heading,
        "button": button,
        "intro": intro,
        "action": request.path,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "journeys/staff/journey_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def journey_edit(request, pk):
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    initial = {
        "venture_name": journey.venture_name,
        "venture_description": journey.venture_description,
        "business_type": journey.business_type,
        "lead_worker": journey.lead_worker,
    }
    form = JourneyForm(
        posted(request), initial=initial, workers=organisation_workers(journey.organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            journey_update(journey=journey, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The journey is saved.")
            return redirect(journey)
    return _journey_form_page(request, journey, form, heading="Change the journey", button="Save")


@require_http_methods(["GET", "POST"])
def journey_stage(request, pk):
    """Move a journey to another stage (its own page is what a phone without JavaScript posts to)."""
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    form = StageForm(posted(request), initial={"stage": journey.stage})
    if request.method == "POST" and form.is_valid():
        try:
            journey_move_to_stage(journey=journey, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The stage is changed.")
            return redirect(journey)
    return _journey_form_page(
        request, journey, form, heading="Move to another stage", button="Move the journey"
    )


@require_http_methods(["GET", "POST"])
def journey_status(request, pk):
    """Pause, close or reopen a journey."""
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    form = StatusForm(posted(request), initial={"status": journey.status})
    if request.method == "POST" and form.is_valid():
        try:
            journey_set_status(journey=journey, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            journey.refresh_from_db()
            messages.success(request, f"The journey is now {journey.get_status_display().lower()}.")
            return redirect(journey)
    return _journey_form_page(
        request,
        journey,
        form,
        heading="Pause, close or reopen",
        button="Change the status",
        intro="Closing needs a reason. You can reopen a journey later.",
    )


# Sessions ------------------------------------------------------------------------------------


def _session_page(request, organisation, form, actions, *, journey=None):
    if request.method == "POST" and all_valid(form, actions):
        try:
            session = session_log(
                organisation=organisation,
                actor=request.user,
                actions=actions.agreed_actions(),
                **form.service_arguments(request.user),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The session is recorded.")
            return redirect(journey or session)
    return render(
        request,
        "journeys/staff/session_form.html",
        {
            "organisation": organisation,
            "journey": journey,
            "form": form,
            "actions": actions,
            "errors": error_list(form, actions),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def session_new_for_journey(request, pk):
    """Log a session with one person or group: the routine case, one short form."""
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    organisation = journey.organisation
    form = SessionForm(
        posted(request),
        workers=organisation_workers(organisation),
        journeys=Journey.objects.none(),
        fixed_journey=journey,
    )
    return _session_page(
        request, organisation, form, action_formset(posted(request)), journey=journey
    )


@require_http_methods(["GET", "POST"])
def session_new(request, org_pk):
    """Log a group session (a workshop, a peer group): it counts for each journey that took part."""
    organisation = get_workplace_for_user(request.user, org_pk)
    journeys = (
        Journey.objects.filter(organisation=organisation)
        .exclude(status=Journey.Status.CLOSED)
        .select_related("client")
        .order_by("client__name")
    )
    form = SessionForm(
        posted(request), workers=organisation_workers(organisation), journeys=journeys
    )
    return _session_page(request, organisation, form, action_formset(posted(request)))


@require_GET
def session_view(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(
        request, "journeys/staff/session.html", {"session": session, **session_detail(session)}
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    """Correct a session: its details and who took part."""
    session = get_session_for_user(request.user, pk, write=request.method == "POST")
    organisation = session.organisation
    taking_part = list(session.journeys.values_list("pk", flat=True))
    journeys = (
        Journey.objects.filter(organisation=organisation)
        .filter(~Q(status=Journey.Status.CLOSED) | Q(pk__in=taking_part))
        .select_related("client")
        .order_by("client__name")
    )
    local = timezone.localtime(session.starts_at)
    initial = {
        "kind": session.kind,
        "on": local.date(),
        "at": local.time().replace(second=0, microsecond=0),
        "duration_minutes": session.duration_minutes,
        "mode": session.mode,
        "staff": session.staff,
        "journeys": taking_part,
        "topics": session.topics,
        "notes": session.notes,
    }
    form = SessionForm(
        posted(request),
        initial=initial,
        workers=organisation_workers(organisation),
        journeys=journeys,
        keep_time=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_update(
                session=session, actor=request.user, **form.service_arguments(request.user)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The session is saved.")
            return redirect(session)
    return render(
        request,
        "journeys/staff/session_form.html",
        {
            "organisation": organisation,
            "session": session,
            "form": form,
            "actions": None,
            "errors": error_list(form),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def organisation_calendar(request, org_pk):
    """An organisation's upcoming sessions as an .ics file for a calendar app."""
    organisation = get_workplace_for_user(request.user, org_pk)
    body = sessions_calendar(
        upcoming_sessions(organisation),
        name=f"{organisation.name}: sessions",
        base_url=request.build_absolute_uri("/"),
        for_staff=True,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sessions.ics"'
    return response


# Actions, milestones and wellbeing --------------------------------------------------------------


@require_POST
def action_new(request, pk):
    journey = get_journey_for_user(request.user, pk, write=True)
    form = ActionForm(request.POST, required=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action_add(
                journey=journey,
                actor=request.user,
                description=data["description"],
                owner=data["owner"],
                due_on=data.get("due_on"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The action is added.")
            return redirect(journey)
    return _journey_form_page(
        request, journey, form, heading="Add an action", button="Add the action"
    )


@require_POST
def action_done(request, pk, action_pk):
    action = get_action_for_user(request.user, pk, action_pk, write=True)
    done = request.POST.get("done", "1") == "1"
    action_set_done(action=action, actor=request.user, done=done)
    messages.success(request, "The action is ticked off." if done else "The action is open again.")
    return redirect(action.journey)


@require_http_methods(["GET", "POST"])
def milestone_new(request, pk):
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    form = MilestoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            milestone_record(journey=journey, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The milestone is recorded.")
            return redirect(journey)
    return _journey_form_page(
        request,
        journey,
        form,
        heading="Record a milestone",
        button="Record the milestone",
        intro="Fill in the figure that goes with it: the legal form when registered, jobs as full-time equivalents, finance in pounds.",
    )


@require_http_methods(["GET", "POST"])
def wellbeing_new(request, pk):
    journey = get_journey_for_user(request.user, pk, write=request.method == "POST")
    first = not WellbeingCheck.objects.filter(journey=journey).exists()
    form = WellbeingForm(posted(request), first=first)
    if request.method == "POST" and form.is_valid():
        try:
            wellbeing_record(
                journey=journey,
                actor=request.user,
                occasion=form.cleaned_data["occasion"],
                taken_on=form.cleaned_data["taken_on"],
                scores=form.scores(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The wellbeing answers are recorded.")
            return redirect(journey)
    return _journey_form_page(
        request,
        journey,
        form,
        heading="Record wellbeing and confidence",
        button="Record the answers",
        intro="Ask the four questions as written, and the confidence question. Each answer is from 0 to 10.",
    )


# The hub dashboard ------------------------------------------------------------------------------


@require_GET
def dashboard(request, org_pk):
    """A hub's day at a glance: requests waiting, journeys by stage, sessions, overdue actions."""
    organisation = get_workplace_for_user(request.user, org_pk)
    return render(
        request,
        "journeys/staff/dashboard.html",
        {"organisation": organisation, **hub_dashboard(organisation)},
    )
