"""Thin Celery tasks: they take ids and call the outbox's functions, so running twice is harmless."""

from celery import shared_task

from . import outbox


@shared_task(acks_late=True, ignore_result=True)
def outbox_deliver(message_id: str) -> None:
    outbox.outbox_deliver_message(message_id=message_id)


@shared_task(acks_late=True, ignore_result=True)
def outbox_sweep() -> None:
    for message_id in outbox.outbox_due_ids():
        outbox.outbox_deliver_message(message_id=message_id)


@shared_task(acks_late=True, ignore_result=True)
def outbox_purge() -> None:
    outbox.outbox_purge_delivered()
    outbox.outbox_purge_failed()
