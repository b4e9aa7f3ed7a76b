"""Printable reports: a place's dashboard for one period as a PDF, made by Celery.

A request writes a Report row in its own transaction and, after commit, hands its id to
Celery. If the broker is down the row simply waits and the sweep (insights.tasks.report_sweep,
every minute) builds it later. Building is claim, build, record: a worker claims the row (a
lease of LEASE), builds with no transaction open, then records the outcome only while the
claim is still its own. A worker that dies leaves a lease that runs out, and the sweep tries
again, up to MAX_ATTEMPTS in all.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from ecosystem.models import Organisation
from logicmodel.pdf import PDFUnavailable, html_to_pdf
from stories import selectors as stories

from .access import Viewer, place_organisation_ids
from .models import Report
from .periods import Period
from .selectors import Dashboard, place_dashboard

logger = logging.getLogger(__name__)

Status = Report.Status
LEASE = timedelta(minutes=10)
WAIT_BEFORE_SWEEP = timedelta(seconds=60)
MAX_ATTEMPTS = 3
KEEP_FOR = timedelta(days=7)
STORIES_PER_OUTCOME = 3
STORY_WORDS = 40

NO_PDF_TOOL = "The PDF tool is not installed on this server."
WENT_WRONG = "Something went wrong while making the report. Please ask for it again."
GAVE_UP = "The report could not be made after several tries. Please ask for it again."


def report_request(*, viewer: Viewer, user, period: Period) -> Report:
    """Ask for a place's report for a period; it is built in the background after commit."""
    with transaction.atomic():
        report = Report(
            place=viewer.place,
            start=period.start,
            end=period.end,
            period_label=period.label,
            requested_by=user,
            organisation_ids=[str(pk) for pk in viewer.organisation_ids],
        )
        report.full_clean(exclude=["file"])
        report.save()
        transaction.on_commit(lambda: report_relay(report_id=report.pk))
    return report


def report_relay(*, report_id) -> bool:
    """Hand one report to Celery; a broker failure is logged and left to the sweep."""
    from .tasks import build_report

    try:
        build_report.apply_async(args=[str(report_id)], retry=False)
    except Exception:  # the broker is down: the sweep will build it later
        logger.warning("Report relay failed for %s; the sweep will build it.", report_id)
        return False
    return True


# Building -------------------------------------------------------------------------------


def _claimable(now) -> Q:
    return Q(status=Status.WAITING) | Q(status=Status.BUILDING, started_at__lte=now - LEASE)


def _claim(report_id) -> Report | None:
    now = timezone.now()
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now), pk=report_id)
            .select_related("place")
            .first()
        )
        if report is None:  # made, failed, or another worker holds a live lease
            return None
        if report.attempts >= MAX_ATTEMPTS:  # only a lease that ran out gets here
            _fail(report, GAVE_UP, now=now)
            return None
        report.status = Status.BUILDING
        report.started_at = now
        report.progress = 5
        report.attempts += 1  # counted now, so an attempt that kills the worker still counts
        report.error = ""
        report.save(update_fields=["status", "started_at", "progress", "attempts", "error"])
    return report


def _fail(report: Report, error: str, *, now=None) -> None:
    report.status = Status.FAILED
    report.error = error
    report.finished_at = now or timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])


def _ours(report: Report):
    """The report's row while this attempt still holds its lease."""
    return Report.objects.filter(pk=report.pk, status=Status.BUILDING, started_at=report.started_at)


def _progress(report: Report, value: int) -> None:
    _ours(report).update(progress=value)


def report_viewer(report: Report) -> Viewer:
    """The viewer as it was when the report was asked for: the place and the requester's own
    organisations then."""
    own = list(
        Organisation.objects.filter(pk__in=report.organisation_ids, places=report.place).order_by(
            "name"
        )
    )
    return Viewer(place=report.place, organisation_ids=[o.pk for o in own], organisations=own)


@dataclass
class Evidence:
    """The stories that speak to one outcome or impact of the model."""

    title: str
    stories: list


