"""Thin Celery tasks: they take ids and call insights.reports, so running twice is harmless."""

from celery import shared_task

from . import reports


@shared_task(acks_late=True, ignore_result=True)
def build_report(report_id: str) -> None:
    reports.report_build(report_id=report_id)


@shared_task(acks_late=True, ignore_result=True)
def report_sweep() -> None:
    for report_id in reports.report_due_ids():
        reports.report_build(report_id=report_id)
    reports.report_purge()
