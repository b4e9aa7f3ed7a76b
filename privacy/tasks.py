"""Thin Celery tasks: they take ids and call privacy.services, so running twice is harmless."""

from celery import shared_task

from journeys.services import access_log_purge

from . import services


@shared_task(acks_late=True, ignore_result=True)
def build_export(export_id: str) -> None:
    services.export_build(export_id=export_id)


@shared_task(acks_late=True, ignore_result=True)
def export_sweep() -> None:
    """Build copies the broker never got (or whose worker died), and delete old ones."""
    for export_id in services.export_due_ids():
        services.export_build(export_id=export_id)
    services.exports_expire()


@shared_task(acks_late=True, ignore_result=True)
def retention_sweep() -> None:
    """Each night: anonymise what has been kept for its full period, and trim the access log."""
    services.retention_apply()
    access_log_purge()
