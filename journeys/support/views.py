"""Asking for support: the public form, its confirmation and the privacy notice. No account needed."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import add_errors, error_list, posted
from core.ratelimit import client_ip, over_limit
from journeys.models import PRIVACY_NOTICE_VERSION, SupportRequest

from .forms import SupportRequestForm
from .services import support_request_submit

# More requests than these from one address, or for one email, in an hour are kept but
# marked for a second look in triage (and send no email): a real person is never turned away.


def _looks_like_a_flood(request, email: str) -> bool:
    by_address = over_limit(
        f"ask:ip:{client_ip(request)}",
        limit=settings.SUPPORT_REQUESTS_PER_HOUR_PER_ADDRESS,
        window_seconds=3600,
    )
    by_email = over_limit(
        f"ask:email:{email.lower()}",
        limit=settings.SUPPORT_REQUESTS_PER_HOUR_PER_EMAIL,
        window_seconds=3600,
    )
    return by_address or by_email


@login_not_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """The "ask for support" form."""
    form = SupportRequestForm(posted(request))
    if request.method == "POST":
        if form.is_trapped:
            # Only a bot fills the hidden field: it sees the same thank-you page, and nothing is kept.
            return redirect("support:thanks")
        if form.is_valid():
            try:
                support_request = support_request_submit(
                    answers=form.answers(),
                    base_url=request.build_absolute_uri("/"),
                    suspected_spam=_looks_like_a_flood(request, form.cleaned_data["email"]),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                request.session["support_request"] = str(support_request.pk)
                return redirect("support:thanks")
    return render(
        request,
        "journeys/support/ask.html",
        {"form": form, "errors": error_list(form)},
    )


@login_not_required
@require_GET
def thanks(request):
    """The confirmation page after asking: what happens next, and how to follow the request."""
    support_request = None
    pk = request.session.get("support_request")
    if pk:
        support_request = SupportRequest.objects.filter(pk=pk).select_related("place").first()
    return render(request, "journeys/support/thanks.html", {"support_request": support_request})


@login_not_required
@require_GET
def privacy(request):
    """What we keep about people who ask for support, who sees it and for how long."""
    return render(
        request,
        "journeys/support/privacy.html",
        {
            "version": PRIVACY_NOTICE_VERSION,
            "closed_journeys_kept": _period(settings.RETENTION_CLOSED_JOURNEY_DAYS),
            "access_log_kept": _period(settings.ACCESS_LOG_RETENTION_DAYS),
            "copies_kept": _period(settings.DATA_EXPORT_KEEP_DAYS),
        },
    )


def _period(days: int) -> str:
    """A number of days as the notice says it: in years when it is whole years."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
