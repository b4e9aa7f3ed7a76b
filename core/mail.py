"""An email backend that writes every message to the outbox instead of sending it.

Django, allauth and Wagtail all send through EMAIL_BACKEND, so every email the
platform sends is kept until the relay has handed it to the real backend
(OUTBOX_EMAIL_BACKEND: the console in development, SMTP in production).
"""

import base64
import logging
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME

from .models import OutboxMessage
from .outbox import outbox_enqueue

logger = logging.getLogger(__name__)


def email_to_payload(message) -> dict:
    """A JSON-safe description of an EmailMessage."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            filename, content, mimetype = attachment
            if isinstance(content, str):
                content = content.encode()
            attachments.append([filename, base64.b64encode(content).decode(), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {k: str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [[str(c), m] for c, m in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def payload_to_email(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def _message_id(payload: dict, message_id: str) -> str:
    # One Message-ID for every attempt at one outbox message, so a mail system that
    # sees a repeat (after a worker died mid-send) can recognise and drop it.
    _, address = parseaddr(payload["from_email"] or settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or str(DNS_NAME)
    return f"<outbox-{message_id}@{domain}>"


def deliver_email(payload: dict, *, message_id: str, delivery_id: str) -> None:
    """Send one outbox email through the real backend; an error leaves it for a retry."""
    email = payload_to_email(payload)
    headers = {**email.extra_headers, "X-Outbox-Delivery-Id": delivery_id}
    if "message-id" not in {name.lower() for name in headers}:
        headers["Message-ID"] = _message_id(payload, message_id)
    email.extra_headers = headers
    connection = get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)
    connection.send_messages([email])
    logger.info("Outbox email %s sent (delivery %s)", message_id, delivery_id)


# A header the sender sets to say what an email is about (see OutboxMessage.about); it is kept
# on the outbox row, not sent.
ABOUT_HEADER = "X-Outbox-About"


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            payload = email_to_payload(message)
            about = payload["headers"].pop(ABOUT_HEADER, "")
            outbox_enqueue(kind=OutboxMessage.Kind.EMAIL, payload=payload, about=about[:80])
        return len(email_messages)
