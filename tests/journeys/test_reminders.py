"""Each morning, every lead worker hears once about the overdue actions on their journeys."""

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.utils import timezone

from config.celery_app import app as celery_app
from core.models import OutboxMessage
from journeys.models import Action, Journey
from journeys.services import actions_remind_overdue
from journeys.tasks import remind_overdue_actions
from tests.journeys.factories import ActionFactory, ClientFactory, JourneyFactory

pytestmark = pytest.mark.django_db

TASK = "journeys.tasks.remind_overdue_actions"
# A Tuesday morning in London, just after the beat entry fires.
MORNING = datetime(2026, 3, 10, 8, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = date(2026, 3, 10)


@pytest.fixture
def morning():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def _journey(cast, name: str, *, lead_worker, status=Journey.Status.ACTIVE) -> Journey:
    return JourneyFactory(
        organisation=cast.hub_a,
        client=ClientFactory(organisation=cast.hub_a, name=name),
        lead_worker=lead_worker,
        status=status,
    )


@pytest.fixture
def actions(cast, morning):
    """Two overdue actions of Sam's (on two journeys), one of Morgan's, and many left out."""
    sam, morgan = cast.user("staff_a"), cast.user("manager_a")
    ali = _journey(cast, "Ali Overdue", lead_worker=sam)
    bo = _journey(cast, "Bo Overdue", lead_worker=sam)
    overdue = TODAY - timedelta(days=3)
    return {
        "sam": [
            ActionFactory(journey=ali, description="Send the cash-flow forecast", due_on=overdue),
            ActionFactory(
                journey=bo,
                description="Book the food hygiene course",
                due_on=TODAY - timedelta(days=1),
            ),
        ],
        "morgan": [
            ActionFactory(
                journey=_journey(cast, "Cy Overdue", lead_worker=morgan),
                description="Call the landlord",
                due_on=overdue,
            )
        ],
        "left out": [
            ActionFactory(
                journey=ali, description="Done already", due_on=overdue, done_at=timezone.now()
            ),
            ActionFactory(journey=ali, description="Due today", due_on=TODAY),
            ActionFactory(journey=ali, description="Due next week", due_on=TODAY + timedelta(7)),
            ActionFactory(journey=ali, description="No due date", due_on=None),
            ActionFactory(
                journey=_journey(cast, "Di Paused", lead_worker=sam, status=Journey.Status.PAUSED),
                description="On a paused journey",
                due_on=overdue,
            ),
            ActionFactory(
                journey=_journey(cast, "Ed Closed", lead_worker=sam, status=Journey.Status.CLOSED),
                description="On a closed journey",
                due_on=overdue,
            ),
            ActionFactory(
                journey=_journey(cast, "Flo Nobody", lead_worker=None),
                description="On a journey nobody leads",
                due_on=overdue,
            ),
        ],
    }


def _remind(django_capture_on_commit_callbacks, **kwargs) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return actions_remind_overdue(**kwargs)


def _sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_beat_schedule_runs_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["journeys-overdue-actions"]
    assert entry["task"] == TASK
    assert entry["schedule"] == crontab(hour=8, minute=0)
    # What beat reads: the settings, through the Celery app's CELERY_ namespace.
    assert celery_app.conf.beat_schedule["journeys-overdue-actions"]["task"] == TASK
    assert remind_overdue_actions.name == TASK


def test_a_worker_finds_the_reminder_task_when_it_starts():
    # A fresh process, as a worker starts: the tasks it knows are those autodiscovery finds
    # (here the test process has imported journeys.tasks already, which would prove nothing).
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from config.celery_app import app; app.loader.import_default_modules(); "
            "print('\\n'.join(app.tasks))",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert TASK in found.stdout.split()


def test_a_lead_worker_gets_one_email_listing_all_their_overdue_actions(
    cast, actions, django_capture_on_commit_callbacks
):
    assert _remind(django_capture_on_commit_callbacks) == 2  # Sam and Morgan, one each

    [email] = _sent_to("staff.a@demo.test")
    assert email.subject == "Overdue actions on your journeys"
    assert "Hello Sam," in email.body
    assert "- Ali Overdue: Send the cash-flow forecast (due 7 March 2026)" in email.body
    assert "- Bo Overdue: Book the food hygiene course (due 9 March 2026)" in email.body
    assert "http://testserver/work/journeys/?overdue=1" in email.body
    for action in actions["left out"]:
        assert action.description not in email.body
    [email] = _sent_to("manager.a@demo.test")
    assert "Call the landlord" in email.body
    assert "Send the cash-flow forecast" not in email.body
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()


def test_it_marks_only_the_actions_it_reminded_about(
    cast, actions, django_capture_on_commit_callbacks
):
    _remind(django_capture_on_commit_callbacks)
    reminded = {a.pk for a in [*actions["sam"], *actions["morgan"]]}
    assert set(Action.objects.filter(last_reminded_on=TODAY).values_list("pk", flat=True)) == (
        reminded
    )
    assert not Action.objects.filter(
        pk__in=[a.pk for a in actions["left out"]], last_reminded_on__isnull=False
    ).exists()


def test_running_twice_the_same_day_sends_nothing_more(
    cast, actions, django_capture_on_commit_callbacks, morning
):
    assert _remind(django_capture_on_commit_callbacks) == 2
    morning.shift(timedelta(hours=9))  # a second beat, or a retried task, that evening
    assert _remind(django_capture_on_commit_callbacks) == 0
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue_actions.apply()
    assert len(mail.outbox) == 2
    assert OutboxMessage.objects.count() == 2


def test_the_next_morning_it_reminds_again(
    cast, actions, django_capture_on_commit_callbacks, morning
):
    _remind(django_capture_on_commit_callbacks)
    morning.shift(timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue_actions.apply()  # the task, as beat would run it
    sam = _sent_to("staff.a@demo.test")
    assert len(sam) == 2
    assert "Send the cash-flow forecast" in sam[1].body
    assert "Book the food hygiene course" in sam[1].body
    # Yesterday's "due today" is overdue now.
    assert "Due today" in sam[1].body
    assert len(_sent_to("manager.a@demo.test")) == 2


def test_an_action_ticked_off_is_not_reminded_about_again(
    cast, actions, django_capture_on_commit_callbacks, morning
):
    _remind(django_capture_on_commit_callbacks)
    Action.objects.filter(pk=actions["morgan"][0].pk).update(done_at=timezone.now())
    morning.shift(timedelta(days=1))
    assert _remind(django_capture_on_commit_callbacks) == 1
    assert len(_sent_to("manager.a@demo.test")) == 1


def test_nobody_is_emailed_when_nothing_is_overdue(
    cast, morning, django_capture_on_commit_callbacks
):
    ActionFactory(
        journey=_journey(cast, "Gus Early", lead_worker=cast.user("staff_a")),
        due_on=TODAY + timedelta(days=1),
    )
    assert _remind(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
