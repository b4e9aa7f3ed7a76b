"""The demo entrepreneur asks for a copy of their data, then for its erasure: afterwards a search
of every table, and of the private files, finds nothing that identifies them, while the figures
still count their journeys, sessions, milestones and wellbeing answers."""

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.db.models import Q

from journeys import selectors as journeys
from journeys.models import Client, Journey, SupportRequest
from privacy.models import Erasure, email_fingerprint
from referrals.models import Notification, Referral
from stories.models import Story, StoryImage

pytestmark = pytest.mark.django_db

EMAIL = "entrepreneur@demo.test"
NAME = "Amira Example"
# The demo gives the entrepreneur the hub's own postcode; a phone number from Ofcom's range
# for drama and a postcode nobody else in the demo has make the search mean something.
PHONE = "07700 900461"
POSTCODE = "WN6 7QZ"


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
    ]


def rows_mentioning(*words) -> dict[str, int]:
    """Every table of every app (Django's, Wagtail's, allauth's and ours), every text column."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        fields = _text_fields(model)
        if not fields:
            continue
        query = Q()
        for field in fields:
            for word in words:
                query |= Q(**{f"{field.attname}__icontains": word})
        count = model._base_manager.filter(query).count()
        if count:
            found[model._meta.label] = count
    return found


def files_mentioning(root: Path, *words) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            if any(w.lower().encode() in content or w.lower() in path.name.lower() for w in words):
                hits.append(str(path))
    return hits


def figures() -> dict:
    period = {"organisation_ids": None, "start": date(2000, 1, 1), "end": date(2100, 1, 1)}
    return {
        "requests": journeys.request_figures(**period),
        "journeys": journeys.journey_figures(**period),
        "sessions": journeys.session_figures(**period),
        "milestones": journeys.milestone_figures(**period),
        "wellbeing": journeys.wellbeing_figures(**period),
    }


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    call_command("seed_demo", force=True, stdout=io.StringIO())
    user = get_user_model().objects.get(email=EMAIL)
    Client.objects.filter(user=user).update(phone=PHONE, postcode=POSTCODE)
    SupportRequest.objects.filter(email=EMAIL).update(phone=PHONE, postcode=POSTCODE)
    for referral in Referral.objects.filter(shared__email=EMAIL):
        referral.shared.update(phone=PHONE, postcode=POSTCODE)
        referral.save(update_fields=["shared"])
    return tmp_path / "private"


def test_it_exports_then_erases_the_demo_entrepreneur_leaving_nothing_but_counts(demo, tmp_path):
    user = get_user_model().objects.get(email=EMAIL)
    client_ids = list(Client.objects.filter(user=user).values_list("pk", flat=True))
    journey_ids = list(
        Journey.objects.filter(client_id__in=client_ids).values_list("pk", flat=True)
    )
    assert len(client_ids) == 2 and journey_ids
    assert StoryImage.objects.filter(story__subject=user).exists()
    assert rows_mentioning(NAME, EMAIL, PHONE, POSTCODE)  # the search finds them beforehand
    before = figures()

    out = tmp_path / "copy.zip"
    call_command("subject_access_export", email=EMAIL, out=str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        report = archive.read("report.html").decode()
    sections = data["sections"]
    assert {
        "account",
        "requests",
        "client_records",
        "journeys",
        "sessions",
        "actions",
        "milestones",
        "wellbeing",
        "referrals",
        "stories",
        "learning_groups",
        "emails",
    } <= set(sections)
    assert sections["account"]["records"][0]["Email"] == EMAIL
    assert len(sections["client_records"]["records"]) == 2
    assert {r["Organisation"] for r in sections["client_records"]["records"]} == {
        "Northway Community Hub",
        "Canal Side Enterprise Centre",
    }
    assert sections["referrals"]["records"][0]["What was shared"]["Phone"] == PHONE
    assert any(n.startswith("pictures/") for n in names)
    assert NAME in report and PHONE in report
    # Never other people's names: the staff who worked with them are not named.
    assert "Sam Demo" not in report and "Bea Demo" not in report

    call_command("erase_person", email=EMAIL, yes=True, stdout=io.StringIO())

    assert rows_mentioning(NAME, EMAIL, PHONE, POSTCODE) == {}
    assert files_mentioning(demo, NAME, EMAIL, PHONE, POSTCODE) == []
    assert not StoryImage.objects.filter(story__journey_id__in=journey_ids).exists()
    assert not get_user_model().objects.filter(email=EMAIL).exists()
    # What the organisations must keep stays, in anonymous form: the figures still count them.
    assert figures() == before
    assert Journey.objects.filter(pk__in=journey_ids).count() == len(journey_ids)
    assert (
        Story.objects.filter(journey_id__in=journey_ids)
        .exclude(status=Story.Status.WITHDRAWN)
        .count()
        == 0
    )
    # The record of the erasure: who, when, and a hash that recognises a second request.
    erasure = Erasure.objects.get(everywhere=True)
    assert erasure.everywhere and erasure.email_fingerprint == email_fingerprint(EMAIL)
    assert erasure.counts["client records"] == 2
    # Both ends of the referral are told (the erasure reached everywhere).
    told = {
        n.user.email
        for n in Notification.objects.filter(text__contains="asked for their data to be erased")
    }
    assert {"staff.a@demo.test", "manager.a@demo.test", "staff.b@demo.test"} <= told
    assert settings.RETENTION_CLOSED_JOURNEY_DAYS == 6 * 365
