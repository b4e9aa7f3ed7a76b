"""Closed journeys and their records are anonymised once kept for RETENTION_CLOSED_JOURNEY_DAYS,
by the nightly Celery beat task; the access log is trimmed the same night."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from journeys.models import AccessLogEntry, Client, Journey
from journeys.services import access_log_record
from privacy import tasks
from tests.journeys.factories import ActionFactory, ClientFactory, JourneyFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def closed_long_ago(cast):
    client = ClientFactory(organisation=cast.hub_a, name="Old Closedcase", email="old@example.org")
    journey = JourneyFactory(
        organisation=cast.hub_a,
        client=client,
        venture_name="Old Closedcase Catering",
        status=Journey.Status.CLOSED,
        started_on=date(2018, 1, 1),
        closed_on=date(2019, 6, 30),
    )
    ActionFactory(journey=journey, description="Call Old Closedcase about the van")
    StoryFactory(journey=journey, organisation=cast.hub_a, title="Old Closedcase's story")
    return journey


def test_the_nightly_task_is_scheduled():
    schedule = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert schedule["task"] == "privacy.tasks.retention_sweep"
    sweep = settings.CELERY_BEAT_SCHEDULE["privacy-export-sweep"]
    assert sweep["task"] == "privacy.tasks.export_sweep"


def test_a_journey_is_anonymised_once_kept_its_full_period(closed_long_ago, cast, settings):
    settings.RETENTION_CLOSED_JOURNEY_DAYS = 6 * 365
    recent = JourneyFactory(
        organisation=cast.hub_a,
        status=Journey.Status.CLOSED,
        started_on=date(2024, 1, 1),
        closed_on=date(2025, 1, 1),
        venture_name="Recent Venture",
    )
    # The day before six years are up, nothing changes.
    with time_machine.travel(datetime(2025, 6, 28, 3, 0, tzinfo=LONDON), tick=False):
        tasks.retention_sweep()
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.venture_name == "Old Closedcase Catering"
    with time_machine.travel(datetime(2025, 7, 1, 3, 0, tzinfo=LONDON), tick=False):
        tasks.retention_sweep()
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.venture_name == "Erased"
    assert closed_long_ago.status == Journey.Status.CLOSED  # still counted
    assert closed_long_ago.actions.get().description == "Erased"
    client = Client.objects.get(pk=closed_long_ago.client_id)
    assert (client.name, client.email) == ("Erased", "")
    story = closed_long_ago.stories.get()
    assert story.status == "withdrawn" and story.narrative == ""
    recent.refresh_from_db()
    assert recent.venture_name == "Recent Venture"


def test_a_client_with_another_open_journey_keeps_their_record(closed_long_ago, cast):
    JourneyFactory(organisation=cast.hub_a, client=closed_long_ago.client, venture_name="New idea")
    tasks.retention_sweep()
    closed_long_ago.refresh_from_db()
    assert closed_long_ago.venture_name == "Erased"
    assert Client.objects.get(pk=closed_long_ago.client_id).name == "Old Closedcase"


def test_the_access_log_is_kept_for_its_period_then_deleted(cast, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    with time_machine.travel(datetime(2024, 1, 1, 12, 0, tzinfo=LONDON), tick=False):
        access_log_record(
            user=cast.user("staff_a"), kind="journey", object_id="x", organisation_id=cast.hub_a.pk
        )
    with time_machine.travel(datetime(2025, 12, 30, 12, 0, tzinfo=LONDON), tick=False):
        tasks.retention_sweep()
        assert AccessLogEntry.objects.count() == 1
    with time_machine.travel(datetime(2026, 1, 2, 12, 0, tzinfo=LONDON), tick=False):
        tasks.retention_sweep()
        assert AccessLogEntry.objects.count() == 0


def test_the_privacy_notice_states_the_periods_from_the_settings(client, settings):
    settings.RETENTION_CLOSED_JOURNEY_DAYS = 5 * 365
    settings.ACCESS_LOG_RETENTION_DAYS = 400
    settings.DATA_EXPORT_KEEP_DAYS = 7
    page = client.get(reverse("support:privacy")).text
    assert "5 years after your journey with a hub closes" in page
    assert "We keep that for 400 days" in page
    assert "each copy is kept for 7 days" in page


def test_old_entries_are_not_kept_forever_even_when_nothing_else_is_due(cast):
    old = timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS + 1)
    with time_machine.travel(datetime.now(tz=LONDON) - old, tick=False):
        access_log_record(user=None, kind="request", object_id="y", organisation_id=cast.hub_a.pk)
    tasks.retention_sweep()
    assert not AccessLogEntry.objects.exists()
