"""Erase everything the platform holds about one person, keeping only anonymous counts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.access import Scope
from privacy.models import Erasure
from privacy.selectors import subject_find, subject_summary
from privacy.services import person_erase


class Command(BaseCommand):
    help = "Erase everything held about one person (found by email), across the platform."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's email address.")
        parser.add_argument(
            "--yes", action="store_true", help="Erase: without it, only say what would go."
        )
        parser.add_argument(
            "--how-asked",
            default=Erasure.HowAsked.EMAIL,
            choices=Erasure.HowAsked.values,
            help="How the person asked (default: by email).",
        )

    def handle(self, *args, email, yes, how_asked, **options):
        scope = Scope(None)
        subject = subject_find(email, scope)
        if subject is None:
            raise CommandError(f"Nothing is held about {email}.")
        for row in subject_summary(subject):
            if row["count"]:
                self.stdout.write(f"  {row['title']}: {row['count']}")
        if not yes:
            self.stdout.write("Nothing erased: add --yes to erase this.")
            return
        try:
            erasure = person_erase(
                subject=subject,
                scope=scope,
                actor=None,
                how_asked=how_asked,
                asked_on=timezone.localdate(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Erased. The record of it is {erasure.reference}.")
