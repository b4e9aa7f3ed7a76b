"""An email backend that takes its time: it says it has started (in the file SLOW_EMAIL_MARKER names), waits
SLOW_EMAIL_SECONDS, then writes the email as the file-based backend does. A test kills the
worker while it waits."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        started = Path(os.environ["SLOW_EMAIL_MARKER"])
        with started.open("a") as marker:
            marker.write(f"{os.getpid()}\n")
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "3")))
        return super().send_messages(email_messages)