def report_evidence(report: Report) -> list[Evidence]:
    """For each outcome or impact that stories of the period speak to, up to three of them,
    in a bounded number of queries (two for each such outcome, out of about a dozen)."""
    ids = place_organisation_ids(report.place)
    figures = stories.story_figures(
        organisation_ids=ids, start=report.start, end=report.end, public=False
    )
    evidence = []
    for element in figures.by_element:
        if not element.value:
            continue
        found = stories.evidence_for_element(
            element_id=element.key,
            organisation_ids=ids,
            start=report.start,
            end=report.end,
            public=False,
            limit=STORIES_PER_OUTCOME,
        )
        if found:
            evidence.append(Evidence(element.label, found))
    return evidence


def report_html(report: Report, *, dashboard: Dashboard | None = None, evidence=None) -> str:
    """The report as the HTML WeasyPrint prints: every figure as the dashboard shows it."""
    if dashboard is None:
        period = Period(report.start, report.end, report.period_label)
        dashboard = place_dashboard(report_viewer(report), period)
    if evidence is None:
        evidence = report_evidence(report)
    return render_to_string(
        "insights/report_pdf.html",
        {
            "report": report,
            "place": report.place,
            "dashboard": dashboard,
            "evidence": evidence,
            "made_on": timezone.localdate(),
            "story_words": STORY_WORDS,
        },
    )


def report_build(*, report_id) -> bool:
    """Claim one report, make its PDF with no transaction open, and record the outcome.

    Running it twice is harmless: a report that is made, failed, or held by a worker whose
    lease is still live is left alone. Returns whether the report is now ready."""
    report = _claim(report_id)
    if report is None:
        return Report.objects.filter(pk=report_id, status=Status.READY).exists()
    try:
        period = Period(report.start, report.end, report.period_label)
        dashboard = place_dashboard(report_viewer(report), period)
        _progress(report, 40)
        evidence = report_evidence(report)
        _progress(report, 60)
        html = report_html(report, dashboard=dashboard, evidence=evidence)
        _progress(report, 70)
        pdf = html_to_pdf(html, base_url="file:///")
        _progress(report, 90)
    except PDFUnavailable as error:
        logger.error("Report %s: the PDF tool is missing: %s", report.pk, error)
        _record_failure(report, NO_PDF_TOOL)
        return False
    except Exception:
        logger.exception("Report %s could not be made (attempt %s)", report.pk, report.attempts)
        _record_failure(report, WENT_WRONG)
        return False
    return _record_ready(report, pdf)


def _record_ready(report: Report, pdf: bytes) -> bool:
    with transaction.atomic():
        current = _ours(report).select_for_update().first()
        if current is None:  # the lease ran out and another attempt has it now
            logger.warning(
                "Report %s was made after its lease ran out; left to the other.", report.pk
            )
            return False
        current.file.save(current.filename, ContentFile(pdf), save=False)
        current.status = Status.READY
        current.progress = 100
        current.finished_at = timezone.now()
        current.save(update_fields=["file", "status", "progress", "finished_at"])
    return True


def _record_failure(report: Report, error: str) -> None:
    with transaction.atomic():
        current = _ours(report).select_for_update().first()
        if current is not None:
            _fail(current, error)


# The sweep ------------------------------------------------------------------------------


def report_due_ids(*, limit: int = 100) -> list:
    """Reports to build again: waiting for a minute (the broker was down when they were asked
    for) or held by a worker whose lease ran out."""
    now = timezone.now()
    return list(
        Report.objects.filter(
            Q(status=Status.WAITING, requested_at__lte=now - WAIT_BEFORE_SWEEP)
            | Q(status=Status.BUILDING, started_at__lte=now - LEASE)
        )
        .order_by("requested_at")
        .values_list("pk", flat=True)[:limit]
    )


def report_purge(*, older_than: timedelta = KEEP_FOR) -> int:
    """Delete reports asked for more than a week ago, with their files: the figures go stale
    and the file need not be kept."""
    old = list(Report.objects.filter(requested_at__lt=timezone.now() - older_than))
    for report in old:
        if report.file:
            report.file.delete(save=False)
    deleted, _ = Report.objects.filter(pk__in=[r.pk for r in old]).delete()
    return deleted
