import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.assumptions import seed_assumption_rules
from demo.directory import HUB_A, seed_directory
from demo.insights import seed_insights
from demo.journeys import seed_journeys, seed_requests
from demo.logicmodel import seed_assessments, seed_local_model
from demo.network import seed_network
from demo.personas import PERSONAS, build_persona_cast
from demo.privacy import seed_privacy
from demo.referrals import seed_referrals
from demo.rounds import seed_rounds
from demo.scale import DEFAULT_SEED, SIZES, seed_scale
from demo.stories import seed_stories
from demo.website import seed_website

PASSWORD_FILE = Path(settings.BASE_DIR) / ".demo-password"


def demo_password() -> tuple[str, str]:
    """DEMO_PASSWORD if set; else the one generated on an earlier run; else a new one."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"], "from DEMO_PASSWORD"
    if PASSWORD_FILE.exists():
        return PASSWORD_FILE.read_text().strip(), f"generated earlier, kept in {PASSWORD_FILE.name}"
    password = secrets.token_urlsafe(12)
    PASSWORD_FILE.write_text(password + "\n")
    return password, f"generated now, kept in {PASSWORD_FILE.name}"


class Command(BaseCommand):
    help = "Load fictional demo content and one login per persona. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a live site).",
        )
        parser.add_argument(
            "--scale",
            choices=SIZES,
            help="Also load a large fictional data set (small, medium or large) on top of the demo.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            help=f"With --scale: the random seed (default {DEFAULT_SEED}); the same seed gives the same data.",
        )

    def handle(self, *args, force=False, scale=None, seed=None, **options):
        if seed is not None and scale is None:
            raise CommandError("--seed goes with --scale.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates demo logins with a shared password, so it refuses to run when "
                "DEBUG is off. Use --force only on a demonstration or test site."
            )
        password, source = demo_password()
        with transaction.atomic():
            cast = build_persona_cast(password)
            seed_directory()
            seed_website()
            seed_local_model(place=cast["places"]["wigan"], actor=cast["users"]["manager_a"])
            seed_assessments(
                organisation=cast["organisations"][HUB_A], actor=cast["users"]["manager_a"]
            )
            seed_journeys(users=cast["users"], organisations=cast["organisations"])
            seed_requests()
            seed_referrals(users=cast["users"])
            seed_stories(users=cast["users"])
            seed_network(users=cast["users"])
            seed_rounds(users=cast["users"])
            seed_insights(users=cast["users"], organisations=cast["organisations"])
            seed_assumption_rules()
            seed_privacy(users=cast["users"], organisations=cast["organisations"])
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if scale:
            seed_scale(
                scale,
                seed=DEFAULT_SEED if seed is None else seed,
                cast=cast,
                write=self.stdout.write,
            )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password {source}):")
        self.stdout.write(f"  password: {password}")
        width = max(len(p.email) for p in PERSONAS)
        for persona in PERSONAS:
            self.stdout.write(f"  {persona.email.ljust(width)}  {persona.description}")
