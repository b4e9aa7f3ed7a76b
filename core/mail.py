"""An email backend that writes every message to the outbox instead of sending it.

Django, allauth and Wagtail all send through EMAIL_BACKEND, so every email the
platform sends is kept until the relay has handed it to the real backend
(OUTBOX_EMAIL_BACKEND: the console in development, SMTP in production).
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .models import OutboxMessage
from .outbox import outbox_enqueue


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


def deliver_email(payload: dict) -> None:
    """Send one outbox email through the real backend; an error leaves it for a retry."""
    connection = get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)
    connection.send_messages([payload_to_email(payload)])


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            outbox_enqueue(kind=OutboxMessage.Kind.EMAIL, payload=email_to_payload(message))
        return len(email_messages)
