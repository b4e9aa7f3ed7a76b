from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import tabular
from core.tabular_views import table_download
from ecosystem.selectors import places_worked_or_commissioned

from . import reports
from .access import get_place_for_insights, get_report_for_user
from .periods import PeriodForm
from .selectors import dashboard_for


@require_GET
def index(request):
    """The places whose figures this person may open."""
    return render(
        request, "insights/index.html", {"places": places_worked_or_commissioned(request.user)}
    )


def _dashboard(request, slug):
    viewer = get_place_for_insights(request.user, slug)
    form = PeriodForm(request.GET or None)
    choice, period = form.chosen()
    return form, choice, dashboard_for(viewer, period)


@require_GET
def place(request, slug):
    """A place's dashboard for a period, beside the period before."""
    form, choice, dashboard = _dashboard(request, slug)
    return render(
        request,
        "insights/place.html",
        {
            "form": form,
            "dashboard": dashboard,
            "place": dashboard.viewer.place,
            "period_query": dashboard.period.query(choice),
            "refresh_minutes": -(-settings.INSIGHTS_CACHE_SECONDS // 60),
        },
    )


@require_GET
def download(request, slug, key, fmt):
    """One table of the dashboard as CSV or Excel: the same figures, suppressed the same way."""
    _, _, dashboard = _dashboard(request, slug)
    panel = dashboard.panel(key)
    if panel is None:
        raise Http404("No such table")
    records = panel.table.records(row_heading=panel.row_heading or panel.title)
    period = dashboard.period
    title = f"{panel.title} - {dashboard.viewer.place.name}"
    table = tabular.Table(
        title=title,
        headings=records[0],
        rows=[
            *records[1:],
            [],
            [f"{dashboard.viewer.place.name}, {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}."],
        ],
    )
    return table_download(table, fmt, f"{dashboard.viewer.place.slug}-{key}")


# Printable reports ----------------------------------------------------------------------


@require_POST
def report_request(request, slug):
    """Ask for a printable report of the period shown; it is made in the background."""
    viewer = get_place_for_insights(request.user, slug)
    _, period = PeriodForm(request.POST).chosen()
    report = reports.report_request(viewer=viewer, user=request.user, period=period)
    return redirect("insights:report", pk=report.pk)


def _report_state(report) -> dict:
    return {
        "status": report.status,
        "label": report.get_status_display(),
        "progress": report.progress,
        "ready": report.is_ready,
        "error": report.error,
        "download_url": reverse("insights:report_download", args=[report.pk])
        if report.is_ready
        else "",
    }


@require_GET
def report(request, pk):
    """How a report is coming along, and its download link once it is ready."""
    report = get_report_for_user(request.user, pk)
    return render(
        request,
        "insights/report.html",
        {"report": report, "place": report.place, "state": _report_state(report)},
    )


@require_GET
def report_status(request, pk):
    """The same as the report page, as JSON for the page's script to poll."""
    report = get_report_for_user(request.user, pk)
    response = JsonResponse(_report_state(report))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report_download(request, pk):
    """The report's PDF from private storage, as an attachment; never cached on the way."""
    report = get_report_for_user(request.user, pk)
    if not report.is_ready:
        raise Http404("Not ready")
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
