"""Printable reports: asked for on the dashboard, made by Celery, for the requester alone."""

import logging
import re
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from ecosystem.models import CommissionerScope, Membership
from insights import reports, tasks
from insights.models import Report
from journeys.models import Stage
from logicmodel.pdf import PDFUnavailable
from stories.models import Consent, Story
from stories.selectors import outcome_elements
from tests.ecosystem.factories import OrganisationFactory, PlaceFactory
from tests.journeys.factories import JourneyFactory
from tests.stories.factories import StoryFactory

LONDON = ZoneInfo("Europe/London")
PERIOD = {"period": "custom", "start": "01/01/2026", "end": "30/06/2026"}
IN_PERIOD = date(2026, 2, 1)
FILENAME = "testtown-report-2026-01-01-2026-06-30.pdf"


@pytest.fixture
def town(cast):
    """Testtown with two hubs: hub A's staff work at one of them; the commissioner commissions it."""
    place = PlaceFactory(name="Testtown", slug="testtown")
    ours = OrganisationFactory(name="Ours Hub", places=[place])
    theirs = OrganisationFactory(name="Theirs Hub", places=[place])
    Membership.objects.create(
        user=cast.user("staff_a"), organisation=ours, role=Membership.Role.STAFF
    )
    CommissionerScope.objects.create(user=cast.user("commissioner"), place=place)
    return place, ours, theirs


def _journeys(organisation, stage, n):
    for _ in range(n):
        JourneyFactory(organisation=organisation, stage=stage, started_on=IN_PERIOD)


def _three_at_planning(ours, theirs):
    _journeys(ours, Stage.ENQUIRY, 6)
    _journeys(theirs, Stage.EXPLORING, 7)
    _journeys(theirs, Stage.PLANNING, 3)  # the three
    _journeys(ours, Stage.STARTING, 8)


def _ask(client, place, data=PERIOD):
    return client.post(reverse("insights:report_request", args=[place.slug]), data)


def _table(html: str, caption: str) -> str:
    """One table of the report's HTML, from its caption to its end."""
    start = html.index(f"<caption>{caption}</caption>")
    return html[start : html.index("</table>", start)]


