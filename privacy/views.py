"""People's rights over their data: managers find a person, make a copy of what their
organisation holds, erase it (in two steps) and read who opened which records; a person
downloads a copy of everything held about them from My journey."""

from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors, error_list
from core.paging import page_of
from journeys.models import AccessLogEntry
from users.signin import recently_signed_in_by_code

from . import services
from .access import Scope, get_export_for_user, get_scope_for_user
from .forms import ConfirmEraseForm, EraseForm, FindPersonForm
from .selectors import (
    NOT_FOUND,
    erased_before,
    erasures_for_scope,
    exports_for_scope,
    own_exports,
    subject_find,
    subject_label,
    subject_summary,
)

ACCESS_LOG_PAGE = 50


def _url(name: str, scope: Scope, **query) -> str:
    if scope.everywhere:
        url = reverse(f"privacy:all_{name}")
    else:
        url = reverse(f"privacy:{name}", kwargs={"org_pk": scope.organisation.pk})
    return f"{url}?{urlencode(query)}" if query else url


def _urls(scope: Scope) -> dict:
    return {name: _url(name, scope) for name in ("index", "export_new", "erase", "access_log")}


def _found(request, scope: Scope):
    """The person the request's q finds, with the form that found them (and its error)."""
    form = FindPersonForm(request.GET or None)
    subject = None
    if form.is_valid():
        subject = subject_find(form.cleaned_data["q"], scope)
        if subject is None:
            form.add_error("q", NOT_FOUND)
    return form, subject


@require_GET
def index(request, org_pk=None):
    """Find a person; see the copies made and the erasures done."""
    scope = get_scope_for_user(request.user, org_pk)
    form, subject = _found(request, scope)
    context = {
        "scope": scope,
        "urls": _urls(scope),
        "form": form,
        "errors": error_list(form) if form.is_bound and not form.is_valid() else [],
        "subject": subject,
        "exports": exports_for_scope(scope)[:20],
        "erasures": erasures_for_scope(scope)[:20],
        "retention_days": settings.RETENTION_CLOSED_JOURNEY_DAYS,
    }
    if subject is not None:
        context.update(
            label=subject_label(subject),
            summary=subject_summary(subject),
            query=form.cleaned_data["q"],
            erased_before=erased_before(subject.email),
            erase_url=_url("erase", scope, q=form.cleaned_data["q"]),
        )
    return render(request, "privacy/index.html", context, status=200)


@require_POST
def export_new(request, org_pk=None):
    """Ask for a copy of what the organisation holds about the person."""
    scope = get_scope_for_user(request.user, org_pk)
    try:
        export = services.export_request(
            scope=scope, query=request.POST.get("q", ""), actor=request.user
        )
    except ValidationError:
        messages.error(request, NOT_FOUND)
        return redirect(_url("index", scope))
    return redirect("privacy:export", pk=export.pk)


@never_cache
@require_GET
def export(request, pk):
    """How a copy is coming along, and its download link once it is ready."""
    export = get_export_for_user(request.user, pk)
    back = reverse("privacy:mine") if export.for_self else _url("index", Scope(export.organisation))
    return render(request, "privacy/export.html", {"export": export, "back": back})


def _needs_fresh_code(request) -> bool:
    return not recently_signed_in_by_code(
        request, request.user, within_seconds=account_settings.REAUTHENTICATION_TIMEOUT
    )


def _ask_for_code(request, next_url: str):
    messages.info(
        request,
        "To keep your data safe, we have emailed you a code. Enter it to carry on.",
    )
    return redirect(
        reverse("account_request_reauthentication_code") + "?" + urlencode({"next": next_url})
    )


@never_cache
@require_GET
def export_download(request, pk):
    """The copy from private storage, as an attachment, logged; a person's own copy only after
    a fresh sign-in by code."""
    export = get_export_for_user(request.user, pk)
    if not export.is_ready:
        raise Http404("This copy is not ready, or has been deleted.")
    if export.for_self and _needs_fresh_code(request):
        return _ask_for_code(request, reverse("privacy:export", args=[export.pk]))
    services.export_downloaded(export=export, actor=request.user)
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/zip",
    )


@require_http_methods(["GET", "POST"])
def erase(request, org_pk=None):
    """Erase a person's data in two steps: say how they asked and check nothing must be kept,
    then type their address again to confirm."""
    scope = get_scope_for_user(request.user, org_pk)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    subject = subject_find(query, scope)
    if subject is None:
        messages.error(request, NOT_FOUND)
        return redirect(_url("index", scope))
    expected = subject.email or query
    step = request.POST.get("step", "")
    status = 200
    form = EraseForm(request.POST if step == "review" else None)
    confirm = None
    if step == "review" and form.is_valid():
        confirm = ConfirmEraseForm(initial=form.cleaned_data, expected=expected)
    elif step == "confirm":
        confirm = ConfirmEraseForm(request.POST, expected=expected)
        if confirm.is_valid():
            data = confirm.cleaned_data
            try:
                erasure = services.person_erase(
                    subject=subject,
                    scope=scope,
                    actor=request.user,
                    how_asked=data["how_asked"],
                    asked_on=data["asked_on"],
                )
            except ValidationError as error:
                add_errors(confirm, error)
            else:
                messages.success(
                    request,
                    f"Their data has been erased. The record of it is {erasure.reference}.",
                )
                return redirect(_url("index", scope))
        status = 400
    elif step:
        status = 400
    if form.is_bound and not form.is_valid():
        status = 400
    return render(
        request,
        "privacy/erase.html",
        {
            "scope": scope,
            "urls": _urls(scope),
            "query": query,
            "label": subject_label(subject),
            "summary": subject_summary(subject),
            "blockers": services.erase_blockers(subject),
            "told": services.organisations_told(subject),
            "expected": expected,
            "form": form,
            "confirm": confirm,
            "errors": error_list(confirm if confirm is not None else form) if status == 400 else [],
        },
        status=status,
    )


@require_GET
def access_log(request, org_pk=None):
    """Who opened which person's records, newest first (for one person when q finds them)."""
    scope = get_scope_for_user(request.user, org_pk)
    form, subject = _found(request, scope)
    entries = AccessLogEntry.objects.filter(organisation=scope.organisation).select_related(
        "user", "client"
    )
    if subject is not None:
        entries = entries.filter(client_id__in=subject.client_ids)
    paged = page_of(request, entries.order_by("-at", "-pk"), per_page=ACCESS_LOG_PAGE)
    return render(
        request,
        "privacy/access_log.html",
        {
            "scope": scope,
            "urls": _urls(scope),
            "form": form,
            "errors": error_list(form) if form.is_bound and not form.is_valid() else [],
            "subject": subject,
            "paged": paged,
            "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
        },
    )


# The person's own copy ------------------------------------------------------------------


@require_GET
def mine(request):
    """A person's own copies of everything held about them."""
    return render(
        request,
        "privacy/mine.html",
        {"exports": own_exports(request.user), "keep_days": settings.DATA_EXPORT_KEEP_DAYS},
    )


@require_POST
def mine_new(request):
    """Ask for a copy of everything held about oneself, after a fresh sign-in by code."""
    if _needs_fresh_code(request):
        return _ask_for_code(request, reverse("privacy:mine"))
    try:
        export = services.export_request(
            scope=Scope(None), query=request.user.email, actor=request.user, for_self=True
        )
    except ValidationError:
        messages.error(request, "We could not find anything held about you.")
        return redirect("privacy:mine")
    return redirect("privacy:export", pk=export.pk)
