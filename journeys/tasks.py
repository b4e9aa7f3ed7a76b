"""Thin Celery tasks for journeys: each calls one service and is safe to run twice."""

from celery import shared_task

from . import services
from .triage.services import requests_purge_closed


@shared_task(acks_late=True, ignore_result=True)
def remind_overdue_actions() -> None:
    services.actions_remind_overdue()


@shared_task(acks_late=True, ignore_result=True)
def purge_closed_requests() -> None:
    requests_purge_closed()
