"""Write a copy of everything the platform holds about one person to a ZIP file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.access import Scope
from privacy.selectors import subject_find
from privacy.services import export_zip


class Command(BaseCommand):
    help = "Write a copy of everything held about one person (found by email) to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument("--out", required=True, help="Where to write the ZIP file.")

    def handle(self, *args, email, out, **options):
        scope = Scope(None)
        subject = subject_find(email, scope)
        if subject is None:
            raise CommandError(f"Nothing is held about {email}.")
        content = export_zip(subject, scope=scope, made_at=timezone.now())
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {len(content):,} bytes to {out}.")
