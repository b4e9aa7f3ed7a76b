"""Benchmarks: how long the busiest pages take with a busy hub's data.

`make bench` runs them (they are left out of `make test`). They print a table of response
times and queries per page; they assert only that each page answers, never a time, since a
time depends on the machine. Compare the table before and after a change on one machine.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stories.publishing import ensure_case_study_index
from tests.journeys.test_queries import _journey_with_everything
from tests.stories.test_queries import _case_studies, _stories

pytestmark = pytest.mark.django_db

JOURNEYS = 200
STORIES = 400  # and as many peer members' stories waiting for a check
CASE_STUDIES = 40
REPEATS = 15


def _time(client, url: str) -> tuple[float, float, int, float]:
    """Median and slowest of REPEATS requests, in milliseconds, and the queries one runs with
    the milliseconds they take."""
    assert client.get(url).status_code == 200, url  # warm the caches first
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return statistics.median(times), max(times), len(queries), sql


def test_the_busiest_pages(cast, client_for, capsys):
    for n in range(JOURNEYS):
        _journey_with_everything(
            cast, person=None, lead_worker=cast.user("staff_a" if n % 2 else "manager_a"), n=n
        )
    _stories(cast, start=0, stop=STORIES)
    index = ensure_case_study_index()
    _case_studies(index, cast.place_a, start=0, stop=CASE_STUDIES)

    pages = [
        ("journeys", "staff_a", reverse("journeys:list")),
        ("hub dashboard", "manager_a", reverse("journeys:dashboard", args=[cast.hub_a.pk])),
        ("stories, as staff", "staff_a", reverse("stories:list")),
        ("stories, as a peer member", "peer", reverse("stories:list")),
        ("stories, filtered", "staff_a", reverse("stories:list") + "?q=number&theme=food"),
        ("stories to check, as an editor", "editor", reverse("stories:moderation")),
        ("case studies", "anonymous", index.url),
        ("case studies by theme", "anonymous", index.url + "?theme=creative"),
        ("search", "anonymous", reverse("search") + "?q=change"),
    ]
    rows = [(name, *_time(client_for(who), url)) for name, who, url in pages]

    with capsys.disabled():
        print(f"\n\n{JOURNEYS} journeys, {STORIES * 2} stories, {CASE_STUDIES} case studies")
        print(f"{'page':34} {'median ms':>10} {'slowest ms':>11} {'queries':>8} {'in SQL ms':>10}")
        for name, median, slowest, queries, sql in rows:
            print(f"{name:34} {median:10.1f} {slowest:11.1f} {queries:8d} {sql:10.1f}")
