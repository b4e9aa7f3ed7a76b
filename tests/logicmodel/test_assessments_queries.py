"""Pages run a fixed number of queries, however many assessments and answers there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.logicmodel.test_assessments_support import columns, items_of, score, score_posted, start

pytestmark = pytest.mark.django_db

# What each page costs, pinned so that a new query per page is noticed. Each includes
# the session, the user and the site's header and footer.
LIST_QUERIES = 9
COLUMN_QUERIES = 13
SAVE_QUERIES = 15
DETAIL_QUERIES = 12
COMPARE_QUERIES = 15
PUBLIC_QUERIES = 8


def _warm(client, url):
    """Make a first request, so that per-process caches (the site's root paths) are filled."""
    assert client.get(url).status_code in (200, 302)
    return client


def _count(client, url, data=None, method="get") -> int:
    _warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def _assessments(cast, n, *, answered=0):
    """n assessments, a quarter of them of each subject, each with `answered` items scored."""
    subjects = [cast.hub_a, cast.place_a, cast.hub_b, cast.place_b]
    items = [i for c in columns() for i in items_of(c)][:answered]
    made = []
    for i in range(n):
        assessment = start(
            subjects[i % 4], on=datetime.date(2024, 1, 1) + datetime.timedelta(days=i)
        )
        if items:
            score(
                assessment,
                items,
                [("not-yet", "partly", "in-place")[j % 3] for j in range(len(items))],
            )
        made.append(assessment)
    return made


@pytest.mark.usefixtures("no_page_cache")
def test_the_list_costs_the_same_for_3_or_30_assessments(
    cast, client_for, django_assert_num_queries
):
    url = reverse("assessments:list")
    client = _warm(client_for("admin"), url)
    _assessments(cast, 3, answered=2)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(url)
    _assessments(cast, 27, answered=5)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('href="/work/reflection/') >= 30


@pytest.mark.usefixtures("no_page_cache")
def test_the_list_costs_the_same_for_a_manager_as_for_a_superuser(cast, client_for):
    _assessments(cast, 8)
    url = reverse("assessments:list")
    assert _count(client_for("manager_a"), url) == _count(client_for("admin"), url) == LIST_QUERIES


@pytest.mark.usefixtures("no_page_cache")
def test_the_scoring_page_does_not_grow_with_answers(cast, client_for, django_assert_num_queries):
    client = _warm(client_for("manager_a"), reverse("assessments:list"))
    conditions = columns()[1]
    empty, full = start(cast.hub_a), start(cast.hub_a)
    score(full, items_of(conditions), ["partly"] * len(items_of(conditions)))
    for assessment in (empty, full):
        with django_assert_num_queries(COLUMN_QUERIES):
            client.get(reverse("assessments:column", args=[assessment.pk, conditions.slug]))
    # Read-only, for staff, it costs the same.
    staff = _warm(client_for("staff_a"), reverse("assessments:list"))
    with django_assert_num_queries(COLUMN_QUERIES):
        staff.get(reverse("assessments:column", args=[full.pk, conditions.slug]))


def test_saving_a_column_does_not_grow_with_its_items(cast, client_for, django_assert_num_queries):
    client = _warm(client_for("manager_a"), reverse("assessments:list"))
    vision, processes = columns()[0], columns()[2]
    small, large = start(cast.hub_a), start(cast.hub_a)
    # Each post changes some answers and adds others: 12 items in all, then 49.
    score(small, items_of(vision)[:2], ["partly"] * 2)
    score(large, items_of(processes)[:10], ["partly"] * 10)
    for assessment, column in ((small, vision), (large, processes)):
        items = items_of(column)
        with django_assert_num_queries(SAVE_QUERIES):
            response = client.post(
                reverse("assessments:column", args=[assessment.pk, column.slug]),
                score_posted(items, ["in-place"] * len(items)),
            )
        assert response.status_code == 302
        assert assessment.answers.count() == len(items)


@pytest.mark.usefixtures("no_page_cache")
def test_the_assessment_page_does_not_grow_with_answers_or_history(
    cast, client_for, django_assert_num_queries
):
    client = _warm(client_for("commissioner"), reverse("assessments:list"))
    [alone] = _assessments(cast, 1, answered=3)
    with django_assert_num_queries(DETAIL_QUERIES - 1):  # no other assessment to compare with
        client.get(reverse("assessments:detail", args=[alone.pk]))
    many = _assessments(cast, 24, answered=60)
    hub_a = [a for a in many if a.organisation_id == cast.hub_a.pk]
    assert len(hub_a) == 6
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("assessments:detail", args=[hub_a[-1].pk]))
    html = response.content.decode()
    # Every earlier assessment of hub A is in the progress table, and this one in each chart too.
    assert html.count("(this one)") == len(columns()) + 1
    for earlier in [alone, *hub_a[:-1]]:
        assert reverse("assessments:detail", args=[earlier.pk]) in html


@pytest.mark.usefixtures("no_page_cache")
def test_the_compare_page_does_not_grow_with_answers(cast, client_for, django_assert_num_queries):
    client = _warm(client_for("manager_a"), reverse("assessments:list"))
    few = [start(cast.hub_a, on=datetime.date(2024, 1, 1)), start(cast.hub_a)]
    many = [start(cast.place_a, on=datetime.date(2024, 1, 1)), start(cast.place_a)]
    all_items = [i for c in columns() for i in items_of(c)]
    score(few[0], all_items[:1], ["partly"])
    score(many[0], all_items, ["partly"] * len(all_items))
    score(many[1], all_items, ["in-place"] * len(all_items))
    for earlier, later in (few, many):
        with django_assert_num_queries(COMPARE_QUERIES):
            client.get(reverse("assessments:compare", args=[later.pk]), {"other": earlier.pk})


@pytest.mark.usefixtures("no_page_cache")
def test_the_public_summary_does_not_grow_with_answers(cast, client_for, django_assert_num_queries):
    client = _warm(client_for("anonymous"), "/")
    for answered in (0, 120):
        [assessment] = _assessments(cast, 1, answered=answered)
        assessment.summary, assessment.summary_is_public = "Shared", True
        assessment.save()
        with django_assert_num_queries(PUBLIC_QUERIES):
            client.get(reverse("assessments_public:summary", args=[assessment.pk]))