def _row(table: str, label: str) -> list[str]:
    match = re.search(rf'<th scope="row" role="rowheader">{label}</th>(.*?)</tr>', table, re.S)
    assert match, label
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_it_makes_a_report_the_requester_downloads(
    town, cast, client_for, django_capture_on_commit_callbacks
):
    place, ours, theirs = town
    _three_at_planning(ours, theirs)
    client = client_for("commissioner")

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, place)

    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == f"/insights/reports/{report.pk}/"
    assert (report.start, report.end) == (date(2026, 1, 1), date(2026, 6, 30))
    assert report.period_label == "01/01/2026 to 30/06/2026"
    assert report.requested_by == cast.user("commissioner")
    assert report.organisation_ids == []  # the commissioner holds no one's records
    assert report.status == Report.Status.READY
    assert report.progress == 100
    assert report.attempts == 1
    assert report.file.name.startswith("insights/reports/")

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Printable report: Testtown" in html
    assert f'href="/insights/reports/{report.pk}/download"' in html
    assert "Reload this page to check" not in html
    assert "js/insights-report.js" not in html  # nothing left to wait for

    status = client.get(reverse("insights:report_status", args=[report.pk])).json()
    assert status == {
        "status": "ready",
        "label": "Ready",
        "progress": 100,
        "ready": True,
        "error": "",
        "download_url": f"/insights/reports/{report.pk}/download",
    }

    download = client.get(reverse("insights:report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{FILENAME}"'
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_report_gives_away_no_small_count(town, cast):
    place, ours, theirs = town
    _three_at_planning(ours, theirs)
    report = Report.objects.create(
        place=place,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        period_label="01/01/2026 to 30/06/2026",
        requested_by=cast.user("commissioner"),
    )

    html = reports.report_html(report)

    assert "Testtown: what the support adds up to" in html
    assert "From 01/01/2026 to 30/06/2026" in html
    by_stage = _table(html, "Where journeys stood at the end of the period")
    assert _row(by_stage, "Planning") == ["fewer than 5"]
    assert _row(by_stage, "Enquiry") == ["withheld"]  # or 24 less the others gives the 3
    assert _row(by_stage, "Exploring an idea") == ["7"]
    assert ">3<" not in by_stage
    assert "<svg" in html  # the charts are drawn, not only tabled
    assert "Stories that speak to each outcome" in html


def test_staff_get_their_own_organisation_beside_the_place(
    town, client_for, django_capture_on_commit_callbacks
):
    place, ours, theirs = town
    _journeys(ours, Stage.PLANNING, 3)
    _journeys(theirs, Stage.PLANNING, 6)
    _journeys(theirs, Stage.TRADING, 9)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client_for("staff_a"), place)
    report = Report.objects.get()
    assert report.organisation_ids == [str(ours.pk)]

    html = reports.report_html(report)
    by_stage = _table(html, "Where journeys stood at the end of the period")
    # The place's 9 at planning beside their own 3, in full (they hold those records).
    assert _row(by_stage, "Planning") == ["9", "3"]
    assert "Made for Ours Hub" in html


def test_a_wrong_period_falls_back_to_the_last_12_months(town, client_for):
    place, _, _ = town
    with mock.patch("insights.periods.timezone.localdate", return_value=date(2026, 7, 15)):
        _ask(client_for("commissioner"), place, {"period": "custom", "start": "31/02/2026"})
    report = Report.objects.get()
    assert (report.start, report.end) == (date(2025, 7, 1), date(2026, 6, 30))
    assert report.period_label == "The last 12 full months (July 2025 to June 2026)"


def test_when_the_broker_is_down_the_report_waits_for_the_sweep(
    town, client_for, django_capture_on_commit_callbacks, caplog
):
    place, ours, theirs = town
    _three_at_planning(ours, theirs)
    client = client_for("commissioner")
    broken = mock.patch.object(
        tasks.build_report, "apply_async", side_effect=ConnectionError("no broker")
    )
    with (
        broken,
        caplog.at_level(logging.WARNING, logger="insights.reports"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = _ask(client, place)

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == Report.Status.WAITING
    assert "the sweep will build it" in caplog.text

    page = client.get(response.url).content.decode()
    assert "Reload this page to check" in page
    assert '<progress id="report-progress"' in page
    assert "js/insights-report.js" in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(reverse("insights:report_download", args=[report.pk])).status_code == 404

    tasks.report_sweep()  # asked for under a minute ago: the relay may still get there
    report.refresh_from_db()
    assert report.status == Report.Status.WAITING

    Report.objects.filter(pk=report.pk).update(requested_at=timezone.now() - timedelta(seconds=61))
    tasks.report_sweep()
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert client.get(reverse("insights:report_download", args=[report.pk])).status_code == 200


def _report(place, user, **fields) -> Report:
    return Report.objects.create(
        place=place,
        start=date(2026, 1, 1),
        end=date(2026, 6, 30),
        period_label="01/01/2026 to 30/06/2026",
        requested_by=user,
        **fields,
    )


def test_a_report_is_only_for_its_requester(town, cast, client_for):
    place, _, _ = town
    report = _report(place, cast.user("commissioner"))
    reports.report_build(report_id=report.pk)
    urls = [
        reverse(name, args=[report.pk])
        for name in ("insights:report", "insights:report_status", "insights:report_download")
    ]
    for url in urls:
        assert client_for("commissioner").get(url).status_code == 200
        # Staff who may open the place still may not open another person's report.
        assert client_for("staff_a").get(url).status_code == 404
        assert client_for("staff_b").get(url).status_code == 404
        assert client_for("anonymous").get(url).url.startswith("/accounts/login/")
    # Once the requester may no longer open the place, nor may they open its report.
    CommissionerScope.objects.filter(user=cast.user("commissioner"), place=place).delete()
    for url in urls:
        assert client_for("commissioner").get(url).status_code == 404


def test_building_twice_is_harmless(town, cast):
    place, _, _ = town
    report = _report(place, cast.user("commissioner"))
    assert reports.report_build(report_id=report.pk) is True
    report.refresh_from_db()
    made = (report.file.name, report.finished_at)

    assert reports.report_build(report_id=report.pk) is True
    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == made
    assert report.attempts == 1


def test_a_live_lease_is_left_alone_and_a_stale_one_is_built_again(town, cast):
    place, _, _ = town
    now = timezone.now()
    live = _report(place, cast.user("commissioner"), status="building", started_at=now, attempts=1)
    stale = _report(
        place,
        cast.user("commissioner"),
        status="building",
        started_at=now - timedelta(minutes=11),
        attempts=1,
    )
    assert reports.report_due_ids() == [stale.pk]
    tasks.report_sweep()
    live.refresh_from_db()
    stale.refresh_from_db()
    assert (live.status, live.attempts) == ("building", 1)
    assert (stale.status, stale.attempts) == ("ready", 2)


def test_after_three_attempts_the_sweep_gives_up(town, cast):
    place, _, _ = town
    report = _report(
        place,
        cast.user("commissioner"),
        status="building",
        started_at=timezone.now() - timedelta(minutes=11),
        attempts=3,
    )
    tasks.report_sweep()
    report.refresh_from_db()
    assert report.status == "failed"
    assert (
        report.error == "The report could not be made after several tries. Please ask for it again."
    )
    assert not report.file


def test_without_the_pdf_tool_the_report_fails_and_says_why(town, cast, client_for):
    place, _, _ = town
    report = _report(place, cast.user("commissioner"))
    with mock.patch("insights.reports.html_to_pdf", side_effect=PDFUnavailable("no pango")):
        assert reports.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == "failed"
    assert report.error == "The PDF tool is not installed on this server."
    assert report.attempts == 1
    page = client_for("commissioner").get(reverse("insights:report", args=[report.pk]))
    assert "The PDF tool is not installed on this server." in page.content.decode()
    assert "Reload this page to check" not in page.content.decode()


def test_an_error_fails_the_report_in_plain_words_and_is_logged(town, cast, caplog):
    place, _, _ = town
    report = _report(place, cast.user("commissioner"))
    with (
        mock.patch("insights.reports.place_dashboard", side_effect=ValueError("boom")),
        caplog.at_level(logging.ERROR, logger="insights.reports"),
    ):
        reports.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    assert report.error == "Something went wrong while making the report. Please ask for it again."
    assert report.attempts == 1
    assert "ValueError: boom" in caplog.text


def test_reports_older_than_a_week_are_removed_with_their_file(town, cast):
    place, _, _ = town
    old = _report(place, cast.user("commissioner"))
    reports.report_build(report_id=old.pk)
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    recent = _report(place, cast.user("commissioner"))
    Report.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(days=8))

    tasks.report_sweep()

    assert list(Report.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not storage.exists(name)


def _story(organisation, title, element, *, level=Consent.Level.NETWORK, narrative=None):
    story = StoryFactory(
        organisation=organisation,
        title=title,
        consent=level,
        narrative=narrative or "<p>Something changed.</p>",
    )
    story.elements.set([element])
    captured = datetime(2026, 2, 1, 12, 0, tzinfo=LONDON)
    Story.objects.filter(pk=story.pk).update(created_at=captured)
    return story


def test_stories_are_shown_by_title_and_excerpt_for_each_outcome(town, cast):
    place, ours, theirs = town
    first, second, *_ = list(outcome_elements())
    _story(ours, "The café opened", first, narrative="<p>Ama opened a <b>café</b>.</p>")
    _story(theirs, "A co-op began", first)
    _story(ours, "Only in the hub", second, level=Consent.Level.ORGANISATION)
    report = _report(place, cast.user("commissioner"))

    html = reports.report_html(report)
    stories = html[html.index("Stories that speak to each outcome") :]
    assert f"<h3>{first.title}</h3>" in stories
    assert "The café opened" in stories
    assert "Ama opened a café." in stories  # the words, never the markup
    assert "A co-op began" in stories
    assert "Only in the hub" not in stories  # its consent stops at the organisation
    assert f"<h3>{second.title}</h3>" not in stories
    assert "A Person" not in stories  # whoever gave consent is never named


def test_the_stories_take_the_same_queries_for_few_as_for_many(
    town, cast, django_assert_num_queries
):
    place, ours, _ = town
    first, second, *_ = list(outcome_elements())
    report = _report(place, cast.user("commissioner"))
    _story(ours, "One", first)
    _story(ours, "Two", second)
    # The organisations of the place; the story figures (3); the stories and their
    # selections (2) for each of the two outcomes with any.
    with django_assert_num_queries(8):
        few = reports.report_evidence(report)
    for n in range(6):
        _story(ours, f"More {n}", first)
        _story(ours, f"Others {n}", second)
    with django_assert_num_queries(8):
        many = reports.report_evidence(report)
    assert [len(e.stories) for e in few] == [1, 1]
    assert [len(e.stories) for e in many] == [3, 3]  # three each at most


def test_the_dashboard_offers_a_report_of_the_period_it_shows(town, client_for):
    place, _, _ = town
    page = client_for("commissioner").get(reverse("insights:place", args=[place.slug]), PERIOD)
    html = page.content.decode()
    form = html[html.index('action="/insights/places/testtown/reports/"') :]
    form = form[: form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="period" value="custom">' in form
    assert '<input type="hidden" name="start" value="01/01/2026">' in form
    assert '<input type="hidden" name="end" value="30/06/2026">' in form
    assert "Make a printable report (PDF) of this period" in form
