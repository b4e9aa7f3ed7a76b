"""Thin Celery tasks for referrals: each calls one service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def remind_and_expire() -> None:
    services.referrals_remind_and_expire()


@shared_task(acks_late=True, ignore_result=True)
def clear_ended_details() -> None:
    services.referrals_clear_ended_details()
