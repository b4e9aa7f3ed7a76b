from .mail import deliver_email
from .models import OutboxMessage
from .outbox import register_handler

register_handler(OutboxMessage.Kind.EMAIL, deliver_email)
