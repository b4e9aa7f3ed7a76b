from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

APPS = [
    "users",
    "core",
    "ecosystem",
    "logicmodel",
    "journeys",
    "referrals",
    "stories",
    "network",
    "website",
    "workspace",
    "demo",
]


def test_every_capability_is_a_registered_app():
    for label in APPS:
        assert apps.is_installed(label), label


@pytest.mark.django_db
def test_the_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
